package store

import "context"

type auditKey struct{}

// pendingAudit holds the audit entries of one change until the write
// transaction that makes the change commits with them.
type pendingAudit struct {
	entries []*AuditEntry
	written bool
	outer   *pendingAudit // entries of an enclosing WithAudit, written together
}

// WithAudit returns a context whose next write transaction also appends
// entries to the audit log, in the same transaction as the change they
// record: either both are saved or neither is. Engines read the entries
// just before they commit, so a Mutation running inside the transaction
// may still fill them in; an entry whose Action is empty is skipped. Once
// a transaction has committed with them, they are not written again.
// Entries of an enclosing WithAudit not yet written (a command line
// action that says who ran it) go into the same transaction.
func WithAudit(ctx context.Context, entries ...*AuditEntry) context.Context {
	outer, _ := ctx.Value(auditKey{}).(*pendingAudit)
	return context.WithValue(ctx, auditKey{}, &pendingAudit{entries: entries, outer: outer})
}

// PendingAudit returns the entries that the write transaction running with
// ctx must append before it commits. Engines call it.
func PendingAudit(ctx context.Context) []*AuditEntry {
	var out []*AuditEntry
	for p, _ := ctx.Value(auditKey{}).(*pendingAudit); p != nil; p = p.outer {
		if p.written {
			continue
		}
		for _, e := range p.entries {
			if e != nil && e.Action != "" {
				if e.User == "" {
					e.User = Actor(ctx)
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// AuditWritten records that the entries of ctx were committed. Engines
// call it after a commit that included PendingAudit(ctx).
func AuditWritten(ctx context.Context) {
	for p, _ := ctx.Value(auditKey{}).(*pendingAudit); p != nil; p = p.outer {
		p.written = true
	}
}

type actorKey struct{}

// WithActor names who makes the changes done with ctx (an account name,
// "cli", "system"); audit entries without a User are written with it.
func WithActor(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, actorKey{}, user)
}

// Actor returns the name given with WithActor, or "system".
func Actor(ctx context.Context) string {
	if u, _ := ctx.Value(actorKey{}).(string); u != "" {
		return u
	}
	return "system"
}
