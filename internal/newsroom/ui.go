package newsroom

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/wirecopy"
)

var notices = map[string]string{
	"created":    "Draft filed.",
	"saved":      "Saved.",
	"published":  "Published.",
	"scheduled":  "Scheduled: the story is under embargo.",
	"corrected":  "Correction published.",
	"killed":     "Story killed: every version is recalled from the site and from subscribers.",
	"withheld":   "Story withheld: off the site; subscribers were told to hold it.",
	"reinstated": "Story released: usable again.",
	"discarded":  "Unpublished changes discarded: the working copy is the public version again.",
	"pasted":     "Wire copy read into a new draft. Check the fields, then save.",
}

type deskData struct {
	base
	Section, Author string
	Drafts          []*news.Story
	Scheduled       []*news.Story
	Published       []*news.Story
	Withheld        []*news.Story
	Killed          []*news.Story
}

// StatusLabel says where a story stands, working copy included:
// "published · unpublished changes", "scheduled: version 2 · working copy
// has unpublished changes", "killed".
func StatusLabel(s *news.Story) string {
	label := string(s.Status)
	if s.Status == news.StatusScheduled {
		label = fmt.Sprintf("scheduled: version %d", s.Version)
	}
	if s.Unpublished && s.Status != news.StatusKilled {
		if s.Status == news.StatusScheduled {
			return label + " · working copy has unpublished changes"
		}
		return label + " · unpublished changes"
	}
	return label
}

func (h *Handler) desk(w http.ResponseWriter, r *http.Request, p *principal) error {
	q := r.URL.Query()
	d := deskData{base: newBase(p, "Desk"), Section: strings.TrimSpace(q.Get("section")), Author: strings.TrimSpace(q.Get("author"))}
	for _, l := range []struct {
		status news.Status
		dst    *[]*news.Story
	}{{news.StatusDraft, &d.Drafts}, {news.StatusScheduled, &d.Scheduled}, {news.StatusPublished, &d.Published},
		{news.StatusWithheld, &d.Withheld}, {news.StatusKilled, &d.Killed}} {
		list, err := h.stories.ListStories(r.Context(), store.DeskQuery{Status: l.status, Section: strings.ToLower(d.Section), Author: d.Author, Limit: 50})
		if err != nil {
			return err
		}
		*l.dst = list
	}
	return h.render(w, http.StatusOK, "desk", d)
}

type editorData struct {
	base
	Story           *news.Story // nil for a new story
	Form            storyForm
	Styles          []news.Style
	DatelinePreview string
	CanEdit         bool
	Checks          *checksJSON // copy checks and suggestions of the stored working copy
	// Public is the latest public (or scheduled) version when the working
	// copy has unpublished changes, and Diff compares the two.
	Public   *news.Version
	Diff     []DiffRow
	Versions []*news.Version // the history, shown on a killed story
}

func (h *Handler) showEditor(w http.ResponseWriter, r *http.Request, p *principal, status int, s *news.Story, f storyForm, err error) error {
	title := "New story"
	if s != nil {
		title = "Edit: " + s.Headline
	}
	d := editorData{base: newBase(p, title), Story: s, Form: f, Styles: news.Styles,
		CanEdit: s == nil || s.Status != news.StatusKilled && checkEdit(p, s) == nil}
	if s != nil && s.Unpublished && s.Version > 0 && s.Status != news.StatusKilled {
		v, verr := h.stories.Version(r.Context(), s.ID, s.Version)
		if verr != nil {
			return verr
		}
		d.Public, d.Diff = v, Diff(VersionLines(&v.Story), VersionLines(s))
	}
	if s != nil && s.Status == news.StatusKilled {
		vs, verr := h.stories.Versions(r.Context(), s.ID)
		if verr != nil {
			return verr
		}
		d.Versions = vs
	}
	if err != nil {
		if st := d.setError(err); st == http.StatusInternalServerError {
			return err
		} else {
			status = st
		}
	}
	if n, ok := notices[r.URL.Query().Get("done")]; ok && err == nil {
		d.Notice = n
	}
	if s != nil {
		c := h.checks(s)
		d.Checks = &c
	}
	if dl, derr := (&datelineIn{Place: f.Place, Date: f.Date, Credit: f.Credit, Style: f.Style, Text: f.DatelineText}).toDateline(); derr == nil {
		d.DatelinePreview = dl.Display()
	}
	return h.render(w, status, "editor", d)
}

func (h *Handler) newStory(w http.ResponseWriter, r *http.Request, p *principal) error {
	return h.showEditor(w, r, p, http.StatusOK, nil, storyForm{Language: "en", Byline: p.user.Name}, nil)
}

