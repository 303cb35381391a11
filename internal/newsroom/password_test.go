package newsroom_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/newsroom"
)

// A user changes their password on the page: the old one stops working,
// every other session ends, this browser stays logged in.
func TestChangePasswordPage(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	b := e.login("rita")
	other := e.login("rita")
	r := b.postForm("/newsroom/password", url.Values{"current_password": {"not it at all"}, "new_password": {"river stones at dusk"}, "new_password_again": {"river stones at dusk"}})
	want(t, "change with a wrong current password", r, 422)
	if !strings.Contains(string(r.body), "current password is wrong") {
		t.Fatalf("no reason given:\n%s", r.body)
	}
	r = b.postForm("/newsroom/password", url.Values{"current_password": {e.pw["rita"]}, "new_password": {"river stones at dusk"}, "new_password_again": {"river stones at dawn"}})
	want(t, "change with differing new passwords", r, 422)
	r = b.postForm("/newsroom/password", url.Values{"current_password": {e.pw["rita"]}, "new_password": {"short"}, "new_password_again": {"short"}})
	want(t, "change to a short password", r, 422)
	r = b.postForm("/newsroom/password", url.Values{"current_password": {e.pw["rita"]}, "new_password": {"river stones at dusk"}, "new_password_again": {"river stones at dusk"}})
	want(t, "change", r, 200)
	if !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		t.Fatalf("after the change the browser is not on the desk:\n%s", r.body)
	}
	if r := other.get("/newsroom/"); !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("the other session survived the password change")
	}
	if r := b.get("/newsroom/"); !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		t.Fatal("the browser that changed the password was logged out")
	}
	old := e.browser()
	want(t, "login with the old password", old.postForm("/newsroom/login", url.Values{"name": {"rita"}, "password": {e.pw["rita"]}}), 401)
	e.pw["rita"] = "river stones at dusk"
	e.login("rita")
}

// The API changes the token user's password; strict JSON, field errors.
func TestChangePasswordAPI(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	b := e.login("ed")
	r := e.api("POST", "/api/v1/account/password", "ed", map[string]string{"current_password": "wrong wrong wrong", "new_password": "tides and timetables"})
	want(t, "API change with a wrong password", r, 422)
	if f := problemField(t, r); f != "current_password" {
		t.Fatalf("problem names %q, want current_password", f)
	}
	r = e.api("POST", "/api/v1/account/password", "ed", map[string]string{"current_password": e.pw["ed"], "new_password": "tides and timetables", "extra": "x"})
	want(t, "API change with an unknown field", r, 422)
	r = e.api("POST", "/api/v1/account/password", "ed", map[string]string{"current_password": e.pw["ed"], "new_password": "tides and timetables"})
	want(t, "API change", r, 204)
	if r := b.get("/newsroom/"); !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("a browser session survived the API password change")
	}
	want(t, "token after the change", e.api("GET", "/api/v1/stories", "ed", nil), 200)
}

var newPasswordRE = regexp.MustCompile(`<code id="new-password">([^<]+)</code>`)

// An admin resets a password (one-time: the user must choose a new one
// before anything else) and unlocks a throttled account from the
// accounts page.
func TestAdminResetAndUnlock(t *testing.T) {
	e := newEnv(t, newsroom.Config{Auth: auth.Config{MaxFailuresPerAccount: 2}})
	rob := e.login("rob")
	ada := e.login("ada")
	id := e.userID("rob")
	r := ada.postForm("/newsroom/accounts/"+id+"/reset", url.Values{})
	want(t, "reset", r, 200)
	m := newPasswordRE.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no new password shown:\n%s", r.body)
	}
	if r := rob.get("/newsroom/"); !strings.Contains(string(r.body), `name="password"`) {
		t.Fatal("rob's session survived the reset")
	}
	// The one-time password leads to the password page and nowhere else.
	b := e.browser()
	r = b.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {string(m[1])}})
	want(t, "login with the one-time password", r, 200)
	if !strings.Contains(string(r.body), "<h1>Change your password</h1>") {
		t.Fatalf("login with a one-time password did not lead to the password page:\n%s", r.body)
	}
	if r := b.get("/newsroom/new"); !strings.Contains(string(r.body), "<h1>Change your password</h1>") {
		t.Fatal("a page other than the password page opened before the change")
	}
	want(t, "a post before the change", b.postForm("/newsroom/new", url.Values{"csrf": {csrfOf(t, b)}, "headline": {"x"}}), 403)
	r = b.postForm("/newsroom/password", url.Values{"current_password": {string(m[1])}, "new_password": {"lighthouse keeper"}, "new_password_again": {"lighthouse keeper"}})
	if !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		t.Fatalf("after choosing a password: not on the desk (%d)", r.status)
	}
	e.pw["rob"] = "lighthouse keeper"

	// Two failures from one client slow it down on that account...
	c := e.browser()
	for range 2 {
		want(t, "wrong password", c.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {"guess guess guess"}}), 401)
	}
	r = c.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {e.pw["rob"]}})
	want(t, "throttled login", r, 429)
	if r.header.Get("Retry-After") == "" {
		t.Fatal("a throttled login has no Retry-After")
	}
	// ...until an admin unlocks the account.
	want(t, "unlock", ada.postForm("/newsroom/accounts/"+id+"/unlock", url.Values{}), 200)
	r = c.postForm("/newsroom/login", url.Values{"name": {"rob"}, "password": {e.pw["rob"]}})
	if !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		t.Fatalf("login after the unlock: %d", r.status)
	}
	want(t, "a reporter unlocking", c.postForm("/newsroom/accounts/"+id+"/unlock", url.Values{"csrf": {csrfOf(t, c)}}), 403)
}

// Behind a trusted proxy each client is throttled on its own; an
// untrusted peer's X-Forwarded-For is ignored.
func TestLoginThrottlePerClientBehindProxy(t *testing.T) {
	proxies, _ := httpx.ParseProxies("127.0.0.1,::1")
	e := newEnv(t, newsroom.Config{Auth: auth.Config{MaxFailuresPerAccount: 2, MaxFailuresPerIP: 3}, TrustedProxies: proxies})
	login := func(client, password string) int {
		b := e.browser()
		r := b.get("/newsroom/login")
		tok := csrfRE.FindSubmatch(r.body)
		form := url.Values{"name": {"ed"}, "password": {password}, "csrf": {string(tok[1])}}
		req, _ := http.NewRequest("POST", e.srv.URL+"/newsroom/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		return e.do(b.c, req).status
	}
	for range 3 {
		login("198.51.100.66", "an attacker's guess")
	}
	if s := login("198.51.100.66", e.pw["ed"]); s != 429 {
		t.Fatalf("the attacking client: %d, want 429", s)
	}
	// Everyone else behind the same proxy still logs in.
	if s := login("198.51.100.5", e.pw["ed"]); s != 200 {
		t.Fatalf("another client behind the proxy: %d, want 200", s)
	}
}

func csrfOf(t *testing.T, b *browser) string {
	t.Helper()
	m := csrfRE.FindSubmatch(b.get("/newsroom/password").body)
	if m == nil {
		t.Fatal("no CSRF token")
	}
	return string(m[1])
}

func (e *env) userID(name string) string {
	e.t.Helper()
	u, err := e.db.UserByName(e.t.Context(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	return strconv.FormatInt(u.ID, 10)
}
