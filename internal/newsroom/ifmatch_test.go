package newsroom_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/dateline-news/dateline/internal/newsroom"
)

// Publish, correct, kill and withhold check If-Match as well as a body
// revision; a malformed If-Match or two that disagree are refused, not
// ignored. A stale If-Match is a failed precondition (412, RFC 9110); a
// stale body revision a conflict (409).
func TestIfMatchOnStateChanges(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("ed", "Ferry timetable changes")
	id := s["id"].(string)
	rev := num(s["revision"])
	call := func(path, ifMatch string, body any) resp {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/stories/"+id+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
		if ifMatch != "" {
			req.Header.Set("If-Match", ifMatch)
		}
		return e.do(http.DefaultClient, req)
	}
	etag := func(n int) string { return `"r` + strconv.Itoa(n) + `"` }
	want(t, "publish with a stale If-Match", call("/publish", etag(rev+7), map[string]any{}), 412)
	want(t, "publish with a stale revision", call("/publish", "", map[string]any{"revision": rev + 7}), 409)
	want(t, "publish with a malformed If-Match", call("/publish", `"banana"`, map[string]any{}), 412)
	want(t, "publish with If-Match and revision that disagree", call("/publish", etag(rev), map[string]any{"revision": rev + 1}), 412)
	r := call("/publish", etag(rev), map[string]any{})
	want(t, "publish with the current If-Match", r, 200)
	rev = num(r.json(t)["revision"])
	want(t, "correct with a stale If-Match", call("/correct", etag(rev-1), map[string]any{"note": "Times fixed."}), 412)
	r = call("/correct", `W/`+etag(rev), map[string]any{"note": "Times fixed."})
	want(t, "correct with the current (weak) If-Match", r, 200)
	rev = num(r.json(t)["revision"])
	want(t, "withhold with a stale If-Match", call("/withhold", etag(rev-1), map[string]any{"reason": "Check the times."}), 412)
	want(t, "kill with a stale If-Match", call("/kill", etag(rev-1), map[string]any{"reason": "Wrong ferry."}), 412)
	want(t, "kill with a stale revision", call("/kill", "", map[string]any{"revision": rev - 1, "reason": "Wrong ferry."}), 409)
	want(t, "kill with the current If-Match", call("/kill", etag(rev), map[string]any{"reason": "Wrong ferry."}), 200)
}

// The newsroom UI never changes a story's state without the revision its
// form was made from.
func TestUIStateChangeNeedsRevision(t *testing.T) {
	e := newEnv(t, newsroom.Config{})
	s := e.create("ed", "Bridge repairs begin")
	b := e.login("ed")
	r := b.postForm("/newsroom/stories/"+s["id"].(string), url.Values{"csrf": {csrfOf(t, b)}, "op": {"publish"}, "headline": {"Bridge repairs begin"}})
	want(t, "publish from a form without its revision", r, 422)
}
