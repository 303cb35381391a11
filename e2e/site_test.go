package e2e

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/mmcdole/gofeed"
)

// The English and Russian versions of the demo's translated story.
const (
	sitePainterEN = "Forgotten painter of the Oka river gets his first Moscow show"
	sitePainterRU = "Забытый живописец Оки впервые представлен в Москве"
)

// TestSiteJourneyWithoutJavaScript walks the public site as a reader with
// JavaScript turned off: home, All news, the next page, an article, a
// tag, search, and over to the Russian version and the Russian All news.
// Every page passes the accessibility smoke check.
func TestSiteJourneyWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and a browser")
	}
	ctx := siteBrowser(t)
	srv := siteStart(t, nil)
	base := srv.base
	if err := chromedp.Do(ctx, siteScriptsOff()); err != nil {
		t.Fatal(err)
	}
	page := func(what string, status int64, wantPath string) sitePage {
		t.Helper()
		f := siteReadPage(t, ctx)
		if status != http.StatusOK {
			t.Fatalf("%s: %s answered %d", what, f.URL, status)
		}
		u, err := url.Parse(f.URL)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.RequestURI(); !strings.HasPrefix(got, wantPath) {
			t.Fatalf("%s: the browser is at %s, want %s…", what, got, wantPath)
		}
		siteCheckA11y(t, what, f)
		axeCheck(t, ctx, what, true)
		return f
	}

	// Home: the lead, top stories, the All news rail and section blocks.
	f := page("home", siteOpen(t, ctx, "home", base+"/"), "/")
	if main := strings.ToLower(f.MainText); f.Lang != "en" || !strings.Contains(main, "top stories") || !strings.Contains(main, "all news") {
		t.Errorf("home: lang %q, main text:\n%.600s", f.Lang, f.MainText)
	}
	if rail := siteTexts(t, ctx, "ol.feed li a"); len(rail) < 10 {
		t.Errorf("the All news rail lists %d stories", len(rail))
	}
	if blocks := siteTexts(t, ctx, "section.block h2"); len(blocks) < 3 {
		t.Errorf("the front page has section blocks %q", blocks)
	}

	// A section from the menu: its name as the heading.
	f = page("section", siteFollow(t, ctx, "Culture", `nav.sections a[href="/section/culture"]`), "/section/culture")
	if f.H1[0] != "Culture" {
		t.Errorf("section page h1 %q, want Culture", f.H1)
	}

	// All news, first page: 20 stories and a link to older ones.
	f = page("All news", siteFollow(t, ctx, "All news", `header nav a[href="/news"]`), "/news")
	if f.H1[0] != "All news" || f.Title != "All news — Dateline" {
		t.Errorf("All news: h1 %q title %q", f.H1, f.Title)
	}
	first := siteTexts(t, ctx, "ul.stories h2 a")
	if len(first) != 20 {
		t.Fatalf("All news shows %d stories on its first page, want 20", len(first))
	}

	// The next page: older stories, none repeated.
	f = page("All news, page 2", siteFollow(t, ctx, "next page", `a[rel=next]`), "/news?before=")
	second := siteTexts(t, ctx, "ul.stories h2 a")
	if len(second) == 0 {
		t.Fatal("the second page of All news is empty")
	}
	for _, h := range second {
		if slices.Contains(first, h) {
			t.Errorf("%q is on both pages of All news", h)
		}
	}
	if pager := siteTexts(t, ctx, "nav.pager a"); !slices.Contains(pager, "← Newest stories") {
		t.Errorf("page 2 has no link back to the newest stories: pager %q", pager)
	}

	// An article from page 2.
	headline := siteTexts(t, ctx, "ul.stories h2 a")[0]
	f = page("article", siteFollow(t, ctx, "article", `ul.stories h2 a`), "/news/")
	if !strings.HasSuffix(f.H1[0], headline) || !strings.HasPrefix(f.Title, headline) {
		t.Errorf("article: h1 %q, title %q, want the headline %q", f.H1, f.Title, headline)
	}
	if !strings.Contains(f.MainText, "Published") {
		t.Errorf("article has no publication time:\n%.600s", f.MainText)
	}
	siteCheckFocus(t, ctx)

	// Its first tag.
	tag := siteTexts(t, ctx, "ul.tags a")
	if len(tag) == 0 {
		t.Fatalf("article %q has no tags to follow", headline)
	}
	f = page("tag", siteFollow(t, ctx, "tag", `ul.tags a`), "/tag/")
	if f.H1[0] != "Tag: "+tag[0] || !slices.Contains(siteTexts(t, ctx, "ul.stories h2 a"), headline) {
		t.Errorf("tag page: h1 %q, stories %q; want Tag: %s listing %q", f.H1, siteTexts(t, ctx, "ul.stories h2 a"), tag[0], headline)
	}

	// Search: type in the box and press the button.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Zarechny")); err != nil {
		t.Fatal(err)
	}
	f = page("search", siteFollow(t, ctx, "search", `form[role=search] button[type=submit]`), "/search?q=Zarechny")
	results := siteTexts(t, ctx, "ul.stories h2 a")
	if f.H1[0] != "Search results" || !slices.Contains(results, sitePainterEN) {
		t.Errorf("search for Zarechny: h1 %q, results %q", f.H1, results)
	}

	// The English story, and over to its Russian version.
	f = page("English article", siteFollow(t, ctx, "English article", `ul.stories h2 a[href*="forgotten-painter"]`), "/news/")
	if f.Lang != "en" || f.H1[0] != sitePainterEN {
		t.Fatalf("English article: lang %q h1 %q", f.Lang, f.H1)
	}
	if links := siteTexts(t, ctx, `article a[hreflang="ru"]`); len(links) != 1 {
		t.Errorf("the English story links its Russian version %d times (%q), want once", len(links), links)
	}
	if alt := siteTexts(t, ctx, `head link[rel=alternate][hreflang="ru"]`); len(alt) != 1 {
		t.Errorf("the English story has %d <link rel=alternate hreflang=ru>, want one", len(alt))
	}
	f = page("Russian article", siteFollow(t, ctx, "translation link", `article a[hreflang="ru"]`), "/news/")
	if f.Lang != "ru" || f.H1[0] != sitePainterRU || f.Title != sitePainterRU+" — Dateline" {
		t.Errorf("Russian article: lang %q h1 %q title %q", f.Lang, f.H1, f.Title)
	}
	for _, want := range []string{"Опубликовано", "Автор: Анна Белова", "МОСКВА", "На других языках"} {
		if !strings.Contains(f.MainText, want) {
			t.Errorf("Russian article lacks %q:\n%.800s", want, f.MainText)
		}
	}
	chrome := strings.Join(append(siteTexts(t, ctx, "header.site nav a, header.site button, a.skip"), siteTexts(t, ctx, "footer p")...), " | ")
	for _, want := range []string{"Все новости", "Поиск", "Перейти к содержанию", "Новости Dateline"} {
		if !strings.Contains(chrome, want) {
			t.Errorf("Russian chrome lacks %q: %s", want, chrome)
		}
	}
	if siteAttr(t, ctx, `article a[hreflang="en"]`, "href") == "" {
		t.Error("the Russian story does not link back to the English one")
	}

	// The header's language switch of the English article leads to its
	// Russian version; Russian All news is then in the Russian menu.
	page("back to English", siteFollow(t, ctx, "back to English", `article a[hreflang="en"]`), "/news/")
	f = page("Russian article again", siteFollow(t, ctx, "language switch", `header nav.langs a[hreflang="ru"]`), "/news/")
	if f.Lang != "ru" || f.H1[0] != sitePainterRU {
		t.Errorf("the language switch of the English article leads to lang %q h1 %q", f.Lang, f.H1)
	}
	f = page("Russian All news", siteFollow(t, ctx, "Все новости", `nav.sections a[href="/news?lang=ru"]`), "/news?lang=ru")
	listed := siteTexts(t, ctx, "ul.stories h2 a")
	if f.Lang != "ru" || f.H1[0] != "Все новости" || !slices.Contains(listed, sitePainterRU) || slices.Contains(listed, sitePainterEN) {
		t.Errorf("Russian All news: lang %q h1 %q stories %q", f.Lang, f.H1, listed)
	}

	// Search in Cyrillic from the Russian page.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Заречного")); err != nil {
		t.Fatal(err)
	}
	page("Cyrillic search", siteFollow(t, ctx, "Cyrillic search", `form[role=search] button[type=submit]`), "/search?q=")
	if results := siteTexts(t, ctx, "ul.stories h2 a"); !slices.Contains(results, sitePainterRU) {
		t.Errorf("search for Заречного: results %q", results)
	}
	if f := siteReadPage(t, ctx); f.Lang != "ru" {
		t.Errorf("the search from a Russian page is in %q", f.Lang)
	}
	// The Russian logo leads to the Russian front page, whose menu is
	// Russian (no title-casing: "В мире", not "В Мире").
	f = page("Russian home", siteFollow(t, ctx, "logo", `a.brand`), "/?lang=ru")
	if menu := strings.Join(siteTexts(t, ctx, "nav.sections a"), "|"); f.Lang != "ru" || !strings.Contains(menu, "В мире") || !strings.Contains(menu, "Все новости") {
		t.Errorf("Russian home: lang %q menu %s", f.Lang, menu)
	}

	// A friendly 404 passes the same checks.
	if status := siteOpen(t, ctx, "404", base+"/no/such/page"); status != http.StatusNotFound {
		t.Errorf("/no/such/page answered %d", status)
	}
	f = siteReadPage(t, ctx)
	siteCheckA11y(t, "404 page", f)
	if f.H1[0] != "Page not found" {
		t.Errorf("404 page h1 %q", f.H1)
	}
}

