package importer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
)

func openStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const goodCopy = `All news
Updated at: 18 Nov 2026, 09:15

Harbour authority approves night ferries

The first boats will sail in March, the authority said.

OSLO, November 17. /TASS/. The city's harbour authority on Tuesday approved a night ferry service between the islands.

"We have waited ten years for this," said board chair Ingrid Holm.
`

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportTextTwiceDoesNotDuplicate(t *testing.T) {
	db := openStore(t)
	dir := t.TempDir()
	write(t, dir, "ferry.txt", []byte(goodCopy))
	ctx := context.Background()
	opt := importer.Options{Publish: true, Now: func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }}
	res, err := importer.Run(ctx, db, []string{dir}, opt)
	if err != nil || res.Imported != 1 || res.Failed() {
		t.Fatalf("first import: %+v %v", res, err)
	}
	res, err = importer.Run(ctx, db, []string{dir}, opt)
	if err != nil || res.Imported != 0 || res.Duplicates != 1 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	page, err := db.ListPublic(ctx, store.ListQuery{Limit: 10})
	if err != nil || len(page.Stories) != 1 {
		t.Fatalf("%d stories, %v", len(page.Stories), err)
	}
	s := page.Stories[0]
	if s.Headline != "Harbour authority approves night ferries" || s.Dateline.Place != "OSLO" || s.Dateline.Date.String() != "2026-11-17" {
		t.Fatalf("story %+v", s)
	}
	for _, b := range s.Body {
		if strings.Contains(b.Text, "All news") || strings.Contains(b.Text, "Updated at") {
			t.Fatalf("boilerplate reached the body: %q", b.Text)
		}
	}
}

