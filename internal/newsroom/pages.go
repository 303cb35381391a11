package newsroom

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/store"
)

const (
	sessionCookie = "dateline_session"
	loginCookie   = "dateline_login" // double-submit CSRF token of the login form
)

// pageNames are the templates; each is parsed once with layout.html.
var pageNames = []string{"login", "desk", "editor", "paste", "preview", "versions", "audit", "tokens", "accounts", "subscribers", "error", "password", "pictures", "picture"}

func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{
		"when": func(v any) string {
			switch t := v.(type) {
			case time.Time:
				if t.IsZero() {
					return ""
				}
				return t.UTC().Format("2 Jan 2006 15:04 UTC")
			case *time.Time:
				if t == nil {
					return ""
				}
				return t.UTC().Format("2 Jan 2006 15:04 UTC")
			}
			return ""
		},
		"iso":       func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"hasPrefix": strings.HasPrefix,
		"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"status":    StatusLabel,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
		out[name] = t
	}
	return out
}

// base is what every page's data carries for the layout.
type base struct {
	Title  string
	User   *store.User
	CSRF   string
	Notice string
	Error  string
	Fields map[string]string // field name -> what is wrong with it
}

// Can reports whether the logged-in user has permission perm.
func (b base) Can(perm string) bool {
	return b.User != nil && auth.Can(b.User.Role, auth.Permission(perm))
}

func newBase(p *principal, title string) base {
	b := base{Title: title}
	if p != nil {
		b.User = p.user
		if p.session != nil {
			b.CSRF = p.session.CSRF
		}
	}
	return b
}

// setError fills Error and Fields from err, for a form shown again.
func (b *base) setError(err error) int {
	status, msg, fields := classify(err)
	if status == http.StatusInternalServerError {
		return status
	}
	b.Error = msg
	if status == http.StatusInsufficientStorage || status == http.StatusServiceUnavailable {
		b.Error += ". Your text is still in the form below: keep this page open, or copy it somewhere safe."
	}
	if len(fields) > 0 {
		b.Fields = map[string]string{}
		for _, f := range fields {
			b.Fields[f.Field] = f.Detail
		}
	}
	return status
}

// render executes a page into a buffer first, so a template error is a
// clean 500 and not half a page.
func (h *Handler) render(w http.ResponseWriter, status int, page string, data any) error {
	var buf bytes.Buffer
	if err := h.pages[page].Execute(&buf, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", httpx.RetryAfter)
	}
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
	return nil
}

type pageFunc func(w http.ResponseWriter, r *http.Request, p *principal) error

type errorPage struct {
	base
	Status  int
	Message string
}

func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, p *principal, err error) {
	status, msg, fields := classify(err)
	if status >= http.StatusInternalServerError {
		h.log.Error("newsroom page", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	for _, f := range fields {
		msg += " (" + f.Field + ": " + f.Detail + ")"
	}
	data := errorPage{base: newBase(p, http.StatusText(status)), Status: status, Message: msg}
	if rerr := h.render(w, status, "error", data); rerr != nil {
		h.log.Error("newsroom error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

// page requires a live session, checks the CSRF token of every POST and
// the permission, and shows errors as an HTML page.
func (h *Handler) page(perm auth.Permission, fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		var p *principal
		if c, err := r.Cookie(sessionCookie); err == nil {
			if s, u, err := h.auth.Session(r.Context(), c.Value); err == nil {
				p = &principal{user: u, session: s}
			} else if !errors.Is(err, auth.ErrUnauthorized) {
				h.renderError(w, r, nil, err)
				return
			}
		}
		if p == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/newsroom/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.renderError(w, r, nil, httpx.NewProblem(http.StatusUnauthorized, "Your session has expired or you are not logged in. Log in again; use the browser's Back button to recover what you typed."))
			return
		}
		if r.Method == http.MethodPost && isMultipart(r) {
			// Uploads bound their own size; the form's token comes in the
			// query string, as a multipart body is read only as it streams.
			if subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("csrf")), []byte(p.session.CSRF)) != 1 {
				h.renderError(w, r, p, errForbidden("the form's security token is missing or stale; reload the page and try again"))
				return
			}
		} else if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, h.cfg.MaxBody)
			if err := r.ParseForm(); err != nil {
				h.renderError(w, r, p, httpx.NewProblem(http.StatusRequestEntityTooLarge, "the form is too large or malformed"))
				return
			}
			if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(p.session.CSRF)) != 1 {
				h.renderError(w, r, p, errForbidden("the form's security token is missing or stale; reload the page and try again"))
				return
			}
		}
		if p.user.MustChangePassword && r.URL.Path != passwordPath && r.URL.Path != "/newsroom/logout" {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, passwordPath, http.StatusSeeOther)
				return
			}
			h.renderError(w, r, p, errForbidden(auth.ErrMustChangePassword.Error()))
			return
		}
		if perm != "" && !p.can(perm) {
			h.renderError(w, r, p, errForbidden(fmt.Sprintf("a %s may not open this page", p.user.Role)))
			return
		}
		if err := fn(w, r.WithContext(store.WithActor(r.Context(), p.user.Name)), p); err != nil {
			h.renderError(w, r, p, err)
		}
	})
}

func (h *Handler) public(fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		if err := fn(w, r); err != nil {
			h.renderError(w, r, nil, err)
		}
	})
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20", "?", "%3F", "=", "%3D").Replace(s)
}

// safeNext keeps a post-login redirect inside the newsroom.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/newsroom/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") && !strings.Contains(next, "/newsroom/login") {
		return next
	}
	return "/newsroom/"
}

type loginData struct {
	base
	Name  string
	Next  string
	Token string
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) error {
	return h.showLogin(w, r, http.StatusOK, "", r.URL.Query().Get("next"), "")
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, status int, name, next, msg string) error {
	tok := auth.NewToken("")
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/newsroom/login", HttpOnly: true,
		Secure: h.secure, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	d := loginData{base: newBase(nil, "Log in"), Name: name, Next: safeNext(next), Token: tok}
	d.Error = msg
	return h.render(w, status, "login", d)
}

func (h *Handler) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return httpx.NewProblem(http.StatusBadRequest, "the login form is malformed")
	}
	name, next := r.PostForm.Get("name"), r.PostForm.Get("next")
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 {
		return h.showLogin(w, r, http.StatusForbidden, name, next, "The login form expired. Please try again.")
	}
	name = auth.LoginName(name)
	token, s, u, err := h.auth.Login(r.Context(), name, r.PostForm.Get("password"), h.clientIP(r))
	switch {
	case errors.Is(err, auth.ErrRateLimited):
		writeRetryAfter(w, err)
		return h.showLogin(w, r, http.StatusTooManyRequests, name, next, err.Error())
	case errors.Is(err, auth.ErrBusy):
		writeRetryAfter(w, err)
		return h.showLogin(w, r, http.StatusServiceUnavailable, name, next, err.Error())
	case errors.Is(err, auth.ErrBadLogin):
		return h.showLogin(w, r, http.StatusUnauthorized, name, next, "Wrong account name or password.")
	case err != nil:
		return err
	}
	h.setSessionCookie(w, token, s)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: "", Path: "/newsroom/login", MaxAge: -1})
	if u.MustChangePassword {
		next = passwordPath
	}
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request, p *principal) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := h.auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.audit(r.Context(), p.user.Name, "logout", "", "")
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/newsroom/", MaxAge: -1, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
	return nil
}

func (h *Handler) asset(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w)
	name := path.Base(r.PathValue("file"))
	b, err := fs.ReadFile(assetFS, "assets/"+name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}
