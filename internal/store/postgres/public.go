package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/stem"
	"github.com/dateline-news/dateline/internal/store"
)

// Limits of public lists and search (the same as the SQLite engine's).
const (
	publicDefaultLimit = 20
	publicMaxLimit     = 100
	// searchMaxWords bounds the cost of one query: words past it are ignored.
	searchMaxWords = 32
	// searchMaxText bounds the text indexed per story, well inside
	// PostgreSQL's 1 MB limit on a tsvector.
	searchMaxText = 256 << 10
)

// tsConfig is the text search configuration for a story language:
// english for en, russian for ru, simple (no stemming, no stop words)
// otherwise.
func tsConfig(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch primary {
	case "en":
		return "english"
	case "ru":
		return "russian"
	}
	return "simple"
}

// publicRow is what project writes for one story: a row to upsert, or
// none (remove).
type publicRow struct {
	v *news.Version
	s *news.Story // nil: the story has no public row
}

// project persists the public view each new version leaves (news.PublicView
// decides it): rows to upsert or remove, with their tags and search
// vectors. fresh says the stories are new, so none has a public row to
// read.
func project(ctx context.Context, tx pgx.Tx, vs []*news.Version, fresh bool) error {
	var rows []publicRow
	for _, v := range vs {
		if v.Story.IsPicture() {
			if err := projectPicture(ctx, tx, v); err != nil {
				return err
			}
			continue
		}
		s, eff, err := news.PublicView(v, func() (*news.Story, error) {
			if fresh {
				return nil, nil
			}
			return lastPublic(ctx, tx, v.StoryID)
		})
		switch {
		case err != nil:
			return fmt.Errorf("postgres: %w", err)
		case eff == news.PublicShow:
			rows = append(rows, publicRow{v, s})
		case eff == news.PublicRemove:
			rows = append(rows, publicRow{v, nil})
		}
	}
	return writePublic(ctx, tx, rows)
}

