package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// Meta is what the layout needs on every page.
type Meta struct {
	Lang        string // lang attribute of <html>
	T           map[string]string
	SiteName    string
	Title       string
	Description string
	Canonical   string
	OGType      string // website or article
	CSS         string
	Feeds       []link
	Alternates  []link // hreflang
	Sections    []link
	Query       string
	LangSwitch  link
	AllNews     string // href of "All news": in the page's language
	SearchLang  string // lang= the search form sends; "" for all languages
	NoIndex     bool
	JSONLD      any      // template.JS holding JSON-LD, or nil
	Image       *imageLD // og:image; nil for none
	Published   string
	Modified    string
}

type link struct {
	Href  string
	Title string
	Type  string
	Lang  string
}

// meta fills the layout data for a page in language lang.
func (s *Server) meta(r *http.Request, lang, title string) Meta {
	if lang == "" {
		lang = "en"
	}
	tr := uiStrings(lang)
	m := Meta{
		Lang: lang, T: tr, SiteName: s.cfg.SiteName, OGType: "website", CSS: s.css.path,
		Title: title,
		Feeds: []link{
			{Href: "/feeds/all.rss", Type: "application/rss+xml", Title: s.cfg.SiteName + " (RSS)"},
			{Href: "/feeds/all.atom", Type: "application/atom+xml", Title: s.cfg.SiteName + " (Atom)"},
			{Href: "/feeds/all.json", Type: "application/feed+json", Title: s.cfg.SiteName + " (JSON Feed)"},
		},
	}
	if title != s.cfg.SiteName {
		m.Title = title + " — " + s.cfg.SiteName
	}
	other := tr["languageHref"]
	m.LangSwitch = link{Href: "/news?lang=" + other, Title: tr["language"], Lang: other}
	m.AllNews = "/news"
	if primary, _, _ := strings.Cut(lang, "-"); primary != "en" {
		// Searching and "All news" from a page in another language stay
		// in that language.
		m.SearchLang = lang
		m.AllNews = "/news?lang=" + url.QueryEscape(lang)
	}
	for _, sec := range s.sections(r) {
		m.Sections = append(m.Sections, sectionLink(sec, lang))
	}
	return m
}

// storyCard is a story in a list.
type storyCard struct {
	Href       string
	Headline   string
	Standfirst string
	Lang       string // set when it differs from the page's
	Published  timeView
	Section    link
	Mark       string // Flash / Urgent / ""
	MarkClass  string
}

type timeView struct {
	ISO   string
	Human string
}

func makeTime(t *time.Time, lang string) timeView {
	if t == nil || t.IsZero() {
		return timeView{}
	}
	return timeView{ISO: t.UTC().Format(time.RFC3339), Human: humanTime(*t, lang)}
}

// articlePath is the canonical path of a story: id and slug, the slug
// percent-encoded (sitemaps and feeds need escaped URLs).
func articlePath(s *news.Story) string {
	p := "/news/" + s.ID
	if sl := slug(s.Headline); sl != "" {
		p += "/" + url.PathEscape(sl)
	}
	return p
}

// slug makes a readable URL part from a headline: lower-case letters and
// digits (any script) joined by hyphens, at most 80 bytes.
func slug(h string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sep := dash && b.Len() > 0
			n := utf8.RuneLen(r)
			if sep {
				n++
			}
			if b.Len()+n > 80 {
				break // never end on a hyphen or half a word's letter
			}
			if sep {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

func urgencyMark(s *news.Story, tr map[string]string) (string, string) {
	switch u := s.EffectiveUrgency(); {
	case u <= 2:
		return tr["flash"], "flash"
	case u == 3:
		return tr["urgent"], "urgent"
	}
	return "", ""
}

func (s *Server) card(st *news.Story, pageLang string) storyCard {
	tr := uiStrings(pageLang)
	c := storyCard{
		Href: articlePath(st), Headline: st.Headline, Standfirst: st.Standfirst,
		Published: makeTime(st.FirstPublishedAt, pageLang),
	}
	if st.Language != pageLang {
		c.Lang = st.Language
	}
	if st.Section != "" {
		c.Section = sectionLink(st.Section, pageLang)
	}
	c.Mark, c.MarkClass = urgencyMark(st, tr)
	return c
}

func (s *Server) cards(list []*news.Story, lang string) []storyCard {
	out := make([]storyCard, 0, len(list))
	for _, st := range list {
		out = append(out, s.card(st, lang))
	}
	return out
}

// render executes a page template into a cacheable HTML response.
func (s *Server) render(name string, status int, data any) (*response, error) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return &response{status: status, ctype: "text/html; charset=utf-8", body: buf.Bytes()}, nil
}
