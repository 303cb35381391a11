package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// floodResult counts what parallel logins got.
type floodResult struct {
	mu                    sync.Mutex
	bad, limited, busy, o int
}

func (f *floodResult) add(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case errors.Is(err, ErrBadLogin):
		f.bad++
	case errors.Is(err, ErrRateLimited):
		f.limited++
	case errors.Is(err, ErrBusy):
		f.busy++
	default:
		f.o++
	}
}

func flood(a *Authenticator, n int, name func(i int) string, ip string) *floodResult {
	var res floodResult
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, _, _, err := a.Login(context.Background(), name(i), "not the password at all", ip)
			res.add(err)
		})
	}
	close(start)
	wg.Wait()
	return &res
}

// Parallel attempts are counted before they are hashed, so the limits
// hold exactly, and no more hashes run at once than the bound.
func TestParallelLoginsHoldLimitsExactly(t *testing.T) {
	db := openAccounts(t)
	if _, err := AddUser(t.Context(), db, "ed", store.RoleEditor); err != nil {
		t.Fatal(err)
	}
	a := New(db, Config{MaxHashing: 2})
	res := flood(a, 12, func(int) string { return "ed" }, "10.1.1.1")
	if res.bad != 5 || res.limited != 7 || res.busy != 0 || res.o != 0 {
		t.Fatalf("12 parallel logins on one account: %+v; want exactly 5 checked and 7 refused", res)
	}
	st := a.HashStats()
	if st.Hashed != 5 || st.Peak > 2 || st.Peak < 1 {
		t.Fatalf("hash stats %+v: want 5 hashes, at most 2 at once", st)
	}
	res = flood(a, 150, func(i int) string { return fmt.Sprintf("user%d", i) }, "10.2.2.2")
	if res.bad != 20 || res.limited != 130 || res.busy != 0 {
		t.Fatalf("150 parallel logins from one address: %+v; want exactly 20 checked and 130 refused", res)
	}
	if st := a.HashStats(); st.Hashed != 25 || st.Peak > 2 {
		t.Fatalf("hash stats %+v: want 25 hashes, at most 2 at once", st)
	}
	entries, _ := db.Audit(t.Context(), store.AuditQuery{Action: "login-failed", Limit: 1000})
	if len(entries) != 25 {
		t.Fatalf("%d login-failed audit entries, want 25", len(entries))
	}
}

// Beyond the hashing bound and its waiting line, logins are ErrBusy, and
// a refused login is not counted as a failure.
func TestLoginBusyBeyondTheBound(t *testing.T) {
	db := openAccounts(t)
	a := New(db, Config{MaxHashing: 1, MaxHashWaiting: 1, MaxFailuresPerIP: 1000, MaxFailuresPerAccount: 1000})
	// Hold the one slot, fill the waiting line, then try once more.
	hold := make(chan struct{})
	entered := make(chan struct{})
	go a.gate.do(t.Context(), func() { close(entered); <-hold })
	<-entered
	waiterDone := make(chan error, 1)
	go func() { waiterDone <- a.gate.do(t.Context(), func() {}) }()
	for a.gate.waiting.Load() != 1 {
		time.Sleep(time.Millisecond)
	}
	_, _, _, err := a.Login(t.Context(), "ghost", "some password here", "10.3.3.3")
	if !errors.Is(err, ErrBusy) || RetryAfter(err) != time.Second {
		t.Fatalf("login with every slot and the waiting line taken: %v, want ErrBusy", err)
	}
	close(hold)
	if err := <-waiterDone; err != nil {
		t.Fatalf("the waiting hash: %v", err)
	}
	if st := a.HashStats(); st.Busy != 1 {
		t.Fatalf("hash stats %+v, want one busy refusal", st)
	}
	if _, _, _, err := a.Login(t.Context(), "ghost", "some password here", "10.3.3.3"); !errors.Is(err, ErrBadLogin) {
		t.Fatalf("login once the slot is free: %v, want ErrBadLogin", err)
	}
}

// Delays grow with each failure beyond the free ones, up to MaxDelay, and
// an admin's unlock (stored with the account, so a CLI in another process
// reaches the server) forgets them.
func TestGrowingDelaysAndUnlock(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	clk := &clock{t: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)}
	pw, err := AddUser(ctx, db, "admin", store.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	a := New(db, Config{Now: clk.Now, MaxFailuresPerAccount: 2, BaseDelay: time.Second, MaxDelay: 8 * time.Second})
	fail := func() error {
		_, _, _, err := a.Login(ctx, "admin", "a wrong guess!!", "192.0.2.7")
		return err
	}
	for range 2 {
		if err := fail(); !errors.Is(err, ErrBadLogin) {
			t.Fatalf("free failure: %v", err)
		}
	}
	var waits []time.Duration
	for range 6 {
		err := fail()
		if !errors.Is(err, ErrRateLimited) {
			t.Fatalf("attempt within the delay: %v, want ErrRateLimited", err)
		}
		d := RetryAfter(err)
		waits = append(waits, d)
		clk.Add(d)
		if err := fail(); !errors.Is(err, ErrBadLogin) {
			t.Fatalf("attempt after waiting %s: %v, want it checked", d, err)
		}
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("delays %v, want %v", waits, want)
	}
	if _, _, _, err := a.Login(ctx, "admin", pw, "192.0.2.7"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("right password within the delay: %v", err)
	}
	// The unlock is stored; a second Authenticator (another process's
	// count is not touched) sees it through the account's UnlockedAt.
	clk.Add(time.Millisecond)
	if err := Unlock(ctx, db, "ADMIN", "boss"); err != nil {
		t.Fatal(err)
	}
	clk.Set(time.Now().Add(time.Second))
	if _, _, _, err := a.Login(ctx, "admin", pw, "192.0.2.7"); err != nil {
		t.Fatalf("login after an admin's unlock: %v", err)
	}
	if err := Unlock(ctx, db, "nobody", "boss"); err == nil {
		t.Fatal("unlocking an unknown account succeeded")
	}
	if e, _ := db.Audit(ctx, store.AuditQuery{Action: "account-unlock"}); len(e) != 1 || e[0].User != "boss" {
		t.Fatalf("unlock audit entries %+v", e)
	}
}

