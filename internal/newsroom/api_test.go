package newsroom_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/store"
)

func sample(headline string) map[string]any {
	return map[string]any{
		"language":   "en",
		"headline":   headline,
		"standfirst": "Councillors back a plan to run trams along the old harbour road.",
		"dateline":   map[string]any{"place": "GDANSK", "date": "2026-03-02", "credit": "Dateline", "style": "reuters"},
		"byline":     "Rita Nowak",
		"body_html":  "<p>The council voted 31 to 9 for the tram line.</p><h2>What happens next</h2><p>Building starts in spring.</p>",
		"section":    "politics",
		"tags":       []string{"Poland", "Transport"},
		"urgency":    4,
	}
}

func (e *env) create(user, headline string) map[string]any {
	e.t.Helper()
	r := e.api("POST", "/api/v1/stories", user, sample(headline))
	want(e.t, "create", r, http.StatusCreated)
	return r.json(e.t)
}

func num(v any) int { f, _ := v.(float64); return int(f) }

func TestAPITransitions(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("rita", "Harbour tram line approved")
	id := s["id"].(string)
	if s["status"] != "draft" || num(s["revision"]) != 1 || s["dateline"].(map[string]any)["text"] != "GDANSK, Mar 2 (Dateline) -" {
		t.Fatalf("created story: %v", s)
	}
	if !strings.Contains(s["body_html"].(string), "<h2>What happens next</h2>") {
		t.Fatalf("body_html %q lost the subheading", s["body_html"])
	}
	path := "/api/v1/stories/" + id
	steps := []struct {
		name, method, path, user string
		body                     any
		status                   int
		check                    func(m map[string]any) string
	}{
		{"reporter edits own draft", "PUT", path, "rita", map[string]any{"revision": 1, "headline": "Harbour tram line approved by council"}, 200,
			func(m map[string]any) string {
				if num(m["revision"]) != 2 || m["headline"] != "Harbour tram line approved by council" || m["standfirst"] == "" {
					return "want revision 2, new headline, other fields kept"
				}
				return ""
			}},
		{"another reporter cannot edit it", "PUT", path, "rob", map[string]any{"revision": 2, "headline": "x"}, 403, nil},
		{"reporter cannot publish", "POST", path + "/publish", "rita", map[string]any{}, 403, nil},
		{"correcting a draft is refused", "POST", path + "/correct", "ed", map[string]any{"note": "n"}, 409, nil},
		{"killing a draft is refused", "POST", path + "/kill", "ed", map[string]any{"reason": "r"}, 409, nil},
		{"editor publishes", "POST", path + "/publish", "ed", map[string]any{"revision": 2}, 200,
			func(m map[string]any) string {
				if m["status"] != "published" || num(m["version"]) != 1 || m["first_published_at"] == nil || m["updated_at"] == nil {
					return "want published version 1 with times"
				}
				return ""
			}},
		{"reporter cannot edit a published story", "PUT", path, "rita", map[string]any{"revision": 3, "headline": "x"}, 403, nil},
		{"embargo on a published story is refused", "POST", path + "/publish", "ed", map[string]any{"embargo_until": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, 409, nil},
		{"editor edits the working copy", "PUT", path, "ed", map[string]any{"revision": 3, "standfirst": "Thirty-one councillors backed the plan."}, 200, nil},
		{"editor publishes an update", "POST", path + "/publish", "ed", nil, 200,
			func(m map[string]any) string {
				if num(m["version"]) != 2 || m["standfirst"] != "Thirty-one councillors backed the plan." {
					return "want version 2 with the edit"
				}
				return ""
			}},
		{"correction without a note is refused", "POST", path + "/correct", "ed", map[string]any{"headline": "x"}, 422, nil},
		{"correction with an empty note is refused", "POST", path + "/correct", "ed", map[string]any{"note": "  "}, 422, nil},
		{"reporter cannot correct", "POST", path + "/correct", "rita", map[string]any{"note": "n"}, 403, nil},
		{"editor corrects with a note and a change", "POST", path + "/correct", "ed", map[string]any{"note": "The vote was 31 to 9, not 30 to 10.", "urgency": 3}, 200,
			func(m map[string]any) string {
				c, _ := m["corrections"].([]any)
				if num(m["version"]) != 3 || len(c) != 1 || num(m["urgency"]) != 3 {
					return "want version 3, one correction, urgency 3"
				}
				return ""
			}},
		{"kill without a reason is refused", "POST", path + "/kill", "ed", map[string]any{}, 422, nil},
		{"reporter cannot kill", "POST", path + "/kill", "rita", map[string]any{"reason": "r"}, 403, nil},
		{"editor kills", "POST", path + "/kill", "ed", map[string]any{"reason": "Legal advice"}, 200,
			func(m map[string]any) string {
				if m["status"] != "killed" || num(m["version"]) != 4 {
					return "want killed version 4"
				}
				return ""
			}},
		{"a killed story cannot be republished", "POST", path + "/publish", "ed", nil, 409, nil},
		{"a killed story cannot be edited", "PUT", path, "ed", map[string]any{"revision": 7, "headline": "again"}, 409, nil},
		{"a killed story cannot be killed again", "POST", path + "/kill", "ed", map[string]any{"reason": "again"}, 409, nil},
		{"a killed story cannot be corrected", "POST", path + "/correct", "ed", map[string]any{"note": "again"}, 409, nil},
	}
	for _, st := range steps {
		r := e.api(st.method, st.path, st.user, st.body)
		want(t, st.name, r, st.status)
		if st.check != nil {
			if msg := st.check(r.json(t)); msg != "" {
				t.Fatalf("%s: %s\n%s", st.name, msg, r.body)
			}
		}
		if st.status >= 400 && r.header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: error is %q, not problem+json", st.name, r.header.Get("Content-Type"))
		}
	}
	if r := e.get("/news/" + id); r.status != http.StatusGone {
		t.Fatalf("killed story's page: %d, want 410", r.status)
	}
	r := e.api("GET", path+"/versions", "rita", nil)
	want(t, "versions", r, 200)
	var actions []string
	for _, v := range r.json(t)["items"].([]any) {
		actions = append(actions, v.(map[string]any)["action"].(string))
	}
	if got := strings.Join(actions, ","); got != "publish,update,correct,kill" {
		t.Fatalf("versions %s, want publish,update,correct,kill", got)
	}
	entries, err := e.db.Audit(t.Context(), store.AuditQuery{StoryID: id})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		got = append(got, entries[i].User+":"+entries[i].Action)
	}
	if g := strings.Join(got, " "); g != "rita:create rita:edit ed:publish ed:edit ed:update ed:correct ed:kill" {
		t.Fatalf("audit log of the story: %s", g)
	}
}