func (h *Handler) createStory(w http.ResponseWriter, r *http.Request, p *principal) error {
	f := formFromRequest(r)
	s, err := f.toStory(&news.Story{})
	if err == nil {
		s, err = h.create(r.Context(), p, s, "editor")
	}
	if err != nil {
		return h.showEditor(w, r, p, http.StatusUnprocessableEntity, nil, f, err)
	}
	http.Redirect(w, r, "/newsroom/stories/"+s.ID+"?done=created", http.StatusSeeOther)
	return nil
}

type pasteData struct {
	base
	Text string
}

func (h *Handler) pastePage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return h.render(w, http.StatusOK, "paste", pasteData{base: newBase(p, "Paste wire copy")})
}

func (h *Handler) pasteSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	text := r.PostForm.Get("copy")
	s, err := wirecopy.Parse([]byte(text), wirecopy.Options{Now: h.now()})
	if err == nil {
		s, err = h.create(r.Context(), p, s, "wire copy")
	}
	if err != nil {
		d := pasteData{base: newBase(p, "Paste wire copy"), Text: text}
		var we *wirecopy.Error
		status := http.StatusUnprocessableEntity
		if errors.As(err, &we) {
			d.Error = "The copy could not be read: " + we.Error()
			d.Fields = map[string]string{"copy": we.Error()}
		} else if status = d.setError(err); status == http.StatusInternalServerError {
			return err
		}
		return h.render(w, status, "paste", d)
	}
	http.Redirect(w, r, "/newsroom/stories/"+s.ID+"?done=pasted", http.StatusSeeOther)
	return nil
}

// datelinePreview renders the dateline fields in house style, for the
// editor's live preview script.
func (h *Handler) datelinePreview(w http.ResponseWriter, r *http.Request, p *principal) error {
	q := r.URL.Query()
	dl, err := (&datelineIn{Place: q.Get("place"), Date: q.Get("date"), Credit: q.Get("credit"), Style: q.Get("style"), Text: q.Get("text")}).toDateline()
	if err != nil {
		_, msg, _ := classify(err)
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"error": msg})
		return nil
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"text": dl.Display()})
	return nil
}

func (h *Handler) editor(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.showEditor(w, r, p, http.StatusOK, s, formFromStory(s), nil)
}

// editorSubmit handles the editor form's buttons: save (and autosave),
// publish (now or under embargo; also moves or lifts an embargo, or
// publishes an update), correct and kill. Edits in the form go with the
// publish and correct buttons.
func (h *Handler) editorSubmit(w http.ResponseWriter, r *http.Request, p *principal) error {
	ctx := r.Context()
	cur, err := h.loadStory(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := formFromRequest(r)
	op := r.PostForm.Get("op")
	if op == "autosave" {
		return h.autosave(w, r, p, cur, f)
	}
	if f.Revision < 1 {
		// The form always carries the revision it was made from, so that
		// a publish, correction or kill never acts on a copy the editor
		// has not seen.
		return errInvalid("revision", "the form lacks the revision it was made from; reload the story and try again")
	}
	var done string
	var st *news.Story
	switch op {
	case "save":
		var s *news.Story
		if s, err = f.toStory(cur); err == nil {
			st, err = h.save(ctx, p, cur, f.Revision, s)
		}
		done = "saved"
	case "publish", "lift":
		if cur.Status == news.StatusKilled {
			err = errInvalid("op", "a killed story cannot be published again")
			break
		}
		var s *news.Story
		var embargo *time.Time
		if op == "publish" {
			embargo, err = parseFormTime("embargo_until", f.Embargo)
		}
		if err == nil && cur.Status != news.StatusKilled {
			s, err = f.toStory(cur)
		}
		if err == nil {
			st, err = h.publish(ctx, p, cur, publish.Change{Base: f.Revision, Content: s}, embargo)
		}
		done = "published"
		if st != nil && st.Status == news.StatusScheduled {
			done = "scheduled"
		}
	case "correct":
		var s *news.Story
		if strings.TrimSpace(f.Note) == "" {
			err = errInvalid("note", "a correction needs a note that readers will see")
		}
		if err == nil {
			s, err = f.toStory(cur)
		}
		if err == nil {
			st, err = h.correct(ctx, p, cur, publish.Change{Base: f.Revision, Content: s}, f.Note)
		}
		done = "corrected"
	case "kill":
		st, err = h.kill(ctx, p, cur, f.Revision, f.Reason, f.Notice)
		done = "killed"
	case "withhold":
		if strings.TrimSpace(f.WithholdReason) == "" {
			err = errInvalid("withhold_reason", "say why the story is withheld")
		} else {
			st, err = h.withhold(ctx, p, cur, f.Revision, f.WithholdReason)
		}
		done = "withheld"
	case "reinstate":
		st, err = h.reinstate(ctx, p, cur, f.Revision)
		done = "reinstated"
	case "discard":
		st, err = h.discard(ctx, p, cur, f.Revision)
		done = "discarded"
	default:
		err = errInvalid("op", fmt.Sprintf("unknown action %q", op))
	}
	if err != nil {
		if st, _, _ := classify(err); st == http.StatusInternalServerError {
			return err
		}
		if latest, lerr := h.stories.Story(ctx, cur.ID); lerr == nil {
			cur = latest
		}
		return h.showEditor(w, r, p, http.StatusUnprocessableEntity, cur, f, err)
	}
	http.Redirect(w, r, "/newsroom/stories/"+st.ID+"?done="+done, http.StatusSeeOther)
	return nil
}

// autosave saves the working copy for the editor script and answers JSON.
func (h *Handler) autosave(w http.ResponseWriter, r *http.Request, p *principal, cur *news.Story, f storyForm) error {
	s, err := f.toStory(cur)
	if err == nil {
		s, err = h.save(r.Context(), p, cur, f.Revision, s)
	}
	if err != nil {
		status, msg, fields := classify(err)
		if status == http.StatusInternalServerError {
			h.log.Error("autosave", "story", cur.ID, "err", err)
		}
		httpx.WriteProblem(w, r, httpx.NewProblem(status, msg, fields...))
		return nil
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"revision": s.Revision, "saved_at": s.ModifiedAt.Format(time.RFC3339)})
	return nil
}