// A 60 KB name is cut before it is counted or logged.
func TestLongLoginNameIsBounded(t *testing.T) {
	db := openAccounts(t)
	a := New(db, Config{})
	long := make([]byte, 60000)
	for i := range long {
		long[i] = 'x'
	}
	if _, _, _, err := a.Login(t.Context(), string(long), "whatever password", "10.4.4.4"); !errors.Is(err, ErrBadLogin) {
		t.Fatal(err)
	}
	e, _ := db.Audit(t.Context(), store.AuditQuery{Action: "login-failed"})
	if len(e) != 1 || len(e[0].User) > maxLoginName {
		t.Fatalf("audit holds a %d-byte name", len(e[0].User))
	}
}

// Changing one's password needs the current one, ends every session and
// clears MustChangePassword; an admin's reset sets a one-time password.
func TestChangeAndResetPassword(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	pw, err := AddUser(ctx, db, "rita", store.RoleReporter)
	if err != nil {
		t.Fatal(err)
	}
	a := New(db, Config{})
	tok1, _, u, err := a.Login(ctx, "rita", pw, "10.5.5.5")
	if err != nil {
		t.Fatal(err)
	}
	tok2, _, _, _ := a.Login(ctx, "rita", pw, "10.5.5.6")
	if err := a.ChangePassword(ctx, u, "not my password", "a brand new password", "10.5.5.5"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("change with a wrong current password: %v", err)
	}
	var pe *PasswordError
	if err := a.ChangePassword(ctx, u, pw, "short", "10.5.5.5"); !errors.As(err, &pe) {
		t.Fatalf("change to a short password: %v", err)
	}
	if err := a.ChangePassword(ctx, u, pw, "a brand new password", "10.5.5.5"); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{tok1, tok2} {
		if _, _, err := a.Session(ctx, tok); !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("a session outlived the password change: %v", err)
		}
	}
	if _, _, _, err := a.Login(ctx, "rita", pw, "10.5.5.7"); !errors.Is(err, ErrBadLogin) {
		t.Fatalf("old password still works: %v", err)
	}
	if _, _, _, err := a.Login(ctx, "rita", "a brand new password", "10.5.5.7"); err != nil {
		t.Fatalf("new password: %v", err)
	}
	one, err := ResetPassword(ctx, db, "rita", "ada")
	if err != nil {
		t.Fatal(err)
	}
	_, _, u, err = a.Login(ctx, "rita", one, "10.5.5.8")
	if err != nil || !u.MustChangePassword {
		t.Fatalf("login with the reset password: %v, must change %v", err, u != nil && u.MustChangePassword)
	}
	if _, err := ResetPassword(ctx, db, "nobody", "ada"); err == nil {
		t.Fatal("reset of an unknown account succeeded")
	}
}

// An admin's unlock also lifts the delay that wrong current passwords put
// on a password change (the same account and client key as logins).
func TestUnlockLiftsPasswordChangeDelay(t *testing.T) {
	db := openAccounts(t)
	ctx := t.Context()
	clk := &clock{t: time.Now().UTC()}
	pw, err := AddUser(ctx, db, "rita", store.RoleReporter)
	if err != nil {
		t.Fatal(err)
	}
	a := New(db, Config{Now: clk.Now, MaxFailuresPerAccount: 2})
	u, _ := db.UserByName(ctx, "rita")
	for range 2 {
		if err := a.ChangePassword(ctx, u, "not my password", "a new secret of mine", "192.0.2.9"); !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("wrong current password: %v", err)
		}
	}
	if err := a.ChangePassword(ctx, u, pw, "a new secret of mine", "192.0.2.9"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("third attempt: %v, want ErrRateLimited", err)
	}
	clk.Add(time.Millisecond)
	if err := Unlock(ctx, db, "rita", "boss"); err != nil { // stored, as the CLI does
		t.Fatal(err)
	}
	clk.Set(time.Now().Add(time.Second))
	u, _ = db.UserByName(ctx, "rita")
	if err := a.ChangePassword(ctx, u, pw, "a new secret of mine", "192.0.2.9"); err != nil {
		t.Fatalf("password change after an admin's unlock: %v", err)
	}
}
