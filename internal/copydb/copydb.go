// Package copydb copies a whole Dateline installation from one database
// to another (SQLite to PostgreSQL, and back, or to another file of the
// same engine): stories, versions, the change log with its numbers
// intact, accounts, the audit log and wire subscribers with their webhook
// state and the rights they gave up (what later recalls are judged by).
// Subscribers' cursors encode change-log numbers, so they keep working on
// the new database.
//
// The copy goes through the Engine interface, which both stores
// implement; the engines rebuild their own public projection, tags and
// search index from the versions, with the same rules that made them.
package copydb

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Engine is what a copy needs of a database, as source or target.
type Engine interface {
	// CopyCounts counts the rows of every table a copy moves, by the
	// names in Tables.
	CopyCounts(ctx context.Context) (map[string]int64, error)
	// LastSeq is the newest change-log number.
	LastSeq(ctx context.Context) (int64, error)

	// ExportStories returns working copies after an engine-chosen
	// position ("" is the start) and the position to go on from.
	ExportStories(ctx context.Context, after string, limit int) ([]*news.Story, string, error)
	// ExportLog returns events with Seq > after, in order, each with its
	// version.
	ExportLog(ctx context.Context, after int64, limit int) ([]news.Event, []*news.Version, error)
	Users(ctx context.Context) ([]*store.User, error)
	ExportTokens(ctx context.Context) ([]*store.APIToken, error)
	ExportSessions(ctx context.Context) ([]*store.Session, error)
	// ExportAudit returns audit entries with ID > after, oldest first.
	ExportAudit(ctx context.Context, after int64, limit int) ([]*store.AuditEntry, error)
	ListSubscribers(ctx context.Context) ([]*store.Subscriber, error)
	ExportWebhookStates(ctx context.Context) ([]*store.WebhookState, error)

	// ExportBlobs returns up to limit blobs whose hash sorts after after.
	ExportBlobs(ctx context.Context, after string, limit int) ([]store.Blob, error)
	ImportBlobs(ctx context.Context, blobs []store.Blob) error
	ImportStories(ctx context.Context, stories []*news.Story) error
	// ImportLog stores versions with their events' own Seq and moves the
	// public projection as each version did.
	ImportLog(ctx context.Context, events []news.Event, versions []*news.Version) error
	ImportAccounts(ctx context.Context, users []*store.User, tokens []*store.APIToken, sessions []*store.Session) error
	ImportAudit(ctx context.Context, entries []*store.AuditEntry) error
	ImportSubscribers(ctx context.Context, subs []*store.Subscriber, states []*store.WebhookState) error
	// FormerRights and ImportFormerRights read and write the rights a
	// subscriber gave up (what a later recall is judged by).
	FormerRights(ctx context.Context, id int64) ([]store.FormerRights, error)
	ImportFormerRights(ctx context.Context, rights map[int64][]store.FormerRights) error
	// FinishImport moves counters and sequences past the imported rows.
	FinishImport(ctx context.Context) error
	// The managed sections and site settings are copied as they are.
	store.Site
}

// Tables are the names CopyCounts reports, in the order a report lists
// them. tags counts story-tag pairs of published stories and search the
// published stories in the search index: both are rebuilt, not copied.
var Tables = []string{"stories", "versions", "events", "public", "tags", "search", "blobs", "public_pictures",
	"users", "api_tokens", "sessions", "audit_log", "subscribers", "webhook_state", "former_rights"}

// DefaultBatch is how many rows go in one transaction.
const DefaultBatch = 1000

// blobBatch is how many picture files go in one transaction (they are
// up to a few megabytes each).
const blobBatch = 20

// Options tune Copy.
type Options struct {
	Batch int // rows per transaction; 0 means DefaultBatch
	// Progress, if set, receives a line as each part of the copy starts
	// and ends.
	Progress io.Writer
	// SkipSessions leaves the logged-in browser sessions behind: everybody
	// logs in again on the new database.
	SkipSessions bool
}

// Count is one table's row count on both sides.
type Count struct {
	Table          string
	Source, Target int64
}