// siteCheckFocus tabs from the top of the page: the skip link comes on
// screen with an outline, and so does the next link.
func siteCheckFocus(t *testing.T, c context.Context) {
	t.Helper()
	type focus struct {
		Tag     string  `json:"tag"`
		Text    string  `json:"text"`
		Outline string  `json:"outline"`
		Width   string  `json:"width"`
		Left    float64 `json:"left"`
	}
	const js = `(() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
		return {tag: e.tagName, text: e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth, left: r.left}; })()`
	for i, want := range []string{"Skip to content", "Dateline"} {
		if err := chromedp.Do(c, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(c, chromedp.Evaluate[focus](js))
		if err != nil {
			t.Fatal(err)
		}
		if f.Tag != "A" || f.Text != want {
			t.Errorf("tab %d focuses <%s> %q, want the link %q", i+1, f.Tag, f.Text, want)
		}
		if f.Outline == "none" || f.Width == "0px" {
			t.Errorf("focused link %q has no visible outline (outline-style %s, width %s)", f.Text, f.Outline, f.Width)
		}
		if f.Left < 0 {
			t.Errorf("focused link %q is off screen (left %.0f)", f.Text, f.Left)
		}
	}
}

// TestSiteA11yCheckFindsProblems shows the smoke check is not blind.
func TestSiteA11yCheckFindsProblems(t *testing.T) {
	good := sitePage{URL: "u", Lang: "en", H1: []string{"A"}, Mains: 1, Headings: []int{1, 2, 3, 2}, SkipOK: true,
		FeedLinks: []string{"rss", "atom", "json"}}
	if p := siteA11yProblems(good); len(p) != 0 {
		t.Fatalf("a good page has problems: %q", p)
	}
	for _, tc := range []struct {
		name string
		edit func(*sitePage)
		want string
	}{
		{"no lang", func(p *sitePage) { p.Lang = "" }, "no lang"},
		{"two h1", func(p *sitePage) { p.H1 = []string{"A", "B"} }, "2 <h1>"},
		{"no h1", func(p *sitePage) { p.H1 = nil }, "0 <h1>"},
		{"no main", func(p *sitePage) { p.Mains = 0 }, "<main>"},
		{"image without alt", func(p *sitePage) { p.ImgNoAlt = []string{"x.png"} }, "without alt"},
		{"skipped level", func(p *sitePage) { p.Headings = []int{1, 3} }, "skip from h1 to h3"},
		{"h2 first", func(p *sitePage) { p.Headings = []int{2, 1} }, "first heading"},
		{"broken skip link", func(p *sitePage) { p.SkipOK = false }, "skip link"},
		{"no feed links", func(p *sitePage) { p.FeedLinks = nil }, "autodiscovery"},
		{"a script", func(p *sitePage) { p.Scripts = 1 }, "script"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := good
			tc.edit(&p)
			got := strings.Join(siteA11yProblems(p), "; ")
			if !strings.Contains(got, tc.want) {
				t.Errorf("problems %q, want one mentioning %q", got, tc.want)
			}
		})
	}
}

