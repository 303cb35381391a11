package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/bench/storygen"
	"github.com/dateline-news/dateline/internal/news"
)

// mixedResult is what the mixed load measured.
type mixedResult struct {
	Skip          string    // why the mixed load did not run, when it did not
	Idle          wrkResult // the same readers before publishing starts
	IdleErr       error
	IdleFor       time.Duration
	Readers       wrkResult
	ReadersErr    error
	Published     int
	PublishErrors []string
	PublishCall   []time.Duration // create+publish round trip
	Visible       []time.Duration // publish call returned → story on /news
	NotVisible    int             // never showed up on /news within the poll limit
	StreamSkip    string
	Subscribers   int
	StreamLat     []time.Duration // publish call sent → event seen, per subscriber
	StreamMissed  int             // (story, subscriber) pairs never delivered
}

// mixedConfig shapes the mixed load.
type mixedConfig struct {
	base        string
	dir         string
	pathsFile   string // readers' paths (/news and articles)
	editorToken string
	subKey      string
	after       string // stream cursor to start from: the end of the log
	readers     load
	subscribers int
	seed        uint64
	rate        float64 // publishes a second
}

// runMixed runs readers at full speed with wrk while one editor creates
// and publishes a story a second through the newsroom API, a poller
// watches /news for each story and subscribers follow /api/v1/stream.
func runMixed(ctx context.Context, mc mixedConfig) mixedResult {
	var res mixedResult
	// An endpoint that is not there answers 404 (the site's catch-all).
	if st, err := post(mc.base+"/api/v1/stories", "", nil); err != nil {
		res.Skip = "skipped: " + err.Error()
		return res
	} else if st == http.StatusNotFound || st == http.StatusMethodNotAllowed {
		res.Skip = "skipped: not available (POST /api/v1/stories answers 404)"
		return res
	}
	if mc.editorToken == "" {
		res.Skip = "skipped: no newsroom token (`dateline user add` / `dateline token add` failed)"
		return res
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// The readers' idle rate: the same load with nobody publishing.
	idle := mc.readers
	idle.duration = min(idle.duration, 10*time.Second)
	res.IdleFor = idle.duration
	res.Idle, res.IdleErr = runWrk(ctx, mc.dir, mc.base, mc.pathsFile, "", idle)

	// Subscribers.
	var mu sync.Mutex
	sent := map[string]time.Time{}         // story id → publish request sent
	seen := map[string]map[int]time.Time{} // story id → subscriber → event seen
	var subsReady sync.WaitGroup
	var subsDone sync.WaitGroup
	switch {
	case mc.subKey == "":
		res.StreamSkip = "skipped: no subscriber key (`dateline subscriber add` failed)"
	default:
		if probe(mc.base+"/api/v1/stream", mc.subKey) == http.StatusNotFound {
			res.StreamSkip = "skipped: not available (/api/v1/stream answers 404)"
			break
		}
		for i := range mc.subscribers {
			subsReady.Add(1)
			subsDone.Add(1)
			go func() {
				defer subsDone.Done()
				err := follow(ctx, mc.base+"/api/v1/stream?after="+mc.after, mc.subKey, &subsReady, func(data []byte, at time.Time) {
					mu.Lock()
					defer mu.Unlock()
					for id := range sent {
						if bytes.Contains(data, []byte(id)) {
							if seen[id] == nil {
								seen[id] = map[int]time.Time{}
							}
							if _, ok := seen[id][i]; !ok {
								seen[id][i] = at
							}
						}
					}
				})
				if err != nil && ctx.Err() == nil {
					mu.Lock()
					if res.StreamSkip == "" {
						res.StreamSkip = "stream failed: " + err.Error()
					}
					mu.Unlock()
				}
			}()
		}
		waitGroupTimeout(&subsReady, 10*time.Second)
		res.Subscribers = mc.subscribers
	}

	// Readers.
	readersDone := make(chan struct{})
	go func() {
		defer close(readersDone)
		res.Readers, res.ReadersErr = runWrk(ctx, mc.dir, mc.base, mc.pathsFile, "", mc.readers)
	}()

	// The editor: rate stories a second while the readers run, each
	// created and published on its own goroutine so that a slow call does
	// not lower the rate, leaving two seconds at the end for the last one
	// to show.
	g := storygen.New(storygen.Options{Seed: mc.seed + 1000, Count: 1000, RussianShare: -1})
	var gmu sync.Mutex // the generator is not safe for concurrent use
	draft := func() *news.Story {
		gmu.Lock()
		defer gmu.Unlock()
		return g.Draft(time.Now().UTC())
	}
	rate := mc.rate
	if rate <= 0 {
		rate = 1
	}
	var pollers sync.WaitGroup
	var vmu sync.Mutex
	end := time.Now().Add(mc.readers.duration - 2*time.Second)
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	time.Sleep(500 * time.Millisecond) // let wrk connect first
	for time.Now().Before(end) && ctx.Err() == nil {
		vmu.Lock()
		refused := len(res.PublishErrors) >= 3 && res.Published == 0
		vmu.Unlock()
		if refused {
			break // the API refuses everything; no point going on
		}
		pollers.Add(1)
		go func() {
			defer pollers.Done()
			start := time.Now()
			id, err := createAndPublish(mc.base, mc.editorToken, draft, func(id string) {
				mu.Lock()
				sent[id] = time.Now()
				mu.Unlock()
			})
			returned := time.Now()
			vmu.Lock()
			if err != nil {
				res.PublishErrors = append(res.PublishErrors, err.Error())
				vmu.Unlock()
				return
			}
			res.Published++
			res.PublishCall = append(res.PublishCall, returned.Sub(start))
			vmu.Unlock()
			d, ok := pollVisible(ctx, mc.base, id, returned, 10*time.Second)
			vmu.Lock()
			defer vmu.Unlock()
			if ok {
				res.Visible = append(res.Visible, d)
			} else {
				res.NotVisible++
			}
		}()
		select {
		case <-tick.C:
		case <-ctx.Done():
		}
	}
	pollers.Wait()
	<-readersDone
	// Give the last events a moment to arrive, then stop the subscribers.
	time.Sleep(time.Second)
	cancel()
	subsDone.Wait()
	mu.Lock()
	for id, at := range sent {
		for i := range res.Subscribers {
			if t, ok := seen[id][i]; ok {
				res.StreamLat = append(res.StreamLat, max(0, t.Sub(at)))
			} else {
				res.StreamMissed++
			}
		}
	}
	mu.Unlock()
	if res.StreamSkip != "" {
		res.StreamLat, res.StreamMissed = nil, 0
	}
	return res
}

func waitGroupTimeout(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// post sends a JSON body (nil for none) and returns the status.
func post(url, token string, body any) (int, error) {
	st, _, err := postJSON(url, token, body)
	return st, err
}

func postJSON(url, token string, body any) (int, []byte, error) {
	var r io.Reader = strings.NewReader("{}")
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest("POST", url, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, out, err
}

// createAndPublish creates a draft through the newsroom API in the
// contract's story JSON and publishes it. beforePublish is called with the
// new id just before the publish request is sent.
func createAndPublish(base, token string, draft func() *news.Story, beforePublish func(id string)) (string, error) {
	s := draft()
	in := map[string]any{
		"language":   s.Language,
		"headline":   s.Headline,
		"standfirst": s.Standfirst,
		"dateline": map[string]any{"place": s.Dateline.Place, "date": s.Dateline.Date.String(),
			"credit": s.Dateline.Credit, "text": s.Dateline.Text},
		"byline":    s.Byline,
		"body_html": s.BodyHTML(),
		"section":   s.Section,
		"tags":      s.Tags,
		"urgency":   s.Urgency,
	}
	st, body, err := postJSON(base+"/api/v1/stories", token, in)
	if err != nil {
		return "", fmt.Errorf("POST /api/v1/stories: %w", err)
	}
	if st != http.StatusCreated && st != http.StatusOK {
		return "", fmt.Errorf("POST /api/v1/stories: status %d: %s", st, tail(body, 300))
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &created); err != nil || created.ID == "" {
		return "", fmt.Errorf("POST /api/v1/stories: no id in the answer: %s", tail(body, 300))
	}
	beforePublish(created.ID)
	st, body, err = postJSON(base+"/api/v1/stories/"+created.ID+"/publish", token, nil)
	if err != nil {
		return "", fmt.Errorf("POST /api/v1/stories/%s/publish: %w", created.ID, err)
	}
	if st != http.StatusOK && st != http.StatusCreated && st != http.StatusAccepted {
		return "", fmt.Errorf("POST /api/v1/stories/%s/publish: status %d: %s", created.ID, st, tail(body, 300))
	}
	return created.ID, nil
}

// pollVisible fetches /news every 10 ms until it lists id, and returns
// the time from since.
func pollVisible(ctx context.Context, base, id string, since time.Time, limit time.Duration) (time.Duration, bool) {
	deadline := since.Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		st, body, err := get(base+"/news", "")
		if err == nil && st == http.StatusOK && bytes.Contains(body, []byte(id)) {
			return time.Since(since), true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0, false
}

// follow reads Server-Sent Events from url until ctx ends and calls fn
// with each event's data and the time it arrived.
func follow(ctx context.Context, url, key string, ready *sync.WaitGroup, fn func(data []byte, at time.Time)) error {
	once := sync.OnceFunc(ready.Done)
	defer once()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+key)
	// No client timeout: a stream lives as long as ctx.
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("GET /api/v1/stream: status %d: %s", resp.StatusCode, b)
	}
	once()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var data []byte
	for sc.Scan() {
		line := sc.Bytes()
		if rest, ok := bytes.CutPrefix(line, []byte("data:")); ok {
			data = append(data, rest...)
			data = append(data, '\n')
			continue
		}
		if len(line) == 0 && len(data) > 0 {
			fn(data, time.Now())
			data = data[:0]
		}
	}
	return sc.Err()
}

// percentile returns the p-th percentile (0–100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
