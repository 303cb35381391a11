package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

var _ store.Accounts = (*DB)(nil)

const (
	auditDefaultLimit = 100
	auditMaxLimit     = 1000
)

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromNanos(n.Int64)
	return &t
}

// CreateUser stores u and sets its ID.
func (db *DB) CreateUser(ctx context.Context, u *store.User) error {
	err := db.write(ctx, func(tx *wtx) error {
		return tx.queryRow(`INSERT INTO users (name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Name, string(u.Role), u.PasswordHash, nanos(u.CreatedAt), boolInt(u.Disabled), boolInt(u.MustChangePassword),
			nanosPtr(u.UnlockedAt), u.DisplayName, u.TimeZone).Scan(&u.ID)
	})
	if isUnique(err) {
		return fmt.Errorf("%w: %q", store.ErrUserExists, u.Name)
	}
	if err != nil {
		return fmt.Errorf("sqlite: create user %q: %w", u.Name, err)
	}
	return nil
}

const userColumns = `id, name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone`

func scanUser(sc scanner) (*store.User, error) {
	var u store.User
	var role string
	var created int64
	var disabled, mustChange int
	var unlocked sql.NullInt64
	if err := sc.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created, &disabled, &mustChange, &unlocked, &u.DisplayName, &u.TimeZone); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt, u.Disabled = store.Role(role), fromNanos(created), disabled != 0
	u.MustChangePassword, u.UnlockedAt = mustChange != 0, timePtr(unlocked)
	return &u, nil
}

func (db *DB) oneUser(ctx context.Context, what string, query string, arg any) (*store.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+query, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", what, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read user %s: %w", what, err)
	}
	return u, nil
}

// User returns the account with this id.
func (db *DB) User(ctx context.Context, id int64) (*store.User, error) {
	return db.oneUser(ctx, fmt.Sprint(id), "id = ?", id)
}

// UserByName returns the account with this name (any case).
func (db *DB) UserByName(ctx context.Context, name string) (*store.User, error) {
	return db.oneUser(ctx, fmt.Sprintf("%q", name), "name = ?", name)
}

// Users lists every account by name.
func (db *DB) Users(ctx context.Context) ([]*store.User, error) {
	return queryAll(ctx, db, "list users", scanUser, `SELECT `+userColumns+` FROM users ORDER BY name`)
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count users: %w", err)
	}
	return n, nil
}

// UpdateUser saves the role, password hash, flags and unlock time of u.
func (db *DB) UpdateUser(ctx context.Context, u *store.User) error {
	return db.write(ctx, func(tx *wtx) error {
		res, err := tx.exec(`UPDATE users SET role = ?, password_hash = ?, disabled = ?, must_change_password = ?, unlocked_at = ?,
		display_name = ?, time_zone = ? WHERE id = ?`, string(u.Role), u.PasswordHash, boolInt(u.Disabled), boolInt(u.MustChangePassword),
			nanosPtr(u.UnlockedAt), u.DisplayName, u.TimeZone, u.ID)
		return affected(res, err, fmt.Sprintf("user %d", u.ID))
	})
}

func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("sqlite: update %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: update %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s *store.Session) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CSRF, nanos(s.CreatedAt), nanos(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	return nil
}

// Session returns a session that has not expired at now.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*store.Session, error) {
	var s store.Session
	var created, expires int64
	err := db.r.QueryRowContext(ctx, `SELECT token_hash, user_id, csrf, created_at, expires_at
		FROM sessions WHERE token_hash = ? AND expires_at > ?`, tokenHash, nanos(now)).
		Scan(&s.TokenHash, &s.UserID, &s.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read session: %w", err)
	}
	s.CreatedAt, s.ExpiresAt = fromNanos(created), fromNanos(expires)
	return &s, nil
}

// DeleteSession ends a session; ending one that does not exist is not an
// error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("sqlite: delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired at or before now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, nanos(now))
	if err != nil {
		return 0, fmt.Errorf("sqlite: delete expired sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CreateToken stores t and sets its ID.
func (db *DB) CreateToken(ctx context.Context, t *store.APIToken) error {
	err := db.write(ctx, func(tx *wtx) error {
		return tx.queryRow(`INSERT INTO api_tokens (hash, name, user_id, created_at, expires_at, last_used, revoked)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			t.Hash, t.Name, t.UserID, nanos(t.CreatedAt), nanosPtr(t.ExpiresAt), nanosPtr(t.LastUsed), boolInt(t.Revoked)).Scan(&t.ID)
	})
	if err != nil {
		return fmt.Errorf("sqlite: create token %q: %w", t.Name, err)
	}
	return nil
}

const tokenColumns = `id, hash, name, user_id, created_at, expires_at, last_used, revoked`

func scanToken(sc scanner) (*store.APIToken, error) {
	var t store.APIToken
	var created int64
	var expires, used sql.NullInt64
	var revoked int
	if err := sc.Scan(&t.ID, &t.Hash, &t.Name, &t.UserID, &created, &expires, &used, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt, t.LastUsed, t.Revoked = fromNanos(created), timePtr(expires), timePtr(used), revoked != 0
	return &t, nil
}

// TokenByHash returns the token with this hash.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*store.APIToken, error) {
	t, err := scanToken(db.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ?`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("token: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read token: %w", err)
	}
	return t, nil
}

// Tokens lists a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]*store.APIToken, error) {
	return queryAll(ctx, db, "list tokens", scanToken,
		`SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
}

// TouchToken records that a token was used at at.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, nanos(at), id)
	return affected(res, err, fmt.Sprintf("token %d", id))
}

// RevokeToken revokes token id of userID.
func (db *DB) RevokeToken(ctx context.Context, id, userID int64) error {
	return db.write(ctx, func(tx *wtx) error {
		res, err := tx.exec(`UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ?`, id, userID)
		return affected(res, err, fmt.Sprintf("token %d", id))
	})
}

// AppendAudit appends e to the audit log and sets its ID.
func (db *DB) AppendAudit(ctx context.Context, e *store.AuditEntry) error {
	return db.write(ctx, func(tx *wtx) error { return insertAudit(tx, e) })
}

// insertAudit appends e inside tx and sets its ID.
func insertAudit(tx *wtx, e *store.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	err := tx.queryRow(`INSERT INTO audit_log (at, user, action, story_id, detail)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, nanos(e.At), e.User, e.Action, e.StoryID, e.Detail).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("sqlite: append audit entry: %w", err)
	}
	return nil
}

// Audit lists audit entries newest first.
func (db *DB) Audit(ctx context.Context, q store.AuditQuery) ([]*store.AuditEntry, error) {
	where := []string{"1 = 1"}
	var args []any
	if q.User != "" {
		where, args = append(where, "user = ?"), append(args, q.User)
	}
	if q.StoryID != "" {
		where, args = append(where, "story_id = ?"), append(args, q.StoryID)
	}
	if q.Action != "" {
		where, args = append(where, "action = ?"), append(args, q.Action)
	}
	if q.Before > 0 {
		where, args = append(where, "id < ?"), append(args, q.Before)
	}
	args = append(args, clampLimit(q.Limit, auditDefaultLimit, auditMaxLimit))
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, user, action, story_id, detail FROM audit_log
		WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read audit log: %w", err)
	}
	defer rows.Close()
	var out []*store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.StoryID, &e.Detail); err != nil {
			return nil, fmt.Errorf("sqlite: read audit log: %w", err)
		}
		e.At = fromNanos(at)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// queryAll runs a read query and scans every row with scan; what names the
// operation in errors.
func queryAll[T any](ctx context.Context, db *DB, what string, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