// TestSiteScreenshots saves full-page screenshots of every public page on
// a phone-sized and a desktop-sized window (with scripts on, as most
// readers have them), and checks on each that nothing overflows the
// window sideways, that nothing moves once shown (no layout shift) and
// that axe-core finds no violation.
func TestSiteScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and a browser")
	}
	ctx := siteBrowser(t)
	srv := siteStart(t, nil)
	dir := artifactsDir(t)
	_, paths := sitePublicStories(t, srv.base)
	var painter string
	for _, p := range paths {
		if strings.Contains(p, "forgotten-painter") {
			painter = p
		}
	}
	if painter == "" {
		t.Fatal("the demo's translated story is not on All news")
	}
	for _, win := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"phone", 390, 844, true},
		{"desktop", 1280, 900, false},
	} {
		var opts []chromedp.EmulateViewportOption
		if win.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(2))
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(win.width, win.height, opts...)); err != nil {
			t.Fatal(err)
		}
		for _, pg := range []struct {
			name, path string
			status     int64
		}{
			{"home", "/", 200},
			{"home-ru", "/?lang=ru", 200},
			{"article", painter, 200},
			{"section", "/section/culture", 200},
			{"all-news", "/news", 200},
			{"search", "/search?q=harbour", 200},
			{"not-found", "/no/such/page", 404},
		} {
			if status := siteOpen(t, ctx, pg.name, srv.base+pg.path); status != pg.status {
				t.Fatalf("%s answered %d", pg.path, status)
			}
			// The page must fit the window: no sideways scrolling.
			type fit struct {
				Scroll int64 `json:"scroll"`
				Client int64 `json:"client"`
			}
			f, err := chromedp.Run(ctx, chromedp.Evaluate[fit](`({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})`))
			if err != nil {
				t.Fatal(err)
			}
			if f.Client != win.width || f.Scroll > f.Client {
				t.Errorf("%s on %s: content is %d px wide in a %d px window (viewport %d)", pg.name, win.name, f.Scroll, f.Client, win.width)
			}
			if cls := layoutShift(t, ctx); cls > 0.001 {
				t.Errorf("%s on %s: cumulative layout shift %.4f, want none", pg.name, win.name, cls)
			}
			axeCheck(t, ctx, pg.name+" on "+win.name, false)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			savePNG(t, dir, fmt.Sprintf("site-%s-%s.png", pg.name, win.name), png)
		}
	}
}

