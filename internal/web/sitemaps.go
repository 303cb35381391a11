package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/feeds"
	"github.com/dateline-news/dateline/internal/store"
)

const xmlType = "application/xml; charset=utf-8"

// walkPage is how many stories one store call lists while walking the
// archive for sitemaps (the store caps it at 100).
const walkPage = 100

// Story sitemaps are one per calendar month (UTC) of first publication:
// /sitemaps/stories-2026-11.xml. A month's list never moves when new
// stories arrive, and the index needs one store call per month, not a
// walk of the whole archive.

func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// sitemapMonth is a month with public stories and the time its sitemap
// last changed, as far as one query tells: the latest public version of
// the month's newest story.
type sitemapMonth struct {
	start   time.Time
	lastMod time.Time
}

// sitemapMonths finds the months that have public stories, newest first,
// jumping from month to month with one one-story query each.
func (s *Server) sitemapMonths(ctx context.Context) ([]sitemapMonth, error) {
	var months []sitemapMonth
	var before *store.Cursor
	for len(months) < feeds.MaxSitemapURLs {
		page, err := s.pub.ListPublic(ctx, store.ListQuery{Before: before, Limit: 1, Summary: true})
		if err != nil {
			return nil, err
		}
		if len(page.Stories) == 0 {
			break
		}
		st := page.Stories[0]
		m := monthStart(published(st))
		mod := published(st)
		if st.UpdatedAt != nil && st.UpdatedAt.After(mod) {
			mod = *st.UpdatedAt
		}
		months = append(months, sitemapMonth{start: m, lastMod: mod})
		// Strictly before the first instant of the month: no id sorts
		// below "".
		before = &store.Cursor{At: m, ID: ""}
	}
	return months, nil
}

// sitemapIndex is /sitemap.xml: the site's list pages and one sitemap per
// month of stories, each with a lastmod. A month's lastmod is that of its
// newest story (one query per month); an update of an older story of the
// month does not move it, which would take a walk of the whole archive.
func (s *Server) sitemapIndex(r *http.Request) (*response, error) {
	months, err := s.sitemapMonths(r.Context())
	if err != nil {
		return nil, err
	}
	// The list pages change with every public change.
	last, err := s.pub.LastPublicChange(r.Context())
	if err != nil {
		return nil, err
	}
	refs := []feeds.SitemapURL{{Loc: s.abs("/sitemaps/pages.xml"), LastMod: last}}
	for _, m := range months {
		refs = append(refs, feeds.SitemapURL{Loc: s.abs("/sitemaps/stories-" + m.start.Format("2006-01") + ".xml"), LastMod: m.lastMod})
	}
	b, err := feeds.SitemapIndex(refs)
	if err != nil {
		return nil, err
	}
	return &response{ctype: xmlType, body: b, maxAge: 300}, nil
}

// sitemapPart is /sitemaps/pages.xml and /sitemaps/stories-YYYY-MM.xml.
func (s *Server) sitemapPart(r *http.Request) (*response, error) {
	file := r.PathValue("file")
	var list []feeds.SitemapURL
	if file == "pages.xml" {
		list = []feeds.SitemapURL{{Loc: s.abs("/")}, {Loc: s.abs("/news")}}
		secs, _ := s.siteSettings(r.Context())
		for _, sec := range sectionKeys(secs) {
			list = append(list, feeds.SitemapURL{Loc: s.abs("/section/" + url.PathEscape(sec))})
		}
	} else {
		ms, ok := strings.CutPrefix(file, "stories-")
		ms, ok2 := strings.CutSuffix(ms, ".xml")
		m, err := time.Parse("2006-01", ms)
		if !ok || !ok2 || err != nil || m.Format("2006-01") != ms {
			return nil, errNotFound
		}
		if list, err = s.monthURLs(r.Context(), m); err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return nil, errNotFound
		}
	}
	b, err := feeds.Sitemap(list)
	if err != nil {
		return nil, err
	}
	return &response{ctype: xmlType, body: b, maxAge: 300}, nil
}

// monthURLs lists the public stories first published in month m, newest
// first. A month holds at most sitemapMax of them (50,000, the
// sitemaps.org limit); past that the oldest are left out and a warning
// logged.
func (s *Server) monthURLs(ctx context.Context, m time.Time) ([]feeds.SitemapURL, error) {
	// One walk at a time: a crawler fetching many months after an
	// Invalidate must not start them all at once.
	s.walkMu.Lock()
	defer s.walkMu.Unlock()
	now := s.now()
	before := &store.Cursor{At: m.AddDate(0, 1, 0), ID: ""}
	var urls []feeds.SitemapURL
	for {
		page, err := s.pub.ListPublic(ctx, store.ListQuery{Before: before, Limit: walkPage, Summary: true})
		if err != nil {
			return nil, err
		}
		for _, st := range page.Stories {
			if published(st).Before(m) {
				return urls, nil
			}
			if !st.IsPublic(now) {
				continue
			}
			if len(urls) == s.sitemapMax {
				s.log.Warn("sitemap: month has more stories than one sitemap may list; the oldest are left out",
					"month", m.Format("2006-01"), "limit", s.sitemapMax)
				return urls, nil
			}
			u := feeds.SitemapURL{Loc: s.abs(articlePath(st))}
			if st.UpdatedAt != nil {
				u.LastMod = *st.UpdatedAt
			}
			urls = append(urls, u)
		}
		if page.Next == nil || len(page.Stories) == 0 {
			return urls, nil
		}
		before = page.Next
	}
}

// newsWindow is how far back the Google News sitemap reaches.
const newsWindow = 48 * time.Hour

// sitemapNews is /sitemap-news.xml: public stories first published in the
// last two days, at most 1,000.
func (s *Server) sitemapNews(r *http.Request) (*response, error) {
	now := s.now()
	since := now.Add(-newsWindow)
	var out []feeds.NewsURL
	var before *store.Cursor
walk:
	for {
		page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Before: before, Limit: walkPage, Summary: true})
		if err != nil {
			return nil, err
		}
		for _, st := range page.Stories {
			p := published(st)
			if p.Before(since) {
				break walk
			}
			if !st.IsPublic(now) || p.After(now) {
				continue
			}
			out = append(out, feeds.NewsURL{Loc: s.abs(articlePath(st)), Publication: s.cfg.SiteName,
				Language: newsLanguage(st.Language), Title: st.Headline, Published: p})
			if len(out) == 1000 {
				break walk
			}
		}
		if page.Next == nil || len(page.Stories) == 0 {
			break
		}
		before = page.Next
	}
	b, err := feeds.NewsSitemap(out)
	if err != nil {
		return nil, err
	}
	return &response{ctype: xmlType, body: b, maxAge: 60}, nil
}

// newsLanguage is the ISO 639 code Google News wants: the primary subtag,
// except zh-cn and zh-tw.
func newsLanguage(tag string) string {
	t := strings.ToLower(tag)
	switch {
	case strings.HasPrefix(t, "zh-hant"), t == "zh-tw":
		return "zh-tw"
	case strings.HasPrefix(t, "zh"):
		return "zh-cn"
	}
	base, _, _ := strings.Cut(t, "-")
	return base
}
