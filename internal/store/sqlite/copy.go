package sqlite

// Raw export and import of a whole installation, for `dateline
// migrate-data` (internal/copydb). Export reads rows as domain values in
// a stable order; import writes them with their ids and change-log
// numbers intact into an empty database, rebuilding the public
// projection, tags and search index from the versions with this engine's
// own rules.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// CopyCounts returns the number of rows of every table a copy moves:
// stories, versions, events, public, tags, search, users, api_tokens,
// sessions, audit_log, subscribers, webhook_state, former_rights.
func (db *DB) CopyCounts(ctx context.Context) (map[string]int64, error) {
	queries := []struct{ name, query string }{
		{"stories", "SELECT count(*) FROM stories"},
		{"versions", "SELECT count(*) FROM versions"},
		{"events", "SELECT count(*) FROM events"},
		{"public", "SELECT count(*) FROM public"},
		{"tags", "SELECT count(*) FROM story_tags"},
		{"blobs", "SELECT count(*) FROM blobs"},
		{"public_pictures", "SELECT count(*) FROM public_pictures"},
		{"search", "SELECT count(*) FROM public_fts"},
		{"users", "SELECT count(*) FROM users"},
		{"api_tokens", "SELECT count(*) FROM api_tokens"},
		{"sessions", "SELECT count(*) FROM sessions"},
		{"audit_log", "SELECT count(*) FROM audit_log"},
		{"subscribers", "SELECT count(*) FROM subscribers"},
		{"webhook_state", "SELECT count(*) FROM webhook_state"},
		{"former_rights", "SELECT count(*) FROM subscriber_former_rights"},
	}
	out := make(map[string]int64, len(queries))
	for _, q := range queries {
		var n int64
		if err := db.r.QueryRowContext(ctx, q.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: count %s: %w", q.name, err)
		}
		out[q.name] = n
	}
	return out, nil
}

// ExportStories returns up to limit working copies after position after
// ("" is the start), in insertion order, and the position to continue
// from.
func (db *DB) ExportStories(ctx context.Context, after string, limit int) ([]*news.Story, string, error) {
	var from int64
	if after != "" {
		n, err := strconv.ParseInt(after, 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: export stories: bad position %q", after)
		}
		from = n
	}
	rows, err := db.r.QueryContext(ctx, "SELECT s.seq, s.id, s.revision, "+storyJSON+" FROM stories s WHERE s.seq > ? ORDER BY s.seq LIMIT ?", from, limit)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: export stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	for rows.Next() {
		var id string
		var rev int
		var blob []byte
		if err := rows.Scan(&from, &id, &rev, &blob); err != nil {
			return nil, "", fmt.Errorf("sqlite: export stories: %w", err)
		}
		s, err := decodeWorkingCopy(id, rev, blob)
		if err != nil {
			return nil, "", err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlite: export stories: %w", err)
	}
	return out, strconv.FormatInt(from, 10), nil
}

// ExportLog returns up to limit change-log events with Seq > after, in
// order, each with the version it announces (versions[i] is the version
// of events[i]).
func (db *DB) ExportLog(ctx context.Context, after int64, limit int) ([]news.Event, []*news.Version, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT e.seq, e.story_id, e.version, e.action, e.at, e.status,
		e.language, e.section, e.urgency, e.embargo_until, e.quiet,
		v.number, v.action, v.at, v.by, v.note, v.json
		FROM events e JOIN versions v ON v.story_id = e.story_id AND v.number = e.version
		WHERE e.seq > ? ORDER BY e.seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: export change log: %w", err)
	}
	defer rows.Close()
	var events []news.Event
	var versions []*news.Version
	for rows.Next() {
		var e news.Event
		var eAction, status, vAction string
		var eAt, vAt int64
		var embargo sql.NullInt64
		var blob []byte
		var quiet int
		v := &news.Version{}
		if err := rows.Scan(&e.Seq, &e.StoryID, &e.Version, &eAction, &eAt, &status, &e.Language,
			&e.Section, &e.Urgency, &embargo, &quiet, &v.Number, &vAction, &vAt, &v.By, &v.Note, &blob); err != nil {
			return nil, nil, fmt.Errorf("sqlite: export change log: %w", err)
		}
		e.Action, e.Status, e.At, e.EmbargoUntil = news.Action(eAction), news.Status(status), fromNanos(eAt), timePtr(embargo)
		e.Quiet, v.Quiet = quiet != 0, quiet != 0
		v.StoryID, v.Action, v.At = e.StoryID, news.Action(vAction), fromNanos(vAt)
		if err := json.Unmarshal(blob, &v.Story); err != nil {
			return nil, nil, fmt.Errorf("sqlite: decode version %d of %s: %w", v.Number, v.StoryID, err)
		}
		events, versions = append(events, e), append(versions, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("sqlite: export change log: %w", err)
	}
	return events, versions, nil
}

// ExportTokens returns every newsroom API token by id.
func (db *DB) ExportTokens(ctx context.Context) ([]*store.APIToken, error) {
	return queryAll(ctx, db, "export tokens", scanToken, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id`)
}

// ExportSessions returns every session, expired ones included.
func (db *DB) ExportSessions(ctx context.Context) ([]*store.Session, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT token_hash, user_id, csrf, created_at, expires_at
		FROM sessions ORDER BY token_hash`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: export sessions: %w", err)
	}
	defer rows.Close()
	var out []*store.Session
	for rows.Next() {
		var s store.Session
		var created, expires int64
		if err := rows.Scan(&s.TokenHash, &s.UserID, &s.CSRF, &created, &expires); err != nil {
			return nil, fmt.Errorf("sqlite: export sessions: %w", err)
		}
		s.CreatedAt, s.ExpiresAt = fromNanos(created), fromNanos(expires)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// ExportAudit returns up to limit audit entries with ID > after, oldest
// first.
func (db *DB) ExportAudit(ctx context.Context, after int64, limit int) ([]*store.AuditEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, user, action, story_id, detail FROM audit_log
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: export audit log: %w", err)
	}
	defer rows.Close()
	var out []*store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.StoryID, &e.Detail); err != nil {
			return nil, fmt.Errorf("sqlite: export audit log: %w", err)
		}
		e.At = fromNanos(at)
		out = append(out, &e)
	}
	return out, rows.Err()
}

