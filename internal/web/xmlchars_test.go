package web

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// A character XML forbids that reached a stored story (an older database,
// a path that skipped Normalize) still leaves every feed and sitemap
// well-formed.
func TestXMLWritersDropForbiddenCharacters(t *testing.T) {
	s := newSite(t)
	s.update("flash", func(st *news.Story) (*news.Version, error) {
		st.Headline += " \x01"
		st.Body[0].Text += " bell\x07 and \x0b vertical tab \uFFFE"
		st.Standfirst += "\x1b"
		return st.Publish(testNow, nil, "desk")
	})
	for _, p := range []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/section/world.rss", "/sitemap-news.xml", "/sitemap.xml"} {
		r := s.get(p)
		if r.status != 200 {
			t.Fatalf("%s: %d", p, r.status)
		}
		d := xml.NewDecoder(strings.NewReader(r.body))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", p, err)
			}
		}
	}
}

func TestCleanTextAtTheStoryBoundary(t *testing.T) {
	st := &news.Story{Headline: "Flood\x01 warning", Body: []news.Block{{Kind: news.Paragraph, Text: "Water\x00 rose\x0c.\tIt\u2028 fell."}},
		Tags: []string{"Rain\x02"}, Dateline: news.Dateline{Place: "OSLO\x03"}}
	st.Normalize()
	if st.Headline != "Flood warning" || st.Body[0].Text != "Water rose.\tIt\u2028 fell." || st.Tags[0] != "Rain" || st.Dateline.Place != "OSLO" {
		t.Fatalf("after Normalize: %q %q %q %q", st.Headline, st.Body[0].Text, st.Tags[0], st.Dateline.Place)
	}
}
