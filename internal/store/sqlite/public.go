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

// Limits of public lists and search.
const (
	publicDefaultLimit = 20
	publicMaxLimit     = 100
	// searchMaxWords bounds the cost of one query: words past it are ignored.
	searchMaxWords = 32
)

// project persists the public view a new version leaves (news.PublicView
// decides it): the public row, its tags and its search entry, or none.
func project(tx *wtx, seq int64, v *news.Version) error {
	if v.Story.IsPicture() {
		return projectPicture(tx, v)
	}
	s, eff, err := news.PublicView(v, func() (*news.Story, error) { return lastPublic(tx, seq, v.StoryID) })
	switch {
	case err != nil:
		return fmt.Errorf("sqlite: %w", err)
	case eff == news.PublicShow:
		return upsertPublic(tx, seq, v, s)
	case eff == news.PublicRemove:
		return deletePublic(tx, seq)
	}
	return nil
}

// lastPublic reads the public row of a story; nil when it has none.
func lastPublic(tx *wtx, seq int64, id string) (*news.Story, error) {
	var blob []byte
	err := tx.queryRow("SELECT "+publicJSON+" FROM public p WHERE p.story_seq = ?", seq).Scan(&blob)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("sqlite: public row of %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// publicJSON is the SQL of a public row's JSON (table alias p): its own,
// or the story of the version it shows.
const publicJSON = `CASE WHEN length(p.entities) = 0 THEN ` + publicDoc + `
	ELSE json_set(CAST(` + publicDoc + ` AS TEXT), '$.entities', json(p.entities)) END`

const publicDoc = `(CASE WHEN length(p.json) = 0 THEN (SELECT v.json FROM versions v
	WHERE v.story_id = p.story_id AND v.number = p.version) ELSE p.json END)`

// upsertPublic makes s the public row of story seq. When s is v's own
// story the row refers to the version instead of holding a copy.
func upsertPublic(tx *wtx, seq int64, v *news.Version, s *news.Story) error {
	blob, shows := []byte{}, v.Number
	if s != &v.Story {
		var err error
		if blob, err = json.Marshal(s); err != nil {
			return fmt.Errorf("sqlite: encode public story %s: %w", s.ID, err)
		}
		shows = 0
	}
	first, updated := v.At, v.At
	if s.FirstPublishedAt != nil {
		first = *s.FirstPublishedAt
	}
	if s.UpdatedAt != nil {
		updated = *s.UpdatedAt
	}
	if err := clearIndexes(tx, seq); err != nil {
		return err
	}
	if _, err := tx.exec(`INSERT INTO public
		(story_seq, story_id, status, first_published_at, updated_at, section, language, urgency, search_key, json, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(story_seq) DO UPDATE SET status = excluded.status,
			first_published_at = excluded.first_published_at, updated_at = excluded.updated_at,
			section = excluded.section, language = excluded.language, urgency = excluded.urgency,
			search_key = excluded.search_key, json = excluded.json, version = excluded.version, entities = ''`,
		seq, v.StoryID, string(s.Status), nanos(first), nanos(updated), s.Section, s.Language,
		s.EffectiveUrgency(), searchKey(first, seq), blob, shows); err != nil {
		return fmt.Errorf("sqlite: public row of %s: %w", v.StoryID, err)
	}
	if s.Status != news.StatusPublished {
		return nil
	}
	seen := map[string]bool{}
	for _, t := range s.Tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		if _, err := tx.exec("INSERT INTO story_tags (tag, story_seq, first_published_at, story_id) VALUES (?, ?, ?, ?)",
			t, seq, nanos(first), v.StoryID); err != nil {
			return fmt.Errorf("sqlite: tags of %s: %w", v.StoryID, err)
		}
	}
	tx.addSearch(searchKey(first, seq), s.Headline, s.Standfirst, s.Text())
	return nil
}

// clearIndexes removes the tags and the search entry of story seq's
// public row, when it has one.
func clearIndexes(tx *wtx, seq int64) error {
	var key int64
	err := tx.queryRow("SELECT search_key FROM public WHERE story_seq = ?", seq).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: clear indexes: %w", err)
	}
	if _, err := tx.exec("DELETE FROM story_tags WHERE story_seq = ?", seq); err != nil {
		return fmt.Errorf("sqlite: clear tags: %w", err)
	}
	if err := tx.dropSearch(key); err != nil {
		return fmt.Errorf("sqlite: clear search index: %w", err)
	}
	return nil
}

func deletePublic(tx *wtx, seq int64) error {
	if err := clearIndexes(tx, seq); err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM public WHERE story_seq = ?", seq); err != nil {
		return fmt.Errorf("sqlite: delete public row: %w", err)
	}
	return nil
}

