package wire

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/store"
)

// admin guards an admin handler with Config.AdminAuth.
func (wr *Wire) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var user string
		ok := false
		if wr.cfg.AdminAuth != nil {
			user, ok = wr.cfg.AdminAuth(r)
		}
		if !ok {
			httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusForbidden, "the subscriber admin API needs an admin account's API token (Authorization: Bearer TOKEN, made with `dateline token add USER`); a newsroom session cookie is not accepted here"))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if user == "" {
			user = "admin API"
		}
		h(w, r.WithContext(store.WithActor(r.Context(), user)))
	}
}

// SubscriberInfo is a subscriber as the admin API shows it: never its key.
type SubscriberInfo struct {
	ID            int64        `json:"id"`
	Name          string       `json:"name"`
	KeyHint       string       `json:"key_hint"`
	Enabled       bool         `json:"enabled"`
	EmbargoAccess bool         `json:"embargo_access"`
	Filter        string       `json:"filter"`
	WebhookURL    string       `json:"webhook_url,omitempty"`
	CreatedAt     time.Time    `json:"created_at"`
	ExpiresAt     *time.Time   `json:"expires_at,omitempty"`
	Webhook       *WebhookInfo `json:"webhook,omitempty"`
	Key           string       `json:"key,omitempty"`            // only when just created or rotated
	WebhookSecret string       `json:"webhook_secret,omitempty"` // only when just set
}

// WebhookInfo is the delivery status of a webhook.
type WebhookInfo struct {
	DeliveredUpTo  string     `json:"delivered_up_to"` // cursor
	DeliveredCount int64      `json:"delivered_count"`
	Attempts       int        `json:"failed_attempts"`
	LastError      string     `json:"last_error,omitempty"`
	LastAttemptAt  *time.Time `json:"last_attempt_at,omitempty"`
	LastSuccessAt  *time.Time `json:"last_success_at,omitempty"`
	NextAttemptAt  *time.Time `json:"next_attempt_at,omitempty"`
	LeaseOwner     string     `json:"lease_owner,omitempty"`
}

func (wr *Wire) info(r *http.Request, s *store.Subscriber) (*SubscriberInfo, error) {
	in := &SubscriberInfo{ID: s.ID, Name: s.Name, KeyHint: s.KeyHint, Enabled: s.Enabled, EmbargoAccess: s.EmbargoAccess,
		Filter: s.Filter, WebhookURL: s.WebhookURL, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
	if s.WebhookURL == "" {
		return in, nil
	}
	ws, err := wr.st.WebhookState(r.Context(), s.ID)
	if errors.Is(err, store.ErrNotFound) {
		return in, nil
	}
	if err != nil {
		return nil, err
	}
	in.Webhook = &WebhookInfo{DeliveredUpTo: EncodeCursor(ws.DeliveredSeq), DeliveredCount: ws.DeliveredCount,
		Attempts: ws.Attempts, LastError: ws.LastError, LastAttemptAt: ws.LastAttemptAt, LastSuccessAt: ws.LastSuccessAt}
	if !ws.NextAttemptAt.IsZero() && ws.NextAttemptAt.Unix() > 0 {
		t := ws.NextAttemptAt
		in.Webhook.NextAttemptAt = &t
	}
	if ws.LeaseUntil.After(time.Now()) {
		in.Webhook.LeaseOwner = ws.LeaseOwner
	}
	return in, nil
}

// storeError answers err, naming the field of a bad name or filter.
func (wr *Wire) storeError(w http.ResponseWriter, r *http.Request, err error) {
	var fe *FilterError
	var ne *NameError
	switch {
	case errors.As(err, &ne):
		err = httpx.NewProblem(http.StatusUnprocessableEntity, err.Error(), httpx.FieldProblem{Field: "name", Detail: ne.Reason})
	case errors.As(err, &fe):
		err = httpx.NewProblem(http.StatusUnprocessableEntity, err.Error(), httpx.FieldProblem{Field: "filter", Detail: fe.Error()})
	}
	wr.writeError(w, r, err)
}

func (wr *Wire) pathSubscriber(w http.ResponseWriter, r *http.Request) *store.Subscriber {
	id, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil || id <= 0 {
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusNotFound, "no such subscriber"))
		return nil
	}
	s, err := wr.st.Subscriber(r.Context(), id)
	if err != nil {
		wr.storeError(w, r, err)
		return nil
	}
	return s
}

func (wr *Wire) handleAdminList(w http.ResponseWriter, r *http.Request) {
	subs, err := wr.st.ListSubscribers(r.Context())
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	out := []*SubscriberInfo{}
	for _, s := range subs {
		in, err := wr.info(r, s)
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		out = append(out, in)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"subscribers": out})
}

