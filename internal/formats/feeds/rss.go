package feeds

import (
	"encoding/xml"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Self          rssLink   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	Description string   `xml:"description,omitempty"`
	Content     *cdata   `xml:"content:encoded,omitempty"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Language    string   `xml:"dc:language,omitempty"`
	Categories  []string `xml:"category"`
	PubDate     string   `xml:"pubDate,omitempty"`
}

type cdata struct {
	Value string `xml:",cdata"`
}

// RSS renders f as RSS 2.0 with content:encoded bodies and an atom:link
// to itself.
func RSS(f *Feed) ([]byte, error) {
	d := rssDoc{
		Version:   "2.0",
		NSAtom:    "http://www.w3.org/2005/Atom",
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title:       f.Title,
			Link:        f.SiteURL,
			Description: f.Description,
			Language:    f.Language,
			Generator:   "Dateline",
			Self:        rssLink{Href: f.FeedURL, Rel: "self", Type: "application/rss+xml"},
		},
	}
	if d.Channel.Description == "" {
		d.Channel.Description = f.Title
	}
	if !f.Updated.IsZero() {
		d.Channel.LastBuildDate = f.Updated.UTC().Format(time.RFC1123Z)
	}
	for _, it := range f.Items {
		ri := rssItem{
			Title: it.Title,
			Link:  it.URL,
			GUID:  rssGUID{IsPermaLink: true, Value: it.ID},
			// RSS readers take description as HTML: escape the plain-text
			// summary so that "<" in it stays text.
			Description: news.EscapeText(it.Summary),
			Creator:     it.Author,
			Language:    it.Language,
			Categories:  it.Categories,
		}
		if it.ContentHTML != "" {
			// CDATA escapes nothing: characters XML forbids are dropped here,
			// whatever the story holds.
			ri.Content = &cdata{Value: news.CleanText(it.ContentHTML)}
		}
		if !it.Published.IsZero() {
			ri.PubDate = it.Published.UTC().Format(time.RFC1123Z)
		}
		d.Channel.Items = append(d.Channel.Items, ri)
	}
	return marshalXML(d)
}

func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
