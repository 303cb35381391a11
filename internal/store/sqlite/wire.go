package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

var _ store.Subscribers = (*DB)(nil)

const subscriberColumns = `id, name, key_hash, key_hint, enabled, embargo_access, filter,
	webhook_url, webhook_secret, created_at, expires_at`

func scanSubscriber(sc scanner) (*store.Subscriber, error) {
	var s store.Subscriber
	var enabled, embargo int
	var created int64
	var expires sql.NullInt64
	if err := sc.Scan(&s.ID, &s.Name, &s.KeyHash, &s.KeyHint, &enabled, &embargo, &s.Filter,
		&s.WebhookURL, &s.WebhookSecret, &created, &expires); err != nil {
		return nil, err
	}
	s.Enabled, s.EmbargoAccess = enabled != 0, embargo != 0
	s.CreatedAt, s.ExpiresAt = fromNanos(created), timePtr(expires)
	return &s, nil
}

// CreateSubscriber stores s and sets its ID.
func (db *DB) CreateSubscriber(ctx context.Context, s *store.Subscriber) error {
	return db.write(ctx, func(tx *wtx) error {
		err := tx.queryRow(`INSERT INTO subscribers (name, key_hash, key_hint, enabled,
		embargo_access, filter, webhook_url, webhook_secret, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			s.Name, s.KeyHash, s.KeyHint, boolInt(s.Enabled), boolInt(s.EmbargoAccess), s.Filter,
			s.WebhookURL, s.WebhookSecret, nanos(s.CreatedAt), nanosPtr(s.ExpiresAt)).Scan(&s.ID)
		if isUnique(err) {
			return fmt.Errorf("%w: a subscriber named %q or with this key exists already", store.ErrDuplicate, s.Name)
		}
		if err != nil {
			return fmt.Errorf("sqlite: create subscriber %q: %w", s.Name, err)
		}
		if s.WebhookURL != "" {
			if _, err := tx.exec(`INSERT INTO webhook_state (subscriber_id, delivered_seq)
			VALUES (?, 0)`, s.ID); err != nil {
				return fmt.Errorf("sqlite: create webhook state of %q: %w", s.Name, err)
			}
		}
		return nil
	})
}

func (db *DB) oneSubscriber(ctx context.Context, what, where string, arg any) (*store.Subscriber, error) {
	s, err := scanSubscriber(db.r.QueryRowContext(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: subscriber %s", store.ErrNotFound, what)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: subscriber %s: %w", what, err)
	}
	return s, nil
}

// Subscriber returns subscriber id.
func (db *DB) Subscriber(ctx context.Context, id int64) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, fmt.Sprint(id), "id = ?", id)
}

// SubscriberByKeyHash finds the subscriber of a key.
func (db *DB) SubscriberByKeyHash(ctx context.Context, hash string) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, "with this key", "key_hash = ?", hash)
}

// SubscriberByName finds a subscriber by name.
func (db *DB) SubscriberByName(ctx context.Context, name string) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, fmt.Sprintf("%q", name), "name = ?", name)
}

// ListSubscribers lists every subscriber by id.
func (db *DB) ListSubscribers(ctx context.Context) ([]*store.Subscriber, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+subscriberColumns+" FROM subscribers ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("sqlite: list subscribers: %w", err)
	}
	defer rows.Close()
	list := []*store.Subscriber{}
	for rows.Next() {
		s, err := scanSubscriber(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list subscribers: %w", err)
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list subscribers: %w", err)
	}
	return list, nil
}

// UpdateSubscriber saves every field of s but ID and CreatedAt. The
// webhook URL and secret are saved too; use SetWebhook to (re)start
// delivery.
func (db *DB) UpdateSubscriber(ctx context.Context, s *store.Subscriber) error {
	return db.write(ctx, func(tx *wtx) error {
		var filter string
		var embargo int
		err := tx.queryRow("SELECT filter, embargo_access FROM subscribers WHERE id = ?", s.ID).Scan(&filter, &embargo)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, s.ID)
		}
		if err != nil {
			return fmt.Errorf("sqlite: update subscriber %d: %w", s.ID, err)
		}
		if filter != s.Filter || embargo != boolInt(s.EmbargoAccess) {
			// Writers take turns, so the newest event is the last one
			// that may have gone out under the rights given up.
			if _, err := tx.exec(`INSERT INTO subscriber_former_rights
				(subscriber_id, filter, embargo_access, until_seq, changed_at)
				VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) FROM events), ?)
				ON CONFLICT (subscriber_id, filter, embargo_access)
				DO UPDATE SET until_seq = excluded.until_seq, changed_at = excluded.changed_at`,
				s.ID, filter, embargo, nanos(rightsChangedAt())); err != nil {
				return fmt.Errorf("sqlite: keep former rights of subscriber %d: %w", s.ID, err)
			}
		}
		res, err := tx.exec(`UPDATE subscribers SET name = ?, key_hash = ?, key_hint = ?,
		enabled = ?, embargo_access = ?, filter = ?, webhook_url = ?, webhook_secret = ?, expires_at = ?
		WHERE id = ?`,
			s.Name, s.KeyHash, s.KeyHint, boolInt(s.Enabled), boolInt(s.EmbargoAccess), s.Filter,
			s.WebhookURL, s.WebhookSecret, nanosPtr(s.ExpiresAt), s.ID)
		if isUnique(err) {
			return fmt.Errorf("%w: a subscriber named %q or with this key exists already", store.ErrDuplicate, s.Name)
		}
		if err != nil {
			return fmt.Errorf("sqlite: update subscriber %d: %w", s.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, s.ID)
		}
		return nil
	})
}

// FormerRights lists the rights subscriber id held before, by UntilSeq.
func (db *DB) FormerRights(ctx context.Context, id int64) ([]store.FormerRights, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT filter, embargo_access, until_seq, changed_at
		FROM subscriber_former_rights WHERE subscriber_id = ? ORDER BY until_seq, filter, embargo_access`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: former rights of subscriber %d: %w", id, err)
	}
	defer rows.Close()
	var out []store.FormerRights
	for rows.Next() {
		var f store.FormerRights
		var embargo int
		var changed int64
		if err := rows.Scan(&f.Filter, &embargo, &f.UntilSeq, &changed); err != nil {
			return nil, fmt.Errorf("sqlite: former rights of subscriber %d: %w", id, err)
		}
		f.EmbargoAccess, f.ChangedAt = embargo != 0, fromNanos(changed)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: former rights of subscriber %d: %w", id, err)
	}
	return out, nil
}

