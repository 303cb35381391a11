// Package app builds a running Dateline from a Config: it opens the store,
// loads demo content, and wires the publishing service, the site and the
// background jobs together. It is the one place that knows every part.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/config"
	"github.com/dateline-news/dateline/internal/copycheck"
	"github.com/dateline-news/dateline/internal/formats/storyjson"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/metrics"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/newsroom"
	"github.com/dateline-news/dateline/internal/notify"
	"github.com/dateline-news/dateline/internal/pictures"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/suggest"
	"github.com/dateline-news/dateline/internal/web"
	"github.com/dateline-news/dateline/internal/wire"
)

// Store is what an engine gives the application.
type Store interface {
	store.Store
	store.Accounts
	store.Subscribers
	store.Site
	importer.Sink
}

// OpenStore opens the engine a --db setting names.
func OpenStore(ctx context.Context, db string) (Store, error) {
	engine, loc, err := config.Engine(db)
	if err != nil {
		return nil, err
	}
	switch engine {
	case "sqlite":
		return sqlite.Open(ctx, loc)
	case "postgres":
		return postgres.Open(ctx, loc)
	}
	return nil, fmt.Errorf("--db %s: the %s engine is not available in this build", postgres.Redact(db), engine)
}

// StoryJSON is the contract's JSON shape of a story.
func StoryJSON(s *news.Story, baseURL string) storyjson.Story { return storyjson.From(s, baseURL) }

