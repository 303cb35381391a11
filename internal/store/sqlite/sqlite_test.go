package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/storetest"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "dateline.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

var base = time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)

// story returns a valid draft; published ones are made with the domain.
func story(i int, headline string) *news.Story {
	return &news.Story{
		ID: news.NewID(base), Revision: 1, Status: news.StatusDraft, Language: "en",
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
	v, err := s.Publish(at, nil, "importer")
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

func TestOpenCreatesFolderAndSetsPragmas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b", "dateline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Fatalf("Path = %q", db.Path())
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file: %v", err)
	}
	for _, c := range []struct {
		pragma, want string
	}{
		{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"busy_timeout", busyTimeoutMS},
	} {
		var got string
		if err := db.w.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("writer PRAGMA %s = %s, want %s", c.pragma, got, c.want)
		}
	}
	var qo string
	if err := db.r.QueryRowContext(ctx, "PRAGMA query_only").Scan(&qo); err != nil || qo != "1" {
		t.Fatalf("reader query_only = %q, %v", qo, err)
	}
	if _, err := db.r.ExecContext(ctx, "DELETE FROM stories"); err == nil {
		t.Fatal("a reader connection could write")
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesBadPath(t *testing.T) {
	for _, p := range []string{"", filepath.Join(t.TempDir(), "x?mode=ro.db"), filepath.Join(t.TempDir(), "x#y.db")} {
		if db, err := Open(context.Background(), p); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dateline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s, v := published(t, story(1, "Grain ships wait outside the port"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	got, err := db.PublicStory(ctx, s.ID)
	if err != nil || got.Headline != s.Headline {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	p, err := db.Search(ctx, store.SearchQuery{Text: "port"})
	if err != nil || len(p.Stories) != 1 {
		t.Fatalf("search after reopen: %d, %v", len(p.Stories), err)
	}
	var n int
	if err := db.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_version").Scan(&n); err != nil || n != SchemaVersion() {
		t.Fatalf("schema_version rows = %d, %v; want %d (migrations applied once)", n, err, SchemaVersion())
	}
	if seq, _ := db.LastSeq(ctx); seq != 1 {
		t.Fatalf("LastSeq after reopen = %d", seq)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dateline.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, "INSERT INTO schema_version(version, applied_at) VALUES (?, 0)", SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, path)
	if err == nil {
		t.Fatal("opened a database with a newer schema")
	}
	want := fmt.Sprintf("schema is version %d but this dateline knows only up to %d", SchemaVersion()+1, SchemaVersion())
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q does not say %q and name the file", err, want)
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
}

func TestVersionsAndEventsImmutable(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	s, v := published(t, story(1, "Immutable"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"UPDATE versions SET note = 'x'", "DELETE FROM versions", "UPDATE events SET action = 'kill'",
	} {
		if _, err := db.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: err = %v, want refusal", q, err)
		}
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	var want []string
	for i := range 50 {
		s, v := published(t, story(i, fmt.Sprintf("Backup story %d", i)), base.Add(time.Duration(i)*time.Second))
		if err := db.CreateStory(ctx, s, v); err != nil {
			t.Fatal(err)
		}
		want = append(want, s.ID)
	}
	// Writes go on while the backup runs.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 50; i < 100; i++ {
			s, v := published(t, story(i, "Written meanwhile"), base.Add(time.Hour))
			if err := db.CreateStory(ctx, s, v); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	target := filepath.Join(t.TempDir(), "backup.db")
	err := db.Backup(ctx, target)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := db.Backup(ctx, target); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	b, err := Open(ctx, target)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer b.Close()
	if err := b.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range want {
		if _, err := b.PublicStory(ctx, id); err != nil {
			t.Fatalf("backup lacks %s: %v", id, err)
		}
	}
	p, err := b.Search(ctx, store.SearchQuery{Text: "backup story", Limit: 100})
	if err != nil || len(p.Stories) != 50 {
		t.Fatalf("search in backup: %d, %v", len(p.Stories), err)
	}
	// The backup is consistent: the change log matches the stories.
	seq, _ := b.LastSeq(ctx)
	var n int64
	if err := b.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM stories").Scan(&n); err != nil || n != seq {
		t.Fatalf("backup has %d stories and %d events", n, seq)
	}
}

func TestCreateStories(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
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
	if seq, _ := db.LastSeq(ctx); seq != 4 {
		t.Fatalf("LastSeq = %d, want 4", seq)
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
}

// BenchmarkBulkImport stores as many stories as the Reuters-21578 corpus
// has, published, in batches of 1000, into a fresh database per
// iteration: go test -run '^$' -bench BulkImport ./internal/store/sqlite
func BenchmarkBulkImport(b *testing.B) {
	ctx := context.Background()
	const total, batch = 21578, 1000
	for b.Loop() {
		b.StopTimer()
		db := openTemp(b)
		b.StartTimer()
		for i := 0; i < total; i += batch {
			var ss []*news.Story
			var vs []*news.Version
			for j := i; j < min(i+batch, total); j++ {
				s, v := published(b, story(j, fmt.Sprintf("Bulk story %d on grain", j)), base.Add(time.Duration(j)*time.Second))
				ss, vs = append(ss, s), append(vs, v)
			}
			if _, _, err := db.CreateStories(ctx, ss, vs); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		p, err := db.Search(ctx, store.SearchQuery{Text: "grain"})
		if err != nil || len(p.Stories) != 20 || p.Next == nil {
			b.Fatalf("search over the bulk: %d, %v", len(p.Stories), err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "stories/s")
}

func TestMatchExpr(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{`"*^:()`, ""},
		{"strike", `"strike"`},
		{"Harbour strikes", `"harbour" AND "strike"`},
		{`headline:strike OR NOT "x`, `"headlin" AND "strike" AND "or" AND "not" AND "x"`},
		{"NEAR(a b, 3)", `"near" AND "a" AND "b" AND "3"`},
		{"выставка книг", `"выставк" AND "книг"`},
		{"caf\u0065\u0301", "\"caf\u0065\u0301\""},
		{"bad \xff utf8", `"bad" AND "utf8"`},
		{"o'brien", `"o" AND "brien"`},
	}
	for _, c := range cases {
		if got := matchExpr(c.in); got != c.want {
			t.Errorf("matchExpr(%q) = %s, want %s", c.in, got, c.want)
		}
	}
	if got := matchExpr(strings.Repeat("w ", 100)); strings.Count(got, `"w"`) != searchMaxWords {
		t.Errorf("100 words gave %d terms, want %d", strings.Count(got, `"w"`), searchMaxWords)
	}
}

// FuzzSearch checks that no user text makes a search fail.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"", "strike", `"`, "NEAR(a b)", "a OR b", "x*", "^x", "a:b", "(", "\xff", "выставка"} {
		f.Add(s)
	}
	db := openTemp(f)
	ctx := context.Background()
	s, v := published(f, story(1, "Harbour strike halts grain exports"), base)
	if err := db.CreateStory(ctx, s, v); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := db.Search(ctx, store.SearchQuery{Text: text}); err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
	})
}

func BenchmarkCreateStories(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
	const batch = 1000
	n := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		var ss []*news.Story
		var vs []*news.Version
		for range batch {
			s, v := published(b, story(n, fmt.Sprintf("Benchmark story %d", n)), base.Add(time.Duration(n)*time.Second))
			ss, vs = append(ss, s), append(vs, v)
			n++
		}
		b.StartTimer()
		if _, _, err := db.CreateStories(ctx, ss, vs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db := openTemp(b)
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
	if _, _, err := db.CreateStories(ctx, ss, vs); err != nil {
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
