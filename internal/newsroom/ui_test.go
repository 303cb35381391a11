package newsroom_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/store"
)

func storyForm(headline, body string, extra ...string) url.Values {
	v := url.Values{"headline": {headline}, "standfirst": {"A short standfirst."}, "place": {"TALLINN"}, "date": {"2026-03-04"},
		"credit": {"Dateline"}, "style": {"reuters"}, "body": {body}, "section": {"technology"}, "tags": {"Estonia, Law"},
		"urgency": {"4"}, "language": {"en"}, "byline": {"Kadri Tamm"}, "translations": {""}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

var storyURL = regexp.MustCompile(`/newsroom/stories/([0-9a-z]+)`)

func TestUIEveryPageRenders(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ada := e.login("ada")
	r := ada.postForm("/newsroom/new", storyForm("Digital ID law passes", "First paragraph.\n\n## Subheading\n\nSecond paragraph."))
	want(t, "create", r, 200)
	id := storyURL.FindStringSubmatch(string(r.body))[1]
	r = ada.postForm("/newsroom/stories/"+id, storyForm("Digital ID law passes", "First paragraph.\n\n## Subheading\n\nSecond paragraph.", "op", "publish", "revision", "1"))
	want(t, "publish", r, 200)
	r = ada.postForm("/newsroom/stories/"+id, storyForm("Digital ID law passes parliament", "First paragraph, changed.\n\n## Subheading\n\nSecond paragraph.", "op", "correct", "revision", "2", "note", "The vote was on Tuesday."))
	want(t, "correct", r, 200)
	for _, p := range []struct{ path, contains string }{
		{"/newsroom/", "Digital ID law passes parliament"},
		{"/newsroom/?section=technology&author=ada", "Digital ID law passes parliament"},
		{"/newsroom/new", `name="headline"`},
		{"/newsroom/paste", `name="copy"`},
		{"/newsroom/stories/" + id, "TALLINN, Mar 4 (Dateline) -"},
		{"/newsroom/stories/" + id + "/preview", "<h2>Subheading</h2>"},
		{"/newsroom/stories/" + id + "/versions", "Version 1 compared with version 2"},
		{"/newsroom/stories/" + id + "/versions?a=1&b=2", "<ins> parliament</ins>"},
		{"/newsroom/stories/" + id + "/versions?a=1&b=2", "<del> paragraph.</del>"},
		{"/newsroom/audit", "correct"},
		{"/newsroom/audit?story=" + id, "The vote was on Tuesday."},
		{"/newsroom/tokens", "API tokens"},
		{"/newsroom/accounts", "rita"},
		{"/newsroom/dateline?place=MOSCOW&credit=TASS&style=tass&date=2026-11-24", "MOSCOW, November 24. /TASS/."},
		{"/newsroom/assets/newsroom.js", "autosave"},
		{"/newsroom/assets/newsroom.css", "diff"},
	} {
		r := ada.get(p.path)
		want(t, p.path, r, 200)
		if !strings.Contains(string(r.body), p.contains) {
			t.Errorf("%s does not contain %q", p.path, p.contains)
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", p.path, csp)
		}
		if strings.Contains(string(r.body), "<script>") {
			t.Errorf("%s has an inline script", p.path)
		}
	}
	for _, p := range []struct {
		path   string
		status int
	}{
		{"/newsroom/stories/zzzzzzzzzzzzzzzz", 404},
		{"/newsroom/stories/" + id + "/versions?a=1&b=9", 404},
		{"/newsroom/nowhere", 404},
	} {
		want(t, p.path, ada.get(p.path), p.status)
	}
	page := string(e.get("/news/" + id).body)
	if !strings.Contains(page, "The vote was on Tuesday.") || !strings.Contains(page, "First paragraph, changed.") {
		t.Fatal("the public page lacks the correction")
	}
}

func TestUIRolesAndForms(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	rita := e.login("rita")
	for _, p := range []string{"/newsroom/audit", "/newsroom/accounts"} {
		want(t, "reporter on "+p, rita.get(p), 403)
	}
	r := rita.postForm("/newsroom/new", storyForm("Reporter's draft", "Text."))
	want(t, "reporter files", r, 200)
	id := storyURL.FindStringSubmatch(string(r.body))[1]
	if strings.Contains(string(r.body), `value="publish"`) {
		t.Error("a reporter is shown a publish button")
	}
	r = rita.postForm("/newsroom/stories/"+id, storyForm("Reporter's draft", "Text.", "op", "publish", "revision", "1"))
	want(t, "reporter publishes through the form", r, 403)

	// Validation: the form comes back with what was typed and the field named.
	r = rita.postForm("/newsroom/stories/"+id, storyForm("Reporter's draft", "Kept text that must not be lost.", "op", "save", "revision", "1", "date", "2026-02-30", "language", "xx-!!"))
	want(t, "bad date", r, 422)
	body := string(r.body)
	if !strings.Contains(body, "Kept text that must not be lost.") || !strings.Contains(body, "dateline.date") {
		t.Fatalf("refused form lost the text or did not name the field:\n%s", body)
	}
	// Conflict through the form: nothing lost, 409.
	ed := e.login("ed")
	want(t, "editor saves", ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "save", "revision", "1")), 200)
	r = rita.postForm("/newsroom/stories/"+id, storyForm("Reporter's headline", "Reporter's new paragraph.", "op", "save", "revision", "1"))
	want(t, "stale save", r, 409)
	if !strings.Contains(string(r.body), "Reporter&#39;s new paragraph.") || !strings.Contains(string(r.body), "changed by someone else") {
		t.Fatalf("conflict page:\n%s", r.body)
	}
	// Correction and kill need a note and a reason.
	want(t, "publish", ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "publish", "revision", "2")), 200)
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "correct", "revision", "3"))
	want(t, "correct without note", r, 422)
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "kill", "revision", "3"))
	want(t, "kill without reason", r, 422)
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "publish", "revision", "3", "embargo_until", time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04")))
	want(t, "embargo on a published story", r, 409)
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Text.", "op", "publish", "revision", "3", "embargo_until", "2020-01-01T10:00"))
	want(t, "embargo in the past", r, 422)
	// Autosave answers JSON and never makes a version.
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Autosaved.", "op", "autosave", "revision", "3"))
	want(t, "autosave", r, 200)
	if !strings.Contains(string(r.body), `"revision":4`) {
		t.Fatalf("autosave: %s", r.body)
	}
	vs, _ := e.db.Versions(t.Context(), id)
	if len(vs) != 1 {
		t.Fatalf("%d versions after autosave, want 1", len(vs))
	}
	r = ed.postForm("/newsroom/stories/"+id, storyForm("Editor's headline", "Stale.", "op", "autosave", "revision", "3"))
	want(t, "stale autosave", r, 409)
}

