package wirecopy

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/testenv"
)

// sharedTestdata finds ../shared/testdata/SUB beside the repository,
// skipping the test when it is absent and failing it under CI=true.
func sharedTestdata(t *testing.T, sub string) string { return testenv.Data(t, sub) }

// TestBBCCorpus reads every article of the BBC News dataset (plain text: a
// headline, a blank line, paragraphs): each must parse, keep its headline
// and paragraphs, be English, have no dateline, validate, and survive
// Render and Parse.
func TestBBCCorpus(t *testing.T) {
	root := sharedTestdata(t, "bbc")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2000 {
		t.Fatalf("found %d BBC articles under %s, want about 2,225", len(files), root)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8Valid(raw) {
			continue // a few files of the dataset are not UTF-8: Parse must say so
		}
		s, err := Parse(raw, Options{Year: 2005})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		firstLine, _, _ := strings.Cut(string(raw), "\n")
		if s.Headline != strings.TrimSpace(firstLine) {
			t.Errorf("%s: headline = %q, want the first line %q", name, s.Headline, firstLine)
		}
		if s.Language != "en" {
			t.Errorf("%s: language = %q, want en", name, s.Language)
		}
		if !s.Dateline.IsZero() || s.Standfirst != "" {
			t.Errorf("%s: found dateline %+v and standfirst %q in copy that has none", name, s.Dateline, s.Standfirst)
		}
		if len(s.Body) == 0 {
			t.Errorf("%s: empty body", name)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		again, err := Parse([]byte(Render(s)), Options{Year: 2005})
		if err != nil {
			t.Errorf("%s: Parse(Render): %v", name, err)
			continue
		}
		if diff := storyDiff(s, again); diff != "" {
			t.Errorf("%s: round trip: %s", name, diff)
		}
	}
}

func utf8Valid(b []byte) bool {
	return bytes.Equal([]byte(strings.ToValidUTF8(string(b), "\uFFFD")), b)
}

// TestReutersDatelines reads every <DATELINE> of Reuters-21578 (1987 copy,
// "PORTLAND, Ore., Feb 26 -", no credit) with ParseDateline.
func TestReutersDatelines(t *testing.T) {
	root := sharedTestdata(t, "reuters21578")
	files, err := filepath.Glob(filepath.Join(root, "reut2-*.sgm.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reut2-*.sgm.gz under %s (%v)", root, err)
	}
	re := regexp.MustCompile(`<DATELINE>([^<]*)</DATELINE>`)
	total, parsed := 0, 0
	var misses []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The files are Latin-1 at worst; datelines are ASCII.
		for _, m := range re.FindAllSubmatch(data, -1) {
			text := strings.TrimSpace(string(m[1]))
			if text == "" {
				continue
			}
			total++
			dl, rest, ok := ParseDateline(text+" Body.", Options{Year: 1987})
			if !ok {
				misses = append(misses, text)
				continue
			}
			parsed++
			if !strings.HasSuffix(rest, "Body.") || dl.Place == "" || dl.Date.Year != 1987 || dl.Style != "" {
				t.Errorf("%q: got %+v rest %q", text, dl, rest)
			}
		}
	}
	n := min(len(misses), 20)
	t.Logf("%d of %d Reuters-21578 datelines parsed; misses include %q", parsed, total, misses[:n])
	if parsed*100 < total*97 {
		t.Errorf("only %d of %d datelines parsed", parsed, total)
	}
}
