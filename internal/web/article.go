package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

type articlePage struct {
	Meta
	Story        *news.Story
	Mark         string
	MarkClass    string
	Dateline     string
	Body         []bodyBlock
	Published    timeView
	Updated      timeView // empty when never updated
	Section      link
	Tags         []link
	Corrections  []correctionView
	Translations []link
	Related      []storyCard
	People       []link // entity pages of the people, places and organisations named
	Places       []link
	Orgs         []link
	Lead         *pictureView // the lead picture, nil for none
}

type bodyBlock struct {
	Heading  bool
	Dateline string // only on the first paragraph
	Text     string
}

type correctionView struct {
	Note string
	At   timeView
}

type gonePage struct {
	Meta
	Notice string
	At     timeView
}

const maxRelated = 5

// article is /news/{id} and /news/{id}/{slug}.
func (s *Server) article(r *http.Request) (*response, error) {
	id := r.PathValue("id")
	if !news.ValidID(id) {
		return nil, errNotFound
	}
	st, err := s.pub.PublicStory(r.Context(), id)
	if err != nil {
		return nil, err
	}
	switch {
	case st.Status == news.StatusKilled:
		return s.gone(r, st)
	case !st.IsPublic(s.now()):
		// The store shows only public stories; this is a second lock.
		return nil, errNotFound
	}
	if sl := r.PathValue("slug"); sl != "" && sl != slug(st.Headline) {
		// A wrong or old slug (the headline changed) moves permanently to
		// the story's address; the page depends on the story, so a new
		// headline drops the cached redirect.
		return s.redirect(articlePath(st), r, st.ID), nil
	}
	lang := st.Language
	tr := uiStrings(lang)
	d := articlePage{Meta: s.meta(r, lang, st.Headline), Story: st}
	d.OGType = "article"
	d.Description = st.Standfirst
	d.Canonical = s.abs(articlePath(st))
	d.Mark, d.MarkClass = urgencyMark(st, tr)
	d.Dateline = st.Dateline.Display()
	first := true
	for _, b := range st.Body {
		bb := bodyBlock{Heading: b.Kind == news.Subheading, Text: b.Text}
		if !bb.Heading && first {
			bb.Dateline, first = d.Dateline, false
		}
		d.Body = append(d.Body, bb)
	}
	if first && d.Dateline != "" {
		d.Body = append([]bodyBlock{{Dateline: d.Dateline}}, d.Body...)
	}
	d.Published = s.makeTime(r.Context(), st.FirstPublishedAt, lang)
	if st.UpdatedAt != nil && st.FirstPublishedAt != nil && st.UpdatedAt.After(*st.FirstPublishedAt) {
		d.Updated = s.makeTime(r.Context(), st.UpdatedAt, lang)
	}
	d.Meta.Published, d.Meta.Modified = d.Published.ISO, d.Published.ISO
	if d.Updated.ISO != "" {
		d.Meta.Modified = d.Updated.ISO
	}
	if st.Section != "" {
		secs, _ := s.siteSettings(r.Context())
		d.Section = s.sectionLink(st.Section, secs, lang)
		d.ActiveSection = st.Section
	}
	for _, t := range st.Tags {
		d.Tags = append(d.Tags, link{Href: "/tag/" + url.PathEscape(t) + langQuery(lang), Title: t})
	}
	d.People, d.Places, d.Orgs = storyEntities(st)
	for _, c := range st.Corrections {
		at := c.At
		d.Corrections = append(d.Corrections, correctionView{Note: c.Note, At: s.makeTime(r.Context(), &at, lang)})
	}
	// Link only translations that are public themselves. The page
	// depends on every translation, public or not: publishing one adds
	// its link.
	var shows []string
	d.Alternates = append(d.Alternates, link{Href: d.Canonical, Lang: lang})
	for _, t := range st.Translations {
		if !news.ValidID(t.ID) {
			continue
		}
		shows = append(shows, t.ID)
		ts, err := s.pub.PublicStory(r.Context(), t.ID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !ts.IsPublic(s.now())) {
			continue
		} else if err != nil {
			return nil, err
		}
		l := link{Href: s.abs(articlePath(ts)), Lang: ts.Language, Title: ts.Headline}
		d.Translations = append(d.Translations, l)
		d.Alternates = append(d.Alternates, l)
		for i := range d.Languages {
			// The language switch of an article leads to its translation.
			if d.Languages[i].Lang == chromeLang(ts.Language) && !d.Languages[i].Current {
				d.Languages[i].Href = articlePath(ts)
			}
		}
	}
	related, err := s.related(r, st)
	if err != nil {
		return nil, err
	}
	d.Related = s.cards(r.Context(), related, st.Language)
	for _, o := range related {
		shows = append(shows, o.ID)
	}
	lead, err := s.leadPicture(r.Context(), st)
	if err != nil {
		return nil, err
	}
	if st.LeadPicture != "" {
		// Publishing, killing or withholding the picture changes the page.
		shows = append(shows, st.LeadPicture)
	}
	var image *imageLD
	if lead != nil {
		d.Lead = s.viewPicture(lead, "(max-width: 760px) 100vw, 760px", false)
		image = s.imageLD(lead)
		d.Meta.Image = image
	}
	ld, err := newsArticleLD(s, st, d.Canonical, image)
	if err != nil {
		return nil, err
	}
	d.JSONLD = ld
	resp, err := s.render("article", http.StatusOK, d)
	if err != nil {
		return nil, err
	}
	if st.UpdatedAt != nil {
		resp.modified = *st.UpdatedAt
	}
	resp.story, resp.shows = st.ID, shows
	return resp, nil
}

