package sqlite

import (
	"testing"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts { return openTemp(t) })
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := openTemp(t)
	ctx := t.Context()
	if err := db.AppendAudit(ctx, &store.AuditEntry{At: base, User: "ana", Action: "create", StoryID: "s"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET user = 'eve'", "DELETE FROM audit_log"} {
		if _, err := db.w.ExecContext(ctx, q); err == nil {
			t.Errorf("%s succeeded; the audit log must be append-only", q)
		}
	}
}

func TestSiteConformance(t *testing.T) {
	storetest.RunSite(t, func(t *testing.T) storetest.SiteStore { return openTemp(t) })
}
