package feeds

import (
	"bytes"
	"encoding/xml"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/mmcdole/gofeed"
)

func sampleStories() []*news.Story {
	p1 := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	u1 := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	p2 := time.Date(2026, 11, 19, 8, 0, 0, 0, time.UTC)
	return []*news.Story{
		{
			ID: "a1", Status: news.StatusPublished, Language: "en",
			Headline:   `Harbour council approves "green" ferry plan & budget`,
			Standfirst: "The vote ends a two-year dispute <over> funding.",
			Dateline:   news.Dateline{Place: "PORTVILLE", Credit: "Reuters", Style: news.StyleReuters, Date: news.Date{Year: 2026, Month: 11, Day: 20}},
			Byline:     "Ana Ferreira",
			Body: []news.Block{
				{Kind: news.Paragraph, Text: "The council voted 7-2 on Thursday."},
				{Kind: news.Subheading, Text: "What changes"},
				{Kind: news.Paragraph, Text: "Two electric ferries will enter service in 2028."},
			},
			Section: "economy", Tags: []string{"Transport", "Portville"},
			FirstPublishedAt: &p1, UpdatedAt: &u1,
			Corrections: []news.Correction{{Version: 2, Note: "An earlier version misstated the vote.", At: u1}},
		},
		{
			ID: "b2", Status: news.StatusPublished, Language: "ru",
			Headline: "Мост через реку открыт после ремонта",
			Dateline: news.Dateline{Place: "МОСКВА", Credit: "ТАСС", Style: news.StyleTASS, Date: news.Date{Year: 2026, Month: 11, Day: 19}},
			Body:     []news.Block{{Kind: news.Paragraph, Text: "Движение восстановлено."}},
			Section:  "society", FirstPublishedAt: &p2, UpdatedAt: &p2,
		},
	}
}

func sampleFeed() *Feed {
	f := &Feed{
		Title: "Dateline: all news", Description: "The latest stories", SiteURL: "https://example.org/news",
		FeedURL: "https://example.org/feeds/all.atom", Language: "en", Author: "Dateline",
		Updated: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC),
	}
	for _, s := range sampleStories() {
		id := "https://example.org/news/" + s.ID
		f.Items = append(f.Items, ItemFromStory(s, id, id+"/slug"))
	}
	return f
}

func TestFeedsReadBackByGofeed(t *testing.T) {
	render := map[string]func(*Feed) ([]byte, error){"rss": RSS, "atom": Atom, "json": JSONFeed}
	wantType := map[string]string{"rss": "rss", "atom": "atom", "json": "json"}
	for name, fn := range render {
		t.Run(name, func(t *testing.T) {
			f := sampleFeed()
			b, err := fn(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gofeed.NewParser().Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("gofeed cannot read our %s: %v\n%s", name, err, b)
			}
			if got.FeedType != wantType[name] {
				t.Errorf("feed type %q, want %q", got.FeedType, wantType[name])
			}
			if got.Title != f.Title {
				t.Errorf("title %q, want %q", got.Title, f.Title)
			}
			if got.Link != f.SiteURL {
				t.Errorf("link %q, want %q", got.Link, f.SiteURL)
			}
			if got.FeedLink != f.FeedURL {
				t.Errorf("feed link %q, want %q", got.FeedLink, f.FeedURL)
			}
			if got.Description != f.Description {
				t.Errorf("description %q, want %q", got.Description, f.Description)
			}
			if got.Language != f.Language {
				t.Errorf("language %q, want %q", got.Language, f.Language)
			}
			if name != "json" && (got.UpdatedParsed == nil || !got.UpdatedParsed.Equal(f.Updated)) {
				t.Errorf("updated %v, want %v", got.UpdatedParsed, f.Updated)
			}
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d items, want %d", len(got.Items), len(f.Items))
			}
			for i, want := range f.Items {
				gi := got.Items[i]
				if gi.GUID != want.ID {
					t.Errorf("item %d id %q, want %q", i, gi.GUID, want.ID)
				}
				if gi.Link != want.URL {
					t.Errorf("item %d link %q, want %q", i, gi.Link, want.URL)
				}
				if gi.Title != want.Title {
					t.Errorf("item %d title %q, want %q", i, gi.Title, want.Title)
				}
				desc := gi.Description
				if name == "rss" {
					desc = html.UnescapeString(desc) // RSS description is HTML
				}
				if desc != want.Summary {
					t.Errorf("item %d summary %q, want %q", i, gi.Description, want.Summary)
				}
				if gi.Content != want.ContentHTML {
					t.Errorf("item %d content %q, want %q", i, gi.Content, want.ContentHTML)
				}
				if gi.PublishedParsed == nil || !gi.PublishedParsed.Equal(want.Published) {
					t.Errorf("item %d published %v, want %v", i, gi.PublishedParsed, want.Published)
				}
				if name != "rss" && (gi.UpdatedParsed == nil || !gi.UpdatedParsed.Equal(want.Updated)) {
					t.Errorf("item %d updated %v, want %v", i, gi.UpdatedParsed, want.Updated)
				}
				var author string
				if len(gi.Authors) > 0 {
					author = gi.Authors[0].Name
				}
				if want.Author != "" && author != want.Author {
					t.Errorf("item %d author %q, want %q", i, author, want.Author)
				}
				if strings.Join(gi.Categories, "|") != strings.Join(want.Categories, "|") {
					t.Errorf("item %d categories %q, want %q", i, gi.Categories, want.Categories)
				}
			}
		})
	}
}

