package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/store"
)

func TestBearerToken(t *testing.T) {
	for _, c := range []struct {
		header, want string
		ok           bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"BEARER  abc ", "abc", true},
		{"Basic abc", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"", "", false},
		{"Bearerabc", "", false},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		if c.header != "" {
			r.Header.Set("Authorization", c.header)
		}
		if got, ok := BearerToken(r); got != c.want || ok != c.ok {
			t.Errorf("%q: %q %v, want %q %v", c.header, got, ok, c.want, c.ok)
		}
	}
}

func TestProblemFor(t *testing.T) {
	for _, c := range []struct {
		err    error
		status int
	}{
		{NewProblem(http.StatusTeapot, "x"), http.StatusTeapot},
		{fmt.Errorf("story x: %w", store.ErrNotFound), http.StatusNotFound},
		{fmt.Errorf("save: %w", store.ErrConflict), http.StatusConflict},
		{fmt.Errorf("commit: %w: disk", store.ErrFull), http.StatusInsufficientStorage},
		{fmt.Errorf("query: %w: dial", store.ErrUnavailable), http.StatusServiceUnavailable},
		{auth.ErrUnauthorized, http.StatusUnauthorized},
		{auth.ErrRateLimited, http.StatusTooManyRequests},
		{errors.New("secret /path"), http.StatusInternalServerError},
	} {
		p := ProblemFor(c.err)
		if p.Status != c.status {
			t.Errorf("%v: %d, want %d", c.err, p.Status, c.status)
		}
		if c.status == http.StatusInternalServerError && p.Detail == c.err.Error() {
			t.Errorf("a 500 shows the error: %q", p.Detail)
		}
	}
	if p := ProblemFor(fmt.Errorf("x: %w", store.ErrFull)); p.Detail != store.ErrFull.Error() {
		t.Errorf("full disk detail %q", p.Detail)
	}
}