func (wr *Wire) handleAdminCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name          string `json:"name"`
		EmbargoAccess bool   `json:"embargo_access"`
		Filter        string `json:"filter"`
	}
	if p := httpx.DecodeJSON(w, r, 64<<10, &in); p != nil {
		httpx.WriteProblem(w, r, p)
		return
	}
	s, key, err := addSubscriber(r.Context(), wr.st, in.Name, in.EmbargoAccess, in.Filter, time.Now())
	if err != nil {
		wr.storeError(w, r, err)
		return
	}
	info, err := wr.info(r, s)
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	info.Key = key
	httpx.WriteJSON(w, http.StatusCreated, info)
}

func (wr *Wire) handleAdminGet(w http.ResponseWriter, r *http.Request) {
	s := wr.pathSubscriber(w, r)
	if s == nil {
		return
	}
	info, err := wr.info(r, s)
	if err != nil {
		wr.writeError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, info)
}

func (wr *Wire) handleAdminPatch(w http.ResponseWriter, r *http.Request) {
	s := wr.pathSubscriber(w, r)
	if s == nil {
		return
	}
	var in struct {
		Enabled       *bool   `json:"enabled"`
		EmbargoAccess *bool   `json:"embargo_access"`
		Filter        *string `json:"filter"`
	}
	if p := httpx.DecodeJSON(w, r, 64<<10, &in); p != nil {
		httpx.WriteProblem(w, r, p)
		return
	}
	if in.Filter != nil {
		if _, err := ParseFilter(*in.Filter); err != nil {
			wr.storeError(w, r, err)
			return
		}
		s.Filter = *in.Filter
	}
	if in.Enabled != nil {
		s.Enabled = *in.Enabled
	}
	if in.EmbargoAccess != nil {
		s.EmbargoAccess = *in.EmbargoAccess
	}
	ctx := store.WithAudit(r.Context(), &store.AuditEntry{Action: "subscriber-update",
		Detail: fmt.Sprintf("%s: enabled %v, embargo access %v, filter %q", s.Name, s.Enabled, s.EmbargoAccess, s.Filter)})
	if err := wr.st.UpdateSubscriber(ctx, s); err != nil {
		wr.storeError(w, r, err)
		return
	}
	wr.handleAdminGet(w, r)
}

func (wr *Wire) handleAdminRotate(w http.ResponseWriter, r *http.Request) {
	s := wr.pathSubscriber(w, r)
	if s == nil {
		return
	}
	key, err := RotateKey(r.Context(), wr.st, s.ID)
	if err != nil {
		wr.storeError(w, r, err)
		return
	}
	info := wr.reloadInfo(w, r, s.ID)
	if info == nil {
		return
	}
	info.Key = key
	httpx.WriteJSON(w, http.StatusOK, info)
}

func (wr *Wire) handleAdminSetWebhook(w http.ResponseWriter, r *http.Request) {
	s := wr.pathSubscriber(w, r)
	if s == nil {
		return
	}
	var in struct {
		URL  string `json:"url"`
		From string `json:"from"` // "now" (default), "start" or a cursor
	}
	if p := httpx.DecodeJSON(w, r, 64<<10, &in); p != nil {
		httpx.WriteProblem(w, r, p)
		return
	}
	if err := wr.cfg.Webhooks.CheckURL(r.Context(), in.URL); err != nil {
		httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusUnprocessableEntity, err.Error(), httpx.FieldProblem{Field: "url", Detail: err.Error()}))
		return
	}
	var from int64
	switch in.From {
	case "", "now":
		last, err := wr.st.LastSeq(r.Context())
		if err != nil {
			wr.writeError(w, r, err)
			return
		}
		from = last
	case "start":
	default:
		seq, err := DecodeCursor(in.From)
		if err != nil {
			httpx.WriteProblem(w, r, httpx.NewProblem(http.StatusUnprocessableEntity, "from: "+err.Error(), httpx.FieldProblem{Field: "from", Detail: `use "now", "start" or a cursor`}))
			return
		}
		from = seq
	}
	secret, err := SetWebhook(r.Context(), wr.st, s.ID, in.URL, from, wr.cfg.Webhooks)
	if err != nil {
		wr.storeError(w, r, err)
		return
	}
	info := wr.reloadInfo(w, r, s.ID)
	if info == nil {
		return
	}
	info.WebhookSecret = secret
	httpx.WriteJSON(w, http.StatusOK, info)
}

func (wr *Wire) handleAdminDeleteWebhook(w http.ResponseWriter, r *http.Request) {
	s := wr.pathSubscriber(w, r)
	if s == nil {
		return
	}
	if _, err := SetWebhook(r.Context(), wr.st, s.ID, "", 0, wr.cfg.Webhooks); err != nil {
		wr.storeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reloadInfo reads subscriber id again after a change and describes it;
// on failure it answers 500 and returns nil.
func (wr *Wire) reloadInfo(w http.ResponseWriter, r *http.Request, id int64) *SubscriberInfo {
	s, err := wr.st.Subscriber(r.Context(), id)
	if err == nil {
		var info *SubscriberInfo
		if info, err = wr.info(r, s); err == nil {
			return info
		}
	}
	wr.writeError(w, r, err)
	return nil
}
