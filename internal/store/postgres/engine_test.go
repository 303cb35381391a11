package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

var base = time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)

// story returns a valid draft; published ones are made with the domain.
func story(i int, headline string) *news.Story {
	return &news.Story{
		// A millisecond apart: 21578 ids made in one millisecond share 48
		// bits and collide in their 32 random bits about once in 20 runs.
		ID: news.NewID(base.Add(time.Duration(i) * time.Millisecond)), Revision: 1, Status: news.StatusDraft, Language: "en",
		Headline:   headline,
		Standfirst: fmt.Sprintf("Standfirst of story %d.", i),
		Body: []news.Block{
			{Kind: news.Paragraph, Text: fmt.Sprintf("Paragraph one of story %d about grain shipments and port fees.", i)},
			{Kind: news.Paragraph, Text: "Traders expect prices to ease as harvests come in across the region."},
		},
		Section: "economy", Tags: []string{"grain", fmt.Sprintf("tag%d", i%10)},
		CreatedAt: base, ModifiedAt: base, Source: fmt.Sprintf("test:%d", i),
	}
}

func published(t testing.TB, s *news.Story, at time.Time) (*news.Story, *news.Version) {
	t.Helper()
	v, err := s.Publish(at, nil, "importer")
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestNewerSchemaRefused(t *testing.T) {
	u := freshDatabase(t)
	ctx := context.Background()
	db, err := Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, "INSERT INTO schema_version (version) VALUES (99)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, u)
	if err == nil {
		t.Fatal("Open accepted a database with a newer schema")
	}
	for _, want := range []string{"version 99", fmt.Sprintf("only up to %d", SchemaVersion()), "newer dateline"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestConcurrentMigrators starts several nodes on one empty database at
// once: the advisory lock lets each migration run once, and all start.
func TestConcurrentMigrators(t *testing.T) {
	u := freshDatabase(t)
	ctx := context.Background()
	const nodes = 6
	errs := make(chan error, nodes)
	for range nodes {
		go func() {
			db, err := Open(ctx, u)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatalf("node failed to start: %v", err)
		}
	}
	db := openURL(t, u)
	var n, maxV int
	if err := db.pool.QueryRow(ctx, "SELECT count(*), max(version) FROM schema_version").Scan(&n, &maxV); err != nil {
		t.Fatal(err)
	}
	if n != SchemaVersion() || maxV != SchemaVersion() {
		t.Fatalf("schema_version has %d rows up to %d; want %d", n, maxV, SchemaVersion())
	}
}

// TestDownAtStart points Open at a port where nothing listens: it retries
// for its budget and then says what is wrong. It needs no server. It runs
// in a synctest bubble, so the retries wait on the bubble's clock.
func TestDownAtStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := OpenWith(context.Background(), "postgres://dateline:hunter2@127.0.0.1:1/dateline?sslmode=disable&connect_timeout=1",
			Options{Retry: 1500 * time.Millisecond})
		took := time.Since(start)
		if err == nil {
			t.Fatal("Open succeeded with no server")
		}
		msg := err.Error()
		// Waits of 100, 200, 400 and 800ms: five attempts in 1.5s.
		for _, want := range []string{"cannot reach the server", "127.0.0.1:1", "after 5 attempts in 1.5s", "is PostgreSQL running"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not say %q", msg, want)
			}
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("error shows the password: %s", msg)
		}
		if took != 1500*time.Millisecond {
			t.Errorf("gave up after %v; want the 1.5s budget", took)
		}

		// A cancelled context stops the retries.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start = time.Now()
		if _, err := OpenWith(ctx, "postgres://127.0.0.1:1/x?sslmode=disable", Options{}); err == nil {
			t.Fatal("Open succeeded with no server")
		}
		if took := time.Since(start); took != 300*time.Millisecond {
			t.Errorf("Open gave up after %v; want when its context ended, at 300ms", took)
		}
	})

	if _, err := Open(context.Background(), "postgres://u:s3cret@host:99999999/%zz"); err == nil ||
		!strings.Contains(err.Error(), "bad database URL") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("bad URL: %v", err)
	}
}

