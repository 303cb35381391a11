package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Limits of list methods (the same as the SQLite engine's).
const (
	deskDefaultLimit    = 50
	deskMaxLimit        = 500
	changesDefaultLimit = 100
	changesMaxLimit     = 1000
)

// Channel is the NOTIFY channel on which every committed public change is
// announced; the payload is the newest change-log Seq.
const Channel = "dateline_changes"

func clampLimit(n, def, maxN int) int {
	if n <= 0 {
		return def
	}
	return min(n, maxN)
}

// clean makes s acceptable to a PostgreSQL text value, which refuses NUL
// bytes and invalid UTF-8: both become U+FFFD. Valid text is unchanged.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

func nullText(s string) pgtype.Text {
	if s == "" {
		return pgtype.Text{}
	}
	return pgtype.Text{String: clean(s), Valid: true}
}

func tstz(t *time.Time) pgtype.Timestamptz {
	if t == nil {
		return pgtype.Timestamptz{}
	}
	return pgtype.Timestamptz{Time: *t, Valid: true}
}

// CreateStory stores a new story and, if v is not nil, its first version,
// event and public projection, in one transaction.
func (db *DB) CreateStory(ctx context.Context, s *news.Story, v *news.Version) error {
	return db.CreateStoryBlobs(ctx, s, v, nil)
}

// CreateStoryBlobs is CreateStory that also stores blobs in the same
// transaction.
func (db *DB) CreateStoryBlobs(ctx context.Context, s *news.Story, v *news.Version, blobs []store.Blob) error {
	if err := checkNew(s, v); err != nil {
		return err
	}
	_, dup, err := db.createStories(ctx, []*news.Story{s}, []*news.Version{v}, blobs)
	if err != nil {
		return err
	}
	if len(dup) > 0 {
		return fmt.Errorf("%w: source %q", store.ErrDuplicate, s.Source)
	}
	return nil
}

// CreateStories stores many new stories in one transaction, for bulk
// imports, with one multi-row statement per table. versions is either nil
// or as long as stories; versions[i] (may be nil) is the first version of
// stories[i]. A story whose Source exists already (in the database or
// earlier in the batch) is skipped and its index returned in dup. Any
// other error rolls the whole batch back.
func (db *DB) CreateStories(ctx context.Context, stories []*news.Story, versions []*news.Version) (created int, dup []int, err error) {
	return db.createStories(ctx, stories, versions, nil)
}

func (db *DB) createStories(ctx context.Context, stories []*news.Story, versions []*news.Version, blobs []store.Blob) (created int, dup []int, err error) {
	if versions != nil && len(versions) != len(stories) {
		return 0, nil, fmt.Errorf("postgres: CreateStories: %d stories but %d versions", len(stories), len(versions))
	}
	vAt := func(i int) *news.Version {
		if versions == nil {
			return nil
		}
		return versions[i]
	}
	for i, s := range stories {
		if err := checkNew(s, vAt(i)); err != nil {
			return 0, nil, fmt.Errorf("story %d: %w", i, err)
		}
	}
	if len(stories) == 0 {
		return 0, nil, nil
	}
	// Duplicates inside the batch: the first one wins.
	seen := map[string]bool{}
	var rows storyRows
	var index []int // index in stories of each row
	for i, s := range stories {
		if s.Source != "" {
			if seen[s.Source] {
				dup = append(dup, i)
				continue
			}
			seen[s.Source] = true
		}
		if err := rows.add(s); err != nil {
			return 0, nil, fmt.Errorf("story %d: %w", i, err)
		}
		index = append(index, i)
	}
	var batchDup []int
	err = db.write(ctx, func(tx pgx.Tx) error {
		batchDup = batchDup[:0]
		if err := insertBlobs(ctx, tx, blobs); err != nil {
			return err
		}
		inserted, err := rows.insert(ctx, tx)
		if err != nil {
			return err
		}
		var vs []*news.Version
		for _, i := range index {
			s := stories[i]
			if !inserted[clean(s.ID)] {
				batchDup = append(batchDup, i)
				continue
			}
			if v := vAt(i); v != nil {
				vs = append(vs, v)
			}
		}
		created = len(index) - len(batchDup)
		return storeVersions(ctx, tx, vs, true)
	})
	if err != nil {
		return 0, nil, err
	}
	dup = append(dup, batchDup...)
	slices.Sort(dup)
	if created >= cleanAfter {
		// A bulk import leaves its search entries in the GIN index's
		// pending list, which every search then reads through; merge them
		// now rather than at the next autovacuum. Best effort: the data
		// is committed and correct either way.
		_, _ = db.pool.Exec(ctx, "SELECT gin_clean_pending_list('public_search'::regclass)")
	}
	return created, dup, nil
}

// cleanAfter is the batch size from which CreateStories merges the search
// index's pending list.
const cleanAfter = 100

func checkNew(s *news.Story, v *news.Version) error {
	if s == nil {
		return errors.New("postgres: nil story")
	}
	if s.ID == "" {
		return errors.New("postgres: story has no id")
	}
	if v != nil && v.StoryID != s.ID {
		return fmt.Errorf("postgres: version is of story %q, not %q", v.StoryID, s.ID)
	}
	return nil
}

// storyRows are the columns of stories to insert, one slice per column.
type storyRows struct {
	id, status, section, author, doc []string
	kind, searchText                 []string
	source                           []pgtype.Text
	modified, embargo                []pgtype.Timestamptz
	revision                         []int32
}

func (r *storyRows) add(s *news.Story) error {
	blob, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("postgres: encode story %s: %w", s.ID, err)
	}
	r.id = append(r.id, clean(s.ID))
	r.source = append(r.source, nullText(s.Source))
	r.status = append(r.status, clean(string(s.Status)))
	r.section = append(r.section, clean(s.Section))
	r.author = append(r.author, clean(s.Author))
	r.modified = append(r.modified, tstz(&s.ModifiedAt))
	r.embargo = append(r.embargo, tstz(s.EmbargoUntil))
	r.revision = append(r.revision, int32(s.Revision))
	r.doc = append(r.doc, string(blob))
	r.kind = append(r.kind, clean(string(s.Kind)))
	r.searchText = append(r.searchText, clean(store.DeskText(s)))
	return nil
}

