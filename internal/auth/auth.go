package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/store"
)

// Errors of Login and the token and session checks. They say nothing about
// which part of a login was wrong.
var (
	ErrBadLogin     = errors.New("wrong account name or password")
	ErrRateLimited  = errors.New("too many failed logins; wait a few minutes and try again")
	ErrUnauthorized = errors.New("not logged in, or the session or token has expired or been revoked")
	// ErrBusy: too many logins are being checked at once; try again in a
	// moment (HTTP 503 with Retry-After).
	ErrBusy = errors.New("the server is checking too many logins at once; try again in a moment")
	// ErrMustChangePassword: the account's password was set by someone
	// else and must be changed before anything else.
	ErrMustChangePassword = errors.New("this account must choose a new password first: change it on the newsroom's password page or with POST /api/v1/account/password")
)

// RateLimitError is ErrRateLimited with how long to wait.
type RateLimitError struct{ Wait time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many failed logins from here for this account; try again in %s", roundUp(e.Wait))
}

// Is makes errors.Is(err, ErrRateLimited) hold.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// RetryAfter is how long the client of a refused login should wait:
// the throttle's delay, a second for ErrBusy, 0 for other errors.
func RetryAfter(err error) time.Duration {
	var rl *RateLimitError
	switch {
	case errors.As(err, &rl):
		return max(rl.Wait, time.Second)
	case errors.Is(err, ErrBusy):
		return time.Second
	}
	return 0
}

func roundUp(d time.Duration) string {
	if d <= time.Minute {
		return fmt.Sprintf("%d seconds", max(int((d+time.Second-1)/time.Second), 1))
	}
	return fmt.Sprintf("%d minutes", int((d+time.Minute-1)/time.Minute))
}

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
	ctx = store.WithAudit(ctx, &store.AuditEntry{At: now.UTC(), Action: "account-create", Detail: name + " as " + string(role)})
	if err := acc.CreateUser(ctx, u); err != nil {
		return "", err
	}
	return password, nil
}

// SetPassword replaces a user's password and ends their sessions.
func SetPassword(ctx context.Context, acc store.Accounts, u *store.User, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	ctx = store.WithAudit(ctx, &store.AuditEntry{At: time.Now().UTC(), Action: "password-set", Detail: u.Name + ": new password; sessions ended"})
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
	// The password went to stdout, where logs may keep it: it works once,
	// to log in and choose a new one.
	u, err := acc.UserByName(ctx, "admin")
	if err != nil {
		return err
	}
	u.MustChangePassword = true
	if err := acc.UpdateUser(ctx, u); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Created the account \"admin\" with the one-time password %s\nLog in at /newsroom/login with it: you will be asked to choose your own password.\n", password)
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
	ctx = store.WithAudit(ctx, &store.AuditEntry{At: now.UTC(), Action: "token-create", Detail: u.Name + ": " + name})
	if err := acc.CreateToken(ctx, t); err != nil {
		return "", err
	}
	return token, nil
}

// Config tunes an Authenticator.
type Config struct {
	SessionTTL time.Duration    // default 12 hours
	Now        func() time.Time // default time.Now
	// Free failed logins before delays start: per account from one client
	// address (default 5), and per client address over all accounts
	// (default 20). Beyond them each attempt waits BaseDelay (default 30
	// s), doubling with each failure up to MaxDelay (default 15 minutes).
	// A key's failures are forgotten LimitWindow after its latest one
	// (default 1 hour). An account is never locked for everyone: another
	// client's logins to it are not slowed.
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	BaseDelay             time.Duration
	MaxDelay              time.Duration
	LimitWindow           time.Duration
	// MaxHashing bounds the password hashes that run at once (default:
	// half the CPUs Go may use, at least 1 and at most 4, so a flood of
	// logins leaves cores for readers and holds at most 4×19 MiB, kept
	// for reuse); MaxHashWaiting the logins that wait for a turn (default
	// 64, more than the free failures of one client, so that a client's
	// parallel attempts meet its throttle before this bound). Beyond them
	// a login is ErrBusy.
	MaxHashing     int
	MaxHashWaiting int
	// LoginLane bounds the login requests that do their other work (read
	// the form, look the account up, render the answer) at once (default
	// MaxHashing), and LoginLaneWaiting those that wait for a turn
	// (default 1024); see Lane.
	LoginLane        int
	LoginLaneWaiting int
}

