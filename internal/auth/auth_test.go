package auth

import (
	"bytes"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"golang.org/x/crypto/argon2"
)

func openAccounts(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "auth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "correct horse") {
		t.Fatalf("hash %q is not an argon2id PHC string", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"", "correct horse battery", false},
		{"$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "x", false},
		{"$bcrypt$whatever", "x", false},
		{dummyHash, "anything at all", false},
		// Costs out of bounds, or not written exactly, are refused before
		// any work (found by FuzzCheckPassword: "v=19junk" and a 1 GiB,
		// 10-pass cost stalled the fuzzer for a minute).
		{"$argon2id$v=19$m=1048576,t=10,p=255$AAAA$AAAA", "x", false},
		{"$argon2id$v=19junk$m=8,t=1,p=1$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$m=8,t=1,p=1junk$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$m=08,t=1,p=1$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$m=+8,t=1,p=1$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$t=1,m=8,p=1$AAAA$AAAA", "x", false},
		{"x$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA", "x", false},
		{"$argon2id$v=19$m=8,t=1,p=1$\r$AAAA", "x", false},
		{"$argon2id$v=19$m=8,t=1,p=1$AAAA$AA\nAA", "x", false},
		{"$argon2id$v=19$m=8,t=1,p=1$AAAA$AAB", "x", false},
		// A key of one byte matched one password in 256 (found by
		// FuzzCheckPassword); short salts and keys are refused.
		{"$argon2id$v=19$m=64,t=1,p=2$$5w", "\x00\x00u\x16x", false},
		{"$argon2id$v=19$m=64,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$5w", "\x00\x00u\x16x", false},
		{"$argon2id$v=19$m=64,t=1,p=2$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA", "x", false},
	} {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.want {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", tc.hash, tc.pw, got, tc.want)
		}
	}
	if _, ok := parseHash(dummyHash); !ok {
		t.Error("dummyHash does not parse, so a login for an unknown name is quicker than one for a known name")
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("HashPassword accepted a 5-character password")
	}
}

// FuzzCheckPassword: a hash CheckPassword does not parse never matches;
// one it parses is read exactly (written back it is the same string); and a
// key derived from a password with the hash's salt and costs matches that
// password and no other.
func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAA", "pw")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "")
	f.Add("$argon2id$v=19$m=64,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAA", "correct horse")
	f.Add("$$$$$", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		h, ok := parseHash(hash)
		if !ok {
			if CheckPassword(hash, pw) {
				t.Fatalf("CheckPassword(%q, %q) matched a hash it cannot read", hash, pw)
			}
			return
		}
		if h.String() != hash {
			t.Fatalf("parseHash(%q) reads as %q", hash, h.String())
		}
		if h.memory > 64 || h.time > 2 || h.threads > 4 || len(pw) > 1024 {
			return // keep the fuzzer fast: the costs below are real argon2id work
		}
		h.key = argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
		if !CheckPassword(h.String(), pw) {
			t.Fatalf("%q does not match the password it was made from, %q", h.String(), pw)
		}
		if CheckPassword(h.String(), pw+"x") {
			t.Fatalf("%q matches %q as well as %q", h.String(), pw+"x", pw)
		}
	})
}

func TestGeneratedSecrets(t *testing.T) {
	p := GeneratePassword()
	if len(p) != 20 || !regexp.MustCompile(`^[a-zA-Z2-9]+$`).MatchString(p) {
		t.Fatalf("GeneratePassword = %q", p)
	}
	if GeneratePassword() == p {
		t.Fatal("two generated passwords are equal")
	}
	tok := NewToken(TokenPrefix)
	if !strings.HasPrefix(tok, TokenPrefix) || len(tok) != len(TokenPrefix)+43 {
		t.Fatalf("NewToken = %q", tok)
	}
	if h := HashToken(tok); len(h) != 64 || strings.Contains(h, tok) {
		t.Fatalf("HashToken = %q", h)
	}
}

func TestPermissionTable(t *testing.T) {
	for _, tc := range []struct {
		role store.Role
		p    Permission
		want bool
	}{
		{store.RoleReporter, PermCreate, true},
		{store.RoleReporter, PermEditOwnDraft, true},
		{store.RoleReporter, PermEditAny, false},
		{store.RoleReporter, PermPublish, false},
		{store.RoleReporter, PermCorrect, false},
		{store.RoleReporter, PermKill, false},
		{store.RoleReporter, PermViewAudit, false},
		{store.RoleReporter, PermManageAccounts, false},
		{store.RoleEditor, PermPublish, true},
		{store.RoleEditor, PermKill, true},
		{store.RoleEditor, PermViewAudit, true},
		{store.RoleEditor, PermManageAccounts, false},
		{store.RoleAdmin, PermPublish, true},
		{store.RoleAdmin, PermManageAccounts, true},
		{store.Role("root"), PermCreate, false},
		{store.RoleAdmin, Permission("fly"), false},
	} {
		if got := Can(tc.role, tc.p); got != tc.want {
			t.Errorf("Can(%s, %s) = %v, want %v", tc.role, tc.p, got, tc.want)
		}
	}
}

