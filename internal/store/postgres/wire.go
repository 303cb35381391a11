package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-news/dateline/internal/store"
)

var _ store.Subscribers = (*DB)(nil)

const subscriberColumns = `id, name, key_hash, key_hint, enabled, embargo_access, filter,
	webhook_url, webhook_secret, created_at, expires_at`

func scanSubscriber(row pgx.Row) (*store.Subscriber, error) {
	var s store.Subscriber
	if err := row.Scan(&s.ID, &s.Name, &s.KeyHash, &s.KeyHint, &s.Enabled, &s.EmbargoAccess, &s.Filter,
		&s.WebhookURL, &s.WebhookSecret, &s.CreatedAt, &s.ExpiresAt); err != nil {
		return nil, err
	}
	s.CreatedAt, s.ExpiresAt = s.CreatedAt.UTC(), utcPtr(s.ExpiresAt)
	return &s, nil
}

func subscriberExists(name string) error {
	return fmt.Errorf("%w: a subscriber named %q or with this key exists already", store.ErrDuplicate, name)
}

// CreateSubscriber stores s (and, with a webhook, its delivery state from
// the start of the change log) and sets its ID.
func (db *DB) CreateSubscriber(ctx context.Context, s *store.Subscriber) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO subscribers (name, key_hash, key_hint, enabled,
			embargo_access, filter, webhook_url, webhook_secret, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			clean(s.Name), clean(s.KeyHash), clean(s.KeyHint), s.Enabled, s.EmbargoAccess, clean(s.Filter),
			clean(s.WebhookURL), clean(s.WebhookSecret), s.CreatedAt, s.ExpiresAt).Scan(&s.ID)
		if isUnique(err) {
			return subscriberExists(s.Name)
		}
		if err != nil {
			return fmt.Errorf("postgres: create subscriber %q: %w", s.Name, err)
		}
		if s.WebhookURL != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO webhook_state (subscriber_id, delivered_seq) VALUES ($1, 0)`, s.ID); err != nil {
				return fmt.Errorf("postgres: create webhook state of %q: %w", s.Name, err)
			}
		}
		return nil
	})
}

func (db *DB) oneSubscriber(ctx context.Context, what, where string, arg any) (*store.Subscriber, error) {
	s, err := scanSubscriber(db.pool.QueryRow(ctx, "SELECT "+subscriberColumns+" FROM subscribers WHERE "+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: subscriber %s", store.ErrNotFound, what)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: subscriber %s: %w", what, err)
	}
	return s, nil
}

// Subscriber returns subscriber id.
func (db *DB) Subscriber(ctx context.Context, id int64) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, fmt.Sprint(id), "id = $1", id)
}

// SubscriberByKeyHash finds the subscriber of a key.
func (db *DB) SubscriberByKeyHash(ctx context.Context, hash string) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, "with this key", "key_hash = $1", clean(hash))
}

// SubscriberByName finds a subscriber by its exact name.
func (db *DB) SubscriberByName(ctx context.Context, name string) (*store.Subscriber, error) {
	return db.oneSubscriber(ctx, fmt.Sprintf("%q", name), "name = $1", clean(name))
}

// ListSubscribers lists every subscriber by id.
func (db *DB) ListSubscribers(ctx context.Context) ([]*store.Subscriber, error) {
	rows, err := db.pool.Query(ctx, "SELECT "+subscriberColumns+" FROM subscribers ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("postgres: list subscribers: %w", err)
	}
	defer rows.Close()
	list := []*store.Subscriber{}
	for rows.Next() {
		s, err := scanSubscriber(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list subscribers: %w", err)
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list subscribers: %w", err)
	}
	return list, nil
}

// UpdateSubscriber saves every field of s but ID and CreatedAt. The
// webhook URL and secret are saved too; use SetWebhook to (re)start
// delivery.
func (db *DB) UpdateSubscriber(ctx context.Context, s *store.Subscriber) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var filter string
		var embargo bool
		err := tx.QueryRow(ctx, "SELECT filter, embargo_access FROM subscribers WHERE id = $1 FOR UPDATE", s.ID).Scan(&filter, &embargo)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, s.ID)
		}
		if err != nil {
			return fmt.Errorf("postgres: update subscriber %d: %w", s.ID, err)
		}
		if filter != clean(s.Filter) || embargo != s.EmbargoAccess {
			// FOR SHARE waits for writers appending events and holds new
			// ones off until this commits: the events up to last are the
			// ones that may have gone out under the rights given up.
			var last int64
			if err := tx.QueryRow(ctx, "SELECT seq FROM event_counter FOR SHARE").Scan(&last); err != nil {
				return fmt.Errorf("postgres: keep former rights of subscriber %d: %w", s.ID, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO subscriber_former_rights
				(subscriber_id, filter, embargo_access, until_seq, changed_at)
				VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (subscriber_id, filter, embargo_access)
				DO UPDATE SET until_seq = excluded.until_seq, changed_at = excluded.changed_at`,
				s.ID, filter, embargo, last, rightsChangedAt()); err != nil {
				return fmt.Errorf("postgres: keep former rights of subscriber %d: %w", s.ID, err)
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE subscribers SET name = $1, key_hash = $2, key_hint = $3,
		enabled = $4, embargo_access = $5, filter = $6, webhook_url = $7, webhook_secret = $8, expires_at = $9
		WHERE id = $10`,
			clean(s.Name), clean(s.KeyHash), clean(s.KeyHint), s.Enabled, s.EmbargoAccess, clean(s.Filter),
			clean(s.WebhookURL), clean(s.WebhookSecret), s.ExpiresAt, s.ID)
		if isUnique(err) {
			return subscriberExists(s.Name)
		}
		if err != nil {
			return fmt.Errorf("postgres: update subscriber %d: %w", s.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, s.ID)
		}
		return nil
	})
}

// FormerRights lists the rights subscriber id held before, by UntilSeq.
func (db *DB) FormerRights(ctx context.Context, id int64) ([]store.FormerRights, error) {
	rows, err := db.pool.Query(ctx, `SELECT filter, embargo_access, until_seq, changed_at
		FROM subscriber_former_rights WHERE subscriber_id = $1 ORDER BY until_seq, filter, embargo_access`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: former rights of subscriber %d: %w", id, err)
	}
	defer rows.Close()
	var out []store.FormerRights
	for rows.Next() {
		var f store.FormerRights
		if err := rows.Scan(&f.Filter, &f.EmbargoAccess, &f.UntilSeq, &f.ChangedAt); err != nil {
			return nil, fmt.Errorf("postgres: former rights of subscriber %d: %w", id, err)
		}
		f.ChangedAt = f.ChangedAt.UTC()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: former rights of subscriber %d: %w", id, err)
	}
	return out, nil
}

// SetWebhook sets or removes a subscriber's webhook; setting it restarts
// delivery after change-log seq from with a clean history.
func (db *DB) SetWebhook(ctx context.Context, id int64, url, secret string, from int64) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE subscribers SET webhook_url = $1, webhook_secret = $2 WHERE id = $3", clean(url), clean(secret), id)
		if err != nil {
			return fmt.Errorf("postgres: set webhook of subscriber %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: subscriber %d", store.ErrNotFound, id)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM webhook_state WHERE subscriber_id = $1", id); err != nil {
			return fmt.Errorf("postgres: set webhook of subscriber %d: %w", id, err)
		}
		if url == "" {
			return nil
		}
		if _, err := tx.Exec(ctx, "INSERT INTO webhook_state (subscriber_id, delivered_seq) VALUES ($1, $2)", id, from); err != nil {
			return fmt.Errorf("postgres: set webhook of subscriber %d: %w", id, err)
		}
		return nil
	})
}

// WebhookState returns the delivery state of a subscriber's webhook.
func (db *DB) WebhookState(ctx context.Context, id int64) (*store.WebhookState, error) {
	var w store.WebhookState
	err := db.pool.QueryRow(ctx, `SELECT subscriber_id, delivered_seq, delivered_count, attempts,
		last_error, last_attempt_at, last_success_at, next_attempt_at, lease_owner, lease_until
		FROM webhook_state WHERE subscriber_id = $1`, id).Scan(&w.SubscriberID, &w.DeliveredSeq,
		&w.DeliveredCount, &w.Attempts, &w.LastError, &w.LastAttemptAt, &w.LastSuccessAt, &w.NextAttemptAt,
		&w.LeaseOwner, &w.LeaseUntil)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: webhook of subscriber %d", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: webhook state of subscriber %d: %w", id, err)
	}
	w.LastAttemptAt, w.LastSuccessAt = utcPtr(w.LastAttemptAt), utcPtr(w.LastSuccessAt)
	w.NextAttemptAt, w.LeaseUntil = w.NextAttemptAt.UTC(), w.LeaseUntil.UTC()
	return &w, nil
}

// ClaimWebhook takes or renews the delivery lease. The UPDATE's row lock
// makes two nodes claiming at once take turns, and the second sees the
// first's lease.
func (db *DB) ClaimWebhook(ctx context.Context, id int64, owner string, now, until time.Time) (bool, error) {
	tag, err := db.pool.Exec(ctx, `UPDATE webhook_state SET lease_owner = $1, lease_until = $2
		WHERE subscriber_id = $3 AND (lease_owner = $1 OR lease_until < $4)`,
		clean(owner), until, id, now)
	if err != nil {
		return false, fmt.Errorf("postgres: claim webhook of subscriber %d: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseWebhook gives the lease up.
func (db *DB) ReleaseWebhook(ctx context.Context, id int64, owner string) error {
	if _, err := db.pool.Exec(ctx, `UPDATE webhook_state SET lease_owner = '', lease_until = 'epoch'
		WHERE subscriber_id = $1 AND lease_owner = $2`, id, clean(owner)); err != nil {
		return fmt.Errorf("postgres: release webhook of subscriber %d: %w", id, err)
	}
	return nil
}

func leaseLost(id int64, owner string) error {
	return fmt.Errorf("%w: %s does not hold the webhook lease of subscriber %d (or it has no webhook)", store.ErrConflict, owner, id)
}

// AdvanceWebhook records progress; it only moves forward.
func (db *DB) AdvanceWebhook(ctx context.Context, id int64, owner string, seq int64, delivered int, now time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE webhook_state SET delivered_seq = GREATEST(delivered_seq, $1),
		delivered_count = delivered_count + $2, attempts = 0, last_error = '', next_attempt_at = 'epoch',
		last_success_at = CASE WHEN $2 > 0 THEN $3 ELSE last_success_at END,
		last_attempt_at = CASE WHEN $2 > 0 THEN $3 ELSE last_attempt_at END
		WHERE subscriber_id = $4 AND lease_owner = $5`,
		seq, int64(delivered), now, id, clean(owner))
	if err != nil {
		return fmt.Errorf("postgres: advance webhook of subscriber %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return leaseLost(id, owner)
	}
	return nil
}

// FailWebhook records a failed attempt.
func (db *DB) FailWebhook(ctx context.Context, id int64, owner, msg string, now, next time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE webhook_state SET attempts = attempts + 1, last_error = $1,
		last_attempt_at = $2, next_attempt_at = $3 WHERE subscriber_id = $4 AND lease_owner = $5`,
		clean(msg), now, next, id, clean(owner))
	if err != nil {
		return fmt.Errorf("postgres: record webhook failure of subscriber %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return leaseLost(id, owner)
	}
	return nil
}

// rightsChangedAt is now to the microsecond, as both engines keep it (so a
// copy between them keeps it exactly).
func rightsChangedAt() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
