package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
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
	// Languages is the header's language switch: one link per language
	// the site speaks, the page's own marked Current.
	Languages  []langLink
	Home       string // href of the logo: the front page in the page's language
	AllNews    string // href of "All news": in the page's language
	SearchLang string // lang= the search form sends; "" for English
	// ActiveSection is the key of the section the page is about, marked
	// in the menu.
	ActiveSection string
	NoIndex       bool
	JSONLD        any      // template.JS holding JSON-LD, or nil
	Image         *imageLD // og:image; nil for none
	Published     string
	Modified      string
}

type link struct {
	Href  string
	Title string
	Type  string
	Lang  string
	Key   string // a section's key, in the menu
}

type langLink struct {
	link
	Current bool
}

// siteLanguages are the languages of the site's chrome, in the order the
// switch shows them.
var siteLanguages = []string{"en", "ru"}

// langQuery is the query string that keeps a page in lang: "" for
// English (the default), "?lang=ru" otherwise.
func langQuery(lang string) string {
	if lang == "" || lang == "en" {
		return ""
	}
	return "?lang=" + url.QueryEscape(lang)
}

// switchHref is where the language switch of request r leads for lang:
// the same list in the other language (its first page), the front page
// for anything else.
func switchHref(r *http.Request, lang string) string {
	p := r.URL.Path
	if p != "/" && p != "/news" && p != "/search" && !strings.HasPrefix(p, "/section/") {
		return "/" + langQuery(lang)
	}
	q := url.Values{}
	for _, k := range []string{"q", "section", "tag", "sort", "from", "to"} {
		if v := r.URL.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if lang != "en" {
		q.Set("lang", lang)
	}
	if enc := q.Encode(); enc != "" {
		return p + "?" + enc
	}
	return p
}

// meta fills the layout data for a page in language lang. Every link it
// makes keeps the page's language.
func (s *Server) meta(r *http.Request, lang, title string) Meta {
	if lang == "" {
		lang = "en"
	}
	tr := uiStrings(lang)
	m := Meta{
		Lang: lang, T: tr, SiteName: s.cfg.SiteName, OGType: "website", CSS: s.css.path,
		Title: title,
		Feeds: []link{
			{Href: "/feeds/all.rss" + langQuery(lang), Type: "application/rss+xml", Title: s.cfg.SiteName + " (RSS)"},
			{Href: "/feeds/all.atom" + langQuery(lang), Type: "application/atom+xml", Title: s.cfg.SiteName + " (Atom)"},
			{Href: "/feeds/all.json" + langQuery(lang), Type: "application/feed+json", Title: s.cfg.SiteName + " (JSON Feed)"},
		},
	}
	if title != s.cfg.SiteName {
		m.Title = title + " — " + s.cfg.SiteName
	}
	for _, l := range siteLanguages {
		m.Languages = append(m.Languages, langLink{
			link:    link{Href: switchHref(r, l), Title: ui[l]["langName"], Lang: l},
			Current: chromeLang(lang) == l && (l != "en" || strings.HasPrefix(lang, "en")),
		})
	}
	m.Home = "/" + langQuery(lang)
	m.AllNews = "/news" + langQuery(lang)
	if lang != "en" {
		// Searching from a page in another language stays in that
		// language.
		m.SearchLang = lang
	}
	secs, _ := s.siteSettings(r.Context())
	for _, sec := range secs {
		m.Sections = append(m.Sections, s.sectionLink(sec.Key, secs, lang))
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
	// Rail is the short time of the "All news" rail ("09:15"); RailDay
	// names its day ("Today", "3 December") on the first item of a day.
	Rail    string
	RailDay string
	// Translations link the story's public versions in other languages.
	Translations []link
	// Picture is the story's lead picture where the list shows pictures
	// (the front page), nil otherwise.
	Picture *pictureView
}

type timeView struct {
	ISO   string
	Human string
}

// makeTime shows t in the site's time zone and the chrome language of
// lang.
func (s *Server) makeTime(ctx context.Context, t *time.Time, lang string) timeView {
	if t == nil || t.IsZero() {
		return timeView{}
	}
	_, loc := s.siteSettings(ctx)
	return timeView{ISO: t.UTC().Format(time.RFC3339), Human: humanTime(*t, loc, lang)}
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

func (s *Server) card(ctx context.Context, st *news.Story, pageLang string) storyCard {
	tr := uiStrings(pageLang)
	secs, loc := s.siteSettings(ctx)
	c := storyCard{
		Href: articlePath(st), Headline: st.Headline, Standfirst: st.Standfirst,
		Published: s.makeTime(ctx, st.FirstPublishedAt, pageLang),
	}
	if st.FirstPublishedAt != nil {
		c.Rail = shortTime(*st.FirstPublishedAt, loc)
		c.RailDay = railDay(*st.FirstPublishedAt, s.now(), loc, pageLang)
	}
	if st.Language != pageLang {
		c.Lang = st.Language
	}
	if st.Section != "" {
		c.Section = s.sectionLink(st.Section, secs, pageLang)
	}
	c.Mark, c.MarkClass = urgencyMark(st, tr)
	return c
}

func (s *Server) cards(ctx context.Context, list []*news.Story, lang string) []storyCard {
	out := make([]storyCard, 0, len(list))
	prev := ""
	for _, st := range list {
		c := s.card(ctx, st, lang)
		if c.RailDay == prev {
			c.RailDay = "" // the day is named on its first item only
		} else {
			prev = c.RailDay
		}
		out = append(out, c)
	}
	if len(out) > 0 && out[0].RailDay == uiStrings(lang)["today"] {
		out[0].RailDay = "" // a rail that starts today needs no heading
	}
	return out
}

// withTranslations adds to list cards the links to the public versions
// of their stories in other languages, so a list in one language links
// translations instead of mixing them in.
func (s *Server) withTranslations(ctx context.Context, cards []storyCard, list []*news.Story) error {
	for i, st := range list {
		for _, t := range st.Translations {
			if !news.ValidID(t.ID) {
				continue
			}
			ts, err := s.pub.PublicStory(ctx, t.ID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && !ts.IsPublic(s.now())) {
				continue
			} else if err != nil {
				return err
			}
			name := ui[chromeLang(ts.Language)]["langName"]
			if chromeLang(ts.Language) != ts.Language {
				name = ts.Language
			}
			cards[i].Translations = append(cards[i].Translations,
				link{Href: articlePath(ts), Title: name, Lang: ts.Language})
		}
	}
	return nil
}

// render executes a page template into a cacheable HTML response.
func (s *Server) render(name string, status int, data any) (*response, error) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return &response{status: status, ctype: "text/html; charset=utf-8", body: buf.Bytes()}, nil
}
