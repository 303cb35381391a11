package auth

import (
	"context"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// failureGap is the least time between two writes of failed-login audit
// entries.
const failureGap = 250 * time.Millisecond

// failureLog writes the audit entries of failed logins. Each is a commit,
// and on SQLite a commit is an fsync, which on some machines stalls the
// whole process for tens of milliseconds: a flood of wrong passwords must
// not turn into a flood of fsyncs. So the entries go in groups: one that
// arrives when nothing was written for failureGap is written at once;
// those that arrive sooner wait for the next write, at most failureGap
// later, and go in one transaction. The caller returns when its entry is
// stored, as with a direct write.
type failureLog struct {
	acc store.Accounts

	mu      sync.Mutex
	cur     *failureBatch
	running bool
	last    time.Time // of the latest write; only run touches it
}

type failureBatch struct {
	entries []*store.AuditEntry
	done    chan struct{}
}

// add stores e with the next group and waits until it is written (or ctx
// ends).
func (l *failureLog) add(ctx context.Context, e *store.AuditEntry) {
	l.mu.Lock()
	if l.cur == nil {
		l.cur = &failureBatch{done: make(chan struct{})}
	}
	b := l.cur
	b.entries = append(b.entries, e)
	if !l.running {
		l.running = true
		go l.run()
	}
	l.mu.Unlock()
	select {
	case <-b.done:
	case <-ctx.Done():
	}
}

func (l *failureLog) run() {
	for {
		if wait := time.Until(l.last.Add(failureGap)); wait > 0 {
			time.Sleep(wait) // later failures join the group meanwhile
		}
		l.mu.Lock()
		b := l.cur
		l.cur = nil
		if b == nil {
			l.running = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_ = l.acc.AppendAudit(store.WithAudit(ctx, b.entries[1:]...), b.entries[0])
		cancel()
		l.last = time.Now()
		close(b.done)
	}
}
