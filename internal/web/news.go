package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/dateline-news/dateline/internal/news"
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
	lang, before, err := s.listParams(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	lq := store.ListQuery{Section: q.Get("section"), Tag: q.Get("tag"), Language: pageLang(lang), Before: before, Limit: s.cfg.PageSize, Summary: true}
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
	if err := s.fillList(r.Context(), &data, page, "/news", base, before != nil, lang); err != nil {
		return nil, err
	}
	if last, err := s.pub.LastPublicChange(r.Context()); err == nil && !last.IsZero() {
		data.Updated = s.makeTime(r.Context(), &last, pageLang(lang))
	}
	return s.render("list", http.StatusOK, data)
}

// pageLang is the language of a page whose address has lang= (empty for
// none): English by default. Lists show the stories of their page's
// language only; translations are linked from each story.
func pageLang(lang string) string {
	if lang == "" {
		return "en"
	}
	return lang
}

// fillList adds the stories and pager links of a page.
func (s *Server) fillList(ctx context.Context, d *listPage, page store.Page, path string, base url.Values, paged bool, lang string) error {
	d.Stories = s.cards(ctx, page.Stories, pageLang(lang))
	if err := s.withTranslations(ctx, d.Stories, page.Stories); err != nil {
		return err
	}
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
	return nil
}

// sectionPage is /section/{name}. A managed section is always there
// (empty until its first story); any other section is there while it has
// public stories.
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
	lang, before, err := s.listParams(r)
	if err != nil {
		return nil, err
	}
	lq := store.ListQuery{Language: pageLang(lang), Before: before, Limit: s.cfg.PageSize, Summary: true}
	set(&lq, name)
	page, err := s.pub.ListPublic(r.Context(), lq)
	if err != nil {
		return nil, err
	}
	secs, _ := s.siteSettings(r.Context())
	managed := prefix == "/section/" && news.HasSection(secs, name)
	if len(page.Stories) == 0 && !managed {
		return nil, errNotFound
	}
	tr := uiStrings(lang)
	shown := name
	if prefix == "/section/" {
		shown = sectionName(name, secs, pageLang(lang))
	}
	title := trf(tr, titleKey, shown)
	path := prefix + url.PathEscape(name)
	data := listPage{Meta: s.meta(r, pageLang(lang), title), Heading: title}
	if prefix == "/section/" {
		data.ActiveSection = name
	}
	data.Canonical = s.abs(path + langQuery(lang))
	fp := feedPrefix + url.PathEscape(name)
	data.Feeds = append(data.Feeds,
		link{Href: fp + ".rss" + langQuery(lang), Type: "application/rss+xml", Title: title + " (RSS)"},
		link{Href: fp + ".atom" + langQuery(lang), Type: "application/atom+xml", Title: title + " (Atom)"},
		link{Href: fp + ".json" + langQuery(lang), Type: "application/feed+json", Title: title + " (JSON Feed)"})
	base := url.Values{}
	if lang != "" {
		base.Set("lang", lang)
	}
	if err := s.fillList(r.Context(), &data, page, path, base, before != nil, lang); err != nil {
		return nil, err
	}
	return s.render("list", http.StatusOK, data)
}

// sectionLink is the link to a section's page for a page in lang: named
// in that language, and leading to the section's stories in it.
func (s *Server) sectionLink(sec string, managed []news.Section, lang string) link {
	return link{Href: "/section/" + url.PathEscape(sec) + langQuery(lang), Title: sectionName(sec, managed, lang), Key: sec}
}
