package feeds

import (
	"encoding/xml"
	"fmt"
	"time"
)

// MaxSitemapURLs is the sitemaps.org limit of URLs in one sitemap (and of
// sitemaps in one index).
const MaxSitemapURLs = 50000

// SitemapURL is one page in a sitemap.
type SitemapURL struct {
	Loc     string
	LastMod time.Time
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

func locs(urls []SitemapURL) []sitemapLoc {
	out := make([]sitemapLoc, len(urls))
	for i, u := range urls {
		out[i].Loc = u.Loc
		if !u.LastMod.IsZero() {
			out[i].LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
	}
	return out
}

// Sitemap renders a sitemaps.org urlset. It refuses more than
// MaxSitemapURLs URLs.
func Sitemap(urls []SitemapURL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("sitemap: %d URLs; the limit is %d", len(urls), MaxSitemapURLs)
	}
	return marshalXML(urlSet{URLs: locs(urls)})
}

// SitemapIndex renders a sitemap index listing sitemaps.
func SitemapIndex(sitemaps []SitemapURL) ([]byte, error) {
	if len(sitemaps) > MaxSitemapURLs {
		return nil, fmt.Errorf("sitemap index: %d sitemaps; the limit is %d", len(sitemaps), MaxSitemapURLs)
	}
	return marshalXML(sitemapIndex{Sitemaps: locs(sitemaps)})
}

// NewsURL is one article in a Google News sitemap.
type NewsURL struct {
	Loc         string
	Publication string // the name of the news publication
	Language    string // ISO 639 code: en, ru, zh-cn
	Title       string
	Published   time.Time
}

type newsURLSet struct {
	XMLName xml.Name  `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	NSNews  string    `xml:"xmlns:news,attr"`
	URLs    []newsLoc `xml:"url"`
}

type newsLoc struct {
	Loc  string   `xml:"loc"`
	News newsNews `xml:"news:news"`
}

type newsNews struct {
	Publication newsPublication `xml:"news:publication"`
	Date        string          `xml:"news:publication_date"`
	Title       string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// NewsNamespace is the Google News sitemap namespace.
const NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9"

// NewsSitemap renders a Google News sitemap (at most 1,000 URLs, as
// Google requires).
func NewsSitemap(urls []NewsURL) ([]byte, error) {
	if len(urls) > 1000 {
		return nil, fmt.Errorf("news sitemap: %d URLs; Google's limit is 1000", len(urls))
	}
	d := newsURLSet{NSNews: NewsNamespace, URLs: []newsLoc{}}
	for _, u := range urls {
		d.URLs = append(d.URLs, newsLoc{Loc: u.Loc, News: newsNews{
			Publication: newsPublication{Name: u.Publication, Language: u.Language},
			Date:        u.Published.UTC().Format(time.RFC3339),
			Title:       u.Title,
		}})
	}
	return marshalXML(d)
}
