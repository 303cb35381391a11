package reuters

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/testenv"
)

// corpusFiles returns the 22 reut2-*.sgm.gz files of the shared test data.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	dir := testenv.Data(t, "reuters21578")
	files, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 22 {
		t.Fatalf("want 22 reut2-*.sgm.gz files in %s, found %d", dir, len(files))
	}
	return files
}

// readCorpus reads every file and returns the docs by file base name.
func readCorpus(t testing.TB) map[string][]*Doc {
	t.Helper()
	out := map[string][]*Doc{}
	for _, f := range corpusFiles(t) {
		base := filepath.Base(f)
		err := ReadFile(f, func(d *Doc) error {
			out[base] = append(out[base], d)
			return nil
		})
		if err != nil {
			t.Fatalf("ReadFile(%s): %v", f, err)
		}
	}
	return out
}

func TestCorpus(t *testing.T) {
	start := time.Now()
	byFile := readCorpus(t)
	t.Logf("read the corpus in %v", time.Since(start))
	var all []*Doc
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for k := range byFile {
			if !yield(k) {
				return
			}
		}
	}) {
		all = append(all, byFile[f]...)
	}

	if n := len(all); n != 21578 {
		t.Errorf("read %d documents, want 21,578", n)
	}
	if n := len(byFile["reut2-021.sgm.gz"]); n != 578 {
		t.Errorf("reut2-021 holds %d documents, want 578", n)
	}
	for f, docs := range byFile {
		if f != "reut2-021.sgm.gz" && len(docs) != 1000 {
			t.Errorf("%s holds %d documents, want 1,000", f, len(docs))
		}
	}

	var brief, unproc, rejected, train, test int
	seen := map[int]bool{}
	for _, d := range all {
		if seen[d.NewID] {
			t.Errorf("NEWID %d read twice", d.NewID)
		}
		seen[d.NewID] = true
		switch d.TextType {
		case "BRIEF":
			brief++
		case "UNPROC":
			unproc++
		case "":
		default:
			t.Errorf("NEWID %d: unexpected TEXT TYPE %q", d.NewID, d.TextType)
		}
		if d.HasTopics == "YES" {
			switch d.LewisSplit {
			case "TRAIN":
				train++
			case "TEST":
				test++
			}
		}
		if d.Date.Year() != 1987 {
			t.Errorf("NEWID %d (line %d): date %v is not in 1987", d.NewID, d.Line, d.Date)
		}
		if d.Err != nil {
			rejected++
			t.Logf("rejected: %v", d.Err)
			if d.Story != nil {
				t.Errorf("NEWID %d: rejected but has a story", d.NewID)
			}
			continue
		}
		s := d.Story
		if err := s.Validate(); err != nil {
			t.Errorf("NEWID %d: story does not validate: %v", d.NewID, err)
		}
		if want := fmt.Sprintf("reuters:%d", d.NewID); s.Source != want {
			t.Errorf("NEWID %d: source %q, want %q", d.NewID, s.Source, want)
		}
		if d.TextType == "BRIEF" && len(s.Body) != 0 {
			t.Errorf("NEWID %d: BRIEF story has %d paragraphs, want none", d.NewID, len(s.Body))
		}
		for _, b := range s.Body {
			if strings.ContainsAny(b.Text, "\x02\x03\x05\n") || strings.Contains(b.Text, "&#") || strings.Contains(b.Text, "&lt;") {
				t.Errorf("NEWID %d: paragraph not cleaned: %q", d.NewID, b.Text)
				break
			}
		}
		if n := len(s.Body); n > 0 && isSignature(strings.TrimSpace(s.Body[n-1].Text)) {
			t.Errorf("NEWID %d: last paragraph is the signature %q", d.NewID, s.Body[n-1].Text)
		}
	}
	t.Logf("%d documents, %d rejected, %d BRIEF, %d UNPROC, ModApte %d train / %d test", len(all), rejected, brief, unproc, train, test)
	if brief != 1798 {
		t.Errorf("%d BRIEF documents, want 1,798", brief)
	}
	if unproc != 737 {
		t.Errorf("%d UNPROC documents, want 737", unproc)
	}
	if rejected > 30 {
		t.Errorf("%d documents rejected, want at most 30", rejected)
	}
	// README.txt VIII.B: "Training Set (9,603 docs): LEWISSPLIT="TRAIN";
	// TOPICS="YES"" and "Test Set (3,299 docs): LEWISSPLIT="TEST"; TOPICS="YES"".
	if train != 9603 || test != 3299 {
		t.Errorf("ModApte split %d train / %d test, want 9,603 / 3,299", train, test)
	}
}

