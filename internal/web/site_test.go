package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

func TestPagesRender(t *testing.T) {
	s := newSite(t)
	cases := []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{`<html lang="en">`, "Top stories", "Earthquake shakes coastal towns", `class="mark flash"`}},
		{"/?lang=ru", 200, []string{`<html lang="ru">`, "Главная новость", "Совет гавани", `<a href="/section/economy?lang=ru">Экономика</a>`, `<a class="brand" href="/?lang=ru">`}},
		{"/news", 200, []string{"<h1>All news</h1>", "Harbour council approves", `rel="next"`}},
		{"/news?lang=ru", 200, []string{`<html lang="ru">`, "Все новости", "Совет гавани одобрил план паромов"}},
		{"/news?section=economy", 200, []string{"Harbour council", "Ferry operator hires"}},
		{"/news?tag=ferries", 200, []string{"Harbour council", "Ferry operator hires"}},
		{"/news/" + s.ids["en"], 200, []string{"Harbour council approves &#34;green&#34; ferry plan"}},
		{"/news/" + s.ids["en"] + "/harbour-council-approves-green-ferry-plan", 200, []string{"Harbour council"}},
		{"/news/" + s.ids["en"] + "/any-slug", 301, []string{"/news/" + s.ids["en"] + "/harbour-council-approves-green-ferry-plan"}},
		{"/news/" + s.ids["ru"], 200, []string{`<html lang="ru">`, "Опубликовано", "Все новости"}},
		{"/section/economy", 200, []string{"<h1>Economy</h1>", `href="/feeds/section/economy.atom"`, `aria-current="page">Economy`}},
		{"/section/economy?lang=ru", 200, []string{"<h1>Экономика</h1>", "Совет гавани", `<a class="brand" href="/?lang=ru">`, `href="/news?lang=ru"`}},
		{"/tag/Ferries", 200, []string{"Tag: Ferries", "Ferry operator hires"}},
		{"/tag/ferries", 200, []string{"Ferry operator hires"}},
		{"/search?q=ferry", 200, []string{"<mark>Ferry</mark> operator hires", "Harbour council", "2 results"}},
		{"/search?q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BC%D0%BE%D0%B2", 200, []string{"Совет гавани"}}, // паромов
		{"/search", 200, []string{"Type words to search"}},
		{"/search?q=zzzzqqq", 200, []string{"Nothing matches your search."}},
		{"/no/such/page", 404, []string{"Page not found"}},
		{"/news/" + s.ids["killed"], 410, []string{"This story has been withdrawn", "The report was wrong."}},
		{"/healthz", 200, []string{"ok"}},
		{"/readyz", 200, []string{"ready"}},
		{"/robots.txt", 200, []string{"Sitemap: " + testBase + "/sitemap.xml", "Sitemap: " + testBase + "/sitemap-news.xml"}},
		{"/sitemap.xml", 200, []string{"<sitemapindex", testBase + "/sitemaps/stories-2026-11.xml"}},
		{"/sitemaps/stories-2026-11.xml", 200, []string{"<urlset", testBase + "/news/" + s.ids["en"]}},
		{"/sitemaps/pages.xml", 200, []string{testBase + "/news</loc>"}},
		{"/sitemap-news.xml", 200, []string{"<news:news>", "Harbour council"}},
		{"/feeds/all.rss", 200, []string{"<rss"}},
		{"/feeds/all.atom", 200, []string{"<feed"}},
		{"/feeds/all.json", 200, []string{"jsonfeed.org/version/1.1"}},
		{"/feeds/section/economy.atom", 200, []string{"Harbour council"}},
		{"/feeds/tag/Ferries.rss", 200, []string{"Ferry operator hires"}},
		{"/feeds/tag/Ferries.xml", 404, nil},
		{"/feeds/other.rss", 404, nil},
		{s.srv.css.path, 200, []string{":focus-visible"}},
		{"/assets/site.0000.css", 404, nil},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			r := s.get(c.path)
			if r.status != c.status {
				t.Fatalf("status %d, want %d\n%.2000s", r.status, c.status, r.body)
			}
			for _, w := range c.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("body lacks %q\n%.3000s", w, r.body)
				}
			}
			if strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				for _, w := range []string{"<header", "<nav", `<main id="main">`, "<footer", `rel="stylesheet" href="/assets/site.`,
					`<link rel="alternate" type="application/atom`, `<link rel="alternate" type="application/rss`, `<link rel="alternate" type="application/feed`} {
					if !strings.Contains(r.body, w) {
						t.Errorf("page lacks %q", w)
					}
				}
				if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " style=") {
					t.Error("page has an inline script or style")
				}
			}
		})
	}
}