func TestUIPasteWireCopy(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	rita := e.login("rita")
	copy := "Glacier sensors go live\n\nA network of sensors will watch the ice.\n\nREYKJAVIK, March 3 (Dateline) - Scientists switched on forty sensors on Tuesday.\n\nData arrives every hour\n\nThe readings are public."
	r := rita.postForm("/newsroom/paste", url.Values{"copy": {copy}})
	want(t, "paste", r, 200)
	id := storyURL.FindStringSubmatch(string(r.body))[1]
	s, err := e.db.Story(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline != "Glacier sensors go live" || s.Dateline.Place != "REYKJAVIK" || len(s.Body) != 3 || s.Body[1].Kind != "h2" || s.Author != "rita" {
		t.Fatalf("pasted story: %+v", s)
	}
	r = rita.postForm("/newsroom/paste", url.Values{"copy": {"REYKJAVIK, March 3 (Dateline) - No headline."}})
	want(t, "paste without a headline", r, 422)
	if !strings.Contains(string(r.body), "line 1") {
		t.Fatalf("paste error does not name the line:\n%s", r.body)
	}
}

func TestUILoginSecurity(t *testing.T) {
	e := newEnv(t, newsroom.Config{SessionTTL: 2 * time.Second, Auth: auth.Config{MaxFailuresPerAccount: 3}})
	b := e.browser()
	// Not logged in: pages redirect to the login, posts are refused.
	r := b.get("/newsroom/stories/abc")
	if !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("a newsroom page without login did not lead to the login page")
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/new", strings.NewReader("headline=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	want(t, "post without session", e.do(b.c, req), 401)
	// Login without the form's token is refused.
	want(t, "login without CSRF", b.postForm("/newsroom/login", url.Values{"name": {"ed"}, "password": {e.pw["ed"]}, "csrf": {"forged"}}), 403)
	want(t, "wrong password", b.postForm("/newsroom/login", url.Values{"name": {"ed"}, "password": {"not the password"}}), 401)
	// The session cookie is HttpOnly and SameSite=Lax.
	r = b.postForm("/newsroom/login", url.Values{"name": {"ed"}, "password": {e.pw["ed"]}})
	want(t, "login", r, 200)
	// A POST without the session's CSRF token is refused.
	want(t, "post without CSRF", b.postForm("/newsroom/new", url.Values{"csrf": {"nope"}, "headline": {"x"}}), 403)
	if n, _ := e.db.ListStories(t.Context(), store.DeskQuery{}); len(n) != 0 {
		t.Fatal("a forged post made a story")
	}
	// Sessions expire.
	time.Sleep(2100 * time.Millisecond)
	r = b.get("/newsroom/")
	if !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("an expired session still opens the desk")
	}
	// Repeated failures lock the account for a while.
	for range 3 {
		b.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {"guess guess guess"}})
	}
	want(t, "locked account", b.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {e.pw["rob"]}}), 429)
	// Open redirects are refused.
	r = b.postForm("/newsroom/login?", url.Values{"name": {"ed"}, "password": {e.pw["ed"]}, "next": {"//evil.example/"}})
	if r.status != 200 || !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		t.Fatalf("login with a foreign next: %d", r.status)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	e := newEnv(t, newsroom.Config{BaseURL: "https://news.example.org"})
	b := e.browser()
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := b.postForm("/newsroom/login", url.Values{"name": {"ed"}, "password": {e.pw["ed"]}})
	want(t, "login", r, 303)
	c := r.header.Values("Set-Cookie")
	var session string
	for _, v := range c {
		if strings.HasPrefix(v, "dateline_session=") {
			session = v
		}
	}
	for _, flag := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/newsroom/"} {
		if !strings.Contains(session, flag) {
			t.Errorf("session cookie %q lacks %s", session, flag)
		}
	}
}

