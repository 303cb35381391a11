package e2e

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
	"github.com/dateline-news/dateline/internal/web"
)

const chromiumPath = "/usr/bin/chromium"

// newsroomServer composes Dateline as internal/app does: the public site
// on "/" and the newsroom's routes on the same mux, over a real SQLite.
func newsroomServer(t *testing.T) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "dateline.db"))
	if err != nil {
		t.Fatal(err)
	}
	// Each reading of the clock is a second later than the one before, so
	// every public version has an "Updated at" of its own without waiting.
	var ticks atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(ticks.Add(1)) * time.Second) }
	svc := publish.New(db, clock, nil)
	site := web.New(web.Config{Now: time.Now}, db)
	svc.OnChange(func(news.Version) { site.Invalidate() })
	mux := http.NewServeMux()
	site.Register(mux)
	srv := httptest.NewServer(site.Middleware(mux))
	newsroom.New(newsroom.Config{BaseURL: srv.URL}, svc, db, db).Register(mux)
	t.Cleanup(func() { srv.Close(); db.Close() })
	return srv, db
}

func artifactsDir(t *testing.T) string {
	dir := os.Getenv("DATELINE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots go to %s", dir)
	return dir
}

func browserContext(t *testing.T) context.Context {
	t.Helper()
	testenv.File(t, chromiumPath, "apt-get install chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1600),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	return ctx
}

// follow clicks what sel names and waits until the page that the click
// leads to has loaded. Querying while the old page is being replaced is
// what made the journey fail with "No node with given id found".
func follow(sel string) chromedp.Action[chromedp.Void] {
	return untilLoaded(chromedp.Click(chromedp.CSS(sel)))
}

// untilLoaded runs a and waits for the page load that a causes.
func untilLoaded(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, t)
		return chromedp.Void{}, err
	}
}

// notice waits for the status message a form submission leads to.
func notice(text string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"notice") and contains(., "` + text + `")]`))
}

// into runs a that returns a value and stores the value in dst.
func into[T any](a chromedp.Action[T], dst *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}

func login(base, name, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/newsroom/login"),
		chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), name),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		untilLoaded(chromedp.Submit(chromedp.CSS("#f-password"))),
		chromedp.WaitVisible(chromedp.Search(`//h1[text()="Desk"]`)),
	)
}

func logout() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		follow(`form.logout button`),
		chromedp.WaitVisible(chromedp.CSS("#f-password")),
	)
}

