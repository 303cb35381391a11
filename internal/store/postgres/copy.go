package postgres

// Raw export and import of a whole installation, for `dateline
// migrate-data` (internal/copydb). Export reads rows as domain values in
// a stable order; import writes them with their ids and change-log
// numbers intact into an empty database, rebuilding the public
// projection, tags and search vectors from the versions with this
// engine's own rules, then moves the change-log counter and the identity
// sequences past the imported rows.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// CopyCounts returns the number of rows of every table a copy moves:
// stories, versions, events, public, tags (story-tag pairs of published
// stories), search (published stories with a search vector), users,
// api_tokens, sessions, audit_log, subscribers, webhook_state, former_rights.
func (db *DB) CopyCounts(ctx context.Context) (map[string]int64, error) {
	queries := []struct{ name, query string }{
		{"stories", "SELECT count(*) FROM stories"},
		{"versions", "SELECT count(*) FROM versions"},
		{"events", "SELECT count(*) FROM events"},
		{"public", "SELECT count(*) FROM public"},
		{"tags", "SELECT COALESCE(sum(cardinality(tags)), 0) FROM public WHERE status = 'published'"},
		{"blobs", "SELECT count(*) FROM blobs"},
		{"public_pictures", "SELECT count(*) FROM public_pictures"},
		{"search", "SELECT count(*) FROM public WHERE status = 'published' AND search IS NOT NULL"},
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
		if err := db.pool.QueryRow(ctx, q.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("postgres: count %s: %w", q.name, redactWrap(err, db.url))
		}
		out[q.name] = n
	}
	return out, nil
}

