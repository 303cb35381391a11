package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/notify"
	"github.com/dateline-news/dateline/internal/store"
)

// The menu is the editors' list: its order and names, whatever the
// stories are; sections with no stories stay, and a story's own section
// that is not managed does not enter it.
func TestMenuIsTheManagedSections(t *testing.T) {
	s := newSite(t)
	menu := func(path string) []string {
		body := s.get(path).body
		nav := body[strings.Index(body, `<nav class="sections"`):]
		nav = nav[:strings.Index(nav, "</nav>")]
		var out []string
		for _, m := range regexp.MustCompile(`<a href="([^"]+)"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(nav, -1) {
			out = append(out, m[1]+" "+m[2])
		}
		return out
	}
	got := strings.Join(menu("/"), "|")
	if !strings.HasPrefix(got, "/news All news|/section/politics Politics|/section/world World|/section/economy Economy") ||
		strings.Contains(got, "transport") {
		t.Errorf("menu of a new site = %s", got)
	}
	err := s.db.SetSections(context.Background(), []news.Section{
		{Key: "culture", Names: map[string]string{"en": "Arts & Culture", "ru": "Культура"}},
		{Key: "economy", Names: map[string]string{"en": "Markets", "ru": "Экономика"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.srv.Invalidate()
	want := "/news All news|/section/culture Arts &amp; Culture|/section/economy Markets"
	if got := strings.Join(menu("/"), "|"); got != want {
		t.Errorf("menu after the editors' change = %s, want %s", got, want)
	}
	if got := strings.Join(menu("/news?lang=ru"), "|"); got != "/news?lang=ru Все новости|/section/culture?lang=ru Культура|/section/economy?lang=ru Экономика" {
		t.Errorf("Russian menu = %s", got)
	}
	// Publishing many stories of one section changes nothing.
	for i := 0; i < 5; i++ {
		s.publish("sport"+string(rune('a'+i)), &news.Story{Headline: "Match report", Section: "sport",
			Body: []news.Block{para("A goal.")}}, testNow.Add(-time.Minute*time.Duration(i+1)))
	}
	s.srv.Invalidate()
	if got := strings.Join(menu("/"), "|"); got != want {
		t.Errorf("menu moved with the news flow: %s", got)
	}
	// An empty managed section has its page; the heading is its name.
	if r := s.get("/section/culture"); r.status != 200 || !strings.Contains(r.body, "<h1>Arts &amp; Culture</h1>") ||
		!strings.Contains(r.body, "No stories yet.") {
		t.Errorf("/section/culture: %d\n%.300s", r.status, r.body)
	}
}

// Times show in the site's zone with its abbreviation, in the page's
// language.
func TestTimesInTheSiteZone(t *testing.T) {
	s := newSite(t)
	if err := s.db.SetSiteSetting(context.Background(), store.SettingTimeZone, "Europe/Moscow"); err != nil {
		t.Fatal(err)
	}
	s.srv.Invalidate()
	at := time.Date(2016, 12, 18, 6, 15, 0, 0, time.UTC) // 09:15 in Moscow
	st := s.publish("old", &news.Story{Headline: "Winter timetable starts", Body: []news.Block{para("Trains.")}}, at)
	s.publish("oldru", &news.Story{Language: "ru", Headline: "Зимнее расписание", Body: []news.Block{para("Поезда.")}}, at)
	s.srv.Invalidate()
	if body := s.get("/news/" + st.ID).body; !strings.Contains(body, ">18 December 2016, 09:15 MSK</time>") {
		t.Errorf("English article time not in Moscow time:\n%s", between(body, "<article>", "</header>"))
	}
	if body := s.get("/news/" + s.ids["oldru"]).body; !strings.Contains(body, ">18 декабря 2016, 09:15 МСК</time>") {
		t.Errorf("Russian article time:\n%s", between(body, "<article>", "</header>"))
	}
	if err := s.db.SetSiteSetting(context.Background(), store.SettingTimeZone, "Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	s.srv.Invalidate()
	if body := s.get("/news/" + st.ID).body; !strings.Contains(body, ">18 December 2016, 15:15 JST</time>") {
		t.Errorf("after the zone changed to Tokyo:\n%s", between(body, "<article>", "</header>"))
	}
	loc, _ := time.LoadLocation("Europe/Moscow")
	if got := shortTime(at, loc); got != "09:15" {
		t.Errorf("rail time = %q", got)
	}
	now := time.Date(2016, 12, 19, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		t    time.Time
		lang string
		want string
	}{
		{now, "en", "Today"},
		{at, "en", "Yesterday"},
		{at.AddDate(0, 0, -1), "en", "17 December"},
		{at.AddDate(0, 0, -1), "ru", "17 декабря"},
		{time.Date(2016, 12, 18, 21, 30, 0, 0, time.UTC), "en", "Today"}, // 00:30 on the 19th in Moscow
	} {
		if got := railDay(c.t, now, loc, c.lang); got != c.want {
			t.Errorf("railDay(%v, %s) = %q, want %q", c.t, c.lang, got, c.want)
		}
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return s
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// Every link of a Russian page that leads to another list or page of the
// site keeps it Russian: menu, logo, All news, pager, search form.
func TestRussianPagesStayRussian(t *testing.T) {
	s := newSite(t)
	for i := 0; i < 25; i++ {
		s.publish("ru"+string(rune('a'+i)), &news.Story{Language: "ru", Headline: "Новость номер", Section: "economy",
			Body: []news.Block{para("Текст.")}}, testNow.Add(-time.Duration(i+10)*time.Minute))
	}
	s.srv.Invalidate()
	href := regexp.MustCompile(`<(?:a|link) [^>]*href="([^"]+)"[^>]*>`)
	for _, p := range []string{"/?lang=ru", "/news?lang=ru", "/section/economy?lang=ru", "/news/" + s.ids["ru"], "/search?q=%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D1%8C&lang=ru"} {
		r := s.get(p)
		if r.status != 200 || !strings.Contains(r.body, `<html lang="ru">`) {
			t.Fatalf("%s: %d, not a Russian page", p, r.status)
		}
		if !strings.Contains(r.body, `<input type="hidden" name="lang" value="ru">`) {
			t.Errorf("%s: the search form does not keep Russian", p)
		}
		for _, m := range href.FindAllStringSubmatch(r.body, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			list := u == "/" || strings.HasPrefix(u, "/news?") || u == "/news" || strings.HasPrefix(u, "/section/") ||
				strings.HasPrefix(u, "/search") || strings.HasPrefix(u, "/tag/") || strings.HasPrefix(u, "/feeds/")
			if list && !strings.Contains(u, "lang=ru") && !strings.Contains(m[0], `hreflang="en"`) {
				t.Errorf("%s links %s, which is not Russian", p, u)
			}
		}
	}
	// The Russian list shows Russian stories only; English lists show
	// English ones, with the translation linked.
	if body := s.get("/news?lang=ru").body; strings.Contains(body, "Harbour council") {
		t.Error("the Russian list mixes in English stories")
	}
	en := s.get("/news").body
	if strings.Contains(en, "Совет гавани одобрил") {
		t.Error("the English list mixes in Russian stories")
	}
	if !strings.Contains(en, `hreflang="ru" lang="ru">Русский</a>`) {
		t.Error("the English list does not link the Russian translation")
	}
	// The header switch leads to the same list in the other language.
	if !strings.Contains(s.get("/section/economy").body, `<a href="/section/economy?lang=ru" hreflang="ru" lang="ru">Русский</a>`) {
		t.Error("the language switch of a section page does not lead to the Russian section page")
	}
}

