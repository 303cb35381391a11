// Package ninjs reads and writes IPTC ninjs ("News in JSON") documents for
// Dateline stories: ninjs 3.1 (camelCase property names) by default and
// ninjs 2.2 (lowercase names) on request. Every document written here
// validates against IPTC's official schema, embedded in the package, and
// every document read is validated against the schema of its generation
// before it is mapped to a story.
package ninjs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// Profile names the ninjs version a document is written in.
type Profile string

const (
	Profile31 Profile = "3.1" // the default
	Profile22 Profile = "2.2"
)

// Publication statuses (IPTC pubStatus).
const (
	PubUsable   = "usable"
	PubWithheld = "withheld"
	PubCanceled = "canceled"
)

// Meta is what an export needs beyond the story itself. Zero fields are
// taken from the story.
type Meta struct {
	BaseURL        string     // site root, e.g. "https://news.example.org"; the item uri is BaseURL+"/news/"+id
	Version        int        // 0: the story's Version
	VersionCreated time.Time  // zero: the story's UpdatedAt, else its ModifiedAt
	PubStatus      string     // usable | withheld | canceled; "": from the story's status
	Embargoed      *time.Time // nil: the story's EmbargoUntil while it is scheduled
	EdNote         string     // "": the correction note of this version, or the kill reason
	People         []Entity   // optional, from extraction
	Orgs           []Entity
	Places         []Entity
	// LeadPicture is the story's lead picture as subscribers may see it
	// (published; nil when there is none or it may not be delivered): it
	// becomes an association named featuremedia with its renditions.
	LeadPicture *news.Story
	// RenditionHref makes a rendition's URL; nil: BaseURL + its path on
	// the public site.
	RenditionHref func(news.Rendition) string
}

// Entity is a person, organisation or place named in a story.
type Entity struct {
	Name string
	URI  string // optional
}

// Roles and relations Dateline writes and recognises.
const (
	roleMain        = "main"
	roleSummary     = "summary"
	relSection      = "section"
	relTranslation  = "translation"
	correctionLabel = "Correction: "
	// killLabel started the edNote of a canceled item before the edNote
	// became the kill's public notice alone; Parse still drops it.
	killLabel = "Withdrawn: "
)

// ItemURI is the ninjs uri of a story: BaseURL+"/news/"+id, or a URN when
// there is no base URL.
func ItemURI(baseURL, id string) string {
	if baseURL == "" {
		return "urn:dateline:news:" + id
	}
	return strings.TrimRight(baseURL, "/") + "/news/" + url.PathEscape(id)
}

// ItemID is the story id in a uri ItemURI made (…/news/ID, escaped, or
// urn:dateline:news:ID); ok is false for any other uri or an empty id.
func ItemID(uri string) (id string, ok bool) {
	uri = strings.TrimSpace(uri)
	if rest, found := strings.CutPrefix(uri, "urn:dateline:news:"); found {
		id = rest
	} else if i := strings.LastIndex(uri, "/news/"); i >= 0 {
		id = uri[i+len("/news/"):]
		if u, err := url.PathUnescape(id); err == nil {
			id = u
		}
	} else {
		return "", false
	}
	id = strings.TrimSpace(id)
	return id, id != ""
}

// item is a story ready to be written, independent of the ninjs
// generation.
type item struct {
	URI, Version, FirstCreated, VersionCreated, Embargoed, PubStatus string
	Urgency                                                          int
	EdNote, Language, Headline, Standfirst, BodyHTML, BodyText       string
	Subjects                                                         []subject3
	By, Located                                                      string
	People, Orgs, Places                                             []entity3
	Translations                                                     []news.Translation
	BaseURL                                                          string
	// Pictures only.
	Type, Caption, Alt, Copyright string
	Renditions                    []rendition3
	Lead                          *item // the lead picture of a story
}

// rendition3 is a ninjs 3.x rendition; v2 renames its fields.
type rendition3 struct {
	Name        string `json:"name"`
	Href        string `json:"href,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	SizeInBytes int64  `json:"sizeInBytes,omitempty"`
}

type rendition2 struct {
	Name        string `json:"name"`
	Href        string `json:"href,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	SizeInBytes int64  `json:"sizeinbytes,omitempty"`
}

// PictureURI is the ninjs uri of a picture.
func PictureURI(baseURL, id string) string {
	if baseURL == "" {
		return "urn:dateline:picture:" + id
	}
	return strings.TrimRight(baseURL, "/") + "/pictures/" + url.PathEscape(id)
}

