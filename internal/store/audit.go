package store

import "context"

type auditKey struct{}

// pendingAudit holds the audit entries of one change until the write
// transaction that makes the change commits with them.
type pendingAudit struct {
	entries []*AuditEntry
	written bool
}

// WithAudit returns a context whose next write transaction also appends
// entries to the audit log, in the same transaction as the change they
// record: either both are saved or neither is. Engines read the entries
// just before they commit, so a Mutation running inside the transaction
// may still fill them in; an entry whose Action is empty is skipped. Once
// a transaction has committed with them, they are not written again.
func WithAudit(ctx context.Context, entries ...*AuditEntry) context.Context {
	return context.WithValue(ctx, auditKey{}, &pendingAudit{entries: entries})
}

// PendingAudit returns the entries that the write transaction running with
// ctx must append before it commits. Engines call it.
func PendingAudit(ctx context.Context) []*AuditEntry {
	p, _ := ctx.Value(auditKey{}).(*pendingAudit)
	if p == nil || p.written {
		return nil
	}
	out := make([]*AuditEntry, 0, len(p.entries))
	for _, e := range p.entries {
		if e != nil && e.Action != "" {
			out = append(out, e)
		}
	}
	return out
}

// AuditWritten records that the entries of ctx were committed. Engines
// call it after a commit that included PendingAudit(ctx).
func AuditWritten(ctx context.Context) {
	if p, _ := ctx.Value(auditKey{}).(*pendingAudit); p != nil {
		p.written = true
	}
}