// Serve runs the server until ctx ends, then shuts down in order: HTTP
// first, then background jobs, then the database.
func Serve(ctx context.Context, cfg config.Config, stdout io.Writer, log *slog.Logger) error {
	// The collector runs when the heap has grown by half of what is live
	// (Go's default: all of it), unless GOGC says otherwise. A server's
	// garbage comes in bursts (crawlers, floods of logins); with the
	// default, a burst could grow the process by as much as it holds
	// (the word lists alone are some 60 MiB), and the memory is slow to go
	// back. Measured: the login floods of e2e TestLoginFlood with a reader
	// at 4,000 requests/s grew the process by 34 MiB instead of 80, with
	// the same throughput.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	// The word lists take a second or two to load: start at once, while
	// the database opens (a PostgreSQL that is down may take a while).
	dict := make(chan *copycheck.Dictionary, 1)
	go func() {
		dict <- copycheck.LoadDictionaries(copycheck.DefaultDictionaryDir, copycheck.DefaultDictionaries)
	}()
	st, err := OpenStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()

	gz, err := gazetteer.Load()
	if err != nil {
		return fmt.Errorf("loading the gazetteer: %w", err)
	}
	if cfg.Demo {
		n, err := LoadDemo(ctx, st, time.Now(), gz)
		if err != nil {
			return fmt.Errorf("loading demo content: %w", err)
		}
		if n > 0 {
			log.Info("demo content loaded", "stories", n)
		}
	}

	if err := auth.EnsureAdmin(ctx, st, stdout); err != nil {
		return fmt.Errorf("creating the first admin account: %w", err)
	}
	svc := publish.New(st, time.Now, log)
	svc.SetExtractor(publish.Extractor(gz))
	sugg := suggest.New(st, suggest.Options{}, log)
	svc.OnChange(sugg.OnChange)
	// Every committed public change wakes the hub; the hub drops cached
	// pages and wakes long polls and streams.
	hub := notify.New()
	// Ready once the word lists are loaded (below): they are most of the
	// memory the process takes at start, and a node that reports ready
	// should not grow by tens of MiB a moment later.
	var started atomic.Bool
	ready := func(ctx context.Context) error {
		if !started.Load() {
			return web.ErrStarting
		}
		return st.Ping(ctx)
	}
	site := web.New(web.Config{BaseURL: cfg.BaseURL, Logger: log, Now: time.Now, Ready: ready, CacheBytes: cfg.PageCacheBytes,
		Site: st, Changed: hub.Changed}, st)
	var accessLog *slog.Logger
	if cfg.AccessLog {
		accessLog = log
	}
	m := metrics.New(accessLog)
	svc.OnChange(func(v news.Version) { site.InvalidateStory(v.StoryID) })
	svc.OnChange(func(v news.Version) { hub.Notify(); m.Visible(v.At) })
	proxies, err := httpx.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	nr := newsroom.New(newsroom.Config{BaseURL: cfg.BaseURL, Logger: log, TrustedProxies: proxies}, svc, st, st)
	nr.SetPictures(publish.NewPictures(svc, st, pictures.DefaultLimits, true), st)
	mux := http.NewServeMux()
	site.Register(mux)
	nr.Register(mux)
	assist := newsroom.Assist{Suggester: sugg}
	nr.SetAssist(assist)
	authn := auth.New(st, auth.Config{})
	admin := adminToken(authn)
	wr := wire.New(wire.Config{BaseURL: cfg.BaseURL, Logger: log, AdminAuth: admin,
		Webhooks: wire.WebhookPolicy{AllowPrivate: cfg.AllowPrivateWebhooks}}, st, hub)
	wr.Register(mux)
	mux.Handle("GET /metrics", metricsHandler(m, func(r *http.Request) int {
		tok, ok := httpx.BearerToken(r)
		if !ok {
			return http.StatusUnauthorized
		}
		u, err := authn.Token(r.Context(), tok)
		switch {
		case err != nil:
			return http.StatusUnauthorized
		case u.Role != store.RoleAdmin:
			return http.StatusForbidden
		}
		return 0
	}))
	observe(m, st, site, wr, nr.Authenticator())

	jobs, stopJobs := context.WithCancel(context.Background())
	var bg sync.WaitGroup
	// Every change in the change log, whichever process made it (an
	// import on the same SQLite file, another node), drops the cached
	// pages that show its stories and wakes long polls and streams within
	// followInterval; with PostgreSQL, LISTEN wakes the follower at once.
	wake := make(chan struct{}, 1)
	bg.Add(1)
	go func() {
		defer bg.Done()
		follow(jobs, st, wake, followInterval, func(ids []string) {
			if ids == nil {
				site.Invalidate()
			}
			for _, id := range ids {
				site.InvalidateStory(id)
			}
			hub.Notify()
		}, log)
	}()
	if l, ok := st.(store.Listener); ok {
		bg.Add(1)
		go func() {
			defer bg.Done()
			notified := func(seq int64) {
				select {
				case wake <- struct{}{}:
				default:
				}
				if evs, err := st.Changes(jobs, seq-1, 1); err == nil && len(evs) == 1 {
					m.Visible(evs[0].At)
				}
			}
			if err := l.Listen(jobs, notified); err != nil && jobs.Err() == nil {
				log.Error("listening for changes from other nodes stopped", "err", err)
			}
		}()
	}
	bg.Add(4)
	go func() { defer bg.Done(); sugg.Run(jobs) }()
	go func() {
		// The word lists take a second or two to load; checks start
		// spelling as soon as they are there.
		defer bg.Done()
		a := assist
		select {
		case a.Dictionary = <-dict:
		case <-jobs.Done():
			return
		}
		nr.SetAssist(a)
		started.Store(true)
	}()
	go func() { defer bg.Done(); svc.RunReleaser(jobs, time.Second) }()
	go func() {
		defer bg.Done()
		if err := wr.Run(jobs); err != nil && jobs.Err() == nil {
			log.Error("webhook delivery stopped", "err", err)
		}
	}()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		stopJobs()
		bg.Wait()
		return err
	}
	srv := &http.Server{
		Handler:           site.Middleware(m.Wrap(mux)),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	var msrv *http.Server
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			stopJobs()
			bg.Wait()
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		msrv = metricsServer(m)
		go func() { _ = msrv.Serve(mln) }()
		defer msrv.Close()
	}
	fmt.Fprintf(stdout, "Dateline is running at %s (database %s)\n", cfg.BaseURL, postgres.Redact(cfg.DB))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	stopJobs()
	bg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// adminToken lets a request through when it carries the API token of an
// admin account.
func adminToken(a *auth.Authenticator) func(r *http.Request) (string, bool) {
	return func(r *http.Request) (string, bool) {
		tok, ok := httpx.BearerToken(r)
		if !ok {
			return "", false
		}
		u, err := a.Token(r.Context(), tok)
		if err != nil || u.Role != store.RoleAdmin {
			return "", false
		}
		return u.Name, true
	}
}