// TestUnknownDatabase: a server that answers "no such database" is not
// down; Open fails at once, saying so.
func TestUnknownDatabase(t *testing.T) {
	u := freshDatabase(t)
	u = strings.Replace(u, "/dl_test_", "/dl_missing_", 1)
	var logs strings.Builder
	_, err := OpenWith(context.Background(), u, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("Open of a missing database: %v", err)
	}
	if strings.Contains(logs.String(), "retrying") {
		t.Fatalf("Open retried a permanent error:\n%s", logs.String())
	}
}

// TestListen: a change committed through one node reaches a listener on
// another node's connection.
func TestListen(t *testing.T) {
	u := freshDatabase(t)
	nodeA, nodeB := openURL(t, u), openURL(t, u)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan int64, 16)
	done := make(chan error, 1)
	go func() { done <- nodeA.Listen(ctx, func(seq int64) { got <- seq }) }()
	waitListening(t, nodeB)

	// A draft is no public change: no notification.
	if err := nodeB.CreateStory(ctx, story(1, "Draft only"), nil); err != nil {
		t.Fatal(err)
	}
	s, v := published(t, story(2, "Published on node B"), base)
	if err := nodeB.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-got:
		if seq != 1 {
			t.Fatalf("notified seq %d, want 1", seq)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification within 5s")
	}
	// A rolled-back change sends nothing.
	boom := errors.New("changed its mind")
	if _, err := nodeB.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
		if _, err := s.Correct(base.Add(time.Hour), "note", "e"); err != nil {
			return nil, err
		}
		return nil, boom
	}); err != boom {
		t.Fatal(err)
	}
	if _, err := nodeB.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
		return s.Correct(base.Add(time.Hour), "note", "e")
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-got:
		if seq != 2 {
			t.Fatalf("notified seq %d, want 2", seq)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification within 5s")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Listen returned %v, want context.Canceled", err)
	}
}

// TestListenReconnects kills the listening connection from the server
// side: Listen reconnects and reports the newest seq.
func TestListenReconnects(t *testing.T) {
	u := freshDatabase(t)
	db := openURL(t, u)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan int64, 16)
	go db.Listen(ctx, func(seq int64) { got <- seq })
	waitListening(t, db)
	s, v := published(t, story(1, "Before the cut"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-got:
		if seq != 1 {
			t.Fatalf("seq %d", seq)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no notification within 10s")
	}
	if _, err := db.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-got:
		if seq != 1 {
			t.Fatalf("after reconnect: seq %d, want 1", seq)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Listen did not reconnect within 10s")
	}
}

// waitListening waits until some session of the test database is
// LISTENing, so that a change made next is not missed.
func waitListening(t *testing.T, db *DB) {
	t.Helper()
	for range 200 {
		var n int
		// idle: the LISTEN statement has finished, so it is in effect.
		if err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE 'LISTEN%' AND state = 'idle'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("Listen did not start listening within 5s")
}

// TestChangeLogDense runs 8 writers on two nodes at once, mixing single
// changes, rolled-back changes, failed inserts and batch imports, while a
// subscriber follows the log: the log ends dense from 1, every committed
// change in it once, and the follower never saw a gap.
func TestChangeLogDense(t *testing.T) {
	u := freshDatabase(t)
	nodes := []*DB{openURL(t, u), openURL(t, u)}
	ctx := context.Background()
	const writers, rounds = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	stop := make(chan struct{})
	followed := make(chan []int64, 1)
	go func() { // a subscriber reading the log as it grows
		var seen []int64
		after := int64(0)
		for {
			ev, err := nodes[1].Changes(ctx, after, 50)
			if err != nil {
				errs <- err
				break
			}
			for _, e := range ev {
				seen = append(seen, e.Seq)
				after = e.Seq
			}
			if len(ev) == 0 {
				select {
				case <-stop:
					followed <- seen
					return
				default:
				}
			}
		}
		followed <- seen
	}()
	boom := errors.New("rolled back on purpose")
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := nodes[w%2]
			for r := range rounds {
				n := w*1000 + r
				switch r % 4 {
				case 0, 1: // publish a new story, then correct it
					s, v := published(t, story(n, "Dense log story"), base.Add(time.Duration(n)*time.Second))
					if err := db.CreateStory(ctx, s, v); err != nil {
						errs <- err
						return
					}
					if _, err := db.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
						return s.Correct(base.Add(time.Hour), "fixed", "e")
					}); err != nil {
						errs <- err
						return
					}
				case 2: // a change that rolls back, and a failed insert
					s, v := published(t, story(n, "Rolled back"), base)
					if err := db.CreateStory(ctx, s, v); err != nil {
						errs <- err
						return
					}
					if _, err := db.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
						if _, err := s.Correct(base.Add(time.Hour), "x", "e"); err != nil {
							return nil, err
						}
						return nil, boom
					}); err != boom {
						errs <- fmt.Errorf("want boom, got %v", err)
						return
					}
					if _, err := db.UpdateStory(ctx, s.ID, func(s *news.Story) (*news.Version, error) {
						return &news.Version{StoryID: s.ID, Number: 1, Action: news.ActionUpdate, At: base, Story: *s.Clone()}, nil
					}); err == nil {
						errs <- errors.New("a second version 1 was stored")
						return
					}
				case 3: // a small batch
					var ss []*news.Story
					var vs []*news.Version
					for j := range 5 {
						s, v := published(t, story(n*10+j, "Batch"), base)
						ss, vs = append(ss, s), append(vs, v)
					}
					if _, _, err := db.CreateStories(ctx, ss, vs); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	seen := <-followed
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Per writer: 6 rounds of 2 events, 3 of 1, 3 of 5.
	want := writers * (6*2 + 3*1 + 3*5)
	ev, err := nodes[0].Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != want {
		t.Fatalf("%d events, want %d", len(ev), want)
	}
	for i, e := range ev {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d: the log has a gap", i, e.Seq)
		}
	}
	for i, s := range seen {
		if s != int64(i+1) {
			t.Fatalf("the follower saw seq %d at position %d: it skipped", s, i)
		}
	}
	if last, _ := nodes[0].LastSeq(ctx); last != int64(want) {
		t.Fatalf("LastSeq %d, want %d", last, want)
	}
}

