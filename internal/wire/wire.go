// Package wire serves the change log to subscribers: pull with long
// polling (/api/v1/wire), single items (/api/v1/items/{id}), search, a
// Server-Sent Events stream (/api/v1/stream) and signed webhooks delivered
// by durable workers. Items are ninjs 3.1, ninjs 2.2 or NewsML-G2.
package wire

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/notify"
	"github.com/dateline-news/dateline/internal/store"
)

// Store is what the wire needs from an engine.
type Store interface {
	store.Stories
	store.Public
	store.Subscribers
}

// Config holds the wire's settings; zero fields take the defaults.
type Config struct {
	BaseURL string // site root, for item URIs
	Logger  *slog.Logger

	MaxWait      time.Duration // longest long poll; default 30s
	PollInterval time.Duration // re-read the log at least this often without a notification; default 2s
	Heartbeat    time.Duration // SSE comment line interval; default 15s
	WriteTimeout time.Duration // a stream write that takes longer drops the client; default 10s
	// Open streams (GET /api/v1/stream) allowed per subscriber key
	// (default 32) and in all (default 1024); beyond them 503 with
	// Retry-After.
	MaxStreamsPerKey int
	MaxStreams       int
	Window           int // recent events kept in memory; default 4096
	CacheSize        int // rendered versions kept in memory; default 4096

	WebhookTimeout time.Duration   // per POST; default 10s
	WebhookRetry   []time.Duration // backoff schedule; the last step repeats; default DefaultRetry
	WebhookLease   time.Duration   // lease per endpoint; default 1m
	WebhookScan    time.Duration   // how often Run looks for new or changed webhooks; default 5s
	NodeID         string          // lease owner name; default hostname-pid
	// Webhooks says which addresses webhooks may reach; the zero value
	// refuses every internal one.
	Webhooks WebhookPolicy

	// AdminAuth allows a request to the admin API and names the account
	// making it (for the audit log); nil refuses them all.
	AdminAuth func(r *http.Request) (user string, ok bool)
}

// DefaultRetry is the default webhook backoff: about 31 hours before the
// last step, which then repeats until an admin steps in.
var DefaultRetry = []time.Duration{
	10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute,
	30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 8 * time.Hour, 8 * time.Hour,
}

// Limits of the pull API.
const (
	DefaultLimit = 50
	MaxLimit     = 500
	maxScan      = 10000 // events examined per request before answering with more=true
)

// Wire is the subscriber API and the webhook delivery.
type Wire struct {
	cfg     Config
	st      Store
	hub     *notify.Hub
	log     *slog.Logger
	changes *changeLog
	hook    *http.Client
	streams streamCaps
	texts   textMemo
}

// New returns a Wire. Register mounts its routes; Run delivers webhooks.
func New(cfg Config, st Store, hub *notify.Hub) *Wire {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.MaxWait, 30*time.Second)
	def(&cfg.PollInterval, 2*time.Second)
	def(&cfg.Heartbeat, 15*time.Second)
	def(&cfg.WriteTimeout, 10*time.Second)
	def(&cfg.WebhookTimeout, 10*time.Second)
	def(&cfg.WebhookLease, time.Minute)
	def(&cfg.WebhookScan, 5*time.Second)
	if cfg.Window <= 0 {
		cfg.Window = 4096
	}
	if cfg.MaxStreamsPerKey <= 0 {
		cfg.MaxStreamsPerKey = 32
	}
	if cfg.MaxStreams <= 0 {
		cfg.MaxStreams = 1024
	}
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 4096
	}
	if len(cfg.WebhookRetry) == 0 {
		cfg.WebhookRetry = DefaultRetry
	}
	if cfg.NodeID == "" {
		host, _ := os.Hostname()
		cfg.NodeID = host + "-" + strconv.Itoa(os.Getpid())
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Wire{cfg: cfg, st: st, hub: hub, log: cfg.Logger, hook: cfg.Webhooks.client(cfg.WebhookTimeout),
		changes: newChangeLog(st, hub, cfg.PollInterval, cfg.Window, cfg.CacheSize, cfg.BaseURL)}
}