type previewData struct {
	base
	Story    *news.Story
	Dateline string
}

func (h *Handler) preview(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "preview", previewData{base: newBase(p, "Preview: "+s.Headline), Story: s, Dateline: s.Dateline.Display()})
}

type versionsData struct {
	base
	Story    *news.Story
	Versions []*news.Version
	A, B     int
	Diff     []DiffRow
	Left     *news.Version
	Right    *news.Version
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request, p *principal) error {
	s, err := h.loadStory(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	vs, err := h.stories.Versions(r.Context(), s.ID)
	if err != nil {
		return err
	}
	d := versionsData{base: newBase(p, "Versions: "+s.Headline), Story: s, Versions: vs}
	q := r.URL.Query()
	d.A, _ = strconv.Atoi(q.Get("a"))
	d.B, _ = strconv.Atoi(q.Get("b"))
	if d.A == 0 && d.B == 0 && len(vs) >= 2 {
		d.A, d.B = vs[len(vs)-2].Number, vs[len(vs)-1].Number
	}
	for _, v := range vs {
		if v.Number == d.A {
			d.Left = v
		}
		if v.Number == d.B {
			d.Right = v
		}
	}
	if (q.Has("a") || q.Has("b")) && (d.Left == nil || d.Right == nil) {
		return errNotFound(fmt.Sprintf("story %s has versions 1 to %d; there is no version %d or %d", s.ID, len(vs), d.A, d.B))
	}
	if d.Left != nil && d.Right != nil {
		d.Diff = Diff(VersionLines(&d.Left.Story), VersionLines(&d.Right.Story))
	}
	return h.render(w, http.StatusOK, "versions", d)
}

type auditData struct {
	base
	User, StoryID, Action string
	Entries               []*store.AuditEntry
	Next                  int64
}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	q := r.URL.Query()
	d := auditData{base: newBase(p, "Audit log"), User: q.Get("user"), StoryID: q.Get("story"), Action: q.Get("action")}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := h.acc.Audit(r.Context(), store.AuditQuery{User: d.User, StoryID: d.StoryID, Action: d.Action, Before: before, Limit: 100})
	if err != nil {
		return err
	}
	d.Entries = list
	if len(list) == 100 {
		d.Next = list[len(list)-1].ID
	}
	return h.render(w, http.StatusOK, "audit", d)
}

type tokensData struct {
	base
	Tokens   []*store.APIToken
	NewToken string
	Now      time.Time
}

func (h *Handler) showTokens(w http.ResponseWriter, r *http.Request, p *principal, status int, newToken string, err error) error {
	d := tokensData{base: newBase(p, "API tokens"), NewToken: newToken, Now: h.now()}
	if err != nil {
		if status = d.setError(err); status == http.StatusInternalServerError {
			return err
		}
	}
	list, lerr := h.acc.Tokens(r.Context(), p.user.ID)
	if lerr != nil {
		return lerr
	}
	d.Tokens = list
	return h.render(w, status, "tokens", d)
}

