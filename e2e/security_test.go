package e2e

// Security checks (issue 7, point 4): security headers on the site, the
// newsroom and the API; session cookies; HSTS behind TLS; and that
// passwords, tokens and keys never reach the server's log.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
)

// checkSecurityHeaders returns what is wrong with h's security headers.
func checkSecurityHeaders(h http.Header) []string {
	var bad []string
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), " ")
		if name != "" {
			directives[strings.ToLower(name)] = val
		}
	}
	script, ok := directives["script-src"]
	if !ok {
		script, ok = directives["default-src"]
	}
	switch {
	case csp == "":
		bad = append(bad, "no Content-Security-Policy")
	case !ok:
		bad = append(bad, "CSP limits no scripts (no script-src or default-src): "+csp)
	case strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") || strings.Contains(script, "*"):
		bad = append(bad, "CSP allows inline or foreign scripts: script-src "+script)
	}
	if !strings.EqualFold(h.Get("X-Content-Type-Options"), "nosniff") {
		bad = append(bad, fmt.Sprintf("X-Content-Type-Options %q, want nosniff", h.Get("X-Content-Type-Options")))
	}
	if h.Get("Referrer-Policy") == "" {
		bad = append(bad, "no Referrer-Policy")
	}
	xfo := strings.ToUpper(h.Get("X-Frame-Options"))
	if directives["frame-ancestors"] != "'none'" && xfo != "DENY" && xfo != "SAMEORIGIN" {
		bad = append(bad, "framing allowed: no frame-ancestors 'none' and no X-Frame-Options")
	}
	return bad
}

// securityServer starts a server with accounts, a token, a subscriber key
// and a published story.
type securityEnv struct {
	srv        *faultServer
	editor     string // API token
	editorPW   string
	admin      string // API token
	adminPW    string
	key        string // subscriber key
	storyID    string
	secrets    map[string]string // name -> secret that must never be logged
	dbPath, db string
}

func newSecurityEnv(t *testing.T, extra ...string) *securityEnv {
	t.Helper()
	bin := datelineBinary(t)
	e := &securityEnv{secrets: map[string]string{}}
	e.dbPath = filepath.Join(t.TempDir(), "dl.db")
	e.db = "sqlite:" + e.dbPath
	e.editorPW = addUser(t, bin, e.db, "desk", "editor")
	e.editor = addToken(t, bin, e.db, "desk")
	e.adminPW = addUser(t, bin, e.db, "boss", "admin")
	e.admin = addToken(t, bin, e.db, "boss")
	e.key = addSubscriber(t, bin, e.db, "paper", "--embargo-access")
	for k, v := range map[string]string{"editor password": e.editorPW, "editor token": e.editor,
		"admin password": e.adminPW, "admin token": e.admin, "subscriber key": e.key} {
		e.secrets[k] = v
	}
	e.srv = startFaultServer(t, bin, e.db, freeAddr(t), extra...)
	id, err := createAndPublish(context.Background(), e.srv.base, e.editor, storyBody("Security check story", 2, 200), nil)
	if err != nil {
		t.Fatal(err)
	}
	e.storyID = id
	return e
}