func TestAPIListAndGet(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	a := e.create("rita", "First draft")
	b := e.create("rita", "Second, published")
	want(t, "publish", e.api("POST", "/api/v1/stories/"+b["id"].(string)+"/publish", "ed", nil), 200)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"", []string{"Second, published", "First draft"}},
		{"?status=draft", []string{"First draft"}},
		{"?status=published", []string{"Second, published"}},
		{"?status=killed", nil},
	} {
		r := e.api("GET", "/api/v1/stories"+tc.q, "rob", nil)
		want(t, "list "+tc.q, r, 200)
		var got []string
		for _, it := range r.json(t)["items"].([]any) {
			got = append(got, it.(map[string]any)["headline"].(string))
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("list %s = %v, want %v", tc.q, got, tc.want)
		}
	}
	r := e.api("GET", "/api/v1/stories/"+a["id"].(string), "rob", nil)
	want(t, "get", r, 200)
	if m := r.json(t); m["url"] != "http://127.0.0.1:8080/news/"+a["id"].(string) || m["people"] == nil {
		t.Fatalf("get: %v", m)
	}
}

func TestAPIBadInput(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("rita", "A draft to break")
	id := s["id"].(string)
	with := func(k string, v any) map[string]any {
		m := sample("Bad input")
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	past := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"missing headline", "POST", "/api/v1/stories", with("headline", nil), 422, "headline"},
		{"blank headline", "POST", "/api/v1/stories", with("headline", "   "), 422, "headline"},
		{"oversized headline", "POST", "/api/v1/stories", with("headline", strings.Repeat("h", 401)), 422, "headline"},
		{"oversized standfirst", "POST", "/api/v1/stories", with("standfirst", strings.Repeat("s", 2001)), 422, "standfirst"},
		{"too many tags", "POST", "/api/v1/stories", with("tags", manyTags(51)), 422, "tags"},
		{"oversized tag", "POST", "/api/v1/stories", with("tags", []string{strings.Repeat("t", 101)}), 422, "tags[0]"},
		{"language not BCP 47", "POST", "/api/v1/stories", with("language", "english please"), 422, "language"},
		{"missing language", "POST", "/api/v1/stories", with("language", nil), 422, "language"},
		{"dateline date that does not exist", "POST", "/api/v1/stories", with("dateline", map[string]any{"place": "OSLO", "date": "2026-02-30", "credit": "Dateline", "style": "reuters"}), 422, "dateline.date"},
		{"dateline style unknown", "POST", "/api/v1/stories", with("dateline", map[string]any{"place": "OSLO", "credit": "X", "style": "bbc"}), 422, "dateline"},
		{"urgency out of range", "POST", "/api/v1/stories", with("urgency", 12), 422, "urgency"},
		{"urgency of the wrong type", "POST", "/api/v1/stories", with("urgency", "high"), 422, "urgency"},
		{"unknown field", "POST", "/api/v1/stories", with("colour", "red"), 422, "colour"},
		{"malformed JSON", "POST", "/api/v1/stories", `{"headline": `, 400, ""},
		{"body too large", "POST", "/api/v1/stories", with("body_html", strings.Repeat("<p>word</p>", 200000)), 413, ""},
		{"PUT without revision", "PUT", "/api/v1/stories/" + id, map[string]any{"headline": "x"}, 422, "revision"},
		{"embargo in the past", "POST", "/api/v1/stories/" + id + "/publish", map[string]any{"embargo_until": past}, 422, "embargo_until"},
		{"embargo not RFC 3339", "POST", "/api/v1/stories/" + id + "/publish", map[string]any{"embargo_until": "tomorrow noon"}, 422, "embargo_until"},
		{"bad status filter", "GET", "/api/v1/stories?status=lost", nil, 422, "status"},
		{"unknown story", "GET", "/api/v1/stories/0000000000000000", nil, 404, ""},
		{"malformed story id", "GET", "/api/v1/stories/..%2F..", nil, 404, ""},
		{"PUT unknown story", "PUT", "/api/v1/stories/zzzzzzzzzzzzzzzz", map[string]any{"revision": 1}, 404, ""},
		{"publish unknown story", "POST", "/api/v1/stories/zzzzzzzzzzzzzzzz/publish", nil, 404, ""},
		{"versions of unknown story", "GET", "/api/v1/stories/zzzzzzzzzzzzzzzz/versions", nil, 404, ""},
		{"unknown route", "DELETE", "/api/v1/stories/" + id, nil, 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.api(tc.method, tc.path, "ed", tc.body)
			want(t, tc.name, r, tc.status)
			if f := problemField(t, r); f != tc.field {
				t.Fatalf("problem names field %q, want %q\n%s", f, tc.field, r.body)
			}
		})
	}
	// Nothing changed.
	r := e.api("GET", "/api/v1/stories", "ed", nil)
	if items := r.json(t)["items"].([]any); len(items) != 1 {
		t.Fatalf("%d stories after refused requests, want 1", len(items))
	}
	got := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if got["status"] != "draft" || num(got["revision"]) != 1 || got["headline"] != "A draft to break" {
		t.Fatalf("the draft changed: %v", got)
	}
}

