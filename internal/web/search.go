package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/store"
)

// maxQuery is the longest search query accepted, in characters.
const maxQuery = 300

type searchPage struct {
	Meta
	Q        string
	Stories  []storyCard
	Older    string
	Newest   string
	Searched bool
}

// search is /search?q=. The query goes to the store as plain text; the
// store promises that no input is read as query syntax.
func (s *Server) search(r *http.Request) (*response, error) {
	lang, before, err := listParams(r)
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > maxQuery {
		return nil, badRequest("The search is too long; use fewer words.")
	}
	tr := uiStrings(lang)
	d := searchPage{Meta: s.meta(r, pageLang(lang), tr["searchResults"]), Q: q}
	d.Query = q
	d.NoIndex = true
	if q != "" {
		page, err := s.pub.Search(r.Context(), store.SearchQuery{Text: q, Language: lang, Before: before, Limit: s.cfg.PageSize})
		if err != nil {
			return nil, err
		}
		d.Searched = true
		base := url.Values{"q": {q}}
		if lang != "" {
			base.Set("lang", lang)
		}
		lp := listPage{}
		s.fillList(&lp, page, "/search", base, before != nil, lang)
		d.Stories, d.Older, d.Newest = lp.Stories, lp.Older, lp.Newest
	}
	return s.render("search", http.StatusOK, d)
}
