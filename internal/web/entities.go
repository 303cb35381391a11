package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Entity pages (/person/{slug}, /place/{slug}, /org/{slug}) list the
// stories that name a person, place or organisation, newest first, and for
// a person their quotes. They need no store method of their own: the
// site searches for the words of the name and keeps the stories whose
// extracted entities carry the slug, walking search pages with the
// search cursor.

// entityKind is one kind of entity page.
type entityKind struct {
	path     string // "/person/"
	titleKey string // ui key of the page title, with %s for the name
	// names lists the entities of this kind in a story.
	names func(e *news.Entities) []string
}

var (
	personKind = entityKind{"/person/", "personTitle", func(e *news.Entities) []string {
		out := make([]string, 0, len(e.People))
		for _, p := range e.People {
			out = append(out, p.Name)
		}
		return out
	}}
	placeKind = entityKind{"/place/", "placeTitle", func(e *news.Entities) []string {
		out := make([]string, 0, len(e.Places))
		for _, p := range e.Places {
			out = append(out, p.Name)
		}
		return out
	}}
	orgKind = entityKind{"/org/", "orgTitle", func(e *news.Entities) []string {
		out := make([]string, 0, len(e.Organisations))
		for _, o := range e.Organisations {
			out = append(out, o.Name)
		}
		return out
	}}
)

// Bounds on the search-then-filter walk.
const (
	maxSlug         = 200 // bytes of a slug in the address
	entityScan      = 400 // candidate stories read for one entity page
	searchBatch     = 50  // stories per search call
	maxEntityQuotes = 50  // quotes on a person page
	quoteScan       = 200 // candidate stories read for the quotes API
	quoteLimit      = 50  // default quotes per API answer
	quoteLimitMax   = 200
	maxQuoteSpeaker = 200 // characters of ?speaker=
	maxQuoteQuery   = 300 // characters of ?q=
)

type entityPage struct {
	listPage
	Kind   string // person, place, org
	Quotes []quoteView
}

type quoteView struct {
	Text      string
	Href      string // the story
	Headline  string
	Published timeView
}

// entityLink is the link to an entity's page, or an empty link when the
// name has no letters or digits.
func entityLink(k entityKind, name string) link {
	sl := news.EntitySlug(name)
	if sl == "" {
		return link{}
	}
	return link{Href: k.path + url.PathEscape(sl), Title: name}
}

// hasEntity reports whether st names an entity of kind k with slug sl, and
// returns the name as written there.
func hasEntity(st *news.Story, k entityKind, sl string) (string, bool) {
	for _, n := range k.names(&st.Entities) {
		if news.EntitySlug(n) == sl {
			return n, true
		}
	}
	return "", false
}

// slugWords turns a slug back into search words.
func slugWords(sl string) string { return strings.Join(strings.Split(sl, "-"), " ") }

// storyCursor is the search position just after st.
func storyCursor(st *news.Story) *store.Cursor {
	c := &store.Cursor{ID: st.ID}
	if st.FirstPublishedAt != nil {
		c.At = *st.FirstPublishedAt
	}
	return c
}

// walkSearch calls keep for each story the search for text finds, newest
// first from before, until keep returns false, max stories were read or
// the results run out. It returns the cursor after the last story read
// when more may follow, nil otherwise.
func (s *Server) walkSearch(r *http.Request, text, lang string, before *store.Cursor, max int, keep func(*news.Story) bool) (*store.Cursor, error) {
	return walk(before, max, keep, func(before *store.Cursor, limit int) (store.Page, error) {
		return s.pub.Search(r.Context(), store.SearchQuery{Text: text, Language: lang, Before: before, Limit: limit})
	})
}

// walkList is walkSearch over all public stories.
func (s *Server) walkList(r *http.Request, lang string, before *store.Cursor, max int, keep func(*news.Story) bool) (*store.Cursor, error) {
	return walk(before, max, keep, func(before *store.Cursor, limit int) (store.Page, error) {
		return s.pub.ListPublic(r.Context(), store.ListQuery{Language: lang, Before: before, Limit: limit})
	})
}

