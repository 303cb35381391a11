package storygen

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

func testOptions(seed uint64, n int) Options {
	end := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return Options{Seed: seed, Count: n, Start: end.AddDate(-5, 0, 0), End: end}
}

// TestSizes checks every bound the package promises over many stories.
func TestSizes(t *testing.T) {
	const n = 2000
	g := New(testOptions(1, n))
	var ru, subheads, quotes int
	var last time.Time
	styles := map[news.Style]bool{}
	sections := map[string]bool{}
	for i := 0; i < n; i++ {
		s, v, err := g.Next()
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 1 || v.Action != news.ActionPublish || s.Status != news.StatusPublished {
			t.Fatalf("story %d: version %d %s, status %s; want a first publish", i, v.Number, v.Action, s.Status)
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("story %d: %v", i, err)
		}
		if at := *s.FirstPublishedAt; at.Before(last) {
			t.Fatalf("story %d published at %s, before the previous one (%s)", i, at, last)
		} else {
			last = at
		}
		if hl := utf8.RuneCountInString(s.Headline); hl < 50 || hl > 110 {
			t.Errorf("story %d: headline of %d characters: %q", i, hl, s.Headline)
		}
		if sf := utf8.RuneCountInString(s.Standfirst); sf < 150 || sf > 250 {
			t.Errorf("story %d: standfirst of %d characters: %q", i, sf, s.Standfirst)
		}
		paras, words := 0, 0
		for _, b := range s.Body {
			switch b.Kind {
			case news.Paragraph:
				paras++
				words += len(strings.Fields(b.Text))
				if strings.ContainsAny(b.Text, "\u201c\u00ab") {
					quotes++
				}
			case news.Subheading:
				subheads++
			}
		}
		if paras < 5 || paras > 15 {
			t.Errorf("story %d: %d paragraphs", i, paras)
		}
		// Paragraphs end on a whole sentence, so a body may run a
		// sentence or so per paragraph over its target.
		if words < 300 || words > 900+paras*30 {
			t.Errorf("story %d: %d words", i, words)
		}
		if len(s.Tags) < 2 || len(s.Tags) > 6 {
			t.Errorf("story %d: %d tags", i, len(s.Tags))
		}
		if s.Language == "ru" {
			ru++
			if !strings.ContainsFunc(s.Headline, func(r rune) bool { return r >= 0x400 && r <= 0x4ff }) {
				t.Errorf("story %d is in Russian but its headline is not Cyrillic: %q", i, s.Headline)
			}
		}
		if s.Dateline.Display() == "" || s.Dateline.Text != s.Dateline.Format() {
			t.Errorf("story %d: dateline %+v", i, s.Dateline)
		}
		styles[s.Dateline.Style] = true
		sections[s.Section] = true
	}
	if ru < n*3/100 || ru > n*7/100 {
		t.Errorf("%d of %d stories in Russian; want about 5%%", ru, n)
	}
	if subheads == 0 || quotes == 0 {
		t.Errorf("%d subheadings and %d quotes in %d stories; want some of each", subheads, quotes, n)
	}
	if len(styles) < 5 || len(sections) < 8 {
		t.Errorf("only %d dateline styles and %d sections used", len(styles), len(sections))
	}
}

// TestSeeded checks that the same seed makes the same copy and another
// seed different copy.
func TestSeeded(t *testing.T) {
	copyOf := func(seed uint64) []string {
		g := New(testOptions(seed, 50))
		var out []string
		for range 50 {
			s, _, err := g.Next()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s.Headline+"|"+s.Standfirst+"|"+s.Text()+"|"+strings.Join(s.Tags, ","))
		}
		return out
	}
	a, b, c := copyOf(7), copyOf(7), copyOf(8)
	if !reflect.DeepEqual(a, b) {
		t.Error("seed 7 made different stories on two runs")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 7 and 8 made the same stories")
	}
}

// TestFill stores generated stories in a real SQLite database and reads
// them back through the public listing and search.
func TestFill(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bench.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 2500
	var calls []int
	got, err := Fill(ctx, db, New(testOptions(3, n)), n, 1000, func(done int) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	if got != n || !reflect.DeepEqual(calls, []int{1000, 2000, 2500}) {
		t.Fatalf("Fill stored %d with progress %v; want %d with [1000 2000 2500]", got, calls, n)
	}
	page, err := db.ListPublic(ctx, store.ListQuery{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Stories) != 5 {
		t.Fatalf("listing returned %d stories, want 5", len(page.Stories))
	}
	for _, w := range []string{"pipeline", "правительство"} {
		res, err := db.Search(ctx, store.SearchQuery{Text: w, Limit: 5})
		if err != nil {
			t.Fatalf("search %q: %v", w, err)
		}
		if len(res.Stories) == 0 {
			t.Errorf("search %q found nothing in %d stories", w, n)
		}
	}
	// A second fill with the same seed makes the same sources: all are
	// duplicates and nothing new is stored.
	again, err := Fill(ctx, db, New(testOptions(3, 100)), 100, 1000, nil)
	if err != nil || again != 0 {
		t.Fatalf("refill stored %d (err %v); want 0 duplicates stored", again, err)
	}
}

func BenchmarkNext(b *testing.B) {
	g := New(testOptions(1, b.N))
	size := 0
	for b.Loop() {
		s, _, err := g.Next()
		if err != nil {
			b.Fatal(err)
		}
		size += len(s.Text())
	}
	b.ReportMetric(float64(size)/float64(b.N), "bytes/story")
}
