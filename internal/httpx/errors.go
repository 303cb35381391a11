package httpx

import (
	"errors"
	"net/http"
	"strings"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// ProblemFor is the one mapping from an error to what a client is told:
// a status, a detail safe to show and the wrong fields. A *Problem stands
// for itself; the domain's, the store's and auth's errors get their
// status; anything else is 500 with a detail that shows nothing of the
// error (log it). The site shows the status as a friendly page, the APIs
// send the problem as problem+json.
func ProblemFor(err error) *Problem {
	var pr *Problem
	var ve *news.ValidationError
	var te *news.TransitionError
	switch {
	case errors.As(err, &pr):
		c := *pr
		return &c
	case errors.As(err, &ve):
		fs := make([]FieldProblem, len(ve.Fields))
		for i, f := range ve.Fields {
			fs[i] = FieldProblem{Field: f.Field, Detail: f.Reason}
		}
		return NewProblem(http.StatusUnprocessableEntity, ve.Error(), fs...)
	case errors.As(err, &te):
		return NewProblem(http.StatusConflict, te.Error())
	case errors.Is(err, store.ErrConflict):
		return NewProblem(http.StatusConflict, err.Error()+". Nothing was saved: reload the story, and apply your change again.")
	case errors.Is(err, store.ErrDuplicate):
		return NewProblem(http.StatusConflict, err.Error())
	case errors.Is(err, store.ErrNotFound):
		return NewProblem(http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrFull):
		return NewProblem(http.StatusInsufficientStorage, store.ErrFull.Error())
	case errors.Is(err, store.ErrUnavailable):
		return NewProblem(http.StatusServiceUnavailable, store.ErrUnavailable.Error())
	case errors.Is(err, auth.ErrUnauthorized), errors.Is(err, auth.ErrBadLogin):
		return NewProblem(http.StatusUnauthorized, err.Error())
	case errors.Is(err, auth.ErrRateLimited):
		return NewProblem(http.StatusTooManyRequests, err.Error())
	case errors.Is(err, auth.ErrBusy):
		return NewProblem(http.StatusServiceUnavailable, err.Error())
	}
	return NewProblem(http.StatusInternalServerError, "something went wrong on our side")
}

// BearerToken returns the credentials of an "Authorization: Bearer X"
// header (the scheme in any case, spaces around X trimmed), and whether
// there were any.
func BearerToken(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", false
	}
	return tok, true
}
