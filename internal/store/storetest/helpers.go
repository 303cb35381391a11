// Package storetest is the conformance suite that every store engine
// passes. It uses only store.Store and the domain package, so SQLite and
// PostgreSQL run the very same tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { ... a new empty store ... })
//	}
//
// Every time the suite stores is a whole second in UTC, so an engine that
// keeps times to the second or better round-trips them exactly.
//
// What the suite holds every engine to, beyond the doc comments of
// store.Store:
//   - the public projection moves only with a version: publish, update,
//     correct and release of a published story replace it; kill turns it
//     into a notice (status killed, last public headline, no standfirst or
//     body) if the story was ever public, and removes it otherwise;
//     withhold removes it; a scheduled story has none;
//   - ListPublic and Search: newest first by (first published, id), keyset
//     cursor, Limit default 20 and at most 100; tag filters ignore case,
//     Cyrillic included (PostgreSQL: lower() needs a UTF-8 collation);
//   - Search requires every word of the text, in headline, standfirst or
//     body, any case, and never fails on any input;
//   - the change log is dense (no gaps even after rolled-back changes:
//     a PostgreSQL sequence is not enough) and ordered under concurrent
//     writers; a refused or rolled-back change leaves no event;
//   - LastPublicChange is the newest public row's update time (killed
//     included) or the newest withholding, zero when there is none;
//   - Versions of an unknown story is ErrNotFound, of a draft empty;
//     UpdateStory returns fn's error itself, not a wrapped copy.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// t0 is the suite's "now"; every other time is t0 plus whole seconds.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func ptr(t time.Time) *time.Time { return &t }

// draft returns a valid new draft with every content field set.
func draft(headline string) *news.Story {
	return &news.Story{
		ID:         news.NewID(t0),
		Revision:   1,
		Status:     news.StatusDraft,
		Language:   "en",
		Headline:   headline,
		Standfirst: "A standfirst that sums the story up.",
		Dateline: news.Dateline{Place: "LISBON", Date: news.Date{Year: 2026, Month: time.March, Day: 2},
			Credit: "Dateline", Style: news.StyleReuters, Text: "LISBON, Mar 2 (Dateline) -"},
		Byline: "Ana Ferreira",
		Body: []news.Block{
			{Kind: news.Paragraph, Text: "The first paragraph of the story."},
			{Kind: news.Subheading, Text: "What comes next"},
			{Kind: news.Paragraph, Text: "The second paragraph, after a subheading."},
		},
		Section:      "economy",
		Tags:         []string{"Portugal", "Trade"},
		Urgency:      3,
		Translations: []news.Translation{{Language: "ru", ID: "0000000000000000"}},
		CreatedAt:    t0,
		ModifiedAt:   t0,
		Author:       "reporter",
	}
}

// canon is a story as compared by the suite: times in UTC, empty slices
// as nil (an engine may give back either).
func canon(s *news.Story) *news.Story {
	c := s.Clone()
	c.CreatedAt, c.ModifiedAt = c.CreatedAt.UTC(), c.ModifiedAt.UTC()
	for _, p := range []**time.Time{&c.EmbargoUntil, &c.FirstPublishedAt, &c.UpdatedAt} {
		if *p != nil {
			*p = ptr((**p).UTC())
		}
	}
	for i := range c.Corrections {
		c.Corrections[i].At = c.Corrections[i].At.UTC()
	}
	if len(c.Body) == 0 {
		c.Body = nil
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Translations) == 0 {
		c.Translations = nil
	}
	if len(c.Corrections) == 0 {
		c.Corrections = nil
	}
	return c
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return string(b)
}

// sameStory fails the test when got differs from want in any field.
func sameStory(t *testing.T, what string, want, got *news.Story) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil story", what)
	}
	w, g := mustJSON(t, canon(want)), mustJSON(t, canon(got))
	if w != g {
		t.Fatalf("%s: stories differ\nwant: %s\n got: %s", what, w, g)
	}
}

