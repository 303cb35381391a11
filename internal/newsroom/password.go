package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/store"
)

// passwordPath is the change-your-password page; an account that must
// change its password is sent here from every other page.
const passwordPath = "/newsroom/password"

type passwordData struct {
	base
	Forced bool // the account must choose a new password before anything else
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return h.showPassword(w, p, http.StatusOK, nil)
}

func (h *Handler) showPassword(w http.ResponseWriter, p *principal, status int, err error) error {
	d := passwordData{base: newBase(p, "Change your password"), Forced: p.user.MustChangePassword}
	if err != nil {
		if status = d.setError(err); status == http.StatusInternalServerError {
			return err
		}
	}
	return h.render(w, status, "password", d)
}

// passwordSubmit changes the logged-in user's password. Every session of
// the account ends; this browser gets a fresh one.
func (h *Handler) passwordSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	next, again := r.PostForm.Get("new_password"), r.PostForm.Get("new_password_again")
	if next != again {
		return h.showPassword(w, p, http.StatusUnprocessableEntity, errInvalid("new_password_again", "the two new passwords differ"))
	}
	if err := h.changePassword(r, p, r.PostForm.Get("current_password"), next); err != nil {
		return h.showPassword(w, p, http.StatusUnprocessableEntity, err)
	}
	token, s, err := h.auth.StartSession(r.Context(), p.user)
	if err != nil {
		return err
	}
	h.setSessionCookie(w, token, s)
	http.Redirect(w, r, "/newsroom/?done=password", http.StatusSeeOther)
	return nil
}

// changePassword maps the auth errors to the form's fields.
func (h *Handler) changePassword(r *http.Request, p *principal, current, next string) error {
	err := h.auth.ChangePassword(r.Context(), p.user, current, next, h.clientIP(r))
	var pe *auth.PasswordError
	switch {
	case errors.As(err, &pe):
		return errInvalid("new_password", pe.Err.Error())
	case errors.Is(err, auth.ErrWrongPassword):
		return errInvalid("current_password", err.Error())
	}
	return err
}

type passwordIn struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// apiPassword is POST /api/v1/account/password: the token's user changes
// their password; their sessions end (API tokens stay).
func (h *Handler) apiPassword(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in passwordIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	if err := h.changePassword(r, p, in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) setSessionCookie(w http.ResponseWriter, token string, s *store.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/newsroom/", HttpOnly: true,
		Secure: h.secure, SameSite: http.SameSiteLaxMode, Expires: s.ExpiresAt})
}

// accountUnlock forgets an account's failed logins (admins only).
func (h *Handler) accountUnlock(w http.ResponseWriter, r *http.Request, p *principal) error {
	u, err := h.accountOf(r)
	if err != nil {
		return err
	}
	if err := h.auth.Unlock(r.Context(), u.Name, p.user.Name); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/accounts?done=unlocked", http.StatusSeeOther)
	return nil
}

// accountReset sets a new one-time password for an account (admins only)
// and shows it once; the account's sessions end.
func (h *Handler) accountReset(w http.ResponseWriter, r *http.Request, p *principal) error {
	u, err := h.accountOf(r)
	if err != nil {
		return err
	}
	pw, err := auth.ResetPassword(r.Context(), h.acc, u.Name, p.user.Name)
	if err != nil {
		return err
	}
	h.auth.Unlock(r.Context(), u.Name, p.user.Name) //nolint:errcheck // the reset stored the unlock already
	if u.ID == p.user.ID {
		// One's own reset ends one's own session too.
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return nil
	}
	return h.showAccounts(w, r, p, http.StatusOK, accountsData{NewName: u.Name, NewPassword: pw, Reset: true}, nil)
}

func (h *Handler) accountOf(r *http.Request) (*store.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNotFound("no such account")
	}
	u, err := h.acc.User(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound("no such account")
	}
	return u, err
}

// writeRetryAfter sets Retry-After for a throttled or busy login.
// inLoginLane runs next, a request that checks a password, in the login
// lane (auth.Lane): a few at a time, the others parked, so that a flood of
// them cannot keep readers' requests from the CPU. When too many wait, 503
// with Retry-After at once.
func (h *Handler) inLoginLane(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, leave, err := h.auth.Lane().Enter(r.Context())
		if err != nil {
			securityHeaders(w)
			writeRetryAfter(w, err)
			httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusServiceUnavailable, err.Error()))
			return
		}
		defer leave()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func writeRetryAfter(w http.ResponseWriter, err error) {
	if d := auth.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

func (h *Handler) clientIP(r *http.Request) string { return httpx.ClientIP(r, h.cfg.TrustedProxies) }
