package auth

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dateline-news/dateline/internal/store"
)

// countingAccounts counts the audit writes (commits) made through it.
type countingAccounts struct {
	store.Accounts
	writes atomic.Int64
}

func (c *countingAccounts) AppendAudit(ctx context.Context, e *store.AuditEntry) error {
	c.writes.Add(1)
	return c.Accounts.AppendAudit(ctx, e)
}

// Failed logins that arrive together are audited in a few grouped
// commits, not one commit (fsync) each; every entry is stored by the time
// its caller returns.
func TestFailedLoginsAuditedInGroups(t *testing.T) {
	db := openAccounts(t)
	acc := &countingAccounts{Accounts: db}
	l := &failureLog{acc: acc}
	l.add(t.Context(), &store.AuditEntry{Action: "login-failed", User: "first"})
	if e, _ := db.Audit(t.Context(), store.AuditQuery{Action: "login-failed"}); len(e) != 1 {
		t.Fatalf("a single failure: %d entries stored when add returned, want 1", len(e))
	}
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() {
			l.add(t.Context(), &store.AuditEntry{Action: "login-failed", User: fmt.Sprintf("u%d", i)})
		})
	}
	wg.Wait()
	if e, _ := db.Audit(t.Context(), store.AuditQuery{Action: "login-failed", Limit: 1000}); len(e) != 61 {
		t.Fatalf("%d entries stored, want 61", len(e))
	}
	// The first write came at once; the 60 that arrived during the wait
	// that follows it go in one or a few groups (however the goroutines
	// were scheduled), never one each.
	if n := acc.writes.Load(); n > 10 {
		t.Errorf("61 failures took %d audit commits; want a few", n)
	}
	t.Logf("61 failures, %d audit commits", acc.writes.Load())
}