// ExportStories returns up to limit working copies with ids after after
// ("" is the start), by id, and the position to continue from.
func (db *DB) ExportStories(ctx context.Context, after string, limit int) ([]*news.Story, string, error) {
	rows, err := db.pool.Query(ctx, "SELECT id, doc FROM stories WHERE id > $1 ORDER BY id LIMIT $2", after, limit)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: export stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	next := after
	for rows.Next() {
		var blob []byte
		if err := rows.Scan(&next, &blob); err != nil {
			return nil, "", fmt.Errorf("postgres: export stories: %w", err)
		}
		s, err := decodeStory(next, blob)
		if err != nil {
			return nil, "", err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("postgres: export stories: %w", err)
	}
	return out, next, nil
}

// ExportLog returns up to limit change-log events with Seq > after, in
// order, each with the version it announces (versions[i] is the version
// of events[i]).
func (db *DB) ExportLog(ctx context.Context, after int64, limit int) ([]news.Event, []*news.Version, error) {
	rows, err := db.pool.Query(ctx, `SELECT e.seq, e.story_id, e.version, e.action, e.at, e.status,
		e.language, e.section, e.urgency, e.embargo_until, e.quiet,
		v.number, v.action, v.at, v.by_name, v.note, v.doc
		FROM events e JOIN versions v ON v.story_id = e.story_id AND v.number = e.version
		WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: export change log: %w", err)
	}
	defer rows.Close()
	var events []news.Event
	var versions []*news.Version
	for rows.Next() {
		var e news.Event
		var eAction, status, vAction string
		var embargo pgtype.Timestamptz
		var blob []byte
		v := &news.Version{}
		if err := rows.Scan(&e.Seq, &e.StoryID, &e.Version, &eAction, &e.At, &status, &e.Language,
			&e.Section, &e.Urgency, &embargo, &e.Quiet, &v.Number, &vAction, &v.At, &v.By, &v.Note, &blob); err != nil {
			return nil, nil, fmt.Errorf("postgres: export change log: %w", err)
		}
		e.Action, e.Status, e.At = news.Action(eAction), news.Status(status), e.At.UTC()
		if embargo.Valid {
			t := embargo.Time.UTC()
			e.EmbargoUntil = &t
		}
		v.StoryID, v.Action, v.At, v.Quiet = e.StoryID, news.Action(vAction), v.At.UTC(), e.Quiet
		if err := json.Unmarshal(blob, &v.Story); err != nil {
			return nil, nil, fmt.Errorf("postgres: decode version %d of %s: %w", v.Number, v.StoryID, err)
		}
		events, versions = append(events, e), append(versions, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("postgres: export change log: %w", err)
	}
	return events, versions, nil
}

// ExportTokens returns every newsroom API token by id.
func (db *DB) ExportTokens(ctx context.Context) ([]*store.APIToken, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: export tokens: %w", err)
	}
	defer rows.Close()
	var out []*store.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: export tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// ExportSessions returns every session, expired ones included.
func (db *DB) ExportSessions(ctx context.Context) ([]*store.Session, error) {
	rows, err := db.pool.Query(ctx, `SELECT token_hash, user_id, csrf, created_at, expires_at
		FROM sessions ORDER BY token_hash`)
	if err != nil {
		return nil, fmt.Errorf("postgres: export sessions: %w", err)
	}
	defer rows.Close()
	var out []*store.Session
	for rows.Next() {
		var s store.Session
		if err := rows.Scan(&s.TokenHash, &s.UserID, &s.CSRF, &s.CreatedAt, &s.ExpiresAt); err != nil {
			return nil, fmt.Errorf("postgres: export sessions: %w", err)
		}
		s.CreatedAt, s.ExpiresAt = s.CreatedAt.UTC(), s.ExpiresAt.UTC()
		out = append(out, &s)
	}
	return out, rows.Err()
}

// ExportAudit returns up to limit audit entries with ID > after, oldest
// first.
func (db *DB) ExportAudit(ctx context.Context, after int64, limit int) ([]*store.AuditEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, at, user_name, action, story_id, detail FROM audit_log
		WHERE id > $1 ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: export audit log: %w", err)
	}
	defer rows.Close()
	var out []*store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Action, &e.StoryID, &e.Detail); err != nil {
			return nil, fmt.Errorf("postgres: export audit log: %w", err)
		}
		e.At = e.At.UTC()
		out = append(out, &e)
	}
	return out, rows.Err()
}

// ExportWebhookStates returns the delivery state of every webhook.
func (db *DB) ExportWebhookStates(ctx context.Context) ([]*store.WebhookState, error) {
	rows, err := db.pool.Query(ctx, `SELECT subscriber_id, delivered_seq, delivered_count, attempts,
		last_error, last_attempt_at, last_success_at, next_attempt_at, lease_owner, lease_until
		FROM webhook_state ORDER BY subscriber_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: export webhook states: %w", err)
	}
	defer rows.Close()
	var out []*store.WebhookState
	for rows.Next() {
		var w store.WebhookState
		if err := rows.Scan(&w.SubscriberID, &w.DeliveredSeq, &w.DeliveredCount, &w.Attempts, &w.LastError,
			&w.LastAttemptAt, &w.LastSuccessAt, &w.NextAttemptAt, &w.LeaseOwner, &w.LeaseUntil); err != nil {
			return nil, fmt.Errorf("postgres: export webhook states: %w", err)
		}
		w.LastAttemptAt, w.LastSuccessAt = utcPtr(w.LastAttemptAt), utcPtr(w.LastSuccessAt)
		w.NextAttemptAt, w.LeaseUntil = w.NextAttemptAt.UTC(), w.LeaseUntil.UTC()
		out = append(out, &w)
	}
	return out, rows.Err()
}

// ImportStories stores working copies as they are (no version, no
// event), with one statement.
func (db *DB) ImportStories(ctx context.Context, stories []*news.Story) error {
	var rows storyRows
	for _, s := range stories {
		if s == nil || s.ID == "" {
			return errors.New("postgres: import: a story without an id")
		}
		if err := rows.add(s); err != nil {
			return err
		}
	}
	if len(stories) == 0 {
		return nil
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		inserted, err := rows.insert(ctx, tx)
		if err != nil {
			return err
		}
		if len(inserted) != len(stories) {
			return fmt.Errorf("postgres: import: %d of %d stories not stored: their source exists already", len(stories)-len(inserted), len(stories))
		}
		return nil
	})
}

// ImportLog stores versions and their change-log events with the events'
// own Seq, in order, moving the public projection, tags and search
// vectors as each version did when it was made. The stories must be
// imported already. Versions of one story are applied in turns so that
// each sees the public row its predecessor left.
func (db *DB) ImportLog(ctx context.Context, events []news.Event, versions []*news.Version) error {
	if len(events) != len(versions) {
		return fmt.Errorf("postgres: import: %d events but %d versions", len(events), len(versions))
	}
	for i, e := range events {
		v := versions[i]
		if v.StoryID != e.StoryID || v.Number != e.Version {
			return fmt.Errorf("postgres: import: event %d is of version %d of %s, not version %d of %s",
				e.Seq, e.Version, e.StoryID, v.Number, v.StoryID)
		}
	}
	return db.write(ctx, func(tx pgx.Tx) error {
		start := 0
		seen := map[string]bool{}
		for i := 0; i <= len(events); i++ {
			if i < len(events) && !seen[events[i].StoryID] {
				seen[events[i].StoryID] = true
				continue
			}
			if err := importTurn(ctx, tx, events[start:i], versions[start:i]); err != nil {
				return err
			}
			if i < len(events) {
				start, seen = i, map[string]bool{events[i].StoryID: true}
			}
		}
		return nil
	})
}