// related finds the most recent other stories sharing a tag with st.
func (s *Server) related(r *http.Request, st *news.Story) ([]*news.Story, error) {
	seen := map[string]bool{st.ID: true}
	var found []*news.Story
	for i, t := range st.Tags {
		if i == 3 {
			break
		}
		page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Tag: t, Limit: maxRelated + 1, Summary: true})
		if err != nil {
			return nil, err
		}
		for _, o := range page.Stories {
			if !seen[o.ID] {
				seen[o.ID] = true
				found = append(found, o)
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return published(found[i]).After(published(found[j])) })
	if len(found) > maxRelated {
		found = found[:maxRelated]
	}
	return found, nil
}

func published(s *news.Story) time.Time {
	if s.FirstPublishedAt == nil {
		return time.Time{}
	}
	return *s.FirstPublishedAt
}

// gone answers 410 with the withdrawal notice. It is never cached in
// memory.
func (s *Server) gone(r *http.Request, st *news.Story) (*response, error) {
	tr := uiStrings(st.Language)
	// The editor's public notice; the default one says no more than the
	// page's own text. The internal reason of a kill never reaches here.
	notice := st.KillNotice
	if notice == news.DefaultKillNotice {
		notice = ""
	}
	d := gonePage{Meta: s.meta(r, pageLang(st.Language), tr["killedTitle"]), Notice: notice,
		At: s.makeTime(r.Context(), st.UpdatedAt, st.Language)}
	d.NoIndex = true
	resp, err := s.render("gone", http.StatusGone, d)
	if err != nil {
		return nil, err
	}
	resp.noStore = true
	return resp, nil
}

// newsArticleLD is the schema.org NewsArticle of a story, as JSON safe to
// put in a <script type="application/ld+json"> (json.Marshal escapes <, >
// and &).
func newsArticleLD(s *Server, st *news.Story, canonical string, image *imageLD) (template.JS, error) {
	type thing struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	}
	type correction struct {
		Type          string `json:"@type"`
		Text          string `json:"text"`
		DatePublished string `json:"datePublished"`
	}
	ld := struct {
		Context          string       `json:"@context"`
		Type             string       `json:"@type"`
		Headline         string       `json:"headline"`
		Description      string       `json:"description,omitempty"`
		Dateline         string       `json:"dateline,omitempty"`
		DatePublished    string       `json:"datePublished,omitempty"`
		DateModified     string       `json:"dateModified,omitempty"`
		InLanguage       string       `json:"inLanguage"`
		URL              string       `json:"url"`
		MainEntityOfPage string       `json:"mainEntityOfPage"`
		ArticleSection   string       `json:"articleSection,omitempty"`
		Keywords         []string     `json:"keywords,omitempty"`
		Author           []thing      `json:"author,omitempty"`
		Publisher        thing        `json:"publisher"`
		Correction       []correction `json:"correction,omitempty"`
		Image            []*imageLD   `json:"image,omitempty"`
	}{
		Context: "https://schema.org", Type: "NewsArticle", Headline: st.Headline, Description: st.Standfirst,
		Dateline: st.Dateline.Display(), InLanguage: st.Language, URL: canonical, MainEntityOfPage: canonical,
		ArticleSection: st.Section, Keywords: st.Tags,
		Publisher: thing{Type: "Organization", Name: s.cfg.SiteName},
	}
	if st.FirstPublishedAt != nil {
		ld.DatePublished = st.FirstPublishedAt.UTC().Format(time.RFC3339)
		ld.DateModified = ld.DatePublished
	}
	if st.UpdatedAt != nil {
		ld.DateModified = st.UpdatedAt.UTC().Format(time.RFC3339)
	}
	if image != nil {
		ld.Image = []*imageLD{image}
	}
	if st.Byline != "" {
		ld.Author = []thing{{Type: "Person", Name: st.Byline}}
	}
	for _, c := range st.Corrections {
		ld.Correction = append(ld.Correction, correction{Type: "CorrectionComment", Text: c.Note, DatePublished: c.At.UTC().Format(time.RFC3339)})
	}
	b, err := json.Marshal(ld)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// redirect is a cacheable 301 to path (the request's query kept); story
// is the story it depends on.
func (s *Server) redirect(path string, r *http.Request, story string) *response {
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	body := []byte("Moved to " + path + "\n")
	return &response{status: http.StatusMovedPermanently, ctype: "text/plain; charset=utf-8", body: body,
		location: path, story: story}
}
