// Package newsml reads and writes IPTC NewsML-G2 (2.35) news items for
// Dateline stories. Export writes a text newsItem with an XHTML body;
// import reads a text newsItem with an XHTML or NITF inline body.
package newsml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
)

// Namespaces and media types.
const (
	NamespaceG2    = "http://iptc.org/std/nar/2006-10-01/"
	NamespaceXHTML = "http://www.w3.org/1999/xhtml"
	NamespaceNITF  = "http://iptc.org/std/NITF/2006-10-18/"
	ContentType    = "application/vnd.iptc.g2.newsitem+xml"

	iptcCatalog = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_40.xml"
)

// Notes written to edNote; Parse recognises them.
const (
	correctionLabel = "Correction: "
	killLabel       = "Withdrawn: " // the edNote's start in items of older versions; Parse drops it
)

type outItem struct {
	XMLName         xml.Name       `xml:"newsItem"`
	Xmlns           string         `xml:"xmlns,attr"`
	GUID            string         `xml:"guid,attr"`
	Version         int            `xml:"version,attr"`
	Standard        string         `xml:"standard,attr"`
	StandardVersion string         `xml:"standardversion,attr"`
	Conformance     string         `xml:"conformance,attr"`
	Lang            string         `xml:"xml:lang,attr,omitempty"`
	CatalogRef      []outHref      `xml:"catalogRef"`
	RightsInfo      *outRights     `xml:"rightsInfo"`
	ItemMeta        outItemMeta    `xml:"itemMeta"`
	ContentMeta     outContentMeta `xml:"contentMeta"`
	ContentSet      *outContentSet `xml:"contentSet"`
}

// outRights carries a picture's copyright notice.
type outRights struct {
	CopyrightNotice string `xml:"copyrightNotice"`
}

// outRemote is a picture rendition: nar:remoteContent.
type outRemote struct {
	Rendition   string `xml:"rendition,attr"`
	Href        string `xml:"href,attr"`
	ContentType string `xml:"contenttype,attr"`
	Size        int64  `xml:"size,attr,omitempty"`
	Width       int    `xml:"width,attr"`
	Height      int    `xml:"height,attr"`
}

type outHref struct {
	Href string `xml:"href,attr"`
}

