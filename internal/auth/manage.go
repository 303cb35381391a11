package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// ErrWrongPassword: the current password given with a change is wrong.
var ErrWrongPassword = errors.New("the current password is wrong")

// CheckNewPassword says what is wrong with a password someone chose.
func CheckNewPassword(password string) error {
	switch {
	case len(password) < MinPasswordLen:
		return fmt.Errorf("needs at least %d characters", MinPasswordLen)
	case len(password) > 1024:
		return errors.New("longer than 1024 bytes")
	}
	return nil
}

// ChangePassword lets u replace their own password: current must be
// right (it is checked like a login, through the throttle and the
// hashing bound, keyed by ip). Every session of u ends; the caller starts
// a fresh one for the browser that made the change. API tokens stay.
func (a *Authenticator) ChangePassword(ctx context.Context, u *store.User, current, next, ip string) error {
	if err := CheckNewPassword(next); err != nil {
		return &PasswordError{Err: err}
	}
	if current == next {
		return &PasswordError{Err: errors.New("is the same as the current one")}
	}
	now := a.Now()
	rules := []rule{{"a:" + u.Name + "\x00" + ip, a.cfg.MaxFailuresPerAccount}, {"c:" + ip, a.cfg.MaxFailuresPerIP}}
	var unlocked time.Time
	if u.UnlockedAt != nil {
		unlocked = *u.UnlockedAt
	}
	if wait, ok := a.reserve(rules, now, unlocked); !ok {
		a.throttled.Add(1)
		return &RateLimitError{Wait: wait}
	}
	var ok bool
	var hash string
	var herr error
	err := a.gate.do(ctx, func() {
		if ok = CheckPassword(u.PasswordHash, current); ok {
			hash, herr = HashPassword(next)
		}
	})
	if err != nil {
		a.settle(rules, now, false)
		return err
	}
	a.settle(rules, a.Now(), !ok)
	if !ok {
		a.auditFailure(ctx, &store.AuditEntry{At: now, User: u.Name, Action: "password-change-failed", Detail: "from " + ip})
		return ErrWrongPassword
	}
	if herr != nil {
		return herr
	}
	u.PasswordHash, u.MustChangePassword = hash, false
	actx := store.WithAudit(ctx, &store.AuditEntry{At: now, User: u.Name, Action: "password-change", Detail: "other sessions ended"})
	if err := a.acc.UpdateUser(actx, u); err != nil {
		return err
	}
	return a.acc.DeleteUserSessions(ctx, u.ID)
}

// PasswordError is a new password that is not acceptable.
type PasswordError struct{ Err error }

func (e *PasswordError) Error() string { return "new password: " + e.Err.Error() }
func (e *PasswordError) Unwrap() error { return e.Err }

// StartSession starts a session for u (after a login or a password
// change) and returns the cookie value.
func (a *Authenticator) StartSession(ctx context.Context, u *store.User) (string, *store.Session, error) {
	now := a.Now()
	token := NewToken("")
	s := &store.Session{TokenHash: HashToken(token), UserID: u.ID, CSRF: NewToken(""), CreatedAt: now, ExpiresAt: now.Add(a.cfg.SessionTTL)}
	if err := a.acc.CreateSession(ctx, s); err != nil {
		return "", nil, err
	}
	return token, s, nil
}

// ResetPassword is an admin's reset of the account name: it sets a new
// generated one-time password, returns it, ends the account's sessions
// and makes the account choose its own password at its next login. by
// names who did it, for the audit log.
func ResetPassword(ctx context.Context, acc store.Accounts, name, by string) (string, error) {
	u, err := userNamed(ctx, acc, name)
	if err != nil {
		return "", err
	}
	password := GeneratePassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	now := time.Now().UTC()
	u.PasswordHash, u.MustChangePassword, u.UnlockedAt = hash, true, &now
	actx := store.WithAudit(ctx, &store.AuditEntry{At: now, User: by, Action: "password-reset", Detail: "account " + u.Name + "; its sessions ended"})
	if err := acc.UpdateUser(actx, u); err != nil {
		return "", err
	}
	if err := acc.DeleteUserSessions(ctx, u.ID); err != nil {
		return "", err
	}
	return password, nil
}

// Unlock forgets the failed logins of account name made before now, on
// every node (the time is stored with the account). by names who did it.
func Unlock(ctx context.Context, acc store.Accounts, name, by string) error {
	u, err := userNamed(ctx, acc, name)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	u.UnlockedAt = &now
	return acc.UpdateUser(store.WithAudit(ctx, &store.AuditEntry{At: now, User: by, Action: "account-unlock", Detail: "account " + u.Name}), u)
}

// Unlock is the package's Unlock plus forgetting this process's count at
// once.
func (a *Authenticator) Unlock(ctx context.Context, name, by string) error {
	if err := Unlock(ctx, a.acc, name, by); err != nil {
		return err
	}
	a.forgetAccount(LoginName(name))
	return nil
}

func userNamed(ctx context.Context, acc store.Accounts, name string) (*store.User, error) {
	u, err := acc.UserByName(ctx, LoginName(name))
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no account named %q", LoginName(name))
	}
	return u, err
}
