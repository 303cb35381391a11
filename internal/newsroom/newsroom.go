// Package newsroom is where journalists work: the newsroom web UI under
// /newsroom/ (server-rendered, a small progressive script for autosave and
// the dateline preview) and the newsroom JSON API under /api/v1/stories.
// Both use the use cases of package publish and the accounts of package
// auth; every change is written to the audit log.
//
//	nr := newsroom.New(newsroom.Config{BaseURL: base, Logger: log}, svc, db, db)
//	nr.Register(mux) // next to site.Register(mux); the app owns mux
package newsroom

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/*
var assetFS embed.FS

// Config is what the newsroom needs from the outside.
type Config struct {
	// BaseURL is where the site is reached (https://news.example.org). It
	// makes story URLs absolute; with https the session cookie is Secure.
	BaseURL string
	Logger  *slog.Logger
	Now     func() time.Time // default time.Now
	// SessionTTL is how long a login lasts. Default 12 hours.
	SessionTTL time.Duration
	// MaxBody bounds request bodies. Default 1 MiB.
	MaxBody int64
	// Auth tunes login limits; its Now and SessionTTL are taken from here.
	Auth auth.Config
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (login throttling counts per client). Empty: none; the
	// peer's address is the client.
	TrustedProxies httpx.Proxies
}

// Handler serves the newsroom UI and API.
type Handler struct {
	cfg     Config
	svc     *publish.Service
	stories store.Stories
	acc     store.Accounts
	auth    *auth.Authenticator
	log     *slog.Logger
	pages   map[string]*template.Template
	secure  bool

	pics  *publish.Pictures // nil: no picture uploads
	blobs store.Pictures

	assistMu sync.RWMutex
	assist   Assist
}

// New builds the newsroom. svc must run over stories. It panics only if
// the embedded templates do not parse, which the tests catch.
func New(cfg Config, svc *publish.Service, stories store.Stories, acc store.Accounts) *Handler {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://127.0.0.1:8080"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	ac := cfg.Auth
	ac.Now, ac.SessionTTL = cfg.Now, cfg.SessionTTL
	h := &Handler{cfg: cfg, svc: svc, stories: stories, acc: acc, auth: auth.New(acc, ac), log: cfg.Logger,
		secure: strings.HasPrefix(cfg.BaseURL, "https://")}
	h.pages = parseTemplates()
	return h
}

// Authenticator is the newsroom's login and token checker.
func (h *Handler) Authenticator() *auth.Authenticator { return h.auth }

func (h *Handler) now() time.Time { return h.cfg.Now().UTC() }

// Register adds the newsroom's routes to mux. The permission each route
// needs is in the table; story-level rules (a reporter edits only their
// own drafts) are checked in the handlers.
func (h *Handler) Register(mux *http.ServeMux) {
	// API: Authorization: Bearer TOKEN.
	api := func(pattern string, p auth.Permission, fn apiFunc) { mux.Handle(pattern, h.api(p, fn)) }
	api("POST /api/v1/stories", auth.PermCreate, h.apiCreate)
	api("GET /api/v1/stories", auth.PermCreate, h.apiList)
	api("GET /api/v1/stories/{id}", auth.PermCreate, h.apiGet)
	api("PUT /api/v1/stories/{id}", auth.PermEditOwnDraft, h.apiPut)
	api("POST /api/v1/stories/{id}/publish", auth.PermPublish, h.apiPublish)
	api("POST /api/v1/stories/{id}/correct", auth.PermCorrect, h.apiCorrect)
	api("POST /api/v1/stories/{id}/kill", auth.PermKill, h.apiKill)
	api("POST /api/v1/stories/{id}/withhold", auth.PermKill, h.apiWithhold)
	api("POST /api/v1/stories/{id}/release", auth.PermKill, h.apiRelease)
	api("POST /api/v1/stories/{id}/discard", auth.PermEditOwnDraft, h.apiDiscard)
	api("GET /api/v1/stories/{id}/versions", auth.PermCreate, h.apiVersions)
	api("GET /api/v1/stories/{id}/checks", auth.PermCreate, h.apiChecks)
	mux.Handle("POST /api/v1/account/password", h.inLoginLane(h.api("", h.apiPassword)))
	api("/api/v1/stories/", "", h.apiNoRoute)
	if h.pics != nil {
		api("POST /api/v1/pictures", auth.PermCreate, h.apiPictureUpload)
		api("GET /api/v1/pictures", auth.PermCreate, h.apiPictureList)
		api("GET /api/v1/pictures/{id}", auth.PermCreate, h.apiPictureGet)
		api("PUT /api/v1/pictures/{id}", auth.PermEditOwnDraft, h.apiPicturePut)
		api("POST /api/v1/pictures/{id}/publish", auth.PermPublish, h.onPicture(h.apiPublish))
		api("POST /api/v1/pictures/{id}/correct", auth.PermCorrect, h.onPicture(h.apiCorrect))
		api("POST /api/v1/pictures/{id}/kill", auth.PermKill, h.onPicture(h.apiKill))
		api("GET /api/v1/pictures/{id}/versions", auth.PermCreate, h.onPicture(h.apiVersions))
		api("/api/v1/pictures/", "", h.apiNoRoute)
	}

	// UI: session cookie; every POST checks the session's CSRF token.
	mux.Handle("GET /newsroom/login", h.public(h.loginPage))
	mux.Handle("POST /newsroom/login", h.inLoginLane(h.public(h.loginSubmit)))
	mux.Handle("GET /newsroom/assets/{file}", http.HandlerFunc(h.asset))
	ui := func(pattern string, p auth.Permission, fn pageFunc) { mux.Handle(pattern, h.page(p, fn)) }
	ui("POST /newsroom/logout", "", h.logout)
	ui("GET "+passwordPath, "", h.passwordPage)
	mux.Handle("POST "+passwordPath, h.inLoginLane(h.page("", h.passwordSubmit)))
	ui("GET /newsroom/{$}", auth.PermCreate, h.desk)
	ui("GET /newsroom/new", auth.PermCreate, h.newStory)
	ui("POST /newsroom/new", auth.PermCreate, h.createStory)
	ui("GET /newsroom/paste", auth.PermCreate, h.pastePage)
	ui("POST /newsroom/paste", auth.PermCreate, h.pasteSubmit)
	ui("GET /newsroom/dateline", auth.PermCreate, h.datelinePreview)
	ui("GET /newsroom/stories/{id}", auth.PermCreate, h.editor)
	ui("POST /newsroom/stories/{id}", auth.PermEditOwnDraft, h.editorSubmit)
	ui("GET /newsroom/stories/{id}/preview", auth.PermCreate, h.preview)
	ui("GET /newsroom/stories/{id}/versions", auth.PermCreate, h.versions)
	if h.pics != nil {
		ui("GET /newsroom/pictures", auth.PermCreate, h.picturesDesk)
		ui("POST /newsroom/pictures", auth.PermCreate, h.pictureUpload)
		ui("GET /newsroom/pictures/{id}", auth.PermCreate, h.picturePage)
		ui("POST /newsroom/pictures/{id}", auth.PermEditOwnDraft, h.pictureSubmit)
		ui("GET /newsroom/pictures/{id}/file/{file}", auth.PermCreate, h.newsroomFile)
	}
	ui("GET /newsroom/audit", auth.PermViewAudit, h.auditPage)
	ui("GET /newsroom/tokens", auth.PermOwnTokens, h.tokensPage)
	ui("POST /newsroom/tokens", auth.PermOwnTokens, h.tokenCreate)
	ui("POST /newsroom/tokens/{id}/revoke", auth.PermOwnTokens, h.tokenRevoke)
	ui("GET /newsroom/accounts", auth.PermManageAccounts, h.accountsPage)
	ui("POST /newsroom/accounts", auth.PermManageAccounts, h.accountCreate)
	ui("POST /newsroom/accounts/{id}", auth.PermManageAccounts, h.accountUpdate)
	ui("POST /newsroom/accounts/{id}/unlock", auth.PermManageAccounts, h.accountUnlock)
	ui("POST /newsroom/accounts/{id}/reset", auth.PermManageAccounts, h.accountReset)
	ui("GET /newsroom/subscribers", auth.PermManageAccounts, h.subscribersPage)
	ui("POST /newsroom/subscribers", auth.PermManageAccounts, h.subscriberCreate)
	ui("POST /newsroom/subscribers/{id}", auth.PermManageAccounts, h.subscriberUpdate)
	ui("/newsroom/", "", func(w http.ResponseWriter, r *http.Request, p *principal) error {
		return errNotFound("there is no newsroom page at " + r.URL.Path)
	})
}

// principal is who makes a request.
type principal struct {
	user    *store.User
	session *store.Session // nil for an API token
}

func (p *principal) can(perm auth.Permission) bool { return auth.Can(p.user.Role, perm) }

func errNotFound(msg string) error  { return httpx.NewProblem(http.StatusNotFound, msg) }
func errForbidden(msg string) error { return httpx.NewProblem(http.StatusForbidden, msg) }
func errInvalid(field, msg string) error {
	return httpx.NewProblem(http.StatusUnprocessableEntity, field+": "+msg, httpx.FieldProblem{Field: field, Detail: msg})
}

// classify is httpx.ProblemFor as status, detail and fields.
func classify(err error) (int, string, []httpx.FieldProblem) {
	p := httpx.ProblemFor(err)
	return p.Status, p.Detail, p.Errors
}

func securityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
}

type apiFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

// api authenticates a Bearer token, checks perm and turns errors into
// problem+json.
func (h *Handler) api(perm auth.Permission, fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		p, err := h.bearer(r)
		if err == nil && p.user.MustChangePassword && r.URL.Path != "/api/v1/account/password" {
			err = errForbidden(auth.ErrMustChangePassword.Error())
		}
		if err == nil && perm != "" && !p.can(perm) {
			err = errForbidden(fmt.Sprintf("a %s may not do this (needs permission %s)", p.user.Role, perm))
		}
		if err == nil {
			err = fn(w, r.WithContext(store.WithActor(r.Context(), p.user.Name)), p)
		}
		if err != nil {
			h.writeProblem(w, r, err)
		}
	})
}

func (h *Handler) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, fields := classify(err)
	var rc *publish.RevisionConflict
	if errors.As(err, &rc) && ifMatchNamesRevision(r) {
		// The revision came from If-Match: HTTP's answer to a failed
		// precondition (RFC 9110, 13.1.1).
		status = http.StatusPreconditionFailed
	}
	if status >= http.StatusInternalServerError {
		h.log.Error("newsroom API", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dateline newsroom"`)
	}
	writeRetryAfter(w, err)
	httpx.WriteProblem(w, r, httpx.NewProblem(status, msg, fields...))
}

// ifMatchNamesRevision reports whether the request names a revision in
// If-Match (not "*").
func ifMatchNamesRevision(r *http.Request) bool {
	m := strings.TrimSpace(r.Header.Get("If-Match"))
	return m != "" && m != "*"
}

func (h *Handler) bearer(r *http.Request) (*principal, error) {
	token, ok := httpx.BearerToken(r)
	if !ok {
		return nil, httpx.NewProblem(http.StatusUnauthorized, "send Authorization: Bearer TOKEN (make a token with `dateline token add USER` or on the newsroom's token page)")
	}
	u, err := h.auth.Token(r.Context(), token)
	if err != nil {
		return nil, err
	}
	return &principal{user: u}, nil
}

func (h *Handler) apiNoRoute(w http.ResponseWriter, r *http.Request, p *principal) error {
	return errNotFound(fmt.Sprintf("no API route %s %s", r.Method, r.URL.Path))
}

// audit appends an entry; a failure is logged, not returned: the change
// it records is committed already.
func (h *Handler) audit(ctx context.Context, user, action, storyID, detail string) {
	if len(detail) > 500 {
		detail = detail[:500] + "…"
	}
	e := &store.AuditEntry{At: h.now(), User: user, Action: action, StoryID: storyID, Detail: detail}
	if err := h.acc.AppendAudit(ctx, e); err != nil {
		h.log.Error("audit log append failed", "action", action, "story", storyID, "err", err)
	}
}