// insert stores the rows, skipping those whose source exists already, and
// returns the ids it stored.
func (r *storyRows) insert(ctx context.Context, tx pgx.Tx) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `INSERT INTO stories
		(id, source, status, section, author, modified_at, embargo_until, revision, doc, kind, search_text)
		SELECT u.id, u.source, u.status, u.section, u.author, u.modified_at, u.embargo_until, u.revision, u.doc::json,
			u.kind, u.search_text
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
			$7::timestamptz[], $8::int[], $9::text[], $10::text[], $11::text[])
			WITH ORDINALITY AS u(id, source, status, section, author, modified_at, embargo_until, revision, doc,
				kind, search_text, n)
		ORDER BY u.n
		ON CONFLICT (source) DO NOTHING
		RETURNING id`,
		r.id, r.source, r.status, r.section, r.author, r.modified, r.embargo, r.revision, r.doc, r.kind, r.searchText)
	if err != nil {
		return nil, fmt.Errorf("postgres: insert stories: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: insert stories: %w", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// write runs fn in a transaction; fn's error is returned unchanged.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", redactWrap(err, db.url))
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return markUnavailable(err)
	}
	audit := store.PendingAudit(ctx)
	for _, e := range audit {
		if err := insertAudit(ctx, tx, e); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", markUnavailable(err))
	}
	if len(audit) > 0 {
		store.AuditWritten(ctx)
	}
	return nil
}