// route is one registered route, listed for the OpenAPI check.
type route struct {
	method, path string
	h            http.HandlerFunc
}

func (wr *Wire) routes() []route {
	return []route{
		{"GET", "/api/v1/wire", wr.handlePull},
		{"GET", "/api/v1/items/{id}", wr.handleItem},
		{"GET", "/api/v1/renditions/{file}", wr.handleRendition},
		{"GET", "/api/v1/stream", wr.handleStream},
		{"GET", "/api/v1/search", wr.handleSearch},
		{"GET", "/api/v1/openapi.json", wr.handleOpenAPI},
		{"GET", "/api/v1/admin/subscribers", wr.admin(wr.handleAdminList)},
		{"POST", "/api/v1/admin/subscribers", wr.admin(wr.handleAdminCreate)},
		{"GET", "/api/v1/admin/subscribers/{sid}", wr.admin(wr.handleAdminGet)},
		{"PATCH", "/api/v1/admin/subscribers/{sid}", wr.admin(wr.handleAdminPatch)},
		{"POST", "/api/v1/admin/subscribers/{sid}/rotate", wr.admin(wr.handleAdminRotate)},
		{"PUT", "/api/v1/admin/subscribers/{sid}/webhook", wr.admin(wr.handleAdminSetWebhook)},
		{"DELETE", "/api/v1/admin/subscribers/{sid}/webhook", wr.admin(wr.handleAdminDeleteWebhook)},
	}
}

// Register mounts the wire's routes on mux.
func (wr *Wire) Register(mux *http.ServeMux) {
	for _, r := range wr.routes() {
		mux.HandleFunc(r.method+" "+r.path, r.h)
	}
}

// subscriber is an authenticated request's subscriber and parsed filter.
type subscriber struct {
	*store.Subscriber
	filter *Filter
	// former are the rights the subscriber held before its current ones,
	// loaded on first need (see Wire.formerRights).
	former       []formerRights
	formerLoaded bool
}

// formerRights are rights a subscriber gave up, as a subscriber value
// entitledEvent judges with, and the last change-log position they may
// have been used for.
type formerRights struct {
	sub   *subscriber
	until int64
}

