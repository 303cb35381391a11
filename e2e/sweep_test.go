package e2e

// The bad-input sweep (issue 7, point 3): every public, newsroom and wire
// route of a running server, driven with malformed paths, queries, bodies
// and headers. No answer may be a 5xx or show Go internals, and API errors
// are application/problem+json.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// sweepRoute is one registered route; {id}-like segments are filled in.
type sweepRoute struct {
	method, path string
	auth         string // "", "editor", "admin", "subscriber", "session"
	body         bool   // takes a body
}

// sweepRoutes lists the routes of internal/web/routes.go,
// internal/newsroom/newsroom.go (Register) and internal/wire/wire.go
// (routes), plus paths no route claims. ID stands for a path segment.
var sweepRoutes = []sweepRoute{
	{"GET", "/", "", false},
	{"GET", "/news", "", false},
	{"GET", "/news/ID", "", false},
	{"GET", "/news/ID/ID", "", false},
	{"GET", "/section/ID", "", false},
	{"GET", "/tag/ID", "", false},
	{"GET", "/search", "", false},
	{"GET", "/feeds/ID", "", false},
	{"GET", "/feeds/section/ID", "", false},
	{"GET", "/feeds/tag/ID", "", false},
	{"GET", "/sitemap.xml", "", false},
	{"GET", "/sitemaps/ID", "", false},
	{"GET", "/sitemap-news.xml", "", false},
	{"GET", "/robots.txt", "", false},
	{"GET", "/assets/ID", "", false},
	{"GET", "/healthz", "", false},
	{"GET", "/readyz", "", false},
	{"GET", "/metrics", "", false},
	{"GET", "/ID", "", false},

	{"POST", "/api/v1/stories", "editor", true},
	{"GET", "/api/v1/stories", "editor", false},
	{"GET", "/api/v1/stories/ID", "editor", false},
	{"PUT", "/api/v1/stories/ID", "editor", true},
	{"POST", "/api/v1/stories/ID/publish", "editor", true},
	{"POST", "/api/v1/stories/ID/correct", "editor", true},
	{"POST", "/api/v1/stories/ID/kill", "editor", true},
	{"GET", "/api/v1/stories/ID/versions", "editor", false},
	{"DELETE", "/api/v1/stories/ID", "editor", false},

	{"GET", "/newsroom/login", "", false},
	{"POST", "/newsroom/login", "", true},
	{"GET", "/newsroom/assets/ID", "", false},
	{"POST", "/newsroom/logout", "session", true},
	{"GET", "/newsroom/", "session", false},
	{"GET", "/newsroom/new", "session", false},
	{"POST", "/newsroom/new", "session", true},
	{"GET", "/newsroom/paste", "session", false},
	{"POST", "/newsroom/paste", "session", true},
	{"GET", "/newsroom/dateline", "session", false},
	{"GET", "/newsroom/stories/ID", "session", false},
	{"POST", "/newsroom/stories/ID", "session", true},
	{"GET", "/newsroom/stories/ID/preview", "session", false},
	{"GET", "/newsroom/stories/ID/versions", "session", false},
	{"GET", "/newsroom/audit", "session", false},
	{"GET", "/newsroom/tokens", "session", false},
	{"POST", "/newsroom/tokens", "session", true},
	{"POST", "/newsroom/tokens/ID/revoke", "session", true},
	{"GET", "/newsroom/accounts", "session", false},
	{"POST", "/newsroom/accounts", "session", true},
	{"POST", "/newsroom/accounts/ID", "session", true},
	{"GET", "/newsroom/ID", "session", false},

	{"GET", "/api/v1/wire", "subscriber", false},
	{"GET", "/api/v1/items/ID", "subscriber", false},
	{"GET", "/api/v1/stream", "subscriber", false},
	{"GET", "/api/v1/search", "subscriber", false},
	{"GET", "/api/v1/openapi.json", "", false},
	{"GET", "/api/v1/admin/subscribers", "admin", false},
	{"POST", "/api/v1/admin/subscribers", "admin", true},
	{"GET", "/api/v1/admin/subscribers/ID", "admin", false},
	{"PATCH", "/api/v1/admin/subscribers/ID", "admin", true},
	{"POST", "/api/v1/admin/subscribers/ID/rotate", "admin", true},
	{"PUT", "/api/v1/admin/subscribers/ID/webhook", "admin", true},
	{"DELETE", "/api/v1/admin/subscribers/ID/webhook", "admin", false},
	{"GET", "/api/v1/ID", "editor", false},
}

