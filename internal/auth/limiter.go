package auth

import (
	"strings"
	"sync"
	"time"
)

// throttle counts failed logins per key and slows a key down once it has
// too many: each attempt is reserved (counted) before its password is
// hashed, under one lock, so parallel attempts cannot slip past a limit.
// Beyond the free attempts, each further attempt waits a delay that
// doubles with every failure (BaseDelay, 2×, 4×, ... up to MaxDelay): a
// slowdown, never a hard lock. It lives in memory: a restart forgets it.
type throttle struct {
	mu   sync.Mutex
	keys map[string]*keyState
}

type keyState struct {
	fails   int       // failures not yet forgotten
	pending int       // attempts reserved and being checked
	first   time.Time // first remembered failure
	last    time.Time // latest failure
}

func newThrottle() *throttle { return &throttle{keys: map[string]*keyState{}} }

// maxKeys bounds memory: beyond it, forgotten and then arbitrary keys go.
const maxKeys = 100000

// rule is one limit: free failures before delays start.
type rule struct {
	key  string
	free int
}

// delayFor is how long after its latest failure a key with n failures
// (free of them allowed) must wait before its next attempt.
func (a *Authenticator) delayFor(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := a.cfg.BaseDelay
	for i := free; i < n && d < a.cfg.MaxDelay; i++ {
		d *= 2
	}
	return min(d, a.cfg.MaxDelay)
}

// reserve counts one attempt on every rule's key, or none: it returns how
// long to wait when a key is over its limit. unlockedAt, when not zero,
// forgets failures of account keys made before it.
func (a *Authenticator) reserve(rules []rule, now time.Time, unlockedAt time.Time) (time.Duration, bool) {
	l := a.throttle
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for _, r := range rules {
		st := l.keys[r.key]
		if st == nil {
			continue
		}
		if st.pending == 0 && (now.Sub(st.last) > a.cfg.LimitWindow ||
			(!unlockedAt.IsZero() && strings.HasPrefix(r.key, "a:") && !st.last.After(unlockedAt))) {
			delete(l.keys, r.key)
			continue
		}
		n := st.fails + st.pending
		if n < r.free {
			continue
		}
		if st.pending > 0 {
			// Over the limit, one attempt at a time.
			wait = max(wait, a.cfg.BaseDelay)
			continue
		}
		if d := st.last.Add(a.delayFor(n, r.free)).Sub(now); d > 0 {
			wait = max(wait, d)
		}
	}
	if wait > 0 {
		return wait, false
	}
	if len(l.keys) >= maxKeys {
		l.prune(now, a.cfg.LimitWindow)
	}
	for _, r := range rules {
		st := l.keys[r.key]
		if st == nil {
			st = &keyState{}
			l.keys[r.key] = st
		}
		st.pending++
	}
	return 0, true
}

// settle ends a reserved attempt: a failure is remembered on every key, a
// success forgets the keys in forget.
func (a *Authenticator) settle(rules []rule, now time.Time, failed bool, forget ...string) {
	l := a.throttle
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range rules {
		st := l.keys[r.key]
		if st == nil {
			continue
		}
		st.pending = max(st.pending-1, 0)
		if failed {
			if st.fails == 0 {
				st.first = now
			}
			st.fails++
			st.last = now
		} else if st.fails == 0 && st.pending == 0 {
			delete(l.keys, r.key)
		}
	}
	for _, k := range forget {
		if st := l.keys[k]; st != nil && st.pending == 0 {
			delete(l.keys, k)
		} else if st != nil {
			st.fails = 0
		}
	}
}

// forgetAccount drops every key of an account (an admin's unlock).
func (a *Authenticator) forgetAccount(name string) {
	l := a.throttle
	l.mu.Lock()
	defer l.mu.Unlock()
	prefix := "a:" + name + "\x00"
	for k, st := range l.keys {
		if strings.HasPrefix(k, prefix) {
			st.fails = 0
			if st.pending == 0 {
				delete(l.keys, k)
			}
		}
	}
}

// prune drops forgotten keys, then arbitrary idle ones until half full.
func (l *throttle) prune(now time.Time, window time.Duration) {
	for k, st := range l.keys {
		if st.pending == 0 && now.Sub(st.last) > window {
			delete(l.keys, k)
		}
	}
	for k, st := range l.keys {
		if len(l.keys) < maxKeys/2 {
			break
		}
		if st.pending == 0 {
			delete(l.keys, k)
		}
	}
}
