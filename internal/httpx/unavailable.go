package httpx

import (
	"net/http"

	"github.com/dateline-news/dateline/internal/store"
)

// RetryAfter is the Retry-After, in seconds, of a 503 answered because the
// database is out of reach.
const RetryAfter = "5"

// UnavailableDetail is what a client is told when the database is out of
// reach (an error that wraps store.ErrUnavailable).
var UnavailableDetail = store.ErrUnavailable.Error()

// WriteUnavailable answers 503 with Retry-After as problem+json.
func WriteUnavailable(w http.ResponseWriter, r *http.Request) {
	WriteProblem(w, r, NewProblem(http.StatusServiceUnavailable, UnavailableDetail))
}
