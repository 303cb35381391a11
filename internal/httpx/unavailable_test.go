package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"
)

// sqlStateError stands for a driver error carrying a SQLSTATE, as
// pgconn.PgError does.
type sqlStateError struct{ code string }

func (e *sqlStateError) Error() string    { return "server error " + e.code }
func (e *sqlStateError) SQLState() string { return e.code }

type retryError struct{}

func (retryError) Error() string     { return "conn busy" }
func (retryError) SafeToRetry() bool { return true }

func TestUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"refused dial", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		{"wrapped refused", fmt.Errorf("story x: %w", syscall.ECONNREFUSED), true},
		{"reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"unexpected EOF", fmt.Errorf("reading reply: %w", io.ErrUnexpectedEOF), true},
		{"admin shutdown", fmt.Errorf("query: %w", &sqlStateError{"57P01"}), true},
		{"connection exception", &sqlStateError{"08006"}, true},
		{"too many connections", &sqlStateError{"53300"}, true},
		{"unique violation", &sqlStateError{"23505"}, false},
		{"syntax error", &sqlStateError{"42601"}, false},
		{"safe to retry", fmt.Errorf("x: %w", retryError{}), true},
		{"conn closed", errors.New("conn closed"), true},
		{"connect error text", errors.New("failed to connect to `host=db user=x`: server error"), true},
		{"not found", errors.New("not found"), false},
		{"plain EOF", io.EOF, false},
		{"context canceled", context.Canceled, false},
	} {
		if got := Unavailable(tc.err); got != tc.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

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
