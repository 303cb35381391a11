package web

import (
	"net/http"
	"net/url"

	"github.com/dateline-news/dateline/internal/store"
)

// listPage is "All news", a section or a tag page.
type listPage struct {
	Meta
	Heading string
	Stories []storyCard
	Older   string // href of the next page, "" on the last
	Newest  string // href of the first page when not on it
	// Updated is the time of the latest public version on the site ("All
	// news · Updated at"); zero on pages that do not show it.
	Updated timeView
}

// allNews is /news: newest first, filtered by ?section=, ?tag=, ?lang=.
func (s *Server) allNews(r *http.Request) (*response, error) {
	lang, before, err := listParams(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	lq := store.ListQuery{Section: q.Get("section"), Tag: q.Get("tag"), Language: lang, Before: before, Limit: s.cfg.PageSize}
	if len(lq.Section) > 4*maxSection || len(lq.Tag) > 4*maxTag {
		return nil, badRequest("The section or tag in the address is too long.")
	}
	page, err := s.pub.ListPublic(r.Context(), lq)
	if err != nil {
		return nil, err
	}
	tr := uiStrings(lang)
	data := listPage{Meta: s.meta(r, pageLang(lang), tr["allNews"]), Heading: tr["allNews"]}
	data.Canonical = s.abs("/news")
	if lang != "" {
		data.Canonical += "?lang=" + url.QueryEscape(lang)
	}
	base := url.Values{}
	for _, k := range []string{"section", "tag", "lang"} {
		if v := q.Get(k); v != "" {
			base.Set(k, v)
		}
	}
	s.fillList(&data, page, "/news", base, before != nil, lang)
	if last, err := s.pub.LastPublicChange(r.Context()); err == nil && !last.IsZero() {
		data.Updated = makeTime(&last, pageLang(lang))
	}
	return s.render("list", http.StatusOK, data)
}

func pageLang(lang string) string {
	if lang == "" {
		return "en"
	}
	return lang
}

// fillList adds the stories and pager links of a page.
func (s *Server) fillList(d *listPage, page store.Page, path string, base url.Values, paged bool, lang string) {
	d.Stories = s.cards(page.Stories, pageLang(lang))
	if page.Next != nil {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		v.Set("before", encodeCursor(page.Next))
		d.Older = path + "?" + v.Encode()
	}
	if paged {
		d.Newest = path
		if enc := base.Encode(); enc != "" {
			d.Newest += "?" + enc
		}
		d.NoIndex = true
	}
}

// sectionPage is /section/{name}. A section with no public stories is a
// 404: there is no list of sections apart from the stories in them.
func (s *Server) sectionPage(r *http.Request) (*response, error) {
	return s.filteredPage(r, r.PathValue("name"), maxSection, "sectionTitle", "/section/", "/feeds/section/",
		func(q *store.ListQuery, v string) { q.Section = v })
}

// tagPage is /tag/{name}.
func (s *Server) tagPage(r *http.Request) (*response, error) {
	return s.filteredPage(r, r.PathValue("name"), maxTag, "tagTitle", "/tag/", "/feeds/tag/",
		func(q *store.ListQuery, v string) { q.Tag = v })
}

func (s *Server) filteredPage(r *http.Request, name string, max int, titleKey, prefix, feedPrefix string,
	set func(*store.ListQuery, string)) (*response, error) {
	if err := checkName(name, max); err != nil {
		return nil, err
	}
	lang, before, err := listParams(r)
	if err != nil {
		return nil, err
	}
	lq := store.ListQuery{Language: lang, Before: before, Limit: s.cfg.PageSize}
	set(&lq, name)
	page, err := s.pub.ListPublic(r.Context(), lq)
	if err != nil {
		return nil, err
	}
	if len(page.Stories) == 0 {
		return nil, errNotFound
	}
	tr := uiStrings(lang)
	shown := name
	if prefix == "/section/" {
		shown = sectionName(name, pageLang(lang))
	}
	title := trf(tr, titleKey, shown)
	path := prefix + url.PathEscape(name)
	data := listPage{Meta: s.meta(r, pageLang(lang), title), Heading: title}
	data.Canonical = s.abs(path)
	fp := feedPrefix + url.PathEscape(name)
	data.Feeds = append(data.Feeds,
		link{Href: fp + ".rss", Type: "application/rss+xml", Title: title + " (RSS)"},
		link{Href: fp + ".atom", Type: "application/atom+xml", Title: title + " (Atom)"},
		link{Href: fp + ".json", Type: "application/feed+json", Title: title + " (JSON Feed)"})
	base := url.Values{}
	if lang != "" {
		base.Set("lang", lang)
	}
	s.fillList(&data, page, path, base, before != nil, lang)
	return s.render("list", http.StatusOK, data)
}

// sectionLink is the link to a section's page, named for a page in lang.
func sectionLink(sec, lang string) link {
	return link{Href: "/section/" + url.PathEscape(sec), Title: sectionName(sec, lang)}
}
