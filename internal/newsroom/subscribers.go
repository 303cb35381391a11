package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/wire"
)

// subscriberRow is one wire subscriber on the admin page with its webhook
// delivery state (nil without a webhook).
type subscriberRow struct {
	*store.Subscriber
	Webhook *store.WebhookState
}

type subscribersData struct {
	base
	Subscribers []subscriberRow
	// The create form, kept when it is shown again with an error.
	Name          string
	EmbargoAccess bool
	Filter        string
	// NewKey is a key just made (created or rotated), shown only once,
	// and KeyFor the subscriber it belongs to.
	NewKey string
	KeyFor string
}

var subscriberNotices = map[string]string{
	"enabled":  "Subscriber enabled.",
	"disabled": "Subscriber disabled: its key is refused and its webhook stops.",
}

// subscriberStore is the accounts store as store.Subscribers: the app
// passes one engine for every store, and both engines implement it.
func (h *Handler) subscriberStore() (store.Subscribers, error) {
	st, ok := h.acc.(store.Subscribers)
	if !ok {
		return nil, errNotFound("wire subscribers are not available: the accounts store does not keep them")
	}
	return st, nil
}

func (h *Handler) showSubscribers(w http.ResponseWriter, r *http.Request, p *principal, st store.Subscribers, status int, d subscribersData, err error) error {
	d.base = newBase(p, "Wire subscribers")
	if err != nil {
		if status = d.setError(err); status == http.StatusInternalServerError {
			return err
		}
	}
	if n, ok := subscriberNotices[r.URL.Query().Get("done")]; ok && err == nil && d.NewKey == "" {
		d.Notice = n
	}
	list, lerr := st.ListSubscribers(r.Context())
	if lerr != nil {
		return lerr
	}
	for _, s := range list {
		row := subscriberRow{Subscriber: s}
		if s.WebhookURL != "" {
			ws, werr := st.WebhookState(r.Context(), s.ID)
			if werr != nil && !errors.Is(werr, store.ErrNotFound) {
				return werr
			}
			row.Webhook = ws
		}
		d.Subscribers = append(d.Subscribers, row)
	}
	return h.render(w, status, "subscribers", d)
}

func (h *Handler) subscribersPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	st, err := h.subscriberStore()
	if err != nil {
		return err
	}
	return h.showSubscribers(w, r, p, st, http.StatusOK, subscribersData{}, nil)
}

// subscriberCreate adds a subscriber and shows its key once.
func (h *Handler) subscriberCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	st, err := h.subscriberStore()
	if err != nil {
		return err
	}
	d := subscribersData{Name: strings.TrimSpace(r.PostForm.Get("name")), EmbargoAccess: r.PostForm.Get("embargo_access") == "on",
		Filter: r.PostForm.Get("filter")}
	key, err := wire.AddSubscriber(r.Context(), st, d.Name, d.EmbargoAccess, d.Filter)
	if err != nil {
		var fe *wire.FilterError
		var ne *wire.NameError
		switch {
		case errors.As(err, &fe):
			err = errInvalid("filter", fmt.Sprintf("at character %d: %s", fe.Pos, fe.Msg))
		case errors.As(err, &ne):
			err = errInvalid("name", ne.Error())
		case errors.Is(err, store.ErrDuplicate):
			err = errInvalid("name", fmt.Sprintf("a subscriber named %q exists already", d.Name))
		}
		return h.showSubscribers(w, r, p, st, http.StatusUnprocessableEntity, d, err)
	}
	return h.showSubscribers(w, r, p, st, http.StatusOK, subscribersData{NewKey: key, KeyFor: d.Name}, nil)
}

// subscriberUpdate handles a row's buttons: op=enable, op=disable and
// op=rotate (which shows the new key once).
func (h *Handler) subscriberUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	st, err := h.subscriberStore()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound("no such subscriber")
	}
	s, err := st.Subscriber(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound(fmt.Sprintf("there is no subscriber %d", id))
		}
		return err
	}
	switch op := r.PostForm.Get("op"); op {
	case "enable", "disable":
		if err := wire.SetEnabled(r.Context(), st, id, op == "enable"); err != nil {
			return err
		}
		http.Redirect(w, r, "/newsroom/subscribers?done="+op+"d", http.StatusSeeOther)
		return nil
	case "rotate":
		key, err := wire.RotateKey(r.Context(), st, id)
		if err != nil {
			return err
		}
		return h.showSubscribers(w, r, p, st, http.StatusOK, subscribersData{NewKey: key, KeyFor: s.Name}, nil)
	default:
		return errInvalid("op", fmt.Sprintf("unknown action %q: want enable, disable or rotate", op))
	}
}
