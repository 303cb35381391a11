package auth

import (
	"context"
	"sync/atomic"
)

// gate bounds how many argon2id hashes run at once (each takes 19 MiB and
// a core for tens of milliseconds) and how many wait for a turn; beyond
// that, ErrBusy. It is what keeps a login flood from taking memory and
// CPU from everything else.
type gate struct {
	slots   chan struct{}
	maxWait int64

	waiting  atomic.Int64
	inFlight atomic.Int64
	peak     atomic.Int64
	hashed   atomic.Int64
	busy     atomic.Int64
}

func newGate(slots, waiting int) *gate {
	return &gate{slots: make(chan struct{}, slots), maxWait: int64(waiting)}
}

// do runs fn (a hash) when a slot is free; ErrBusy when too many wait.
// The request steps out of its login lane meanwhile.
func (g *gate) do(ctx context.Context, fn func()) error {
	return stepOut(ctx, func() error { return g.run(ctx, fn) })
}

func (g *gate) run(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		if g.waiting.Add(1) > g.maxWait {
			g.waiting.Add(-1)
			g.busy.Add(1)
			return ErrBusy
		}
		select {
		case g.slots <- struct{}{}:
			g.waiting.Add(-1)
		case <-ctx.Done():
			g.waiting.Add(-1)
			g.busy.Add(1)
			return ErrBusy
		}
	}
	n := g.inFlight.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	defer func() {
		g.inFlight.Add(-1)
		<-g.slots
	}()
	g.hashed.Add(1)
	fn() // in a reused buffer (argonKey): a flood makes no garbage
	return nil
}

// HashStats says how password hashing has gone since the start.
type HashStats struct {
	Slots     int   // hashes allowed at once
	InFlight  int64 // hashes running now
	Peak      int64 // most hashes that ever ran at once
	Hashed    int64 // hashes run (logins checked, passwords set)
	Busy      int64 // attempts refused with ErrBusy
	Throttled int64 // attempts refused with ErrRateLimited
}
