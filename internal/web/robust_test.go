package web

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSiteURL sends arbitrary paths and queries to the site: the answer is
// never a 500 and never a stack trace.
func FuzzSiteURL(f *testing.F) {
	for _, seed := range []string{"/", "/news?before=x", "/news/abc", "/search?q=%22a%22+OR+b*", "/tag/%FF", "/feeds/section/a.rss",
		"/sitemaps/stories-2026-11.xml", "/news?page=-3&lang=ru", "/section/x?before=MTIzOmFiYw"} {
		f.Add(seed)
	}
	s := newSite(f)
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") {
			return
		}
		req, err := http.NewRequest("GET", "http://x"+target, nil)
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		s.srv.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "goroutine ") {
			t.Fatalf("%q: stack trace in the answer", target)
		}
	})
}

func TestPanicBecomesFriendly500(t *testing.T) {
	s := newSite(t)
	mux := http.NewServeMux()
	s.srv.Register(mux)
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("secret detail") })
	rec := httptest.NewRecorder()
	s.srv.Middleware(mux).ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	r := struct {
		status int
		body   string
		header http.Header
	}{rec.Code, rec.Body.String(), rec.Header()}
	if r.status != 500 || strings.Contains(r.body, "secret detail") || !strings.Contains(r.body, "Something went wrong") {
		t.Errorf("panic: %d\n%.400s", r.status, r.body)
	}
	if id := r.header.Get("X-Request-Id"); id == "" || !strings.Contains(r.body, id) {
		t.Errorf("the 500 page does not show the request id %q", id)
	}
}

func TestReadyz(t *testing.T) {
	s := New(Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Ready: func(context.Context) error { return errors.New("database gone: /secret/path") }}, nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("readyz: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Errorf("healthz: %d", rec.Code)
	}
}

func TestHomeTopStories(t *testing.T) {
	s := newSite(t)
	body := s.get("/").body
	top := body[strings.Index(body, `class="lead"`):strings.Index(body, `id="rail-h"`)]
	// Flash first (urgency 1, the lead), then the urgency-4 ferry story.
	iFlash, iFerry := strings.Index(top, "Earthquake shakes"), strings.Index(top, "Harbour council")
	if iFlash < 0 || iFerry < 0 || iFlash > iFerry {
		t.Errorf("top stories order: flash at %d, ferry at %d\n%s", iFlash, iFerry, top)
	}
	if !strings.Contains(top, `<span class="mark flash">Flash</span>`) {
		t.Error("the flash story is not marked")
	}
}

func BenchmarkCachedPages(b *testing.B) {
	s := newSite(b)
	for _, p := range []string{"/news", "/news/" + s.ids["en"], "/feeds/all.atom"} {
		b.Run(p, func(b *testing.B) {
			h := s.srv.Handler()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}

func TestGzip(t *testing.T) {
	s := newSite(t)
	req, _ := http.NewRequest("GET", s.http.URL+"/news", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v", resp.Header)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil || !strings.Contains(string(b), "<h1>All news</h1>") {
		t.Fatalf("gzipped body: %v %.200s", err, b)
	}
	plain := s.get("/news")
	gzTag := resp.Header.Get("ETag")
	if gzTag == plain.header.Get("ETag") || plain.body != string(b) {
		t.Errorf("gzip and identity share ETag %s or differ in content", gzTag)
	}
	req.Header.Set("If-None-Match", gzTag)
	resp2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != 304 {
		t.Errorf("gzip If-None-Match: %d", resp2.StatusCode)
	}
}