// importTurn stores versions of distinct stories with their events.
func importTurn(ctx context.Context, tx pgx.Tx, events []news.Event, vs []*news.Version) error {
	if len(vs) == 0 {
		return nil
	}
	var (
		sid, action, by, note, doc []string
		number                     []int32
		at                         []time.Time
	)
	for _, v := range vs {
		blob, err := json.Marshal(&v.Story)
		if err != nil {
			return fmt.Errorf("postgres: encode version %d of %s: %w", v.Number, v.StoryID, err)
		}
		sid, number, action = append(sid, clean(v.StoryID)), append(number, int32(v.Number)), append(action, clean(string(v.Action)))
		at, by, note, doc = append(at, v.At), append(by, clean(v.By)), append(note, clean(v.Note)), append(doc, string(blob))
	}
	if _, err := tx.Exec(ctx, `INSERT INTO versions (story_id, number, action, at, by_name, note, doc)
		SELECT u.story_id, u.number, u.action, u.at, u.by_name, u.note, u.doc::json
		FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
			AS u(story_id, number, action, at, by_name, note, doc)`,
		sid, number, action, at, by, note, doc); err != nil {
		return fmt.Errorf("postgres: import %d versions: %w", len(vs), err)
	}
	if err := project(ctx, tx, vs, false); err != nil {
		return err
	}
	var (
		seq                                      []int64
		esid, eaction, status, language, section []string
		version, urgency                         []int32
		eat                                      []time.Time
		embargo                                  []pgtype.Timestamptz
		quiet                                    []bool
	)
	for _, e := range events {
		quiet = append(quiet, e.Quiet)
		seq, esid, version = append(seq, e.Seq), append(esid, clean(e.StoryID)), append(version, int32(e.Version))
		eaction, eat, status = append(eaction, clean(string(e.Action))), append(eat, e.At), append(status, clean(string(e.Status)))
		language, section = append(language, clean(e.Language)), append(section, clean(e.Section))
		urgency, embargo = append(urgency, int32(e.Urgency)), append(embargo, tstz(e.EmbargoUntil))
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events
		(seq, story_id, version, action, at, status, language, section, urgency, embargo_until, quiet)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[],
			$7::text[], $8::text[], $9::int[], $10::timestamptz[], $11::bool[])`,
		seq, esid, version, eaction, eat, status, language, section, urgency, embargo, quiet); err != nil {
		return fmt.Errorf("postgres: import %d events: %w", len(events), err)
	}
	return nil
}

// ImportAccounts stores users, API tokens and sessions with their ids.
func (db *DB) ImportAccounts(ctx context.Context, users []*store.User, tokens []*store.APIToken, sessions []*store.Session) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		for _, u := range users {
			if _, err := tx.Exec(ctx, `INSERT INTO users (id, name, role, password_hash, created_at, disabled, must_change_password, unlocked_at, display_name, time_zone)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, u.ID, clean(u.Name), string(u.Role), clean(u.PasswordHash),
				u.CreatedAt, u.Disabled, u.MustChangePassword, u.UnlockedAt, clean(u.DisplayName), clean(u.TimeZone)); err != nil {
				return fmt.Errorf("postgres: import user %q: %w", u.Name, err)
			}
		}
		for _, t := range tokens {
			if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, hash, name, user_id, created_at, expires_at, last_used, revoked)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, clean(t.Hash), clean(t.Name), t.UserID, t.CreatedAt,
				t.ExpiresAt, t.LastUsed, t.Revoked); err != nil {
				return fmt.Errorf("postgres: import token %d: %w", t.ID, err)
			}
		}
		for _, s := range sessions {
			if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
				VALUES ($1, $2, $3, $4, $5)`, clean(s.TokenHash), s.UserID, clean(s.CSRF), s.CreatedAt, s.ExpiresAt); err != nil {
				return fmt.Errorf("postgres: import session of user %d: %w", s.UserID, err)
			}
		}
		return nil
	})
}

// ImportAudit appends audit entries with their ids.
func (db *DB) ImportAudit(ctx context.Context, entries []*store.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	var (
		id                           []int64
		at                           []time.Time
		user, action, story, details []string
	)
	for _, e := range entries {
		id, at, user = append(id, e.ID), append(at, e.At), append(user, clean(e.User))
		action, story, details = append(action, clean(e.Action)), append(story, clean(e.StoryID)), append(details, clean(e.Detail))
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO audit_log (id, at, user_name, action, story_id, detail)
		SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[])`,
		id, at, user, action, story, details); err != nil {
		return fmt.Errorf("postgres: import %d audit entries: %w", len(entries), err)
	}
	return nil
}