func TestWrongSlugMovesPermanently(t *testing.T) {
	s := newSite(t)
	id := s.ids["en"]
	want := "/news/" + id + "/harbour-council-approves-green-ferry-plan"
	for _, p := range []string{"/news/" + id + "/wrong-slug", "/news/" + id + "/harbour-council"} {
		r := s.get(p)
		if r.status != http.StatusMovedPermanently || r.header.Get("Location") != want {
			t.Errorf("%s: %d Location %q, want 301 to %s", p, r.status, r.header.Get("Location"), want)
		}
	}
	if r := s.get("/news/" + id + "/x?lang=en&utm=1"); r.header.Get("Location") != want+"?lang=en" {
		t.Errorf("the redirect keeps the query parameters pages read, no others: %q", r.header.Get("Location"))
	}
	for _, p := range []string{want, "/news/" + id} {
		if r := s.get(p); r.status != 200 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
	// A new headline moves the story's address; the old slug redirects.
	s.update("en", func(st *news.Story) (*news.Version, error) {
		st.Headline = "Council backs electric ferries"
		return st.Correct(testNow, "New headline.", "desk")
	})
	if r := s.get(want); r.status != 301 || !strings.HasSuffix(r.header.Get("Location"), "/council-backs-electric-ferries") {
		t.Errorf("old slug after a new headline: %d %q", r.status, r.header.Get("Location"))
	}
}

func TestIconsAndManifest(t *testing.T) {
	s := newSite(t)
	for p, ct := range map[string]string{"/favicon.ico": "image/x-icon", "/favicon.svg": "image/svg+xml",
		"/icon-192.png": "image/png", "/manifest.webmanifest": "application/manifest+json"} {
		r := s.get(p)
		if r.status != 200 || r.header.Get("Content-Type") != ct || len(r.body) < 50 {
			t.Errorf("%s: %d %s, %d bytes", p, r.status, r.header.Get("Content-Type"), len(r.body))
		}
	}
	var m struct {
		Name  string
		Icons []struct{ Src string }
	}
	if err := json.Unmarshal([]byte(s.get("/manifest.webmanifest").body), &m); err != nil || m.Name != "Dateline" || len(m.Icons) < 2 {
		t.Errorf("manifest: %+v %v", m, err)
	}
	for _, ic := range m.Icons {
		if r := s.get(ic.Src); r.status != 200 {
			t.Errorf("manifest icon %s: %d", ic.Src, r.status)
		}
	}
	if !strings.Contains(s.get("/").body, `<link rel="manifest" href="/manifest.webmanifest">`) {
		t.Error("pages do not link the manifest")
	}
}

func TestSearchCountExcerptsSortAndFilters(t *testing.T) {
	s := newSite(t)
	r := s.get("/search?q=ferries")
	if !strings.Contains(r.body, "2 results") || !strings.Contains(r.body, `<p class="excerpt">`) ||
		!strings.Contains(r.body, "<mark>ferries</mark>") {
		t.Errorf("search page lacks the count or marked excerpt:\n%s", between(r.body, `<p class="count"`, "</main>"))
	}
	if r := s.get("/search?q=ferry&section=world"); !strings.Contains(r.body, "0 results") {
		t.Errorf("section filter: %s", between(r.body, `<p class="count"`, "</ul>"))
	}
	if r := s.get("/search?q=ferry&section=economy&from=2026-11-28&to=2026-11-28"); !strings.Contains(r.body, "Harbour council") ||
		strings.Contains(r.body, "Ferry operator hires") && !strings.Contains(r.body, "2 results") {
		t.Logf("date filter: %s", between(r.body, `<p class="count"`, "</ul>"))
	}
	if r := s.get("/search?q=ferry&from=2030-01-01"); !strings.Contains(r.body, "0 results") {
		t.Errorf("a from date after every story still finds: %s", between(r.body, `<p class="count"`, "</ul>"))
	}
	if r := s.get("/search?q=ferry&sort=relevance"); r.status != 200 || !strings.Contains(r.body, "2 results") ||
		!strings.Contains(r.body, `<option value="relevance" selected>`) {
		t.Errorf("relevance: %d %s", r.status, between(r.body, `<p class="count"`, "</ul>"))
	}
	if r := s.get("/search?q=%D0%BF%D0%B0%D1%80%D0%BE%D0%BC%D0%BE%D0%B2&lang=ru"); !strings.Contains(r.body, "Найден 1 материал") {
		t.Errorf("Russian count: %s", between(r.body, `<p class="count"`, "</ul>"))
	}
	for _, p := range []string{"/search?q=a&sort=best", "/search?q=a&from=18.12.2016"} {
		if r := s.get(p); r.status != 400 {
			t.Errorf("%s: %d, want 400", p, r.status)
		}
	}
	if got := plural("ru", 22, "%d один", "%d два", "%d много"); got != "22 два" {
		t.Errorf("plural ru 22 = %s", got)
	}
	if got := plural("ru", 11, "%d один", "%d два", "%d много"); got != "11 много" {
		t.Errorf("plural ru 11 = %s", got)
	}
}

// The rail's stream sends the newest stories at once and again after a
// public change, and refuses readers past its bound.
func TestLiveRail(t *testing.T) {
	s := newSite(t)
	hub := notify.New()
	srv := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return testNow },
		Site: s.db, Changed: hub.Changed, MaxLiveStreams: 1}, s.db)
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+"/news/live", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := bufio.NewScanner(resp.Body)
	next := func() []railItem {
		for events.Scan() {
			if data, ok := strings.CutPrefix(events.Text(), "data: "); ok {
				var items []railItem
				if err := json.Unmarshal([]byte(data), &items); err != nil {
					t.Fatal(err)
				}
				return items
			}
		}
		t.Fatalf("stream ended: %v", events.Err())
		return nil
	}
	first := next()
	days := map[string]bool{}
	for _, it := range first {
		if it.Day != "" && days[it.Day] {
			t.Errorf("the rail names the day %q twice", it.Day)
		}
		days[it.Day] = true
	}
	if len(first) == 0 || first[0].Headline != `Harbour council approves "green" ferry plan` {
		t.Fatalf("first rail: %+v", first)
	}
	for _, it := range first {
		if strings.Contains(it.Headline, "Совет") || strings.Contains(it.Headline, "Withdrawnword") {
			t.Errorf("the English rail carries %q", it.Headline)
		}
	}
	// A second reader is over the bound.
	if r, err := http.Get(hs.URL + "/news/live"); err != nil || r.StatusCode != 503 {
		t.Errorf("second stream: %v %v, want 503", r.StatusCode, err)
	} else {
		r.Body.Close()
	}
	s.publish("breaking", &news.Story{Headline: "Bridge reopens after repairs", Body: []news.Block{para("Traffic flows.")}}, testNow)
	srv.InvalidateStory(s.ids["breaking"])
	hub.Notify()
	if got := next(); len(got) == 0 || got[0].Headline != "Bridge reopens after repairs" {
		t.Errorf("rail after a publish: %+v", got)
	}
}
