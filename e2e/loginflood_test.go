package e2e

// The login flood of issue 12, point 1: 150 parallel login attempts
// against the real binary. The limits hold exactly, memory stays bounded,
// and a cached page keeps answering throughout. (Latency figures are
// logged here and measured by BenchmarkCachedPageDuringLoginFlood; the
// test asserts no timing.)

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loginAttempt is a login form fetched ahead, ready to post.
type loginAttempt struct {
	c    *http.Client
	form url.Values
	xff  string
}

// prepareLogin fetches the login form (its cookie and CSRF token) for a
// client that does not follow redirects.
func prepareLogin(t testing.TB, base, name, xff string) loginAttempt {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	m := csrfInputRE.FindStringSubmatch(getBody(t, c, base+"/newsroom/login"))
	if m == nil {
		t.Fatalf("login page has no csrf field")
	}
	return loginAttempt{c: c, xff: xff, form: url.Values{"name": {name}, "password": {"a wrong guess, of course"}, "csrf": {m[1]}}}
}

func (a loginAttempt) post(base string) (int, string, error) {
	req, _ := http.NewRequest("POST", base+"/newsroom/login", strings.NewReader(a.form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if a.xff != "" {
		req.Header.Set("X-Forwarded-For", a.xff)
	}
	resp, err := a.c.Do(req)
	if err != nil {
		return 0, "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After"), nil
}

// flood posts every attempt at once and counts the statuses.
func flood(t testing.TB, base string, attempts []loginAttempt) map[int]int {
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, a := range attempts {
		wg.Go(func() {
			<-start
			status, retry, err := a.post(base)
			if err != nil {
				t.Errorf("login attempt got no answer: %v", err)
				return
			}
			if (status == 429 || status == 503) && retry == "" {
				t.Errorf("a %d without Retry-After", status)
			}
			mu.Lock()
			got[status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return got
}

// reader fetches a cached page over and over until stop, recording each
// answer's status and time.
type reader struct {
	mu    sync.Mutex
	lat   []time.Duration
	fails []string
}

func (rd *reader) run(base string, stop <-chan struct{}, done func()) {
	defer done()
	c := &http.Client{Timeout: 30 * time.Second}
	for {
		select {
		case <-stop:
			return
		default:
		}
		t0 := time.Now()
		resp, err := c.Get(base + "/")
		d := time.Since(t0)
		rd.mu.Lock()
		switch {
		case err != nil:
			rd.fails = append(rd.fails, err.Error())
		case resp.StatusCode != 200:
			rd.fails = append(rd.fails, resp.Status)
		default:
			rd.lat = append(rd.lat, d)
		}
		rd.mu.Unlock()
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}

func (rd *reader) summary() string {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	l := slices.Clone(rd.lat)
	slices.Sort(l)
	if len(l) == 0 {
		return "no answers"
	}
	return fmt.Sprintf("%d answers, median %s, p99 %s, max %s", len(l), l[len(l)/2], l[len(l)*99/100], l[len(l)-1])
}

// peakRSS samples a process's resident memory until stop and returns the
// highest value seen, in KiB.
func peakRSS(t *testing.T, pid int, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		tk := time.NewTicker(5 * time.Millisecond)
		defer tk.Stop()
		for {
			peak = max(peak, vmRSS(t, pid))
			select {
			case <-stop:
				out <- peak
				return
			case <-tk.C:
			}
		}
	}()
	return out
}

// settledRSS waits until a process's resident memory stops moving (four
// samples in a row within 2 MiB), with a deadline, and returns it in KiB.
func settledRSS(t *testing.T, pid int) int64 {
	deadline := time.Now().Add(90 * time.Second)
	var last []int64
	for time.Now().Before(deadline) {
		last = append(last, vmRSS(t, pid))
		if n := len(last); n >= 4 {
			lo, hi := slices.Min(last[n-4:]), slices.Max(last[n-4:])
			if hi-lo < 2048 {
				return hi
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("the server's memory did not settle: %v KiB", last)
	return 0
}

func TestLoginFlood(t *testing.T) {
	skipIfShort(t)
	bin := datelineBinary(t)
	dbPath := filepath.Join(t.TempDir(), "flood.db")
	db := "sqlite:" + dbPath
	edPW := addUser(t, bin, db, "ed", "editor")
	srv := startFaultServer(t, bin, db, freeAddr(t), "--demo", "--trusted-proxies", "127.0.0.1", "--access-log=false")
	base := srv.base
	if resp, err := http.Get(base + "/"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("home page: %v", err)
	} else {
		resp.Body.Close()
	}

	// Forms are fetched ahead, so the posts really run in parallel.
	var sameClient, oneAccount, manyClients []loginAttempt
	for i := range 150 {
		sameClient = append(sameClient, prepareLogin(t, base, fmt.Sprintf("nobody%d", i), "198.51.100.1"))
		manyClients = append(manyClients, prepareLogin(t, base, fmt.Sprintf("ghost%d", i), fmt.Sprintf("203.0.113.%d", i+1)))
	}
	for range 12 {
		oneAccount = append(oneAccount, prepareLogin(t, base, "ed", "198.51.100.2"))
	}

	// The server loads word lists and trains the tag suggester in the
	// background after it starts: wait until its memory has settled.
	before := settledRSS(t, srv.pid())
	stop := make(chan struct{})
	peak := peakRSS(t, srv.pid(), stop)
	rd := &reader{}
	var readers sync.WaitGroup
	var readersDone atomic.Int32
	for range 2 {
		readers.Add(1)
		go rd.run(base, stop, func() { readersDone.Add(1); readers.Done() })
	}

	// 150 parallel attempts from one client: exactly its 20 free
	// failures are checked, the rest are throttled.
	got := flood(t, base, sameClient)
	if got[401] != 20 || got[429] != 130 {
		t.Errorf("150 parallel attempts from one client: %v; want exactly 20×401 and 130×429", got)
	}
	// 12 parallel attempts on one account from one client: exactly 5.
	got = flood(t, base, oneAccount)
	if got[401] != 5 || got[429] != 7 {
		t.Errorf("12 parallel attempts on one account: %v; want exactly 5×401 and 7×429", got)
	}
	// 150 parallel attempts from 150 clients (behind the trusted proxy):
	// no limit applies, so the hashing bound does the work: every one is
	// answered, checked (401) or told to come back (503 Retry-After).
	got = flood(t, base, manyClients)
	if got[401]+got[503] != 150 || got[401] == 0 {
		t.Errorf("150 parallel attempts from 150 clients: %v; want each 401 or 503", got)
	}
	t.Logf("150 clients: %v", got)

	close(stop)
	readers.Wait()
	rise := (<-peak - before) / 1024
	t.Logf("memory: %d MiB before, peak rise %d MiB; cached page during the floods: %s", before/1024, rise, rd.summary())
	if rise >= 100 {
		t.Errorf("memory rose by %d MiB during the login floods; want < 100", rise)
	}
	rd.mu.Lock()
	if len(rd.fails) > 0 {
		t.Errorf("the cached page failed %d times during the floods: %v", len(rd.fails), rd.fails[:min(5, len(rd.fails))])
	}
	if len(rd.lat) == 0 {
		t.Error("the cached page was never fetched during the floods")
	}
	rd.mu.Unlock()

	// The account was never locked for others: ed logs in from elsewhere.
	c, _ := newsroomLogin(t, base, "ed", edPW)
	_ = c
}