// layoutShift is the page's cumulative layout shift so far (the sum of
// layout-shift entries not caused by input), read from the buffered
// performance timeline.
func layoutShift(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	const js = `new Promise(resolve => {
		let sum = 0;
		const po = new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; });
		po.observe({type: 'layout-shift', buffered: true});
		requestAnimationFrame(() => requestAnimationFrame(() => { for (const e of po.takeRecords()) if (!e.hadRecentInput) sum += e.value; po.disconnect(); resolve(sum); }));
	})`
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading layout shift: %v", err)
	}
	return v
}

// TestSiteFeedsThroughServer reads the feeds of the running demo site back
// with gofeed and checks every item against its article page.
func TestSiteFeedsThroughServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server")
	}
	srv := siteStart(t, nil)
	base := srv.base
	// The feeds without ?lang= carry every language: All news of each,
	// merged newest first.
	ids, paths := sitePublicStoriesAll(t, base)
	arts := map[string]siteArticle{}
	for _, id := range ids {
		a := siteReadArticle(t, base+paths[id])
		if a.Status != http.StatusOK || a.Headline == "" || a.Published == "" {
			t.Fatalf("article %s: %+v", paths[id], a)
		}
		arts[id] = a
	}
	slices.SortStableFunc(ids, func(a, b string) int {
		if c := strings.Compare(arts[b].Published, arts[a].Published); c != 0 {
			return c
		}
		return strings.Compare(b, a)
	})
	sameTime := func(got *time.Time, want string) bool {
		w, err := time.Parse(time.RFC3339, want)
		return err == nil && got != nil && got.Equal(w)
	}
	for _, tc := range []struct {
		path, feedType, contentType string
	}{
		{"/feeds/all.rss", "rss", "application/rss+xml"},
		{"/feeds/all.atom", "atom", "application/atom+xml"},
		{"/feeds/all.json", "json", "application/feed+json"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, hdr, body := siteFetch(t, base+tc.path, "")
			if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), tc.contentType) {
				t.Fatalf("status %d, Content-Type %q", status, hdr.Get("Content-Type"))
			}
			if hdr.Get("ETag") == "" || hdr.Get("Cache-Control") == "" {
				t.Errorf("no ETag or Cache-Control: %v", hdr)
			}
			f, err := gofeed.NewParser().ParseString(body)
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if f.FeedType != tc.feedType || f.Title != "Dateline" || f.Link != base+"/news" || f.FeedLink != base+tc.path {
				t.Errorf("feed: type %q title %q link %q self %q", f.FeedType, f.Title, f.Link, f.FeedLink)
			}
			var got []string
			var newest time.Time
			for _, it := range f.Items {
				id := strings.TrimPrefix(it.GUID, base+"/news/")
				got = append(got, id)
				a, ok := arts[id]
				if !ok {
					t.Errorf("item %q (%q) is not a story on All news", it.GUID, it.Title)
					continue
				}
				desc := it.Description
				if tc.feedType == "rss" {
					desc = html.UnescapeString(desc) // RSS descriptions are HTML
				}
				if it.Title != a.Headline || it.Link != base+paths[id] || desc == "" ||
					!strings.Contains(it.Content, a.Dateline) {
					t.Errorf("item %s: title %q link %q description %q content %.80q; article says %q at %s",
						id, it.Title, it.Link, desc, it.Content, a.Headline, paths[id])
				}
				if !sameTime(it.PublishedParsed, a.Published) {
					t.Errorf("item %s published %v, article says %s", id, it.PublishedParsed, a.Published)
				}
				wantUpdated := a.Published
				if a.Updated != "" {
					wantUpdated = a.Updated
				}
				if tc.feedType != "rss" && !sameTime(it.UpdatedParsed, wantUpdated) {
					t.Errorf("item %s updated %v, article says %s", id, it.UpdatedParsed, wantUpdated)
				}
				if it.UpdatedParsed != nil && it.UpdatedParsed.After(newest) {
					newest = *it.UpdatedParsed
				}
				if a.Byline != "" && (len(it.Authors) == 0 || it.Authors[0].Name != a.Byline) {
					t.Errorf("item %s authors %v, byline %q", id, it.Authors, a.Byline)
				}
				if len(it.Categories) == 0 {
					t.Errorf("item %s has no categories", id)
				}
			}
			if !slices.Equal(got, ids) {
				t.Errorf("feed items differ from All news:\nfeed     %q\nAll news %q", got, ids)
			}
			if tc.feedType == "atom" && (f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(newest)) {
				t.Errorf("feed updated %v, newest item %v", f.UpdatedParsed, newest)
			}
		})
	}

	// Section and tag feeds carry exactly the stories of their pages.
	for _, tc := range []struct{ page, feed string }{
		{"/section/culture", "/feeds/section/culture.atom?lang=en"},
		{"/tag/Russia", "/feeds/tag/Russia.json?lang=en"},
		{"/tag/" + url.PathEscape("Россия") + "?lang=ru", "/feeds/tag/" + url.PathEscape("Россия") + ".rss?lang=ru"},
	} {
		_, _, body := siteFetch(t, base+tc.page, "")
		var want []string
		for _, m := range siteStoryLinkRE.FindAllStringSubmatch(body, -1) {
			want = append(want, m[2])
		}
		status, _, fb := siteFetch(t, base+tc.feed, "")
		f, err := gofeed.NewParser().ParseString(fb)
		if status != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %v", tc.feed, status, err)
		}
		var got []string
		for _, it := range f.Items {
			got = append(got, strings.TrimPrefix(it.GUID, base+"/news/"))
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s has %q, %s lists %q", tc.feed, got, tc.page, want)
		}
		if f.FeedLink != base+tc.feed {
			t.Errorf("%s: self link %q", tc.feed, f.FeedLink)
		}
	}
}

