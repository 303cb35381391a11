package auth

import (
	"context"
	"sync/atomic"
)

// Lane lets a few requests at a time do their work, and parks the others
// (a parked goroutine costs no CPU). It is for logins: 150 of them arriving
// at once would otherwise all parse forms, query accounts and render pages
// together, and a reader's request would wait behind all of them for a
// core. A request in the lane leaves it while it waits for, and runs, its
// password hash (the hashing gate bounds that), so throttled attempts are
// answered while others hash.
type Lane struct {
	slots   chan struct{}
	maxWait int64
	waiting atomic.Int64
}

// NewLane admits n requests at a time and lets at most maxWait wait.
func NewLane(n, maxWait int) *Lane {
	return &Lane{slots: make(chan struct{}, max(n, 1)), maxWait: int64(maxWait)}
}

type turnKey struct{}

// turn is one request's place in a lane; only its own goroutine uses it.
type turn struct {
	l    *Lane
	held bool
}

// Enter waits for a turn in the lane. It returns the request's context,
// which carries the turn (so that hashing can step out of the lane), and
// the function that ends the turn; ErrBusy when too many wait or ctx ends.
func (l *Lane) Enter(ctx context.Context) (context.Context, func(), error) {
	t := &turn{l: l}
	if err := t.take(ctx); err != nil {
		return ctx, func() {}, err
	}
	return context.WithValue(ctx, turnKey{}, t), t.give, nil
}

func (t *turn) take(ctx context.Context) error {
	l := t.l
	select {
	case l.slots <- struct{}{}:
		t.held = true
		return nil
	default:
	}
	if l.waiting.Add(1) > l.maxWait {
		l.waiting.Add(-1)
		return ErrBusy
	}
	defer l.waiting.Add(-1)
	select {
	case l.slots <- struct{}{}:
		t.held = true
		return nil
	case <-ctx.Done():
		return ErrBusy
	}
}

func (t *turn) give() {
	if t.held {
		t.held = false
		<-t.l.slots
	}
}

// stepOut leaves the lane of ctx's request, if any, while fn runs (a wait
// for the hashing gate and the hash), and takes a turn again after it.
// When no turn comes (the client left, or the queue is full), the request
// finishes outside the lane: its attempt is counted all the same.
func stepOut(ctx context.Context, fn func() error) error {
	t, _ := ctx.Value(turnKey{}).(*turn)
	if t == nil || !t.held {
		return fn()
	}
	t.give()
	err := fn()
	_ = t.take(ctx)
	return err
}
