package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/wire"
)

// openAPIMethods are the methods probed on every documented path. HEAD is
// left out: the mux answers it with the GET handler, and its answer has
// no body to tell the catch-all apart.
var openAPIMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// openAPIDoc is the part of an OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas         map[string]json.RawMessage `json:"schemas"`
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
	} `json:"components"`
}

// operations lists the documented "METHOD /path" pairs, sorted.
func (d *openAPIDoc) operations(t *testing.T) []string {
	t.Helper()
	var out []string
	for p, ops := range d.Paths {
		for m := range ops {
			if !slices.Contains(openAPIMethods, strings.ToUpper(m)) && m != "head" && m != "trace" {
				t.Errorf("paths[%q]: %q is not an HTTP method", p, m)
				continue
			}
			out = append(out, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(out)
	return out
}

var refRE = regexp.MustCompile(`"\$ref":\s*"([^"]*)"`)

// checkOpenAPIShape checks that raw is an OpenAPI 3.1 document whose
// every operation has responses and whose every $ref resolves.
func checkOpenAPIShape(t *testing.T, raw []byte) *openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON of an OpenAPI document: %v", err)
	}
	if !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(doc.OpenAPI) {
		t.Errorf("openapi.json: openapi is %q, want 3.1.x", doc.OpenAPI)
	}
	if doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("openapi.json: info needs a title and a version, got %+v", doc.Info)
	}
	if len(doc.Paths) == 0 || len(doc.Components.Schemas) == 0 || len(doc.Components.SecuritySchemes) == 0 {
		t.Fatalf("openapi.json: paths, components.schemas and components.securitySchemes must not be empty")
	}
	for p, ops := range doc.Paths {
		if !strings.HasPrefix(p, "/api/v1/") {
			t.Errorf("openapi.json: path %q is not under /api/v1/", p)
		}
		for m, rawOp := range ops {
			var op struct {
				Responses map[string]json.RawMessage `json:"responses"`
				Security  []map[string][]string      `json:"security"`
			}
			if err := json.Unmarshal(rawOp, &op); err != nil {
				t.Errorf("openapi.json: paths[%q].%s: %v", p, m, err)
				continue
			}
			if len(op.Responses) == 0 {
				t.Errorf("openapi.json: paths[%q].%s has no responses", p, m)
			}
			for _, req := range op.Security {
				for name := range req {
					if _, ok := doc.Components.SecuritySchemes[name]; !ok {
						t.Errorf("openapi.json: paths[%q].%s uses security scheme %q, which components.securitySchemes lacks", p, m, name)
					}
				}
			}
		}
	}
	for _, m := range refRE.FindAllSubmatch(raw, -1) {
		name, ok := strings.CutPrefix(string(m[1]), "#/components/schemas/")
		if _, found := doc.Components.Schemas[name]; !ok || !found {
			t.Errorf("openapi.json: $ref %q does not resolve to a components schema", m[1])
		}
	}
	return &doc
}

// TestOpenAPIDocumentIsValid checks the embedded document without a
// server.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	checkOpenAPIShape(t, wire.OpenAPI())
}

// probe is one request's answer: the status and, for a problem, its
// detail.
type probe struct {
	status int
	detail string
}

// catchAll reports whether the answer is the "no API route" 404 of the
// site's or the newsroom's catch-all.
func (p probe) catchAll() bool {
	return p.status == http.StatusNotFound && strings.HasPrefix(p.detail, "no API route ")
}

func doProbe(ctx context.Context, base, token, method, path string) (probe, error) {
	var body io.Reader
	if method == "POST" || method == "PUT" || method == "PATCH" {
		body = bytes.NewReader([]byte(`{}`))
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return probe{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return probe{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var p struct {
		Detail string `json:"detail"`
	}
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		_ = json.Unmarshal(b, &p)
	}
	return probe{status: resp.StatusCode, detail: p.Detail}, nil
}

// TestOpenAPIMatchesServer runs `dateline serve` and checks, both ways,
// that the /api/v1 routes the server answers are the documented ones:
// every documented method of every documented path reaches a handler
// (not the "no API route" catch-all), and every other method on those
// paths gets 405 or the catch-all.
func TestOpenAPIMatchesServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	bin := datelineBinary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "dl.db")
	token := editorToken(t, bin, db)
	// In a fresh database the first subscriber is number 1.
	runCLI(t, bin, db, "subscriber", "add", "openapi-probe")
	srv := startServer(t, bin, db, freeAddr(t))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	resp, err := http.Get(srv.base + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api/v1/openapi.json: %d", resp.StatusCode)
	}
	if !bytes.Equal(served, wire.OpenAPI()) {
		t.Errorf("the served /api/v1/openapi.json differs from the embedded internal/wire/openapi.json")
	}
	doc := checkOpenAPIShape(t, served)

	_, created, err := apiPost(ctx, srv.base, token, "/api/v1/stories", map[string]any{
		"language": "en", "headline": "Harbour ferry timetable changes for winter",
		"body_html": "<p>The harbour ferry will run every forty minutes from December.</p>",
	})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := created["id"].(string)
	if id == "" {
		t.Fatalf("POST /api/v1/stories gave no id: %v", created)
	}
	fill := strings.NewReplacer("{id}", id, "{sid}", "1")

	// The catch-all must be recognisable, or every check below passes.
	if p, err := doProbe(ctx, srv.base, token, "GET", "/api/v1/no-such-route"); err != nil || !p.catchAll() {
		t.Fatalf("GET /api/v1/no-such-route: %+v, %v; want the catch-all 404 \"no API route ...\"", p, err)
	}
	if p, err := doProbe(ctx, srv.base, token, "GET", "/api/v1/stories/"+id+"/no-such-route"); err != nil || !p.catchAll() {
		t.Fatalf("GET /api/v1/stories/ID/no-such-route: %+v, %v; want the newsroom's catch-all 404", p, err)
	}

	documented := map[string]bool{}
	for _, op := range doc.operations(t) {
		documented[op] = true
	}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	// The destructive kill goes last, so that the other story routes see
	// a live story.
	for _, pass := range []bool{false, true} {
		for _, p := range paths {
			if (p == "/api/v1/stories/{id}/kill") != pass {
				continue
			}
			url := fill.Replace(p)
			for _, m := range openAPIMethods {
				got, err := doProbe(ctx, srv.base, token, m, url)
				if err != nil {
					t.Fatalf("%s %s: %v", m, url, err)
				}
				op := m + " " + p
				switch {
				case documented[op] && got.catchAll():
					t.Errorf("%s is documented, but the server has no route for it: %d %q", op, got.status, got.detail)
				case !documented[op] && got.status != http.StatusMethodNotAllowed && !got.catchAll():
					t.Errorf("%s answers %d %q, but openapi.json does not document it", op, got.status, got.detail)
				}
			}
		}
	}
	if t.Failed() {
		t.Logf("documented operations: %v", doc.operations(t))
	}
}