// TestSiteSitemapsThroughServer checks the sitemap index, every sitemap
// it names and the Google News sitemap field by field against the
// article pages of the running demo site.
func TestSiteSitemapsThroughServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server")
	}
	srv := siteStart(t, nil)
	base := srv.base
	now := time.Now()
	ids, paths := sitePublicStoriesAll(t, base)
	arts := map[string]siteArticle{}
	for _, id := range ids {
		arts[id] = siteReadArticle(t, base+paths[id])
	}
	const nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	const nsNews = "http://www.google.com/schemas/sitemap-news/0.9"
	getXML := func(p string) string {
		t.Helper()
		status, hdr, body := siteFetch(t, base+p, "")
		if status != http.StatusOK || !strings.Contains(hdr.Get("Content-Type"), "xml") {
			t.Fatalf("%s: status %d, Content-Type %q", p, status, hdr.Get("Content-Type"))
		}
		if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
			t.Errorf("%s has no UTF-8 XML declaration: %.60q", p, body)
		}
		return body
	}
	w3c := func(where, v string) {
		t.Helper()
		if v == "" {
			return
		}
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s: lastmod %q is not a W3C datetime", where, v)
		}
	}

	// The index and every sitemap it names.
	var idx struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(getXML("/sitemap.xml")), &idx); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if idx.XMLName != (xml.Name{Space: nsSitemap, Local: "sitemapindex"}) || len(idx.Sitemaps) == 0 || len(idx.Sitemaps) > 50000 {
		t.Fatalf("sitemap.xml: root %v with %d sitemaps", idx.XMLName, len(idx.Sitemaps))
	}
	seen := map[string]int{}
	for _, sm := range idx.Sitemaps {
		p, ok := strings.CutPrefix(sm.Loc, base+"/sitemaps/")
		if !ok || path.Ext(p) != ".xml" {
			t.Errorf("index names %q, not a sitemap of this site", sm.Loc)
			continue
		}
		w3c(sm.Loc, sm.LastMod)
		var set struct {
			XMLName xml.Name
			URLs    []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(getXML("/sitemaps/"+p)), &set); err != nil {
			t.Fatalf("%s: %v", sm.Loc, err)
		}
		if set.XMLName != (xml.Name{Space: nsSitemap, Local: "urlset"}) || len(set.URLs) == 0 || len(set.URLs) > 50000 {
			t.Errorf("%s: root %v with %d URLs", sm.Loc, set.XMLName, len(set.URLs))
		}
		for _, u := range set.URLs {
			w3c(u.Loc, u.LastMod)
			rest, ok := strings.CutPrefix(u.Loc, base+"/")
			if !ok {
				t.Errorf("%s: URL %q is not on this site", sm.Loc, u.Loc)
				continue
			}
			if !strings.HasPrefix(rest, "news/") {
				if status, _, _ := siteFetch(t, u.Loc, ""); status != http.StatusOK {
					t.Errorf("%s lists %s, which answers %d", sm.Loc, u.Loc, status)
				}
				continue
			}
			id := strings.SplitN(strings.TrimPrefix(rest, "news/"), "/", 2)[0]
			seen[id]++
			a, ok := arts[id]
			switch {
			case !ok:
				t.Errorf("%s lists %s, which is not on All news", sm.Loc, u.Loc)
			case u.Loc != base+paths[id]:
				t.Errorf("%s lists %s, the article is at %s", sm.Loc, u.Loc, paths[id])
			case u.LastMod != "" && u.LastMod != a.Updated && !(a.Updated == "" && u.LastMod == a.Published):
				t.Errorf("%s: lastmod %s of %s, article updated %q published %s", sm.Loc, u.LastMod, id, a.Updated, a.Published)
			}
		}
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("story %s is in the sitemaps %d times, want once", paths[id], seen[id])
		}
	}

	// The Google News sitemap: every story of the last two days, no other.
	body := getXML("/sitemap-news.xml")
	if !strings.Contains(body, `xmlns:news="`+nsNews+`"`) {
		t.Errorf("sitemap-news.xml does not declare the news namespace")
	}
	var ns struct {
		XMLName xml.Name
		URLs    []struct {
			Loc  string `xml:"loc"`
			News []struct {
				Name     string `xml:"publication>name"`
				Language string `xml:"publication>language"`
				Date     string `xml:"publication_date"`
				Title    string `xml:"title"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &ns); err != nil {
		t.Fatalf("sitemap-news.xml: %v", err)
	}
	if ns.XMLName != (xml.Name{Space: nsSitemap, Local: "urlset"}) || len(ns.URLs) > 1000 {
		t.Fatalf("sitemap-news.xml: root %v with %d URLs", ns.XMLName, len(ns.URLs))
	}
	inNews := map[string]bool{}
	for _, u := range ns.URLs {
		rest, _ := strings.CutPrefix(u.Loc, base+"/news/")
		id := strings.SplitN(rest, "/", 2)[0]
		a, ok := arts[id]
		if !ok || u.Loc != base+paths[id] || len(u.News) != 1 {
			t.Errorf("news sitemap URL %q (%d news:news) is not an article on All news", u.Loc, len(u.News))
			continue
		}
		inNews[id] = true
		n := u.News[0]
		if n.Name != "Dateline" || n.Language != a.Lang || n.Date != a.Published || n.Title != a.Headline {
			t.Errorf("news sitemap entry for %s: %+v; article: lang %q published %s headline %q", id, n, a.Lang, a.Published, a.Headline)
		}
	}
	t.Logf("%d sitemaps, %d story URLs, %d in the news sitemap", len(idx.Sitemaps), len(seen), len(inNews))
	for _, id := range ids {
		pub, _ := time.Parse(time.RFC3339, arts[id].Published)
		age := now.Sub(pub)
		if age > 47*time.Hour && age < 49*time.Hour {
			continue // too close to the edge to tell
		}
		if want := age < 48*time.Hour; inNews[id] != want {
			t.Errorf("story %s published %s ago: in the news sitemap %v, want %v", id, age.Round(time.Minute), inNews[id], want)
		}
	}
}

// TestSiteKillAndEmbargoEverywhere files stories through the newsroom API
// of the real binary. A killed story leaves every channel at once and its
// URL answers 410; an embargoed story is on no channel before its time
// and on every channel within five seconds after.
func TestSiteKillAndEmbargoEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server")
	}
	var token, key string
	srv := siteStart(t, func(bin, db string) {
		token = editorToken(t, bin, db)
		key = siteSubscriberKey(t, bin, db, "site-e2e")
	})
	base := srv.base

	t.Run("kill", func(t *testing.T) {
		s := siteStory{Headline: "Otter census counts 412 animals in the Quillabec estuary", Word: "Quillabec", Section: "science", Tag: "Otters"}
		s.ID = siteFile(t, base, token, s, nil)
		channels := siteChannels(base, key, s)
		for _, c := range channels {
			if ok, saw := c.shows(t); !ok {
				t.Errorf("published story is missing from %s (%s)", c.name, saw)
			}
		}
		resp, m, err := apiPost(context.Background(), base, token, "/api/v1/stories/"+s.ID+"/kill", map[string]any{"reason": "Legal advice about the census figures", "notice": "Withdrawn while its figures are checked."})
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("kill: %v %v %v", err, resp.StatusCode, m)
		}
		for _, c := range channels {
			if ok, saw := c.shows(t); ok {
				t.Errorf("killed story still on %s (%s)", c.name, saw)
			}
		}
		status, _, body := siteFetch(t, base+"/news/"+s.ID, "")
		// The public notice is shown; the internal reason never leaves the newsroom.
		if status != http.StatusGone || !strings.Contains(body, "Withdrawn while its figures are checked.") ||
			strings.Contains(body, "Legal advice") || strings.Contains(body, s.Headline) {
			t.Errorf("killed article answers %d:\n%.2000s", status, body)
		}
		it := siteWireLatest(siteWireItems(t, base, key), s.ID)
		if it == nil || it["pubStatus"] != "canceled" || it["bodies"] != nil {
			t.Errorf("the wire's last word on the killed story: %v", it)
		}
	})

	t.Run("embargo", func(t *testing.T) {
		s := siteStory{Headline: "Seabird count finds puffins returning to the Marrowfen cliffs", Word: "Marrowfen", Section: "science", Tag: "Puffins"}
		until := time.Now().Add(3 * time.Second).Truncate(time.Second)
		s.ID = siteFile(t, base, token, s, &until)
		channels := siteChannels(base, key, s)
		for _, c := range channels {
			if ok, saw := c.shows(t); ok {
				t.Errorf("embargoed story is on %s before its time (%s)", c.name, saw)
			}
		}
		if status, _, _ := siteFetch(t, base+"/news/"+s.ID, ""); status != http.StatusNotFound {
			t.Errorf("embargoed article answers %d before its time, want 404", status)
		}
		if time.Now().After(until) {
			t.Fatalf("checking the channels took past the embargo (%s); the checks above prove nothing", until.Format(time.RFC3339))
		}
		pending := map[string]siteChannel{}
		for _, c := range channels {
			pending[c.name] = c
		}
		deadline := until.Add(5 * time.Second)
		for len(pending) > 0 && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
			if time.Now().Before(until) {
				continue
			}
			for name, c := range pending {
				if ok, _ := c.shows(t); ok {
					t.Logf("%s shows the story %s after the embargo", name, time.Since(until).Round(10*time.Millisecond))
					delete(pending, name)
				}
			}
		}
		for name, c := range pending {
			_, saw := c.shows(t)
			t.Errorf("embargoed story is not on %s 5 s after its time (%s)", name, saw)
		}
	})
}
