package newsroom_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/store"
)

// publicChannels are every public place a story can show up.
func publicChannels(id string) []string {
	return []string{"/news/" + id, "/news", "/", "/search?q=zanzibar", "/section/politics", "/tag/poland",
		"/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json", "/sitemap-news.xml"}
}

// visible reports on which public channels the headline shows.
func (e *env) visible(id, headline string) (shown, hidden []string) {
	for _, p := range publicChannels(id) {
		r := e.get(p)
		if r.status == http.StatusOK && (strings.Contains(string(r.body), headline) || strings.Contains(string(r.body), id)) {
			shown = append(shown, p)
		} else {
			hidden = append(hidden, p)
		}
	}
	return shown, hidden
}

func (e *env) embargoed(headline string, until time.Time) string {
	e.t.Helper()
	m := sample(headline)
	m["body_html"] = "<p>Zanzibar ferry timetable changes from Monday.</p>"
	r := e.api("POST", "/api/v1/stories", "ed", m)
	want(e.t, "create", r, 201)
	id := r.json(e.t)["id"].(string)
	r = e.api("POST", "/api/v1/stories/"+id+"/publish", "ed", map[string]any{"embargo_until": until.UTC().Format(time.RFC3339)})
	want(e.t, "publish under embargo", r, 200)
	if m := r.json(e.t); m["status"] != "scheduled" || m["embargo_until"] == nil {
		e.t.Fatalf("publish under embargo: %v", m)
	}
	return id
}

func TestEmbargoReleasedOnTime(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	until := time.Now().Add(3 * time.Second).Truncate(time.Second).Add(time.Second)
	headline := "Embargoed ferry timetable"
	id := e.embargoed(headline, until)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.svc.RunReleaser(ctx, time.Second) }()
	t.Cleanup(func() { cancel(); <-done })

	if shown, _ := e.visible(id, headline); len(shown) > 0 {
		t.Fatalf("before its embargo the story shows on %v", shown)
	}
	for time.Now().Before(until.Add(-500 * time.Millisecond)) {
		if shown, _ := e.visible(id, headline); len(shown) > 0 && time.Now().Before(until) {
			t.Fatalf("at %s, before the embargo at %s, the story shows on %v", time.Now().Format(time.RFC3339Nano), until, shown)
		}
		time.Sleep(300 * time.Millisecond)
	}
	deadline := until.Add(5 * time.Second)
	for {
		shown, hidden := e.visible(id, headline)
		if len(hidden) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("5 s after the embargo the story shows on %v but not on %v", shown, hidden)
		}
		time.Sleep(200 * time.Millisecond)
	}
	got := e.api("GET", "/api/v1/stories/"+id, "ed", nil).json(t)
	if got["status"] != "published" || got["first_published_at"] != until.UTC().Format(time.RFC3339) {
		t.Fatalf("released story: status %v, first published %v; want published at the embargo time %s", got["status"], got["first_published_at"], until.UTC().Format(time.RFC3339))
	}
}

func TestEmbargoReleasedAfterRestart(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	until := time.Now().Add(2 * time.Second).Truncate(time.Second).Add(time.Second)
	headline := "Embargo spans a restart"
	id := e.embargoed(headline, until)
	e.stop() // the server is down when the embargo runs out
	time.Sleep(time.Until(until) + 200*time.Millisecond)

	e.start(newsroom.Config{})
	if shown, _ := e.visible(id, headline); len(shown) > 0 {
		t.Fatalf("shown before the release pass: %v", shown)
	}
	n, err := e.svc.ReleaseDue(t.Context()) // what serve does on start
	if err != nil || n != 1 {
		t.Fatalf("ReleaseDue on start = %d, %v; want 1", n, err)
	}
	if _, hidden := e.visible(id, headline); len(hidden) > 0 {
		t.Fatalf("after the release pass the story is missing from %v", hidden)
	}
}

func TestEmbargoMoveAndLift(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	in1h := time.Now().Add(time.Hour).Truncate(time.Second)
	headline := "Budget figures under embargo"
	id := e.embargoed(headline, in1h)
	path := "/api/v1/stories/" + id + "/publish"
	in2h := in1h.Add(time.Hour).UTC().Format(time.RFC3339)
	r := e.api("POST", path, "ed", map[string]any{"embargo_until": in2h})
	want(t, "move the embargo", r, 200)
	if m := r.json(t); m["status"] != "scheduled" || m["embargo_until"] != in2h {
		t.Fatalf("moved embargo: %v", m)
	}
	want(t, "move it into the past", e.api("POST", path, "ed", map[string]any{"embargo_until": "2020-01-01T00:00:00Z"}), 422)
	want(t, "a reporter cannot lift it", e.api("POST", path, "rita", nil), 403)
	if shown, _ := e.visible(id, headline); len(shown) > 0 {
		t.Fatalf("scheduled story shows on %v", shown)
	}
	r = e.api("POST", path, "ed", map[string]any{"embargo_until": nil})
	want(t, "lift the embargo", r, 200)
	if m := r.json(t); m["status"] != "published" || m["embargo_until"] != nil {
		t.Fatalf("lifted embargo: %v", m)
	}
	if _, hidden := e.visible(id, headline); len(hidden) > 0 {
		t.Fatalf("published story is missing from %v", hidden)
	}
	list, _ := e.db.Audit(t.Context(), store.AuditQuery{StoryID: id, Action: "embargo"})
	var details []string
	for _, a := range list {
		details = append(details, a.Detail)
	}
	if len(list) != 3 || !strings.Contains(details[0], "lifted") || !strings.Contains(details[1], "moved") || !strings.Contains(details[2], "until") {
		t.Fatalf("embargo audit entries: %q", details)
	}
}