func TestSearchLanguages(t *testing.T) {
	db := openFresh(t)
	ctx := context.Background()
	en := story(1, "Ferry services resume after the storm")
	en.Body = []news.Block{{Kind: news.Paragraph, Text: "The ferries were running again on Tuesday, operators said."}}
	en, v := published(t, en, base)
	if err := db.CreateStory(ctx, en, v); err != nil {
		t.Fatal(err)
	}
	ru := story(2, "В Москве открылась выставка редких книг")
	ru.Language = "ru"
	ru.Standfirst = "Экспозиция продлится до весны"
	ru.Body = []news.Block{{Kind: news.Paragraph, Text: "Посетители увидят рукописи пятнадцатого века."}}
	ru, v = published(t, ru, base.Add(time.Minute))
	if err := db.CreateStory(ctx, ru, v); err != nil {
		t.Fatal(err)
	}
	de := story(3, "Die Fähre fährt wieder")
	de.Language = "de"
	de, v = published(t, de, base.Add(2*time.Minute))
	if err := db.CreateStory(ctx, de, v); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		text, lang string
		want       []*news.Story
	}{
		{"ferry", "", []*news.Story{en}},           // the headline as written
		{"ferries", "", []*news.Story{en}},         // English stemming
		{"resumed", "en", []*news.Story{en}},       // English stemming, in en
		{"the storm", "", []*news.Story{en}},       // a stop word is not required
		{"выставки", "", []*news.Story{ru}},        // Russian stemming: выставка
		{"выставку", "ru", []*news.Story{ru}},      // another case form
		{"посетителя", "", []*news.Story{ru}},      // посетители
		{"книга", "ru", []*news.Story{ru}},         // книг
		{"ВЫСТАВКА Москве", "", []*news.Story{ru}}, // any case, every word
		{"выставка", "en", nil},                    // language filter
		{"Fähre", "", []*news.Story{de}},           // simple configuration, as written
		{"fähre", "de", []*news.Story{de}},
		{"ferry выставка", "", nil}, // every word is required
	}
	for _, c := range cases {
		p, err := db.Search(ctx, store.SearchQuery{Text: c.text, Language: c.lang})
		if err != nil {
			t.Fatalf("Search(%q, %q): %v", c.text, c.lang, err)
		}
		var want, got []string
		for _, s := range c.want {
			want = append(want, s.ID)
		}
		for _, s := range p.Stories {
			got = append(got, s.ID)
		}
		if !slices.Equal(want, got) {
			t.Errorf("Search(%q, %q) = %v, want %v", c.text, c.lang, got, want)
		}
	}
}

