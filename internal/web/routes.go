package web

import "net/http"

// Register mounts every public route on m. All are open to anyone; none
// changes state. Paths no other part claims get the site's friendly 404.
func (s *Server) Register(m *http.ServeMux) {
	m.Handle("GET /{$}", s.cached(s.home))
	m.Handle("GET /news", s.cached(s.allNews))
	m.Handle("GET /news/{id}", s.cached(s.article))
	m.Handle("GET /news/{id}/{slug}", s.cached(s.article))
	m.Handle("GET /section/{name}", s.cached(s.sectionPage))
	m.Handle("GET /tag/{name}", s.cached(s.tagPage))
	m.Handle("GET /search", s.cached(s.search))
	m.Handle("GET /person/{slug}", s.cached(s.personPage))
	m.Handle("GET /place/{slug}", s.cached(s.placePage))
	m.Handle("GET /org/{slug}", s.cached(s.orgPage))
	m.Handle("GET /api/v1/quotes", http.HandlerFunc(s.quotes))

	m.Handle("GET /feeds/{file}", s.cached(s.feedAll))
	m.Handle("GET /feeds/section/{file}", s.cached(s.feedSection))
	m.Handle("GET /feeds/tag/{file}", s.cached(s.feedTag))

	m.Handle("GET /sitemap.xml", s.cached(s.sitemapIndex))
	m.Handle("GET /sitemaps/{file}", s.cached(s.sitemapPart))
	m.Handle("GET /sitemap-news.xml", s.cached(s.sitemapNews))
	m.Handle("GET /robots.txt", s.cached(s.robots))

	m.Handle("GET /assets/{file}", http.HandlerFunc(s.asset))
	m.Handle("GET /media/{file}", s.handle(s.media))
	m.Handle("GET /news/live", s.handle(s.live))
	for _, p := range []string{"/favicon.svg", "/favicon.ico", "/icon-192.png", "/icon-512.png", "/manifest.webmanifest"} {
		m.Handle("GET "+p, http.HandlerFunc(s.static))
	}
	m.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	m.Handle("GET /readyz", http.HandlerFunc(s.readyz))

	// Everything else is a friendly 404.
	m.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
}