func (h *Handler) tokensPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	if r.URL.Query().Get("done") == "revoked" {
		return h.showTokensNotice(w, r, p, "Token revoked.")
	}
	return h.showTokens(w, r, p, http.StatusOK, "", nil)
}

func (h *Handler) showTokensNotice(w http.ResponseWriter, r *http.Request, p *principal, notice string) error {
	d := tokensData{base: newBase(p, "API tokens"), Now: h.now()}
	d.Notice = notice
	list, err := h.acc.Tokens(r.Context(), p.user.ID)
	if err != nil {
		return err
	}
	d.Tokens = list
	return h.render(w, http.StatusOK, "tokens", d)
}

func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var expires *time.Time
	if v := strings.TrimSpace(r.PostForm.Get("days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3650 {
			return h.showTokens(w, r, p, http.StatusUnprocessableEntity, "", errInvalid("days", "must be a whole number of days from 1 to 3650, or empty for no expiry"))
		}
		t := h.now().Add(time.Duration(n) * 24 * time.Hour)
		expires = &t
	}
	token, err := auth.CreateToken(r.Context(), h.acc, p.user, r.PostForm.Get("name"), expires, h.now())
	if err != nil {
		return h.showTokens(w, r, p, http.StatusUnprocessableEntity, "", errInvalid("name", err.Error()))
	}
	return h.showTokens(w, r, p, http.StatusOK, token, nil)
}

func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound("no such token")
	}
	ctx := store.WithAudit(r.Context(), &store.AuditEntry{At: h.now(), Action: "token-revoke", Detail: strconv.FormatInt(id, 10)})
	if err := h.acc.RevokeToken(ctx, id, p.user.ID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound("you have no token with this id")
		}
		return err
	}
	http.Redirect(w, r, "/newsroom/tokens?done=revoked", http.StatusSeeOther)
	return nil
}

type accountsData struct {
	base
	Users       []*store.User
	Roles       []store.Role
	NewName     string
	NewPassword string
	Reset       bool // NewPassword is an admin's reset of an existing account
}

func (h *Handler) showAccounts(w http.ResponseWriter, r *http.Request, p *principal, status int, d accountsData, err error) error {
	d.base = newBase(p, "Accounts")
	d.Roles = []store.Role{store.RoleReporter, store.RoleEditor, store.RoleAdmin}
	if err != nil {
		if status = d.setError(err); status == http.StatusInternalServerError {
			return err
		}
	}
	switch r.URL.Query().Get("done") {
	case "updated":
		d.Notice = "Account updated."
	case "unlocked":
		d.Notice = "Account unlocked: its failed logins are forgotten."
	}
	list, lerr := h.acc.Users(r.Context())
	if lerr != nil {
		return lerr
	}
	d.Users = list
	return h.render(w, status, "accounts", d)
}

func (h *Handler) accountsPage(w http.ResponseWriter, r *http.Request, p *principal) error {
	return h.showAccounts(w, r, p, http.StatusOK, accountsData{}, nil)
}

func (h *Handler) accountCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	name := strings.TrimSpace(r.PostForm.Get("name"))
	role := store.Role(r.PostForm.Get("role"))
	pw, err := auth.AddUser(r.Context(), h.acc, name, role)
	if err != nil {
		field := "name"
		if strings.HasPrefix(err.Error(), "role") {
			field = "role"
		}
		return h.showAccounts(w, r, p, http.StatusUnprocessableEntity, accountsData{NewName: name}, errInvalid(field, err.Error()))
	}
	return h.showAccounts(w, r, p, http.StatusOK, accountsData{NewName: name, NewPassword: pw}, nil)
}

func (h *Handler) accountUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound("no such account")
	}
	u, err := h.acc.User(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound("no such account")
		}
		return err
	}
	role := store.Role(r.PostForm.Get("role"))
	if !role.Valid() {
		return errInvalid("role", fmt.Sprintf("%q is not reporter, editor or admin", role))
	}
	disabled := r.PostForm.Get("disabled") == "on"
	if u.ID == p.user.ID && (disabled || role != store.RoleAdmin) {
		return errForbidden("you cannot disable your own account or take away your own admin role")
	}
	u.Role, u.Disabled = role, disabled
	ctx := store.WithAudit(r.Context(), &store.AuditEntry{At: h.now(), Action: "account-update",
		Detail: fmt.Sprintf("%s: role %s, disabled %v", u.Name, role, disabled)})
	if err := h.acc.UpdateUser(ctx, u); err != nil {
		return err
	}
	if disabled {
		if err := h.acc.DeleteUserSessions(r.Context(), u.ID); err != nil {
			return err
		}
	}
	http.Redirect(w, r, "/newsroom/accounts?done=updated", http.StatusSeeOther)
	return nil
}
