package auth

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The login lane admits its number of requests, parks the next ones up to
// its bound, refuses the rest at once, and lets a request step out while
// it hashes.
func TestLoginLane(t *testing.T) {
	ctx := context.Background()
	l := NewLane(1, 1)
	ctx1, leave1, err := l.Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	entered := make(chan func())
	go func() {
		_, leave, err := l.Enter(ctx)
		if err != nil {
			t.Error(err)
		}
		entered <- leave
	}()
	for deadline := time.Now().Add(10 * time.Second); l.waiting.Load() != 1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the second request never waited")
		}
	}
	if _, _, err := l.Enter(ctx); !errors.Is(err, ErrBusy) {
		t.Fatalf("a third request with one waiting already: %v; want ErrBusy", err)
	}
	// While the first request hashes, it is out of the lane: the waiting
	// one gets its turn, and the first waits for it to end before going on.
	resumed := make(chan struct{})
	go func() {
		_ = stepOut(ctx1, func() error {
			leave2 := <-entered
			leave2()
			return nil
		})
		close(resumed)
	}()
	select {
	case <-resumed:
	case <-time.After(10 * time.Second):
		t.Fatal("the first request never got its turn back")
	}
	leave1()
	if len(l.slots) != 0 {
		t.Errorf("%d turns still taken after both ended", len(l.slots))
	}
	// A request whose client has gone does not wait.
	_, leave, _ := l.Enter(ctx)
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := l.Enter(gone); !errors.Is(err, ErrBusy) {
		t.Errorf("a cancelled request: %v; want ErrBusy", err)
	}
	leave()
}
