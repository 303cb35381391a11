package copycheck_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dateline-news/dateline/internal/copycheck"
	"github.com/dateline-news/dateline/internal/demo"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/testenv"
)

// TestDemoStories runs the checks over the 30 demo stories (invented,
// English and Russian, edited): there must be no finding at all. Then it
// swaps two letters of one lower-case word in each story's first paragraph
// and counts how many of those slips the spelling check reports.
func TestDemoStories(t *testing.T) {
	d := copycheck.LoadDictionaries(copycheck.DefaultDictionaryDir, copycheck.DefaultDictionaries)
	if !d.Has("en") || !d.Has("ru") {
		msg := "hunspell dictionaries are not installed (apt-get install hunspell-en-us hunspell-en-gb hunspell-ru): " + d.Missing("en") + " " + d.Missing("ru")
		testenv.Missing(t, "%s", msg)
	}
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	ex := publish.Extractor(g)
	items, err := demo.Stories(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caught, total := 0, 0
	for _, it := range items {
		e := ex(it.Story)
		for _, f := range copycheck.Check(it.Story, e, d, copycheck.Options{}) {
			t.Errorf("%s: unexpected finding %s in paragraph %d: %s (%s)", it.Slug, f.Kind, f.Paragraph, f.Message, f.Excerpt)
		}
		s := it.Story.Clone()
		ws := strings.Fields(s.Body[0].Text)
		for i, w := range ws {
			r := []rune(w)
			if len(r) >= 6 && unicode.IsLower(r[0]) && strings.IndexFunc(w, func(c rune) bool { return !unicode.IsLetter(c) }) < 0 {
				r[2], r[3] = r[3], r[2]
				if r[2] == r[3] {
					continue
				}
				ws[i] = string(r)
				total++
				s.Body[0].Text = strings.Join(ws, " ")
				found := false
				for _, f := range copycheck.Check(s, e, d, copycheck.Options{}) {
					found = found || f.Kind == "spelling" && strings.Contains(f.Message, ws[i])
				}
				if found {
					caught++
				} else {
					t.Logf("missed %s (%s)", ws[i], w)
				}
				break
			}
		}
	}
	t.Logf("caught %d of %d slips", caught, total)
	if total < 25 || float64(caught) < 0.85*float64(total) {
		t.Errorf("caught %d of %d slips, want at least 85%%", caught, total)
	}
}
