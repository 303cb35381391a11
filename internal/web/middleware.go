package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/httpx"
)

type ctxKey int

const requestIDKey ctxKey = 0

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ContentSecurityPolicy is sent with every response: no inline scripts,
// styles only from our own origin, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// HSTS is the Strict-Transport-Security sent on every response when the
// site's base URL is https: a year, subdomains included. (TLS ends at a
// proxy in front of Dateline; the base URL says readers reach it by https.)
const HSTS = "max-age=31536000; includeSubDomains"

// Middleware gives each request an id, sets the security headers,
// refuses URLs that are not valid UTF-8 or whose query does not parse,
// and turns a panic into the 500 page (logged, never shown). The app
// wraps its whole mux in it.
func (s *Server) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		if s.hsts {
			h.Set("Strict-Transport-Security", HSTS)
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "request_id", id, "path", r.URL.Path, "panic", v)
				s.serveError(w, r, errInternal)
			}
		}()
		if err := checkURL(r.URL); err != nil {
			s.serveError(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errInternal = httpx.NewProblem(http.StatusInternalServerError, "")

func checkURL(u *url.URL) error {
	if !utf8.ValidString(u.Path) {
		return badRequest("The address is not valid UTF-8.")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return badRequest("The query string of the address is malformed.")
	}
	for k, vs := range q {
		if !utf8.ValidString(k) {
			return badRequest("The query string is not valid UTF-8.")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return badRequest("The query string is not valid UTF-8.")
			}
		}
	}
	return nil
}
