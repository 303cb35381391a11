package wire

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// Streams are capped per key and in total; beyond a cap, 503 with
// Retry-After, and a closed stream frees its slot.
func TestStreamCaps(t *testing.T) {
	e := newEnv(t, Config{MaxStreamsPerKey: 3, MaxStreams: 5})
	a := e.subscriber("agency-a", false, "")
	b := e.subscriber("agency-b", false, "")
	open := func(key string) (*http.Response, context.CancelFunc) {
		ctx, cancel := context.WithCancel(e.ctx)
		req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/stream", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp, func() { cancel(); resp.Body.Close() }
	}
	var closers []context.CancelFunc
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for i := range 3 {
		resp, cl := open(a.Key)
		closers = append(closers, cl)
		if resp.StatusCode != 200 {
			t.Fatalf("stream %d of key a: %d", i, resp.StatusCode)
		}
	}
	resp, cl := open(a.Key)
	cl()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a fourth stream on one key: %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for i := range 2 {
		resp, cl := open(b.Key)
		closers = append(closers, cl)
		if resp.StatusCode != 200 {
			t.Fatalf("stream %d of key b: %d", i, resp.StatusCode)
		}
	}
	resp, cl = open(b.Key)
	cl()
	if resp.StatusCode != 503 {
		t.Fatalf("a sixth stream in all: %d, want 503", resp.StatusCode)
	}
	if n := e.w.Streams(); n != 5 {
		t.Fatalf("Streams() = %d, want 5", n)
	}
	// Closing one frees its slot.
	closers[0]()
	closers = closers[1:]
	deadline := time.Now().Add(10 * time.Second)
	for e.w.Streams() != 4 {
		if time.Now().After(deadline) {
			t.Fatal("the closed stream's slot was never freed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	resp, cl = open(a.Key)
	closers = append(closers, cl)
	if resp.StatusCode != 200 {
		t.Fatalf("a stream after one closed: %d", resp.StatusCode)
	}
}
