package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dateline-news/dateline/internal/testenv"
)

// siteStart runs `dateline serve --demo` on a fresh SQLite database
// and waits until it is ready. prepare, when given, runs CLI commands
// against the database before the server starts (accounts, keys).
func siteStart(t *testing.T, prepare func(bin, db string)) *server {
	t.Helper()
	bin := datelineBinary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "site.db")
	if prepare != nil {
		prepare(bin, db)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--demo", "--addr", addr, "--db", db)
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: log}
	t.Cleanup(func() { s.kill() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("dateline serve --demo did not become ready:\n%s", log.String())
	return nil
}

// siteBrowser starts headless Chromium with a fresh profile. It skips the
// test when Chromium is missing, and fails instead under CI=true.
func siteBrowser(t *testing.T) context.Context {
	t.Helper()
	testenv.File(t, chromiumPath, "apt-get install chromium")
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// Registered after t.TempDir, so Chromium ends before its profile is
	// removed.
	t.Cleanup(func() { cancelC(); cancelA() })
	return ctx
}

// siteScriptsOff turns off JavaScript in the page, as a reader who blocks it.
// DevTools evaluation (the test's own probes) still works.
func siteScriptsOff() chromedp.Action[chromedp.Void] { return scriptsDisabled(true) }

// sitePage is what the accessibility smoke check and the journey read
// from the rendered page.
type sitePage struct {
	URL       string   `json:"url"`
	Lang      string   `json:"lang"`
	Title     string   `json:"title"`
	H1        []string `json:"h1"`
	Mains     int      `json:"mains"`
	Headings  []int    `json:"headings"`
	ImgNoAlt  []string `json:"imgNoAlt"`
	SkipOK    bool     `json:"skipOK"`
	MainText  string   `json:"mainText"`
	Scripts   int      `json:"scripts"`
	FeedLinks []string `json:"feedLinks"`
}

const sitePageJS = `(() => {
	const q = s => Array.from(document.querySelectorAll(s));
	const skip = document.querySelector('a.skip');
	return {
		url: location.href,
		lang: document.documentElement.getAttribute('lang') || '',
		title: document.title,
		h1: q('h1').map(h => h.textContent.trim()),
		mains: q('main, [role=main]').length,
		headings: q('h1,h2,h3,h4,h5,h6').map(h => +h.tagName[1]),
		imgNoAlt: q('img').filter(i => !i.hasAttribute('alt')).map(i => i.src),
		skipOK: !!skip && !!document.querySelector(skip.getAttribute('href')),
		mainText: (document.querySelector('main') || document.body).innerText,
		scripts: q('script:not([type="application/ld+json"])').filter(s => !s.src || !s.defer).length,
		feedLinks: q('link[rel=alternate][type$="xml"], link[rel=alternate][type="application/feed+json"]').map(l => l.href),
	};
})()`

// siteReadPage reads the facts of the page the browser shows.
func siteReadPage(t *testing.T, ctx context.Context) sitePage {
	t.Helper()
	f, err := chromedp.Run(ctx, chromedp.Evaluate[sitePage](sitePageJS))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	return f
}

// siteCheckA11y is the accessibility smoke check of one page: a lang
// attribute, one h1, a main landmark, a skip link that lands somewhere,
// alt text on images and headings that do not skip a level.
func siteCheckA11y(t *testing.T, what string, f sitePage) {
	t.Helper()
	for _, p := range siteA11yProblems(f) {
		t.Errorf("%s (%s): %s", what, f.URL, p)
	}
}

// siteA11yProblems lists what the smoke check finds wrong with a page.
func siteA11yProblems(f sitePage) []string {
	var problems []string
	if f.Lang == "" {
		problems = append(problems, "<html> has no lang")
	}
	if len(f.H1) != 1 {
		problems = append(problems, fmt.Sprintf("%d <h1> elements %q, want exactly one", len(f.H1), f.H1))
	}
	if f.Mains != 1 {
		problems = append(problems, fmt.Sprintf("%d <main> landmarks, want one", f.Mains))
	}
	if len(f.ImgNoAlt) > 0 {
		problems = append(problems, fmt.Sprintf("images without alt: %q", f.ImgNoAlt))
	}
	if !f.SkipOK {
		problems = append(problems, "no skip link, or its target is missing")
	}
	if len(f.Headings) == 0 || f.Headings[0] != 1 {
		problems = append(problems, fmt.Sprintf("the first heading is not the h1: levels %v", f.Headings))
	}
	for i := 1; i < len(f.Headings); i++ {
		if f.Headings[i] > f.Headings[i-1]+1 {
			problems = append(problems, fmt.Sprintf("heading levels skip from h%d to h%d (levels %v)", f.Headings[i-1], f.Headings[i], f.Headings))
			break
		}
	}
	if len(f.FeedLinks) < 3 {
		problems = append(problems, fmt.Sprintf("feed autodiscovery links %q, want RSS, Atom and JSON Feed", f.FeedLinks))
	}
	if f.Scripts > 0 {
		problems = append(problems, fmt.Sprintf("%d inline or blocking script elements; the site works without scripts and loads its few deferred", f.Scripts))
	}
	return problems
}

// siteFollow clicks the first element sel matches, waits for the page it
// leads to and returns the HTTP status of that page.
func siteFollow(t *testing.T, ctx context.Context, what string, sel string) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: clicking %s: %v", what, sel, err)
	}
	return resp.Status
}

