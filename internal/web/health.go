package web

import (
	"errors"
	"net/http"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// ErrStarting is what a Ready func answers while the process still loads
// what it needs at start: not ready, and nothing worth a warning.
var ErrStarting = errors.New("still starting")

// readyz asks cfg.Ready; the reason for not being ready goes to the log,
// not to the caller.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(r.Context()); err != nil {
			if !errors.Is(err, ErrStarting) {
				s.log.Warn("not ready", "request_id", requestID(r.Context()), "err", err)
			}
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready\n"))
			return
		}
	}
	w.Write([]byte("ready\n"))
}

// robots allows everything public and points to the sitemaps.
func (s *Server) robots(r *http.Request) (*response, error) {
	body := "User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /newsroom/\nDisallow: /api/\n\n" +
		"Sitemap: " + s.abs("/sitemap.xml") + "\nSitemap: " + s.abs("/sitemap-news.xml") + "\n"
	return &response{ctype: "text/plain; charset=utf-8", body: []byte(body), maxAge: 3600}, nil
}
