package newsroom

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/storyjson"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

func (h *Handler) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if p := httpx.DecodeJSON(w, r, h.cfg.MaxBody, v); p != nil {
		return p
	}
	return nil
}

func (h *Handler) storyJSON(s *news.Story) storyjson.Story { return storyjson.From(s, h.cfg.BaseURL) }

// versionJSON is one entry of GET /api/v1/stories/{id}/versions.
type versionJSON struct {
	Version int             `json:"version"`
	Action  news.Action     `json:"action"`
	At      time.Time       `json:"at"`
	By      string          `json:"by,omitempty"`
	Note    string          `json:"note,omitempty"`
	Story   storyjson.Story `json:"story"`
}

func (h *Handler) apiCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in storyIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	s, err := in.apply(&news.Story{})
	if err != nil {
		return err
	}
	st, err := h.create(r.Context(), p, s, "api")
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/stories/"+st.ID)
	httpx.WriteJSON(w, http.StatusCreated, h.storyJSON(st))
	return nil
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request, p *principal) error {
	q := r.URL.Query()
	dq := store.DeskQuery{Status: news.Status(q.Get("status")), Section: q.Get("section"), Author: q.Get("author")}
	if dq.Status != "" && !dq.Status.Valid() {
		return errInvalid("status", fmt.Sprintf("%q is not one of draft, scheduled, published, withheld, killed", dq.Status))
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return errInvalid("limit", "must be a number from 1 to 500")
		}
		dq.Limit = n
	}
	list, err := h.stories.ListStories(r.Context(), dq)
	if err != nil {
		return err
	}
	out := make([]storyjson.Story, len(list))
	for i, s := range list {
		out[i] = h.storyJSON(s)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", fmt.Sprintf(`"r%d"`, s.Revision))
	httpx.WriteJSON(w, http.StatusOK, h.storyJSON(s))
	return nil
}

// baseOf takes the base revision a state change or edit is made against:
// the body's "revision", the If-Match header (the ETag "rN" a GET
// answered), or both, which must then agree. Without either (or with
// If-Match: *) the call acts on the current working copy, whatever it is.
func baseOf(r *http.Request, rev *int) (int, error) {
	base := 0
	if rev != nil {
		base = *rev
	}
	m := strings.TrimSpace(r.Header.Get("If-Match"))
	if m == "" || m == "*" {
		return base, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(strings.TrimPrefix(m, "W/"), `"`), "r"))
	if err != nil || !strings.HasPrefix(strings.Trim(strings.TrimPrefix(m, "W/"), `"`), "r") || n < 1 {
		return 0, httpx.NewProblem(http.StatusPreconditionFailed, fmt.Sprintf("If-Match %q: send the story's ETag (\"r12\") from a GET, or leave If-Match out", m))
	}
	if rev != nil && *rev != n {
		return 0, httpx.NewProblem(http.StatusPreconditionFailed, fmt.Sprintf("If-Match names revision %d but the body names revision %d; send one, or the same in both", n, *rev))
	}
	return n, nil
}

func (h *Handler) apiPut(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := checkEdit(p, cur); err != nil {
		return err
	}
	var in storyIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	if base == 0 {
		return errInvalid("revision", "is required: send the revision you edited, so that nobody's changes are overwritten")
	}
	s, err := in.apply(cur)
	if err != nil {
		return err
	}
	st, err := h.save(r.Context(), p, cur, base, s)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", fmt.Sprintf(`"r%d"`, st.Revision))
	httpx.WriteJSON(w, http.StatusOK, h.storyJSON(st))
	return nil
}

type publishIn struct {
	// EmbargoUntil absent keeps a scheduled story's embargo time (the new
	// version replaces the scheduled one); null or "" publishes now (lifts
	// the embargo); a time sets it.
	EmbargoUntil json.RawMessage `json:"embargo_until"`
	Revision     *int            `json:"revision"`
}