func walk(before *store.Cursor, max int, keep func(*news.Story) bool, fetch func(*store.Cursor, int) (store.Page, error)) (*store.Cursor, error) {
	read := 0
	for {
		page, err := fetch(before, min(searchBatch, max-read))
		if err != nil {
			return nil, err
		}
		for i, st := range page.Stories {
			read++
			if !keep(st) {
				if i == len(page.Stories)-1 && page.Next == nil {
					return nil, nil
				}
				return storyCursor(st), nil
			}
		}
		if page.Next == nil || len(page.Stories) == 0 {
			return nil, nil
		}
		if read >= max {
			return page.Next, nil
		}
		before = page.Next
	}
}

func (s *Server) personPage(r *http.Request) (*response, error) { return s.entityPage(r, personKind) }
func (s *Server) placePage(r *http.Request) (*response, error)  { return s.entityPage(r, placeKind) }
func (s *Server) orgPage(r *http.Request) (*response, error)    { return s.entityPage(r, orgKind) }

// entityPage lists the stories naming one entity. A slug that no public
// story names is a 404.
func (s *Server) entityPage(r *http.Request, k entityKind) (*response, error) {
	sl := r.PathValue("slug")
	if sl == "" || len(sl) > maxSlug || !utf8.ValidString(sl) || news.EntitySlug(sl) != sl {
		return nil, errNotFound
	}
	lang, before, err := s.listParams(r)
	if err != nil {
		return nil, err
	}
	var found []*news.Story
	name := ""
	keep := func(st *news.Story) bool {
		if n, ok := hasEntity(st, k, sl); ok {
			if name == "" {
				name = n
			}
			found = append(found, st)
		}
		return len(found) < s.cfg.PageSize
	}
	// The search finds the name as written in the entities. A name that
	// the copy only declines (Russian "в Москве" for Москва) is not found
	// by its words; then the page walks the newest stories instead
	// (?via=list keeps that walk on the next pages).
	viaList := r.URL.Query().Get("via") == "list"
	var next *store.Cursor
	if !viaList {
		next, err = s.walkSearch(r, slugWords(sl), lang, before, entityScan, keep)
		if err == nil && len(found) == 0 && before == nil {
			viaList = true
		}
	}
	if err == nil && viaList {
		next, err = s.walkList(r, lang, before, entityScan, keep)
	}
	if err != nil {
		return nil, err
	}
	if len(found) == 0 && (before == nil || next == nil) {
		return nil, errNotFound
	}
	if name == "" {
		name = slugWords(sl)
	}
	tr := uiStrings(lang)
	title := trf(tr, k.titleKey, name)
	path := k.path + url.PathEscape(sl)
	d := entityPage{listPage: listPage{Meta: s.meta(r, pageLang(lang), title), Heading: title}, Kind: strings.Trim(k.path, "/")}
	d.Canonical = s.abs(path)
	base := url.Values{}
	if lang != "" {
		base.Set("lang", lang)
	}
	if viaList {
		base.Set("via", "list")
	}
	if err := s.fillList(r.Context(), &d.listPage, store.Page{Stories: found, Next: next}, path, base, before != nil, lang); err != nil {
		return nil, err
	}
	if k.path == personKind.path {
		for _, st := range found {
			for _, q := range st.Entities.Quotes {
				if news.EntitySlug(q.Speaker) != sl || len(d.Quotes) == maxEntityQuotes {
					continue
				}
				d.Quotes = append(d.Quotes, quoteView{Text: q.Text, Href: articlePath(st), Headline: st.Headline,
					Published: s.makeTime(r.Context(), st.FirstPublishedAt, pageLang(lang))})
			}
		}
	}
	return s.render("entity", http.StatusOK, d)
}

// storyEntities are the entity links of an article page.
func storyEntities(st *news.Story) (people, places, orgs []link) {
	add := func(list []link, k entityKind, name string) []link {
		l := entityLink(k, name)
		if l.Href == "" {
			return list
		}
		for _, o := range list {
			if o.Href == l.Href {
				return list
			}
		}
		return append(list, l)
	}
	for _, p := range st.Entities.People {
		people = add(people, personKind, p.Name)
	}
	for _, p := range st.Entities.Places {
		places = add(places, placeKind, p.Name)
	}
	for _, o := range st.Entities.Organisations {
		orgs = add(orgs, orgKind, o.Name)
	}
	return people, places, orgs
}
