package feeds

import (
	"encoding/xml"
	"time"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href     string `xml:"href,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type  string `xml:"type,attr,omitempty"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

// Atom renders f as an Atom 1.0 feed. Entry ids are the stable item ids;
// an entry's updated is the time of the story's latest public version.
func Atom(f *Feed) ([]byte, error) {
	d := atomFeed{
		Lang:    f.Language,
		ID:      f.FeedURL,
		Title:   f.Title,
		Sub:     f.Description,
		Updated: atomTime(f.Updated),
		Links: []atomLink{
			{Href: f.SiteURL, Rel: "alternate", Type: "text/html"},
			{Href: f.FeedURL, Rel: "self", Type: "application/atom+xml"},
		},
		Gen: "Dateline",
	}
	// RFC 4287: every entry needs an author; a feed-level author covers
	// entries without a byline.
	author := f.Author
	if author == "" {
		author = f.Title
	}
	d.Author = &atomPerson{Name: author}
	for _, it := range f.Items {
		e := atomEntry{
			Lang:      it.Language,
			ID:        it.ID,
			Title:     it.Title,
			Links:     []atomLink{{Href: it.URL, Rel: "alternate", Type: "text/html"}},
			Published: atomTime(it.Published),
			Updated:   atomTime(it.Updated),
		}
		if it.Author != "" {
			e.Author = &atomPerson{Name: it.Author}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Value: it.Summary}
		}
		if it.ContentHTML != "" {
			e.Content = &atomText{Type: "html", Value: it.ContentHTML}
		}
		d.Entries = append(d.Entries, e)
	}
	return marshalXML(d)
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}
