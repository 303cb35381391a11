package app

import (
	"context"
	"net/http"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/metrics"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/web"
	"github.com/dateline-news/dateline/internal/wire"
)

// embargoHorizon is how far ahead the embargo-queue gauge looks.
const embargoHorizon = 100 * 365 * 24 * time.Hour

// observe registers the collectors read at scrape time.
func observe(m *metrics.Metrics, st Store, site *web.Server, wr *wire.Wire, logins *auth.Authenticator) {
	cache := func(f func(web.CacheStats) float64) func() float64 {
		return func() float64 { return f(site.CacheStats()) }
	}
	hashing := func(f func(auth.HashStats) float64) func() float64 {
		return func() float64 { return f(logins.HashStats()) }
	}
	m.Register(
		metrics.Counter("dateline_page_cache_hits_total", "Page cache lookups that found a response.", cache(func(s web.CacheStats) float64 { return float64(s.Hits) })),
		metrics.Counter("dateline_page_cache_misses_total", "Page cache lookups that had to render.", cache(func(s web.CacheStats) float64 { return float64(s.Misses) })),
		metrics.Counter("dateline_page_cache_evictions_total", "Responses pushed out of the page cache by newer ones.", cache(func(s web.CacheStats) float64 { return float64(s.Evictions) })),
		metrics.Gauge("dateline_page_cache_bytes", "Bytes held by the page cache.", cache(func(s web.CacheStats) float64 { return float64(s.Bytes) })),
		metrics.Gauge("dateline_page_cache_max_bytes", "The page cache's bound.", cache(func(s web.CacheStats) float64 { return float64(s.MaxBytes) })),
		metrics.Gauge("dateline_page_cache_entries", "Responses in the page cache.", cache(func(s web.CacheStats) float64 { return float64(s.Entries) })),
		metrics.Gauge("dateline_stream_connections", "Open wire streams (GET /api/v1/stream).", func() float64 { return float64(wr.Streams()) }),
		metrics.Gauge("dateline_login_hashes_in_flight", "Password hashes running now.", hashing(func(s auth.HashStats) float64 { return float64(s.InFlight) })),
		metrics.Counter("dateline_login_busy_total", "Logins refused with 503 because too many hashes were running or waiting.", hashing(func(s auth.HashStats) float64 { return float64(s.Busy) })),
		metrics.Counter("dateline_login_throttled_total", "Logins refused with 429 by the per-account and per-client throttle.", hashing(func(s auth.HashStats) float64 { return float64(s.Throttled) })),
		metrics.Collect("dateline_embargo_queue", "Stories scheduled under embargo; due=\"true\" counts those whose time has come and that are not released yet.",
			[]string{"due"}, func(ctx context.Context) []metrics.Sample {
				now := time.Now()
				all, err1 := st.DueEmbargoes(ctx, now.Add(embargoHorizon))
				due, err2 := st.DueEmbargoes(ctx, now.Add(-5*time.Second))
				if err1 != nil || err2 != nil {
					return nil
				}
				return []metrics.Sample{{Labels: []string{"false"}, Value: float64(len(all) - len(due))}, {Labels: []string{"true"}, Value: float64(len(due))}}
			}),
		metrics.Collect("dateline_webhook_backlog_events", "Change-log events after what a subscriber's webhook has delivered (filtered-out events included).",
			[]string{"subscriber"}, webhookSamples(st, func(last int64, ws *store.WebhookState) float64 { return float64(max(last-ws.DeliveredSeq, 0)) })),
		metrics.Collect("dateline_webhook_failed_attempts", "Failed attempts in a row of a subscriber's webhook (0 after a success).",
			[]string{"subscriber"}, webhookSamples(st, func(_ int64, ws *store.WebhookState) float64 { return float64(ws.Attempts) })),
		metrics.Collect("dateline_webhook_delivered_total", "Events a subscriber's webhook has delivered.",
			[]string{"subscriber"}, webhookSamples(st, func(_ int64, ws *store.WebhookState) float64 { return float64(ws.DeliveredCount) })),
	)
	if p, ok := st.(interface{ Pools() []store.PoolStats }); ok {
		pool := func(f func(store.PoolStats) float64) func(context.Context) []metrics.Sample {
			return func(context.Context) []metrics.Sample {
				var out []metrics.Sample
				for _, s := range p.Pools() {
					out = append(out, metrics.Sample{Labels: []string{s.Name}, Value: f(s)})
				}
				return out
			}
		}
		m.Register(
			metrics.Collect("dateline_db_connections_in_use", "Database connections in use, by pool.", []string{"pool"}, pool(func(s store.PoolStats) float64 { return float64(s.InUse) })),
			metrics.Collect("dateline_db_connections_idle", "Idle database connections, by pool.", []string{"pool"}, pool(func(s store.PoolStats) float64 { return float64(s.Idle) })),
			metrics.Collect("dateline_db_connections_max", "The pool's bound on connections.", []string{"pool"}, pool(func(s store.PoolStats) float64 { return float64(s.Max) })),
			metrics.Collect("dateline_db_connection_waits", "Times a caller waited for a free connection, since the start.", []string{"pool"}, pool(func(s store.PoolStats) float64 { return float64(s.Waits) })),
		)
	}
}

func webhookSamples(st Store, value func(last int64, ws *store.WebhookState) float64) func(context.Context) []metrics.Sample {
	return func(ctx context.Context) []metrics.Sample {
		subs, err := st.ListSubscribers(ctx)
		if err != nil {
			return nil
		}
		last, err := st.LastSeq(ctx)
		if err != nil {
			return nil
		}
		var out []metrics.Sample
		for _, s := range subs {
			if s.WebhookURL == "" {
				continue
			}
			ws, err := st.WebhookState(ctx, s.ID)
			if err != nil {
				continue
			}
			out = append(out, metrics.Sample{Labels: []string{s.Name}, Value: value(last, ws)})
		}
		return out
	}
}

// metricsHandler serves /metrics to admin API tokens only.
// access answers 0 for an admin's token, 401 without a valid newsroom
// token, 403 for another account's token.
func metricsHandler(m *metrics.Metrics, access func(*http.Request) int) http.Handler {
	h := m.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch access(r) {
		case 0:
			h.ServeHTTP(w, r)
		case http.StatusForbidden:
			httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusForbidden,
				"/metrics needs an admin's API token; this token's account is not an admin (or serve metrics on a private address with --metrics-addr)"))
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="dateline metrics"`)
			httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusUnauthorized,
				"/metrics needs an admin's API token (Authorization: Bearer TOKEN); or serve it on a private address with --metrics-addr"))
		}
	})
}

// metricsServer serves only /metrics, without a token, on addr.
func metricsServer(m *metrics.Metrics) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
}
