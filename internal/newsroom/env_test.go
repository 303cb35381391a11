package newsroom_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/teststore"
	"github.com/dateline-news/dateline/internal/web"
)

// env is a whole Dateline composed as internal/app does it: real SQLite,
// real publishing service, real public site, the newsroom on the same mux.
type env struct {
	t      *testing.T
	dbPath string
	db     teststore.Engine
	svc    *publish.Service
	site   *web.Server
	nr     *newsroom.Handler
	srv    *httptest.Server
	tokens map[string]string // account name -> API token
	pw     map[string]string // account name -> password
}

var accounts = []struct {
	name string
	role store.Role
}{{"rita", store.RoleReporter}, {"rob", store.RoleReporter}, {"ed", store.RoleEditor}, {"ada", store.RoleAdmin}}

func newEnv(t *testing.T, cfg newsroom.Config) *env {
	t.Helper()
	e := &env{t: t, dbPath: teststore.Locator(t), tokens: map[string]string{}, pw: map[string]string{}}
	e.start(cfg)
	ctx := t.Context()
	for _, a := range accounts {
		pw, err := auth.AddUser(ctx, e.db, a.name, a.role)
		if err != nil {
			t.Fatal(err)
		}
		e.pw[a.name] = pw
		tok, err := auth.AddToken(ctx, e.db, a.name, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[a.name] = tok
	}
	return e
}

// start opens the database and serves; stop undoes it (a "restart" is
// stop then start).
func (e *env) start(cfg newsroom.Config) {
	db := teststore.OpenAt(e.t, e.dbPath)
	e.db = db
	e.svc = publish.New(db, time.Now, nil)
	e.site = web.New(web.Config{BaseURL: "http://example.test", Now: time.Now}, db)
	e.svc.OnChange(func(news.Version) { e.site.Invalidate() })
	mux := http.NewServeMux()
	e.site.Register(mux)
	e.nr = newsroom.New(cfg, e.svc, db, db)
	e.nr.SetPictures(publish.NewPictures(e.svc, db, testPictureLimits, true), db)
	e.nr.Register(mux)
	e.srv = httptest.NewServer(e.site.Middleware(mux))
	e.t.Cleanup(e.stop)
}

func (e *env) stop() {
	if e.srv != nil {
		e.srv.Close()
		e.srv = nil
	}
	if e.db != nil {
		e.db.Close()
		e.db = nil
	}
}

type resp struct {
	status int
	body   []byte
	header http.Header
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, r.body)
	}
	return m
}

// api calls the newsroom API as user (empty: no Authorization).
func (e *env) api(method, path, user string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		tok := e.tokens[user]
		if tok == "" {
			tok = user // a raw token
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return e.do(http.DefaultClient, req)
}

func (e *env) do(c *http.Client, req *http.Request) resp {
	e.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, b, res.Header}
}

func (e *env) get(path string) resp {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	return e.do(http.DefaultClient, req)
}

// want fails unless r has status; it prints the body to say why.
func want(t *testing.T, what string, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, r.body)
	}
}

// problemField returns the first field a problem+json names.
func problemField(t *testing.T, r resp) string {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("error Content-Type %q, want application/problem+json\n%s", ct, r.body)
	}
	var p struct {
		Detail string `json:"detail"`
		Errors []struct {
			Field string `json:"field"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) == 0 {
		return ""
	}
	return p.Errors[0].Field
}

// browser is a cookie-keeping client for the newsroom UI.
type browser struct {
	e *env
	c *http.Client
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) login(name string) *browser {
	e.t.Helper()
	b := e.browser()
	r := b.postForm("/newsroom/login", url.Values{"name": {name}, "password": {e.pw[name]}})
	want(e.t, "login "+name, r, http.StatusOK)
	if !strings.Contains(string(r.body), "<h1>Desk</h1>") {
		e.t.Fatalf("after login of %s: not on the desk:\n%s", name, r.body)
	}
	return b
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) resp {
	b.e.t.Helper()
	req, _ := http.NewRequest("GET", b.e.srv.URL+path, nil)
	return b.e.do(b.c, req)
}

// postForm fetches the form's page first (GET of the same path, or the
// login page) for its CSRF token unless v has one.
func (b *browser) postForm(path string, v url.Values) resp {
	b.e.t.Helper()
	if _, ok := v["csrf"]; !ok {
		page := path
		if strings.HasPrefix(path, "/newsroom/stories/") || strings.HasPrefix(path, "/newsroom/tokens/") || strings.HasPrefix(path, "/newsroom/accounts/") || path == "/newsroom/logout" {
			page = "/newsroom/"
		}
		r := b.get(page)
		m := csrfRE.FindSubmatch(r.body)
		if m == nil {
			b.e.t.Fatalf("no CSRF token on %s (status %d)", page, r.status)
		}
		v.Set("csrf", string(m[1]))
	}
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.e.do(b.c, req)
}
