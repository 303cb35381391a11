package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// Errors of Login and the token and session checks. They say nothing about
// which part of a login was wrong.
var (
	ErrBadLogin     = errors.New("wrong account name or password")
	ErrRateLimited  = errors.New("too many failed logins; wait a few minutes and try again")
	ErrUnauthorized = errors.New("not logged in, or the session or token has expired or been revoked")
)

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,39}$`)

// ValidName checks an account name: 2 to 40 characters, lower-case
// letters, digits, dot, dash and underscore, starting with a letter.
func ValidName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("account name %q: use 2 to 40 lower-case letters, digits, '.', '-' or '_', starting with a letter", name)
	}
	return nil
}

// AddUser creates an account with a generated password and returns the
// password (shown once; only its hash is stored).
func AddUser(ctx context.Context, acc store.Accounts, name string, role store.Role) (string, error) {
	return addUser(ctx, acc, name, role, time.Now())
}

func addUser(ctx context.Context, acc store.Accounts, name string, role store.Role, now time.Time) (string, error) {
	if err := ValidName(name); err != nil {
		return "", err
	}
	if !role.Valid() {
		return "", fmt.Errorf("role %q: use reporter, editor or admin", role)
	}
	password := GeneratePassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	u := &store.User{Name: name, Role: role, PasswordHash: hash, CreatedAt: now.UTC()}
	if err := acc.CreateUser(ctx, u); err != nil {
		return "", err
	}
	_ = acc.AppendAudit(ctx, &store.AuditEntry{At: now.UTC(), User: name, Action: "account-create", Detail: "role " + string(role)})
	return password, nil
}

// SetPassword replaces a user's password and ends their sessions.
func SetPassword(ctx context.Context, acc store.Accounts, u *store.User, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := acc.UpdateUser(ctx, u); err != nil {
		return err
	}
	return acc.DeleteUserSessions(ctx, u.ID)
}

// EnsureAdmin creates the account "admin" with a generated password when
// there are no accounts yet, and prints the password once to w.
func EnsureAdmin(ctx context.Context, acc store.Accounts, w io.Writer) error {
	n, err := acc.CountUsers(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	password, err := AddUser(ctx, acc, "admin", store.RoleAdmin)
	if err != nil {
		return fmt.Errorf("creating the first account: %w", err)
	}
	_, err = fmt.Fprintf(w, "Created the account \"admin\" with the password %s\nIt is shown only this once: keep it somewhere safe.\n", password)
	return err
}

// AddToken creates a newsroom API token called name for the account user
// and returns it (shown once; only its hash is stored).
func AddToken(ctx context.Context, acc store.Accounts, user, name string) (string, error) {
	u, err := acc.UserByName(ctx, user)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("no account named %q", user)
		}
		return "", err
	}
	return CreateToken(ctx, acc, u, name, nil, time.Now())
}

// CreateToken makes an API token for u, expiring at expires (nil: never).
func CreateToken(ctx context.Context, acc store.Accounts, u *store.User, name string, expires *time.Time, now time.Time) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if len(name) > 100 {
		return "", errors.New("token name: longer than 100 characters")
	}
	if u.Disabled {
		return "", fmt.Errorf("account %q is disabled", u.Name)
	}
	token := NewToken(TokenPrefix)
	t := &store.APIToken{Hash: HashToken(token), Name: name, UserID: u.ID, CreatedAt: now.UTC(), ExpiresAt: expires}
	if err := acc.CreateToken(ctx, t); err != nil {
		return "", err
	}
	_ = acc.AppendAudit(ctx, &store.AuditEntry{At: now.UTC(), User: u.Name, Action: "token-create", Detail: name})
	return token, nil
}

// Config tunes an Authenticator.
type Config struct {
	SessionTTL time.Duration    // default 12 hours
	Now        func() time.Time // default time.Now
	// Limits on failed logins within LimitWindow: per account and per
	// client address. Defaults 5 and 20 in 15 minutes.
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	LimitWindow           time.Duration
}

// Authenticator logs users in and checks sessions and API tokens.
type Authenticator struct {
	acc     store.Accounts
	cfg     Config
	limiter *limiter
}

// New returns an Authenticator over acc.
func New(acc store.Accounts, cfg Config) *Authenticator {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxFailuresPerAccount <= 0 {
		cfg.MaxFailuresPerAccount = 5
	}
	if cfg.MaxFailuresPerIP <= 0 {
		cfg.MaxFailuresPerIP = 20
	}
	if cfg.LimitWindow <= 0 {
		cfg.LimitWindow = 15 * time.Minute
	}
	return &Authenticator{acc: acc, cfg: cfg, limiter: newLimiter()}
}

// Now is the Authenticator's clock.
func (a *Authenticator) Now() time.Time { return a.cfg.Now().UTC() }

// Login checks name and password, limited per account and per ip, and
// starts a session. It returns the session cookie value (never stored) and
// the session.
func (a *Authenticator) Login(ctx context.Context, name, password, ip string) (string, *store.Session, *store.User, error) {
	now := a.Now()
	name = strings.ToLower(strings.TrimSpace(name))
	acctKey, ipKey := "u:"+name, "ip:"+ip
	if a.limiter.count(acctKey, now, a.cfg.LimitWindow) >= a.cfg.MaxFailuresPerAccount ||
		a.limiter.count(ipKey, now, a.cfg.LimitWindow) >= a.cfg.MaxFailuresPerIP {
		return "", nil, nil, ErrRateLimited
	}
	u, err := a.acc.UserByName(ctx, name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", nil, nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	ok := CheckPassword(hash, password)
	if u == nil || !ok || u.Disabled {
		a.limiter.fail(acctKey, now)
		a.limiter.fail(ipKey, now)
		_ = a.acc.AppendAudit(ctx, &store.AuditEntry{At: now, User: name, Action: "login-failed", Detail: "from " + ip})
		return "", nil, nil, ErrBadLogin
	}
	a.limiter.reset(acctKey)
	token := NewToken("")
	s := &store.Session{TokenHash: HashToken(token), UserID: u.ID, CSRF: NewToken(""), CreatedAt: now, ExpiresAt: now.Add(a.cfg.SessionTTL)}
	if err := a.acc.CreateSession(ctx, s); err != nil {
		return "", nil, nil, err
	}
	_ = a.acc.AppendAudit(ctx, &store.AuditEntry{At: now, User: u.Name, Action: "login", Detail: "from " + ip})
	return token, s, u, nil
}

// Logout ends the session with this cookie value.
func (a *Authenticator) Logout(ctx context.Context, token string) error {
	return a.acc.DeleteSession(ctx, HashToken(token))
}

// Session returns the live session and its enabled user for a cookie
// value, or ErrUnauthorized.
func (a *Authenticator) Session(ctx context.Context, token string) (*store.Session, *store.User, error) {
	if token == "" || len(token) > 200 {
		return nil, nil, ErrUnauthorized
	}
	s, err := a.acc.Session(ctx, HashToken(token), a.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, ErrUnauthorized
	}
	if err != nil {
		return nil, nil, err
	}
	u, err := a.user(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	return s, u, nil
}

func (a *Authenticator) user(ctx context.Context, id int64) (*store.User, error) {
	u, err := a.acc.User(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, ErrUnauthorized
	}
	return u, nil
}

// Token returns the enabled user of a live API token, or
// ErrUnauthorized for an unknown, revoked or expired one. It records the
// token's use.
func (a *Authenticator) Token(ctx context.Context, token string) (*store.User, error) {
	if token == "" || len(token) > 200 {
		return nil, ErrUnauthorized
	}
	t, err := a.acc.TokenByHash(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	now := a.Now()
	if t.Revoked || (t.ExpiresAt != nil && !t.ExpiresAt.After(now)) {
		return nil, ErrUnauthorized
	}
	u, err := a.user(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if t.LastUsed == nil || now.Sub(*t.LastUsed) > time.Minute {
		_ = a.acc.TouchToken(ctx, t.ID, now)
	}
	return u, nil
}