// Malformed path segments, already escaped for the request line.
var badSegments = []string{
	"%ff%fe",                         // invalid UTF-8
	"%c0%af",                         // overlong encoding of '/'
	"..%2f..%2f..%2fetc%2fpasswd",    // traversal, escaped slashes
	"%2e%2e%2f%2e%2e%2fetc%2fpasswd", // traversal, escaped dots
	"%27%20OR%201%3D1%20--",          // ' OR 1=1 --
	"%22unterminated",                // "unterminated
	"NEAR(",                          // FTS syntax
	"*",                              // FTS prefix
	"%00",                            // NUL
	"%0d%0aSet-Cookie:%20x=1",        // CRLF
	strings.Repeat("x", 8000),        // long
	"-1",
	"99999999999999999999999",
}

// Malformed values for every query parameter the handlers read.
var badValues = []string{
	"%ff", "%c3%28", "%27%20OR%201%3D1%20--", "%22unterminated", "NEAR(", "NEAR(a%20b", "*", "a*%20OR%20*",
	"%0d%0aX-Injected:%201", "..%2f..%2fetc%2fpasswd", "-1", "0", "1e9", "1000000", "99999999999999999999",
	"%00", "%", "%zz", strings.Repeat("q", 5000), "%5B%5D", "null", "AAAAAAAAAAAA", "%EF%BB%BF",
}

var sweepParams = []string{"q", "before", "after", "section", "tag", "lang", "limit", "wait", "version", "profile",
	"format", "next", "status", "done", "via", "place", "date", "credit", "cursor", "page", "from"}

// Malformed bodies for routes that take one.
func badBodies() []struct{ ctype, body string } {
	huge := `{"headline": "` + strings.Repeat("a", 10<<20) + `"}`
	return []struct{ ctype, body string }{
		{"application/json", huge},
		{"application/json", `{"headline": 5, "body_html": []}`},
		{"application/json", `{"dateline": "OSLO"}`},
		{"application/json", `{"tags": "a,b", "urgency": "high"}`},
		{"application/json", `{"embargo_until": 12, "note": {}}`},
		{"application/json", `{"embargo_until": "yesterday"}`},
		{"application/json", `{"embargo_until": "2000-01-01T00:00:00Z"}`},
		{"application/json", `{"url": "file:///etc/passwd", "from": "' OR 1=1 --"}`},
		{"application/json", `{"name": "' OR 1=1 --", "filter": "\"unterminated NEAR( *"}`},
		{"application/json", `{"headline": "\xff\xfe bad utf8", "body_html": "<p>\xc0\xaf</p>"}`},
		{"application/json", `{"headline": "<script>alert(1)</script>", "body_html": "<p onclick=alert(1)>x</p><script>alert(2)</script>"}`},
		{"application/json", `{"language": "not a tag!", "dateline": {"date": "2026-02-30"}, "urgency": -5}`},
		{"application/json", `[1,2,3]`},
		{"application/json", `"just a string"`},
		{"application/json", `{"a":`},
		{"application/json", `{} {}`},
		{"application/json", ``},
		{"application/json", strings.Repeat("[", 100000)},
		{"text/plain", `hello`},
		{"application/x-www-form-urlencoded", "headline=%ff%fe&body=' OR 1=1 --&csrf=x&name=%00&password=" + strings.Repeat("p", 100000)},
		{"application/x-www-form-urlencoded", "a=%zz&b=%"},
		{"multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" + strings.Repeat("y", 1<<20)},
	}
}

// stackTraceMarks are texts a Go panic or error dump leaves in a body.
var stackTraceMarks = []string{"goroutine ", "runtime error", ".go:", "panic:", "runtime/debug"}

type sweepResult struct {
	what   string
	status int
	ctype  string
	body   string
	reqID  bool // the app (not net/http itself) answered
	err    error
}

func checkSweepResult(r sweepResult) string {
	if r.err != nil {
		return fmt.Sprintf("%s: no answer: %v", r.what, r.err)
	}
	if r.status >= 500 {
		return fmt.Sprintf("%s: status %d: %.300s", r.what, r.status, r.body)
	}
	for _, m := range stackTraceMarks {
		if strings.Contains(r.body, m) {
			i := strings.Index(r.body, m)
			return fmt.Sprintf("%s: body shows internals (%q): %.200s", r.what, m, r.body[max(0, i-100):])
		}
	}
	return ""
}