// RenditionName names a rendition in ninjs and NewsML-G2: its width and
// format, such as w1280-jpeg.
func RenditionName(r news.Rendition) string {
	f := strings.TrimPrefix(r.ContentType, "image/")
	return "w" + strconv.Itoa(r.Width) + "-" + f
}

// pictureFields fills the picture-only fields of it from s.
func (it *item) pictureFields(s *news.Story, m Meta) {
	it.Type = "picture"
	it.URI = PictureURI(m.BaseURL, s.ID)
	p := s.Picture
	if p == nil {
		return
	}
	it.Copyright = p.Copyright
	if it.PubStatus == PubCanceled {
		return
	}
	if it.By == "" {
		it.By = p.Creator
	}
	it.Caption, it.Alt = p.Caption, p.Alt
	if p.Credit != "" && it.By != p.Credit {
		it.By = strings.TrimSpace(strings.Join([]string{it.By, p.Credit}, " / "))
		it.By = strings.TrimPrefix(it.By, "/ ")
	}
	href := m.RenditionHref
	if href == nil {
		base := strings.TrimRight(m.BaseURL, "/")
		href = func(r news.Rendition) string { return base + r.Path() }
	}
	for _, r := range p.Renditions {
		it.Renditions = append(it.Renditions, rendition3{Name: RenditionName(r), Href: href(r), ContentType: r.ContentType,
			Width: r.Width, Height: r.Height, SizeInBytes: r.Size})
	}
}

func newItem(s *news.Story, m Meta) (*item, error) {
	if s == nil {
		return nil, fmt.Errorf("ninjs: no story")
	}
	if s.ID == "" {
		return nil, fmt.Errorf("ninjs: story has no id")
	}
	pub := m.PubStatus
	if pub == "" {
		var err error
		if pub, err = PubStatusOf(s.Status); err != nil {
			return nil, err
		}
	}
	switch pub {
	case PubUsable, PubWithheld, PubCanceled:
	default:
		return nil, fmt.Errorf("ninjs: pubStatus %q is not usable, withheld or canceled", pub)
	}
	it := &item{
		URI:       ItemURI(m.BaseURL, s.ID),
		BaseURL:   strings.TrimRight(m.BaseURL, "/"),
		PubStatus: pub,
		Language:  s.Language,
		Headline:  s.Headline,
		By:        s.Byline,
		Located:   s.Dateline.Place,
	}
	if pub == PubCanceled {
		// A canceled item recalls the story: it names it (uri, version,
		// times, subjects) and carries the public notice (edNote), and
		// none of its words: no headline, byline, dateline or body.
		it.Headline, it.By, it.Located = "", "", ""
	}
	version := m.Version
	if version == 0 {
		version = s.Version
	}
	if version > 0 {
		it.Version = strconv.Itoa(version)
	}
	if s.Urgency >= 1 && s.Urgency <= 9 {
		it.Urgency = s.Urgency
	}
	vc := m.VersionCreated
	if vc.IsZero() && s.UpdatedAt != nil {
		vc = *s.UpdatedAt
	}
	if vc.IsZero() {
		vc = s.ModifiedAt
	}
	it.VersionCreated = stamp(vc)
	first := s.CreatedAt
	if s.FirstPublishedAt != nil {
		first = *s.FirstPublishedAt
	}
	it.FirstCreated = stamp(first)
	emb := m.Embargoed
	if emb == nil && s.Status == news.StatusScheduled {
		emb = s.EmbargoUntil
	}
	if emb != nil {
		it.Embargoed = stamp(*emb)
	}
	it.EdNote = m.EdNote
	if it.EdNote == "" {
		switch {
		case s.Status == news.StatusKilled && s.KillNotice != "":
			it.EdNote = s.KillNotice
		default:
			for _, c := range s.Corrections {
				if c.Version == version {
					it.EdNote = correctionLabel + c.Note
				}
			}
		}
	}
	if pub != PubCanceled {
		it.Standfirst = s.Standfirst
		it.BodyHTML = BodyHTML(s.Body)
		it.BodyText = s.Text()
	}
	if s.Section != "" {
		it.Subjects = append(it.Subjects, subject3{Name: s.Section, Rel: relSection, URI: it.link("section", s.Section)})
	}
	for _, t := range s.Tags {
		it.Subjects = append(it.Subjects, subject3{Name: t, URI: it.link("tag", t)})
	}
	for _, t := range mediaTopicsOf(s.Section, s.Tags) {
		it.Subjects = append(it.Subjects, subject3{Name: t.Label, URI: t.URI()})
	}
	people, orgs, places := m.People, m.Orgs, m.Places
	if people == nil && orgs == nil && places == nil {
		people, orgs, places = StoryEntities(s, m.BaseURL)
	}
	it.People = entities(people)
	it.Orgs = entities(orgs)
	it.Places = entities(places)
	it.Translations = s.Translations
	if s.IsPicture() {
		it.pictureFields(s, m)
	}
	if lp := m.LeadPicture; lp != nil && pub != PubCanceled && lp.IsPicture() && lp.ID == s.LeadPicture {
		lead, err := newItem(lp, Meta{BaseURL: m.BaseURL, RenditionHref: m.RenditionHref})
		if err != nil {
			return nil, fmt.Errorf("ninjs: lead picture: %w", err)
		}
		it.Lead = lead
	}
	return it, nil
}

