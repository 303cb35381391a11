package auth

import (
	"sync"
	"time"
)

// limiter counts failed logins per key (account or address) in a sliding
// window. It lives in the Authenticator, in memory: a restart forgets it,
// which at worst gives an attacker a fresh window per restart.
type limiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newLimiter() *limiter { return &limiter{failures: map[string][]time.Time{}} }

// maxKeys bounds memory: beyond it the oldest-looking keys are dropped.
const maxKeys = 100000

func (l *limiter) count(key string, now time.Time, window time.Duration) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := l.failures[key]
	keep := list[:0]
	for _, t := range list {
		if now.Sub(t) < window {
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = keep
	}
	return len(keep)
}

func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= maxKeys {
		for k := range l.failures {
			delete(l.failures, k)
			if len(l.failures) < maxKeys/2 {
				break
			}
		}
	}
	list := l.failures[key]
	if len(list) >= 100 {
		list = list[1:]
	}
	l.failures[key] = append(list, now)
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}
