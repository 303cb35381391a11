package newsroom_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/store"
)

// TestEmbargoReleasesTheScheduledVersion: an edit saved to a scheduled
// story stays a working copy; the release publishes exactly what was
// scheduled, and the desk and editor say so.
func TestEmbargoReleasesTheScheduledVersion(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	until := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	id := e.embargoed("Approved headline under embargo", until)
	cur := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	edit := sample("Unapproved headline typed after scheduling")
	edit["revision"] = cur["revision"]
	edit["body_html"] = "<p>Unapproved sentence nobody reviewed.</p>"
	r := e.api("PUT", "/api/v1/stories/"+id, "ed", edit)
	want(t, "save an edit of the scheduled story", r, 200)
	if m := r.json(t); m["status"] != "scheduled" || m["unpublished"] != true {
		t.Fatalf("after the edit: %v", m)
	}
	b := e.login("ed")
	page := string(b.get("/newsroom/stories/" + id).body)
	if !strings.Contains(page, "scheduled: version 1 · working copy has unpublished changes") || !strings.Contains(page, `id="working-diff"`) {
		t.Fatalf("editor of the edited scheduled story does not say so:\n%s", page)
	}
	if desk := string(b.get("/newsroom/").body); !strings.Contains(desk, "scheduled: version 1 · working copy has unpublished changes") {
		t.Fatalf("desk does not show the unpublished changes:\n%s", desk)
	}
	e.releaseOne(t)
	pub := string(e.get("/news/" + id).body)
	if !strings.Contains(pub, "Approved headline under embargo") || strings.Contains(pub, "Unapproved") {
		t.Fatalf("the release published something else than the scheduled version:\n%s", pub)
	}
	for _, p := range []string{"/news", "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/search?q=unapproved"} {
		if strings.Contains(string(e.get(p).body), "Unapproved") {
			t.Errorf("%s shows the unreviewed edit", p)
		}
	}
	m := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if m["status"] != "published" || m["unpublished"] != true || m["headline"] != "Unapproved headline typed after scheduling" {
		t.Fatalf("after the release the working copy is lost or published: %v", m)
	}
	page = string(b.get("/newsroom/stories/" + id).body)
	if !strings.Contains(page, "published · unpublished changes") || !strings.Contains(page, "<del>") {
		t.Fatalf("editor does not show the unpublished changes with a diff:\n%s", page)
	}
	// Discard the working copy: back to the public text.
	r = b.postForm("/newsroom/stories/"+id, url.Values{"op": {"discard"}, "revision": {strconv.Itoa(int(m["revision"].(float64)))}})
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "Unpublished changes discarded") {
		t.Fatalf("discard: %d\n%s", r.status, r.body)
	}
	m = e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if m["headline"] != "Approved headline under embargo" || m["unpublished"] == true {
		t.Fatalf("after discard: %v", m)
	}
	audit, err := e.db.Audit(t.Context(), store.AuditQuery{StoryID: id, Action: "embargo-release"})
	if err != nil || len(audit) != 1 || audit[0].User != "system" {
		t.Fatalf("embargo release audit: %+v %v", audit, err)
	}
}

// TestPublishReplacesTheScheduledVersion: publishing the working copy of
// a scheduled story replaces the scheduled version and keeps its embargo
// time when the request names none; the release then publishes the
// replacement.
func TestPublishReplacesTheScheduledVersion(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	until := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	id := e.embargoed("First scheduled headline", until)
	cur := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	edit := sample("Replacement headline approved before the embargo")
	edit["revision"] = cur["revision"]
	edit["body_html"] = "<p>Replacement sentence the editor approved.</p>"
	want(t, "save an edit", e.api("PUT", "/api/v1/stories/"+id, "ed", edit), 200)
	for _, body := range []map[string]any{nil, {}} {
		r := e.api("POST", "/api/v1/stories/"+id+"/publish", "ed", body)
		want(t, "publish the working copy", r, 200)
		m := r.json(t)
		if m["status"] != "scheduled" || m["embargo_until"] != until.UTC().Format(time.RFC3339) || m["unpublished"] == true ||
			m["headline"] != "Replacement headline approved before the embargo" {
			t.Fatalf("publish of a scheduled story's working copy (body %v): %v; want it scheduled until %s", body, m, until.UTC().Format(time.RFC3339))
		}
	}
	if shown, _ := e.visible(id, "Replacement headline"); len(shown) > 0 {
		t.Fatalf("the replacement shows before the embargo on %v", shown)
	}
	e.releaseOne(t)
	pub := string(e.get("/news/" + id).body)
	if !strings.Contains(pub, "Replacement headline approved") || strings.Contains(pub, "First scheduled headline") {
		t.Fatalf("the release did not publish the replacement:\n%s", pub)
	}
	m := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if m["first_published_at"] != until.UTC().Format(time.RFC3339) {
		t.Fatalf("released at %v, want the embargo time %s", m["first_published_at"], until.UTC().Format(time.RFC3339))
	}
}

