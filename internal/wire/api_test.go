package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

type problem struct {
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field  string `json:"field"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

func (e *env) do(method, path, key string, body any, hdr ...string) (*http.Response, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	good, err := AddSubscriber(ctx, e.db, "Good", false, "")
	if err != nil {
		t.Fatal(err)
	}
	disabled, _ := AddSubscriber(ctx, e.db, "Disabled", false, "")
	d, _ := e.db.SubscriberByName(ctx, "Disabled")
	if err := SetEnabled(ctx, e.db, d.ID, false); err != nil {
		t.Fatal(err)
	}
	expired, _ := AddSubscriber(ctx, e.db, "Expired", false, "")
	x, _ := e.db.SubscriberByName(ctx, "Expired")
	past := time.Now().Add(-time.Minute)
	x.ExpiresAt = &past
	if err := e.db.UpdateSubscriber(ctx, x); err != nil {
		t.Fatal(err)
	}
	rotated, _ := AddSubscriber(ctx, e.db, "Rotated", false, "")
	r, _ := e.db.SubscriberByName(ctx, "Rotated")
	if _, err := RotateKey(ctx, e.db, r.ID); err != nil {
		t.Fatal(err)
	}
	s := e.published()

	cases := []struct {
		name, path, key string
		hdr             []string
		status          int
		field           string // the parameter the problem must name
	}{
		{"no key", "/api/v1/wire", "", nil, 401, ""},
		{"forged key", "/api/v1/wire", "dlw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nil, 401, ""},
		{"not a key", "/api/v1/wire", "hello", nil, 401, ""},
		{"disabled key", "/api/v1/wire", disabled, nil, 401, ""},
		{"expired key", "/api/v1/wire", expired, nil, 401, ""},
		{"rotated-out key", "/api/v1/wire", rotated, nil, 401, ""},
		{"forged key on items", "/api/v1/items/" + s.ID, "dlw_x", nil, 401, ""},
		{"forged key on stream", "/api/v1/stream", "dlw_x", nil, 401, ""},
		{"forged key on search", "/api/v1/search?q=tram", "dlw_x", nil, 401, ""},
		{"malformed cursor", "/api/v1/wire?after=banana", good, nil, 400, "after"},
		{"cursor of another version", "/api/v1/wire?after=AgAAAAAAAAAB", good, nil, 400, "after"},
		{"huge limit", "/api/v1/wire?limit=1000000", good, nil, 400, "limit"},
		{"zero limit", "/api/v1/wire?limit=0", good, nil, 400, "limit"},
		{"negative wait", "/api/v1/wire?wait=-1", good, nil, 400, "wait"},
		{"wait too long", "/api/v1/wire?wait=31", good, nil, 400, "wait"},
		{"wait not a number", "/api/v1/wire?wait=soon", good, nil, 400, "wait"},
		{"unknown profile", "/api/v1/wire?profile=ninjs9", good, nil, 400, "profile"},
		{"bad version", "/api/v1/items/" + s.ID + "?version=x", good, nil, 400, "version"},
		{"version 0", "/api/v1/items/" + s.ID + "?version=0", good, nil, 400, "version"},
		{"unknown format", "/api/v1/items/" + s.ID + "?format=pdf", good, nil, 400, "format"},
		{"unknown version", "/api/v1/items/" + s.ID + "?version=7", good, nil, 404, ""},
		{"unknown item", "/api/v1/items/0000000000zzzzzz", good, nil, 404, ""},
		{"junk item id", "/api/v1/items/..%2F..%2Fetc", good, nil, 404, ""},
		{"stream bad Last-Event-ID", "/api/v1/stream", good, []string{"Last-Event-ID", "zzz"}, 400, "Last-Event-ID"},
		{"stream bad after", "/api/v1/stream?after=zzz", good, nil, 400, "after"},
		{"search without q", "/api/v1/search", good, nil, 400, "q"},
		{"search bad cursor", "/api/v1/search?q=tram&before=!!", good, nil, 400, "before"},
		{"admin without auth", "/api/v1/admin/subscribers", good, nil, 403, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do("GET", c.path, c.key, nil, c.hdr...)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q", ct)
			}
			var p problem
			if err := json.Unmarshal(body, &p); err != nil || p.Status != c.status || p.Detail == "" {
				t.Fatalf("problem = %+v, %v: %s", p, err, body)
			}
			if c.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != c.field) {
				t.Fatalf("problem does not name %s: %s", c.field, body)
			}
			if c.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Fatal("401 without WWW-Authenticate")
			}
		})
	}
	// The server is unharmed: the good key still works.
	if resp, body := e.do("GET", "/api/v1/wire", good, nil); resp.StatusCode != 200 || !strings.Contains(string(body), s.ID) {
		t.Fatalf("after the bad requests: %d %s", resp.StatusCode, body)
	}
}

func TestAdminAPI(t *testing.T) {
	const adminToken = "admin-secret"
	e := newEnv(t, Config{AdminAuth: func(r *http.Request) (string, bool) {
		return "root", r.Header.Get("Authorization") == "Bearer "+adminToken
	}})
	resp, body := e.do("POST", "/api/v1/admin/subscribers", adminToken, map[string]any{"name": "Coast Radio", "filter": "section:politics lang:en,xx"})
	if resp.StatusCode != 422 || !strings.Contains(string(body), "position 26") {
		t.Fatalf("invalid filter: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("POST", "/api/v1/admin/subscribers", adminToken, map[string]any{"name": "  "})
	if resp.StatusCode != 422 || !strings.Contains(string(body), `"name"`) {
		t.Fatalf("empty name: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("POST", "/api/v1/admin/subscribers", adminToken, map[string]any{"name": "Coast Radio", "filter": "section:politics", "embargo_access": true})
	var created SubscriberInfo
	if resp.StatusCode != 201 || json.Unmarshal(body, &created) != nil || !strings.HasPrefix(created.Key, KeyPrefix) || !created.EmbargoAccess {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if resp, _ = e.do("POST", "/api/v1/admin/subscribers", adminToken, map[string]any{"name": "Coast Radio"}); resp.StatusCode != 409 {
		t.Fatalf("duplicate name: %d", resp.StatusCode)
	}
	if resp, _ = e.do("GET", "/api/v1/wire", created.Key, nil); resp.StatusCode != 200 {
		t.Fatalf("new key: %d", resp.StatusCode)
	}
	path := "/api/v1/admin/subscribers/" + itoa(created.ID)
	resp, body = e.do("POST", path+"/rotate", adminToken, nil)
	var rotated SubscriberInfo
	if resp.StatusCode != 200 || json.Unmarshal(body, &rotated) != nil || rotated.Key == "" || rotated.Key == created.Key {
		t.Fatalf("rotate: %d %s", resp.StatusCode, body)
	}
	if resp, _ = e.do("GET", "/api/v1/wire", created.Key, nil); resp.StatusCode != 401 {
		t.Fatalf("old key after rotation: %d", resp.StatusCode)
	}
	if resp, body = e.do("PUT", path+"/webhook", adminToken, map[string]any{"url": "http://example.com/hook"}); resp.StatusCode != 422 {
		t.Fatalf("plain http webhook to a public host: %d %s", resp.StatusCode, body)
	}
	resp, body = e.do("PUT", path+"/webhook", adminToken, map[string]any{"url": "https://hooks.example.net/dateline", "from": "start"})
	var hooked SubscriberInfo
	if resp.StatusCode != 200 || json.Unmarshal(body, &hooked) != nil || !strings.HasPrefix(hooked.WebhookSecret, SecretPrefix) || hooked.Webhook == nil {
		t.Fatalf("set webhook: %d %s", resp.StatusCode, body)
	}
	if resp, body = e.do("PATCH", path, adminToken, map[string]any{"enabled": false}); resp.StatusCode != 200 || !strings.Contains(string(body), `"enabled":false`) {
		t.Fatalf("disable: %d %s", resp.StatusCode, body)
	}
	if resp, _ = e.do("GET", "/api/v1/wire", rotated.Key, nil); resp.StatusCode != 401 {
		t.Fatalf("disabled key: %d", resp.StatusCode)
	}
	resp, body = e.do("GET", "/api/v1/admin/subscribers", adminToken, nil)
	if resp.StatusCode != 200 || strings.Contains(string(body), rotated.Key) || strings.Contains(string(body), hooked.WebhookSecret) {
		t.Fatalf("list leaks secrets or fails: %d %s", resp.StatusCode, body)
	}
	if resp, _ = e.do("DELETE", path+"/webhook", adminToken, nil); resp.StatusCode != 204 {
		t.Fatalf("delete webhook: %d", resp.StatusCode)
	}
	if resp, _ = e.do("GET", "/api/v1/admin/subscribers/999", adminToken, nil); resp.StatusCode != 404 {
		t.Fatalf("unknown subscriber: %d", resp.StatusCode)
	}
	if resp, body = e.do("PATCH", path, adminToken, map[string]any{"embargo_access": false, "filter": "section:economy"}); resp.StatusCode != 200 {
		t.Fatalf("change rights and filter: %d %s", resp.StatusCode, body)
	}
	// Every change is in the audit log, under the admin's name.
	entries, err := e.db.Audit(e.ctx, store.AuditQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range entries {
		if a.User != "root" {
			t.Errorf("audit entry %s %q is by %q, want the admin root", a.Action, a.Detail, a.User)
		}
		got[a.Action] += a.Detail + "; "
	}
	for action, detail := range map[string]string{"subscriber-create": "Coast Radio", "subscriber-rotate-key": "Coast Radio",
		"subscriber-webhook": "webhook removed", "subscriber-update": "section:economy"} {
		if !strings.Contains(got[action], detail) {
			t.Errorf("audit log lacks %s with %q: %v", action, detail, got)
		}
	}
	if !strings.Contains(got["subscriber-update"], "enabled false") || !strings.Contains(got["subscriber-update"], "embargo access false") {
		t.Errorf("audit of subscriber changes: %q", got["subscriber-update"])
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestOpenAPIMatchesRoutes: every registered route is in the document
// with its method (and nothing else is), and real answers have the
// documented status codes and required fields.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	e := newEnv(t, Config{})
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			switch m {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
				documented[strings.ToUpper(m)+" "+p] = true
			default:
				t.Errorf("openapi.json: %s has %q where an HTTP method belongs (keep parameters in each operation)", p, m)
			}
		}
	}
	registered := map[string]bool{}
	for _, r := range e.w.routes() {
		registered[r.method+" "+r.path] = true
		if !documented[r.method+" "+r.path] {
			t.Errorf("route %s %s is not in openapi.json", r.method, r.path)
		}
	}
	// The document describes every /api/v1 route of the server; these
	// belong to the newsroom and the public site, and e2e/openapi_test.go
	// checks them against the running server.
	others := map[string]bool{
		"POST /api/v1/stories": true, "GET /api/v1/stories": true,
		"GET /api/v1/stories/{id}": true, "PUT /api/v1/stories/{id}": true,
		"POST /api/v1/stories/{id}/publish": true, "POST /api/v1/stories/{id}/correct": true,
		"POST /api/v1/stories/{id}/kill": true, "GET /api/v1/stories/{id}/versions": true,
		"POST /api/v1/stories/{id}/withhold": true, "POST /api/v1/stories/{id}/release": true,
		"POST /api/v1/stories/{id}/discard": true,
		"GET /api/v1/stories/{id}/checks":   true, "GET /api/v1/quotes": true,
		"POST /api/v1/pictures": true, "GET /api/v1/pictures": true,
		"GET /api/v1/pictures/{id}": true, "PUT /api/v1/pictures/{id}": true,
		"POST /api/v1/pictures/{id}/publish": true, "POST /api/v1/pictures/{id}/correct": true,
		"POST /api/v1/pictures/{id}/kill": true, "GET /api/v1/pictures/{id}/versions": true,
	}
	for k := range documented {
		if !registered[k] && !others[k] {
			t.Errorf("openapi.json documents %s, which is not registered", k)
		}
	}
	for k := range others {
		if !documented[k] {
			t.Errorf("openapi.json does not document %s", k)
		}
		if registered[k] {
			t.Errorf("%s is a wire route now; take it out of the others list", k)
		}
	}

	statuses := func(path, method string) []string {
		var op struct {
			Responses map[string]json.RawMessage `json:"responses"`
		}
		_ = json.Unmarshal(doc.Paths[path][method], &op)
		var out []string
		for k := range op.Responses {
			out = append(out, k)
		}
		return out
	}
	key, _ := AddSubscriber(context.Background(), e.db, "Doc", false, "")
	s := e.published()
	calls := []struct{ path, url, key string }{
		{"/api/v1/wire", "/api/v1/wire", key},
		{"/api/v1/wire", "/api/v1/wire?limit=0", key},
		{"/api/v1/wire", "/api/v1/wire", ""},
		{"/api/v1/items/{id}", "/api/v1/items/" + s.ID, key},
		{"/api/v1/items/{id}", "/api/v1/items/0000000000zzzzzz", key},
		{"/api/v1/search", "/api/v1/search?q=tram", key},
		{"/api/v1/search", "/api/v1/search", key},
		{"/api/v1/openapi.json", "/api/v1/openapi.json", ""},
		{"/api/v1/admin/subscribers", "/api/v1/admin/subscribers", key},
	}
	for _, c := range calls {
		resp, body := e.do("GET", c.url, c.key, nil)
		if code := itoa(int64(resp.StatusCode)); !slices.Contains(statuses(c.path, "get"), code) {
			t.Errorf("GET %s answered %s, not documented for %s", c.url, code, c.path)
		}
		if resp.StatusCode == 200 && (c.path == "/api/v1/wire" || c.path == "/api/v1/search") {
			var m map[string]json.RawMessage
			_ = json.Unmarshal(body, &m)
			fields := []string{"items", "more"}
			if c.path == "/api/v1/wire" {
				fields = append(fields, "next")
			}
			for _, f := range fields {
				if _, ok := m[f]; !ok {
					t.Errorf("GET %s: no %q in %s", c.url, f, body)
				}
			}
		}
	}
}
