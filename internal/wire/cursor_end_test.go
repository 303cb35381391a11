package wire

import (
	"net/http"
	"strings"
	"testing"
)

// A cursor beyond the end of the log names no event: it is refused on the
// pull API and the stream instead of waiting forever.
func TestCursorBeyondTheEndIsRefused(t *testing.T) {
	e := newEnv(t, Config{})
	sub := e.subscriber("agency", false, "")
	e.published()
	last, err := e.db.LastSeq(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, header string }{
		{"/api/v1/wire?after=" + EncodeCursor(last+1000), ""},
		{"/api/v1/stream?after=" + EncodeCursor(last+1), ""},
		{"/api/v1/stream", EncodeCursor(last + 5)},
	} {
		req, _ := http.NewRequest("GET", e.srv.URL+tc.path, nil)
		req.Header.Set("Authorization", "Bearer "+sub.Key)
		if tc.header != "" {
			req.Header.Set("Last-Event-ID", tc.header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s (Last-Event-ID %q): %d, want 400 problem", tc.path, tc.header, resp.StatusCode)
		}
	}
	// The last cursor itself is fine: it waits for what comes next.
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/wire?after="+EncodeCursor(last), nil)
	req.Header.Set("Authorization", "Bearer "+sub.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("the newest cursor: %d", resp.StatusCode)
	}
}