// lastPublic reads the public row of a story; nil when it has none.
func lastPublic(ctx context.Context, tx pgx.Tx, id string) (*news.Story, error) {
	var blob []byte
	err := tx.QueryRow(ctx, "SELECT doc FROM public WHERE story_id = $1", clean(id)).Scan(&blob)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("postgres: public row of %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// writePublic upserts and deletes public rows, one statement each.
func writePublic(ctx context.Context, tx pgx.Tx, rows []publicRow) error {
	var (
		del                                                 []string
		id, status, section, language, tags, cfg, text, doc []string
		first, updated                                      []time.Time
		urgency                                             []int32
	)
	for _, r := range rows {
		if r.s == nil {
			del = append(del, clean(r.v.StoryID))
			continue
		}
		s := r.s
		blob, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("postgres: encode public story %s: %w", s.ID, err)
		}
		f, u := r.v.At, r.v.At
		if s.FirstPublishedAt != nil {
			f = *s.FirstPublishedAt
		}
		if s.UpdatedAt != nil {
			u = *s.UpdatedAt
		}
		tb, err := json.Marshal(lowerTags(s.Tags))
		if err != nil {
			return fmt.Errorf("postgres: encode tags of %s: %w", s.ID, err)
		}
		id, status, first, updated = append(id, clean(r.v.StoryID)), append(status, clean(string(s.Status))), append(first, f), append(updated, u)
		section, language, urgency = append(section, clean(s.Section)), append(language, clean(s.Language)), append(urgency, int32(s.EffectiveUrgency()))
		tags, cfg, text, doc = append(tags, string(tb)), append(cfg, tsConfig(s.Language)), append(text, searchText(s)), append(doc, string(blob))
	}
	if len(del) > 0 {
		if _, err := tx.Exec(ctx, "DELETE FROM public WHERE story_id = ANY($1)", del); err != nil {
			return fmt.Errorf("postgres: delete public rows: %w", err)
		}
	}
	if len(id) == 0 {
		return nil
	}
	// Killed rows get no search vector and no tags: they are neither
	// found nor listed.
	_, err := tx.Exec(ctx, `INSERT INTO public
		(story_id, status, first_published_at, updated_at, section, language, urgency, tags, search, doc)
		SELECT u.story_id, u.status, u.first, u.updated, u.section, u.language, u.urgency,
			CASE WHEN u.status = 'published' THEN ARRAY(SELECT json_array_elements_text(u.tags::json)) ELSE '{}' END,
			CASE WHEN u.status = 'published' THEN to_tsvector(u.cfg::regconfig, u.text) END,
			u.doc::json
		FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[],
			$7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
			AS u(story_id, status, first, updated, section, language, urgency, tags, cfg, text, doc)
		ON CONFLICT (story_id) DO UPDATE SET status = excluded.status,
			first_published_at = excluded.first_published_at, updated_at = excluded.updated_at,
			section = excluded.section, language = excluded.language, urgency = excluded.urgency,
			tags = excluded.tags, search = excluded.search, doc = excluded.doc`,
		id, status, first, updated, section, language, urgency, tags, cfg, text, doc)
	if err != nil {
		return fmt.Errorf("postgres: public rows: %w", err)
	}
	return nil
}

// lowerTags lower-cases tags (in Go, so Cyrillic folds whatever the
// database's locale) and drops empty and repeated ones.
func lowerTags(tags []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = clean(strings.ToLower(strings.TrimSpace(t)))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// searchText is what the search vector indexes: headline, standfirst and
// body, lower-cased in Go and cut to searchMaxText bytes.
func searchText(s *news.Story) string {
	t := clean(strings.ToLower(s.Headline + "\n\n" + s.Standfirst + "\n\n" + s.Text()))
	if len(t) > searchMaxText {
		t = t[:searchMaxText]
		for !utf8.ValidString(t) {
			t = t[:len(t)-1]
		}
	}
	return t
}

// PublicStory returns the latest public version of a published or killed
// story.
func (db *DB) PublicStory(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	err := db.pool.QueryRow(ctx, "SELECT doc FROM public WHERE story_id = $1", clean(id)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: public story %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: public story %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// query builds SQL with numbered parameters.
type query struct {
	sql  strings.Builder
	args []any
}

func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// keyset appends the cursor condition, the newest-first order and a limit
// one past the page, so that page can tell whether another page follows.
func (q *query) keyset(before *store.Cursor, limit int) {
	q.cursor(before)
	fmt.Fprintf(&q.sql, " ORDER BY first_published_at DESC, story_id DESC LIMIT %s", q.arg(limit+1))
}

// cursor appends the condition for rows after the cursor.
func (q *query) cursor(before *store.Cursor) {
	if before != nil {
		at, id := q.arg(before.At), q.arg(clean(before.ID))
		fmt.Fprintf(&q.sql, " AND (first_published_at < %s OR (first_published_at = %s AND story_id < %s))", at, at, id)
	}
}

// ListPublic lists published stories newest first by first publication
// time, then id, with keyset pagination.
func (db *DB) ListPublic(ctx context.Context, lq store.ListQuery) (store.Page, error) {
	limit := clampLimit(lq.Limit, publicDefaultLimit, publicMaxLimit)
	var q query
	q.sql.WriteString("SELECT story_id, first_published_at, doc FROM public WHERE status = 'published'")
	if tag := clean(strings.ToLower(strings.TrimSpace(lq.Tag))); tag != "" {
		q.sql.WriteString(" AND tags @> ARRAY[" + q.arg(tag) + "::text]")
	}
	if sec := clean(strings.ToLower(strings.TrimSpace(lq.Section))); sec != "" {
		q.sql.WriteString(" AND section = " + q.arg(sec))
	}
	if lq.Language != "" {
		q.sql.WriteString(" AND language = " + q.arg(clean(lq.Language)))
	}
	q.keyset(lq.Before, limit)
	return db.page(ctx, "list", limit, &q)
}

// Search finds published stories whose headline, standfirst or body holds
// every word of the text, newest first. The text is never read as query
// syntax: it is cut into words in Go, and the words, joined by spaces, go
// to plainto_tsquery as a parameter, in the configuration of the stories
// it is matched against, so that "ferries" finds "ferry" in English and
// "выставки" finds "выставка" in Russian. A stop word of a story's
// language ("the") is not required.
func (db *DB) Search(ctx context.Context, sq store.SearchQuery) (store.Page, error) {
	words := searchWords(sq.Text)
	if len(words) == 0 {
		return store.Page{Stories: []*news.Story{}}, nil
	}
	configs := []string{"english", "russian", "simple"} // those of tsConfig
	if sq.Language != "" {
		configs = []string{tsConfig(sq.Language)}
	}
	limit := clampLimit(sq.Limit, publicDefaultLimit, publicMaxLimit)
	if sq.ByRelevance {
		// Best first by ts_rank over the configurations searched, newest
		// first among equals; paged by offset.
		var q query
		tsq := tsQueries(&q, words, configs)
		q.sql.WriteString("SELECT story_id, first_published_at, doc FROM public WHERE ")
		searchFilterText(&q, tsq, sq)
		q.sql.WriteString(" ORDER BY ts_rank(search, " + tsq)
		fmt.Fprintf(&q.sql, ") DESC, first_published_at DESC, story_id DESC LIMIT %s OFFSET %s",
			q.arg(limit+1), q.arg(max(sq.Offset, 0)))
		return db.page(ctx, "search", limit, &q)
	}
	// A rare word is best found through the GIN index and its few matches
	// sorted; a common one by walking the stories newest first until a
	// page is full. PostgreSQL cannot tell them apart before it runs the
	// query (a word not in its statistics is assumed to be in 0.5% of
	// the rows), so ask the index first, for at most searchProbe matches.
	var probe query
	probe.sql.WriteString("SELECT story_id, first_published_at FROM public WHERE ")
	searchFilter(&probe, words, configs, sq)
	probe.sql.WriteString(" LIMIT " + probe.arg(searchProbe+1))
	rows, err := db.pool.Query(ctx, probe.sql.String(), probe.args...)
	if err != nil {
		return store.Page{}, fmt.Errorf("postgres: search: %w", err)
	}
	type hit struct {
		id    string
		first time.Time
	}
	var hits []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.first); err != nil {
			rows.Close()
			return store.Page{}, fmt.Errorf("postgres: search: %w", err)
		}
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return store.Page{}, fmt.Errorf("postgres: search: %w", err)
	}
	var q query
	if len(hits) <= searchProbe {
		// All the matches are known: fetch the page of them.
		slices.SortFunc(hits, func(a, b hit) int {
			if c := b.first.Compare(a.first); c != 0 {
				return c
			}
			return strings.Compare(b.id, a.id)
		})
		ids := make([]string, 0, limit+1)
		for _, h := range hits[:min(len(hits), limit+1)] {
			ids = append(ids, h.id)
		}
		q.sql.WriteString("SELECT story_id, first_published_at, doc FROM public WHERE story_id = ANY(" + q.arg(ids) + ")")
		q.sql.WriteString(" ORDER BY first_published_at DESC, story_id DESC")
		return db.page(ctx, "search", limit, &q)
	}
	q.sql.WriteString("SELECT story_id, first_published_at, doc FROM public WHERE ")
	searchFilter(&q, words, configs, sq)
	q.keyset(sq.Before, limit)
	return db.page(ctx, "search", limit, &q)
}

// searchProbe is how many matches Search gathers from the index before it
// walks stories newest first instead.
const searchProbe = 1000

// searchFilter writes the WHERE conditions of a search: published, the
// words in one of configs, the language and the cursor. The words match
// when all of them are in the story as parsed by one configuration: for a
// story that is its own (a query parsed in another configuration rarely
// gives lexemes the story's vector holds, and then only for words it
// has). One tsquery keeps the condition one GIN index scan.
func searchFilter(q *query, words, configs []string, sq store.SearchQuery) {
	searchFilterText(q, tsQueries(q, words, configs), sq)
	q.cursor(sq.Before)
}

// tsQueries is the SQL of the search's tsquery: the words in any of
// configs, all of them in one. A Russian word whose forms differ by a
// fleeting vowel ("живописец", "живописца") matches those stems too
// (stem.Variants): its part of the query is its tsquery or theirs.
func tsQueries(q *query, words, configs []string) string {
	var plain, varied, alts []string
	for _, w := range words {
		if vs := stem.Variants(w); len(vs) > 0 {
			varied = append(varied, q.arg(w))
			alts = append(alts, q.arg("'"+strings.Join(vs, "' | '")+"'"))
		} else {
			plain = append(plain, w)
		}
	}
	text := ""
	if len(plain) > 0 {
		text = q.arg(strings.Join(plain, " "))
	}
	var b strings.Builder
	b.WriteString("(")
	for i, c := range configs {
		if i > 0 {
			b.WriteString(" || ")
		}
		var parts []string
		if text != "" {
			parts = append(parts, fmt.Sprintf("plainto_tsquery('%s', %s)", c, text))
		}
		for j, w := range varied {
			parts = append(parts, fmt.Sprintf("(plainto_tsquery('%s', %s) || to_tsquery('simple', %s))", c, w, alts[j]))
		}
		b.WriteString("(" + strings.Join(parts, " && ") + ")")
	}
	b.WriteString(")")
	return b.String()
}

// searchFilterText writes the conditions of a search but the cursor, tsq
// being its tsquery (tsQueries).
func searchFilterText(q *query, tsq string, sq store.SearchQuery) {
	q.sql.WriteString("status = 'published' AND search @@ " + tsq)
	if sq.Language != "" {
		q.sql.WriteString(" AND language = " + q.arg(clean(sq.Language)))
	}
	if sec := clean(strings.ToLower(strings.TrimSpace(sq.Section))); sec != "" {
		q.sql.WriteString(" AND section = " + q.arg(sec))
	}
	if sq.From != nil {
		q.sql.WriteString(" AND first_published_at >= " + q.arg(*sq.From))
	}
	if sq.To != nil {
		q.sql.WriteString(" AND first_published_at < " + q.arg(*sq.To))
	}
}

// SearchCount counts a search's matches, up to store.SearchCountMax.
func (db *DB) SearchCount(ctx context.Context, sq store.SearchQuery) (int, error) {
	words := searchWords(sq.Text)
	if len(words) == 0 {
		return 0, nil
	}
	configs := []string{"english", "russian", "simple"}
	if sq.Language != "" {
		configs = []string{tsConfig(sq.Language)}
	}
	var q query
	q.sql.WriteString("SELECT count(*) FROM (SELECT 1 FROM public WHERE ")
	searchFilterText(&q, tsQueries(&q, words, configs), sq)
	q.sql.WriteString(" LIMIT " + q.arg(store.SearchCountMax) + ") m")
	var n int
	if err := db.pool.QueryRow(ctx, q.sql.String(), q.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count search: %w", err)
	}
	return n, nil
}

// searchWords cuts user text into words: runs of letters, digits and
// combining marks, lower-cased, at most searchMaxWords of them. Invalid
// UTF-8 and NUL bytes separate words, so nothing PostgreSQL would refuse
// reaches it.
func searchWords(text string) []string {
	text = strings.ToValidUTF8(text, " ")
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) > searchMaxWords {
		words = words[:searchMaxWords]
	}
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return words
}

func (db *DB) page(ctx context.Context, what string, limit int, q *query) (store.Page, error) {
	rows, err := db.pool.Query(ctx, q.sql.String(), q.args...)
	if err != nil {
		return store.Page{}, fmt.Errorf("postgres: %s: %w", what, err)
	}
	defer rows.Close()
	p := store.Page{Stories: []*news.Story{}}
	var last store.Cursor
	for rows.Next() {
		var id string
		var first time.Time
		var blob []byte
		if err := rows.Scan(&id, &first, &blob); err != nil {
			return store.Page{}, fmt.Errorf("postgres: %s: %w", what, err)
		}
		if len(p.Stories) == limit {
			p.Next = &last
			break
		}
		s, err := decodeStory(id, blob)
		if err != nil {
			return store.Page{}, err
		}
		p.Stories = append(p.Stories, s)
		last = store.Cursor{At: first.UTC(), ID: id}
	}
	if err := rows.Err(); err != nil {
		return store.Page{}, fmt.Errorf("postgres: %s: %w", what, err)
	}
	return p, nil
}

// LastPublicChange is the time of the newest public change: the latest
// updated_at of a public row (killed ones included) or the latest
// withholding, which removes a row; zero when there has been none.
func (db *DB) LastPublicChange(ctx context.Context) (time.Time, error) {
	var t pgtype.Timestamptz
	err := db.pool.QueryRow(ctx, `SELECT GREATEST(
		(SELECT MAX(updated_at) FROM public),
		(SELECT MAX(at) FROM events WHERE action = 'withhold'))`).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("postgres: last public change: %w", err)
	}
	if !t.Valid {
		return time.Time{}, nil
	}
	return t.Time.UTC(), nil
}
