// Package feeds builds RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents and
// XML sitemaps from domain values. Feeds are data, not templates: every
// document is made with encoding/xml or encoding/json types.
package feeds

import (
	"html"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// Feed is what the three feed formats share.
type Feed struct {
	Title       string
	Description string
	SiteURL     string // the HTML page the feed mirrors
	FeedURL     string // the feed's own URL (rel=self)
	Language    string
	Updated     time.Time // newest Updated of the items, or when the list last changed
	Author      string
	Items       []Item
}

// Item is one story in a feed.
type Item struct {
	// ID is stable across versions of a story: its article URL without a
	// slug (the slug follows the headline, which may change).
	ID          string
	URL         string
	Title       string
	Summary     string
	ContentHTML string
	Published   time.Time
	Updated     time.Time // the latest public version; moved by updates and corrections
	Author      string
	Categories  []string
	Language    string
}

// ItemFromStory turns a public story into a feed item. id is the stable
// article URL (https://example.org/news/ID) and url the canonical link.
func ItemFromStory(s *news.Story, id, url string) Item {
	it := Item{
		ID:          id,
		URL:         url,
		Title:       s.Headline,
		Summary:     s.Standfirst,
		ContentHTML: BodyHTML(s),
		Author:      s.Byline,
		Language:    s.Language,
	}
	if s.FirstPublishedAt != nil {
		it.Published = s.FirstPublishedAt.UTC()
	}
	it.Updated = it.Published
	if s.UpdatedAt != nil {
		it.Updated = s.UpdatedAt.UTC()
	}
	if s.Section != "" {
		it.Categories = append(it.Categories, s.Section)
	}
	it.Categories = append(it.Categories, s.Tags...)
	return it
}

// BodyHTML renders a story body as escaped HTML: paragraphs as <p>,
// subheadings as <h2>, the dateline as a <span class="dateline"> at the
// start of the first paragraph, and correction notes at the end.
func BodyHTML(s *news.Story) string {
	var b strings.Builder
	dl := s.Dateline.Display()
	first := true
	for _, bl := range s.Body {
		switch bl.Kind {
		case news.Subheading:
			b.WriteString("<h2>")
			b.WriteString(html.EscapeString(bl.Text))
			b.WriteString("</h2>")
		default:
			b.WriteString("<p>")
			if first && dl != "" {
				b.WriteString(`<span class="dateline">`)
				b.WriteString(html.EscapeString(dl))
				b.WriteString("</span> ")
			}
			first = false
			b.WriteString(html.EscapeString(bl.Text))
			b.WriteString("</p>")
		}
	}
	for _, c := range s.Corrections {
		b.WriteString(`<p class="correction">Correction (`)
		b.WriteString(c.At.UTC().Format(time.RFC3339))
		b.WriteString("): ")
		b.WriteString(html.EscapeString(c.Note))
		b.WriteString("</p>")
	}
	return b.String()
}