func (h *Handler) apiPublish(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var in publishIn
	if r.ContentLength != 0 {
		if err := h.decode(w, r, &in); err != nil {
			return err
		}
	}
	var embargo *time.Time
	keep := len(in.EmbargoUntil) == 0
	if !keep && string(in.EmbargoUntil) != "null" {
		var v string
		if err := json.Unmarshal(in.EmbargoUntil, &v); err != nil {
			return errInvalid("embargo_until", "must be an RFC 3339 time such as 2026-05-01T14:00:00Z, or null to publish now")
		}
		if embargo, err = parseEmbargo("embargo_until", v); err != nil {
			return err
		}
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	st, err := h.publish(r.Context(), p, cur, publish.Change{Base: base, KeepEmbargo: keep}, embargo)
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusOK, st)
	return nil
}

type correctIn struct {
	Note *string `json:"note"`
	storyIn
}

func (h *Handler) apiCorrect(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var in correctIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	if in.Note == nil || strings.TrimSpace(*in.Note) == "" {
		return errInvalid("note", "a correction needs a note that readers will see")
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	c := publish.Change{Base: base}
	if in.hasContent() {
		if c.Content, err = in.apply(cur); err != nil {
			return err
		}
	}
	st, err := h.correct(r.Context(), p, cur, c, *in.Note)
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusOK, st)
	return nil
}

type killIn struct {
	Reason   *string `json:"reason"` // internal: the audit log only
	Notice   *string `json:"notice"` // public; default news.DefaultKillNotice
	Revision *int    `json:"revision"`
}

func (h *Handler) apiKill(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var in killIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	if in.Reason == nil {
		in.Reason = new(string)
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	if in.Notice == nil {
		in.Notice = new(string)
	}
	st, err := h.kill(r.Context(), p, cur, base, *in.Reason, *in.Notice)
	if err != nil {
		return err
	}
	h.writeItem(w, http.StatusOK, st)
	return nil
}

type withholdIn struct {
	Reason   *string `json:"reason"`
	Revision *int    `json:"revision"`
}

func (h *Handler) apiWithhold(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	var in withholdIn
	if err := h.decode(w, r, &in); err != nil {
		return err
	}
	if in.Reason == nil || strings.TrimSpace(*in.Reason) == "" {
		return errInvalid("reason", "say why the story is withheld (for the audit log and the desk)")
	}
	base, err := baseOf(r, in.Revision)
	if err != nil {
		return err
	}
	st, err := h.withhold(r.Context(), p, cur, base, *in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, h.storyJSON(st))
	return nil
}

type revisionIn struct {
	Revision *int `json:"revision"`
}

// storyAndBase loads the story a state change names and the revision it
// acts on, from an optional {"revision": N} body or If-Match.
func (h *Handler) storyAndBase(w http.ResponseWriter, r *http.Request) (*news.Story, int, error) {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, 0, err
	}
	var in revisionIn
	if r.ContentLength != 0 {
		if err := h.decode(w, r, &in); err != nil {
			return nil, 0, err
		}
	}
	base, err := baseOf(r, in.Revision)
	return cur, base, err
}

// apiRelease serves POST /api/v1/stories/{id}/release: a withheld story
// is usable again, as it was when withheld.
func (h *Handler) apiRelease(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, base, err := h.storyAndBase(w, r)
	if err != nil {
		return err
	}
	st, err := h.reinstate(r.Context(), p, cur, base)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, h.storyJSON(st))
	return nil
}

// apiDiscard serves POST /api/v1/stories/{id}/discard: the working copy
// goes back to the latest public (or scheduled) version.
func (h *Handler) apiDiscard(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, base, err := h.storyAndBase(w, r)
	if err != nil {
		return err
	}
	st, err := h.discard(r.Context(), p, cur, base)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", fmt.Sprintf(`"r%d"`, st.Revision))
	httpx.WriteJSON(w, http.StatusOK, h.storyJSON(st))
	return nil
}

func (h *Handler) apiVersions(w http.ResponseWriter, r *http.Request, p *principal) error {
	cur, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	vs, err := h.stories.Versions(r.Context(), cur.ID)
	if err != nil {
		return err
	}
	out := make([]versionJSON, len(vs))
	for i, v := range vs {
		out[i] = versionJSON{Version: v.Number, Action: v.Action, At: v.At, By: v.By, Note: v.Note, Story: h.storyJSON(&v.Story)}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}