// storeVersions stores versions, appends their events in order and moves
// the public projection: the three things a public change does, together.
// fresh says the stories are new (so none has a public row yet).
func storeVersions(ctx context.Context, tx pgx.Tx, vs []*news.Version, fresh bool) error {
	if len(vs) == 0 {
		return nil
	}
	var (
		sid, action, by, note, doc []string
		number                     []int32
		at                         []time.Time
	)
	for _, v := range vs {
		if v.Number < 1 {
			return fmt.Errorf("postgres: version number %d of story %s is not positive", v.Number, v.StoryID)
		}
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
		if len(vs) == 1 {
			return fmt.Errorf("postgres: insert version %d of %s: %w", vs[0].Number, vs[0].StoryID, err)
		}
		return fmt.Errorf("postgres: insert %d versions: %w", len(vs), err)
	}
	if err := project(ctx, tx, vs, fresh); err != nil {
		return err
	}
	return appendEvents(ctx, tx, vs)
}

// appendEvents takes the next len(vs) change-log numbers from the counter
// row (which stays locked until the transaction ends: this is what keeps
// the log dense and ordered across writers and nodes), stores the events
// and queues a NOTIFY that PostgreSQL delivers on commit.
func appendEvents(ctx context.Context, tx pgx.Tx, vs []*news.Version) error {
	var last int64
	if err := tx.QueryRow(ctx, "UPDATE event_counter SET seq = seq + $1 RETURNING seq", int64(len(vs))).Scan(&last); err != nil {
		return fmt.Errorf("postgres: take change-log numbers: %w", err)
	}
	first := last - int64(len(vs)) + 1
	var (
		seq                                    []int64
		sid, action, status, language, section []string
		version, urgency                       []int32
		at                                     []time.Time
		embargo                                []pgtype.Timestamptz
		quiet                                  []bool
	)
	for i, v := range vs {
		e := news.EventFor(v)
		quiet = append(quiet, e.Quiet)
		seq, sid, version = append(seq, first+int64(i)), append(sid, clean(e.StoryID)), append(version, int32(e.Version))
		action, at, status = append(action, clean(string(e.Action))), append(at, e.At), append(status, clean(string(e.Status)))
		language, section = append(language, clean(e.Language)), append(section, clean(e.Section))
		urgency, embargo = append(urgency, int32(e.Urgency)), append(embargo, tstz(e.EmbargoUntil))
	}
	if _, err := tx.Exec(ctx, `INSERT INTO events
		(seq, story_id, version, action, at, status, language, section, urgency, embargo_until, quiet)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[],
			$7::text[], $8::text[], $9::int[], $10::timestamptz[], $11::bool[])`,
		seq, sid, version, action, at, status, language, section, urgency, embargo, quiet); err != nil {
		return fmt.Errorf("postgres: append events: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", Channel, fmt.Sprint(last)); err != nil {
		return fmt.Errorf("postgres: notify: %w", err)
	}
	return nil
}

// Story returns the working copy.
func (db *DB) Story(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	err := db.pool.QueryRow(ctx, "SELECT doc FROM stories WHERE id = $1", clean(id)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: story %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

func decodeStory(id string, blob []byte) (*news.Story, error) {
	var s news.Story
	if err := json.Unmarshal(blob, &s); err != nil {
		return nil, fmt.Errorf("postgres: decode story %s: %w", id, err)
	}
	return &s, nil
}

// UpdateStory locks the story's row (SELECT ... FOR UPDATE), applies fn
// and saves the result, bumping Revision; if fn made a version it is
// stored with its event and the public projection in the same
// transaction. An error from fn rolls everything back and is returned
// unchanged.
func (db *DB) UpdateStory(ctx context.Context, id string, fn store.Mutation) (*news.Story, error) {
	return db.UpdateStoryBlobs(ctx, id, nil, fn)
}

// UpdateStoryBlobs is UpdateStory that also stores blobs in the same
// transaction.
func (db *DB) UpdateStoryBlobs(ctx context.Context, id string, blobs []store.Blob, fn store.Mutation) (*news.Story, error) {
	var out *news.Story
	err := db.write(ctx, func(tx pgx.Tx) error {
		if err := insertBlobs(ctx, tx, blobs); err != nil {
			return err
		}
		s, err := lockStory(ctx, tx, id)
		if err != nil {
			return err
		}
		v, err := fn(s)
		if err != nil {
			return err
		}
		if s.ID != id {
			return fmt.Errorf("postgres: update of story %s changed its id to %q", id, s.ID)
		}
		if v != nil && v.StoryID != id {
			return fmt.Errorf("postgres: update of story %s made a version of story %q", id, v.StoryID)
		}
		s.Revision++
		blob, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("postgres: encode story %s: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE stories SET source = $1, status = $2, section = $3, author = $4,
			modified_at = $5, embargo_until = $6, revision = $7, doc = $8::text::json, kind = $10,
			search_text = $11 WHERE id = $9`,
			nullText(s.Source), clean(string(s.Status)), clean(s.Section), clean(s.Author), s.ModifiedAt,
			tstz(s.EmbargoUntil), s.Revision, string(blob), clean(id), clean(string(s.Kind)), clean(store.DeskText(s))); err != nil {
			return fmt.Errorf("postgres: save story %s: %w", id, err)
		}
		if v != nil {
			if err := storeVersions(ctx, tx, []*news.Version{v}, false); err != nil {
				return err
			}
		}
		out = s
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lockStory reads a story's working copy and locks its row until the
// transaction ends.
func lockStory(ctx context.Context, tx pgx.Tx, id string) (*news.Story, error) {
	var blob []byte
	err := tx.QueryRow(ctx, "SELECT doc FROM stories WHERE id = $1 FOR UPDATE", clean(id)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: load story %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// ListStories lists working copies, newest modified first.
func (db *DB) ListStories(ctx context.Context, q store.DeskQuery) ([]*news.Story, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	where = append(where, "kind = "+arg(clean(string(q.Kind))))
	for _, w := range store.DeskWords(q.Text) {
		where = append(where, "strpos(search_text, "+arg(clean(w))+") > 0")
	}
	if q.Status != "" {
		where = append(where, "status = "+arg(clean(string(q.Status))))
	}
	if q.Section != "" {
		where = append(where, "section = "+arg(clean(strings.ToLower(strings.TrimSpace(q.Section)))))
	}
	if q.Author != "" {
		where = append(where, "author = "+arg(clean(q.Author)))
	}
	query := "SELECT id, doc FROM stories"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY modified_at DESC, id DESC LIMIT " + arg(clampLimit(q.Limit, deskDefaultLimit, deskMaxLimit))
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list stories: %w", err)
	}
	defer rows.Close()
	list := []*news.Story{}
	for rows.Next() {
		var id string
		var blob []byte
		if err := rows.Scan(&id, &blob); err != nil {
			return nil, fmt.Errorf("postgres: list stories: %w", err)
		}
		s, err := decodeStory(id, blob)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list stories: %w", err)
	}
	return list, nil
}

// Versions lists a story's versions, oldest first. An unknown story is
// ErrNotFound; a story never made public has none.
func (db *DB) Versions(ctx context.Context, id string) ([]*news.Version, error) {
	var one int
	err := db.pool.QueryRow(ctx, "SELECT 1 FROM stories WHERE id = $1", clean(id)).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: versions of %s: %w", id, err)
	}
	rows, err := db.pool.Query(ctx, `SELECT number, action, at, by_name, note, doc
		FROM versions WHERE story_id = $1 ORDER BY number`, clean(id))
	if err != nil {
		return nil, fmt.Errorf("postgres: versions of %s: %w", id, err)
	}
	defer rows.Close()
	list := []*news.Version{}
	for rows.Next() {
		v, err := scanVersion(id, rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: versions of %s: %w", id, err)
	}
	return list, nil
}

// Version returns version n of a story.
func (db *DB) Version(ctx context.Context, id string, n int) (*news.Version, error) {
	row := db.pool.QueryRow(ctx, `SELECT number, action, at, by_name, note, doc
		FROM versions WHERE story_id = $1 AND number = $2`, clean(id), n)
	v, err := scanVersion(id, row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: version %d of story %q", store.ErrNotFound, n, id)
	}
	return v, err
}

func scanVersion(id string, row pgx.Row) (*news.Version, error) {
	v := &news.Version{StoryID: id}
	var action string
	var blob []byte
	if err := row.Scan(&v.Number, &action, &v.At, &v.By, &v.Note, &blob); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("postgres: read version of %s: %w", id, err)
	}
	v.Action, v.At = news.Action(action), v.At.UTC()
	if err := json.Unmarshal(blob, &v.Story); err != nil {
		return nil, fmt.Errorf("postgres: decode version %d of %s: %w", v.Number, id, err)
	}
	return v, nil
}

// DueEmbargoes lists scheduled stories whose embargo is at or before now,
// earliest embargo first.
func (db *DB) DueEmbargoes(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT id FROM stories
		WHERE status = 'scheduled' AND embargo_until <= $1 ORDER BY embargo_until, id`, now)
	if err != nil {
		return nil, fmt.Errorf("postgres: due embargoes: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: due embargoes: %w", err)
	}
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}

// eventColumns are the columns scanEvents reads.
const eventColumns = `seq, story_id, version, action, at, status, language, section, urgency, embargo_until, quiet`

func scanEvents(rows pgx.Rows, what string) ([]news.Event, error) {
	defer rows.Close()
	events := []news.Event{}
	for rows.Next() {
		var e news.Event
		var action, status string
		var embargo pgtype.Timestamptz
		if err := rows.Scan(&e.Seq, &e.StoryID, &e.Version, &action, &e.At, &status, &e.Language,
			&e.Section, &e.Urgency, &embargo, &e.Quiet); err != nil {
			return nil, fmt.Errorf("postgres: %s: %w", what, err)
		}
		e.Action, e.Status, e.At = news.Action(action), news.Status(status), e.At.UTC()
		if embargo.Valid {
			t := embargo.Time.UTC()
			e.EmbargoUntil = &t
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", what, err)
	}
	return events, nil
}

// Changes returns change-log events with Seq > after, in order.
func (db *DB) Changes(ctx context.Context, after int64, limit int) ([]news.Event, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
		after, clampLimit(limit, changesDefaultLimit, changesMaxLimit))
	if err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", err)
	}
	return scanEvents(rows, "changes")
}

// StoryEvents returns every change-log event of one story, in order.
func (db *DB) StoryEvents(ctx context.Context, id string) ([]news.Event, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE story_id = $1 ORDER BY seq`, clean(id))
	if err != nil {
		return nil, fmt.Errorf("postgres: events of %s: %w", id, err)
	}
	return scanEvents(rows, "events of "+id)
}

// StoryStatuses returns the current status of each of the stories ids
// that exists.
func (db *DB) StoryStatuses(ctx context.Context, ids []string) (map[string]news.Status, error) {
	clean1 := make([]string, len(ids))
	for i, id := range ids {
		clean1[i] = clean(id)
	}
	rows, err := db.pool.Query(ctx, `SELECT id, status FROM stories WHERE id = ANY($1::text[])`, clean1)
	if err != nil {
		return nil, fmt.Errorf("postgres: story statuses: %w", err)
	}
	defer rows.Close()
	out := make(map[string]news.Status, len(ids))
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			return nil, fmt.Errorf("postgres: story statuses: %w", err)
		}
		out[id] = news.Status(st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: story statuses: %w", err)
	}
	return out, nil
}

// LastSeq is the Seq of the newest event, 0 when there is none.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.pool.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&seq); err != nil {
		return 0, fmt.Errorf("postgres: last seq: %w", err)
	}
	return seq, nil
}