func (it *item) link(kind, name string) string {
	if it.BaseURL == "" {
		return ""
	}
	return it.BaseURL + "/" + kind + "/" + url.PathEscape(name)
}

// StoryEntities lists the people, organisations and places extraction
// found in s, each with the URI of its page on the site when baseURL is
// set (baseURL/person/{slug}, /org/{slug}, /place/{slug}). A killed story
// names none.
func StoryEntities(s *news.Story, baseURL string) (people, orgs, places []Entity) {
	if s.Status == news.StatusKilled {
		return nil, nil, nil
	}
	base := strings.TrimRight(baseURL, "/")
	uri := func(kind, name string) string {
		sl := news.EntitySlug(name)
		if base == "" || sl == "" {
			return ""
		}
		return base + "/" + kind + "/" + url.PathEscape(sl)
	}
	for _, p := range s.Entities.People {
		people = append(people, Entity{Name: p.Name, URI: uri("person", p.Name)})
	}
	for _, o := range s.Entities.Organisations {
		orgs = append(orgs, Entity{Name: o.Name, URI: uri("org", o.Name)})
	}
	for _, p := range s.Entities.Places {
		places = append(places, Entity{Name: p.Name, URI: uri("place", p.Name)})
	}
	return people, orgs, places
}

func entities(es []Entity) []entity3 {
	var out []entity3
	for _, e := range es {
		if e.Name != "" || e.URI != "" {
			out = append(out, entity3{Name: e.Name, URI: e.URI})
		}
	}
	return out
}

