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

// A long poll that waits holds a connection as a stream does: it counts
// against the same caps, and one that does not wait is never refused.
func TestLongPollsShareStreamCaps(t *testing.T) {
	e := newEnv(t, Config{MaxStreamsPerKey: 2, MaxStreams: 10})
	a := e.subscriber("agency-a", false, "")
	get := func(ctx context.Context, query string) *http.Response {
		req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/wire?"+query, nil)
		req.Header.Set("Authorization", "Bearer "+a.Key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	// Two waiting polls fill the key's slots; they answer only when
	// cancelled (no events arrive), so run them in the background.
	done := make(chan struct{}, 2)
	for range 2 {
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/wire?wait=30", nil)
			req.Header.Set("Authorization", "Bearer "+a.Key)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			done <- struct{}{}
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.w.Streams() != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("waiting polls held %d slots, want 2", e.w.Streams())
		}
		time.Sleep(5 * time.Millisecond)
	}
	resp := get(e.ctx, "wait=30")
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a third waiting poll on one key: %d (Retry-After %q), want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp = get(e.ctx, "wait=0")
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a poll that does not wait: %d, want 200", resp.StatusCode)
	}
	cancel()
	<-done
	<-done
	deadline = time.Now().Add(10 * time.Second)
	for e.w.Streams() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the cancelled polls' slots were never freed")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