// SetWebhook sets or removes a subscriber's webhook.
func (db *DB) SetWebhook(ctx context.Context, id int64, url, secret string, from int64) error {
	return db.write(ctx, func(tx *wtx) error {
		res, err := tx.exec("UPDATE subscribers SET webhook_url = ?, webhook_secret = ? WHERE id = ?", url, secret, id)
		if err != nil {
			return fmt.Errorf("sqlite: set webhook of subscriber %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, id)
		}
		if _, err := tx.exec("DELETE FROM webhook_state WHERE subscriber_id = ?", id); err != nil {
			return fmt.Errorf("sqlite: set webhook of subscriber %d: %w", id, err)
		}
		if url == "" {
			return nil
		}
		if _, err := tx.exec("INSERT INTO webhook_state (subscriber_id, delivered_seq) VALUES (?, ?)", id, from); err != nil {
			return fmt.Errorf("sqlite: set webhook of subscriber %d: %w", id, err)
		}
		return nil
	})
}

// WebhookState returns the delivery state of a subscriber's webhook.
func (db *DB) WebhookState(ctx context.Context, id int64) (*store.WebhookState, error) {
	var w store.WebhookState
	var lastAttempt, lastSuccess sql.NullInt64
	var next, lease int64
	err := db.r.QueryRowContext(ctx, `SELECT subscriber_id, delivered_seq, delivered_count, attempts,
		last_error, last_attempt_at, last_success_at, next_attempt_at, lease_owner, lease_until
		FROM webhook_state WHERE subscriber_id = ?`, id).Scan(&w.SubscriberID, &w.DeliveredSeq,
		&w.DeliveredCount, &w.Attempts, &w.LastError, &lastAttempt, &lastSuccess, &next, &w.LeaseOwner, &lease)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: webhook of subscriber %d", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhook state of subscriber %d: %w", id, err)
	}
	w.LastAttemptAt, w.LastSuccessAt = timePtr(lastAttempt), timePtr(lastSuccess)
	w.NextAttemptAt, w.LeaseUntil = fromNanos(next), fromNanos(lease)
	return &w, nil
}

// ClaimWebhook takes or renews the delivery lease.
func (db *DB) ClaimWebhook(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE webhook_state SET lease_owner = ?, lease_until = ?
		WHERE subscriber_id = ? AND (lease_owner = ? OR lease_until < ?)`,
		owner, nanos(until), id, owner, nanos(now))
	if err != nil {
		return false, fmt.Errorf("sqlite: claim webhook of subscriber %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlite: claim webhook of subscriber %d: %w", id, err)
	}
	return n == 1, nil
}

// ReleaseWebhook gives the lease up.
func (db *DB) ReleaseWebhook(ctx context.Context, id int64, owner string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE webhook_state SET lease_owner = '', lease_until = 0
		WHERE subscriber_id = ? AND lease_owner = ?`, id, owner); err != nil {
		return fmt.Errorf("sqlite: release webhook of subscriber %d: %w", id, err)
	}
	return nil
}

func leaseLost(id int64, owner string) error {
	return fmt.Errorf("%w: %s does not hold the webhook lease of subscriber %d (or it has no webhook)", store.ErrConflict, owner, id)
}

// AdvanceWebhook records progress.
func (db *DB) AdvanceWebhook(ctx context.Context, id int64, owner string, seq int64, delivered int, now time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE webhook_state SET delivered_seq = MAX(delivered_seq, ?),
		delivered_count = delivered_count + ?, attempts = 0, last_error = '', next_attempt_at = 0,
		last_success_at = CASE WHEN ? > 0 THEN ? ELSE last_success_at END,
		last_attempt_at = CASE WHEN ? > 0 THEN ? ELSE last_attempt_at END
		WHERE subscriber_id = ? AND lease_owner = ?`,
		seq, delivered, delivered, nanos(now), delivered, nanos(now), id, owner)
	if err != nil {
		return fmt.Errorf("sqlite: advance webhook of subscriber %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leaseLost(id, owner)
	}
	return nil
}

// FailWebhook records a failed attempt.
func (db *DB) FailWebhook(ctx context.Context, id int64, owner, msg string, now, next time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE webhook_state SET attempts = attempts + 1, last_error = ?,
		last_attempt_at = ?, next_attempt_at = ? WHERE subscriber_id = ? AND lease_owner = ?`,
		msg, nanos(now), nanos(next), id, owner)
	if err != nil {
		return fmt.Errorf("sqlite: record webhook failure of subscriber %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leaseLost(id, owner)
	}
	return nil
}

// rightsChangedAt is now to the microsecond, as both engines keep it (so a
// copy between them keeps it exactly).
func rightsChangedAt() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