// PubStatusOf maps a story status to the IPTC publication status. A draft
// has none: it is never sent out.
func PubStatusOf(st news.Status) (string, error) {
	switch st {
	case news.StatusPublished, news.StatusScheduled:
		return PubUsable, nil
	case news.StatusWithheld:
		return PubWithheld, nil
	case news.StatusKilled:
		return PubCanceled, nil
	}
	return "", fmt.Errorf("ninjs: a %s story has no publication status; only public stories are exported", st)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Marshal writes the story as a ninjs document of profile p (3.1 when p is
// empty).
func Marshal(s *news.Story, m Meta, p Profile) ([]byte, error) {
	it, err := newItem(s, m)
	if err != nil {
		return nil, err
	}
	var doc any
	switch p {
	case Profile31, "":
		doc = it.v3()
	case Profile22:
		doc = it.v2()
	default:
		return nil, fmt.Errorf("ninjs: unknown profile %q (want 3.1 or 2.2)", p)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // body HTML stays readable; it is a JSON string either way
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// ninjs 3.x property names.

type doc3 struct {
	URI                string       `json:"uri"`
	Type               string       `json:"type"`
	RepresentationType string       `json:"representationType"`
	Version            string       `json:"version,omitempty"`
	FirstCreated       string       `json:"firstCreated,omitempty"`
	VersionCreated     string       `json:"versionCreated,omitempty"`
	EmbargoedUntil     string       `json:"embargoedUntil,omitempty"`
	PubStatus          string       `json:"pubStatus"`
	Urgency            int          `json:"urgency,omitempty"`
	CopyrightNotice    string       `json:"copyrightNotice,omitempty"`
	EdNote             string       `json:"edNote,omitempty"`
	Language           string       `json:"language,omitempty"`
	Headlines          []text3      `json:"headlines,omitempty"`
	Descriptions       []text3      `json:"descriptions,omitempty"`
	Bodies             []body3      `json:"bodies,omitempty"`
	By                 string       `json:"by,omitempty"`
	Located            string       `json:"located,omitempty"`
	Subjects           []subject3   `json:"subjects,omitempty"`
	People             []entity3    `json:"people,omitempty"`
	Organisations      []entity3    `json:"organisations,omitempty"`
	Places             []entity3    `json:"places,omitempty"`
	Renditions         []rendition3 `json:"renditions,omitempty"`
	Associations       []assoc3     `json:"associations,omitempty"`
}

type text3 struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Value       string `json:"value"`
}

type body3 struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	CharCount   int    `json:"charCount,omitempty"`
	WordCount   int    `json:"wordCount,omitempty"`
	Value       string `json:"value"`
}

type subject3 struct {
	Name string `json:"name,omitempty"`
	Rel  string `json:"rel,omitempty"`
	URI  string `json:"uri,omitempty"`
}

type entity3 struct {
	Name string `json:"name,omitempty"`
	URI  string `json:"uri,omitempty"`
}

type assoc3 struct {
	Name            string       `json:"name"`
	Rel             string       `json:"rel,omitempty"`
	URI             string       `json:"uri"`
	Type            string       `json:"type,omitempty"`
	Version         string       `json:"version,omitempty"`
	VersionCreated  string       `json:"versionCreated,omitempty"`
	PubStatus       string       `json:"pubStatus,omitempty"`
	CopyrightNotice string       `json:"copyrightNotice,omitempty"`
	Language        string       `json:"language,omitempty"`
	Headlines       []text3      `json:"headlines,omitempty"`
	Descriptions    []text3      `json:"descriptions,omitempty"`
	By              string       `json:"by,omitempty"`
	Renditions      []rendition3 `json:"renditions,omitempty"`
}

// Associations and descriptions of pictures.
const (
	assocLead   = "featuremedia"
	relLead     = "lead-picture"
	roleCaption = "caption"
	roleAlt     = "alt"
)

// pictureTexts are a picture's descriptions: its caption and alt text.
func (it *item) pictureTexts() []text3 {
	var d []text3
	if it.Caption != "" {
		d = append(d, text3{Role: roleCaption, ContentType: "text/plain", Value: it.Caption})
	}
	if it.Alt != "" {
		d = append(d, text3{Role: roleAlt, ContentType: "text/plain", Value: it.Alt})
	}
	return d
}

func (it *item) v3() *doc3 {
	typ := it.Type
	if typ == "" {
		typ = "text"
	}
	d := &doc3{
		URI: it.URI, Type: typ, RepresentationType: "full", Version: it.Version, CopyrightNotice: it.Copyright,
		Renditions:   it.Renditions,
		FirstCreated: it.FirstCreated, VersionCreated: it.VersionCreated, EmbargoedUntil: it.Embargoed,
		PubStatus: it.PubStatus, Urgency: it.Urgency, EdNote: it.EdNote, Language: it.Language,
		By: it.By, Located: it.Located, Subjects: it.Subjects,
		People: it.People, Organisations: it.Orgs, Places: it.Places,
	}
	if it.Headline != "" {
		d.Headlines = []text3{{Role: roleMain, ContentType: "text/plain", Value: it.Headline}}
	}
	if it.Standfirst != "" {
		d.Descriptions = []text3{{Role: roleSummary, ContentType: "text/plain", Value: it.Standfirst}}
	}
	if it.BodyHTML != "" {
		d.Bodies = []body3{
			{Role: roleMain, ContentType: "text/html", Value: it.BodyHTML},
			{Role: roleMain, ContentType: "text/plain", CharCount: utf8.RuneCountInString(it.BodyText), WordCount: wordCount(it.BodyText), Value: it.BodyText},
		}
	}
	if it.Type == "picture" {
		d.Descriptions = append(d.Descriptions, it.pictureTexts()...)
	}
	if l := it.Lead; l != nil {
		a := assoc3{Name: assocLead, Rel: relLead, URI: l.URI, Type: "picture", Version: l.Version,
			VersionCreated: l.VersionCreated, PubStatus: l.PubStatus, CopyrightNotice: l.Copyright, Language: l.Language,
			Descriptions: l.pictureTexts(), By: l.By, Renditions: l.Renditions}
		if l.Headline != "" {
			a.Headlines = []text3{{Role: roleMain, ContentType: "text/plain", Value: l.Headline}}
		}
		d.Associations = append(d.Associations, a)
	}
	for _, t := range it.Translations {
		d.Associations = append(d.Associations, assoc3{
			Name: relTranslation + "-" + t.Language, Rel: relTranslation,
			URI: ItemURI(it.BaseURL, t.ID), Type: "text", Language: t.Language,
		})
	}
	return d
}

// ninjs 2.x property names (checked against ninjs-schema_2.2.json).

type doc2 struct {
	URI                string       `json:"uri"`
	Type               string       `json:"type"`
	RepresentationType string       `json:"representationtype"`
	Version            string       `json:"version,omitempty"`
	FirstCreated       string       `json:"firstcreated,omitempty"`
	VersionCreated     string       `json:"versioncreated,omitempty"`
	Embargoed          string       `json:"embargoed,omitempty"`
	PubStatus          string       `json:"pubstatus"`
	Urgency            int          `json:"urgency,omitempty"`
	CopyrightNotice    string       `json:"copyrightnotice,omitempty"`
	EdNote             string       `json:"ednote,omitempty"`
	Language           string       `json:"language,omitempty"`
	Headlines          []text2      `json:"headlines,omitempty"`
	Descriptions       []text2      `json:"descriptions,omitempty"`
	Bodies             []body2      `json:"bodies,omitempty"`
	By                 string       `json:"by,omitempty"`
	Located            string       `json:"located,omitempty"`
	Subjects           []subject3   `json:"subjects,omitempty"` // name, rel, uri: same in 2.2
	People             []entity3    `json:"people,omitempty"`
	Organisations      []entity3    `json:"organisations,omitempty"`
	Places             []entity3    `json:"places,omitempty"`
	Renditions         []rendition2 `json:"renditions,omitempty"`
	Associations       []assoc2     `json:"associations,omitempty"`
}

type text2 struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Value       string `json:"value"`
}

type body2 struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	CharCount   int    `json:"charcount,omitempty"`
	WordCount   int    `json:"wordcount,omitempty"`
	Value       string `json:"value"`
}

