// Package web serves Dateline's public news site: pages, feeds, sitemaps,
// health checks and the middleware every response goes through. The app
// owns the mux: it mounts the site, the newsroom and the wire on it.
//
// Use:
//
//	site := web.New(web.Config{BaseURL: base, Logger: log, Ready: db.Ping}, db)
//	mux := http.NewServeMux()
//	site.Register(mux) // the site's routes and the friendly 404 for the rest
//	nr.Register(mux)   // more specific patterns win
//	srv := &http.Server{Handler: site.Middleware(mux), ...}
//	// after every public change (publish, update, correct, kill,
//	// withhold, embargo release):
//	site.InvalidateStory(v.StoryID) // or site.Invalidate() for everything
//
// Public pages are rendered once and kept in memory until they are
// invalidated (or five minutes at most), with an ETag, gzip and
// Cache-Control.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/formats/feeds"
	"github.com/dateline-news/dateline/internal/store"
)

// Config is what the site needs from the outside.
type Config struct {
	// BaseURL is the absolute URL the site is reached at
	// (https://news.example.org); it makes canonical URLs, feed ids and
	// sitemaps. Default http://127.0.0.1:8080.
	BaseURL string
	// SiteName is shown in the header and in feeds. Default "Dateline".
	SiteName string
	Logger   *slog.Logger
	// Now is the clock (tests pass a fixed one). Default time.Now.
	Now func() time.Time
	// Ready reports whether the app can serve (database reachable, ...);
	// /readyz answers 503 with its error. Nil means always ready.
	Ready func(ctx context.Context) error
	// PageSize is the number of stories on a list page. Default 20.
	PageSize int
	// CacheBytes bounds the in-memory page cache; the least recently used
	// responses go first. Default 64 MiB.
	CacheBytes int64
	// Site holds what editors manage: the menu's sections and the time
	// zone pages show times in. Nil: no menu sections, times in UTC.
	Site store.Site
	// Changed returns a channel closed at the next public change (a
	// notify.Hub's Changed); the live "All news" rail waits on it. Nil:
	// no live rail.
	Changed func() <-chan struct{}
	// MaxLiveStreams bounds the open live-rail streams; more are refused
	// with 503. Default 1000.
	MaxLiveStreams int
}

// Server is the public site.
type Server struct {
	cfg        Config
	pub        store.Public
	pics       store.Pictures // nil when the store keeps no pictures
	mediaCache mediaCache     // renditions of published pictures, dropped at every public change
	log        *slog.Logger
	pages      map[string]*template.Template
	css        asset
	files      map[string]staticFile
	cache      *pageCache
	lastMod    lastModified // keeps Last-Modified apart across changes within a second
	hsts       bool         // BaseURL is https: send Strict-Transport-Security

	mu         sync.Mutex
	derived    derivedCache  // managed sections and time zone: reread after Invalidate
	walkMu     sync.Mutex    // one archive walk at a time
	sitemapMax int           // URLs per sitemap; feeds.MaxSitemapURLs (tests make it small)
	derivedGen uint64        // bumped by Invalidate; results computed before it are dropped
	streams    chan struct{} // one token per open live-rail stream
	rail       railMemo
}

// New builds the site over the public store. It panics only if the
// embedded templates do not parse, which the tests catch.
func New(cfg Config, pub store.Public) *Server {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://127.0.0.1:8080"
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Dateline"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 20
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.MaxLiveStreams <= 0 {
		cfg.MaxLiveStreams = 1000
	}
	pics, _ := pub.(store.Pictures)
	s := &Server{
		pics:    pics,
		cfg:     cfg,
		pub:     pub,
		log:     cfg.Logger,
		pages:   mustParseTemplates(),
		css:     newCSSAsset(),
		files:   staticFiles(cfg.SiteName),
		streams: make(chan struct{}, cfg.MaxLiveStreams),
		cache:   newPageCache(cfg.CacheBytes),
		hsts:    strings.HasPrefix(strings.ToLower(cfg.BaseURL), "https://"),

		sitemapMax: feeds.MaxSitemapURLs,
	}
	return s
}

// Handler is the site alone on a mux of its own, with its middleware
// (request id, security headers, URL checks, panic recovery).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return s.Middleware(mux)
}

// Invalidate drops every cached page, feed and sitemap. Call it after
// every public change (publish, update, correct, kill, withhold, embargo
// release).
func (s *Server) Invalidate() {
	s.lastMod.changed()
	s.cache.clear()
	s.mediaCache.clear()
	s.resetDerived()
}

// InvalidateStory drops what a public change to story id may have
// changed: the story's article pages (any slug or query), every list-like
// response (home, All news, sections, tags, search, feeds, sitemaps,
// entity pages) and the article pages of other stories that show it (as
// a translation link or a related story). Other article pages stay
// cached. Call it after every public change of a story (publish, update,
// correct, kill, withhold, embargo release); Invalidate drops everything.
func (s *Server) InvalidateStory(id string) {
	s.lastMod.changed()
	s.cache.dropStory(id)
	s.mediaCache.clear() // the change may be a picture's kill or withholding
	s.resetDerived()
}

func (s *Server) resetDerived() {
	s.mu.Lock()
	s.derived = derivedCache{}
	s.derivedGen++
	s.mu.Unlock()
}

// CacheStats describes the page cache (for metrics).
func (s *Server) CacheStats() CacheStats { return s.cache.stats() }

func (s *Server) now() time.Time { return s.cfg.Now().UTC() }

func (s *Server) abs(path string) string { return s.cfg.BaseURL + path }
