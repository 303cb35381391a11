package httpx

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
)

// RetryAfter is the Retry-After, in seconds, of a 503 answered because the
// database is out of reach.
const RetryAfter = "5"

// UnavailableDetail is what a client is told when the database is out of
// reach.
const UnavailableDetail = "the database is not reachable at the moment; nothing was changed by this request. Try again in a few seconds"

// Unavailable reports whether err comes from the database being out of
// reach (down, restarting, the connection lost) rather than from the
// request itself. Handlers answer these with 503 and Retry-After.
//
// It mirrors postgres.Unavailable without importing a database driver:
// PostgreSQL errors are recognised by their SQLSTATE (class 08, connection
// exception; 57P01-57P03, shutdown; 53300, too many connections), the
// driver's "safe to retry" errors and connect errors by their methods and
// text, and lost connections by the net and syscall errors under them.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		c := coded.SQLState()
		return strings.HasPrefix(c, "08") || c == "57P01" || c == "57P02" || c == "57P03" || c == "53300"
	}
	var retry interface{ SafeToRetry() bool }
	if errors.As(err, &retry) && retry.SafeToRetry() {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect to")
}

// WriteUnavailable answers 503 with Retry-After as problem+json.
func WriteUnavailable(w http.ResponseWriter, r *http.Request) {
	WriteProblem(w, r, NewProblem(http.StatusServiceUnavailable, UnavailableDetail))
}