// assoc2 has no rel: ninjs 2.2 associations allow only name next to the
// ninjs properties.
type assoc2 struct {
	Name            string       `json:"name"`
	URI             string       `json:"uri"`
	Type            string       `json:"type,omitempty"`
	Version         string       `json:"version,omitempty"`
	VersionCreated  string       `json:"versioncreated,omitempty"`
	PubStatus       string       `json:"pubstatus,omitempty"`
	CopyrightNotice string       `json:"copyrightnotice,omitempty"`
	Language        string       `json:"language,omitempty"`
	Headlines       []text2      `json:"headlines,omitempty"`
	Descriptions    []text2      `json:"descriptions,omitempty"`
	By              string       `json:"by,omitempty"`
	Renditions      []rendition2 `json:"renditions,omitempty"`
}

func renditions2(rs []rendition3) []rendition2 {
	var out []rendition2
	for _, r := range rs {
		out = append(out, rendition2(r))
	}
	return out
}

func texts2(ts []text3) []text2 {
	var out []text2
	for _, t := range ts {
		out = append(out, text2(t))
	}
	return out
}

func (it *item) v2() *doc2 {
	d3 := it.v3()
	d := &doc2{
		URI: d3.URI, Type: d3.Type, RepresentationType: d3.RepresentationType, Version: d3.Version,
		CopyrightNotice: d3.CopyrightNotice, Renditions: renditions2(d3.Renditions),
		FirstCreated: d3.FirstCreated, VersionCreated: d3.VersionCreated, Embargoed: d3.EmbargoedUntil,
		PubStatus: d3.PubStatus, Urgency: d3.Urgency, EdNote: d3.EdNote, Language: d3.Language,
		By: d3.By, Located: d3.Located, Subjects: d3.Subjects,
		People: d3.People, Organisations: d3.Organisations, Places: d3.Places,
	}
	d.Headlines, d.Descriptions = texts2(d3.Headlines), texts2(d3.Descriptions)
	for _, b := range d3.Bodies {
		d.Bodies = append(d.Bodies, body2(b))
	}
	for _, a := range d3.Associations {
		d.Associations = append(d.Associations, assoc2{Name: a.Name, URI: a.URI, Type: a.Type, Version: a.Version,
			VersionCreated: a.VersionCreated, PubStatus: a.PubStatus, CopyrightNotice: a.CopyrightNotice, Language: a.Language,
			Headlines: texts2(a.Headlines), Descriptions: texts2(a.Descriptions), By: a.By, Renditions: renditions2(a.Renditions)})
	}
	return d
}