// PublicStory returns the latest public version of a published or killed
// story.
func (db *DB) PublicStory(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	err := db.r.QueryRowContext(ctx, "SELECT "+publicJSON+" FROM public p WHERE p.story_id = ?", id).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: public story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: public story %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// ListPublic lists published stories newest first by first publication
// time, then id, with keyset pagination.
func (db *DB) ListPublic(ctx context.Context, q store.ListQuery) (store.Page, error) {
	limit := clampLimit(q.Limit, publicDefaultLimit, publicMaxLimit)
	query := "SELECT " + pageColumns + " FROM public p"
	var args []any
	order := "p"
	if tag := strings.ToLower(strings.TrimSpace(q.Tag)); tag != "" {
		// Drive the query from the tag's own newest-first index.
		query = "SELECT " + pageColumns + " FROM story_tags t" +
			" JOIN public p ON p.story_seq = t.story_seq AND t.tag = ?"
		args = append(args, tag)
		order = "t"
	}
	query += " WHERE p.status = 'published'"
	if sec := strings.ToLower(strings.TrimSpace(q.Section)); sec != "" {
		query += " AND p.section = ?"
		args = append(args, sec)
	}
	if q.Language != "" {
		query += " AND p.language = ?"
		args = append(args, q.Language)
	}
	query, args = keyset(query, order, args, q.Before, limit)
	return db.page(ctx, "list", limit, q.Summary, query, args)
}

// Search finds published stories whose headline, standfirst or body holds
// every word of q.Text, newest first. The text is never read as FTS
// syntax: it is cut into words and each word is quoted.
func (db *DB) Search(ctx context.Context, q store.SearchQuery) (store.Page, error) {
	match := matchExpr(q.Text)
	if match == "" {
		return store.Page{Stories: []*news.Story{}}, nil
	}
	limit := clampLimit(q.Limit, publicDefaultLimit, publicMaxLimit)
	query, args := searchWhere(`SELECT `+pageColumns, match, q)
	if q.ByRelevance {
		// bm25 through FTS5's rank: best first, newest first among equals.
		query += " ORDER BY f.rank, f.rowid DESC LIMIT ? OFFSET ?"
		args = append(args, limit+1, max(q.Offset, 0))
		return db.page(ctx, "search", limit, q.Summary, query, args)
	}
	// Walk the index in rowid (search_key) order, newest first; the
	// cursor's story gives the key to continue below.
	if q.Before != nil {
		query += " AND f.rowid < COALESCE((SELECT search_key FROM public WHERE story_id = ?), ?)"
		args = append(args, q.Before.ID, searchKey(q.Before.At, 0))
	}
	query += " ORDER BY f.rowid DESC LIMIT ?"
	args = append(args, limit+1)
	return db.page(ctx, "search", limit, q.Summary, query, args)
}

// SearchCount counts a search's matches, up to store.SearchCountMax.
func (db *DB) SearchCount(ctx context.Context, q store.SearchQuery) (int, error) {
	match := matchExpr(q.Text)
	if match == "" {
		return 0, nil
	}
	query, args := searchWhere(`SELECT 1`, match, q)
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM (`+query+` LIMIT ?)`,
		append(args, store.SearchCountMax)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: count search: %w", err)
	}
	return n, nil
}

// searchWhere is a search's SELECT with its conditions: the words, the
// status, the language, section and dates.
func searchWhere(cols, match string, q store.SearchQuery) (string, []any) {
	query := cols + ` FROM public_fts f
		JOIN public p ON p.search_key = f.rowid
		WHERE public_fts MATCH ? AND p.status = 'published'`
	args := []any{match}
	if q.Language != "" {
		query += " AND p.language = ?"
		args = append(args, q.Language)
	}
	if q.Section != "" {
		query += " AND p.section = ?"
		args = append(args, strings.ToLower(strings.TrimSpace(q.Section)))
	}
	if q.From != nil {
		query += " AND p.first_published_at >= ?"
		args = append(args, nanos(*q.From))
	}
	if q.To != nil {
		query += " AND p.first_published_at < ?"
		args = append(args, nanos(*q.To))
	}
	return query, args
}

// keyset appends the cursor condition, the newest-first order and a limit
// one past the page, so that page can tell whether another page follows.
func keyset(query, alias string, args []any, before *store.Cursor, limit int) (string, []any) {
	if before != nil {
		at := nanos(before.At)
		query += " AND (" + alias + ".first_published_at < ? OR (" + alias + ".first_published_at = ? AND " + alias + ".story_id < ?))"
		args = append(args, at, at, before.ID)
	}
	query += " ORDER BY " + alias + ".first_published_at DESC, " + alias + ".story_id DESC LIMIT ?"
	return query, append(args, limit+1)
}

// pageColumns are what page reads of each public row.
const pageColumns = "p.story_id, p.first_published_at, p.updated_at, p.status, p.section, p.language, p.urgency, " + publicJSON

func (db *DB) page(ctx context.Context, what string, limit int, summary bool, query string, args []any) (store.Page, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return store.Page{}, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer rows.Close()
	p := store.Page{Stories: []*news.Story{}}
	var last store.Cursor
	for rows.Next() {
		var id, status, section, lang string
		var first, updated int64
		var urgency int
		var blob []byte
		if err := rows.Scan(&id, &first, &updated, &status, &section, &lang, &urgency, &blob); err != nil {
			return store.Page{}, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		if len(p.Stories) == limit {
			p.Next = &last
			break
		}
		var s *news.Story
		var err error
		if summary {
			f, u := fromNanos(first), fromNanos(updated)
			s = &news.Story{ID: id, Status: news.Status(status), Section: section, Language: lang, Urgency: urgency,
				FirstPublishedAt: &f, UpdatedAt: &u}
			err = decodeSummary(blob, s)
		} else {
			s, err = decodeStory(id, blob)
		}
		if err != nil {
			return store.Page{}, err
		}
		p.Stories = append(p.Stories, s)
		last = store.Cursor{At: fromNanos(first), ID: id}
	}
	if err := rows.Err(); err != nil {
		return store.Page{}, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return p, nil
}

// decodeSummary fills the summary fields of s (see store.ListQuery) that
// only the JSON holds. They come before the body in the JSON (the order
// of news.Story's fields), so it stops reading there: a list page does not
// pay for decoding bodies.
func decodeSummary(blob []byte, s *news.Story) error {
	d := json.NewDecoder(bytes.NewReader(blob))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("sqlite: decode story %s: not a JSON object", s.ID)
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return fmt.Errorf("sqlite: decode story %s: %w", s.ID, err)
		}
		var dst any
		switch t {
		case "body":
			return nil
		case "version":
			dst = &s.Version
		case "headline":
			dst = &s.Headline
		case "standfirst":
			dst = &s.Standfirst
		case "dateline":
			dst = &s.Dateline
		case "byline":
			dst = &s.Byline
		default:
			dst = new(json.RawMessage)
		}
		if err := d.Decode(dst); err != nil {
			return fmt.Errorf("sqlite: decode story %s: %w", s.ID, err)
		}
	}
	return nil
}

// matchExpr turns user text into an FTS5 query that cannot be a syntax
// error: the search keys of its words (package stem) each quoted as a
// phrase, all required. Text without words gives "".
func matchExpr(text string) string {
	words := stem.Words(text)
	if len(words) > searchMaxWords {
		words = words[:searchMaxWords]
	}
	for i, w := range words {
		words[i] = `"` + stem.Key(w) + `"`
	}
	return strings.Join(words, " AND ")
}

// LastPublicChange is the time of the newest public change: the latest
// updated_at of a public row (killed ones included) or the latest
// withholding, which removes a row; zero when there has been none.
func (db *DB) LastPublicChange(ctx context.Context) (time.Time, error) {
	var n sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT MAX(t) FROM (
		SELECT MAX(updated_at) AS t FROM public
		UNION ALL
		SELECT MAX(at) FROM events WHERE action = 'withhold')`).Scan(&n)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: last public change: %w", err)
	}
	if !n.Valid {
		return time.Time{}, nil
	}
	return fromNanos(n.Int64), nil
}