func TestAPIAuth(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	ctx := t.Context()
	ed, _ := e.db.UserByName(ctx, "ed")
	expired := time.Now().Add(-time.Second)
	old, err := auth.CreateToken(ctx, e.db, ed, "old", &expired, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	revoked, _ := auth.CreateToken(ctx, e.db, ed, "gone", nil, time.Now())
	toks, _ := e.db.Tokens(ctx, ed.ID)
	if err := e.db.RevokeToken(ctx, toks[0].ID, ed.ID); err != nil {
		t.Fatal(err)
	}
	rita, _ := e.db.UserByName(ctx, "rita")
	ritaTok, _ := auth.CreateToken(ctx, e.db, rita, "x", nil, time.Now())
	rita.Disabled = true
	if err := e.db.UpdateUser(ctx, rita); err != nil {
		t.Fatal(err)
	}
	for name, tok := range map[string]string{"no token": "", "unknown token": "dln_unknown", "expired token": old,
		"revoked token": revoked, "token of a disabled account": ritaTok} {
		r := e.api("GET", "/api/v1/stories", tok, nil)
		if tok == "" {
			r = e.api("GET", "/api/v1/stories", "", nil)
		}
		want(t, name, r, 401)
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate: Bearer", name)
		}
	}
	want(t, "a live token", e.api("GET", "/api/v1/stories", "ed", nil), 200)
}