// Report is the outcome of a copy.
type Report struct {
	Counts   []Count
	LastSeq  [2]int64 // newest change-log number on source and target
	Elapsed  time.Duration
	Sessions bool // sessions were copied
}

// Mismatches lists what differs between source and target, empty when
// the copy is complete.
func (r *Report) Mismatches() []string {
	var out []string
	for _, c := range r.Counts {
		if c.Table == "sessions" && !r.Sessions {
			continue
		}
		if c.Source != c.Target {
			out = append(out, fmt.Sprintf("%s: %d in the source, %d in the target", c.Table, c.Source, c.Target))
		}
	}
	if r.LastSeq[0] != r.LastSeq[1] {
		out = append(out, fmt.Sprintf("newest change-log number: %d in the source, %d in the target", r.LastSeq[0], r.LastSeq[1]))
	}
	return out
}

// Write prints the counts as a table.
func (r *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "%-14s %10s %10s\n", "table", "source", "target")
	for _, c := range r.Counts {
		mark := ""
		switch {
		case c.Table == "sessions" && !r.Sessions:
			mark = "  (not copied)"
		case c.Source != c.Target:
			mark = "  MISMATCH"
		}
		fmt.Fprintf(w, "%-14s %10d %10d%s\n", c.Table, c.Source, c.Target, mark)
	}
	mark := ""
	if r.LastSeq[0] != r.LastSeq[1] {
		mark = "  MISMATCH"
	}
	fmt.Fprintf(w, "%-14s %10d %10d%s\n", "last event", r.LastSeq[0], r.LastSeq[1], mark)
}

// ErrNotEmpty is returned when the target holds data already.
var ErrNotEmpty = errors.New("the target database is not empty")

