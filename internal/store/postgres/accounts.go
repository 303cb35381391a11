package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dateline-news/dateline/internal/store"
)

var _ store.Accounts = (*DB)(nil)

const (
	auditDefaultLimit = 100
	auditMaxLimit     = 1000
)

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// affected turns an UPDATE that matched no row into ErrNotFound.
func affected(tag pgconn.CommandTag, err error, what string) error {
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// CreateUser stores u and sets its ID; a name taken in any case is
// ErrUserExists.
func (db *DB) CreateUser(ctx context.Context, u *store.User) error {
	err := db.write(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO users (name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			clean(u.Name), string(u.Role), clean(u.PasswordHash), u.CreatedAt, u.Disabled, u.MustChangePassword, u.UnlockedAt,
			clean(u.DisplayName), clean(u.TimeZone)).Scan(&u.ID)
	})
	if isUnique(err) {
		return fmt.Errorf("%w: %q", store.ErrUserExists, u.Name)
	}
	if err != nil {
		return fmt.Errorf("postgres: create user %q: %w", u.Name, err)
	}
	return nil
}

const userColumns = `id, name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone`

func scanUser(row pgx.Row) (*store.User, error) {
	var u store.User
	var role string
	if err := row.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &u.CreatedAt, &u.Disabled, &u.MustChangePassword, &u.UnlockedAt, &u.DisplayName, &u.TimeZone); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt = store.Role(role), u.CreatedAt.UTC()
	if u.UnlockedAt != nil {
		t := u.UnlockedAt.UTC()
		u.UnlockedAt = &t
	}
	return &u, nil
}

func (db *DB) oneUser(ctx context.Context, what, where string, arg any) (*store.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", what, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read user %s: %w", what, err)
	}
	return u, nil
}

// User returns the account with this id.
func (db *DB) User(ctx context.Context, id int64) (*store.User, error) {
	return db.oneUser(ctx, fmt.Sprint(id), "id = $1", id)
}

// UserByName returns the account with this name (any case).
func (db *DB) UserByName(ctx context.Context, name string) (*store.User, error) {
	return db.oneUser(ctx, fmt.Sprintf("%q", name), "lower(name) = lower($1)", clean(name))
}

// Users lists every account by name, ignoring case.
func (db *DB) Users(ctx context.Context) ([]*store.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(name), name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	defer rows.Close()
	var out []*store.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count users: %w", err)
	}
	return n, nil
}

// UpdateUser saves the role, password hash, flags and unlock time of u.
func (db *DB) UpdateUser(ctx context.Context, u *store.User) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET role = $1, password_hash = $2, disabled = $3, must_change_password = $4, unlocked_at = $5,
		display_name = $6, time_zone = $7 WHERE id = $8`, string(u.Role), clean(u.PasswordHash), u.Disabled, u.MustChangePassword, u.UnlockedAt,
			clean(u.DisplayName), clean(u.TimeZone), u.ID)
		return affected(tag, err, fmt.Sprintf("user %d", u.ID))
	})
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s *store.Session) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, clean(s.TokenHash), s.UserID, clean(s.CSRF), s.CreatedAt, s.ExpiresAt)
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	return nil
}

// Session returns a session that has not expired at now.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*store.Session, error) {
	var s store.Session
	err := db.pool.QueryRow(ctx, `SELECT token_hash, user_id, csrf, created_at, expires_at
		FROM sessions WHERE token_hash = $1 AND expires_at > $2`, clean(tokenHash), now).
		Scan(&s.TokenHash, &s.UserID, &s.CSRF, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read session: %w", err)
	}
	s.CreatedAt, s.ExpiresAt = s.CreatedAt.UTC(), s.ExpiresAt.UTC()
	return &s, nil
}

// DeleteSession ends a session; ending one that does not exist is not an
// error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, clean(tokenHash)); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("postgres: delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired at or before now.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("postgres: delete expired sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// CreateToken stores t and sets its ID.
func (db *DB) CreateToken(ctx context.Context, t *store.APIToken) error {
	err := db.write(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO api_tokens (hash, name, user_id, created_at, expires_at, last_used, revoked)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			clean(t.Hash), clean(t.Name), t.UserID, t.CreatedAt, t.ExpiresAt, t.LastUsed, t.Revoked).Scan(&t.ID)
	})
	if err != nil {
		return fmt.Errorf("postgres: create token %q: %w", t.Name, err)
	}
	return nil
}

const tokenColumns = `id, hash, name, user_id, created_at, expires_at, last_used, revoked`

func scanToken(row pgx.Row) (*store.APIToken, error) {
	var t store.APIToken
	if err := row.Scan(&t.ID, &t.Hash, &t.Name, &t.UserID, &t.CreatedAt, &t.ExpiresAt, &t.LastUsed, &t.Revoked); err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt, t.LastUsed = t.CreatedAt.UTC(), utcPtr(t.ExpiresAt), utcPtr(t.LastUsed)
	return &t, nil
}

// TokenByHash returns the token with this hash.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*store.APIToken, error) {
	t, err := scanToken(db.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = $1`, clean(hash)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("token: %w", store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read token: %w", err)
	}
	return t, nil
}

// Tokens lists a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]*store.APIToken, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list tokens: %w", err)
	}
	defer rows.Close()
	var out []*store.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TouchToken records that a token was used at at.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, at, id)
	return affected(tag, err, fmt.Sprintf("token %d", id))
}

// RevokeToken revokes token id of userID.
func (db *DB) RevokeToken(ctx context.Context, id, userID int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked = true WHERE id = $1 AND user_id = $2`, id, userID)
		return affected(tag, err, fmt.Sprintf("token %d", id))
	})
}

// AppendAudit appends e to the audit log and sets its ID.
func (db *DB) AppendAudit(ctx context.Context, e *store.AuditEntry) error {
	return db.write(ctx, func(tx pgx.Tx) error { return insertAudit(ctx, tx, e) })
}

// insertAudit appends e inside tx and sets its ID.
func insertAudit(ctx context.Context, tx pgx.Tx, e *store.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	err := tx.QueryRow(ctx, `INSERT INTO audit_log (at, user_name, action, story_id, detail)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		e.At, clean(e.User), clean(e.Action), clean(e.StoryID), clean(e.Detail)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("postgres: append audit entry: %w", err)
	}
	return nil
}

// Audit lists audit entries newest first.
func (db *DB) Audit(ctx context.Context, aq store.AuditQuery) ([]*store.AuditEntry, error) {
	var q query
	where := []string{"true"}
	if aq.User != "" {
		where = append(where, "user_name = "+q.arg(clean(aq.User)))
	}
	if aq.StoryID != "" {
		where = append(where, "story_id = "+q.arg(clean(aq.StoryID)))
	}
	if aq.Action != "" {
		where = append(where, "action = "+q.arg(clean(aq.Action)))
	}
	if aq.Before > 0 {
		where = append(where, "id < "+q.arg(aq.Before))
	}
	limit := q.arg(clampLimit(aq.Limit, auditDefaultLimit, auditMaxLimit))
	rows, err := db.pool.Query(ctx, `SELECT id, at, user_name, action, story_id, detail FROM audit_log
		WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT `+limit, q.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: read audit log: %w", err)
	}
	defer rows.Close()
	var out []*store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Action, &e.StoryID, &e.Detail); err != nil {
			return nil, fmt.Errorf("postgres: read audit log: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, &e)
	}
	return out, rows.Err()
}
