package wirecopy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// FuzzParse checks that Parse never panics and that whatever it accepts,
// Render turns into copy that Parse accepts again with the same headline,
// standfirst, dateline and body.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"Headline\n\nTOKYO. /TASS/.\n",
		"Headline\n\nWASHINGTON (AP) —\n\nSub\n\nText.",
		"All news\nShare\n",
		"H\n\nA\n\nB\n\nC\n\nPARIS (AFP) - x",
		"H\r\nLAGOS, Feb 29 (Own) -- x\r\ny\r\n",
		"\ufeffH\n\nМОСКВА, 24 ноября. /ТАСС/. «Да», — сказал он.",
	} {
		f.Add([]byte(s))
	}
	opt := Options{Year: 2024}
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := Parse(in, opt)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *wirecopy.Error: %v", err, err)
			}
			return
		}
		out := Render(s)
		again, err := Parse([]byte(out), opt)
		if err != nil {
			t.Fatalf("Parse(Render(story)) failed: %v\ninput:  %q\nrender: %q", err, in, out)
		}
		if diff := storyDiff(s, again); diff != "" {
			t.Fatalf("Render+Parse changed the story: %s\ninput:  %q\nrender: %q", diff, in, out)
		}
		// Render keeps the dateline as written; its house style must not
		// lose a field either.
		if dl := s.Dateline; dl.Style != news.StyleNone {
			year := dl.Date.Year
			if year == 0 {
				year = opt.Year
			}
			text := dl.Format()
			got, rest, ok := ParseDateline(text, Options{Year: year})
			if !ok || rest != "" || got.Place != dl.Place || got.Date != dl.Date || got.Credit != dl.Credit || got.Style != dl.Style {
				t.Fatalf("Format of %+v is %q, which reads back as %+v (ok %v, rest %q)\ninput: %q", dl, text, got, ok, rest, in)
			}
		}
	})
}