// TestKillNoticeAndReason: the internal reason is in the audit log only;
// readers and subscribers see the public notice. A killed story opens
// read-only with its history; the desk lists it.
func TestKillNoticeAndReason(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	r := e.api("POST", "/api/v1/stories", "ed", sample("Council vote story to be killed"))
	want(t, "create", r, 201)
	id := r.json(t)["id"].(string)
	want(t, "publish", e.api("POST", "/api/v1/stories/"+id+"/publish", "ed", nil), 200)
	want(t, "kill without a reason", e.api("POST", "/api/v1/stories/"+id+"/kill", "ed", map[string]any{"notice": "x"}), 422)
	r = e.api("POST", "/api/v1/stories/"+id+"/kill", "ed", map[string]any{
		"reason": "Internal: the councillor's lawyer called", "notice": "Withdrawn: the vote count was wrong."})
	want(t, "kill", r, 200)
	gone := e.get("/news/" + id)
	if gone.status != http.StatusGone || !strings.Contains(string(gone.body), "Withdrawn: the vote count was wrong.") ||
		strings.Contains(string(gone.body), "lawyer") {
		t.Fatalf("410 page: %d\n%s", gone.status, gone.body)
	}
	audit, err := e.db.Audit(t.Context(), store.AuditQuery{StoryID: id, Action: "kill"})
	if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Detail, "lawyer called") || audit[0].User != "ed" {
		t.Fatalf("kill audit entry: %+v %v", audit, err)
	}
	vs := e.api("GET", "/api/v1/stories/"+id+"/versions", "ed", nil)
	if strings.Contains(string(vs.body), "lawyer") {
		t.Fatalf("the internal reason is in the version history:\n%s", vs.body)
	}
	b := e.login("ed")
	page := string(b.get("/newsroom/stories/" + id).body)
	if !strings.Contains(page, `id="killed-notice"`) || !strings.Contains(page, `id="history-h"`) || strings.Contains(page, `id="save"`) ||
		strings.Contains(page, "<fieldset>") || !strings.Contains(page, "<fieldset disabled>") || strings.Contains(page, "data-autosave") {
		t.Fatalf("a killed story does not open read-only with its history:\n%s", page)
	}
	if desk := string(b.get("/newsroom/").body); !strings.Contains(desk, `id="killed"`) || !strings.Contains(desk, "Council vote story to be killed") {
		t.Fatalf("the desk does not list killed stories:\n%s", desk)
	}
	// The form says who sees what.
	r = e.api("POST", "/api/v1/stories", "ed", sample("Another story"))
	other := r.json(t)["id"].(string)
	want(t, "publish", e.api("POST", "/api/v1/stories/"+other+"/publish", "ed", nil), 200)
	page = string(b.get("/newsroom/stories/" + other).body)
	if !strings.Contains(page, "never published") || !strings.Contains(page, "readers and subscribers see it") {
		t.Fatalf("kill form does not label the reason and the notice:\n%s", page)
	}
}