func unauthorized(w http.ResponseWriter, r *http.Request, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="dateline wire"`)
	httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusUnauthorized, detail))
}

// authenticate checks the Bearer key. It writes the 401 itself and
// returns nil when the key is missing, unknown, disabled or expired.
func (wr *Wire) authenticate(w http.ResponseWriter, r *http.Request) *subscriber {
	key, ok := httpx.BearerToken(r)
	if !ok {
		unauthorized(w, r, "send your subscriber key as Authorization: Bearer KEY")
		return nil
	}
	if !strings.HasPrefix(key, KeyPrefix) || len(key) > 200 {
		unauthorized(w, r, "this is not a Dateline subscriber key")
		return nil
	}
	s, err := wr.st.SubscriberByKeyHash(r.Context(), HashKey(key))
	if errors.Is(err, store.ErrNotFound) {
		unauthorized(w, r, "unknown subscriber key")
		return nil
	}
	if err != nil {
		wr.writeError(w, r, err)
		return nil
	}
	if !s.Enabled {
		unauthorized(w, r, "this subscriber is disabled")
		return nil
	}
	if s.ExpiresAt != nil && !s.ExpiresAt.After(time.Now()) {
		unauthorized(w, r, "this subscriber key has expired")
		return nil
	}
	f, err := ParseFilter(s.Filter)
	if err != nil {
		wr.writeError(w, r, err)
		return nil
	}
	return &subscriber{Subscriber: s, filter: f}
}

// writeError answers err as problem+json (httpx.ProblemFor); a 5xx is logged.
func (wr *Wire) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return // the client has gone
	}
	p := httpx.ProblemFor(err)
	if p.Status >= http.StatusInternalServerError {
		wr.log.Error("wire request failed", "path", r.URL.Path, "err", err)
	}
	httpx.WriteProblem(w, r, p)
}

func badParam(w http.ResponseWriter, r *http.Request, param, detail string) {
	httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusBadRequest, param+": "+detail,
		httpx.FieldProblem{Field: param, Detail: detail}))
}

// delivery is one event ready to send.
type delivery struct {
	seq     int64
	action  news.Action
	storyID string
	version int
	item    []byte // compact ninjs
}

// scan returns up to limit deliverable events after seq after for sub,
// and the position to continue from: past every event it examined,
// whether it passed the filter or not. more reports that it stopped
// before the end of the log.
func (wr *Wire) scan(ctx context.Context, sub *subscriber, after int64, limit int, p ninjs.Profile) (out []delivery, next int64, more bool, err error) {
	next = after
	scanned, textChecks := 0, 0
	for len(out) < limit {
		if scanned >= maxScan {
			return out, next, true, nil
		}
		evs, err := wr.changes.since(ctx, next, min(1000, max(limit*4, 100)))
		if err != nil {
			return nil, after, false, err
		}
		if len(evs) == 0 {
			return out, next, false, nil
		}
		killed, err := wr.killedAmong(ctx, evs)
		if err != nil {
			return nil, after, false, err
		}
		got := map[string]bool{} // stories sub was sent before, found in this batch
		for i := range evs {
			e := &evs[i]
			if sub.filter.needsText() && sub.filter.matchEvent(e) {
				if _, known := wr.texts.get(textKey(sub.filter, e)); !known {
					if textChecks >= maxTextChecks {
						return out, next, true, nil
					}
					textChecks++
				}
			}
			scanned++
			d, ok, err := wr.deliverable(ctx, sub, e, killed[e.StoryID], got, p)
			if err != nil {
				return nil, after, false, err
			}
			next = e.Seq
			if ok {
				got[e.StoryID] = true
				out = append(out, d)
				if len(out) == limit {
					return out, next, i < len(evs)-1, nil
				}
			}
		}
	}
	return out, next, true, nil
}

// deliverable decides whether sub receives event e and renders it: the
// version, or the canceled item when the story is killed now. got says
// which stories sub was sent earlier in this scan.
func (wr *Wire) deliverable(ctx context.Context, sub *subscriber, e *news.Event, killed bool, got map[string]bool, p ninjs.Profile) (delivery, bool, error) {
	if e.Quiet {
		return delivery{}, false, nil
	}
	// A picture's kill reaches every subscriber, whatever their filter: it
	// may have gone out to them as a story's lead picture, and a kill
	// notice carries no content.
	pictureKill := e.Action == news.ActionKill && wr.changes.isPicture(ctx, e.StoryID)
	ok, err := wr.entitledEvent(ctx, sub, e)
	if err != nil {
		return delivery{}, false, err
	}
	ok = ok || pictureKill
	if !ok && e.Version > 1 {
		// A later change of a story sub received: a recall or correction
		// reaches everyone who got any version, under any rights.
		if ok = got[e.StoryID]; !ok {
			if ok, err = wr.receivedBefore(ctx, sub, e.StoryID, e.Seq); err != nil {
				return delivery{}, false, err
			}
		}
		// But the text of a version still under embargo goes only to
		// subscribers with embargo access now (a recall carries none).
		if !sub.EmbargoAccess && (e.Status == news.StatusScheduled || e.Status == news.StatusDraft) {
			ok = false
		}
	}
	if !ok {
		return delivery{}, false, nil
	}
	var r *rendered
	if killed {
		r, err = wr.canceledItem(ctx, e.StoryID)
	} else {
		r, err = wr.changes.version(ctx, e.StoryID, e.Version)
	}
	if err != nil {
		return delivery{}, false, err
	}
	b, err := r.ninjs(ctx, wr.changes, p)
	if err != nil {
		return delivery{}, false, err
	}
	return delivery{seq: e.Seq, action: e.Action, storyID: e.StoryID, version: e.Version, item: b}, true, nil
}
