package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestWriteUnavailable(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteUnavailable(rec, httptest.NewRequest("GET", "/api/v1/wire", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != RetryAfter ||
		rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("WriteUnavailable: %d %v", rec.Code, rec.Header())
	}
	// A caller's own Retry-After stands.
	rec = httptest.NewRecorder()
	rec.Header().Set("Retry-After", "60")
	WriteProblem(rec, nil, NewProblem(http.StatusServiceUnavailable, "maintenance"))
	if got := rec.Header().Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After %q, want the caller's 60", got)
	}
}
