package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// RunAccounts runs the conformance suite of store.Accounts. open must
// return a new, empty store for each call and close it when the test ends.
func RunAccounts(t *testing.T, open func(t *testing.T) store.Accounts) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Accounts)
	}{
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Tokens", testTokens},
		{"Audit", testAudit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func mkUser(t *testing.T, st store.Accounts, name string, role store.Role) *store.User {
	t.Helper()
	u := &store.User{Name: name, Role: role, PasswordHash: "$argon2id$fake-" + name, CreatedAt: t0}
	if err := st.CreateUser(ctxT(t), u); err != nil {
		t.Fatalf("CreateUser %s: %v", name, err)
	}
	if u.ID == 0 {
		t.Fatalf("CreateUser %s: no id set", name)
	}
	return u
}

func testUsers(t *testing.T, st store.Accounts) {
	ctx := ctxT(t)
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on empty store = %d, %v; want 0", n, err)
	}
	ana := mkUser(t, st, "ana", store.RoleReporter)
	mkUser(t, st, "bo", store.RoleEditor)
	err := st.CreateUser(ctx, &store.User{Name: "ANA", Role: store.RoleAdmin, PasswordHash: "x", CreatedAt: t0})
	wantErr(t, "second user named ANA", err, store.ErrUserExists)
	if n, _ := st.CountUsers(ctx); n != 2 {
		t.Fatalf("CountUsers = %d after a refused duplicate, want 2", n)
	}
	for _, name := range []string{"ana", "Ana"} {
		got, err := st.UserByName(ctx, name)
		if err != nil {
			t.Fatalf("UserByName %q: %v", name, err)
		}
		if !sameUser(got, ana) {
			t.Fatalf("UserByName %q = %+v, want %+v", name, got, ana)
		}
	}
	got, err := st.User(ctx, ana.ID)
	if err != nil || !sameUser(got, ana) {
		t.Fatalf("User(%d) = %+v, %v; want %+v", ana.ID, got, err, ana)
	}
	_, err = st.UserByName(ctx, "nobody")
	wantErr(t, "UserByName nobody", err, store.ErrNotFound)
	_, err = st.User(ctx, 9999)
	wantErr(t, "User 9999", err, store.ErrNotFound)

	unlocked := at(3 * time.Minute)
	ana.Role, ana.PasswordHash, ana.Disabled = store.RoleEditor, "$argon2id$new", true
	ana.MustChangePassword, ana.UnlockedAt = true, &unlocked
	if err := st.UpdateUser(ctx, ana); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	got, _ = st.User(ctx, ana.ID)
	if !sameUser(got, ana) || !got.MustChangePassword || got.UnlockedAt == nil {
		t.Fatalf("after UpdateUser got %+v, want %+v", got, ana)
	}
	ana.MustChangePassword, ana.UnlockedAt = false, nil
	if err := st.UpdateUser(ctx, ana); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if got, _ = st.User(ctx, ana.ID); !sameUser(got, ana) {
		t.Fatalf("after clearing the flags got %+v, want %+v", got, ana)
	}
	wantErr(t, "UpdateUser unknown", st.UpdateUser(ctx, &store.User{ID: 9999, Role: store.RoleEditor}), store.ErrNotFound)

	list, err := st.Users(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "ana" || list[1].Name != "bo" {
		t.Fatalf("Users = %v, %v; want ana, bo", list, err)
	}
}

func testSessions(t *testing.T, st store.Accounts) {
	ctx := ctxT(t)
	u := mkUser(t, st, "cy", store.RoleEditor)
	s := &store.Session{TokenHash: "h1", UserID: u.ID, CSRF: "c1", CreatedAt: t0, ExpiresAt: at(time.Hour)}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	s2 := &store.Session{TokenHash: "h2", UserID: u.ID, CSRF: "c2", CreatedAt: t0, ExpiresAt: at(2 * time.Hour)}
	if err := st.CreateSession(ctx, s2); err != nil {
		t.Fatalf("CreateSession: %v", err)
	}
	got, err := st.Session(ctx, "h1", at(time.Minute))
	if err != nil {
		t.Fatalf("Session: %v", err)
	}
	if *got != *s {
		t.Fatalf("Session = %+v, want %+v", got, s)
	}
	_, err = st.Session(ctx, "h1", at(time.Hour))
	wantErr(t, "session at its expiry", err, store.ErrNotFound)
	_, err = st.Session(ctx, "nope", t0)
	wantErr(t, "unknown session", err, store.ErrNotFound)

	n, err := st.DeleteExpiredSessions(ctx, at(90*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
	}
	if _, err := st.Session(ctx, "h2", t0); err != nil {
		t.Fatalf("h2 should live on: %v", err)
	}
	if err := st.DeleteSession(ctx, "h2"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	_, err = st.Session(ctx, "h2", t0)
	wantErr(t, "deleted session", err, store.ErrNotFound)

	for i := range 3 {
		if err := st.CreateSession(ctx, &store.Session{TokenHash: fmt.Sprint("u", i), UserID: u.ID, CSRF: "c", CreatedAt: t0, ExpiresAt: at(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatalf("DeleteUserSessions: %v", err)
	}
	for i := range 3 {
		_, err := st.Session(ctx, fmt.Sprint("u", i), t0)
		wantErr(t, "session after DeleteUserSessions", err, store.ErrNotFound)
	}
}

func testTokens(t *testing.T, st store.Accounts) {
	ctx := ctxT(t)
	u := mkUser(t, st, "di", store.RoleEditor)
	other := mkUser(t, st, "ed", store.RoleReporter)
	exp := at(24 * time.Hour)
	a := &store.APIToken{Hash: "ha", Name: "laptop", UserID: u.ID, CreatedAt: t0}
	b := &store.APIToken{Hash: "hb", Name: "script", UserID: u.ID, CreatedAt: at(time.Second), ExpiresAt: &exp}
	for _, tok := range []*store.APIToken{a, b} {
		if err := st.CreateToken(ctx, tok); err != nil || tok.ID == 0 {
			t.Fatalf("CreateToken %s: %v (id %d)", tok.Name, err, tok.ID)
		}
	}
	got, err := st.TokenByHash(ctx, "hb")
	if err != nil {
		t.Fatalf("TokenByHash: %v", err)
	}
	if got.Name != "script" || got.UserID != u.ID || got.ExpiresAt == nil || !got.ExpiresAt.Equal(exp) || got.LastUsed != nil || got.Revoked {
		t.Fatalf("TokenByHash = %+v", got)
	}
	_, err = st.TokenByHash(ctx, "nope")
	wantErr(t, "unknown token", err, store.ErrNotFound)

	if err := st.TouchToken(ctx, a.ID, at(time.Minute)); err != nil {
		t.Fatalf("TouchToken: %v", err)
	}
	got, _ = st.TokenByHash(ctx, "ha")
	if got.LastUsed == nil || !got.LastUsed.Equal(at(time.Minute)) {
		t.Fatalf("LastUsed = %v, want %v", got.LastUsed, at(time.Minute))
	}
	wantErr(t, "revoke another user's token", st.RevokeToken(ctx, a.ID, other.ID), store.ErrNotFound)
	if err := st.RevokeToken(ctx, a.ID, u.ID); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	got, _ = st.TokenByHash(ctx, "ha")
	if !got.Revoked {
		t.Fatal("token not revoked")
	}
	list, err := st.Tokens(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0].Name != "script" || list[1].Name != "laptop" {
		t.Fatalf("Tokens = %v, %v; want script, laptop", list, err)
	}
	if list, _ := st.Tokens(ctx, other.ID); len(list) != 0 {
		t.Fatalf("other user has %d tokens, want 0", len(list))
	}
}

func testAudit(t *testing.T, st store.Accounts) {
	ctx := ctxT(t)
	entries := []store.AuditEntry{
		{At: t0, User: "ana", Action: "create", StoryID: "s1"},
		{At: at(time.Second), User: "bo", Action: "publish", StoryID: "s1", Detail: "now"},
		{At: at(2 * time.Second), User: "ana", Action: "login"},
		{At: at(3 * time.Second), User: "bo", Action: "create", StoryID: "s2"},
	}
	for i := range entries {
		if err := st.AppendAudit(ctx, &entries[i]); err != nil {
			t.Fatalf("AppendAudit: %v", err)
		}
	}
	got := func(q store.AuditQuery) string {
		list, err := st.Audit(ctx, q)
		if err != nil {
			t.Fatalf("Audit %+v: %v", q, err)
		}
		s := ""
		for _, e := range list {
			s += fmt.Sprintf("%s/%s/%s;", e.User, e.Action, e.StoryID)
		}
		return s
	}
	for _, tc := range []struct {
		q    store.AuditQuery
		want string
	}{
		{store.AuditQuery{}, "bo/create/s2;ana/login/;bo/publish/s1;ana/create/s1;"},
		{store.AuditQuery{StoryID: "s1"}, "bo/publish/s1;ana/create/s1;"},
		{store.AuditQuery{User: "ana"}, "ana/login/;ana/create/s1;"},
		{store.AuditQuery{Action: "create"}, "bo/create/s2;ana/create/s1;"},
		{store.AuditQuery{Limit: 2}, "bo/create/s2;ana/login/;"},
		{store.AuditQuery{Before: entries[2].ID}, "bo/publish/s1;ana/create/s1;"},
	} {
		if g := got(tc.q); g != tc.want {
			t.Errorf("Audit %+v = %s, want %s", tc.q, g, tc.want)
		}
	}
	list, _ := st.Audit(ctx, store.AuditQuery{StoryID: "s1", Action: "publish"})
	if len(list) != 1 || !list[0].At.Equal(at(time.Second)) || list[0].Detail != "now" {
		t.Fatalf("audit entry did not round-trip: %+v", list)
	}
	if err := st.AppendAudit(ctx, &store.AuditEntry{At: t0, User: "x", Action: "y"}); err != nil {
		t.Fatal(err)
	}
}

// sameUser compares two accounts field by field (UnlockedAt by instant).
func sameUser(a, b *store.User) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.UnlockedAt, y.UnlockedAt = nil, nil
	if x != y || (a.UnlockedAt == nil) != (b.UnlockedAt == nil) {
		return false
	}
	return a.UnlockedAt == nil || a.UnlockedAt.Equal(*b.UnlockedAt)
}
