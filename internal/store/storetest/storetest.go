package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Run runs the conformance suite. open must return a new, empty store for
// each call and close it when the test ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"CreateAndRead", testCreateAndRead},
		{"NotFound", testNotFound},
		{"Duplicate", testDuplicate},
		{"CreatePublished", testCreatePublished},
		{"Lifecycle", testLifecycle},
		{"KillAfterWithhold", testKillAfterWithhold},
		{"Embargo", testEmbargo},
		{"Conflict", testConflict},
		{"Rollback", testRollback},
		{"VersionsImmutable", testVersionsImmutable},
		{"ListOrderAndPagination", testListOrder},
		{"ListLimit", testListLimit},
		{"ListFilters", testListFilters},
		{"Desk", testDesk},
		{"ChangeLogConcurrent", testChangeLogConcurrent},
		{"Search", testSearch},
		{"SearchWordForms", testSearchWordForms},
		{"Summary", testSummary},
		{"SearchHostileInput", testSearchHostile},
		{"SearchPagination", testSearchPagination},
		{"LastPublicChange", testLastPublicChange},
		{"SetEntities", testSetEntities},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := open(t)
			tc.fn(t, st)
		})
	}
	RunPictures(t, open)
}

func testCreateAndRead(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	full := draft("Full story round-trips")
	full.Source = "test:full"
	full.EmbargoUntil = nil
	create(t, st, full)
	got, err := st.Story(ctx, full.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	sameStory(t, "full draft", full, got)
	if got.FirstPublishedAt != nil || got.UpdatedAt != nil || got.EmbargoUntil != nil {
		t.Fatalf("nil times came back set: %+v %+v %+v", got.FirstPublishedAt, got.UpdatedAt, got.EmbargoUntil)
	}
	if got.Dateline.Date != (news.Date{Year: 2026, Month: time.March, Day: 2}) {
		t.Fatalf("dateline date = %v", got.Dateline.Date)
	}
	if len(got.Body) != 3 || got.Body[1].Kind != news.Subheading {
		t.Fatalf("body blocks = %+v", got.Body)
	}

	minimal := &news.Story{ID: news.NewID(t0), Revision: 1, Status: news.StatusDraft, Language: "ru",
		Headline: "Короткая заметка без даты", CreatedAt: at(time.Second), ModifiedAt: at(time.Second)}
	create(t, st, minimal)
	got, err = st.Story(ctx, minimal.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	sameStory(t, "minimal draft", minimal, got)
	if !got.Dateline.IsZero() || !got.Dateline.Date.IsZero() {
		t.Fatalf("empty dateline came back as %+v", got.Dateline)
	}

	// Every field that a published story adds, including pointers.
	pub := draft("Published with every time set")
	pub.Source = "test:pub"
	pub, _ = createPublished(t, st, pub, at(time.Minute))
	// A change made in memory after storing must not reach the store.
	if _, err := pub.Correct(at(2*time.Minute), "A name was misspelt.", "editor"); err != nil {
		t.Fatal(err)
	}
	got, err = st.Story(ctx, pub.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	if got.Version != 1 || got.Status != news.StatusPublished || got.FirstPublishedAt == nil ||
		!got.FirstPublishedAt.Equal(at(time.Minute)) || got.UpdatedAt == nil || !got.UpdatedAt.Equal(at(time.Minute)) {
		t.Fatalf("published story came back as version %d %s first %v updated %v", got.Version, got.Status, got.FirstPublishedAt, got.UpdatedAt)
	}
	if len(got.Corrections) != 0 {
		t.Fatalf("a change made after storing leaked into the store: %+v", got.Corrections)
	}

	// The returned story is a copy: changing it does not change the store.
	got.Headline = "changed in memory"
	again, err := st.Story(ctx, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Headline == "changed in memory" {
		t.Fatal("Story returned a shared value")
	}
}

func testNotFound(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	d := create(t, st, draft("A draft"))
	const unknown = "0000000000zzzzzz"
	checks := []struct {
		name string
		err  error
	}{
		{"Story", func() error { _, err := st.Story(ctx, unknown); return err }()},
		{"UpdateStory", func() error {
			_, err := st.UpdateStory(ctx, unknown, func(*news.Story) (*news.Version, error) {
				t.Error("fn called for an unknown story")
				return nil, nil
			})
			return err
		}()},
		{"Versions", func() error { _, err := st.Versions(ctx, unknown); return err }()},
		{"Version of unknown story", func() error { _, err := st.Version(ctx, unknown, 1); return err }()},
		{"Version 1 of a draft", func() error { _, err := st.Version(ctx, d.ID, 1); return err }()},
		{"PublicStory of unknown", func() error { _, err := st.PublicStory(ctx, unknown); return err }()},
		{"PublicStory of a draft", func() error { _, err := st.PublicStory(ctx, d.ID); return err }()},
	}
	for _, c := range checks {
		wantErr(t, c.name, c.err, store.ErrNotFound)
	}
	vs, err := st.Versions(ctx, d.ID)
	if err != nil || len(vs) != 0 {
		t.Fatalf("Versions of a draft = %v, %v; want none, nil", vs, err)
	}
	if seq, err := st.LastSeq(ctx); err != nil || seq != 0 {
		t.Fatalf("LastSeq of a store without public changes = %d, %v", seq, err)
	}
	if ev, err := st.Changes(ctx, 0, 10); err != nil || len(ev) != 0 {
		t.Fatalf("Changes = %v, %v; want none", ev, err)
	}
	if p, err := st.ListPublic(ctx, store.ListQuery{}); err != nil || len(p.Stories) != 0 || p.Next != nil {
		t.Fatalf("ListPublic with only a draft = %+v, %v", p, err)
	}
}

func testDuplicate(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	first := draft("First import")
	first.Source = "reuters:17980"
	create(t, st, first)

	again := draft("Second import of the same file")
	again.Source = "reuters:17980"
	wantErr(t, "same source as draft", st.CreateStory(ctx, again, nil), store.ErrDuplicate)
	_, err := st.Story(ctx, again.ID)
	wantErr(t, "the refused story", err, store.ErrNotFound)

	v, err := again.Publish(at(time.Hour), nil, "importer")
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, "same source, published", st.CreateStory(ctx, again, v), store.ErrDuplicate)
	if seq, _ := st.LastSeq(ctx); seq != 0 {
		t.Fatalf("a refused duplicate appended an event (LastSeq %d)", seq)
	}
	if got := listed(t, st, store.ListQuery{}); len(got) != 0 {
		t.Fatalf("a refused duplicate is public: %v", got)
	}
	if _, err := st.Versions(ctx, again.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a refused duplicate has versions (err %v)", err)
	}

	// Stories without a source never collide.
	for i := range 3 {
		create(t, st, draft(fmt.Sprintf("Written in the newsroom %d", i)))
	}
	other := draft("Another source")
	other.Source = "reuters:17981"
	create(t, st, other)
	list, err := st.ListStories(ctx, store.DeskQuery{})
	if err != nil || len(list) != 5 {
		t.Fatalf("ListStories = %d stories, %v; want 5", len(list), err)
	}
}

func testCreatePublished(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s, v := createPublished(t, st, draft("Published on import"), at(time.Hour))
	got, err := st.Story(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameStory(t, "working copy", s, got)
	pub, err := st.PublicStory(ctx, s.ID)
	if err != nil {
		t.Fatalf("PublicStory: %v", err)
	}
	sameStory(t, "public story", &v.Story, pub)
	vs, err := st.Versions(ctx, s.ID)
	if err != nil || len(vs) != 1 {
		t.Fatalf("Versions = %d, %v; want 1", len(vs), err)
	}
	sameVersion(t, "version 1", v, vs[0])
	one, err := st.Version(ctx, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	sameVersion(t, "Version(1)", v, one)
	ev, err := st.Changes(ctx, 0, 10)
	if err != nil || len(ev) != 1 {
		t.Fatalf("Changes = %v, %v; want one event", ev, err)
	}
	want := news.EventFor(v)
	want.Seq = ev[0].Seq
	if ev[0].Seq != 1 {
		t.Errorf("first event of an empty store has Seq %d, want 1", ev[0].Seq)
	}
	if mustJSON(t, want) != mustJSON(t, ev[0]) {
		t.Fatalf("event:\nwant %s\n got %s", mustJSON(t, want), mustJSON(t, ev[0]))
	}
	if seq, _ := st.LastSeq(ctx); seq != ev[0].Seq {
		t.Fatalf("LastSeq = %d, want %d", seq, ev[0].Seq)
	}
	sameIDs(t, "list", []string{s.ID}, listed(t, st, store.ListQuery{}))
}

func testLifecycle(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s := create(t, st, draft("Dockers strike at Valdora harbour"))
	var made []*news.Version
	step := func(name string, fn func(s *news.Story) (*news.Version, error)) *news.Story {
		t.Helper()
		before, err := st.Story(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, v := change(t, st, s.ID, fn)
		if got.Revision != before.Revision+1 {
			t.Fatalf("%s: revision %d -> %d, want +1", name, before.Revision, got.Revision)
		}
		stored, err := st.Story(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameStory(t, name+": returned and stored", got, stored)
		if v != nil {
			made = append(made, v)
		}
		return got
	}
	public := func(name string) *news.Story {
		t.Helper()
		p, err := st.PublicStory(ctx, s.ID)
		if err != nil {
			t.Fatalf("%s: PublicStory: %v", name, err)
		}
		return p
	}
	notPublic := func(name, word string) {
		t.Helper()
		_, err := st.PublicStory(ctx, s.ID)
		wantErr(t, name+": PublicStory", err, store.ErrNotFound)
		if slices.Contains(listed(t, st, store.ListQuery{}), s.ID) {
			t.Fatalf("%s: listed", name)
		}
		if slices.Contains(search(t, st, word), s.ID) {
			t.Fatalf("%s: found by search", name)
		}
	}

	notPublic("draft", "dockers")

	got := step("publish", publishAt(at(time.Hour)))
	if got.Status != news.StatusPublished || got.Version != 1 {
		t.Fatalf("publish: %s version %d", got.Status, got.Version)
	}
	if p := public("publish"); p.Headline != "Dockers strike at Valdora harbour" || p.Version != 1 {
		t.Fatalf("public after publish: %q v%d", p.Headline, p.Version)
	}
	sameIDs(t, "search after publish", []string{s.ID}, search(t, st, "dockers"))
	seq, _ := st.LastSeq(ctx)

	// A working-copy save changes neither the public story, nor UpdatedAt,
	// nor the change log.
	edit := got.Clone()
	edit.Headline = "Cranes idle in Valdora"
	got = step("draft save", func(s *news.Story) (*news.Version, error) { return nil, s.Edit(edit, at(2*time.Hour)) })
	if got.Headline != "Cranes idle in Valdora" || !got.UpdatedAt.Equal(at(time.Hour)) || !got.ModifiedAt.Equal(at(2*time.Hour)) {
		t.Fatalf("draft save: headline %q updated %v modified %v", got.Headline, got.UpdatedAt, got.ModifiedAt)
	}
	if p := public("draft save"); p.Headline != "Dockers strike at Valdora harbour" || !p.UpdatedAt.Equal(at(time.Hour)) {
		t.Fatalf("a draft save moved the public story: %q updated %v", p.Headline, p.UpdatedAt)
	}
	if s2, _ := st.LastSeq(ctx); s2 != seq {
		t.Fatalf("a draft save appended an event: LastSeq %d -> %d", seq, s2)
	}
	if lc, _ := st.LastPublicChange(ctx); !lc.Equal(at(time.Hour)) {
		t.Fatalf("a draft save moved LastPublicChange to %v", lc)
	}
	if slices.Contains(search(t, st, "cranes"), s.ID) {
		t.Fatal("search finds words of an unpublished edit")
	}

	got = step("update", publishAt(at(3*time.Hour)))
	p := public("update")
	if p.Headline != "Cranes idle in Valdora" || p.Version != 2 || !p.FirstPublishedAt.Equal(at(time.Hour)) || !p.UpdatedAt.Equal(at(3*time.Hour)) {
		t.Fatalf("public after update: %q v%d first %v updated %v", p.Headline, p.Version, p.FirstPublishedAt, p.UpdatedAt)
	}
	sameIDs(t, "search for the new headline", []string{s.ID}, search(t, st, "cranes"))
	sameIDs(t, "search for the old headline", nil, search(t, st, "dockers"))

	got = step("correct", func(s *news.Story) (*news.Version, error) {
		return s.Correct(at(4*time.Hour), "An earlier version named the wrong port.", "editor")
	})
	p = public("correct")
	if p.Version != 3 || len(p.Corrections) != 1 || p.Corrections[0].Note != "An earlier version named the wrong port." {
		t.Fatalf("public after correct: v%d corrections %+v", p.Version, p.Corrections)
	}

	step("withhold", func(s *news.Story) (*news.Version, error) { return s.Withhold(at(5*time.Hour), "legal", nil, "editor") })
	notPublic("withheld", "cranes")
	if lc, _ := st.LastPublicChange(ctx); !lc.Equal(at(5 * time.Hour)) {
		t.Fatalf("LastPublicChange after withhold = %v, want %v", lc, at(5*time.Hour))
	}

	step("publish again", publishAt(at(6*time.Hour)))
	if p := public("publish again"); p.Version != 5 || p.Status != news.StatusPublished {
		t.Fatalf("public after publishing again: v%d %s", p.Version, p.Status)
	}
	sameIDs(t, "search after publishing again", []string{s.ID}, search(t, st, "cranes"))

	// The kill notice shows what was public, not unpublished edits.
	secret := got.Clone()
	secret.Headline = "Unpublished headline that must not leak"
	step("draft save before kill", func(s *news.Story) (*news.Version, error) { return nil, s.Edit(secret, at(6*time.Hour+time.Minute)) })
	got = step("kill", func(s *news.Story) (*news.Version, error) {
		return s.Kill(at(7*time.Hour), "internal: the source retracted", "legal reasons", nil, "editor")
	})
	if got.Status != news.StatusKilled {
		t.Fatalf("kill: status %s", got.Status)
	}
	k := public("kill")
	if k.Status != news.StatusKilled || len(k.Body) != 0 || k.Standfirst != "" || k.Version != 6 ||
		k.Headline != "Cranes idle in Valdora" || k.KillNotice != "legal reasons" || !k.UpdatedAt.Equal(at(7*time.Hour)) {
		t.Fatalf("killed public story: status %s v%d headline %q reason %q updated %v standfirst %q body %+v",
			k.Status, k.Version, k.Headline, k.KillNotice, k.UpdatedAt, k.Standfirst, k.Body)
	}
	if slices.Contains(listed(t, st, store.ListQuery{}), s.ID) || slices.Contains(search(t, st, "cranes"), s.ID) {
		t.Fatal("a killed story is listed or found")
	}
	if lc, _ := st.LastPublicChange(ctx); !lc.Equal(at(7 * time.Hour)) {
		t.Fatalf("LastPublicChange after kill = %v", lc)
	}

	// A killed story is final: the domain refuses, the store keeps it.
	_, err := st.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) { return nil, s.Edit(edit, at(8*time.Hour)) })
	wantErr(t, "edit of a killed story", err, news.ErrTransition)

	vs, err := st.Versions(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != len(made) {
		t.Fatalf("%d versions stored, %d made", len(vs), len(made))
	}
	wantActions := []news.Action{news.ActionPublish, news.ActionUpdate, news.ActionCorrect, news.ActionWithhold, news.ActionUpdate, news.ActionKill}
	for i, v := range vs {
		if v.Number != i+1 || v.Action != wantActions[i] {
			t.Fatalf("version %d: number %d action %s, want %d %s", i, v.Number, v.Action, i+1, wantActions[i])
		}
		sameVersion(t, fmt.Sprintf("version %d", i+1), made[i], v)
	}
	ev, err := st.Changes(ctx, 0, 100)
	if err != nil || len(ev) != len(made) {
		t.Fatalf("Changes: %d events, %v; want %d", len(ev), err, len(made))
	}
	for i, e := range ev {
		if e.Version != i+1 || e.Action != wantActions[i] || e.StoryID != s.ID || !e.At.Equal(made[i].At) || e.Status != made[i].Story.Status {
			t.Fatalf("event %d: %+v", i, e)
		}
		if i > 0 && e.Seq != ev[i-1].Seq+1 {
			t.Fatalf("event seqs not dense: %d after %d", e.Seq, ev[i-1].Seq)
		}
	}
}

func testEmbargo(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	embargo := at(2 * time.Hour)
	s := create(t, st, draft("Central bank to announce rate decision"))
	got, v := change(t, st, s.ID, func(s *news.Story) (*news.Version, error) {
		return s.Publish(at(time.Hour), ptr(embargo), "editor")
	})
	if got.Status != news.StatusScheduled || v == nil || v.Action != news.ActionPublish || !got.EmbargoUntil.Equal(embargo) {
		t.Fatalf("publish under embargo: status %s embargo %v version %+v", got.Status, got.EmbargoUntil, v)
	}
	_, err := st.PublicStory(ctx, s.ID)
	wantErr(t, "scheduled PublicStory", err, store.ErrNotFound)
	if len(listed(t, st, store.ListQuery{})) != 0 || len(search(t, st, "rate")) != 0 {
		t.Fatal("a scheduled story is listed or found before its embargo")
	}
	if lc, _ := st.LastPublicChange(ctx); !lc.IsZero() {
		t.Fatalf("LastPublicChange moved for a scheduled story: %v", lc)
	}
	ev, err := st.Changes(ctx, 0, 10)
	if err != nil || len(ev) != 1 || ev[0].Status != news.StatusScheduled || ev[0].EmbargoUntil == nil || !ev[0].EmbargoUntil.Equal(embargo) {
		t.Fatalf("scheduled event = %+v, %v", ev, err)
	}

	// Other stories that must never be due.
	d := create(t, st, draft("A draft"))
	k := create(t, st, draft("Scheduled then killed"))
	change(t, st, k.ID, func(s *news.Story) (*news.Version, error) { return s.Publish(at(time.Hour), ptr(embargo), "editor") })
	change(t, st, k.ID, func(s *news.Story) (*news.Version, error) {
		return s.Kill(at(90*time.Minute), "wrong figures", "", nil, "editor")
	})
	_, err = st.PublicStory(ctx, k.ID)
	wantErr(t, "a story killed before its embargo", err, store.ErrNotFound)
	later := create(t, st, draft("Due later"))
	change(t, st, later.ID, func(s *news.Story) (*news.Version, error) {
		return s.Publish(at(time.Hour), ptr(at(5*time.Hour)), "editor")
	})

	for _, c := range []struct {
		now  time.Time
		want []string
	}{
		{at(time.Hour), nil},
		{embargo.Add(-time.Second), nil},
		{embargo, []string{s.ID}},
		{embargo.Add(time.Minute), []string{s.ID}},
		{at(6 * time.Hour), []string{s.ID, later.ID}},
	} {
		due, err := st.DueEmbargoes(ctx, c.now)
		if err != nil {
			t.Fatalf("DueEmbargoes(%v): %v", c.now, err)
		}
		slices.Sort(due)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(due, want) {
			t.Fatalf("DueEmbargoes(%v) = %v, want %v (draft %s, killed %s)", c.now, due, want, d.ID, k.ID)
		}
	}

	got, v = change(t, st, s.ID, func(s *news.Story) (*news.Version, error) { return s.Release(embargo.Add(time.Minute), nil) })
	if v.Action != news.ActionRelease || got.Status != news.StatusPublished {
		t.Fatalf("release: %s %s", v.Action, got.Status)
	}
	p, err := st.PublicStory(ctx, s.ID)
	if err != nil {
		t.Fatalf("released story: %v", err)
	}
	if !p.FirstPublishedAt.Equal(embargo) || p.Version != 2 {
		t.Fatalf("released story first published %v v%d, want %v v2", p.FirstPublishedAt, p.Version, embargo)
	}
	sameIDs(t, "list after release", []string{s.ID}, listed(t, st, store.ListQuery{}))
	sameIDs(t, "search after release", []string{s.ID}, search(t, st, "rate decision"))
	due, err := st.DueEmbargoes(ctx, embargo.Add(time.Hour))
	if err != nil || len(due) != 0 {
		t.Fatalf("DueEmbargoes after release = %v, %v", due, err)
	}
}

func testConflict(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s, _ := createPublished(t, st, draft("Revisions guard against lost updates"), at(time.Hour))
	base := s.Revision
	_, err := st.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
		if s.Revision != base-1 {
			return nil, fmt.Errorf("%w: edited revision %d, story is at %d", store.ErrConflict, base-1, s.Revision)
		}
		return nil, nil
	})
	wantErr(t, "stale revision", err, store.ErrConflict)
	got, err := st.Story(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameStory(t, "after a conflict", s, got)
}

func testRollback(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s, _ := createPublished(t, st, draft("Nothing of a failed change is kept"), at(time.Hour))
	seq, _ := st.LastSeq(ctx)
	sentinel := errors.New("the use case changed its mind")
	_, err := st.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
		s.Headline = "This headline must not be stored"
		if _, err := s.Correct(at(2*time.Hour), "a note", "editor"); err != nil {
			return nil, err
		}
		s.Revision = 99
		return nil, sentinel
	})
	if err != sentinel {
		t.Fatalf("UpdateStory returned %v, want fn's error unchanged", err)
	}
	got, err := st.Story(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameStory(t, "after rollback", s, got)
	p, err := st.PublicStory(ctx, s.ID)
	if err != nil || p.Version != 1 || p.Headline != s.Headline {
		t.Fatalf("public story after rollback: %+v, %v", p, err)
	}
	if vs, _ := st.Versions(ctx, s.ID); len(vs) != 1 {
		t.Fatalf("rollback kept a version: %d versions", len(vs))
	}
	if s2, _ := st.LastSeq(ctx); s2 != seq {
		t.Fatalf("rollback kept an event: LastSeq %d -> %d", seq, s2)
	}

	// An error while storing (a version number that exists already) rolls
	// back the working copy too.
	_, err = st.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
		s.Headline = "Neither must this one"
		v := &news.Version{StoryID: s.ID, Number: 1, Action: news.ActionUpdate, At: at(3 * time.Hour), Story: *s.Clone()}
		return v, nil
	})
	if err == nil {
		t.Fatal("storing a second version 1 succeeded")
	}
	got, err = st.Story(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameStory(t, "after a failed version insert", s, got)
	if s2, _ := st.LastSeq(ctx); s2 != seq {
		t.Fatalf("failed version insert kept an event: LastSeq %d -> %d", seq, s2)
	}
}

func testVersionsImmutable(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s, v1 := createPublished(t, st, draft("First wording"), at(time.Hour))
	edit := s.Clone()
	edit.Headline = "Second wording"
	edit.Body = []news.Block{{Kind: news.Paragraph, Text: "Entirely new text."}}
	_, v2 := change(t, st, s.ID, func(s *news.Story) (*news.Version, error) {
		if err := s.Edit(edit, at(2*time.Hour)); err != nil {
			return nil, err
		}
		return s.Publish(at(2*time.Hour), nil, "editor")
	})
	change(t, st, s.ID, func(s *news.Story) (*news.Version, error) {
		return nil, s.Edit(draft("Third wording, unpublished"), at(3*time.Hour))
	})
	for _, want := range []*news.Version{v1, v2} {
		got, err := st.Version(ctx, s.ID, want.Number)
		if err != nil {
			t.Fatal(err)
		}
		sameVersion(t, fmt.Sprintf("version %d", want.Number), want, got)
	}
	_, err := st.Version(ctx, s.ID, 3)
	wantErr(t, "version 3", err, store.ErrNotFound)
}

// testListOrder publishes stories in groups that share a publication time,
// so pages must break ties by id without skipping or repeating any.
func testListOrder(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	var pub []*news.Story
	for i := range 23 {
		s, _ := createPublished(t, st, draft(fmt.Sprintf("Story number %d", i)), at(time.Duration(i/3)*time.Minute))
		pub = append(pub, s)
	}
	// Not public: must never appear.
	create(t, st, draft("Draft in between"))
	sch := create(t, st, draft("Scheduled in between"))
	change(t, st, sch.ID, func(s *news.Story) (*news.Version, error) { return s.Publish(at(time.Minute), ptr(at(time.Hour)), "e") })
	want := newestFirst(pub)
	for _, limit := range []int{1, 3, 5, 7, 22, 23, 100} {
		got := allPages(t, limit, func(before *store.Cursor) (store.Page, error) {
			return st.ListPublic(ctx, store.ListQuery{Before: before, Limit: limit})
		})
		sameIDs(t, fmt.Sprintf("pages of %d", limit), want, got)
	}
	// A cursor taken from a story that is then withheld still works.
	p, err := st.ListPublic(ctx, store.ListQuery{Limit: 4})
	if err != nil || p.Next == nil {
		t.Fatalf("first page: %v %v", p, err)
	}
	change(t, st, p.Next.ID, func(s *news.Story) (*news.Version, error) { return s.Withhold(at(time.Hour), "", nil, "e") })
	rest := allPages(t, 4, func(before *store.Cursor) (store.Page, error) {
		if before == nil {
			before = p.Next
		}
		return st.ListPublic(ctx, store.ListQuery{Before: before, Limit: 4})
	})
	sameIDs(t, "pages after the cursor's story was withheld", want[4:], rest)
}

func testListLimit(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	for i := range 105 {
		createPublished(t, st, draft(fmt.Sprintf("Story %d", i)), at(time.Duration(i)*time.Second))
	}
	for _, c := range []struct{ limit, want int }{{0, 20}, {-1, 20}, {1, 1}, {100, 100}, {101, 100}, {1000, 100}} {
		p, err := st.ListPublic(ctx, store.ListQuery{Limit: c.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Stories) != c.want || p.Next == nil {
			t.Fatalf("Limit %d: %d stories (next %v), want %d and a next page", c.limit, len(p.Stories), p.Next, c.want)
		}
	}
}

func testListFilters(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	mk := func(i int, section, lang string, tags ...string) *news.Story {
		s := draft(fmt.Sprintf("Filtered story %d", i))
		s.Section, s.Language, s.Tags = section, lang, tags
		s, _ = createPublished(t, st, s, at(time.Duration(i)*time.Minute))
		return s
	}
	a := mk(1, "politics", "en", "Japan", "Russia")
	b := mk(2, "politics", "ru", "Япония", "Russia")
	c := mk(3, "economy", "en", "japan")
	d := mk(4, "economy", "ru")
	e := mk(5, "politics", "en", "Trade")
	// Withheld and killed stories keep their tags in the working copy but
	// must leave every filter.
	w := mk(6, "politics", "en", "Japan")
	change(t, st, w.ID, func(s *news.Story) (*news.Version, error) { return s.Withhold(at(time.Hour), "", nil, "e") })
	k := mk(7, "politics", "en", "Japan")
	change(t, st, k.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(at(time.Hour), "wrong", "", nil, "e") })

	cases := []struct {
		name string
		q    store.ListQuery
		want []*news.Story
	}{
		{"all", store.ListQuery{}, []*news.Story{e, d, c, b, a}},
		{"section politics", store.ListQuery{Section: "politics"}, []*news.Story{e, b, a}},
		{"section economy", store.ListQuery{Section: "economy"}, []*news.Story{d, c}},
		{"section unknown", store.ListQuery{Section: "sport"}, nil},
		{"tag Japan", store.ListQuery{Tag: "Japan"}, []*news.Story{c, a}},
		{"tag JAPAN", store.ListQuery{Tag: "JAPAN"}, []*news.Story{c, a}},
		{"tag japan", store.ListQuery{Tag: "japan"}, []*news.Story{c, a}},
		{"tag япония", store.ListQuery{Tag: "япония"}, []*news.Story{b}},
		{"tag ЯПОНИЯ", store.ListQuery{Tag: "ЯПОНИЯ"}, []*news.Story{b}},
		{"tag russia", store.ListQuery{Tag: "russia"}, []*news.Story{b, a}},
		{"language en", store.ListQuery{Language: "en"}, []*news.Story{e, c, a}},
		{"language ru", store.ListQuery{Language: "ru"}, []*news.Story{d, b}},
		{"politics in ru", store.ListQuery{Section: "politics", Language: "ru"}, []*news.Story{b}},
		{"russia in politics in en", store.ListQuery{Section: "politics", Language: "en", Tag: "Russia"}, []*news.Story{a}},
	}
	for _, c := range cases {
		sameIDs(t, c.name, ids(c.want), listed(t, st, c.q))
		q := c.q
		got := allPages(t, 1, func(before *store.Cursor) (store.Page, error) {
			q.Before, q.Limit = before, 1
			return st.ListPublic(ctx, q)
		})
		sameIDs(t, c.name+", one per page", ids(c.want), got)
	}
}

func testDesk(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	var all []*news.Story
	for i := range 6 {
		s := draft(fmt.Sprintf("Desk story %d", i))
		s.ModifiedAt = at(time.Duration(i) * time.Minute)
		s.Section = []string{"politics", "economy"}[i%2]
		s.Author = []string{"ana", "boris", "chen"}[i%3]
		if i >= 4 {
			createPublished(t, st, s, s.ModifiedAt)
		} else {
			create(t, st, s)
		}
		all = append(all, s)
	}
	// Saving moves a story to the top.
	edit := all[0].Clone()
	edit.Headline = "Desk story 0, edited"
	change(t, st, all[0].ID, func(s *news.Story) (*news.Version, error) { return nil, s.Edit(edit, at(time.Hour)) })
	cases := []struct {
		q    store.DeskQuery
		want []int
	}{
		{store.DeskQuery{}, []int{0, 5, 4, 3, 2, 1}},
		{store.DeskQuery{Limit: 2}, []int{0, 5}},
		{store.DeskQuery{Status: news.StatusDraft}, []int{0, 3, 2, 1}},
		{store.DeskQuery{Status: news.StatusPublished}, []int{5, 4}},
		{store.DeskQuery{Section: "economy"}, []int{5, 3, 1}},
		{store.DeskQuery{Author: "ana"}, []int{0, 3}},
		{store.DeskQuery{Author: "boris", Status: news.StatusPublished}, []int{4}},
		{store.DeskQuery{Status: news.StatusKilled}, nil},
	}
	for _, c := range cases {
		list, err := st.ListStories(ctx, c.q)
		if err != nil {
			t.Fatalf("ListStories %+v: %v", c.q, err)
		}
		var want []string
		for _, i := range c.want {
			want = append(want, all[i].ID)
		}
		sameIDs(t, fmt.Sprintf("desk %+v", c.q), want, ids(list))
	}
}

// testChangeLogConcurrent makes public changes from several goroutines at
// once: the change log must come out dense, ordered, without duplicates,
// and each story's events in version order.
func testChangeLogConcurrent(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	const writers, changes = 6, 8
	stories := make([]*news.Story, writers)
	for i := range stories {
		stories[i] = create(t, st, draft(fmt.Sprintf("Concurrent story %d", i)))
	}
	errs := make(chan error, writers)
	for w := range writers {
		go func() {
			id := stories[w].ID
			for n := range changes {
				when := at(time.Duration(n+1) * time.Minute)
				_, err := st.UpdateStory(ctx, id, func(s *news.Story) (*news.Version, error) {
					if n%2 == 1 {
						return s.Correct(when, fmt.Sprintf("correction %d", n), "e")
					}
					return s.Publish(when, nil, "e")
				})
				if err != nil {
					errs <- fmt.Errorf("writer %d change %d: %w", w, n, err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	ev, err := st.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != writers*changes {
		t.Fatalf("%d events, want %d", len(ev), writers*changes)
	}
	next := map[string]int{}
	for i, e := range ev {
		if e.Seq != ev[0].Seq+int64(i) {
			t.Fatalf("event %d has Seq %d; want %d (dense)", i, e.Seq, ev[0].Seq+int64(i))
		}
		next[e.StoryID]++
		if e.Version != next[e.StoryID] {
			t.Fatalf("event %d: story %s version %d, want %d", e.Seq, e.StoryID, e.Version, next[e.StoryID])
		}
	}
	last, err := st.LastSeq(ctx)
	if err != nil || last != ev[len(ev)-1].Seq {
		t.Fatalf("LastSeq = %d, %v; want %d", last, err, ev[len(ev)-1].Seq)
	}
	// Reading the log in pieces gives the same events.
	var pieces []news.Event
	after := int64(0)
	for {
		part, err := st.Changes(ctx, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(part) == 0 {
			break
		}
		if len(part) > 7 {
			t.Fatalf("Changes limit 7 gave %d", len(part))
		}
		pieces = append(pieces, part...)
		after = part[len(part)-1].Seq
	}
	if mustJSON(t, pieces) != mustJSON(t, ev) {
		t.Fatal("paged Changes differ from one read")
	}
	for _, s := range stories {
		vs, err := st.Versions(ctx, s.ID)
		if err != nil || len(vs) != changes {
			t.Fatalf("story %s: %d versions, %v", s.ID, len(vs), err)
		}
	}
}

// searchSet stores stories in every state with distinctive words and
// returns the published ones.
func searchSet(t *testing.T, st store.Store) (en, ru *news.Story, hidden []*news.Story) {
	en = draft("Harbour cranes idle as dockworkers strike")
	en.Standfirst = "Port of Valdora halts container traffic"
	en.Body = []news.Block{{Kind: news.Paragraph, Text: "Union leaders said the stoppage would last three days."}}
	en, _ = createPublished(t, st, en, at(time.Hour))

	ru = draft("В Москве открылась выставка редких книг")
	ru.Language = "ru"
	ru.Standfirst = "Экспозиция продлится до весны"
	ru.Body = []news.Block{{Kind: news.Paragraph, Text: "Посетители увидят рукописи пятнадцатого века."}}
	ru, _ = createPublished(t, st, ru, at(2*time.Hour))

	d := create(t, st, draft("Zebrafinch draft never public"))
	k, _ := createPublished(t, st, draft("Quokka story that was killed"), at(time.Hour))
	change(t, st, k.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(at(3*time.Hour), "wrong", "", nil, "e") })
	sc := create(t, st, draft("Narwhal story under embargo"))
	change(t, st, sc.ID, func(s *news.Story) (*news.Version, error) {
		return s.Publish(at(time.Hour), ptr(at(10*time.Hour)), "e")
	})
	w, _ := createPublished(t, st, draft("Axolotl story that was withheld"), at(time.Hour))
	change(t, st, w.ID, func(s *news.Story) (*news.Version, error) { return s.Withhold(at(3*time.Hour), "", nil, "e") })
	return en, ru, []*news.Story{d, k, sc, w}
}

func testSearch(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	en, ru, _ := searchSet(t, st)
	cases := []struct {
		text string
		want []*news.Story
	}{
		{"dockworkers", []*news.Story{en}},      // headline
		{"Valdora", []*news.Story{en}},          // standfirst
		{"stoppage", []*news.Story{en}},         // body
		{"STOPPAGE", []*news.Story{en}},         // any case
		{"harbour stoppage", []*news.Story{en}}, // every word, across fields
		{"  harbour,   stoppage! ", []*news.Story{en}},
		{"harbour elephants", nil},        // every word is required
		{"выставка", []*news.Story{ru}},   // Cyrillic headline
		{"ВЫСТАВКА", []*news.Story{ru}},   // Cyrillic, any case
		{"Рукописи", []*news.Story{ru}},   // Cyrillic body
		{"экспозиция", []*news.Story{ru}}, // Cyrillic standfirst
		{"story", nil},      // only hidden stories have it
		{"zebrafinch", nil}, // draft
		{"quokka", nil},     // killed
		{"narwhal", nil},    // scheduled
		{"axolotl", nil},    // withheld
		{"", nil},
	}
	for _, c := range cases {
		sameIDs(t, fmt.Sprintf("search %q", c.text), ids(c.want), search(t, st, c.text))
	}
	p, err := st.Search(ctx, store.SearchQuery{Text: "stoppage", Language: "ru"})
	if err != nil || len(p.Stories) != 0 {
		t.Fatalf("search in ru for an English word = %v, %v", ids(p.Stories), err)
	}
	p, err = st.Search(ctx, store.SearchQuery{Text: "выставка", Language: "ru"})
	if err != nil || len(p.Stories) != 1 {
		t.Fatalf("search in ru = %v, %v", ids(p.Stories), err)
	}
	sameStory(t, "search result is the public story", mustPublic(t, st, ru.ID), p.Stories[0])
}

// testSearchWordForms: a search finds other forms of its words, in
// Russian (cases, the fleeting vowel of "живописец"/"живописца") and in
// English, in stories of either language.
func testSearchWordForms(t *testing.T, st store.Store) {
	ru := draft("Выставка живописца открылась в Москве")
	ru.Language = "ru"
	ru.Standfirst = "Работы художника показывают впервые"
	ru.Body = []news.Block{{Kind: news.Paragraph, Text: "Подарок музею сделали наследники мастера."}}
	ru, _ = createPublished(t, st, ru, at(time.Hour))
	ru2 := draft("Молодой живописец получил премию")
	ru2.Language = "ru"
	ru2.Standfirst = "Награду вручили в Казани"
	ru2.Body = []news.Block{{Kind: news.Paragraph, Text: "Жюри отметило смелость его пейзажей."}}
	ru2, _ = createPublished(t, st, ru2, at(2*time.Hour))
	en := draft("Ferries resume crossings after the storm")
	en.Standfirst = "Operators restarted every running route"
	en.Body = []news.Block{{Kind: news.Paragraph, Text: "The harbour master said the winds had eased."}}
	en, _ = createPublished(t, st, en, at(3*time.Hour))
	cases := []struct {
		text string
		want []*news.Story
	}{
		{"москва", []*news.Story{ru}},               // nominative finds the prepositional "Москве"
		{"МОСКВУ", []*news.Story{ru}},               // any case, any form
		{"живописца", []*news.Story{ru2, ru}},       // genitive finds "живописец" and itself
		{"живописец", []*news.Story{ru2, ru}},       // and the other way round
		{"живописцы москвы", []*news.Story{ru}},     // every word, in any form
		{"подарки", []*news.Story{ru}},              // plural finds the singular "Подарок"
		{"художников", []*news.Story{ru}},           // genitive plural
		{"премии", []*news.Story{ru2}},              // another case of "премию"
		{"ferry", []*news.Story{en}},                // English singular finds the plural
		{"crossing", []*news.Story{en}},             // and plural the singular
		{"operator runs routes", []*news.Story{en}}, // several English forms at once
		{"harbour", []*news.Story{en}},              // a word as it is
		{"живописец ferries", nil},                  // every word is still required
		{"москвичи", nil},                           // a different word with the same start
	}
	for _, c := range cases {
		sameIDs(t, fmt.Sprintf("search %q", c.text), ids(c.want), search(t, st, c.text))
	}
}

// testSummary: lists and searches asked for a summary give the fields
// store.ListQuery names exactly as the full story has them.
func testSummary(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	a := draft("Summary story about lighthouses")
	a.Body = append(a.Body, news.Block{Kind: news.Paragraph, Text: "A \"quoted\" paragraph with <markup> & more."})
	a, _ = createPublished(t, st, a, at(time.Hour))
	change(t, st, a.ID, func(s *news.Story) (*news.Version, error) {
		s.Standfirst = "Updated standfirst of the lighthouse story."
		return s.Publish(at(2*time.Hour), nil, "e")
	})
	full := mustPublic(t, st, a.ID)
	check := func(what string, p store.Page, err error) {
		t.Helper()
		if err != nil || len(p.Stories) != 1 {
			t.Fatalf("%s: %d stories, %v", what, len(p.Stories), err)
		}
		got := p.Stories[0]
		type summary struct {
			ID, Headline, Standfirst, Byline, Section, Language string
			Version, Urgency                                    int
			Status                                              news.Status
			Dateline                                            news.Dateline
			First, Updated                                      time.Time
		}
		sum := func(s *news.Story) summary {
			return summary{s.ID, s.Headline, s.Standfirst, s.Byline, s.Section, s.Language, s.Version,
				s.EffectiveUrgency(), s.Status, s.Dateline, s.FirstPublishedAt.UTC(), s.UpdatedAt.UTC()}
		}
		if w, g := mustJSON(t, sum(full)), mustJSON(t, sum(got)); w != g {
			t.Errorf("%s: summary\n got %s\nwant %s", what, g, w)
		}
	}
	p, err := st.ListPublic(ctx, store.ListQuery{Tag: "portugal", Limit: 5, Summary: true})
	check("list by tag", p, err)
	p, err = st.Search(ctx, store.SearchQuery{Text: "lighthouses", Summary: true})
	check("search", p, err)
}

func mustPublic(t *testing.T, st store.Store, id string) *news.Story {
	t.Helper()
	p, err := st.PublicStory(ctxT(t), id)
	if err != nil {
		t.Fatalf("PublicStory %s: %v", id, err)
	}
	return p
}

func testSearchHostile(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	en, ru, hidden := searchSet(t, st)
	if len(hidden) == 0 {
		t.Fatal("no hidden stories to guard")
	}
	allowed := map[string]bool{en.ID: true, ru.ID: true}
	long := make([]byte, 0, 5000)
	for len(long) < 5000 {
		long = append(long, "strike OR \"NEAR( "...)
	}
	inputs := []string{
		``, ` `, `"`, `""`, `'`, `"unterminated`, `AND`, `OR`, `NOT`, `strike AND`, `OR strike`,
		`NOT strike`, `strike NOT`, `NEAR(harbour strike)`, `NEAR/3`, `*`, `strike*`, `*strike`, `^strike`,
		`^`, `:`, `headline:strike`, `body:`, `{headline body}:strike`, `(((`, `)`, `(strike`, `strike)`,
		`-strike`, `+strike`, `strike -`, `\`, `%`, `_`, `%strike%`, `'; DROP TABLE stories; --`,
		`quokka OR dockworkers`, `zebrafinch*`, "\x00", "strike\x00harbour", "\xff\xfe\xfd", "harbour \xc3\x28 strike",
		`😀 strike 🚢`, `&|!<>`, `a:b:c`, `"strike" "harbour"`, `NEAR("a" "b", 2)`, `rank:1`, `rowid:1`,
		string(long), strings5000(`"`), strings5000(`(`), strings5000(`word `),
	}
	for _, in := range inputs {
		for _, lang := range []string{"", "en"} {
			p, err := st.Search(ctx, store.SearchQuery{Text: in, Language: lang})
			if err != nil {
				t.Fatalf("Search(%.40q) failed: %v", in, err)
			}
			for _, s := range p.Stories {
				if !allowed[s.ID] {
					t.Fatalf("Search(%.40q) returned %s, which is not public", in, describe(s))
				}
			}
		}
	}
}

func strings5000(unit string) string {
	b := make([]byte, 0, 5000)
	for len(b) < 5000 {
		b = append(b, unit...)
	}
	return string(b)
}

func testSearchPagination(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	var pub []*news.Story
	for i := range 11 {
		s := draft(fmt.Sprintf("Lighthouse keeper report %d", i))
		if i%4 == 0 {
			s.Headline = fmt.Sprintf("Report %d", i)
			s.Body = []news.Block{{Kind: news.Paragraph, Text: "The old lighthouse was repainted."}}
		}
		s, _ = createPublished(t, st, s, at(time.Duration(i/2)*time.Minute))
		pub = append(pub, s)
	}
	createPublished(t, st, draft("Unrelated harbour news"), at(time.Minute))
	want := newestFirst(pub)
	for _, limit := range []int{1, 3, 4, 11, 50} {
		got := allPages(t, limit, func(before *store.Cursor) (store.Page, error) {
			return st.Search(ctx, store.SearchQuery{Text: "lighthouse", Before: before, Limit: limit})
		})
		sameSetNewestFirst(t, fmt.Sprintf("search pages of %d", limit), pub, want, got)
	}
	p, err := st.Search(ctx, store.SearchQuery{Text: "lighthouse"})
	if err != nil || len(p.Stories) != 11 || p.Next != nil {
		t.Fatalf("default limit: %d stories, next %v, %v", len(p.Stories), p.Next, err)
	}
	p, err = st.Search(ctx, store.SearchQuery{Text: "  "})
	if err != nil || len(p.Stories) != 0 || p.Next != nil {
		t.Fatalf("blank search: %+v, %v", p, err)
	}
}

func testLastPublicChange(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	check := func(name string, want time.Time) {
		t.Helper()
		got, err := st.LastPublicChange(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !got.Equal(want) {
			t.Fatalf("%s: LastPublicChange = %v, want %v", name, got, want)
		}
	}
	check("empty store", time.Time{})
	d := create(t, st, draft("Just a draft"))
	check("draft only", time.Time{})
	a, _ := createPublished(t, st, draft("First"), at(time.Hour))
	check("one published", at(time.Hour))
	createPublished(t, st, draft("Second, earlier"), at(30*time.Minute))
	check("an older story does not move it back", at(time.Hour))
	change(t, st, a.ID, func(s *news.Story) (*news.Version, error) {
		return s.Correct(at(2*time.Hour), "Fixed a date.", "e")
	})
	check("correction", at(2*time.Hour))
	change(t, st, d.ID, func(s *news.Story) (*news.Version, error) { return nil, s.Edit(draft("Edited draft"), at(5*time.Hour)) })
	check("draft save", at(2*time.Hour))
	change(t, st, a.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(at(3*time.Hour), "legal", "", nil, "e") })
	check("kill", at(3*time.Hour))
}

// testKillAfterWithhold: a story that was public, then withheld, then
// killed answers as killed (the site says 410 Gone), without its text.
func testKillAfterWithhold(t *testing.T, st store.Store) {
	ctx := ctxT(t)
	s, _ := createPublished(t, st, draft("Public, withheld, then killed"), at(time.Hour))
	change(t, st, s.ID, func(s *news.Story) (*news.Version, error) { return s.Withhold(at(2*time.Hour), "legal", nil, "e") })
	change(t, st, s.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(at(3*time.Hour), "legal", "", nil, "e") })
	k, err := st.PublicStory(ctx, s.ID)
	if err != nil {
		t.Fatalf("PublicStory of a killed story: %v", err)
	}
	if k.Status != news.StatusKilled || len(k.Body) != 0 || k.Standfirst != "" || k.Version != 3 {
		t.Fatalf("killed story: %s v%d standfirst %q body %+v", k.Status, k.Version, k.Standfirst, k.Body)
	}
	if len(listed(t, st, store.ListQuery{})) != 0 || len(search(t, st, "withheld")) != 0 {
		t.Fatal("a killed story is listed or found")
	}
}

// sameSetNewestFirst checks that got holds exactly the ids of want, each
// once, in non-increasing order of first publication (to the second).
// Search may order stories first published in the same second as its
// index likes.
func sameSetNewestFirst(t *testing.T, what string, stories []*news.Story, want, got []string) {
	t.Helper()
	first := map[string]time.Time{}
	for _, s := range stories {
		first[s.ID] = s.FirstPublishedAt.Truncate(time.Second)
	}
	seen := map[string]bool{}
	for i, id := range got {
		if seen[id] {
			t.Fatalf("%s: %s twice", what, id)
		}
		seen[id] = true
		if i > 0 && first[got[i-1]].Before(first[id]) {
			t.Fatalf("%s: %s after the older %s", what, id, got[i-1])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d stories, want %d", what, len(got), len(want))
	}
	for _, id := range want {
		if !seen[id] {
			t.Fatalf("%s: %s missing", what, id)
		}
	}
}
