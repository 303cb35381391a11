package store

import (
	"context"
	"errors"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// ErrUserExists is returned when an account name is taken already.
var ErrUserExists = errors.New("an account with this name exists already")

// Role is what an account may do in the newsroom.
type Role string

const (
	RoleReporter Role = "reporter" // writes and files drafts
	RoleEditor   Role = "editor"   // edits anything, publishes, corrects, kills, embargoes
	RoleAdmin    Role = "admin"    // an editor who also manages accounts
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleReporter || r == RoleEditor || r == RoleAdmin }

// User is a newsroom account.
type User struct {
	ID           int64
	Name         string // unique, compared case-insensitively
	Role         Role
	PasswordHash string // argon2id in PHC string form; never the password
	CreatedAt    time.Time
	Disabled     bool
	// MustChangePassword is set when someone else chose the password (the
	// first-start admin, an admin's reset): the newsroom lets the account
	// do nothing but choose a new one.
	MustChangePassword bool
	// UnlockedAt is when an admin last unlocked the account: failed logins
	// before it no longer slow its logins down. Nil: never.
	UnlockedAt *time.Time
	// DisplayName is how the newsroom shows the person ("Anna Petrova")
	// and the byline their stories start with; empty: Name.
	DisplayName string
	// TimeZone is the IANA zone the newsroom shows this person times in;
	// empty: the site's zone.
	TimeZone string
}

// Shown is the name the newsroom shows for u: the display name, else the
// account name.
func (u *User) Shown() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// Session is a logged-in browser. Only the SHA-256 of the cookie value is
// stored.
type Session struct {
	TokenHash string
	UserID    int64
	CSRF      string // per-session token every state-changing form carries
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken is a newsroom API token. Only the SHA-256 of the token is
// stored; the token is shown once when it is made.
type APIToken struct {
	ID        int64
	Hash      string
	Name      string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt *time.Time // nil: does not expire
	LastUsed  *time.Time
	Revoked   bool
}

// AuditEntry records who did what to which story and when.
type AuditEntry struct {
	ID      int64
	At      time.Time
	User    string
	Action  string
	StoryID string
	Detail  string
}

// AuditQuery filters the audit log. Entries come newest first.
type AuditQuery struct {
	User    string
	StoryID string
	Action  string
	Before  int64 // entries with ID < Before; 0: from the newest
	Limit   int   // default 100, at most 1000
}

// Accounts stores newsroom accounts, sessions, API tokens and the audit
// log. Lookups of something that does not exist return ErrNotFound.
type Accounts interface {
	// CreateUser stores u and sets u.ID; ErrUserExists if the name is taken.
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByName(ctx context.Context, name string) (*User, error)
	// Users lists every account by name.
	Users(ctx context.Context) ([]*User, error)
	CountUsers(ctx context.Context) (int, error)
	// UpdateUser saves Role, PasswordHash, Disabled, MustChangePassword,
	// UnlockedAt, DisplayName and TimeZone of an existing user.
	UpdateUser(ctx context.Context, u *User) error

	CreateSession(ctx context.Context, s *Session) error
	// Session returns the session with this token hash if it has not
	// expired at now; an expired one is ErrNotFound.
	Session(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions ends every session of a user (disabled account,
	// new password).
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteExpiredSessions removes sessions that expired before now and
	// returns how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// CreateToken stores t and sets t.ID.
	CreateToken(ctx context.Context, t *APIToken) error
	// TokenByHash returns a token, revoked and expired ones included (the
	// caller refuses them).
	TokenByHash(ctx context.Context, hash string) (*APIToken, error)
	// Tokens lists a user's tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]*APIToken, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
	// RevokeToken revokes a token of userID; ErrNotFound if userID has no
	// such token.
	RevokeToken(ctx context.Context, id, userID int64) error

	AppendAudit(ctx context.Context, e *AuditEntry) error
	Audit(ctx context.Context, q AuditQuery) ([]*AuditEntry, error)
}

// Site holds what editors manage about the public site: its sections (in
// menu order, with a name per language) and site-wide settings.
type Site interface {
	// Sections lists the managed sections in menu order.
	Sections(ctx context.Context) ([]news.Section, error)
	// SetSections replaces the list (callers normalise it with
	// news.NormalizeSections first).
	SetSections(ctx context.Context, list []news.Section) error
	// SiteSetting returns a setting's value, "" when it was never set.
	SiteSetting(ctx context.Context, key string) (string, error)
	SetSiteSetting(ctx context.Context, key, value string) error
}

// Site setting keys.
const (
	// SettingTimeZone is the IANA name of the zone the public site shows
	// times in (Europe/Moscow); empty means UTC.
	SettingTimeZone = "time_zone"
)