func TestArticlePage(t *testing.T) {
	s := newSite(t)
	id := s.ids["en"]
	r := s.get("/news/" + id)
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	canonical := testBase + "/news/" + id + "/harbour-council-approves-green-ferry-plan"
	want := []string{
		`<h1>Harbour council approves &#34;green&#34; ferry plan</h1>`,
		`<p class="standfirst">The vote ends a two-year dispute over funding.</p>`,
		`<p><span class="dateline">PORTVILLE, Nov 28 (Reuters) -</span> The council voted 7-3 on Friday`,
		`<h2>What changes for passengers</h2>`,
		`<p class="byline">By Ana Ferreira</p>`,
		`Published <time datetime="2026-11-28T10:00:00Z">28 November 2026, 10:00 UTC</time>`,
		`Updated at <time datetime="2026-11-28T11:00:00Z">28 November 2026, 11:00 UTC</time>`,
		`Correction (<time datetime="2026-11-28T11:00:00Z">28 November 2026, 11:00 UTC</time>): An earlier version gave the vote as 7-2.`,
		`<a href="/section/economy">Economy</a>`,
		`<a href="/tag/Ferries" rel="tag">Ferries</a>`,
		`<link rel="canonical" href="` + canonical + `">`,
		`<link rel="alternate" hreflang="en" href="` + canonical + `">`,
		`<link rel="alternate" hreflang="ru" href="` + testBase + "/news/" + s.ids["ru"] + `/`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="` + canonical + `">`,
		`<meta name="twitter:card" content="summary">`,
		`<meta property="article:modified_time" content="2026-11-28T11:00:00Z">`,
		"Related stories", "Ferry operator hires forty new crew",
	}
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("article lacks %q", w)
		}
	}
	if strings.Count(r.body, `class="dateline"`) != 1 {
		t.Errorf("dateline rendered %d times", strings.Count(r.body, `class="dateline"`))
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(m[1]), &raw); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	checks := map[string]string{"@type": "NewsArticle", "headline": `Harbour council approves "green" ferry plan`,
		"dateline": "PORTVILLE, Nov 28 (Reuters) -", "datePublished": "2026-11-28T10:00:00Z",
		"dateModified": "2026-11-28T11:00:00Z", "inLanguage": "en", "url": canonical}
	for k, v := range checks {
		if raw[k] != v {
			t.Errorf("JSON-LD %s = %v, want %q", k, raw[k], v)
		}
	}
	corr, _ := raw["correction"].([]any)
	if len(corr) != 1 {
		t.Fatalf("JSON-LD correction %v", raw["correction"])
	}
	c0 := corr[0].(map[string]any)
	if c0["@type"] != "CorrectionComment" || c0["text"] != "An earlier version gave the vote as 7-2." || c0["datePublished"] != "2026-11-28T11:00:00Z" {
		t.Errorf("JSON-LD correction %v", c0)
	}

	// The Russian version: Russian chrome, a link back.
	r = s.get("/news/" + s.ids["ru"])
	for _, w := range []string{`<html lang="ru">`, `<span class="dateline">МОСКВА, 28 ноября. /ТАСС/.</span> Совет проголосовал`,
		"Опубликовано <time", `hreflang="en"`, "Harbour council approves"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("Russian article lacks %q", w)
		}
	}
	if strings.Contains(r.body, "Updated at") {
		t.Error("Russian article has English chrome")
	}
	if strings.Contains(r.body, "Обновлено <time") {
		t.Error("a story never updated shows an Updated at time")
	}
}

// storyLinks counts article links in a list page.
var articleHref = regexp.MustCompile(`<h[23]>(?:<span[^>]*>[^<]*</span> )?<a href="(/news/[^"/]+)`)

func TestPaginationWalksEveryStoryOnce(t *testing.T) {
	s := newSite(t)
	seen := map[string]bool{}
	path := "/news"
	pages := 0
	for path != "" {
		pages++
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		r := s.get(path)
		if r.status != 200 {
			t.Fatalf("%s: status %d", path, r.status)
		}
		for _, m := range articleHref.FindAllStringSubmatch(r.body, -1) {
			if seen[m[1]] {
				t.Errorf("%s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		path = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(r.body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	want := s.fillers + 3 // en, related, flash; the Russian story is on /news?lang=ru
	if len(seen) != want || pages != 2 {
		t.Errorf("walked %d stories on %d pages, want %d on 2", len(seen), pages, want)
	}
}

// TestNonPublicStoriesAppearNowhere checks every channel for the killed,
// embargoed and draft stories.
func TestNonPublicStoriesAppearNowhere(t *testing.T) {
	s := newSite(t)
	words := []string{"Withdrawnword", "Secretword", "Killedbodyword", "Embargoword", "Embargobodyword", "Draftword"}
	channels := []string{"/", "/news", "/news?lang=en", "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json",
		"/sitemap.xml", "/sitemaps/stories-2026-11.xml", "/sitemap-news.xml", "/section/economy"}
	for _, w := range words {
		channels = append(channels, "/search?q="+w)
	}
	for _, c := range channels {
		r := s.get(c)
		if r.status != 200 {
			t.Errorf("%s: status %d", c, r.status)
		}
		for _, w := range words {
			if strings.Contains(r.body, w) && !strings.Contains(c, w) {
				t.Errorf("%s shows %q", c, w)
			}
		}
		for _, k := range []string{"killed", "embargo", "draft"} {
			if strings.Contains(r.body, s.ids[k]) {
				t.Errorf("%s links the %s story", c, k)
			}
		}
		if strings.HasPrefix(c, "/search") && !strings.Contains(r.body, "Nothing matches your search.") {
			t.Errorf("%s finds something", c)
		}
	}
	gone := []struct {
		path   string
		status int
	}{
		{"/news/" + s.ids["killed"], 410},
		{"/news/" + s.ids["killed"] + "/withdrawnword-mayor-resigns", 410},
		{"/news/" + s.ids["embargo"], 404},
		{"/news/" + s.ids["draft"], 404},
		{"/section/politics", 200}, // a managed section, without the killed story
		{"/section/embargosection", 404},
		{"/section/draftsection", 404},
		{"/tag/Killedtag", 404},
		{"/tag/Embargotag", 404},
		{"/feeds/tag/Killedtag.rss", 404},
		{"/feeds/section/embargosection.atom", 404},
	}
	for _, g := range gone {
		r := s.get(g.path)
		if r.status != g.status {
			t.Errorf("%s: status %d, want %d", g.path, r.status, g.status)
		}
		for _, w := range words {
			if strings.Contains(r.body, w) {
				t.Errorf("%s shows %q", g.path, w)
			}
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" && g.status == 404 {
			t.Errorf("%s: Cache-Control %q", g.path, cc)
		}
	}
	if n := s.srv.cache.len(); n == 0 {
		t.Error("nothing was cached")
	}
	for k := range s.srv.cache.entries {
		if strings.Contains(k, s.ids["killed"]) || strings.Contains(k, s.ids["embargo"]) || strings.Contains(k, s.ids["draft"]) {
			t.Errorf("a response for a non-public story was cached: %s", k)
		}
	}
}

func TestKillTakesEffectAtOnce(t *testing.T) {
	s := newSite(t)
	id := s.ids["flash"]
	for _, p := range []string{"/", "/news", "/feeds/all.atom", "/sitemaps/stories-2026-11.xml", "/sitemap-news.xml", "/news/" + id, "/search?q=earthquake", "/section/world"} {
		if r := s.get(p); r.status != 200 || !strings.Contains(r.body, id) {
			t.Fatalf("%s: %d, before the kill the story should be there", p, r.status)
		}
	}
	s.update("flash", func(st *news.Story) (*news.Version, error) {
		return st.Kill(testNow, "Desk-only reason: agency retracted", "Unverified.", nil, "desk")
	})
	for _, p := range []string{"/", "/news", "/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json", "/sitemaps/stories-2026-11.xml", "/sitemap-news.xml", "/search?q=earthquake"} {
		if r := s.get(p); strings.Contains(r.body, "Earthquake shakes") || strings.Contains(r.body, id) {
			t.Errorf("%s still shows the killed story", p)
		}
	}
	if r := s.get("/news/" + id); r.status != http.StatusGone || !strings.Contains(r.body, "Unverified.") || strings.Contains(r.body, "agency retracted") {
		t.Errorf("killed story: status %d, or no public notice, or the internal reason shows", r.status)
	}
	if r := s.get("/section/world"); r.status != 200 || strings.Contains(r.body, id) {
		t.Errorf("a managed section after its only story was killed: status %d, or the story is still listed", r.status)
	}
}

func TestBadInputNeverFails(t *testing.T) {
	s := newSite(t)
	long := strings.Repeat("ab ", 1700)
	cases := []struct {
		path   string
		status int
	}{
		{"/news?before=junk", 400},
		{"/news?before=" + url.QueryEscape(encodeCursorString("notanumber:abc")), 400},
		{"/news?before=" + url.QueryEscape(encodeCursorString("123:BAD ID")), 400},
		{"/news?before=" + url.QueryEscape(encodeCursorString("-5:abc")), 400},
		{"/news?before=" + strings.Repeat("A", 5000), 400},
		{"/news?page=-1", 400},
		{"/news?page=abc", 400},
		{"/news?page=2", 200},
		{"/news?lang=%%%", 400},
		{"/news?lang=not_a_language_tag_at_all", 400},
		{"/news?lang=xx", 404},
		{"/?lang=zz", 404},
		{"/search?q=a&lang=qq", 404},
		{"/news?section=nosuchsection", 200},
		{"/news?section=" + strings.Repeat("x", 5000), 400},
		{"/section/nosuchsection", 404},
		{"/section/" + strings.Repeat("x", 5000), 404},
		{"/tag/%00", 404},
		{"/search?q=" + url.QueryEscape(long), 400},
		{"/search?q=" + url.QueryEscape(`"unbalanced AND OR NOT ( * ^ NEAR(`), 200},
		{"/search?q=" + url.QueryEscape(`title:ferry -council "`), 200},
		{"/search?q=" + url.QueryEscape("*"), 200},
		{"/search?q=%FF%FE", 400},
		{"/news/%FF", 400},
		{"/news?section=%C3%28", 400},
		{"/news/UPPER-case", 404},
		{"/news/" + strings.Repeat("a", 100), 404},
		{"/news/nosuchid0000000", 404},
		{"/sitemaps/stories-0.xml", 404},
		{"/sitemaps/stories-2026-13.xml", 404},
		{"/sitemaps/stories-2026-1.xml", 404},
		{"/sitemaps/stories-1999-01.xml", 404},
		{"/sitemaps/stories-2026-11.xml?before=junk", 200},
		{"/sitemaps/other.xml", 404},
		{"/feeds/all.exe", 404},
		{"/feeds/section/.rss", 404},
		{"/feeds/all.rss?lang=%%", 400},
	}
	for _, c := range cases {
		r := s.get(c.path)
		if r.status != c.status {
			t.Errorf("%.80s: status %d, want %d", c.path, r.status, c.status)
		}
		if r.status >= 400 {
			if !strings.Contains(r.body, `<main id="main">`) || !strings.Contains(r.body, `href="/"`) {
				t.Errorf("%.80s: not the friendly error page:\n%.500s", c.path, r.body)
			}
			if strings.Contains(r.body, "goroutine") || strings.Contains(r.body, ".go:") {
				t.Errorf("%.80s: error page leaks internals", c.path)
			}
		}
	}
}

