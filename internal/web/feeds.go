package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/feeds"
	"github.com/dateline-news/dateline/internal/store"
)

const feedItems = 30

var feedTypes = map[string]struct {
	ctype  string
	render func(*feeds.Feed) ([]byte, error)
}{
	"rss":  {"application/rss+xml; charset=utf-8", feeds.RSS},
	"atom": {"application/atom+xml; charset=utf-8", feeds.Atom},
	"json": {"application/feed+json; charset=utf-8", feeds.JSONFeed},
}

// splitFeedFile reads "name.ext" with a known feed extension.
func splitFeedFile(file string) (name, ext string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return "", "", false
	}
	name, ext = file[:i], file[i+1:]
	_, ok = feedTypes[ext]
	return name, ext, ok
}

// feedAll is /feeds/all.{rss,atom,json}.
func (s *Server) feedAll(r *http.Request) (*response, error) {
	name, ext, ok := splitFeedFile(r.PathValue("file"))
	if !ok || name != "all" {
		return nil, errNotFound
	}
	return s.feed(r, ext, store.ListQuery{}, s.cfg.SiteName, "/news", "/feeds/all."+ext, false)
}

// feedSection is /feeds/section/{name}.{ext}.
func (s *Server) feedSection(r *http.Request) (*response, error) {
	name, ext, ok := splitFeedFile(r.PathValue("file"))
	if !ok || checkName(name, maxSection) != nil {
		return nil, errNotFound
	}
	esc := url.PathEscape(name)
	return s.feed(r, ext, store.ListQuery{Section: name}, s.cfg.SiteName+": "+name, "/section/"+esc, "/feeds/section/"+esc+"."+ext, true)
}

// feedTag is /feeds/tag/{name}.{ext}.
func (s *Server) feedTag(r *http.Request) (*response, error) {
	name, ext, ok := splitFeedFile(r.PathValue("file"))
	if !ok || checkName(name, maxTag) != nil {
		return nil, errNotFound
	}
	esc := url.PathEscape(name)
	return s.feed(r, ext, store.ListQuery{Tag: name}, s.cfg.SiteName+": "+name, "/tag/"+esc, "/feeds/tag/"+esc+"."+ext, true)
}

// feed renders the newest public stories of a list. Items keep their id
// (the article URL without slug) across versions; their updated time is
// the latest public version's. A filtered feed with no stories is a 404,
// like its page.
func (s *Server) feed(r *http.Request, ext string, q store.ListQuery, title, sitePath, feedPath string, filtered bool) (*response, error) {
	lang, err := parseLang(r.URL.Query().Get("lang"))
	if err != nil {
		return nil, err
	}
	q.Language, q.Limit = lang, feedItems
	page, err := s.pub.ListPublic(r.Context(), q)
	if err != nil {
		return nil, err
	}
	if filtered && len(page.Stories) == 0 {
		return nil, errNotFound
	}
	f := &feeds.Feed{
		Title: title, Description: title, SiteURL: s.abs(sitePath), FeedURL: s.abs(feedPath),
		Language: lang, Author: s.cfg.SiteName,
	}
	if lang != "" {
		f.FeedURL += "?lang=" + url.QueryEscape(lang)
	}
	for _, st := range page.Stories {
		if !st.IsPublic(s.now()) {
			continue
		}
		it := feeds.ItemFromStory(st, s.abs("/news/"+st.ID), s.abs(articlePath(st)))
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		f.Items = append(f.Items, it)
	}
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0).UTC()
	}
	ft := feedTypes[ext]
	b, err := ft.render(f)
	if err != nil {
		return nil, err
	}
	return &response{ctype: ft.ctype, body: b, modified: f.Updated, maxAge: 60}, nil
}
