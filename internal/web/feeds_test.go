package web

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/mmcdole/gofeed"
)

func TestFeedsReadBack(t *testing.T) {
	s := newSite(t)
	enID := s.ids["en"]
	for _, path := range []string{"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/feeds/section/economy.atom", "/feeds/tag/Ferries.json"} {
		t.Run(path, func(t *testing.T) {
			r := s.get(path)
			if r.status != 200 {
				t.Fatalf("status %d", r.status)
			}
			f, err := gofeed.NewParser().ParseString(r.body)
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if f.Link == "" || !strings.HasPrefix(f.Link, testBase+"/") || f.FeedLink != testBase+path {
				t.Errorf("links %q %q", f.Link, f.FeedLink)
			}
			var item *gofeed.Item
			for _, it := range f.Items {
				if it.GUID == testBase+"/news/"+enID {
					item = it
				}
				if it.PublishedParsed == nil {
					t.Errorf("item %s has no date", it.GUID)
				}
			}
			if item == nil {
				t.Fatalf("the ferry story is not in the feed")
			}
			if item.Title != `Harbour council approves "green" ferry plan` ||
				item.Link != testBase+"/news/"+enID+"/harbour-council-approves-green-ferry-plan" ||
				item.Description != "The vote ends a two-year dispute over funding." ||
				!strings.HasPrefix(item.Content, `<p><span class="dateline">PORTVILLE, Nov 28 (Reuters) -</span> The council voted 7-3`) ||
				!strings.Contains(item.Content, "Correction (2026-11-28T11:00:00Z): An earlier version gave the vote as 7-2.") ||
				!item.PublishedParsed.Equal(testNow.Add(-2*time.Hour)) {
				t.Errorf("item %+v", item)
			}
			if len(item.Authors) == 0 || item.Authors[0].Name != "Ana Ferreira" {
				t.Errorf("authors %v", item.Authors)
			}
			if strings.Join(item.Categories, ",") != "economy,Ferries,Portville" {
				t.Errorf("categories %q", item.Categories)
			}
			if !strings.HasSuffix(path, ".rss") && (item.UpdatedParsed == nil || !item.UpdatedParsed.Equal(testNow.Add(-time.Hour))) {
				t.Errorf("updated %v", item.UpdatedParsed)
			}
		})
	}

	// A new version keeps the id and moves updated.
	s.update("en", func(st *news.Story) (*news.Version, error) {
		st.Headline = "Harbour council approves ferry plan after long debate"
		return st.Publish(testNow, nil, "desk")
	})
	f, err := gofeed.NewParser().ParseString(s.get("/feeds/all.atom").body)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range f.Items {
		if it.GUID == testBase+"/news/"+enID {
			found = true
			if it.Title != "Harbour council approves ferry plan after long debate" || !it.UpdatedParsed.Equal(testNow) ||
				!it.PublishedParsed.Equal(testNow.Add(-2*time.Hour)) {
				t.Errorf("after update: %q updated %v published %v", it.Title, it.UpdatedParsed, it.PublishedParsed)
			}
		}
	}
	if !found {
		t.Error("the id changed with the new version")
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(testNow) {
		t.Errorf("feed updated %v", f.UpdatedParsed)
	}
}

func TestSitemapsFieldByField(t *testing.T) {
	s := newSite(t)
	type loc struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	}
	var idx struct {
		XMLName  xml.Name
		Sitemaps []loc `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(s.get("/sitemap.xml").body), &idx); err != nil {
		t.Fatal(err)
	}
	if idx.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || idx.XMLName.Local != "sitemapindex" || len(idx.Sitemaps) != 2 ||
		idx.Sitemaps[0].Loc != testBase+"/sitemaps/pages.xml" || idx.Sitemaps[1].Loc != testBase+"/sitemaps/stories-2026-11.xml" {
		t.Errorf("index %+v", idx)
	}
	var set struct {
		URLs []loc `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(s.get("/sitemaps/stories-2026-11.xml").body), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.URLs) != s.fillers+4 {
		t.Errorf("%d URLs, want %d", len(set.URLs), s.fillers+4)
	}
	first := set.URLs[0]
	if !strings.HasPrefix(first.Loc, testBase+"/news/"+s.ids["en"]+"/") || first.LastMod != "2026-11-28T11:00:00Z" {
		t.Errorf("newest URL %+v (want the ferry story first)", first)
	}

	const nsNews = "http://www.google.com/schemas/sitemap-news/0.9"
	var newsSet struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			News struct {
				Name     string `xml:"publication>name"`
				Language string `xml:"publication>language"`
				Date     string `xml:"publication_date"`
				Title    string `xml:"title"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
		} `xml:"url"`
	}
	body := s.get("/sitemap-news.xml").body
	if !strings.Contains(body, `xmlns:news="`+nsNews+`"`) {
		t.Errorf("no news namespace:\n%.400s", body)
	}
	if err := xml.Unmarshal([]byte(body), &newsSet); err != nil {
		t.Fatal(err)
	}
	// Fillers are 30..54 hours old: 30..48 are inside the two days.
	want := 4 + 19
	if len(newsSet.URLs) != want {
		t.Errorf("news sitemap has %d URLs, want %d", len(newsSet.URLs), want)
	}
	byTitle := map[string]int{}
	for i, u := range newsSet.URLs {
		byTitle[u.News.Title] = i
		if u.News.Name != "Dateline" || u.News.Date == "" || u.Loc == "" {
			t.Errorf("news url %+v", u)
		}
	}
	ru, ok := byTitle["Совет гавани одобрил план паромов"]
	if !ok || newsSet.URLs[ru].News.Language != "ru" || newsSet.URLs[ru].News.Date != "2026-11-28T09:00:00Z" {
		t.Errorf("Russian story in news sitemap: %v", newsSet.URLs[ru])
	}
}

func TestNewsLanguage(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "en-GB": "en", "ru": "ru", "zh-Hans": "zh-cn", "zh-TW": "zh-tw", "zh-Hant-HK": "zh-tw", "pt-BR": "pt"} {
		if got := newsLanguage(in); got != want {
			t.Errorf("newsLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		`Harbour council approves "green" ferry plan`: "harbour-council-approves-green-ferry-plan",
		"Совет гавани одобрил план":                   "совет-гавани-одобрил-план",
		"  --  ":                "",
		"U.S. rates rise 0.25%": "u-s-rates-rise-0-25",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := slug(strings.Repeat("word ", 100)); len(got) > 80 {
		t.Errorf("slug is %d bytes long", len(got))
	}
}

func TestSitemapMonths(t *testing.T) {
	s := newSite(t)
	oct := time.Date(2026, 10, 31, 23, 59, 59, 0, time.UTC)
	s.publish("oct", &news.Story{Headline: "October story", Body: []news.Block{para("Text.")}}, oct)
	s.publish("jan", &news.Story{Headline: "January story", Body: []news.Block{para("Text.")}}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	s.publish("nov1", &news.Story{Headline: "First of November", Body: []news.Block{para("Text.")}}, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	s.srv.sitemapMax = 10
	s.srv.Invalidate()
	type urlset struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(s.get("/sitemap.xml").body), &idx); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range idx.Sitemaps {
		got = append(got, strings.TrimPrefix(m.Loc, testBase))
	}
	want := "/sitemaps/pages.xml /sitemaps/stories-2026-11.xml /sitemaps/stories-2026-10.xml /sitemaps/stories-2025-01.xml"
	if strings.Join(got, " ") != want {
		t.Fatalf("index %v\nwant %s", got, want)
	}
	month := func(name string) []string {
		var set urlset
		if err := xml.Unmarshal([]byte(s.get("/sitemaps/stories-"+name+".xml").body), &set); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range set.URLs {
			out = append(out, u.Loc)
		}
		return out
	}
	if oc := month("2026-10"); len(oc) != 1 || !strings.Contains(oc[0], s.ids["oct"]) {
		t.Errorf("October: %v", oc)
	}
	if ja := month("2025-01"); len(ja) != 1 || !strings.Contains(ja[0], s.ids["jan"]) {
		t.Errorf("January: %v", ja)
	}
	// November has more stories than the (test) limit of 10: the newest 10.
	no := month("2026-11")
	if len(no) != 10 || !strings.Contains(no[0], s.ids["en"]) {
		t.Errorf("November: %d URLs, first %v", len(no), no)
	}
	s.srv.sitemapMax = 1000
	s.srv.Invalidate()
	no = month("2026-11")
	if len(no) != s.fillers+5 || !strings.Contains(no[len(no)-1], s.ids["nov1"]) {
		t.Errorf("November: %d URLs, want %d ending with the story of 1 November", len(no), s.fillers+5)
	}
	if r := s.get("/sitemaps/stories-2026-09.xml"); r.status != 404 {
		t.Errorf("a month without stories: %d", r.status)
	}
}