func encodeCursorString(raw string) string {
	return strings.TrimRight(urlEncodingB64(raw), "=")
}

func TestSecurityAndCacheHeaders(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/", "/news", "/news/" + s.ids["en"], "/feeds/all.atom", "/sitemap.xml", "/no-such", "/news?before=x", "/healthz", s.srv.css.path} {
		r := s.get(p)
		h := r.header
		if h.Get("Content-Security-Policy") != ContentSecurityPolicy || !strings.Contains(ContentSecurityPolicy, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, h.Get("Content-Security-Policy"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
			t.Errorf("%s: security headers %v", p, h)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", p)
		}
		if r.status == 200 && p != "/healthz" && h.Get("ETag") == "" {
			t.Errorf("%s: no ETag", p)
		}
	}
	if cc := s.get("/news").header.Get("Cache-Control"); cc != "public, max-age=60" {
		t.Errorf("page Cache-Control %q", cc)
	}
	if cc := s.get(s.srv.css.path).header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("asset Cache-Control %q", cc)
	}
}

func TestConditionalGet(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/", "/news", "/news/" + s.ids["en"], "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/sitemap.xml", s.srv.css.path} {
		r := s.get(p)
		etag := r.header.Get("ETag")
		if r2 := s.get(p, "If-None-Match", etag); r2.status != http.StatusNotModified || r2.body != "" {
			t.Errorf("%s with If-None-Match: %d", p, r2.status)
		}
		if r2 := s.get(p, "If-None-Match", `"other"`); r2.status != 200 {
			t.Errorf("%s with another ETag: %d", p, r2.status)
		}
		if lm := r.header.Get("Last-Modified"); lm != "" {
			if r2 := s.get(p, "If-Modified-Since", lm); r2.status != http.StatusNotModified {
				t.Errorf("%s with If-Modified-Since: %d", p, r2.status)
			}
		}
	}
	// Feeds carry Last-Modified: the newest item's update.
	if lm := s.get("/feeds/all.atom").header.Get("Last-Modified"); lm != "Sat, 28 Nov 2026 11:00:00 GMT" {
		t.Errorf("feed Last-Modified %q", lm)
	}
	// A new version changes the ETag.
	before := s.get("/news/" + s.ids["en"]).header.Get("ETag")
	s.update("en", func(st *news.Story) (*news.Version, error) {
		st.Standfirst = "The vote ends a long dispute."
		return st.Publish(testNow, nil, "desk")
	})
	r := s.get("/news/"+s.ids["en"], "If-None-Match", before)
	if r.status != 200 || !strings.Contains(r.body, "The vote ends a long dispute.") {
		t.Errorf("after an update: %d", r.status)
	}
}