// Bad files are reported with file and reason (and line where there is
// one), store nothing, and do not stop the good files.
func TestImportBadFiles(t *testing.T) {
	db := openStore(t)
	dir := t.TempDir()
	write(t, dir, "a-good.txt", []byte(goodCopy))
	write(t, dir, "b-empty.txt", nil)
	write(t, dir, "c-binary.txt", []byte("PK\x03\x04\x00\x00binary\x00junk"))
	write(t, dir, "d-latin1.txt", []byte("Headline\n\nLONDON (AP) \xe2\x80\x94 A price of \xa315 was paid.\n"))
	write(t, dir, "e-long.txt", []byte(strings.Repeat("headline ", 1200)+"\n\nBody text here.\n"))
	write(t, dir, "f-bad.json", []byte(`{"uri": "x", "type": 42, "headlines": "no"}`))
	var sgm bytes.Buffer
	sgm.WriteString("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"1\" NEWID=\"1\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT>&#2;\n<TITLE>COCOA GROWERS MEET</TITLE>\n<BODY>The growers met today.\n")
	write(t, dir, "g-truncated.sgm", sgm.Bytes())
	res, err := importer.Run(context.Background(), db, []string{dir}, importer.Options{Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 1 {
		t.Fatalf("imported %d, want the one good file; problems: %v", res.Imported, res.Problems)
	}
	want := map[string]string{
		"b-empty.txt":     "empty",
		"c-binary.txt":    "not a text file",
		"d-latin1.txt":    "not UTF-8",
		"e-long.txt":      "headline",
		"f-bad.json":      "",
		"g-truncated.sgm": "",
	}
	got := map[string]string{}
	for _, p := range res.Problems {
		got[filepath.Base(p.File)] = p.Error()
	}
	for f, frag := range want {
		msg, ok := got[f]
		if !ok {
			t.Errorf("%s: no problem reported", f)
			continue
		}
		if !strings.Contains(msg, f) || !strings.Contains(msg, frag) {
			t.Errorf("%s: message %q should name the file and say %q", f, msg, frag)
		}
	}
	if !strings.Contains(got["d-latin1.txt"], ":3:") {
		t.Errorf("latin-1 file: want line 3 in %q", got["d-latin1.txt"])
	}
	if !res.Failed() {
		t.Error("Failed() is false with bad files")
	}
	page, _ := db.ListPublic(context.Background(), store.ListQuery{Limit: 50})
	if len(page.Stories) != 1 {
		t.Fatalf("%d public stories: a bad file stored something", len(page.Stories))
	}
}

func TestDetect(t *testing.T) {
	cases := map[string]string{
		`{"uri":"urn:x","type":"text","headlines":[{"value":"x"}]}`:                    "ninjs",
		`<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">`:  "newsml",
		"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS TOPICS=\"YES\">":              "reuters",
		"Harbour authority approves night ferries\n\nOSLO, November 17. /TASS/. Text.": "text",
	}
	for in, want := range cases {
		if got := importer.Detect([]byte(in)); got != want {
			t.Errorf("Detect(%.30q) = %s, want %s", in, got, want)
		}
	}
}

// TestImportReutersCorpus imports the whole Reuters-21578 corpus and
// accounts for every document.
func TestImportReutersCorpus(t *testing.T) {
	dir := testenv.Data(t, "reuters21578")
	db := openStore(t)
	ctx := context.Background()
	res, err := importer.Run(ctx, db, []string{dir}, importer.Options{Format: "reuters", Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Summary())
	if res.Files != 22 || res.FailedFiles != 0 {
		t.Fatalf("files %d, failed %d: %v", res.Files, res.FailedFiles, res.Problems)
	}
	if res.Documents != 21578 || res.Imported+res.Rejected != 21578 {
		t.Fatalf("documents %d imported %d rejected %d: not all accounted for", res.Documents, res.Imported, res.Rejected)
	}
	if res.Rejected > 40 {
		t.Fatalf("%d rejected: %v", res.Rejected, res.Problems)
	}
	for _, p := range res.Problems {
		if p.Line == 0 || p.Err == nil {
			t.Errorf("problem without line or reason: %v", p)
		}
	}
	// Spot check a known story: NEWID 1, the first of reut2-000.
	hits, err := db.Search(ctx, store.SearchQuery{Text: "cocoa Bahia Comissaria Smith", Limit: 5})
	if err != nil || len(hits.Stories) == 0 {
		t.Fatalf("search for the first story: %v, %d hits", err, len(hits.Stories))
	}
	var s *news.Story
	for _, h := range hits.Stories {
		if h.Source == "reuters:1" {
			s = h
		}
	}
	if s == nil {
		t.Fatal("NEWID 1 not found by search")
	}
	if s.Headline != "BAHIA COCOA REVIEW" || s.Dateline.Place != "SALVADOR" || !contains(s.Tags, "cocoa") || !contains(s.Tags, "el-salvador") {
		t.Fatalf("NEWID 1: headline %q place %q tags %v", s.Headline, s.Dateline.Place, s.Tags)
	}
	if s.FirstPublishedAt == nil || s.FirstPublishedAt.Year() != 1987 {
		t.Fatalf("NEWID 1 published at %v, want its 1987 date", s.FirstPublishedAt)
	}
	// Importing again adds nothing.
	res2, err := importer.Run(ctx, db, []string{filepath.Join(dir, "reut2-021.sgm.gz")}, importer.Options{Format: "auto", Publish: true})
	if err != nil || res2.Imported != 0 || res2.Duplicates+res2.Rejected != 578 {
		t.Fatalf("re-import: %s %v", res2.Summary(), err)
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// BenchmarkImportReuters measures the import rate of the whole corpus
// into a fresh database (stories per second is reported).
func BenchmarkImportReuters(b *testing.B) {
	dir := testenv.Data(b, "reuters21578")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := openStore(b)
		b.StartTimer()
		res, err := importer.Run(context.Background(), db, []string{dir}, importer.Options{Format: "reuters", Publish: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Imported)/res.Elapsed.Seconds(), "stories/s")
		b.ReportMetric(res.Elapsed.Seconds(), "s/corpus")
	}
}

// BenchmarkSearchReuters measures search latency over the imported
// Reuters corpus: one op is one search (first page of 20).
func BenchmarkSearchReuters(b *testing.B) {
	dir := testenv.Data(b, "reuters21578")
	db := openStore(b)
	ctx := context.Background()
	if _, err := importer.Run(ctx, db, []string{dir}, importer.Options{Format: "reuters", Publish: true}); err != nil {
		b.Fatal(err)
	}
	queries := []string{"cocoa", "oil prices", "bank of japan", "wheat export", "dollar", "takeover bid", "opec quota", "trade deficit"}
	for _, q := range queries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.Search(ctx, store.SearchQuery{Text: q, Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