// Copy copies everything from src to dst, which must be empty, then
// counts the rows of both and returns the report. The source should not
// change meanwhile (stop the server or its writers): a change made during
// the copy may be missed, and the count check then reports it. A copy
// that fails half-way leaves the target partly filled: drop it and start
// again.
func Copy(ctx context.Context, src, dst Engine, o Options) (*Report, error) {
	start := time.Now()
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	progress := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	before, err := dst.CopyCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting the target's rows: %w", err)
	}
	var full []string
	for _, t := range Tables {
		if before[t] > 0 {
			full = append(full, fmt.Sprintf("%s %d", t, before[t]))
		}
	}
	if len(full) > 0 {
		return nil, fmt.Errorf("%w (%s): copy into a new, empty database (do not start dateline serve on it first: that creates an admin account)",
			ErrNotEmpty, strings.Join(full, ", "))
	}

	// Stories first: versions and events refer to them.
	n := 0
	for after := ""; ; {
		list, next, err := src.ExportStories(ctx, after, o.Batch)
		if err != nil {
			return nil, fmt.Errorf("reading stories: %w", err)
		}
		if len(list) == 0 {
			break
		}
		if err := dst.ImportStories(ctx, list); err != nil {
			return nil, fmt.Errorf("writing stories: %w", err)
		}
		n += len(list)
		after = next
	}
	progress("stories: %d (%s)", n, time.Since(start).Round(time.Millisecond))

	// Picture files, in batches by bytes as well as by count.
	n = 0
	for after := ""; ; {
		list, err := src.ExportBlobs(ctx, after, min(o.Batch, blobBatch))
		if err != nil {
			return nil, fmt.Errorf("reading picture files: %w", err)
		}
		if len(list) == 0 {
			break
		}
		if err := dst.ImportBlobs(ctx, list); err != nil {
			return nil, fmt.Errorf("writing picture files: %w", err)
		}
		n += len(list)
		after = list[len(list)-1].Hash
	}
	progress("picture files: %d (%s)", n, time.Since(start).Round(time.Millisecond))

	// The change log in order, each event with its version: the target
	// rebuilds its public projection as the source built it.
	n = 0
	var last int64
	for {
		events, versions, err := src.ExportLog(ctx, last, o.Batch)
		if err != nil {
			return nil, fmt.Errorf("reading the change log after event %d: %w", last, err)
		}
		if len(events) == 0 {
			break
		}
		if err := dst.ImportLog(ctx, events, versions); err != nil {
			return nil, fmt.Errorf("writing the change log after event %d: %w", last, err)
		}
		n += len(events)
		last = events[len(events)-1].Seq
	}
	progress("versions and change-log events: %d, newest event %d (%s)", n, last, time.Since(start).Round(time.Millisecond))

	users, err := src.Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	slices.SortFunc(users, func(a, b *store.User) int { return cmp.Compare(a.ID, b.ID) })
	tokens, err := src.ExportTokens(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading API tokens: %w", err)
	}
	var sessions []*store.Session
	if !o.SkipSessions {
		if sessions, err = src.ExportSessions(ctx); err != nil {
			return nil, fmt.Errorf("reading sessions: %w", err)
		}
	}
	if err := dst.ImportAccounts(ctx, users, tokens, sessions); err != nil {
		return nil, fmt.Errorf("writing accounts: %w", err)
	}
	progress("accounts: %d, API tokens: %d, sessions: %d", len(users), len(tokens), len(sessions))

	if err := copySite(ctx, src, dst); err != nil {
		return nil, err
	}

	n = 0
	for after := int64(0); ; {
		entries, err := src.ExportAudit(ctx, after, o.Batch)
		if err != nil {
			return nil, fmt.Errorf("reading the audit log: %w", err)
		}
		if len(entries) == 0 {
			break
		}
		if err := dst.ImportAudit(ctx, entries); err != nil {
			return nil, fmt.Errorf("writing the audit log: %w", err)
		}
		n += len(entries)
		after = entries[len(entries)-1].ID
	}
	progress("audit entries: %d", n)

	subs, err := src.ListSubscribers(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading subscribers: %w", err)
	}
	states, err := src.ExportWebhookStates(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading webhook states: %w", err)
	}
	if err := dst.ImportSubscribers(ctx, subs, states); err != nil {
		return nil, fmt.Errorf("writing subscribers: %w", err)
	}
	former := map[int64][]store.FormerRights{}
	for _, s := range subs {
		f, err := src.FormerRights(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("reading the former rights of subscriber %q: %w", s.Name, err)
		}
		if len(f) > 0 {
			former[s.ID] = f
		}
	}
	if err := dst.ImportFormerRights(ctx, former); err != nil {
		return nil, fmt.Errorf("writing the former rights of subscribers: %w", err)
	}
	progress("subscribers: %d, webhooks: %d, with former rights: %d", len(subs), len(states), len(former))

	if err := dst.FinishImport(ctx); err != nil {
		return nil, fmt.Errorf("finishing the import: %w", err)
	}
	rep, err := Verify(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	rep.Sessions = !o.SkipSessions
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// Verify counts the rows of both databases.
func Verify(ctx context.Context, src, dst Engine) (*Report, error) {
	a, err := src.CopyCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting the source's rows: %w", err)
	}
	b, err := dst.CopyCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting the target's rows: %w", err)
	}
	rep := &Report{Sessions: true}
	for _, t := range Tables {
		rep.Counts = append(rep.Counts, Count{Table: t, Source: a[t], Target: b[t]})
	}
	if rep.LastSeq[0], err = src.LastSeq(ctx); err != nil {
		return nil, fmt.Errorf("reading the source's newest event: %w", err)
	}
	if rep.LastSeq[1], err = dst.LastSeq(ctx); err != nil {
		return nil, fmt.Errorf("reading the target's newest event: %w", err)
	}
	return rep, nil
}

// copySite copies the managed sections and the site settings.
func copySite(ctx context.Context, src, dst Engine) error {
	secs, err := src.Sections(ctx)
	if err != nil {
		return fmt.Errorf("reading sections: %w", err)
	}
	if err := dst.SetSections(ctx, secs); err != nil {
		return fmt.Errorf("writing sections: %w", err)
	}
	for _, key := range []string{store.SettingTimeZone} {
		v, err := src.SiteSetting(ctx, key)
		if err != nil {
			return fmt.Errorf("reading setting %s: %w", key, err)
		}
		if v != "" {
			if err := dst.SetSiteSetting(ctx, key, v); err != nil {
				return fmt.Errorf("writing setting %s: %w", key, err)
			}
		}
	}
	return nil
}