// ImportSubscribers stores subscribers with their ids and their webhook
// delivery states. Delivery leases are not copied: the new nodes take
// them afresh.
func (db *DB) ImportSubscribers(ctx context.Context, subs []*store.Subscriber, states []*store.WebhookState) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		for _, s := range subs {
			if _, err := tx.Exec(ctx, `INSERT INTO subscribers (id, name, key_hash, key_hint, enabled,
				embargo_access, filter, webhook_url, webhook_secret, created_at, expires_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				s.ID, clean(s.Name), clean(s.KeyHash), clean(s.KeyHint), s.Enabled, s.EmbargoAccess, clean(s.Filter),
				clean(s.WebhookURL), clean(s.WebhookSecret), s.CreatedAt, s.ExpiresAt); err != nil {
				return fmt.Errorf("postgres: import subscriber %q: %w", s.Name, err)
			}
		}
		for _, w := range states {
			if _, err := tx.Exec(ctx, `INSERT INTO webhook_state (subscriber_id, delivered_seq, delivered_count,
				attempts, last_error, last_attempt_at, last_success_at, next_attempt_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				w.SubscriberID, w.DeliveredSeq, w.DeliveredCount, w.Attempts, clean(w.LastError),
				w.LastAttemptAt, w.LastSuccessAt, w.NextAttemptAt); err != nil {
				return fmt.Errorf("postgres: import webhook state of subscriber %d: %w", w.SubscriberID, err)
			}
		}
		return nil
	})
}

// ImportFormerRights stores the rights subscribers gave up, by
// subscriber id.
func (db *DB) ImportFormerRights(ctx context.Context, rights map[int64][]store.FormerRights) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		for id, list := range rights {
			for _, f := range list {
				if _, err := tx.Exec(ctx, `INSERT INTO subscriber_former_rights
					(subscriber_id, filter, embargo_access, until_seq, changed_at) VALUES ($1, $2, $3, $4, $5)`,
					id, clean(f.Filter), f.EmbargoAccess, f.UntilSeq, f.ChangedAt); err != nil {
					return fmt.Errorf("postgres: import former rights of subscriber %d: %w", id, err)
				}
			}
		}
		return nil
	})
}

// FinishImport runs after everything is imported: it moves the change-log
// counter and the identity sequences of users, tokens, the audit log and
// subscribers past the imported rows, merges the search index's pending
// list and refreshes the planner's statistics.
func (db *DB) FinishImport(ctx context.Context) error {
	err := db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE event_counter
			SET seq = GREATEST(seq, (SELECT COALESCE(max(seq), 0) FROM events))`); err != nil {
			return fmt.Errorf("postgres: move the change-log counter: %w", err)
		}
		for _, table := range []string{"users", "api_tokens", "audit_log", "subscribers"} {
			// setval(seq, max, true) makes the next id max+1; an empty
			// table keeps its sequence at the start.
			if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), max(id))
				FROM `+table+` HAVING max(id) IS NOT NULL`); err != nil {
				return fmt.Errorf("postgres: move the id sequence of %s: %w", table, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, "SELECT gin_clean_pending_list('public_search'::regclass)"); err != nil {
		return fmt.Errorf("postgres: merge the search index: %w", err)
	}
	if _, err := db.pool.Exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("postgres: analyze: %w", err)
	}
	return nil
}

// ExportBlobs returns up to limit blobs whose hash sorts after after.
func (db *DB) ExportBlobs(ctx context.Context, after string, limit int) ([]store.Blob, error) {
	rows, err := db.pool.Query(ctx, "SELECT hash, content_type, data FROM blobs WHERE hash > $1 ORDER BY hash LIMIT $2", after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: export blobs: %w", err)
	}
	defer rows.Close()
	var out []store.Blob
	for rows.Next() {
		var b store.Blob
		if err := rows.Scan(&b.Hash, &b.ContentType, &b.Data); err != nil {
			return nil, fmt.Errorf("postgres: export blobs: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ImportBlobs stores blobs (each checked against its hash).
func (db *DB) ImportBlobs(ctx context.Context, blobs []store.Blob) error {
	return db.write(ctx, func(tx pgx.Tx) error { return insertBlobs(ctx, tx, blobs) })
}