// TestWithholdAndRelease: withhold through the API takes a story off the
// site; release makes it usable again as it was; both are audited.
func TestWithholdAndRelease(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	r := e.api("POST", "/api/v1/stories", "ed", sample("Harbour tender under legal review"))
	id := r.json(t)["id"].(string)
	want(t, "publish", e.api("POST", "/api/v1/stories/"+id+"/publish", "ed", nil), 200)
	want(t, "a reporter may not withhold", e.api("POST", "/api/v1/stories/"+id+"/withhold", "rita", map[string]any{"reason": "x"}), 403)
	r = e.api("POST", "/api/v1/stories/"+id+"/withhold", "ed", map[string]any{"reason": "Lawyers are reading it"})
	want(t, "withhold", r, 200)
	if m := r.json(t); m["status"] != "withheld" {
		t.Fatalf("withhold: %v", m)
	}
	if s := e.get("/news/" + id).status; s != http.StatusNotFound {
		t.Fatalf("withheld story on the site: %d", s)
	}
	if desk := string(e.login("ed").get("/newsroom/").body); !strings.Contains(desk, `id="withheld"`) || !strings.Contains(desk, "Harbour tender") {
		t.Fatalf("the desk does not list withheld stories:\n%s", desk)
	}
	r = e.api("POST", "/api/v1/stories/"+id+"/release", "ed", nil)
	want(t, "release", r, 200)
	if m := r.json(t); m["status"] != "published" || m["version"].(float64) != 3 {
		t.Fatalf("release: %v", m)
	}
	if r := e.get("/news/" + id); r.status != 200 || !strings.Contains(string(r.body), "Harbour tender under legal review") {
		t.Fatalf("released story: %d", r.status)
	}
	for _, a := range []string{"withhold", "release"} {
		if l, err := e.db.Audit(t.Context(), store.AuditQuery{StoryID: id, Action: a}); err != nil || len(l) != 1 {
			t.Errorf("%s audit: %+v %v", a, l, err)
		}
	}
}

// editorFormValues reads the editor form's fields as a browser would
// send them unchanged: inputs, text areas and selected options.
func editorFormValues(t *testing.T, page string) url.Values {
	t.Helper()
	start := strings.Index(page, `id="editor"`)
	if start < 0 {
		t.Fatalf("no editor form:\n%s", page)
	}
	form := page[start:]
	if end := strings.Index(form, "</form>"); end >= 0 {
		form = form[:end]
	}
	v := url.Values{}
	name, value := regexp.MustCompile(` name="([^"]+)"`), regexp.MustCompile(` value="([^"]*)"`)
	for _, tag := range regexp.MustCompile(`<input [^>]*>`).FindAllString(form, -1) {
		n, val := name.FindStringSubmatch(tag), value.FindStringSubmatch(tag)
		if n != nil && val != nil {
			v.Set(n[1], html.UnescapeString(val[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); sel != nil {
			v.Set(m[1], sel[1])
		}
	}
	return v
}

// TestEditorPublishKeepsTheEmbargoToTheSecond: an embargo set to the
// second through the API survives the editor's "Move embargo / publish"
// with the field as the page filled it: the working copy replaces the
// scheduled version at the same time, not a few seconds early.
func TestEditorPublishKeepsTheEmbargoToTheSecond(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	until := time.Now().Add(time.Hour).Truncate(time.Minute).Add(42 * time.Second)
	id := e.embargoed("Embargo set to the second", until)
	b := e.login("ed")
	v := editorFormValues(t, string(b.get("/newsroom/stories/"+id).body))
	v.Set("headline", "Embargo set to the second, edited")
	v.Set("op", "publish")
	r := b.postForm("/newsroom/stories/"+id, v)
	if r.status != http.StatusOK || !strings.Contains(string(r.body), "Scheduled: the story is under embargo.") {
		t.Fatalf("publish from the editor: %d\n%s", r.status, r.body)
	}
	m := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if m["status"] != "scheduled" || m["embargo_until"] != until.UTC().Format(time.RFC3339) || m["headline"] != "Embargo set to the second, edited" {
		t.Fatalf("after the editor's publish: status %v, embargo %v, headline %v; want scheduled until %s", m["status"], m["embargo_until"], m["headline"], until.UTC().Format(time.RFC3339))
	}
}

// releaseOne runs the embargo releaser as the server does, until it has
// released the one story due (at most 30 s).
func (e *env) releaseOne(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := e.svc.ReleaseDue(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the embargo was not released")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
