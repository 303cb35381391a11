package e2e

// The login flood of issue 12, point 1: 150 parallel login attempts
// against the real binary. The limits hold exactly, memory stays bounded,
// and a cached page keeps answering throughout, within 200 ms (the one
// wall-clock bound here, which the issue sets).

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
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

// The reader of the cached page runs in a child process (this test binary,
// running TestLoginFloodReader), so that the flood's 150 client goroutines
// cannot delay the reader's own requests: what it measures is the server.

// readerStats sums up one stretch of a reader's answers.
type readerStats struct {
	Answers int           `json:"answers"`
	Fails   []string      `json:"fails"`
	P50     time.Duration `json:"p50"`
	P99     time.Duration `json:"p99"`
	Max     time.Duration `json:"max"`
	Slow    int           `json:"slow"` // answers slower than 200 ms
}

func (s readerStats) String() string {
	return fmt.Sprintf("%d answers, median %s, p99 %s, max %s, %d slower than 200 ms", s.Answers, s.P50, s.P99, s.Max, s.Slow)
}

func statsOf(lat []time.Duration, fails []string) readerStats {
	s := readerStats{Answers: len(lat), Fails: fails[:min(len(fails), 5)]}
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	s.P50, s.P99, s.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	for _, d := range lat {
		if d > 200*time.Millisecond {
			s.Slow++
		}
	}
	return s
}

// TestLoginFloodReader is TestLoginFlood's reader, run by it in a child
// process: two clients fetch the cached home page over and over. After
// 2000 answers it prints the control figures (no flood yet), then goes on
// until its standard input closes and prints the figures of the flood.
func TestLoginFloodReader(t *testing.T) {
	base := os.Getenv("DATELINE_FLOOD_READER")
	if base == "" {
		t.Skip("run by TestLoginFlood in a child process")
	}
	stop := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); close(stop) }()
	var mu sync.Mutex
	var lat []time.Duration
	var fails []string
	control := false
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			c := &http.Client{Timeout: 30 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				resp, err := c.Get(base + "/")
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				mu.Lock()
				switch {
				case err != nil:
					fails = append(fails, err.Error())
				case resp.StatusCode != 200:
					fails = append(fails, resp.Status)
				default:
					lat = append(lat, d)
				}
				if !control && len(lat) >= 2000 {
					control = true
					b, _ := json.Marshal(statsOf(lat, fails))
					fmt.Printf("\nCONTROL %s\n", b)
					lat, fails = nil, nil
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	b, _ := json.Marshal(statsOf(lat, fails))
	fmt.Printf("\nFLOOD %s\n", b)
}

// loadAverage is the machine's load average over the last minute.
func loadAverage(t *testing.T) float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0 // no such file: nothing known about other processes
	}
	var l float64
	if _, err := fmt.Sscan(string(b), &l); err != nil {
		t.Fatalf("/proc/loadavg: %v", err)
	}
	return l
}

// floodReader is the child process running TestLoginFloodReader.
type floodReader struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startFloodReader(t *testing.T, base string) *floodReader {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoginFloodReader$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DATELINE_FLOOD_READER="+base)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &floodReader{cmd: cmd, stdin: stdin, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); strings.HasPrefix(l, "CONTROL ") || strings.HasPrefix(l, "FLOOD ") {
				r.lines <- l
			}
		}
		close(r.lines)
	}()
	t.Cleanup(func() { stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return r
}

// next waits (at most two minutes) for the reader's next figures.
func (r *floodReader) next(t *testing.T, what string) readerStats {
	t.Helper()
	select {
	case l, ok := <-r.lines:
		if !ok {
			t.Fatalf("the reader process ended without its %s figures", what)
		}
		var s readerStats
		if err := json.Unmarshal([]byte(l[strings.IndexByte(l, ' ')+1:]), &s); err != nil {
			t.Fatalf("the reader's %s figures: %v", what, err)
		}
		return s
	case <-time.After(2 * time.Minute):
		t.Fatalf("no %s figures from the reader process", what)
	}
	return readerStats{}
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
	rd := startFloodReader(t, base)
	control := rd.next(t, "control")
	stop := make(chan struct{})
	peak := peakRSS(t, srv.pid(), stop)

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
	rd.stdin.Close()
	during := rd.next(t, "flood")
	rise := (<-peak - before) / 1024
	t.Logf("memory: %d MiB before, peak rise %d MiB", before/1024, rise)
	t.Logf("cached home page before the floods: %s", control)
	t.Logf("cached home page during the floods: %s", during)
	if rise >= 100 {
		t.Errorf("memory rose by %d MiB during the login floods; want < 100", rise)
	}
	if len(control.Fails)+len(during.Fails) > 0 || during.Answers == 0 {
		t.Errorf("the cached page failed: %v %v (%d answers during the floods)", control.Fails, during.Fails, during.Answers)
	}
	// Issue 12's bound: the cached page answers within 200 ms throughout.
	// Hashing has a core of its own, makes no garbage, and login requests
	// wait parked in their lane, so on a machine that is not otherwise
	// busy every answer comes well within it. When other processes keep
	// the CPUs busy (load above the number of CPUs, or an answer over 50 ms
	// before any flood), a wall-clock maximum would measure them, not the
	// server: then 99 % of the answers must hold the bound.
	quiet := control.Max < 50*time.Millisecond && loadAverage(t) < float64(runtime.NumCPU())
	switch {
	case during.P99 >= 200*time.Millisecond:
		t.Errorf("during the floods 1 %% of the cached page's answers took %s or more; want under 200 ms", during.P99)
	case quiet && during.Max >= 200*time.Millisecond:
		t.Errorf("during the floods the cached page took up to %s (%d answers over 200 ms); want every answer under 200 ms", during.Max, during.Slow)
	case during.Max >= 200*time.Millisecond:
		t.Logf("the machine is busy (load %.1f, control max %s): %d answers over 200 ms not held against the server", loadAverage(t), control.Max, during.Slow)
	}

	// The account was never locked for others: ed logs in from elsewhere.
	c, _ := newsroomLogin(t, base, "ed", edPW)
	_ = c
}