// Authenticator logs users in and checks sessions and API tokens.
type Authenticator struct {
	acc       store.Accounts
	cfg       Config
	throttle  *throttle
	gate      *gate
	lane      *Lane
	failures  *failureLog
	throttled atomic.Int64
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
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = 30 * time.Second
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = 15 * time.Minute
	}
	if cfg.LimitWindow <= 0 {
		cfg.LimitWindow = time.Hour
	}
	if cfg.MaxHashing <= 0 {
		cfg.MaxHashing = min(max(runtime.GOMAXPROCS(0)/2, 1), 4)
	}
	if cfg.MaxHashWaiting <= 0 {
		cfg.MaxHashWaiting = 64
	}
	if cfg.LoginLane <= 0 {
		cfg.LoginLane = cfg.MaxHashing
	}
	if cfg.LoginLaneWaiting <= 0 {
		cfg.LoginLaneWaiting = 1024
	}
	return &Authenticator{acc: acc, cfg: cfg, throttle: newThrottle(), gate: newGate(cfg.MaxHashing, cfg.MaxHashWaiting),
		lane: NewLane(cfg.LoginLane, cfg.LoginLaneWaiting), failures: &failureLog{acc: acc}}
}

// auditFailure records a failed attempt (grouped with others under a
// flood; see failureLog), out of the login lane while it waits.
func (a *Authenticator) auditFailure(ctx context.Context, e *store.AuditEntry) {
	_ = stepOut(ctx, func() error { a.failures.add(ctx, e); return nil })
}

// Lane is the queue that login requests (and password changes) go through
// before they do any work; see Lane.
func (a *Authenticator) Lane() *Lane { return a.lane }

// HashStats reports how password hashing has gone.
func (a *Authenticator) HashStats() HashStats {
	g := a.gate
	return HashStats{Slots: cap(g.slots), InFlight: g.inFlight.Load(), Peak: g.peak.Load(), Hashed: g.hashed.Load(),
		Busy: g.busy.Load(), Throttled: a.throttled.Load()}
}

// maxLoginName bounds the name a login attempt may carry (accounts have at
// most 40 characters); a longer one is cut before it is counted or logged.
const maxLoginName = 64

// LoginName is how a typed account name is compared, counted and logged:
// trimmed, lower-case, valid UTF-8, at most 64 bytes.
func LoginName(name string) string {
	name = strings.ToLower(strings.TrimSpace(strings.ToValidUTF8(name, "?")))
	if len(name) > maxLoginName {
		name = name[:maxLoginName]
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	return name
}

// Now is the Authenticator's clock.
func (a *Authenticator) Now() time.Time { return a.cfg.Now().UTC() }

// Login checks name and password, limited per account and per ip, and
// starts a session. It returns the session cookie value (never stored) and
// the session.
func (a *Authenticator) Login(ctx context.Context, name, password, ip string) (string, *store.Session, *store.User, error) {
	now := a.Now()
	name = LoginName(name)
	if len(ip) > 64 {
		ip = ip[:64]
	}
	var u *store.User
	if ValidName(name) == nil {
		var err error
		u, err = a.acc.UserByName(ctx, name)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", nil, nil, err
		}
	}
	var unlocked time.Time
	if u != nil && u.UnlockedAt != nil {
		unlocked = *u.UnlockedAt
	}
	// Count the attempt before the (costly) hash, atomically over both
	// keys: parallel attempts cannot get past a limit.
	pair := "a:" + name + "\x00" + ip
	rules := []rule{{pair, a.cfg.MaxFailuresPerAccount}, {"c:" + ip, a.cfg.MaxFailuresPerIP}}
	if wait, ok := a.reserve(rules, now, unlocked); !ok {
		a.throttled.Add(1)
		return "", nil, nil, &RateLimitError{Wait: wait}
	}
	hash := dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	var ok bool
	if err := a.gate.do(ctx, func() { ok = CheckPassword(hash, password) }); err != nil {
		a.settle(rules, now, false)
		return "", nil, nil, err
	}
	if u == nil || !ok || u.Disabled {
		a.settle(rules, a.Now(), true)
		a.auditFailure(ctx, &store.AuditEntry{At: now, User: name, Action: "login-failed", Detail: "from " + ip})
		return "", nil, nil, ErrBadLogin
	}
	a.settle(rules, now, false, pair)
	token, s, err := a.StartSession(ctx, u)
	if err != nil {
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