func TestCacheServesUntilInvalidate(t *testing.T) {
	s := newSite(t)
	if r := s.get("/news"); strings.Contains(r.body, "Brand new story") {
		t.Fatal("story there before it exists")
	}
	s.publish("new", &news.Story{Headline: "Brand new story", Body: []news.Block{para("Text.")}, Section: "world"}, testNow)
	if r := s.get("/news"); strings.Contains(r.body, "Brand new story") {
		t.Error("cached page changed without Invalidate: the cache does not work")
	}
	s.srv.Invalidate()
	if r := s.get("/news"); !strings.Contains(r.body, "Brand new story") {
		t.Error("Invalidate did not drop the cached page")
	}
}

func TestUIStringsComplete(t *testing.T) {
	for lang, m := range ui {
		for k := range ui["en"] {
			if m[k] == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		if len(m) != len(ui["en"]) {
			t.Errorf("%s has %d strings, en %d", lang, len(m), len(ui["en"]))
		}
	}
}

func TestErrorPagesSpeakTheReadersLanguage(t *testing.T) {
	s := newSite(t)
	r := s.get("/no-such-page?lang=ru")
	if r.status != 404 || !strings.Contains(r.body, `<html lang="ru">`) || !strings.Contains(r.body, "Страница не найдена") {
		t.Errorf("Russian 404: %d\n%.300s", r.status, r.body)
	}
	r = s.get("/no-such-page?lang=%3Cscript%3E")
	if r.status != 404 || !strings.Contains(r.body, `<html lang="en">`) || strings.Contains(r.body, "<script>") {
		t.Errorf("junk lang on 404: %d", r.status)
	}
}