// siteOpen navigates to u and returns the HTTP status.
func siteOpen(t *testing.T, ctx context.Context, what, u string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		t.Fatalf("%s: opening %s: %v", what, u, err)
	}
	return resp.Status
}

// siteAttr reads the attribute name of the first element sel matches.
func siteAttr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, sel, name)))
	if err != nil {
		t.Fatalf("reading %s of %s: %v", name, sel, err)
	}
	return v
}

// siteTexts returns the text of every element sel matches.
func siteTexts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
		`Array.from(document.querySelectorAll(%q)).map(e => e.textContent.trim())`, sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return v
}

// siteFetch is a plain GET with optional bearer key.
func siteFetch(t *testing.T, u, key string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// siteArticle is what an article page says about its story, read from the
// server-rendered HTML.
type siteArticle struct {
	Status    int
	Lang      string
	Headline  string
	Published string
	Updated   string
	Byline    string
	Dateline  string // the dateline span as rendered, "" when the story has none
}

var (
	siteH1RE        = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)
	siteMarkRE      = regexp.MustCompile(`<span class="mark[^"]*">[^<]*</span> `)
	siteLangRE      = regexp.MustCompile(`<html lang="([^"]*)"`)
	sitePublishedRE = regexp.MustCompile(`<p class="meta">[^<]*<time datetime="([^"]+)"`)
	siteUpdatedRE   = regexp.MustCompile(`<br>[^<]*<time datetime="([^"]+)"`)
	siteBylineRE    = regexp.MustCompile(`<p class="byline">[^ ]+ (.*?)</p>`)
	siteDatelineRE  = regexp.MustCompile(`<span class="dateline">.*?</span>`)
)

func siteReadArticle(t *testing.T, u string) siteArticle {
	t.Helper()
	status, _, body := siteFetch(t, u, "")
	a := siteArticle{Status: status}
	if m := siteLangRE.FindStringSubmatch(body); m != nil {
		a.Lang = m[1]
	}
	if m := siteH1RE.FindStringSubmatch(body); m != nil {
		a.Headline = html.UnescapeString(siteMarkRE.ReplaceAllString(m[1], ""))
	}
	if m := sitePublishedRE.FindStringSubmatch(body); m != nil {
		a.Published = m[1]
	}
	if m := siteUpdatedRE.FindStringSubmatch(body); m != nil {
		a.Updated = m[1]
	}
	if m := siteBylineRE.FindStringSubmatch(body); m != nil {
		a.Byline = html.UnescapeString(m[1])
	}
	a.Dateline = siteDatelineRE.FindString(body)
	return a
}

