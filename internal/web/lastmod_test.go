package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// A kill of an older item (which makes no remaining item newer) and a
// correction move Last-Modified of feeds, lists, sitemaps and pages, so a
// conditional request gets the new content, not 304.
func TestLastModifiedMovesWithKillsAndCorrections(t *testing.T) {
	s := newSite(t)
	paths := []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/section/transport.rss",
		"/", "/news", "/section/transport", "/sitemap.xml", "/sitemaps/pages.xml", "/sitemap-news.xml", "/news/" + s.ids["en"]}
	seen := map[string]string{}
	for _, p := range paths {
		r := s.get(p)
		if r.status != 200 || r.header.Get("Last-Modified") == "" {
			t.Fatalf("%s: %d, Last-Modified %q", p, r.status, r.header.Get("Last-Modified"))
		}
		seen[p] = r.header.Get("Last-Modified")
		if r := s.get(p, "If-Modified-Since", seen[p]); r.status != http.StatusNotModified {
			t.Fatalf("%s: unchanged, If-Modified-Since answered %d", p, r.status)
		}
	}
	later := testNow.Add(time.Hour)
	s.update("filler3", func(st *news.Story) (*news.Version, error) {
		return st.Kill(later, "internal", "Wrong timetable.", nil, "desk")
	})
	for _, p := range paths {
		if r := s.get(p, "If-Modified-Since", seen[p]); r.status != 200 {
			t.Errorf("%s after an older item was killed: %d, want 200", p, r.status)
		} else {
			seen[p] = r.header.Get("Last-Modified")
		}
	}
	s.update("filler5", func(st *news.Story) (*news.Version, error) {
		st.Body[0].Text = "Trains will run every fifteen minutes."
		return st.Correct(later.Add(time.Hour), "The interval was wrong.", "desk")
	})
	for _, p := range paths {
		if r := s.get(p, "If-Modified-Since", seen[p]); r.status != 200 {
			t.Errorf("%s after a correction: %d, want 200", p, r.status)
		}
	}
}

// Changes within the second of a Last-Modified already served (HTTP dates
// have whole seconds) still move it: an If-Modified-Since from before a
// kill or a correction never gets 304, and one from after it does.
func TestLastModifiedMovesWithinOneSecond(t *testing.T) {
	s := newSite(t)
	paths := []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/section/transport.rss",
		"/", "/news", "/section/transport", "/sitemap.xml", "/sitemap-news.xml", "/news/" + s.ids["en"]}
	seen := map[string]string{}
	var newest time.Time
	for _, p := range paths {
		r := s.get(p)
		seen[p] = r.header.Get("Last-Modified")
		lm, err := http.ParseTime(seen[p])
		if err != nil {
			t.Fatalf("%s: Last-Modified %q: %v", p, seen[p], err)
		}
		if lm.After(newest) {
			newest = lm
		}
	}
	// Within the same second as the newest Last-Modified served.
	s.update("filler3", func(st *news.Story) (*news.Version, error) {
		return st.Kill(newest.Add(400*time.Millisecond), "internal", "Wrong timetable.", nil, "desk")
	})
	for _, p := range paths {
		r := s.get(p, "If-Modified-Since", seen[p])
		if r.status != 200 {
			t.Errorf("%s after a kill within the second of its Last-Modified: %d, want 200", p, r.status)
			continue
		}
		seen[p] = r.header.Get("Last-Modified")
		if r := s.get(p, "If-Modified-Since", seen[p]); r.status != http.StatusNotModified {
			t.Errorf("%s unchanged since: %d, want 304", p, r.status)
		}
	}
	s.update("filler5", func(st *news.Story) (*news.Version, error) {
		st.Body[0].Text = "Trains will run every fifteen minutes."
		return st.Correct(newest.Add(600*time.Millisecond), "The interval was wrong.", "desk")
	})
	for _, p := range paths {
		if r := s.get(p, "If-Modified-Since", seen[p]); r.status != 200 {
			t.Errorf("%s after a correction within the same second: %d, want 200", p, r.status)
		}
	}
}
