package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/testenv"
	"github.com/dateline-news/dateline/internal/wire"
)

// nodeEvent is one Server-Sent Event as it arrived.
type nodeEvent struct {
	id, event, data string
	at              time.Time
}

// openStream holds /api/v1/stream open and sends each event it reads on
// the returned channel until the test ends.
func openStream(t *testing.T, base, key string) <-chan nodeEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("stream: %d %s", resp.StatusCode, b)
	}
	ch := make(chan nodeEvent, 64)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
		var cur nodeEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if cur.id != "" {
					cur.at = time.Now()
					select {
					case ch <- cur:
					case <-ctx.Done():
						return
					}
				}
				cur = nodeEvent{}
			case strings.HasPrefix(line, "id: "):
				cur.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				cur.event = line[7:]
			case strings.HasPrefix(line, "data: "):
				cur.data = line[6:]
			}
		}
	}()
	return ch
}

// TestMultiNodePostgres runs two dateline serve processes on one
// PostgreSQL database. A story published on node A reaches node B's All
// news page, an SSE stream and a long poll held open on node B within a
// second; an embargo released while both run is released once; a webhook
// receives every event exactly once although both nodes deliver.
func TestMultiNodePostgres(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	pg := testenv.FreshPostgres(t)
	bin := datelineBinary(t)

	token := editorToken(t, bin, pg)
	addUser(t, bin, pg, "chief", "admin")
	admin := addToken(t, bin, pg, "chief")
	key := addSubscriber(t, bin, pg, "Radio North")

	a := startFaultServer(t, bin, pg, freeAddr(t), "--allow-private-webhooks")
	b := startFaultServer(t, bin, pg, freeAddr(t), "--allow-private-webhooks")

	hooks := &hookRecorder{}
	hookAddr := freeAddr(t)
	serveOn(t, hookAddr, hooks)
	sid, _ := setWebhook(t, a.base, admin, "Radio North", "http://"+hookAddr+"/hook")

	ctx := context.Background()
	stream := openStream(t, b.base, key)
	start := pullWire(ctx, t, b.base, key, "", 10, 0)
	type pollResult struct {
		page wirePage
		at   time.Time
	}
	poll := make(chan pollResult, 1)
	go func() {
		pg := pullWire(ctx, t, b.base, key, start.next, 10, 10)
		poll <- pollResult{pg, time.Now()}
	}()
	time.Sleep(300 * time.Millisecond) // the long poll is waiting on node B

	headline := "Harbour board approves the northern ferry terminal"
	id, err := createAndPublish(ctx, a.base, token, storyBody(headline, 2, 200), nil)
	if err != nil {
		t.Fatalf("publish on node A: %v", err)
	}
	published := time.Now()
	deadline := published.Add(time.Second)

	// The All news page of node B.
	onPage := false
	for !onPage && time.Now().Before(deadline) {
		status, body, err := apiCall(ctx, http.MethodGet, b.base+"/news", "", nil)
		onPage = err == nil && status == http.StatusOK && strings.Contains(string(body), headline)
		if !onPage {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !onPage {
		t.Errorf("the story published on node A is not on node B's /news within a second")
	} else {
		t.Logf("on node B's /news %s after the publish on node A", time.Since(published).Round(time.Millisecond))
	}
	// The stream held open on node B.
	select {
	case ev := <-stream:
		if !strings.Contains(ev.data, id) || ev.event != string(news.ActionPublish) {
			t.Errorf("node B's stream sent %s %s, want the publish of %s", ev.event, ev.id, id)
		}
		if ev.at.After(deadline) {
			t.Errorf("node B's stream sent the story %s after publication", ev.at.Sub(published))
		}
		t.Logf("in node B's stream %s after the publish", ev.at.Sub(published).Round(time.Millisecond))
	case <-time.After(time.Until(deadline)):
		t.Errorf("node B's stream sent nothing within a second of the publish on node A")
	}
	// The long poll waiting on node B.
	select {
	case r := <-poll:
		if len(r.page.items) != 1 || !strings.Contains(r.page.items[0], id) {
			t.Errorf("node B's long poll answered %v, want story %s", r.page.items, id)
		}
		if r.at.After(deadline) {
			t.Errorf("node B's long poll answered %s after publication", r.at.Sub(published))
		}
		t.Logf("node B's long poll answered %s after the publish", r.at.Sub(published).Round(time.Millisecond))
	case <-time.After(time.Until(deadline) + 50*time.Millisecond):
		t.Errorf("node B's long poll did not answer within a second of the publish on node A")
	}

	// An embargo that ends while both nodes run is released once.
	until := time.Now().Add(3 * time.Second).Truncate(time.Second).Add(time.Second)
	held, err := createAndPublish(ctx, a.base, token, storyBody("Ferry fares to rise next spring", 1, 200), &until)
	if err != nil {
		t.Fatalf("publish under embargo: %v", err)
	}
	// More stories through both nodes, for the webhook.
	for i := 0; i < 4; i++ {
		n := []*faultServer{a, b}[i%2]
		if _, err := createAndPublish(ctx, n.base, token, storyBody(fmt.Sprintf("Pilot boat %d renamed", i), 1, 100), nil); err != nil {
			t.Fatalf("publish on node %c: %v", "AB"[i%2], err)
		}
	}
	if !waitFor(time.Until(until)+5*time.Second, func() bool {
		status, body, err := apiCall(ctx, http.MethodGet, b.base+"/api/v1/stories/"+held, token, nil)
		return err == nil && status == http.StatusOK && strings.Contains(string(body), `"status":"published"`)
	}) {
		t.Fatalf("the embargoed story %s was not released", held)
	}
	time.Sleep(2500 * time.Millisecond) // both releasers have looked at least twice since

	status, body, err := apiCall(ctx, http.MethodGet, a.base+"/api/v1/stories/"+held+"/versions", token, nil)
	if err != nil || status != http.StatusOK {
		t.Fatalf("versions of %s: %d %v %s", held, status, err, body)
	}
	var vs struct {
		Items []struct {
			Version int    `json:"version"`
			Action  string `json:"action"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &vs); err != nil {
		t.Fatal(err)
	}
	releases := 0
	for _, v := range vs.Items {
		if v.Action == string(news.ActionRelease) {
			releases++
		}
	}
	if releases != 1 || len(vs.Items) != 2 {
		t.Errorf("the embargoed story has versions %+v; want one publish and one release", vs.Items)
	}
	db, err := postgres.OpenWith(ctx, pg, postgres.Options{Retry: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events, err := db.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	releases = 0
	for _, e := range events {
		if e.StoryID == held && e.Action == news.ActionRelease {
			releases++
		}
	}
	if releases != 1 {
		t.Errorf("the change log holds %d release events of %s; want 1", releases, held)
	}

	// The webhook: every event after it was set that the subscriber may
	// see (not the embargoed publish), exactly once, whichever node sent it.
	want := map[string]bool{}
	for _, e := range events {
		if e.Status != news.StatusScheduled {
			want[wire.EncodeCursor(e.Seq)] = true
		}
	}
	if !waitFor(15*time.Second, func() bool {
		got := map[string]bool{}
		for _, h := range hooks.deliveries() {
			got[h.eventID] = true
		}
		return len(got) >= len(want)
	}) {
		t.Errorf("the webhook received %d distinct events; want %d", distinctIDs(hooks.deliveries()), len(want))
	}
	time.Sleep(time.Second) // a second delivery would come now
	count := map[string]int{}
	for _, h := range hooks.deliveries() {
		count[h.eventID]++
	}
	for e := range want {
		if count[e] != 1 {
			t.Errorf("webhook event %s delivered %d times; want once", e, count[e])
		}
	}
	for e, n := range count {
		if !want[e] {
			t.Errorf("webhook event %s delivered %d times; the subscriber may not see it", e, n)
		}
	}
	if info := webhookInfo(t, b.base, admin, sid); info.DeliveredCount != int64(len(want)) {
		t.Errorf("node B reports %d webhook deliveries; want %d", info.DeliveredCount, len(want))
	}
}

// pgProxy is a TCP proxy between dateline and PostgreSQL that a test can
// cut (every open connection is reset and new ones are refused with a
// reset) and restore, to play a database that goes away and comes back.
type pgProxy struct {
	addr, target string
	ln           net.Listener

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool
}

func newPGProxy(t *testing.T, target string, down bool) *pgProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{addr: ln.Addr().String(), target: target, ln: ln, down: down, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *pgProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			reset(c)
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			reset(c)
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		pipe := func(dst, src net.Conn) {
			_, _ = io.Copy(dst, src)
			reset(dst)
			reset(src)
			p.mu.Lock()
			delete(p.conns, dst)
			delete(p.conns, src)
			p.mu.Unlock()
		}
		go pipe(up, c)
		go pipe(c, up)
	}
}

// reset closes c with a TCP reset, as a crashed server's host would.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

// cut resets every open connection and refuses new ones.
func (p *pgProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		reset(c)
	}
	clear(p.conns)
}

// restore lets connections through again.
func (p *pgProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// viaProxy returns db (a postgres:// URL) pointed at addr instead.
func viaProxy(t *testing.T, db, addr string) string {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = addr
	return u.String()
}

// startServe starts dateline serve without waiting for it to be ready.
func startServe(t *testing.T, bin, db, addr string) *faultServer {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Env = append(os.Environ(), "DATELINE_DB=", "DATELINE_BASE_URL=")
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &faultServer{cmd: cmd, base: "http://" + addr, log: log, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	t.Cleanup(s.kill)
	return s
}

func readyz(base string) int {
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		return 0 // nothing listens
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestPostgresDownAtStart points dateline serve at a PostgreSQL that does
// not answer. It keeps trying (and serves nothing meanwhile, so a load
// balancer sends it no traffic); when the server comes up it becomes
// ready; when it never does, it gives up after 30 seconds with a message
// that says what is wrong.
func TestPostgresDownAtStart(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	pg := testenv.FreshPostgres(t)
	bin := datelineBinary(t)
	target, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("comes up later", func(t *testing.T) {
		t.Parallel()
		proxy := newPGProxy(t, target.Host, true)
		s := startServe(t, bin, viaProxy(t, pg, proxy.addr), freeAddr(t))
		time.Sleep(2 * time.Second)
		if !s.alive() {
			t.Fatalf("dateline serve gave up at once on a database that is down:\n%s", s.log.String())
		}
		if st := readyz(s.base); st == http.StatusOK {
			t.Fatalf("/readyz answers 200 while the database is down")
		}
		proxy.restore()
		if !waitFor(10*time.Second, func() bool { return readyz(s.base) == http.StatusOK }) {
			t.Fatalf("dateline serve did not become ready within 10 s of the database coming up:\n%s", s.log.String())
		}
	})

	t.Run("never comes up", func(t *testing.T) {
		t.Parallel()
		closed := freeAddr(t) // nothing listens here
		start := time.Now()
		s := startServe(t, bin, viaProxy(t, pg, closed), freeAddr(t))
		select {
		case <-s.done:
		case <-time.After(45 * time.Second):
			t.Fatalf("dateline serve still runs 45 s after start with no database:\n%s", s.log.String())
		}
		took := time.Since(start)
		out := s.log.String()
		if s.cmd.ProcessState.ExitCode() == 0 {
			t.Errorf("dateline serve exited with status 0 without a database")
		}
		// It kept trying: backing off to 2 s, 30 s hold about 18 attempts.
		if m := regexp.MustCompile(`after (\d+) attempts`).FindStringSubmatch(out); m == nil {
			t.Errorf("the message does not say how often it tried:\n%s", out)
		} else if n, _ := strconv.Atoi(m[1]); n < 10 {
			t.Errorf("dateline serve gave up after %d attempts (%s); it should keep trying for 30 s", n, took.Round(time.Millisecond))
		}
		for _, want := range []string{"cannot reach the server at", closed, "is PostgreSQL running"} {
			if !strings.Contains(out, want) {
				t.Errorf("the message lacks %q:\n%s", want, out)
			}
		}
	})
}

// TestPostgresOutageMidway cuts the connection to PostgreSQL under a
// running server: pages and API calls that need the database answer 503
// with Retry-After and a clear message, /readyz says not ready, nothing
// half-done is stored, and everything works again when the database
// comes back.
func TestPostgresOutageMidway(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	pg := testenv.FreshPostgres(t)
	bin := datelineBinary(t)
	target, err := url.Parse(pg)
	if err != nil {
		t.Fatal(err)
	}
	token := editorToken(t, bin, pg)
	key := addSubscriber(t, bin, pg, "Evening Post")
	proxy := newPGProxy(t, target.Host, false)
	s := startFaultServer(t, bin, viaProxy(t, pg, proxy.addr), freeAddr(t))
	ctx := context.Background()

	before, err := createAndPublish(ctx, s.base, token, storyBody("Harbour dredging starts on Monday", 1, 100), nil)
	if err != nil {
		t.Fatal(err)
	}

	proxy.cut()
	if st := readyz(s.base); st != http.StatusServiceUnavailable {
		t.Errorf("/readyz answers %d with the database gone; want 503", st)
	}
	checks := []struct {
		name, method, path, token string
		body                      any
		page                      bool // an HTML page rather than problem+json
	}{
		{"search page", http.MethodGet, "/search?q=dredging", "", nil, true},
		{"tag page", http.MethodGet, "/tag/no-such-tag-yet", "", nil, true},
		{"newsroom API read", http.MethodGet, "/api/v1/stories/" + before, token, nil, false},
		{"newsroom API write", http.MethodPost, "/api/v1/stories", token, storyBody("Filed during the outage", 1, 100), false},
		{"wire pull", http.MethodGet, "/api/v1/wire", key, nil, false},
	}
	for _, c := range checks {
		req, _ := http.NewRequestWithContext(ctx, c.method, s.base+c.path, nil)
		if c.body != nil {
			b, _ := json.Marshal(c.body)
			req, _ = http.NewRequestWithContext(ctx, c.method, s.base+c.path, strings.NewReader(string(b)))
			req.Header.Set("Content-Type", "application/json")
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s (%s %s) with the database gone: %d, Retry-After %q; want 503 with Retry-After\n%.300s",
				c.name, c.method, c.path, resp.StatusCode, resp.Header.Get("Retry-After"), body)
			continue
		}
		want := "not reachable"
		if c.page {
			want = "cannot be reached"
		}
		if !strings.Contains(string(body), want) {
			t.Errorf("%s: the 503 does not say the database cannot be reached:\n%.500s", c.name, body)
		}
	}

	proxy.restore()
	if !waitFor(10*time.Second, func() bool { return readyz(s.base) == http.StatusOK }) {
		t.Fatalf("not ready 10 s after the database came back:\n%s", s.log.String())
	}
	var after string
	if !waitFor(10*time.Second, func() bool {
		after, err = createAndPublish(ctx, s.base, token, storyBody("Dredging resumes after the outage", 1, 100), nil)
		return err == nil
	}) {
		t.Fatalf("publishing fails after the database came back: %v\n%s", err, s.log.String())
	}
	items, _ := pullRest(t, s.base, key, "")
	if len(items) != 2 || !strings.Contains(items[0], before) || !strings.Contains(items[1], after) {
		t.Errorf("after the outage the wire holds %v; want the story before and the one after, nothing else", items)
	}
	// Nothing half-done: the log is dense and holds exactly those two.
	db, err := postgres.OpenWith(ctx, pg, postgres.Options{Retry: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	events, err := db.Changes(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range events {
		if e.Seq != int64(i+1) {
			t.Errorf("event %d has seq %d: the change log has a gap", i, e.Seq)
		}
	}
	if len(events) != 2 {
		t.Errorf("the change log holds %d events; want 2", len(events))
	}
}