var siteStoryLinkRE = regexp.MustCompile(`<h2>(?:<span class="mark[^"]*">[^<]*</span> )?<a href="(/news/([0-9a-z]+)[^"]*)">`)

// sitePublicStories walks every page of All news and returns the story ids in
// order and their article paths.
func sitePublicStories(t *testing.T, base string) (ids []string, paths map[string]string) {
	t.Helper()
	return sitePublicStoriesFrom(t, base, "/news", map[string]string{})
}

// sitePublicStoriesAll is sitePublicStories over All news in every
// language of the site (each list shows its own language's stories).
func sitePublicStoriesAll(t *testing.T, base string) (ids []string, paths map[string]string) {
	t.Helper()
	paths = map[string]string{}
	for _, start := range []string{"/news", "/news?lang=ru"} {
		more, _ := sitePublicStoriesFrom(t, base, start, paths)
		ids = append(ids, more...)
	}
	return ids, paths
}

func sitePublicStoriesFrom(t *testing.T, base, next string, paths map[string]string) (ids []string, _ map[string]string) {
	t.Helper()
	for pages := 0; next != ""; pages++ {
		if pages > 50 {
			t.Fatal("All news does not end after 50 pages")
		}
		status, _, body := siteFetch(t, base+next, "")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", next, status)
		}
		for _, m := range siteStoryLinkRE.FindAllStringSubmatch(body, -1) {
			if _, dup := paths[m[2]]; dup {
				t.Fatalf("story %s listed twice across All news pages", m[2])
			}
			ids = append(ids, m[2])
			paths[m[2]] = html.UnescapeString(m[1])
		}
		next = ""
		if m := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body); m != nil {
			next = html.UnescapeString(m[1])
		}
	}
	return ids, paths
}

// siteWireItems reads the whole wire change feed for a subscriber key.
func siteWireItems(t *testing.T, base, key string) []map[string]any {
	t.Helper()
	var out []map[string]any
	after := ""
	for i := 0; i < 100; i++ {
		u := base + "/api/v1/wire?limit=100&wait=0"
		if after != "" {
			u += "&after=" + url.QueryEscape(after)
		}
		status, _, body := siteFetch(t, u, key)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", u, status, body)
		}
		var pg struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next"`
			More  bool             `json:"more"`
		}
		if err := json.Unmarshal([]byte(body), &pg); err != nil {
			t.Fatalf("wire page: %v\n%.300s", err, body)
		}
		out = append(out, pg.Items...)
		if !pg.More || pg.Next == "" || pg.Next == after {
			return out
		}
		after = pg.Next
	}
	t.Fatal("the wire does not end after 100 pages")
	return nil
}

// siteWireLatest returns the latest wire item about story id, or nil.
func siteWireLatest(items []map[string]any, id string) map[string]any {
	var last map[string]any
	for _, it := range items {
		if u, _ := it["uri"].(string); strings.Contains(u, id) {
			last = it
		}
	}
	return last
}

var siteKeyRE = regexp.MustCompile(`(?m)^\s*(\S+)\s*$`)

// siteSubscriberKey creates a wire subscriber with the CLI and returns its key.
func siteSubscriberKey(t *testing.T, bin, db, name string) string {
	t.Helper()
	out := runCLI(t, bin, db, "subscriber", "add", name)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	m := siteKeyRE.FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("subscriber add printed no key: %q", out)
	}
	return m[1]
}

// siteStory is a story the kill and embargo tests file through the API.
type siteStory struct {
	ID, Headline, Word, Section, Tag string
}

// siteChannel is one place a reader or subscriber can meet a story.
type siteChannel struct {
	name string
	// shows reports whether the channel shows the story now, and what it
	// saw, for the failure message.
	shows func(t *testing.T) (bool, string)
}