func sameVersion(t *testing.T, what string, want, got *news.Version) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: got nil version", what)
	}
	if got.StoryID != want.StoryID || got.Number != want.Number || got.Action != want.Action ||
		!got.At.Equal(want.At) || got.By != want.By || got.Note != want.Note {
		t.Fatalf("%s: version header differs\nwant: %s %d %s %s by %q note %q\n got: %s %d %s %s by %q note %q", what,
			want.StoryID, want.Number, want.Action, want.At, want.By, want.Note,
			got.StoryID, got.Number, got.Action, got.At, got.By, got.Note)
	}
	sameStory(t, what+": snapshot", &want.Story, &got.Story)
}

func ctxT(t *testing.T) context.Context { return t.Context() }

// create stores a draft and fails the test on error.
func create(t *testing.T, st store.Store, s *news.Story) *news.Story {
	t.Helper()
	if err := st.CreateStory(ctxT(t), s, nil); err != nil {
		t.Fatalf("CreateStory %q: %v", s.Headline, err)
	}
	return s
}

// createPublished stores a story published at when, in one call.
func createPublished(t *testing.T, st store.Store, s *news.Story, when time.Time) (*news.Story, *news.Version) {
	t.Helper()
	v, err := s.Publish(when, nil, "editor")
	if err != nil {
		t.Fatalf("Publish %q: %v", s.Headline, err)
	}
	if err := st.CreateStory(ctxT(t), s, v); err != nil {
		t.Fatalf("CreateStory %q: %v", s.Headline, err)
	}
	return s, v
}

// change runs one domain change through UpdateStory and returns the saved
// story and the version the change made.
func change(t *testing.T, st store.Store, id string, fn func(s *news.Story) (*news.Version, error)) (*news.Story, *news.Version) {
	t.Helper()
	var made *news.Version
	s, err := st.UpdateStory(ctxT(t), id, func(s *news.Story) (*news.Version, error) {
		v, err := fn(s)
		made = v
		return v, err
	})
	if err != nil {
		t.Fatalf("UpdateStory %s: %v", id, err)
	}
	return s, made
}

func publishAt(when time.Time) func(*news.Story) (*news.Version, error) {
	return func(s *news.Story) (*news.Version, error) { return s.Publish(when, nil, "editor") }
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func ids(list []*news.Story) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.ID
	}
	return out
}

// allPages follows Next until the last page and returns every id seen, in
// order, failing on a page larger than limit or an endless loop.
func allPages(t *testing.T, limit int, page func(before *store.Cursor) (store.Page, error)) []string {
	t.Helper()
	var out []string
	var before *store.Cursor
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("pagination does not end")
		}
		p, err := page(before)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if len(p.Stories) > limit {
			t.Fatalf("page %d has %d stories, limit %d", i, len(p.Stories), limit)
		}
		if p.Next != nil && len(p.Stories) != limit {
			t.Fatalf("page %d has %d stories and a next page; want full pages of %d", i, len(p.Stories), limit)
		}
		out = append(out, ids(p.Stories)...)
		if p.Next == nil {
			return out
		}
		before = p.Next
	}
}

// newestFirst sorts stories as public lists do: first publication time
// descending, then id descending.
func newestFirst(list []*news.Story) []string {
	c := slices.Clone(list)
	slices.SortFunc(c, func(a, b *news.Story) int {
		if d := b.FirstPublishedAt.Compare(*a.FirstPublishedAt); d != 0 {
			return d
		}
		switch {
		case a.ID > b.ID:
			return -1
		case a.ID < b.ID:
			return 1
		}
		return 0
	})
	return ids(c)
}

func sameIDs(t *testing.T, what string, want, got []string) {
	t.Helper()
	if !slices.Equal(want, got) {
		t.Fatalf("%s:\nwant %d ids %v\n got %d ids %v", what, len(want), want, len(got), got)
	}
}

func search(t *testing.T, st store.Store, text string) []string {
	t.Helper()
	p, err := st.Search(ctxT(t), store.SearchQuery{Text: text, Limit: 100})
	if err != nil {
		t.Fatalf("Search %q: %v", text, err)
	}
	return ids(p.Stories)
}

func listed(t *testing.T, st store.Store, q store.ListQuery) []string {
	t.Helper()
	q.Limit = 100
	p, err := st.ListPublic(ctxT(t), q)
	if err != nil {
		t.Fatalf("ListPublic %+v: %v", q, err)
	}
	return ids(p.Stories)
}

func describe(s *news.Story) string { return fmt.Sprintf("%s (%q)", s.ID, s.Headline) }