func TestCreateStories(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	pre := story(0, "Stored before the batch")
	if err := db.CreateStory(ctx, pre, nil); err != nil {
		t.Fatal(err)
	}
	var stories []*news.Story
	var versions []*news.Version
	for i := range 10 {
		s := story(i, fmt.Sprintf("Batch story %d", i))
		var v *news.Version
		if i%2 == 0 {
			s, v = published(t, s, base.Add(time.Duration(i)*time.Minute))
		}
		stories, versions = append(stories, s), append(versions, v)
	}
	// Index 0 has the source of pre; index 9 repeats index 3's source.
	stories[9].Source = stories[3].Source
	created, dup, err := db.CreateStories(ctx, stories, versions)
	if err != nil {
		t.Fatal(err)
	}
	if created != 8 || fmt.Sprint(dup) != "[0 9]" {
		t.Fatalf("created %d, dup %v; want 8, [0 9]", created, dup)
	}
	p, err := db.ListPublic(ctx, store.ListQuery{})
	if err != nil || len(p.Stories) != 4 {
		t.Fatalf("public after batch: %d, %v; want 4 (2, 4, 6, 8)", len(p.Stories), err)
	}
	ev, err := db.Changes(ctx, 0, 100)
	if err != nil || len(ev) != 4 {
		t.Fatalf("events after batch: %d, %v", len(ev), err)
	}
	for i, e := range ev { // in batch order
		if e.Seq != int64(i+1) || e.StoryID != stories[2+2*i].ID {
			t.Fatalf("event %d: seq %d story %s, want %d %s", i, e.Seq, e.StoryID, i+1, stories[2+2*i].ID)
		}
	}
	ps, err := db.Search(ctx, store.SearchQuery{Text: "batch"})
	if err != nil || len(ps.Stories) != 4 {
		t.Fatalf("search after batch: %d, %v", len(ps.Stories), err)
	}
	// Any other error rolls the whole batch back.
	a, b := story(20, "New one"), story(21, "Reuses an id")
	b.ID = stories[1].ID
	if _, _, err := db.CreateStories(ctx, []*news.Story{a, b}, nil); err == nil {
		t.Fatal("a batch with a taken id succeeded")
	}
	if _, err := db.Story(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a failed batch kept a story: %v", err)
	}
	if _, _, err := db.CreateStories(ctx, []*news.Story{a}, []*news.Version{nil, nil}); err == nil {
		t.Fatal("mismatched versions accepted")
	}
	if n, dup, err := db.CreateStories(ctx, nil, nil); n != 0 || dup != nil || err != nil {
		t.Fatalf("empty batch: %d %v %v", n, dup, err)
	}
}

// TestOddText stores text PostgreSQL refuses as such (NUL bytes) and very
// long bodies: they are stored and found, not errors.
func TestOddText(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	s := story(1, "Nul\x00byte in the headline")
	s.Tags = []string{"a\x00b"}
	s.Author = "x\x00y"
	long := strings.Repeat("lighthouse keeper notes the weather ", 500) // 100 blocks of 18 KB
	s.Body = nil
	for range 100 {
		s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: long})
	}
	s, v := published(t, s, base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	got, err := db.Story(ctx, s.ID)
	if err != nil || got.Headline != s.Headline || len(got.Body) != 100 || got.Body[99].Text != long {
		t.Fatalf("round trip: %v", err)
	}
	p, err := db.Search(ctx, store.SearchQuery{Text: "lighthouse byte"})
	if err != nil || len(p.Stories) != 1 {
		t.Fatalf("search: %d, %v", len(p.Stories), err)
	}
}