// siteChannels lists every public channel of story s: pages, search,
// feeds, sitemaps, the article itself and the subscriber API.
func siteChannels(base, key string, s siteStory) []siteChannel {
	page := func(p string) siteChannel {
		return siteChannel{p, func(t *testing.T) (bool, string) {
			status, _, body := siteFetch(t, base+p, "")
			if status >= 500 {
				t.Errorf("%s answered %d", p, status)
			}
			return strings.Contains(body, "/news/"+s.ID), fmt.Sprintf("status %d", status)
		}}
	}
	month := time.Now().UTC().Format("2006-01")
	var out []siteChannel
	for _, p := range []string{
		"/", "/news", "/news?lang=en", "/section/" + s.Section, "/tag/" + url.PathEscape(s.Tag),
		"/search?q=" + url.QueryEscape(s.Word),
		"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json",
		"/feeds/section/" + s.Section + ".rss", "/feeds/tag/" + url.PathEscape(s.Tag) + ".atom",
		"/sitemap-news.xml", "/sitemaps/stories-" + month + ".xml",
	} {
		out = append(out, page(p))
	}
	out = append(out,
		siteChannel{"article /news/" + s.ID, func(t *testing.T) (bool, string) {
			status, _, body := siteFetch(t, base+"/news/"+s.ID, "")
			return status == http.StatusOK && strings.Contains(body, s.Headline), fmt.Sprintf("status %d", status)
		}},
		siteChannel{"wire /api/v1/wire", func(t *testing.T) (bool, string) {
			it := siteWireLatest(siteWireItems(t, base, key), s.ID)
			if it == nil {
				return false, "no item"
			}
			return it["pubStatus"] == "usable", fmt.Sprintf("latest item pubStatus %v", it["pubStatus"])
		}},
		siteChannel{"wire /api/v1/search", func(t *testing.T) (bool, string) {
			status, _, body := siteFetch(t, base+"/api/v1/search?q="+url.QueryEscape(s.Word), key)
			if status != http.StatusOK {
				t.Errorf("/api/v1/search answered %d: %s", status, body)
			}
			return strings.Contains(body, s.ID), fmt.Sprintf("status %d", status)
		}},
		siteChannel{"wire /api/v1/items/" + s.ID, func(t *testing.T) (bool, string) {
			status, _, body := siteFetch(t, base+"/api/v1/items/"+s.ID, key)
			var it map[string]any
			_ = json.Unmarshal([]byte(body), &it)
			return status == http.StatusOK && it["pubStatus"] == "usable", fmt.Sprintf("status %d pubStatus %v", status, it["pubStatus"])
		}},
	)
	return out
}

// siteFile creates story s through the newsroom API and publishes it,
// under embargo when until is not nil. It returns the story's id.
func siteFile(t *testing.T, base, token string, s siteStory, until *time.Time) string {
	t.Helper()
	ctx := context.Background()
	resp, m, err := apiPost(ctx, base, token, "/api/v1/stories", map[string]any{
		"language":   "en",
		"headline":   s.Headline,
		"standfirst": "An invented story for the end-to-end tests.",
		"dateline":   map[string]any{"place": "TROMSO", "credit": "Dateline", "style": "reuters", "date": time.Now().UTC().Format("2006-01-02")},
		"byline":     "Test Desk",
		"body_html":  "<p>Counters on the " + s.Word + " estuary reported the figures on Sunday.</p><h2>What comes next</h2><p>The survey is repeated in spring.</p>",
		"section":    s.Section,
		"tags":       []string{s.Tag},
	})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create %q: %v %v %v", s.Headline, err, resp.StatusCode, m)
	}
	id, _ := m["id"].(string)
	body := map[string]any{}
	if until != nil {
		body["embargo_until"] = until.UTC().Format(time.RFC3339)
	}
	resp, m, err = apiPost(ctx, base, token, "/api/v1/stories/"+id+"/publish", body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("publish %s: %v %v %v", id, err, resp.StatusCode, m)
	}
	return id
}