type outFlex struct {
	QCode   string `xml:"qcode,attr,omitempty"`
	URI     string `xml:"uri,attr,omitempty"`
	Literal string `xml:"literal,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Name    string `xml:"name,omitempty"`
}

// Element order follows ItemMetadataType in the 2.35 schema.
type outItemMeta struct {
	ItemClass      outFlex   `xml:"itemClass"`
	Provider       outFlex   `xml:"provider"`
	VersionCreated string    `xml:"versionCreated"`
	FirstCreated   string    `xml:"firstCreated,omitempty"`
	Embargoed      string    `xml:"embargoed,omitempty"`
	PubStatus      outFlex   `xml:"pubStatus"`
	EdNote         string    `xml:"edNote,omitempty"`
	Signal         []outFlex `xml:"signal"`
	Link           []outLink `xml:"link"`
}

// outLink points to a translation: rel irel:seeAlso, xml:lang the
// language of the story it points to.
type outLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Lang string `xml:"xml:lang,attr,omitempty"`
}

// Administrative metadata first (a sequence), then descriptive metadata
// (any order).
type outContentMeta struct {
	Urgency         int          `xml:"urgency,omitempty"`
	ContentCreated  string       `xml:"contentCreated,omitempty"`
	ContentModified string       `xml:"contentModified,omitempty"`
	Located         *outFlex     `xml:"located"`
	Language        outLanguage  `xml:"language"`
	Subject         []outFlex    `xml:"subject"`
	Headline        string       `xml:"headline,omitempty"`
	Dateline        string       `xml:"dateline,omitempty"`
	By              string       `xml:"by,omitempty"`
	Creditline      string       `xml:"creditline,omitempty"`
	Description     []outDescrip `xml:"description"`
}

type outLanguage struct {
	Tag string `xml:"tag,attr"`
}

type outDescrip struct {
	Role string `xml:"role,attr,omitempty"`
	Text string `xml:",chardata"`
}

type outContentSet struct {
	InlineXML *outInline  `xml:"inlineXML"`
	Remote    []outRemote `xml:"remoteContent"`
}

type outInline struct {
	ContentType string  `xml:"contenttype,attr"`
	HTML        outHTML `xml:"html"`
}

type outHTML struct {
	Xmlns string     `xml:"xmlns,attr"`
	Lang  string     `xml:"lang,attr,omitempty"`
	Title string     `xml:"head>title"`
	Body  []outBlock `xml:"body>block"`
}

// outBlock is a <p> or an <h2>: its XMLName names the element.
type outBlock struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

// Marshal writes the story as a NewsML-G2 2.35 newsItem. Meta is the same
// as for ninjs: its zero fields are taken from the story.
func Marshal(s *news.Story, m ninjs.Meta) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("newsml: no story")
	}
	if s.ID == "" {
		return nil, fmt.Errorf("newsml: story has no id")
	}
	pub := m.PubStatus
	if pub == "" {
		var err error
		if pub, err = ninjs.PubStatusOf(s.Status); err != nil {
			return nil, fmt.Errorf("newsml: %w", err)
		}
	}
	switch pub {
	case ninjs.PubUsable, ninjs.PubWithheld, ninjs.PubCanceled:
	default:
		return nil, fmt.Errorf("newsml: pubStatus %q is not usable, withheld or canceled", pub)
	}
	version := m.Version
	if version == 0 {
		version = s.Version
	}
	if version < 1 {
		version = 1
	}
	base := strings.TrimRight(m.BaseURL, "/")

	guid := ninjs.ItemURI(base, s.ID)
	if s.IsPicture() {
		guid = ninjs.PictureURI(base, s.ID)
	}
	it := outItem{
		Xmlns: NamespaceG2, GUID: guid, Version: version,
		Standard: "NewsML-G2", StandardVersion: "2.35", Conformance: "power", Lang: s.Language,
		CatalogRef: []outHref{{Href: iptcCatalog}},
	}

	im := &it.ItemMeta
	im.ItemClass = outFlex{QCode: "ninat:text"}
	if s.IsPicture() {
		im.ItemClass = outFlex{QCode: "ninat:picture"}
	}
	if base != "" {
		im.Provider = outFlex{URI: base + "/"}
	} else {
		im.Provider = outFlex{Literal: "dateline"}
	}
	vc := m.VersionCreated
	if vc.IsZero() && s.UpdatedAt != nil {
		vc = *s.UpdatedAt
	}
	if vc.IsZero() {
		vc = s.ModifiedAt
	}
	if vc.IsZero() {
		return nil, fmt.Errorf("newsml: story has no version time (UpdatedAt or ModifiedAt)")
	}
	im.VersionCreated = stamp(vc)
	if s.FirstPublishedAt != nil {
		im.FirstCreated = stamp(*s.FirstPublishedAt)
	} else if !s.CreatedAt.IsZero() {
		im.FirstCreated = stamp(s.CreatedAt)
	}
	emb := m.Embargoed
	if emb == nil && s.Status == news.StatusScheduled {
		emb = s.EmbargoUntil
	}
	if emb != nil {
		im.Embargoed = stamp(*emb)
	}
	im.PubStatus = outFlex{QCode: "stat:" + pub}

	var correction *news.Correction
	for i := range s.Corrections {
		if s.Corrections[i].Version == version {
			correction = &s.Corrections[i]
		}
	}
	im.EdNote = m.EdNote
	switch {
	case im.EdNote != "":
	case s.Status == news.StatusKilled && s.KillNotice != "":
		im.EdNote = s.KillNotice
	case correction != nil:
		im.EdNote = correctionLabel + correction.Note
	}
	switch {
	case pub != ninjs.PubUsable:
	case correction != nil:
		im.Signal = append(im.Signal, outFlex{QCode: "sig:correction"})
	case version > 1:
		im.Signal = append(im.Signal, outFlex{QCode: "sig:update"})
	}

	for _, tr := range s.Translations {
		im.Link = append(im.Link, outLink{Rel: "irel:seeAlso", Href: ninjs.ItemURI(base, tr.ID), Lang: tr.Language})
	}
	if lp := m.LeadPicture; lp != nil && pub != ninjs.PubCanceled && lp.ID == s.LeadPicture {
		// The story's item links its picture's own newsItem.
		im.Link = append(im.Link, outLink{Rel: "irel:seeAlso", Href: ninjs.PictureURI(base, lp.ID)})
	}

	cm := &it.ContentMeta
	if s.Urgency >= 1 && s.Urgency <= 9 {
		cm.Urgency = s.Urgency
	}
	if !s.CreatedAt.IsZero() {
		cm.ContentCreated = stamp(s.CreatedAt)
	}
	if !s.ModifiedAt.IsZero() {
		cm.ContentModified = stamp(s.ModifiedAt)
	}
	if s.Dateline.Place != "" && pub != ninjs.PubCanceled {
		cm.Located = &outFlex{Name: s.Dateline.Place}
	}
	lang := s.Language
	if lang == "" {
		lang = "und"
	}
	cm.Language = outLanguage{Tag: lang}
	subject := func(kind, name string) outFlex {
		f := outFlex{Type: "cpnat:abstract", Name: name}
		if base != "" {
			f.URI = base + "/" + kind + "/" + url.PathEscape(name)
		} else {
			f.Literal = kind + ":" + name
		}
		return f
	}
	if s.Section != "" {
		cm.Subject = append(cm.Subject, subject("section", s.Section))
	}
	for _, t := range s.Tags {
		cm.Subject = append(cm.Subject, subject("tag", t))
	}
	cm.Subject = append(cm.Subject, entitySubjects(s, m, base)...)
	if pub != ninjs.PubCanceled {
		// A canceled item recalls the story: it names it and carries the
		// public notice (edNote), and none of its words.
		cm.Headline = s.Headline
		cm.Dateline = s.Dateline.Display()
		cm.By = s.Byline
	}
	if s.IsPicture() && s.Picture != nil {
		picture(&it, s, m, base, pub)
	} else if pub != ninjs.PubCanceled {
		if s.Standfirst != "" {
			cm.Description = []outDescrip{{Role: "drol:summary", Text: s.Standfirst}}
		}
		body := make([]outBlock, 0, len(s.Body))
		for _, b := range s.Body {
			tag := "p"
			if b.Kind == news.Subheading {
				tag = "h2"
			}
			body = append(body, outBlock{XMLName: xml.Name{Local: tag}, Text: b.Text})
		}
		it.ContentSet = &outContentSet{InlineXML: &outInline{
			ContentType: "application/xhtml+xml",
			HTML:        outHTML{Xmlns: NamespaceXHTML, Lang: s.Language, Title: s.Headline, Body: body},
		}}
	}

	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(&it); err != nil {
		return nil, fmt.Errorf("newsml: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// picture fills a picture's item: credit line, copyright, caption and
// alt text, and its renditions as remoteContent (none once killed).
func picture(it *outItem, s *news.Story, m ninjs.Meta, base string, pub string) {
	p := s.Picture
	if p.Copyright != "" {
		it.RightsInfo = &outRights{CopyrightNotice: p.Copyright}
	}
	cm := &it.ContentMeta
	cm.Creditline = p.Credit
	if pub == ninjs.PubCanceled {
		return
	}
	if cm.By == "" {
		cm.By = p.Creator
	}
	if p.Caption != "" {
		cm.Description = append(cm.Description, outDescrip{Role: "drol:caption", Text: p.Caption})
	}
	if p.Alt != "" {
		cm.Description = append(cm.Description, outDescrip{Role: "drol:alternativeText", Text: p.Alt})
	}
	href := m.RenditionHref
	if href == nil {
		href = func(r news.Rendition) string { return base + r.Path() }
	}
	cs := &outContentSet{}
	for _, r := range p.Renditions {
		cs.Remote = append(cs.Remote, outRemote{Rendition: "rnd:" + ninjs.RenditionName(r), Href: href(r),
			ContentType: r.ContentType, Size: r.Size, Width: r.Width, Height: r.Height})
	}
	if len(cs.Remote) > 0 {
		it.ContentSet = cs
	}
}

// entitySubjects are the IPTC Media Topics of the section and tags
// (cpnat:abstract with a medtop qcode) and the people, organisations and
// places named in the story (cpnat:person, cpnat:organisation,
// cpnat:geoArea), each with the URI of its page on the site.
func entitySubjects(s *news.Story, m ninjs.Meta, base string) []outFlex {
	var out []outFlex
	topics := []string{s.Section}
	for _, t := range append(topics, s.Tags...) {
		mt, ok := ninjs.LookupMediaTopic(t)
		if !ok {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o.QCode == mt.QCode()
		}
		if !dup {
			out = append(out, outFlex{Type: "cpnat:abstract", QCode: mt.QCode(), Name: mt.Label})
		}
	}
	people, orgs, places := m.People, m.Orgs, m.Places
	if people == nil && orgs == nil && places == nil {
		people, orgs, places = ninjs.StoryEntities(s, base)
	}
	add := func(typ, kind string, es []ninjs.Entity) {
		for _, e := range es {
			if e.Name == "" && e.URI == "" {
				continue
			}
			f := outFlex{Type: typ, Name: e.Name, URI: e.URI}
			if f.URI == "" {
				f.Literal = kind + ":" + news.EntitySlug(e.Name)
			}
			out = append(out, f)
		}
	}
	add("cpnat:person", "person", people)
	add("cpnat:organisation", "org", orgs)
	add("cpnat:geoArea", "place", places)
	return out
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
