package metrics

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestWrapCountsAndLogs(t *testing.T) {
	var logBuf strings.Builder
	m := New(slog.New(slog.NewTextHandler(&logBuf, nil)))
	m.Register(Gauge("dateline_test_gauge", "A test gauge.", func() float64 { return 7 }))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /news/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "abc123")
		w.Write([]byte("hello"))
	})
	mux.Handle("GET /metrics", m.Handler())
	srv := httptest.NewServer(m.Wrap(mux))
	defer srv.Close()
	for range 2 {
		resp, err := http.Get(srv.URL + "/news/42")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`dateline_http_requests_total{code="200",method="GET",route="GET /news/{id}"} 2`, "dateline_test_gauge 7", "go_goroutines"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q:\n%.2000s", want, b)
		}
	}
	line := logBuf.String()
	for _, want := range []string{"msg=request", "request_id=abc123", `route="GET /news/{id}"`, "status=200", "bytes=5", "duration="} {
		if !strings.Contains(line, want) {
			t.Errorf("access log lacks %s: %s", want, line)
		}
	}
}