// searchKey orders public rows by first publication (to the second), then
// by story: the rowid of the full-text index.
func searchKey(first time.Time, seq int64) int64 {
	return first.Unix()<<20 + seq&(1<<20-1)
}

// rebuildSearch fills the full-text index again from the public rows
// when a migration asked for it (search_rebuild), in batches, and then
// clears the request. An interrupted rebuild starts over on the next
// open.
func (db *DB) rebuildSearch(ctx context.Context) error {
	var pending int
	if err := db.w.QueryRowContext(ctx, "SELECT count(*) FROM search_rebuild").Scan(&pending); err != nil {
		return fmt.Errorf("search index rebuild: %w", err)
	}
	if pending == 0 {
		return nil
	}
	if _, err := db.w.ExecContext(ctx, "INSERT INTO public_fts(public_fts) VALUES ('delete-all')"); err != nil {
		return fmt.Errorf("search index rebuild: %w", err)
	}
	const batch = 2000
	var after int64 = -1
	for {
		n := 0
		err := db.write(ctx, func(tx *wtx) error {
			rows, err := tx.tx.QueryContext(ctx, `SELECT p.story_seq, p.search_key, `+publicJSON+`
				FROM public p WHERE p.status = 'published' AND p.story_seq > ? ORDER BY p.story_seq LIMIT ?`, after, batch)
			if err != nil {
				return err
			}
			type row struct {
				key  int64
				blob []byte
			}
			var list []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&after, &r.key, &r.blob); err != nil {
					rows.Close()
					return err
				}
				list = append(list, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range list {
				s, err := decodeStory("", r.blob)
				if err != nil {
					return err
				}
				if _, err := tx.exec("INSERT INTO public_fts (rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)",
					r.key, stem.Text(s.Headline), stem.Text(s.Standfirst), stem.Text(s.Text())); err != nil {
					return err
				}
			}
			n = len(list)
			return nil
		})
		if err != nil {
			return fmt.Errorf("search index rebuild: %w", err)
		}
		if n < batch {
			break
		}
	}
	if _, err := db.w.ExecContext(ctx, "DELETE FROM search_rebuild"); err != nil {
		return fmt.Errorf("search index rebuild: %w", err)
	}
	return nil
}
