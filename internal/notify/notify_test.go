package notify

import "testing"

func TestNotifyClosesTheChannelTakenBefore(t *testing.T) {
	h := New()
	c := h.Changed()
	select {
	case <-c:
		t.Fatal("channel closed before any Notify")
	default:
	}
	h.Notify()
	select {
	case <-c:
	default:
		t.Fatal("channel taken before Notify is still open")
	}
	// The next waiter waits for the next Notify.
	next := h.Changed()
	if next == c {
		t.Fatal("Changed after Notify returned the closed channel")
	}
	select {
	case <-next:
		t.Fatal("a channel taken after Notify is closed already")
	default:
	}
}