// ExportWebhookStates returns the delivery state of every webhook.
func (db *DB) ExportWebhookStates(ctx context.Context) ([]*store.WebhookState, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT subscriber_id, delivered_seq, delivered_count, attempts,
		last_error, last_attempt_at, last_success_at, next_attempt_at, lease_owner, lease_until
		FROM webhook_state ORDER BY subscriber_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: export webhook states: %w", err)
	}
	defer rows.Close()
	var out []*store.WebhookState
	for rows.Next() {
		var w store.WebhookState
		var lastAttempt, lastSuccess sql.NullInt64
		var next, lease int64
		if err := rows.Scan(&w.SubscriberID, &w.DeliveredSeq, &w.DeliveredCount, &w.Attempts, &w.LastError,
			&lastAttempt, &lastSuccess, &next, &w.LeaseOwner, &lease); err != nil {
			return nil, fmt.Errorf("sqlite: export webhook states: %w", err)
		}
		w.LastAttemptAt, w.LastSuccessAt = timePtr(lastAttempt), timePtr(lastSuccess)
		w.NextAttemptAt, w.LeaseUntil = fromNanos(next), fromNanos(lease)
		out = append(out, &w)
	}
	return out, rows.Err()
}

// ImportStories stores working copies as they are (no version, no
// event), in one transaction.
func (db *DB) ImportStories(ctx context.Context, stories []*news.Story) error {
	return db.write(ctx, func(tx *wtx) error {
		for _, s := range stories {
			if s == nil || s.ID == "" {
				return errors.New("sqlite: import: a story without an id")
			}
			blob, err := json.Marshal(s)
			if err != nil {
				return fmt.Errorf("sqlite: encode story %s: %w", s.ID, err)
			}
			if _, err := tx.exec(`INSERT INTO stories
				(id, source, status, section, author, modified_at, embargo_until, revision, json, kind, search_text)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				s.ID, nullIfEmpty(s.Source), string(s.Status), s.Section, s.Author, nanos(s.ModifiedAt),
				nanosPtr(s.EmbargoUntil), s.Revision, blob, string(s.Kind), store.DeskText(s)); err != nil {
				return fmt.Errorf("sqlite: import story %s: %w", s.ID, err)
			}
		}
		return nil
	})
}

// ImportLog stores versions and their change-log events with the events'
// own Seq, in order, moving the public projection, tags and search index
// as each version did when it was made. The stories must be imported
// already.
func (db *DB) ImportLog(ctx context.Context, events []news.Event, versions []*news.Version) error {
	if len(events) != len(versions) {
		return fmt.Errorf("sqlite: import: %d events but %d versions", len(events), len(versions))
	}
	return db.write(ctx, func(tx *wtx) error {
		for i, e := range events {
			v := versions[i]
			if v.StoryID != e.StoryID || v.Number != e.Version {
				return fmt.Errorf("sqlite: import: event %d is of version %d of %s, not version %d of %s",
					e.Seq, e.Version, e.StoryID, v.Number, v.StoryID)
			}
			var seq int64
			if err := tx.queryRow("SELECT seq FROM stories WHERE id = ?", v.StoryID).Scan(&seq); err != nil {
				return fmt.Errorf("sqlite: import: story %s of event %d: %w", v.StoryID, e.Seq, err)
			}
			blob, err := json.Marshal(&v.Story)
			if err != nil {
				return fmt.Errorf("sqlite: encode version %d of %s: %w", v.Number, v.StoryID, err)
			}
			if _, err := tx.exec(`INSERT INTO versions (story_id, number, action, at, by, note, json)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				v.StoryID, v.Number, string(v.Action), nanos(v.At), v.By, v.Note, blob); err != nil {
				return fmt.Errorf("sqlite: import version %d of %s: %w", v.Number, v.StoryID, err)
			}
			if _, err := tx.exec(`INSERT INTO events
				(seq, story_id, version, action, at, status, language, section, urgency, embargo_until, quiet)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.Seq, e.StoryID, e.Version, string(e.Action), nanos(e.At), string(e.Status), e.Language,
				e.Section, e.Urgency, nanosPtr(e.EmbargoUntil), boolInt(e.Quiet)); err != nil {
				return fmt.Errorf("sqlite: import event %d: %w", e.Seq, err)
			}
			if err := project(tx, seq, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportAccounts stores users, API tokens and sessions with their ids.
func (db *DB) ImportAccounts(ctx context.Context, users []*store.User, tokens []*store.APIToken, sessions []*store.Session) error {
	return db.write(ctx, func(tx *wtx) error {
		for _, u := range users {
			if _, err := tx.exec(`INSERT INTO users (id, name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Name, string(u.Role), u.PasswordHash, nanos(u.CreatedAt),
				boolInt(u.Disabled), boolInt(u.MustChangePassword), nanosPtr(u.UnlockedAt), u.DisplayName, u.TimeZone); err != nil {
				return fmt.Errorf("sqlite: import user %q: %w", u.Name, err)
			}
		}
		for _, t := range tokens {
			if _, err := tx.exec(`INSERT INTO api_tokens (id, hash, name, user_id, created_at, expires_at, last_used, revoked)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Hash, t.Name, t.UserID, nanos(t.CreatedAt),
				nanosPtr(t.ExpiresAt), nanosPtr(t.LastUsed), boolInt(t.Revoked)); err != nil {
				return fmt.Errorf("sqlite: import token %d: %w", t.ID, err)
			}
		}
		for _, s := range sessions {
			if _, err := tx.exec(`INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CSRF, nanos(s.CreatedAt), nanos(s.ExpiresAt)); err != nil {
				return fmt.Errorf("sqlite: import session of user %d: %w", s.UserID, err)
			}
		}
		return nil
	})
}

// ImportAudit appends audit entries with their ids.
func (db *DB) ImportAudit(ctx context.Context, entries []*store.AuditEntry) error {
	return db.write(ctx, func(tx *wtx) error {
		for _, e := range entries {
			if _, err := tx.exec(`INSERT INTO audit_log (id, at, user, action, story_id, detail)
				VALUES (?, ?, ?, ?, ?, ?)`, e.ID, nanos(e.At), e.User, e.Action, e.StoryID, e.Detail); err != nil {
				return fmt.Errorf("sqlite: import audit entry %d: %w", e.ID, err)
			}
		}
		return nil
	})
}

// ImportSubscribers stores subscribers with their ids and their webhook
// delivery states. Delivery leases are not copied: the new nodes take
// them afresh.
func (db *DB) ImportSubscribers(ctx context.Context, subs []*store.Subscriber, states []*store.WebhookState) error {
	return db.write(ctx, func(tx *wtx) error {
		for _, s := range subs {
			if _, err := tx.exec(`INSERT INTO subscribers (id, name, key_hash, key_hint, enabled,
				embargo_access, filter, webhook_url, webhook_secret, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				s.ID, s.Name, s.KeyHash, s.KeyHint, boolInt(s.Enabled), boolInt(s.EmbargoAccess), s.Filter,
				s.WebhookURL, s.WebhookSecret, nanos(s.CreatedAt), nanosPtr(s.ExpiresAt)); err != nil {
				return fmt.Errorf("sqlite: import subscriber %q: %w", s.Name, err)
			}
		}
		for _, w := range states {
			if _, err := tx.exec(`INSERT INTO webhook_state (subscriber_id, delivered_seq, delivered_count,
				attempts, last_error, last_attempt_at, last_success_at, next_attempt_at, lease_owner, lease_until)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0)`,
				w.SubscriberID, w.DeliveredSeq, w.DeliveredCount, w.Attempts, w.LastError,
				nanosPtr(w.LastAttemptAt), nanosPtr(w.LastSuccessAt), nanos(w.NextAttemptAt)); err != nil {
				return fmt.Errorf("sqlite: import webhook state of subscriber %d: %w", w.SubscriberID, err)
			}
		}
		return nil
	})
}

// ImportFormerRights stores the rights subscribers gave up, by
// subscriber id.
func (db *DB) ImportFormerRights(ctx context.Context, rights map[int64][]store.FormerRights) error {
	return db.write(ctx, func(tx *wtx) error {
		for id, list := range rights {
			for _, f := range list {
				if _, err := tx.exec(`INSERT INTO subscriber_former_rights
					(subscriber_id, filter, embargo_access, until_seq, changed_at) VALUES (?, ?, ?, ?, ?)`,
					id, f.Filter, boolInt(f.EmbargoAccess), f.UntilSeq, nanos(f.ChangedAt)); err != nil {
					return fmt.Errorf("sqlite: import former rights of subscriber %d: %w", id, err)
				}
			}
		}
		return nil
	})
}

// FinishImport runs after everything is imported: it refreshes the query
// planner's statistics and merges the search index.
func (db *DB) FinishImport(ctx context.Context) error {
	return db.write(ctx, func(tx *wtx) error {
		if _, err := tx.exec("INSERT INTO public_fts(public_fts) VALUES ('optimize')"); err != nil {
			return fmt.Errorf("sqlite: optimize search index: %w", err)
		}
		if _, err := tx.exec("ANALYZE"); err != nil {
			return fmt.Errorf("sqlite: analyze: %w", err)
		}
		return nil
	})
}

// ExportBlobs returns up to limit blobs whose hash sorts after after.
func (db *DB) ExportBlobs(ctx context.Context, after string, limit int) ([]store.Blob, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT hash, content_type, data FROM blobs WHERE hash > ? ORDER BY hash LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: export blobs: %w", err)
	}
	defer rows.Close()
	var out []store.Blob
	for rows.Next() {
		var b store.Blob
		if err := rows.Scan(&b.Hash, &b.ContentType, &b.Data); err != nil {
			return nil, fmt.Errorf("sqlite: export blobs: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ImportBlobs stores blobs (each checked against its hash).
func (db *DB) ImportBlobs(ctx context.Context, blobs []store.Blob) error {
	return db.write(ctx, func(tx *wtx) error { return insertBlobs(tx, blobs) })
}