func TestVersionsAndEventsImmutable(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	s, v := published(t, story(1, "Immutable"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE versions SET note = 'x'", "DELETE FROM versions", "UPDATE events SET version = 9", "DELETE FROM events"} {
		if _, err := db.pool.Exec(ctx, q); err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := openFresh(t)
	s, v := published(t, story(1, "Backed up"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dateline.dump")
	if err := db.Backup(ctx, path); err != nil {
		if strings.Contains(err.Error(), "not installed") {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 100 || string(b[:5]) != "PGDMP" {
		t.Fatalf("backup file: %d bytes, %v", len(b), err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file is %v, want 0600: it holds drafts and webhook secrets", fi.Mode().Perm())
	}
	if err := db.Backup(ctx, path); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("overwrote a backup: %v", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

// FuzzSearch checks that no user text makes a search fail.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", "strike", `"`, "NEAR(a b)", "a OR b", "x*", "^x", "a:b", "(", "\xff", "выставка", "a & !b | c <-> d", "'x':*"} {
		f.Add(s)
	}
	db := openFresh(f)
	ctx := context.Background()
	s, v := published(f, story(1, "Harbour strike halts grain exports"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"", "en", "ru", "x"} {
			if _, err := db.Search(ctx, store.SearchQuery{Text: text, Language: lang}); err != nil {
				t.Fatalf("Search(%q, %q): %v", text, lang, err)
			}
		}
	})
}

// importBatches stores stories from..to-1, published, in batches and
// returns how long the CreateStories calls took.
func importBatches(t testing.TB, db *DB, from, to, batch int) time.Duration {
	ctx := context.Background()
	var took time.Duration
	for i := from; i < to; i += batch {
		var ss []*news.Story
		var vs []*news.Version
		for j := i; j < min(i+batch, to); j++ {
			s, v := published(t, story(j, fmt.Sprintf("Bulk story %d on grain", j)), base.Add(time.Duration(j)*time.Second))
			ss, vs = append(ss, s), append(vs, v)
		}
		start := time.Now()
		created, _, err := db.CreateStories(ctx, ss, vs)
		if err != nil {
			t.Fatal(err)
		}
		if created != len(ss) {
			t.Fatalf("stored %d of %d", created, len(ss))
		}
		took += time.Since(start)
	}
	return took
}

func BenchmarkCreateStories(b *testing.B) {
	db := openFresh(b)
	const batch = 1000
	n := 0
	var took time.Duration
	for b.Loop() {
		took += importBatches(b, db, n, n+batch, batch)
		n += batch
	}
	b.ReportMetric(float64(n)/took.Seconds(), "stories/s")
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db := openFresh(b)
	var ss []*news.Story
	var vs []*news.Version
	for i := range 20000 {
		h := fmt.Sprintf("Story %d about shipping", i)
		if i%100 == 0 {
			h = fmt.Sprintf("Story %d about a rare lighthouse", i)
		}
		s, v := published(b, story(i, h), base.Add(time.Duration(i)*time.Second))
		ss, vs = append(ss, s), append(vs, v)
	}
	for i := 0; i < len(ss); i += 1000 {
		if _, _, err := db.CreateStories(ctx, ss[i:i+1000], vs[i:i+1000]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.pool.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"lighthouse", "grain", "harvests region", "nothingmatches"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := db.Search(ctx, store.SearchQuery{Text: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || SchemaVersion() != len(ms) {
		t.Fatalf("%d migrations, SchemaVersion %d", len(ms), SchemaVersion())
	}
	for i, m := range ms {
		if m.Version != i+1 || strings.TrimSpace(m.SQL) == "" {
			t.Fatalf("migration %d is %s (version %d)", i+1, m.Name, m.Version)
		}
	}
}

// TestPingAfterClose: a store whose connections are gone is not ready.
func TestPingAfterClose(t *testing.T) {
	db := openFresh(t)
	ctx := context.Background()
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil {
		t.Fatal("Ping of a closed store succeeded")
	}
}

// TestUnavailable: errors of an unreachable server are told apart from
// errors of the request, so the web layer can answer 503.
func TestUnavailable(t *testing.T) {
	_, err := OpenWith(context.Background(), "postgres://127.0.0.1:1/x?sslmode=disable", Options{Retry: -1})
	if err == nil {
		t.Fatal("Open succeeded with no server")
	}
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Unavailable(%v) = false", err)
	}
	db := openFresh(t)
	ctx := context.Background()
	_, err = db.Story(ctx, "nope")
	if errors.Is(err, store.ErrUnavailable) || !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a missing story counts as unavailable: %v", err)
	}
	_, err = db.pool.Exec(ctx, "SELECT * FROM no_such_table")
	if err == nil || errors.Is(err, store.ErrUnavailable) {
		t.Errorf("a bad query counts as unavailable: %v", err)
	}
	// The server ends our connections: the first query after may fail,
	// as unavailable; the pool then reconnects.
	if _, err := db.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err = db.Story(ctx, "nope"); errors.Is(err, store.ErrNotFound) {
			return
		}
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("error after the server cut the connection is not unavailable: %v", err)
		}
	}
	t.Fatalf("the pool did not recover: %v", err)
}
