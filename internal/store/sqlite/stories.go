package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/stem"
	"github.com/dateline-news/dateline/internal/store"
)

// Limits of list methods.
const (
	deskDefaultLimit    = 50
	deskMaxLimit        = 500
	changesDefaultLimit = 100
	changesMaxLimit     = 1000
)

// nanos is the stored form of a time: nanoseconds since the epoch, UTC.
func nanos(t time.Time) int64 { return t.UnixNano() }

func nanosPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }

func clampLimit(n, def, maxN int) int {
	if n <= 0 {
		return def
	}
	return min(n, maxN)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
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
	return db.write(ctx, func(tx *wtx) error {
		if err := insertBlobs(tx, blobs); err != nil {
			return err
		}
		ok, err := insertStory(tx, s, v)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: source %q", store.ErrDuplicate, s.Source)
		}
		return nil
	})
}

// CreateStories stores many new stories in one transaction, for bulk
// imports. versions is either nil or as long as stories; versions[i] (may
// be nil) is the first version of stories[i]. A story whose Source exists
// already (in the database or earlier in the batch) is skipped and its
// index returned in dup. Any other error rolls the whole batch back.
func (db *DB) CreateStories(ctx context.Context, stories []*news.Story, versions []*news.Version) (created int, dup []int, err error) {
	if versions != nil && len(versions) != len(stories) {
		return 0, nil, fmt.Errorf("sqlite: CreateStories: %d stories but %d versions", len(stories), len(versions))
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
	err = db.write(ctx, func(tx *wtx) error {
		created, dup = 0, nil
		for i, s := range stories {
			ok, err := insertStory(tx, s, vAt(i))
			if err != nil {
				return fmt.Errorf("story %d (%s): %w", i, s.ID, err)
			}
			if ok {
				created++
			} else {
				dup = append(dup, i)
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return created, dup, nil
}

func checkNew(s *news.Story, v *news.Version) error {
	if s == nil {
		return errors.New("sqlite: nil story")
	}
	if s.ID == "" {
		return errors.New("sqlite: story has no id")
	}
	if v != nil && v.StoryID != s.ID {
		return fmt.Errorf("sqlite: version is of story %q, not %q", v.StoryID, s.ID)
	}
	return nil
}

// wtx is a write transaction that prepares each statement once, so that
// a batch of thousands of stories does not parse the same SQL thousands of
// times. The statements close with the transaction.
type wtx struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt

	// Full-text rows to insert at the end of the transaction, by rowid.
	// FTS5 writes its pending terms out as a new segment whenever another
	// statement opens a savepoint (upserts, foreign keys and triggers
	// do), so rows inserted between other writes would each make a tiny
	// segment; inserted together they make one.
	fts      map[int64][3]string
	ftsOrder []int64
}

// addSearch queues the search keys of a public row for the index.
func (tx *wtx) addSearch(key int64, headline, standfirst, body string) {
	if tx.fts == nil {
		tx.fts = map[int64][3]string{}
	}
	if _, ok := tx.fts[key]; !ok {
		tx.ftsOrder = append(tx.ftsOrder, key)
	}
	tx.fts[key] = [3]string{stem.Text(headline), stem.Text(standfirst), stem.Text(body)}
}

// dropSearch removes the index row key, queued or stored.
func (tx *wtx) dropSearch(key int64) error {
	if _, ok := tx.fts[key]; ok {
		delete(tx.fts, key)
		return nil
	}
	_, err := tx.exec("DELETE FROM public_fts WHERE rowid = ?", key)
	return err
}

// flushSearch inserts the queued index rows.
func (tx *wtx) flushSearch() error {
	for _, key := range tx.ftsOrder {
		cols, ok := tx.fts[key]
		if !ok {
			continue
		}
		if _, err := tx.exec("INSERT INTO public_fts (rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)",
			key, cols[0], cols[1], cols[2]); err != nil {
			return fmt.Errorf("sqlite: search index: %w", err)
		}
	}
	tx.fts, tx.ftsOrder = nil, nil
	return nil
}

func (tx *wtx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(tx.ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

func (tx *wtx) exec(query string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

// errRow is a *sql.Row stand-in for a statement that failed to prepare.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func (tx *wtx) queryRow(query string, args ...any) scanner {
	st, err := tx.stmt(query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// write runs fn in a write transaction on the single writer connection.
func (db *DB) write(ctx context.Context, fn func(tx *wtx) error) error {
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return diskFull(fmt.Errorf("sqlite: begin: %w", err))
	}
	defer t.Rollback()
	tx := &wtx{ctx: ctx, tx: t, stmts: map[string]*sql.Stmt{}}
	if err := fn(tx); err != nil {
		return diskFull(err)
	}
	if err := tx.flushSearch(); err != nil {
		return diskFull(err)
	}
	audit := store.PendingAudit(ctx)
	for _, e := range audit {
		if err := insertAudit(tx, e); err != nil {
			return diskFull(err)
		}
	}
	if err := t.Commit(); err != nil {
		return diskFull(fmt.Errorf("sqlite: commit: %w", err))
	}
	if len(audit) > 0 {
		store.AuditWritten(ctx)
	}
	return nil
}

// diskFull marks SQLite's "database or disk is full" (SQLITE_FULL) as
// store.ErrFull, so callers can say so instead of a generic failure.
func diskFull(err error) error {
	if err != nil && !errors.Is(err, store.ErrFull) && strings.Contains(err.Error(), "database or disk is full") {
		return fmt.Errorf("%w: %w", store.ErrFull, err)
	}
	return err
}

// insertStory inserts s (and v) and reports false, storing nothing, when a
// story with the same non-empty Source exists.
func insertStory(tx *wtx, s *news.Story, v *news.Version) (bool, error) {
	var vblob []byte
	if v != nil {
		var err error
		if vblob, err = encodeVersion(v); err != nil {
			return false, err
		}
	}
	blob, base, err := workingCopy(s, v, vblob)
	if err != nil {
		return false, err
	}
	var seq int64
	err = tx.queryRow(`INSERT INTO stories
		(id, source, status, section, author, modified_at, embargo_until, revision, json, kind, search_text, base_version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(source) DO NOTHING
		RETURNING seq`,
		s.ID, nullIfEmpty(s.Source), string(s.Status), s.Section, s.Author, nanos(s.ModifiedAt),
		nanosPtr(s.EmbargoUntil), s.Revision, blob, string(s.Kind), store.DeskText(s), base).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: insert story %s: %w", s.ID, err)
	}
	if v != nil {
		if err := insertVersion(tx, seq, v, vblob); err != nil {
			return false, err
		}
	}
	return true, nil
}

func encodeVersion(v *news.Version) ([]byte, error) {
	blob, err := json.Marshal(&v.Story)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encode version %d of %s: %w", v.Number, v.StoryID, err)
	}
	return blob, nil
}

// workingCopy is the stored form of working copy s saved together with
// version v (encoded as vblob; v may be nil): an empty JSON and v's
// number when s is v's story but for its revision (kept in the revision
// column), so the text is stored once; else s's JSON and 0.
func workingCopy(s *news.Story, v *news.Version, vblob []byte) ([]byte, int, error) {
	if v != nil {
		rev := s.Revision
		s.Revision = v.Story.Revision
		blob, err := json.Marshal(s)
		s.Revision = rev
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: encode story %s: %w", s.ID, err)
		}
		if bytes.Equal(blob, vblob) {
			return []byte{}, v.Number, nil
		}
	}
	blob, err := json.Marshal(s)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: encode story %s: %w", s.ID, err)
	}
	return blob, 0, nil
}

// storyJSON is the SQL of a working copy's JSON (table alias s), its own
// or its base version's, with the entities of its entities column when
// extraction set them (SetEntities).
const storyJSON = `CASE WHEN length(s.entities) = 0 THEN ` + storyDoc + `
	ELSE json_set(CAST(` + storyDoc + ` AS TEXT), '$.entities', json(s.entities)) END`

const storyDoc = `(CASE WHEN length(s.json) = 0 THEN (SELECT v.json FROM versions v
	WHERE v.story_id = s.id AND v.number = s.base_version) ELSE s.json END)`

// insertVersion stores v (encoded as blob), appends its event and moves
// the public projection: the three things a public change does, together.
func insertVersion(tx *wtx, seq int64, v *news.Version, blob []byte) error {
	if v.Number < 1 {
		return fmt.Errorf("sqlite: version number %d of story %s is not positive", v.Number, v.StoryID)
	}
	if _, err := tx.exec(`INSERT INTO versions (story_id, number, action, at, by, note, json)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.StoryID, v.Number, string(v.Action), nanos(v.At), v.By, v.Note, blob); err != nil {
		return fmt.Errorf("sqlite: insert version %d of %s: %w", v.Number, v.StoryID, err)
	}
	e := news.EventFor(v)
	if _, err := tx.exec(`INSERT INTO events
		(story_id, version, action, at, status, language, section, urgency, embargo_until, quiet)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.StoryID, e.Version, string(e.Action), nanos(e.At), string(e.Status), e.Language, e.Section,
		e.Urgency, nanosPtr(e.EmbargoUntil), boolInt(e.Quiet)); err != nil {
		return fmt.Errorf("sqlite: append event for %s: %w", v.StoryID, err)
	}
	return project(tx, seq, v)
}

// Story returns the working copy.
func (db *DB) Story(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	var rev int
	err := db.r.QueryRowContext(ctx, "SELECT s.revision, "+storyJSON+" FROM stories s WHERE s.id = ?", id).Scan(&rev, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: story %s: %w", id, err)
	}
	return decodeWorkingCopy(id, rev, blob)
}

// decodeWorkingCopy decodes a working copy read with storyJSON; its
// revision is the revision column's.
func decodeWorkingCopy(id string, rev int, blob []byte) (*news.Story, error) {
	s, err := decodeStory(id, blob)
	if err != nil {
		return nil, err
	}
	s.Revision = rev
	return s, nil
}

func decodeStory(id string, blob []byte) (*news.Story, error) {
	var s news.Story
	if err := json.Unmarshal(blob, &s); err != nil {
		return nil, fmt.Errorf("sqlite: decode story %s: %w", id, err)
	}
	return &s, nil
}

// UpdateStory loads the story, applies fn and saves the result, bumping
// Revision; if fn made a version it is stored with its event and the
// public projection in the same transaction. An error from fn rolls
// everything back and is returned unchanged.
func (db *DB) UpdateStory(ctx context.Context, id string, fn store.Mutation) (*news.Story, error) {
	return db.UpdateStoryBlobs(ctx, id, nil, fn)
}

// UpdateStoryBlobs is UpdateStory that also stores blobs in the same
// transaction.
func (db *DB) UpdateStoryBlobs(ctx context.Context, id string, blobs []store.Blob, fn store.Mutation) (*news.Story, error) {
	var out *news.Story
	err := db.write(ctx, func(tx *wtx) error {
		if err := insertBlobs(tx, blobs); err != nil {
			return err
		}
		seq, s, err := loadStory(tx, id)
		if err != nil {
			return err
		}
		v, err := fn(s)
		if err != nil {
			return err
		}
		if s.ID != id {
			return fmt.Errorf("sqlite: update of story %s changed its id to %q", id, s.ID)
		}
		if v != nil && v.StoryID != id {
			return fmt.Errorf("sqlite: update of story %s made a version of story %q", id, v.StoryID)
		}
		s.Revision++
		var vblob []byte
		if v != nil {
			if vblob, err = encodeVersion(v); err != nil {
				return err
			}
		}
		blob, base, err := workingCopy(s, v, vblob)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE stories SET source = ?, status = ?, section = ?, author = ?,
			modified_at = ?, embargo_until = ?, revision = ?, json = ?, kind = ?, search_text = ?, base_version = ?,
			entities = '' WHERE seq = ?`,
			nullIfEmpty(s.Source), string(s.Status), s.Section, s.Author, nanos(s.ModifiedAt),
			nanosPtr(s.EmbargoUntil), s.Revision, blob, string(s.Kind), store.DeskText(s), base, seq); err != nil {
			return fmt.Errorf("sqlite: save story %s: %w", id, err)
		}
		if v != nil {
			if err := insertVersion(tx, seq, v, vblob); err != nil {
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

// loadStory reads a story's working copy and row number inside a write
// transaction.
func loadStory(tx *wtx, id string) (int64, *news.Story, error) {
	var seq int64
	var rev int
	var blob []byte
	err := tx.queryRow("SELECT s.seq, s.revision, "+storyJSON+" FROM stories s WHERE s.id = ?", id).Scan(&seq, &rev, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("sqlite: load story %s: %w", id, err)
	}
	s, err := decodeWorkingCopy(id, rev, blob)
	return seq, s, err
}

// ListStories lists working copies, newest modified first.
func (db *DB) ListStories(ctx context.Context, q store.DeskQuery) ([]*news.Story, error) {
	where := []string{"kind = ?"}
	args := []any{string(q.Kind)}
	for _, w := range store.DeskWords(q.Text) {
		where = append(where, `search_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape.Replace(w)+"%")
	}
	if q.Status != "" {
		where = append(where, "status = ?")
		args = append(args, string(q.Status))
	}
	if q.Section != "" {
		where = append(where, "section = ?")
		args = append(args, strings.ToLower(strings.TrimSpace(q.Section)))
	}
	if q.Author != "" {
		where = append(where, "author = ?")
		args = append(args, q.Author)
	}
	query := "SELECT s.id, s.revision, " + storyJSON + " FROM stories s"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY modified_at DESC, id DESC LIMIT ?"
	args = append(args, clampLimit(q.Limit, deskDefaultLimit, deskMaxLimit))
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list stories: %w", err)
	}
	defer rows.Close()
	list := []*news.Story{}
	for rows.Next() {
		var id string
		var rev int
		var blob []byte
		if err := rows.Scan(&id, &rev, &blob); err != nil {
			return nil, fmt.Errorf("sqlite: list stories: %w", err)
		}
		s, err := decodeWorkingCopy(id, rev, blob)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list stories: %w", err)
	}
	return list, nil
}

// Versions lists a story's versions, oldest first. An unknown story is
// ErrNotFound; a story never made public has none.
func (db *DB) Versions(ctx context.Context, id string) ([]*news.Version, error) {
	var one int
	err := db.r.QueryRowContext(ctx, "SELECT 1 FROM stories WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: versions of %s: %w", id, err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT number, action, at, by, note, json
		FROM versions WHERE story_id = ? ORDER BY number`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: versions of %s: %w", id, err)
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
		return nil, fmt.Errorf("sqlite: versions of %s: %w", id, err)
	}
	return list, nil
}

// Version returns version n of a story.
func (db *DB) Version(ctx context.Context, id string, n int) (*news.Version, error) {
	row := db.r.QueryRowContext(ctx, `SELECT number, action, at, by, note, json
		FROM versions WHERE story_id = ? AND number = ?`, id, n)
	v, err := scanVersion(id, row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: version %d of story %q", store.ErrNotFound, n, id)
	}
	return v, err
}

type scanner interface{ Scan(dest ...any) error }

func scanVersion(id string, sc scanner) (*news.Version, error) {
	v := &news.Version{StoryID: id}
	var action string
	var at int64
	var blob []byte
	if err := sc.Scan(&v.Number, &action, &at, &v.By, &v.Note, &blob); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlite: read version of %s: %w", id, err)
	}
	v.Action, v.At = news.Action(action), fromNanos(at)
	if err := json.Unmarshal(blob, &v.Story); err != nil {
		return nil, fmt.Errorf("sqlite: decode version %d of %s: %w", v.Number, id, err)
	}
	return v, nil
}

// DueEmbargoes lists scheduled stories whose embargo is at or before now,
// earliest embargo first.
func (db *DB) DueEmbargoes(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM stories
		WHERE status = 'scheduled' AND embargo_until <= ? ORDER BY embargo_until, id`, nanos(now))
	if err != nil {
		return nil, fmt.Errorf("sqlite: due embargoes: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("sqlite: due embargoes: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: due embargoes: %w", err)
	}
	return ids, nil
}

// eventColumns are the columns scanEvents reads.
const eventColumns = `seq, story_id, version, action, at, status, language, section, urgency, embargo_until, quiet`

func scanEvents(rows *sql.Rows, what string) ([]news.Event, error) {
	defer rows.Close()
	events := []news.Event{}
	for rows.Next() {
		var e news.Event
		var action, status string
		var at int64
		var embargo sql.NullInt64
		var quiet int
		if err := rows.Scan(&e.Seq, &e.StoryID, &e.Version, &action, &at, &status, &e.Language,
			&e.Section, &e.Urgency, &embargo, &quiet); err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		e.Action, e.Status, e.At, e.EmbargoUntil, e.Quiet = news.Action(action), news.Status(status), fromNanos(at), timePtr(embargo), quiet != 0
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return events, nil
}

// Changes returns change-log events with Seq > after, in order.
func (db *DB) Changes(ctx context.Context, after int64, limit int) ([]news.Event, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
		after, clampLimit(limit, changesDefaultLimit, changesMaxLimit))
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	return scanEvents(rows, "changes")
}

// StoryEvents returns every change-log event of one story, in order.
func (db *DB) StoryEvents(ctx context.Context, id string) ([]news.Event, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+eventColumns+` FROM events WHERE story_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: events of %s: %w", id, err)
	}
	return scanEvents(rows, "events of "+id)
}

// StoryStatuses returns the current status of each of the stories ids
// that exists.
func (db *DB) StoryStatuses(ctx context.Context, ids []string) (map[string]news.Status, error) {
	out := make(map[string]news.Status, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := db.r.QueryContext(ctx, `SELECT id, status FROM stories WHERE id IN (?`+strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: story statuses: %w", err)
		}
		for rows.Next() {
			var id, st string
			if err := rows.Scan(&id, &st); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: story statuses: %w", err)
			}
			out[id] = news.Status(st)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: story statuses: %w", err)
		}
		ids = ids[n:]
	}
	return out, nil
}

// LastSeq is the Seq of the newest event, 0 when there is none.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&seq); err != nil {
		return 0, fmt.Errorf("sqlite: last seq: %w", err)
	}
	return seq, nil
}
