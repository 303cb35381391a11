// Package notify wakes waiters when something changed: new change-log
// events, public pages to re-render. On one node the publishing service
// calls Notify after each commit; with PostgreSQL a LISTEN loop also calls
// it for changes made on other nodes.
package notify

import (
	"context"
	"sync"
)

// Hub is a broadcast signal. The zero value is not usable; use New.
type Hub struct {
	mu    sync.Mutex
	ch    chan struct{}
	funcs []func()
}

// New returns a Hub.
func New() *Hub { return &Hub{ch: make(chan struct{})} }

// Notify wakes every current waiter and calls every registered function.
func (h *Hub) Notify() {
	h.mu.Lock()
	close(h.ch)
	h.ch = make(chan struct{})
	funcs := h.funcs
	h.mu.Unlock()
	for _, f := range funcs {
		f()
	}
}

// Changed returns a channel that is closed at the next Notify. Take it
// before checking for news, then wait on it, so nothing is missed.
func (h *Hub) Changed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch
}

// OnNotify registers f to be called at every Notify.
func (h *Hub) OnNotify(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.funcs = append(h.funcs, f)
}

// Wait blocks until the next Notify or until ctx ends; it reports whether
// a change came.
func (h *Hub) Wait(ctx context.Context) bool {
	select {
	case <-h.Changed():
		return true
	case <-ctx.Done():
		return false
	}
}
