package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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
