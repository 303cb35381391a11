package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/store"
)

var errNotFound = httpx.NewProblem(http.StatusNotFound, "")

// notFound is a 404 whose page says msg.
func notFound(msg string) error { return httpx.NewProblem(http.StatusNotFound, msg) }

// badRequest is for input the reader can fix: a junk cursor, a query too
// long.
func badRequest(msg string) error { return httpx.NewProblem(http.StatusBadRequest, msg) }

// handlerFunc is a handler that returns its error for one place to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: store.ErrNotFound becomes the friendly 404
// page, an *httpx.Problem its status, anything else a 500 page whose request
// id is logged with the error. No error text from inside reaches readers.
func (s *Server) handle(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.serveError(w, r, err)
		}
	})
}

// serveError answers err: the friendly HTML error page on the site, and
// problem+json for any path under /api/ (an API client never gets HTML).
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	// Readers see the detail of the site's own problems (badRequest,
	// notFound); of anything else only the status.
	p := httpx.ProblemFor(err)
	status, msg := p.Status, ""
	var own *httpx.Problem
	if errors.As(err, &own) {
		msg = own.Detail
	}
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(r.Context()), "method", r.Method,
			"path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		s.serveProblem(w, r, status, msg)
		return
	}
	lang, lerr := parseLang(r.URL.Query().Get("lang"))
	if lerr != nil {
		lang = "en"
	}
	lang = chromeLang(lang) // the page is in a language the site speaks
	tr := uiStrings(lang)
	data := errorPage{Status: status, Message: msg, RequestID: requestID(r.Context())}
	switch status {
	case http.StatusNotFound:
		data.Title, data.Text = tr["notFoundTitle"], tr["notFoundText"]
	case http.StatusBadRequest:
		data.Title, data.Text = tr["badRequestTitle"], tr["badRequestText"]
	case http.StatusServiceUnavailable:
		data.Title, data.Text = tr["unavailableTitle"], tr["unavailableText"]
		w.Header().Set("Retry-After", httpx.RetryAfter)
	default:
		data.Title, data.Text = tr["errorTitle"], tr["errorText"]
	}
	data.Meta = s.meta(r, lang, data.Title)
	data.Meta.NoIndex = true
	var buf bytes.Buffer
	if terr := s.pages["error"].ExecuteTemplate(&buf, "layout", data); terr != nil {
		s.log.Error("rendering error page", "err", terr)
		buf.Reset()
		buf.WriteString(http.StatusText(status))
	}
	h := w.Header()
	h.Del("ETag")
	h.Del("Last-Modified")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// isAPI reports whether r is for the JSON API, whose errors are
// problem+json whichever handler (or none) answers.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// serveProblem is serveError for API paths.
func (s *Server) serveProblem(w http.ResponseWriter, r *http.Request, status int, msg string) {
	switch {
	case status == http.StatusServiceUnavailable && msg == "":
		msg = httpx.UnavailableDetail
	case status == http.StatusInsufficientStorage:
		msg = store.ErrFull.Error()
	case status == http.StatusNotFound && msg == "":
		msg = "no API route " + r.Method + " " + r.URL.Path + "; see /api/v1/openapi.json"
	case status >= 500:
		msg = "the server failed to answer; reference " + requestID(r.Context())
	}
	httpx.WriteProblem(w, r, httpx.NewProblem(status, msg)) // encoding/json makes the instance valid UTF-8
}

type errorPage struct {
	Meta
	Status    int
	Title     string
	Text      string
	Message   string
	RequestID string
}