func TestEnsureAdminAndAddUser(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	var out bytes.Buffer
	if err := EnsureAdmin(ctx, db, &out); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`password (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("EnsureAdmin printed %q: no password", out.String())
	}
	u, err := db.UserByName(ctx, "admin")
	if err != nil || u.Role != store.RoleAdmin || !CheckPassword(u.PasswordHash, m[1]) {
		t.Fatalf("admin account %+v, %v; printed password does not match", u, err)
	}
	if !u.MustChangePassword {
		t.Fatal("the first admin's printed password is not one-time: MustChangePassword is false")
	}
	out.Reset()
	if err := EnsureAdmin(ctx, db, &out); err != nil || out.Len() != 0 {
		t.Fatalf("second EnsureAdmin printed %q, %v; want nothing", out.String(), err)
	}

	pw, err := AddUser(ctx, db, "rita", store.RoleReporter)
	if err != nil || len(pw) != 20 {
		t.Fatalf("AddUser = %q, %v", pw, err)
	}
	for _, tc := range []struct {
		name string
		role store.Role
		want string
	}{
		{"rita", store.RoleEditor, "exists already"},
		{"Rita Big", store.RoleEditor, "account name"},
		{"x", store.RoleEditor, "account name"},
		{"sam", store.Role("boss"), "role"},
	} {
		if _, err := AddUser(ctx, db, tc.name, tc.role); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AddUser(%q, %q) = %v, want an error about %s", tc.name, tc.role, err, tc.want)
		}
	}
	if _, err := AddToken(ctx, db, "nobody", "x"); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("AddToken for unknown user = %v", err)
	}
}

func TestLoginSessionsAndLimits(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	clk := &clock{t: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)}
	a := New(db, Config{Now: clk.Now, SessionTTL: time.Hour, MaxFailuresPerAccount: 3, MaxFailuresPerIP: 5, LimitWindow: 10 * time.Minute})
	pw, err := AddUser(ctx, db, "ed", store.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	tok, s, u, err := a.Login(ctx, "Ed", pw, "10.0.0.1")
	if err != nil || u.Name != "ed" || s.CSRF == "" || s.TokenHash == tok {
		t.Fatalf("Login = %v %+v %+v", err, s, u)
	}
	if _, got, err := a.Session(ctx, tok); err != nil || got.ID != u.ID {
		t.Fatalf("Session: %v", err)
	}
	clk.Add(61 * time.Minute)
	if _, _, err := a.Session(ctx, tok); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("session after its TTL: %v, want ErrUnauthorized", err)
	}

	// Three failures from one address slow that address's logins to the
	// account down, even with the right password...
	for i := range 3 {
		if _, _, _, err := a.Login(ctx, "ed", "wrong password!", "10.0.0.2"); !errors.Is(err, ErrBadLogin) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	_, _, _, err = a.Login(ctx, "ed", pw, "10.0.0.2")
	if !errors.Is(err, ErrRateLimited) || RetryAfter(err) != 30*time.Second {
		t.Fatalf("login after 3 failures: %v (retry after %s), want ErrRateLimited for 30s", err, RetryAfter(err))
	}
	// ...but do not lock the account for everyone else.
	if _, _, _, err := a.Login(ctx, "ed", pw, "10.0.0.3"); err != nil {
		t.Fatalf("login from another address: %v", err)
	}
	clk.Add(31 * time.Second)
	tok, _, _, err = a.Login(ctx, "ed", pw, "10.0.0.2")
	if err != nil {
		t.Fatalf("login after the delay: %v", err)
	}
	// Failures on many accounts from one address slow the address down.
	for i := range 5 {
		a.Login(ctx, "ghost"+string(rune('a'+i)), "whatever-password", "10.9.9.9")
	}
	if _, _, _, err := a.Login(ctx, "ed", pw, "10.9.9.9"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("login from a noisy address: %v, want ErrRateLimited", err)
	}
	if err := a.Logout(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Session(ctx, tok); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("session after logout: %v", err)
	}
	// Disabled accounts cannot log in.
	u.Disabled = true
	if err := db.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := a.Login(ctx, "ed", pw, "10.0.0.4"); !errors.Is(err, ErrBadLogin) {
		t.Fatalf("disabled account login: %v", err)
	}
	entries, _ := db.Audit(ctx, store.AuditQuery{Action: "login"})
	if len(entries) != 3 {
		t.Fatalf("%d login audit entries, want 3", len(entries))
	}
	all, _ := db.Audit(ctx, store.AuditQuery{Limit: 1000})
	for _, e := range all {
		if strings.Contains(e.Detail, pw) || strings.Contains(e.Detail, tok) {
			t.Fatalf("audit entry %+v holds a secret", e)
		}
	}
}

func TestTokens(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	clk := &clock{t: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)}
	a := New(db, Config{Now: clk.Now})
	if _, err := AddUser(ctx, db, "bot", store.RoleEditor); err != nil {
		t.Fatal(err)
	}
	tok, err := AddToken(ctx, db, "bot", "ci")
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Token(ctx, tok)
	if err != nil || u.Name != "bot" {
		t.Fatalf("Token = %+v, %v", u, err)
	}
	list, _ := db.Tokens(ctx, u.ID)
	if len(list) != 1 || list[0].LastUsed == nil || list[0].Hash == tok {
		t.Fatalf("stored token %+v: want last use recorded and only a hash", list[0])
	}
	exp := clk.Now().Add(time.Hour)
	short, err := CreateToken(ctx, db, u, "short", &exp, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Token(ctx, short); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	clk.Add(time.Hour)
	for name, tk := range map[string]string{"expired": short, "unknown": "dln_nope", "empty": ""} {
		if _, err := a.Token(ctx, tk); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s token: %v, want ErrUnauthorized", name, err)
		}
	}
	if err := db.RevokeToken(ctx, list[0].ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Token(ctx, tok); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("revoked token: %v", err)
	}
}
