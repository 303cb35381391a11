package web

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/dateline-news/dateline/internal/store"
)

// httpError is an error with the status and reader-facing message it
// should be answered with.
type httpError struct {
	status int
	msg    string // shown to the reader; plain text
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{http.StatusNotFound, ""}

// badRequest is for input the reader can fix: a junk cursor, a query too
// long.
func badRequest(msg string) error { return &httpError{http.StatusBadRequest, msg} }

// handlerFunc is a handler that returns its error for one place to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: store.ErrNotFound becomes the friendly 404
// page, an *httpError its status, anything else a 500 page whose request
// id is logged with the error. No error text from inside reaches readers.
func (s *Server) handle(fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.serveError(w, r, err)
		}
	})
}

func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, ""
	var he *httpError
	switch {
	case errors.Is(err, store.ErrNotFound):
		status = http.StatusNotFound
	case errors.As(err, &he):
		status, msg = he.status, he.msg
	}
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(r.Context()), "method", r.Method,
			"path", r.URL.Path, "err", err)
	}
	lang, lerr := parseLang(r.URL.Query().Get("lang"))
	if lerr != nil || lang == "" {
		lang = "en"
	}
	tr := uiStrings(lang)
	data := errorPage{Status: status, Message: msg, RequestID: requestID(r.Context())}
	switch status {
	case http.StatusNotFound:
		data.Title, data.Text = tr["notFoundTitle"], tr["notFoundText"]
	case http.StatusBadRequest:
		data.Title, data.Text = tr["badRequestTitle"], tr["badRequestText"]
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

type errorPage struct {
	Meta
	Status    int
	Title     string
	Text      string
	Message   string
	RequestID string
}