func TestCorpusSpotChecks(t *testing.T) {
	byFile := readCorpus(t)
	byID := map[int]*Doc{}
	for _, docs := range byFile {
		for _, d := range docs {
			byID[d.NewID] = d
		}
	}
	tests := []struct {
		newID     int
		line      int
		headline  string
		place     string
		date      string
		tags      []string
		section   string
		firstPara string // prefix
		paras     int    // -1: not checked
		byline    string
	}{
		{newID: 1, line: 2, headline: "BAHIA COCOA REVIEW", place: "SALVADOR", date: "1987-02-26",
			tags: []string{"cocoa", "el-salvador", "usa", "uruguay"}, section: "cocoa",
			firstPara: "Showers continued throughout the week in the Bahia cocoa zone, alleviating", paras: 17},
		{newID: 2, headline: "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT", place: "CLEVELAND", date: "1987-02-26",
			tags: []string{"usa"}, section: "general", paras: 3},
		{newID: 11, line: 399, headline: "COBANCO INC <CBCO> YEAR NET", place: "SANTA CRUZ, Calif.", date: "1987-02-26",
			tags: []string{"earn", "usa"}, section: "earn", firstPara: "Shr 34 cts vs 1.19 dlrs", paras: -1},
		{newID: 28, headline: "TOWER REPORT DIMINISHES REAGAN'S HOPES OF REBOUND", place: "WASHINGTON", date: "1987-02-26",
			tags: []string{"usa", "reagan"}, section: "general", byline: "Michael Gelb, Reuters", paras: -1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.newID), func(t *testing.T) {
			d := byID[tt.newID]
			if d == nil {
				t.Fatalf("NEWID %d not read", tt.newID)
			}
			if d.Err != nil {
				t.Fatalf("rejected: %v", d.Err)
			}
			if tt.line != 0 && d.Line != tt.line {
				t.Errorf("line %d, want %d", d.Line, tt.line)
			}
			s := d.Story
			if s.Headline != tt.headline {
				t.Errorf("headline %q, want %q", s.Headline, tt.headline)
			}
			if s.Dateline.Place != tt.place || s.Dateline.Date.String() != tt.date || s.Dateline.Credit != "Reuters" || s.Dateline.Style != news.StyleReuters {
				t.Errorf("dateline %+v, want place %q date %s credit Reuters", s.Dateline, tt.place, tt.date)
			}
			if !slices.Equal(s.Tags, tt.tags) {
				t.Errorf("tags %q, want %q", s.Tags, tt.tags)
			}
			if s.Section != tt.section {
				t.Errorf("section %q, want %q", s.Section, tt.section)
			}
			if s.Byline != tt.byline {
				t.Errorf("byline %q, want %q", s.Byline, tt.byline)
			}
			if tt.paras >= 0 && len(s.Body) != tt.paras {
				t.Errorf("%d paragraphs, want %d: %q", len(s.Body), tt.paras, s.Text())
			}
			if tt.firstPara != "" && (len(s.Body) == 0 || !strings.HasPrefix(s.Body[0].Text, tt.firstPara)) {
				t.Errorf("first paragraph does not start with %q: %q", tt.firstPara, s.Body)
			}
			if s.Status != news.StatusDraft || s.Language != "en" || s.Urgency != 5 || s.FirstPublishedAt != nil {
				t.Errorf("status %s language %s urgency %d first published %v; want draft en 5 nil", s.Status, s.Language, s.Urgency, s.FirstPublishedAt)
			}
		})
	}

	// NEWID 1: the date of <DATE>26-FEB-1987 15:01:01.79</DATE>.
	if got, want := byID[1].Date, time.Date(1987, 2, 26, 15, 1, 1, 790000000, time.UTC); !got.Equal(want) {
		t.Errorf("NEWID 1 date %v, want %v", got, want)
	}
	// The one byte 0xFC of the collection, read as Latin-1.
	d := byID[17980]
	if d == nil || d.Err != nil {
		t.Fatalf("NEWID 17980 missing or rejected: %+v", d)
	}
	text := d.Story.Text()
	if !utf8.ValidString(text) || !strings.Contains(text, "ü") {
		t.Errorf("NEWID 17980: body is not valid UTF-8 with a ü: %q", text)
	}
	// A BRIEF: headline only.
	for _, d := range byID {
		if d.TextType == "BRIEF" && d.Err == nil {
			if d.Story.Headline == "" || len(d.Story.Body) != 0 || strings.Contains(d.Story.Headline, "*") {
				t.Errorf("BRIEF NEWID %d: headline %q, %d paragraphs", d.NewID, d.Story.Headline, len(d.Story.Body))
			}
		}
	}
}

// TestTruncatedCorpusFile cuts a real file in the middle of a document.
func TestTruncatedCorpusFile(t *testing.T) {
	data := gunzip(t, corpusFiles(t)[0])
	// Cut in the middle of the 11th document.
	starts := docStarts(data)
	cut := starts[10] + (starts[11]-starts[10])/2
	wantLine := 1 + bytes.Count(data[:starts[10]], []byte{'\n'})
	var n int
	err := Read(bytes.NewReader(data[:cut]), "reut2-000.sgm", func(d *Doc) error { n++; return nil })
	if err == nil {
		t.Fatal("no error for a truncated file")
	}
	if n != 10 {
		t.Errorf("delivered %d documents before the break, want 10", n)
	}
	if want := fmt.Sprintf("reut2-000.sgm:%d:", wantLine); !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	t.Log(err)
}

func gunzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func docStarts(data []byte) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("<REUTERS "))
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

// BenchmarkReadCorpus reads all 22 files (already gunzipped in memory)
// and reports documents per second.
func BenchmarkReadCorpus(b *testing.B) {
	var data [][]byte
	var size int64
	for _, f := range corpusFiles(b) {
		d := gunzip(b, f)
		data = append(data, d)
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ResetTimer()
	docs := 0
	for b.Loop() {
		for i, d := range data {
			err := Read(bytes.NewReader(d), fmt.Sprint(i), func(*Doc) error { docs++; return nil })
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkReadCorpusFiles includes opening and gunzipping.
func BenchmarkReadCorpusFiles(b *testing.B) {
	files := corpusFiles(b)
	docs := 0
	for b.Loop() {
		for _, f := range files {
			if err := ReadFile(f, func(*Doc) error { docs++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}