// TestBadInputSweep drives every route with malformed input.
func TestBadInputSweep(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	bin := datelineBinary(t)
	dbPath := filepath.Join(t.TempDir(), "dl.db")
	db := "sqlite:" + dbPath
	editor := editorToken(t, bin, db)
	adminPW := addUser(t, bin, db, "boss", "admin")
	admin := addToken(t, bin, db, "boss")
	key := addSubscriber(t, bin, db, "sweeper")
	addSubscriber(t, bin, db, "victim") // id 2: the admin routes may rotate or disable it
	srv := startFaultServer(t, bin, db, freeAddr(t), "--demo")
	session, _ := newsroomLogin(t, srv.base, "boss", adminPW)
	ctx := context.Background()

	// A real story id, so that routes get past "not found" to their checks.
	storyID, err := createAndPublish(ctx, srv.base, editor, storyBody("Sweep target", 2, 200), nil)
	if err != nil {
		t.Fatal(err)
	}

	type req struct {
		method, path, rawQuery string
		auth                   string
		ctype, body            string
		header                 http.Header
		what                   string
	}
	var reqs []req
	for _, rt := range sweepRoutes {
		good := strings.ReplaceAll(rt.path, "ID", storyID)
		if strings.Contains(rt.path, "/subscribers/ID") || strings.Contains(rt.path, "/tokens/ID") || strings.Contains(rt.path, "/accounts/ID") {
			good = strings.ReplaceAll(rt.path, "ID", "2")
		}
		// Bad path segments in place of each ID, or appended.
		for _, seg := range badSegments {
			p := strings.ReplaceAll(rt.path, "ID", seg)
			if !strings.Contains(rt.path, "ID") {
				p = strings.TrimRight(rt.path, "/") + "/" + seg
			}
			reqs = append(reqs, req{method: rt.method, path: p, auth: rt.auth, ctype: "application/json", body: "{}",
				what: fmt.Sprintf("%s %.120s", rt.method, p)})
		}
		// Bad query values, one parameter at a time.
		for _, param := range sweepParams {
			for _, v := range badValues {
				reqs = append(reqs, req{method: rt.method, path: good, rawQuery: param + "=" + v, auth: rt.auth, ctype: "application/json", body: "{}",
					what: fmt.Sprintf("%s %s?%s=%.60s", rt.method, good, param, v)})
			}
		}
		// Bad bodies.
		if rt.body {
			for i, b := range badBodies() {
				reqs = append(reqs, req{method: rt.method, path: good, auth: rt.auth, ctype: b.ctype, body: b.body,
					what: fmt.Sprintf("%s %s with bad body %d (%s, %d bytes)", rt.method, good, i, b.ctype, len(b.body))})
			}
		}
		// Bad headers: a forged or garbage key, a garbage Last-Event-ID,
		// odd Accept and a huge header.
		for _, h := range []http.Header{
			{"Authorization": {"Bearer ' OR 1=1 --"}},
			{"Authorization": {"Bearer dlw_" + strings.Repeat("A", 500)}},
			{"Authorization": {"Basic \xff\xfe"}},
			{"Last-Event-ID": {"' OR 1=1 --"}},
			{"Last-Event-ID": {"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4"}},
			{"Accept": {"application/vnd.iptc.g2.newsitem+xml;q=\xff, */*;q=-1"}},
			{"Accept-Language": {strings.Repeat("xx-YY,", 2000)}},
			{"If-None-Match": {`"` + strings.Repeat("e", 4000)}},
			{"X-Big": {strings.Repeat("b", 100<<10)}},
			{"Content-Type": {"application/json; charset=\xff"}},
		} {
			reqs = append(reqs, req{method: rt.method, path: good, auth: rt.auth, header: h, ctype: "application/json", body: "{}",
				what: fmt.Sprintf("%s %s with header %.40v", rt.method, good, h)})
		}
	}

	hc := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(q req) sweepResult {
		rctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		u := srv.base + q.path
		if q.rawQuery != "" {
			u += "?" + q.rawQuery
		}
		var body io.Reader
		if q.method != "GET" && q.method != "DELETE" {
			body = strings.NewReader(q.body)
		}
		r, err := http.NewRequestWithContext(rctx, q.method, u, body)
		if err != nil {
			return sweepResult{what: q.what, err: err}
		}
		if body != nil {
			r.Header.Set("Content-Type", q.ctype)
		}
		client := hc
		switch q.auth {
		case "editor":
			r.Header.Set("Authorization", "Bearer "+editor)
		case "admin":
			r.Header.Set("Authorization", "Bearer "+admin)
		case "subscriber":
			r.Header.Set("Authorization", "Bearer "+key)
		case "session":
			client = &http.Client{Jar: session.Jar, Timeout: hc.Timeout, CheckRedirect: hc.CheckRedirect}
		}
		for k, vs := range q.header {
			r.Header[k] = vs
		}
		resp, err := client.Do(r)
		if err != nil {
			return sweepResult{what: q.what, err: err}
		}
		defer resp.Body.Close()
		res := sweepResult{what: q.what, status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), reqID: resp.Header.Get("X-Request-Id") != ""}
		if strings.HasPrefix(res.ctype, "text/event-stream") {
			return res // a stream that started: the input was acceptable
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		res.body = string(b)
		return res
	}

	// A stream that started holds one of its key's stream slots until the
	// server sees the client go; the sweep opens many in a row, so a 503 from
	// the per-key cap (which says so, with Retry-After) is tried again until
	// the slot of an earlier, closed stream is free.
	doUntilStreamSlot := func(q req) sweepResult {
		deadline := time.Now().Add(20 * time.Second)
		for {
			res := do(q)
			if res.status != http.StatusServiceUnavailable || !strings.HasPrefix(q.path, "/api/v1/stream") ||
				!strings.Contains(res.body, "streams open") || time.Now().After(deadline) {
				return res
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	results := make([]sweepResult, len(reqs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = doUntilStreamSlot(reqs[i])
			}
		}()
	}
	for i := range reqs {
		next <- i
	}
	close(next)
	wg.Wait()

	failures := 0
	statuses := map[int]int{}
	notProblem := map[string]bool{}
	for i, r := range results {
		statuses[r.status]++
		if msg := checkSweepResult(r); msg != "" {
			failures++
			if failures <= 40 {
				t.Error(msg)
			}
			continue
		}
		if strings.HasPrefix(r.ctype, "application/problem+json") && !json.Valid([]byte(r.body)) {
			t.Errorf("%s: problem+json body is not JSON: %.200s", r.what, r.body)
		}
		// API errors answered by the app are problem+json.
		if strings.HasPrefix(reqs[i].path, "/api/") && r.status >= 400 && r.reqID && !strings.HasPrefix(r.ctype, "application/problem+json") {
			key := fmt.Sprintf("%d %s", r.status, r.ctype)
			if !notProblem[key] {
				notProblem[key] = true
				t.Errorf("%s: API error %d answered as %q, want application/problem+json: %.200s", r.what, r.status, r.ctype, r.body)
			}
		}
	}
	if failures > 40 {
		t.Errorf("... and %d more failures", failures-40)
	}
	rawFailures := sweepRaw(t, srv.base, key)
	for _, f := range rawFailures {
		t.Error(f)
	}
	if !srv.alive() {
		t.Fatalf("the server died during the sweep:\n%s", srv.log.String())
	}
	for _, l := range strings.Split(srv.log.String(), "\n") {
		if strings.Contains(l, "panic") {
			t.Errorf("server log shows a panic: %.300s", l)
		}
	}
	t.Logf("bad-input sweep: %d requests over %d routes; statuses %v", len(reqs), len(sweepRoutes), statuses)
}

// sweepRaw sends requests the Go client would refuse to build: raw
// invalid UTF-8 and CRLF in the request line, and a header with a bare CR.
func sweepRaw(t *testing.T, base, key string) []string {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	lines := []string{
		"GET /news/\xff\xfe HTTP/1.1",
		"GET /search?q=\xff\xfe%20NEAR( HTTP/1.1",
		"GET /api/v1/search?q=\xc0\xaf HTTP/1.1",
		"GET /news?tag=a%0d%0aSet-Cookie:%20evil=1 HTTP/1.1",
		"GET /../../etc/passwd HTTP/1.1",
		"GET /assets/../../../../etc/passwd HTTP/1.1",
		"GET /newsroom/assets/..%2f..%2fnewsroom.go HTTP/1.1",
		"GET /api/v1/items/..%2f..%2fadmin HTTP/1.1",
		"GET /search?q=a\rb HTTP/1.1",
	}
	var fails []string
	for _, line := range lines {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			fails = append(fails, fmt.Sprintf("raw %q: %v", line, err))
			continue
		}
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(conn, "%s\r\nHost: %s\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", line, addr, key)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			conn.Close()
			fails = append(fails, fmt.Sprintf("raw %q: unreadable answer: %v", line, err))
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		conn.Close()
		if msg := checkSweepResult(sweepResult{what: fmt.Sprintf("raw %q", line), status: resp.StatusCode, body: string(b)}); msg != "" {
			fails = append(fails, msg)
		}
		if strings.Contains(line, "passwd") && bytes.Contains(b, []byte("root:")) {
			fails = append(fails, fmt.Sprintf("raw %q served /etc/passwd", line))
		}
		for _, c := range resp.Header.Values("Set-Cookie") {
			if strings.Contains(c, "evil") {
				fails = append(fails, fmt.Sprintf("raw %q: header injection: Set-Cookie %q", line, c))
			}
		}
		if resp.Header.Get("X-Injected") != "" {
			fails = append(fails, fmt.Sprintf("raw %q: header injection", line))
		}
	}
	return fails
}