func TestUITokensAndAccounts(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ada := e.login("ada")
	r := ada.postForm("/newsroom/tokens", url.Values{"name": {"laptop"}, "days": {"30"}})
	want(t, "create token", r, 200)
	m := regexp.MustCompile(`id="new-token">([^<]+)<`).FindStringSubmatch(string(r.body))
	if m == nil {
		t.Fatal("new token not shown")
	}
	want(t, "use the new token", e.api("GET", "/api/v1/stories", m[1], nil), 200)
	if strings.Contains(string(ada.get("/newsroom/tokens").body), m[1]) {
		t.Fatal("the token is shown again")
	}
	u, _ := e.db.UserByName(t.Context(), "ada")
	toks, _ := e.db.Tokens(t.Context(), u.ID)
	r = ada.postForm("/newsroom/tokens/"+itoa(toks[0].ID)+"/revoke", url.Values{})
	want(t, "revoke", r, 200)
	want(t, "use the revoked token", e.api("GET", "/api/v1/stories", m[1], nil), 401)
	want(t, "bad expiry", ada.postForm("/newsroom/tokens", url.Values{"name": {"x"}, "days": {"-3"}}), 422)

	r = ada.postForm("/newsroom/accounts", url.Values{"name": {"nina"}, "role": {"editor"}})
	want(t, "create account", r, 200)
	pw := regexp.MustCompile(`id="new-password">([^<]+)<`).FindStringSubmatch(string(r.body))
	if pw == nil {
		t.Fatal("new password not shown")
	}
	e.pw["nina"] = pw[1]
	nina := e.login("nina")
	want(t, "duplicate account", ada.postForm("/newsroom/accounts", url.Values{"name": {"nina"}, "role": {"editor"}}), 422)
	want(t, "bad role", ada.postForm("/newsroom/accounts", url.Values{"name": {"olga"}, "role": {"boss"}}), 422)
	nu, _ := e.db.UserByName(t.Context(), "nina")
	want(t, "disable", ada.postForm("/newsroom/accounts/"+itoa(nu.ID), url.Values{"role": {"editor"}, "disabled": {"on"}}), 200)
	if r := nina.get("/newsroom/"); !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("a disabled account's session still works")
	}
	want(t, "admin cannot demote self", ada.postForm("/newsroom/accounts/"+itoa(u.ID), url.Values{"role": {"editor"}}), 403)
}

func itoa(n int64) string { return strconvFormat(n) }