func savePNG(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	if len(b) < 8 || string(b[1:4]) != "PNG" {
		t.Fatalf("screenshot %s is not a PNG", name)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", p)
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var updatedRE = regexp.MustCompile(`Updated at <time datetime="([^"]+)"`)

// TestNewsroomJourney: a reporter files a story with a dateline and a
// subheading; an editor edits and publishes it, sees it on All news,
// corrects it, compares versions 1 and 2 and kills it.
func TestNewsroomJourney(t *testing.T) {
	ctx := browserContext(t)
	srv, db := newsroomServer(t)
	dir := artifactsDir(t)
	base := srv.URL
	pw := map[string]string{}
	for name, role := range map[string]store.Role{"rita": store.RoleReporter, "ed": store.RoleEditor} {
		p, err := auth.AddUser(t.Context(), db, name, role)
		if err != nil {
			t.Fatal(err)
		}
		pw[name] = p
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		// The browser belongs to the context of its first use, so it starts
		// on ctx itself; a step that waits for something that never comes
		// then fails after a minute instead of hanging the test binary.
		if err := chromedp.Do(ctx); err != nil {
			t.Fatalf("start the browser: %v", err)
		}
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Errorf("%s: %v", what, err)
			var shot []byte
			if chromedp.Do(ctx, into(chromedp.FullScreenshot(100), &shot)) == nil && len(shot) > 0 {
				savePNG(t, artifactsDir(t), "newsroom-failed-step.png", shot)
			}
			t.FailNow()
		}
	}

	// The reporter writes and files a story.
	var editorPNG []byte
	var loc string
	run("reporter files a story",
		login(base, "rita", pw["rita"]),
		chromedp.Navigate(base+"/newsroom/new"),
		chromedp.WaitVisible(chromedp.CSS("#f-headline")),
		chromedp.SendKeys(chromedp.CSS("#f-headline"), "Harbour trams return after forty years"),
		chromedp.SendKeys(chromedp.CSS("#f-standfirst"), "The city council votes to rebuild the harbour line."),
		chromedp.SendKeys(chromedp.CSS("#f-place"), "GDANSK"),
		chromedp.SetValue(chromedp.CSS("#f-date"), "2026-03-02"),
		chromedp.SendKeys(chromedp.CSS("#f-credit"), "Dateline"),
		chromedp.SetValue(chromedp.CSS("#f-style"), "reuters"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The council voted 31 to 9 for the line.\n\n## Building starts in spring\n\nThe first trams run in 2028."),
		chromedp.SendKeys(chromedp.CSS("#f-section"), "politics"),
		chromedp.SendKeys(chromedp.CSS("#f-tags"), "Poland, Transport"),
		into(chromedp.FullScreenshot(100), &editorPNG),
		follow("#save"),
		notice("Draft filed."),
		into(chromedp.Location(), &loc),
	)
	savePNG(t, dir, "newsroom-editor.png", editorPNG)
	m := regexp.MustCompile(`/newsroom/stories/([0-9a-z]+)`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("after filing, the browser is at %s", loc)
	}
	id := m[1]
	var preview string
	var noPublish bool
	run("reporter sees the dateline and cannot publish",
		into(chromedp.Text(chromedp.CSS("#dateline-preview")), &preview),
		into(chromedp.Evaluate[bool](`document.querySelector("#publish") === null`), &noPublish),
	)
	if !noPublish {
		t.Error("the reporter is shown a publish button")
	}
	if preview != "GDANSK, Mar 2 (Dateline) -" {
		t.Fatalf("dateline preview %q", preview)
	}
	run("reporter logs out", logout())

	// The editor edits and publishes.
	var onNews string
	run("editor edits and publishes",
		login(base, "ed", pw["ed"]),
		chromedp.Navigate(base+"/newsroom/stories/"+id),
		chromedp.WaitVisible(chromedp.CSS("#f-headline")),
		chromedp.SetValue(chromedp.CSS("#f-headline"), "Harbour trams to return after forty years"),
		follow("#save"),
		notice("Saved."),
		follow("#publish"),
		notice("Published."),
		chromedp.Navigate(base+"/news"),
		into(chromedp.Text(chromedp.CSS("main")), &onNews),
	)
	if !strings.Contains(onNews, "Harbour trams to return after forty years") {
		t.Fatalf("All news does not list the story:\n%s", onNews)
	}
	_, before := httpGet(t, base+"/news/"+id)

	// The editor corrects it with a note.
	var article string
	run("editor corrects",
		chromedp.Navigate(base+"/newsroom/stories/"+id),
		chromedp.WaitVisible(chromedp.CSS("#f-body")),
		chromedp.SetValue(chromedp.CSS("#f-body"), "The council voted 33 to 7 for the line.\n\n## Building starts in spring\n\nThe first trams run in 2028."),
		chromedp.SendKeys(chromedp.CSS("#f-note"), "An earlier version gave the vote as 31 to 9."),
		follow("#correct"),
		notice("Correction published."),
		chromedp.Navigate(base+"/news/"+id),
		into(chromedp.Text(chromedp.CSS("article")), &article),
	)
	for _, want := range []string{"An earlier version gave the vote as 31 to 9.", "33 to 7", "Updated at", "GDANSK, Mar 2 (Dateline) -", "Building starts in spring"} {
		if !strings.Contains(article, want) {
			t.Errorf("article page lacks %q:\n%s", want, article)
		}
	}
	_, after := httpGet(t, base+"/news/"+id)
	u2 := updatedRE.FindStringSubmatch(after)
	if u2 == nil {
		t.Fatal("no Updated at on the corrected article")
	}
	if u1 := updatedRE.FindStringSubmatch(before); u1 != nil && u1[1] == u2[1] {
		t.Fatalf("Updated at did not move with the correction: %s", u1[1])
	}

	// The diff between versions 1 and 2.
	var diffPNG []byte
	var diff string
	run("editor compares versions 1 and 2",
		chromedp.Navigate(base+"/newsroom/stories/"+id+"/versions"),
		chromedp.WaitVisible(chromedp.CSS("#a1")),
		chromedp.Click(chromedp.CSS("#a1")),
		chromedp.Click(chromedp.CSS("#b2")),
		follow("#compare"),
		chromedp.WaitVisible(chromedp.CSS("table.diff del")),
		into(chromedp.Text(chromedp.CSS("table.diff")), &diff),
		into(chromedp.FullScreenshot(100), &diffPNG),
	)
	savePNG(t, dir, "newsroom-diff.png", diffPNG)
	if !strings.Contains(diff, "31 to 9") || !strings.Contains(diff, "33 to 7") {
		t.Fatalf("diff lacks the changed words:\n%s", diff)
	}

	// The editor kills it; the article answers 410.
	run("editor kills",
		chromedp.Navigate(base+"/newsroom/stories/"+id),
		chromedp.WaitVisible(chromedp.CSS("#f-reason")),
		chromedp.SendKeys(chromedp.CSS("#f-reason"), "Legal advice"),
		follow("#kill"),
		notice("Story killed"),
	)
	if status, _ := httpGet(t, base+"/news/"+id); status != http.StatusGone {
		t.Fatalf("killed story answers %d, want 410", status)
	}
}