func getWith(t *testing.T, c *http.Client, url, bearer string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// TestSecurityHeaders checks the headers of site pages, feeds, assets,
// error pages, newsroom pages and API answers, successes and errors.
func TestSecurityHeaders(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	e := newSecurityEnv(t)
	session, _ := newsroomLogin(t, e.srv.base, "desk", e.editorPW)
	plain := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	b := e.srv.base
	cases := []struct {
		name, url, bearer string
		c                 *http.Client
	}{
		{"home", b + "/", "", plain},
		{"all news", b + "/news", "", plain},
		{"article", b + "/news/" + e.storyID, "", plain},
		{"search", b + "/search?q=harbour", "", plain},
		{"feed", b + "/feeds/all.rss", "", plain},
		{"sitemap", b + "/sitemap.xml", "", plain},
		{"not found", b + "/no/such/page", "", plain},
		{"bad address", b + "/news/%ff", "", plain},
		{"health", b + "/healthz", "", plain},
		{"newsroom login", b + "/newsroom/login", "", plain},
		{"newsroom redirect", b + "/newsroom/", "", plain},
		{"newsroom desk", b + "/newsroom/", "", session},
		{"newsroom editor", b + "/newsroom/stories/" + e.storyID, "", session},
		{"newsroom 404", b + "/newsroom/nothing", "", session},
		{"api stories", b + "/api/v1/stories", e.editor, plain},
		{"api story", b + "/api/v1/stories/" + e.storyID, e.editor, plain},
		{"api 401", b + "/api/v1/stories", "", plain},
		{"api 404", b + "/api/v1/stories/nope", e.editor, plain},
		{"wire", b + "/api/v1/wire", e.key, plain},
		{"wire item", b + "/api/v1/items/" + e.storyID, e.key, plain},
		{"wire 401", b + "/api/v1/wire", "dlw_forged", plain},
		{"openapi", b + "/api/v1/openapi.json", "", plain},
		{"admin", b + "/api/v1/admin/subscribers", e.admin, plain},
		{"admin 403", b + "/api/v1/admin/subscribers", e.editor, plain},
	}
	for _, tc := range cases {
		resp := getWith(t, tc.c, tc.url, tc.bearer)
		for _, bad := range checkSecurityHeaders(resp.Header) {
			t.Errorf("%s (%s, %d): %s", tc.name, tc.url, resp.StatusCode, bad)
		}
	}
}

// manualLogin logs in without a cookie jar (which would hold back Secure
// cookies on plain HTTP) and returns the Set-Cookie lines of the login
// page and of the login answer.
func manualLogin(t *testing.T, base, name, password string) (pageCookies, loginCookies []*http.Cookie) {
	t.Helper()
	resp, err := http.Get(base + "/newsroom/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInputRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("login page has no csrf field")
	}
	pageCookies = resp.Cookies()
	form := url.Values{"name": {name}, "password": {password}, "csrf": {string(m[1])}, "next": {"/newsroom/"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range pageCookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s answered %d, want 303", name, resp.StatusCode)
	}
	return pageCookies, resp.Cookies()
}

// TestSecurityCookies checks the login and session cookies on plain HTTP
// and with an https base URL (behind a TLS proxy).
func TestSecurityCookies(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	for _, tc := range []struct {
		name       string
		extra      []string
		wantSecure bool
	}{
		{"http", nil, false},
		{"https base URL", []string{"--base-url", "https://news.example.test"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newSecurityEnv(t, tc.extra...)
			page, login := manualLogin(t, e.srv.base, "desk", e.editorPW)
			var sawSession bool
			for _, c := range append(page, login...) {
				if c.MaxAge < 0 || c.Value == "" {
					continue // a deletion
				}
				if strings.Contains(c.Name, "session") || c.Path == "/newsroom/" {
					sawSession = true
				}
				if !c.HttpOnly {
					t.Errorf("cookie %s is not HttpOnly", c.Name)
				}
				if c.SameSite != http.SameSiteLaxMode && c.SameSite != http.SameSiteStrictMode {
					t.Errorf("cookie %s has SameSite %v, want Lax or Strict", c.Name, c.SameSite)
				}
				if c.Secure != tc.wantSecure {
					t.Errorf("cookie %s: Secure=%v with %s, want %v", c.Name, c.Secure, tc.name, tc.wantSecure)
				}
			}
			if !sawSession {
				t.Errorf("login set no session cookie: %v", login)
			}
		})
	}
}

// TestSecurityHSTS checks Strict-Transport-Security when the server runs
// behind TLS (an https base URL).
func TestSecurityHSTS(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	e := newSecurityEnv(t, "--base-url", "https://news.example.test")
	resp := getWith(t, http.DefaultClient, e.srv.base+"/news", "")
	hsts := resp.Header.Get("Strict-Transport-Security")
	if hsts == "" {
		t.Fatal("no Strict-Transport-Security header with --base-url https://...")
	}
	if !strings.Contains(hsts, "max-age=") {
		t.Errorf("Strict-Transport-Security %q has no max-age", hsts)
	}
}

// TestSecretsNeverLogged runs a session of logins (good and bad), token
// use, subscriber key use, key rotation and a webhook secret, then looks
// for every secret in the server's output.
func TestSecretsNeverLogged(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	// The webhook below goes to a listener on loopback, which only an
	// operator's explicit setting lets webhooks reach.
	e := newSecurityEnv(t, "--allow-private-webhooks")
	ctx := context.Background()
	b := e.srv.base

	// Logins, right and wrong.
	newsroomLogin(t, b, "desk", e.editorPW)
	newsroomLogin(t, b, "boss", e.adminPW)
	wrong := "Wrong-Password-" + e.editorPW[:4]
	e.secrets["wrong password"] = wrong
	form := url.Values{"name": {"desk"}, "password": {wrong}, "csrf": {"x"}}
	if resp, err := http.PostForm(b+"/newsroom/login", form); err == nil {
		resp.Body.Close()
	}

	// Newsroom token use.
	for _, p := range []string{"/api/v1/stories", "/api/v1/stories/" + e.storyID, "/api/v1/stories/" + e.storyID + "/versions"} {
		if st, body, err := apiCall(ctx, http.MethodGet, b+p, e.editor, nil); err != nil || st != http.StatusOK {
			t.Fatalf("GET %s: %d %v %s", p, st, err, body)
		}
	}
	forgedToken := "dln_" + strings.Repeat("Z", 40)
	e.secrets["forged token"] = forgedToken
	apiCall(ctx, http.MethodGet, b+"/api/v1/stories", forgedToken, nil)

	// Subscriber key use: pull, item, search, stream.
	c := client.New(b, e.key)
	if _, err := c.Pull(ctx, "", 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Item(ctx, e.storyID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Search(ctx, "harbour", "", 5); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	_ = c.Stream(sctx, "", func(client.Event) error { return client.ErrStop })
	cancel()
	forgedKey := "dlw_" + strings.Repeat("Q", 40)
	e.secrets["forged key"] = forgedKey
	_, _ = client.New(b, forgedKey).Pull(ctx, "", 0, 1)

	// Admin API: a new subscriber's key, a rotated key, a webhook secret.
	st, body, err := apiCall(ctx, http.MethodPost, b+"/api/v1/admin/subscribers", e.admin, map[string]any{"name": "second-paper"})
	if err != nil || st != http.StatusCreated {
		t.Fatalf("create subscriber: %d %v %s", st, err, body)
	}
	var created struct {
		ID  int64  `json:"id"`
		Key string `json:"key"`
	}
	_ = json.Unmarshal(body, &created)
	e.secrets["created key"] = created.Key
	st, body, err = apiCall(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/admin/subscribers/%d/rotate", b, created.ID), e.admin, map[string]any{})
	if err != nil || st != http.StatusOK {
		t.Fatalf("rotate: %d %v %s", st, err, body)
	}
	var rotated struct {
		Key string `json:"key"`
	}
	_ = json.Unmarshal(body, &rotated)
	e.secrets["rotated key"] = rotated.Key
	_, _ = client.New(b, created.Key).Pull(ctx, "", 0, 1) // the old key, now refused
	_, _ = client.New(b, rotated.Key).Pull(ctx, "", 0, 1)
	_, secret := setWebhook(t, b, e.admin, "second-paper", "http://"+freeAddr(t)+"/hook")
	e.secrets["webhook secret"] = secret
	time.Sleep(6 * time.Second) // let the webhook worker try (and fail) once

	e.srv.kill()
	log := e.srv.log.String()
	if log == "" {
		t.Fatal("the server wrote nothing at all; the check would prove nothing")
	}
	for name, s := range e.secrets {
		if s == "" {
			t.Errorf("%s: empty; the session did not produce it", name)
			continue
		}
		if strings.Contains(log, s) {
			t.Errorf("the server log contains the %s", name)
		}
		// Also the secret part without its prefix.
		if _, rest, ok := strings.Cut(s, "_"); ok && len(rest) >= 12 && strings.Contains(log, rest) {
			t.Errorf("the server log contains the %s without its prefix", name)
		}
	}
	t.Logf("%d secrets checked against %d bytes of server output (%d lines)", len(e.secrets), len(log), strings.Count(log, "\n"))
}
