package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

// BenchmarkLargeArchive measures uncached renders over an archive of
// DATELINE_BENCH_STORIES stories (skipped when unset), e.g.
//
//	DATELINE_BENCH_STORIES=100000 go test -run XXX -bench LargeArchive -benchtime 200x ./internal/web
func BenchmarkLargeArchive(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("DATELINE_BENCH_STORIES"))
	if n <= 0 {
		b.Skip("set DATELINE_BENCH_STORIES to the archive size")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "big.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var some string
	for i := 0; i < n; i += 1000 {
		var ss []*news.Story
		var vs []*news.Version
		for j := i; j < min(i+1000, n); j++ {
			at := start.Add(time.Duration(j) * time.Minute)
			st := &news.Story{ID: news.NewID(at), Status: news.StatusDraft, Language: "en",
				Headline: fmt.Sprintf("Story number %d about harbour ferries", j),
				Body:     []news.Block{para("First paragraph of the story with some words."), para("Second paragraph.")},
				Section:  []string{"world", "economy", "politics", "sport"}[j%4], Tags: []string{"Tag" + strconv.Itoa(j%50)}}
			v, err := st.Publish(at, nil, "bench")
			if err != nil {
				b.Fatal(err)
			}
			ss, vs = append(ss, st), append(vs, v)
			some = st.ID
		}
		if _, _, err := db.CreateStories(ctx, ss, vs); err != nil {
			b.Fatal(err)
		}
	}
	srv := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, db)
	h := srv.Handler()
	for _, p := range []string{"/news", "/news/" + some, "/feeds/all.atom", "/search?q=ferries+harbour", "/search?q=story+number+12345", "/sitemap.xml", "/sitemaps/stories-2020-02.xml", "/sitemap-news.xml"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				srv.Invalidate()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