// TestConflict: two saves from the same base; the second gets 409 and the
// first one's text stays.
func TestConflict(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("rita", "Ferry runs aground")
	path := "/api/v1/stories/" + s["id"].(string)
	want(t, "first save", e.api("PUT", path, "ed", map[string]any{"revision": 1, "standfirst": "Ed's standfirst."}), 200)
	r := e.api("PUT", path, "rita", map[string]any{"revision": 1, "standfirst": "Rita's standfirst."})
	want(t, "second save from the same base", r, 409)
	if !strings.Contains(string(r.body), "revision 1") || !strings.Contains(string(r.body), "revision 2") {
		t.Fatalf("conflict message does not say which revisions: %s", r.body)
	}
	got := e.api("GET", path, "ed", nil).json(t)
	if got["standfirst"] != "Ed's standfirst." || num(got["revision"]) != 2 {
		t.Fatalf("after the conflict: %v", got)
	}
	// Publishing from a stale base is refused too.
	want(t, "publish from a stale base", e.api("POST", path+"/publish", "ed", map[string]any{"revision": 1}), 409)
	// The second writer reloads and saves on the new base.
	want(t, "retry on the new base", e.api("PUT", path, "rita", map[string]any{"revision": 2, "headline": "Ferry runs aground near Bergen"}), 200)
	got = e.api("GET", path, "ed", nil).json(t)
	if got["standfirst"] != "Ed's standfirst." || got["headline"] != "Ferry runs aground near Bergen" {
		t.Fatalf("a change was lost: %v", got)
	}
}

// TestSanitisedBody: scripts and event handlers in body_html are removed;
// the stored and the rendered results carry none.
func TestSanitisedBody(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	m := sample("Sanitiser test")
	m["body_html"] = `<script>alert("stored")</script><p onclick="steal()">Hello <b onmouseover="x()">world</b></p>` +
		`<img src=x onerror="alert(1)"><h3 style="x" onfocus="y()">Sub <a href="javascript:evil()">link</a></h3>` +
		`<iframe src="https://evil.example"></iframe><p>&lt;script&gt;shown as text&lt;/script&gt;</p>`
	r := e.api("POST", "/api/v1/stories", "ed", m)
	want(t, "create", r, 201)
	id := r.json(t)["id"].(string)
	st, err := e.db.Story(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(st.Body) != "[{p Hello world} {h2 Sub link} {p <script>shown as text</script>}]" {
		t.Fatalf("stored body %v", st.Body)
	}
	want(t, "publish", e.api("POST", "/api/v1/stories/"+id+"/publish", "ed", nil), 200)
	for _, page := range []string{"/news/" + id, "/feeds/all.rss", "/feeds/all.json"} {
		r := e.get(page)
		want(t, page, r, 200)
		body := string(r.body)
		for _, bad := range []string{"alert(", "steal()", "onclick", "onerror", "javascript:", "<iframe", "<script>shown"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q", page, bad)
			}
		}
		if !strings.Contains(body, "Hello world") {
			t.Errorf("%s lost the text", page)
		}
	}
	api := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if api["body_html"] != "<p>Hello world</p><h2>Sub link</h2><p>&lt;script&gt;shown as text&lt;/script&gt;</p>" {
		t.Fatalf("API body_html %q", api["body_html"])
	}
}

// TestUpdatedAt: "Updated at" moves with a new public version, never with
// a save of the working copy.
func TestUpdatedAt(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("ed", "Grain prices ease")
	path := "/api/v1/stories/" + s["id"].(string)
	p := e.api("POST", path+"/publish", "ed", nil).json(t)
	first := p["updated_at"]
	pub, _ := e.db.PublicStory(t.Context(), s["id"].(string))
	for i := range 2 {
		time.Sleep(20 * time.Millisecond)
		r := e.api("PUT", path, "ed", map[string]any{"revision": 2 + i, "standfirst": fmt.Sprintf("Draft edit %d.", i)})
		want(t, "save", r, 200)
		if got := r.json(t)["updated_at"]; got != first {
			t.Fatalf("a save moved updated_at from %v to %v", first, got)
		}
	}
	pub2, _ := e.db.PublicStory(t.Context(), s["id"].(string))
	if !pub2.UpdatedAt.Equal(*pub.UpdatedAt) || pub2.Standfirst != pub.Standfirst {
		t.Fatalf("a save changed the public version: %v -> %v", pub.UpdatedAt, pub2.UpdatedAt)
	}
	time.Sleep(20 * time.Millisecond)
	c := e.api("POST", path+"/correct", "ed", map[string]any{"note": "Fixed a figure."}).json(t)
	if c["updated_at"] == first {
		t.Fatal("a correction did not move updated_at")
	}
	page := string(e.get("/news/" + s["id"].(string)).body)
	if !strings.Contains(page, "Fixed a figure.") || !strings.Contains(page, "Draft edit 1.") {
		t.Fatal("the article page does not show the correction and its content")
	}
}

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint("tag", i)
	}
	return out
}
