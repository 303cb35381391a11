package notify

import (
	"context"
	"testing"
	"time"
)

func TestNotifyWakesWaiters(t *testing.T) {
	h := New()
	called := 0
	h.OnNotify(func() { called++ })
	c := h.Changed()
	done := make(chan bool)
	go func() { done <- h.Wait(context.Background()) }()
	time.Sleep(10 * time.Millisecond)
	h.Notify()
	if !<-done {
		t.Fatal("waiter not woken")
	}
	select {
	case <-c:
	default:
		t.Fatal("channel taken before Notify is still open")
	}
	if called != 1 {
		t.Fatalf("OnNotify called %d times", called)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if h.Wait(ctx) {
		t.Fatal("Wait reported a change without Notify")
	}
}
