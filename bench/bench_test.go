package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{ms(7), 99, 7 * time.Millisecond},
		{ms(5, 1, 3, 2, 4), 50, 3 * time.Millisecond},
		{ms(5, 1, 3, 2, 4), 100, 5 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.in, tt.p); got != tt.want {
			t.Errorf("percentile(%v, %v) = %v, want %v", tt.in, tt.p, got, tt.want)
		}
	}
}

func TestLastSecret(t *testing.T) {
	tests := []struct{ out, want string }{
		{"Token for bench-editor (shown once):\n  dl_tok_3f9a8b7c6d5e4f3a2b1c0d9e\n", "dl_tok_3f9a8b7c6d5e4f3a2b1c0d9e"},
		{"key: abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345"},
		{"created\n", ""},
	}
	for _, tt := range tests {
		if got := lastSecret(tt.out); got != tt.want {
			t.Errorf("lastSecret(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
}

func TestSitemapLocs(t *testing.T) {
	index := `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://x/sitemaps/1.xml</loc></sitemap><sitemap><loc>http://x/sitemaps/2.xml</loc></sitemap></sitemapindex>`
	set := `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/news/abc/some-slug</loc></url></urlset>`
	got, err := sitemapLocs([]byte(index))
	if err != nil || len(got) != 2 || got[1] != "http://x/sitemaps/2.xml" {
		t.Errorf("index: %v, %v", got, err)
	}
	got, err = sitemapLocs([]byte(set))
	if err != nil || len(got) != 1 || got[0] != "http://x/news/abc/some-slug" {
		t.Errorf("urlset: %v, %v", got, err)
	}
	if _, err := sitemapLocs([]byte("<urlset><url>")); err == nil {
		t.Error("broken XML gave no error")
	}
}

// TestFollow reads a real SSE response and checks events are split on
// blank lines with multi-line data joined.
func TestFollow(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "id: 1\ndata: {\"id\":\"aaa\"}\n\n: comment\n\nid: 2\ndata: line one\ndata: bbb\n\n")
	}))
	defer srv.Close()
	var got []string
	var ready sync.WaitGroup
	ready.Add(1)
	err := follow(context.Background(), srv.URL, "k", &ready, func(data []byte, _ time.Time) { got = append(got, string(data)) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{" {\"id\":\"aaa\"}\n", " line one\n bbb\n"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events %q, want %q", got, want)
	}
	ready.Add(1)
	if err := follow(context.Background(), srv.URL, "wrong", &ready, func([]byte, time.Time) {}); err == nil {
		t.Error("a 401 stream gave no error")
	}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name string
		in   []wrkResult
		want wrkResult
	}{
		{"none", nil, wrkResult{}},
		{"one", []wrkResult{{Requests: 10, DurationUS: 1e6, Bytes: 100, P50US: 1, P95US: 2, P99US: 3, MaxUS: 4, Timeout: 1}},
			wrkResult{Requests: 10, DurationUS: 1e6, Bytes: 100, P50US: 1, P95US: 2, P99US: 3, MaxUS: 4, Timeout: 1}},
		{"two nodes", []wrkResult{
			{Requests: 1000, DurationUS: 5_000_000, Bytes: 10, Status: 2, P50US: 100, P95US: 900, P99US: 2000, MaxUS: 5000},
			{Requests: 3000, DurationUS: 5_010_000, Bytes: 30, Read: 1, P50US: 200, P95US: 800, P99US: 1500, MaxUS: 9000},
		}, wrkResult{Requests: 4000, DurationUS: 5_010_000, Bytes: 40, Status: 2, Read: 1, P50US: 200, P95US: 900, P99US: 2000, MaxUS: 9000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := merge(tt.in)
			if got != tt.want {
				t.Errorf("merge = %+v, want %+v", got, tt.want)
			}
		})
	}
	// Two nodes at 200 and 600 req/s over the same 5 s make 800 req/s.
	m := merge([]wrkResult{{Requests: 1000, DurationUS: 5e6}, {Requests: 3000, DurationUS: 5e6}})
	if m.RPS() != 800 || m.Errors() != 0 {
		t.Errorf("RPS %v errors %d, want 800 and 0", m.RPS(), m.Errors())
	}
}

func TestRunFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--nodes", "3"}, "--nodes 3: use 1 or 2"},
		{[]string{"--nodes", "2"}, "--nodes 2 needs a shared database"},
		{[]string{"--db", "sqlite:/tmp/x.db"}, "want postgres://"},
		{[]string{"--db", "mysql://x"}, "want postgres://"},
		{[]string{"--tail", "100"}, "--tail 100: use 0 or at least"},
	}
	for _, tt := range tests {
		var out, errs strings.Builder
		err := run(context.Background(), tt.args, &out, &errs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}