func TestItemFromStory(t *testing.T) {
	s := sampleStories()[0]
	it := ItemFromStory(s, "https://example.org/news/a1", "https://example.org/news/a1/x")
	if !it.Updated.Equal(*s.UpdatedAt) || !it.Published.Equal(*s.FirstPublishedAt) {
		t.Errorf("dates: published %v updated %v", it.Published, it.Updated)
	}
	wantBody := `<p><span class="dateline">PORTVILLE, Nov 20 (Reuters) -</span> The council voted 7-2 on Thursday.</p>` +
		`<h2>What changes</h2><p>Two electric ferries will enter service in 2028.</p>` +
		`<p class="correction">Correction (2026-11-21T12:00:00Z): An earlier version misstated the vote.</p>`
	if it.ContentHTML != wantBody {
		t.Errorf("body\n got %s\nwant %s", it.ContentHTML, wantBody)
	}
	if strings.Join(it.Categories, ",") != "economy,Transport,Portville" {
		t.Errorf("categories %q", it.Categories)
	}
	// A new version moves updated but not the id.
	s2 := s.Clone()
	later := s.UpdatedAt.Add(time.Hour)
	s2.UpdatedAt = &later
	it2 := ItemFromStory(s2, "https://example.org/news/a1", "https://example.org/news/a1/x")
	if it2.ID != it.ID || !it2.Updated.After(it.Updated) {
		t.Errorf("new version: id %q->%q updated %v->%v", it.ID, it2.ID, it.Updated, it2.Updated)
	}
}

func TestBodyHTMLEscapes(t *testing.T) {
	s := &news.Story{Body: []news.Block{{Kind: news.Paragraph, Text: `<script>alert("x")</script>`}}}
	got := BodyHTML(s)
	if strings.Contains(got, "<script>") {
		t.Fatalf("body not escaped: %s", got)
	}
}

func TestSitemaps(t *testing.T) {
	lm := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	b, err := Sitemap([]SitemapURL{{Loc: "https://example.org/news/a1", LastMod: lm}, {Loc: "https://example.org/news/b2?x=1&y=2"}})
	if err != nil {
		t.Fatal(err)
	}
	var us struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &us); err != nil {
		t.Fatal(err)
	}
	if us.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || us.XMLName.Local != "urlset" {
		t.Errorf("root %v", us.XMLName)
	}
	if len(us.URLs) != 2 || us.URLs[0].Loc != "https://example.org/news/a1" || us.URLs[0].LastMod != "2026-11-21T12:00:00Z" ||
		us.URLs[1].Loc != "https://example.org/news/b2?x=1&y=2" || us.URLs[1].LastMod != "" {
		t.Errorf("urls %+v", us.URLs)
	}
	if _, err := Sitemap(make([]SitemapURL, MaxSitemapURLs+1)); err == nil {
		t.Error("a sitemap of 50,001 URLs was accepted")
	}

	b, err = SitemapIndex([]SitemapURL{{Loc: "https://example.org/sitemaps/stories-1.xml", LastMod: lm}})
	if err != nil {
		t.Fatal(err)
	}
	var idx struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.XMLName.Local != "sitemapindex" || len(idx.Sitemaps) != 1 || idx.Sitemaps[0].Loc != "https://example.org/sitemaps/stories-1.xml" || idx.Sitemaps[0].LastMod != "2026-11-21T12:00:00Z" {
		t.Errorf("index %+v", idx)
	}

	b, err = NewsSitemap([]NewsURL{{Loc: "https://example.org/news/b2", Publication: "Dateline", Language: "ru", Title: "Мост & река", Published: lm}})
	if err != nil {
		t.Fatal(err)
	}
	var ns struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			News struct {
				XMLName     xml.Name
				Publication struct {
					Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 name"`
					Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 language"`
				} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
				Date  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
				Title string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &ns); err != nil {
		t.Fatal(err)
	}
	if len(ns.URLs) != 1 {
		t.Fatalf("news sitemap: %d urls\n%s", len(ns.URLs), b)
	}
	u := ns.URLs[0]
	if u.Loc != "https://example.org/news/b2" || u.News.Publication.Name != "Dateline" || u.News.Publication.Language != "ru" ||
		u.News.Date != "2026-11-21T12:00:00Z" || u.News.Title != "Мост & река" {
		t.Errorf("news url %+v\n%s", u, b)
	}
}
