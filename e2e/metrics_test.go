package e2e

// /metrics and the access log (issue 12, points 10 and 11).

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, url, bearer string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsAndAccessLog(t *testing.T) {
	metricsAddr := freeAddr(t)
	e := newSecurityEnv(t, "--metrics-addr", metricsAddr)
	// An embargoed story, a webhook, a stream and some pages.
	embargo := time.Now().Add(48 * time.Hour)
	if _, err := createAndPublish(context.Background(), e.srv.base, e.editor, storyBody("Embargoed budget", 1, 100), &embargo); err != nil {
		t.Fatal(err)
	}
	st, b, err := apiCall(context.Background(), http.MethodPut, e.srv.base+"/api/v1/admin/subscribers/1/webhook", e.admin,
		map[string]string{"url": "https://hooks.invalid/wire", "from": "start"})
	if err != nil || st != 200 {
		t.Fatalf("set webhook: %d %v %s", st, err, b)
	}
	for _, p := range []string{"/", "/", "/news/" + e.storyID, "/feeds/all.rss", "/no-such-page"} {
		resp, err := http.Get(e.srv.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+e.key)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("stream: %v", err)
	}
	defer stream.Body.Close()

	// On the public address: admin tokens only.
	if s, _ := scrape(t, e.srv.base+"/metrics", ""); s != 401 {
		t.Fatalf("/metrics without a token: %d, want 401", s)
	}
	if s, _ := scrape(t, e.srv.base+"/metrics", e.editor); s != 403 {
		t.Fatalf("/metrics with an editor's token: %d, want 403", s)
	}
	if s, _ := scrape(t, e.srv.base+"/metrics", e.key); s != 401 {
		t.Fatalf("/metrics with a subscriber's key: %d, want 401", s)
	}
	s, body := scrape(t, e.srv.base+"/metrics", e.admin)
	if s != 200 {
		t.Fatalf("/metrics with an admin token: %d", s)
	}
	// On --metrics-addr: no token needed.
	s, body2 := scrape(t, "http://"+metricsAddr+"/metrics", "")
	if s != 200 {
		t.Fatalf("/metrics on --metrics-addr: %d", s)
	}
	for _, want := range []string{
		`dateline_http_requests_total{code="200",method="GET",route="GET /news/{id}"} 1`,
		`dateline_http_requests_total{code="404",method="GET",route="/"} 1`,
		`dateline_http_request_duration_seconds_bucket{route="GET /{$}",le=`,
		"dateline_page_cache_hits_total 1",
		"dateline_page_cache_misses_total",
		"dateline_page_cache_bytes",
		"dateline_stream_connections 1",
		`dateline_webhook_backlog_events{subscriber="paper"}`,
		`dateline_webhook_failed_attempts{subscriber="paper"}`,
		`dateline_embargo_queue{due="false"} 1`,
		`dateline_db_connections_in_use{pool="writer"}`,
		"dateline_publish_to_visible_seconds_count 2",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if !strings.Contains(body2, "dateline_http_requests_total") {
		t.Error("--metrics-addr serves other metrics")
	}
	// The access log: one structured line per request.
	log := e.srv.log.String()
	found := false
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "msg=request") && strings.Contains(line, `route="GET /news/{id}"`) {
			found = true
			for _, f := range []string{"request_id=", "status=200", "bytes=", "duration=", "method=GET"} {
				if !strings.Contains(line, f) {
					t.Errorf("access log line lacks %s: %s", f, line)
				}
			}
		}
	}
	if !found {
		t.Errorf("no access log line for the article:\n%s", log)
	}
}

func TestAccessLogOff(t *testing.T) {
	e := newSecurityEnv(t, "--access-log=false")
	for range 3 {
		resp, err := http.Get(e.srv.base + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if strings.Contains(e.srv.log.String(), "msg=request") {
		t.Fatalf("--access-log=false still logs requests:\n%s", e.srv.log.String())
	}
}
