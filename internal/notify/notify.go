// Package notify wakes waiters when the change log grows: the wire's long
// polls, streams and webhook workers. On one node the app calls Notify
// after each committed public change; with PostgreSQL a LISTEN loop also
// calls it for changes made on other nodes. (Page caches are dropped by
// the app directly, not through the hub.)
package notify

import (
	"sync"
)

// Hub is a broadcast signal. The zero value is not usable; use New.
type Hub struct {
	mu sync.Mutex
	ch chan struct{}
}

// New returns a Hub.
func New() *Hub { return &Hub{ch: make(chan struct{})} }

// Notify wakes every current waiter.
func (h *Hub) Notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.ch)
	h.ch = make(chan struct{})
}

// Changed returns a channel that is closed at the next Notify. Take it
// before checking for news, then wait on it, so nothing is missed.
func (h *Hub) Changed() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ch
}
