package newsroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

// datelineIn is the dateline as sent; the date stays a string so that a
// date that does not exist is reported on its field.
type datelineIn struct {
	Place  string `json:"place"`
	Date   string `json:"date"`
	Credit string `json:"credit"`
	Style  string `json:"style"`
	Text   string `json:"text"`
}

// storyIn is the content of a story as the API takes it. Absent fields
// keep their stored value (on create: empty). The read-only fields of the
// story JSON are accepted and ignored, so a client may send back what it
// got.
type storyIn struct {
	Revision     *int                `json:"revision"`
	Language     *string             `json:"language"`
	Headline     *string             `json:"headline"`
	Standfirst   *string             `json:"standfirst"`
	Dateline     *datelineIn         `json:"dateline"`
	Byline       *string             `json:"byline"`
	BodyHTML     *string             `json:"body_html"`
	Section      *string             `json:"section"`
	Tags         *[]string           `json:"tags"`
	Urgency      *int                `json:"urgency"`
	Translations *[]news.Translation `json:"translations"`
	// LeadPicture: a picture id, or null to remove the lead picture.
	LeadPicture json.RawMessage `json:"lead_picture"`

	ID               json.RawMessage `json:"id"`
	Version          json.RawMessage `json:"version"`
	Status           json.RawMessage `json:"status"`
	EmbargoUntil     json.RawMessage `json:"embargo_until"`
	FirstPublishedAt json.RawMessage `json:"first_published_at"`
	UpdatedAt        json.RawMessage `json:"updated_at"`
	Corrections      json.RawMessage `json:"corrections"`
	URL              json.RawMessage `json:"url"`
	People           json.RawMessage `json:"people"`
	Organisations    json.RawMessage `json:"organisations"`
	Places           json.RawMessage `json:"places"`
	Quotes           json.RawMessage `json:"quotes"`
}

// hasContent reports whether any content field was sent.
func (in *storyIn) hasContent() bool {
	return in.Language != nil || in.Headline != nil || in.Standfirst != nil || in.Dateline != nil || in.Byline != nil ||
		in.BodyHTML != nil || in.Section != nil || in.Tags != nil || in.Urgency != nil || in.Translations != nil ||
		len(in.LeadPicture) > 0
}

// apply writes the sent fields over a copy of base and returns it. HTML
// of body_html goes through the sanitiser: only plain-text paragraphs and
// subheadings are kept.
func (in *storyIn) apply(base *news.Story) (*news.Story, error) {
	s := base.Clone()
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.Language, in.Language)
	set(&s.Headline, in.Headline)
	set(&s.Standfirst, in.Standfirst)
	set(&s.Byline, in.Byline)
	set(&s.Section, in.Section)
	if len(in.LeadPicture) > 0 {
		s.LeadPicture = ""
		if string(in.LeadPicture) != "null" {
			if err := json.Unmarshal(in.LeadPicture, &s.LeadPicture); err != nil {
				return nil, errInvalid("lead_picture", "must be a picture id or null")
			}
		}
	}
	if in.Dateline != nil {
		dl, err := in.Dateline.toDateline()
		if err != nil {
			return nil, err
		}
		s.Dateline = dl
	}
	if in.BodyHTML != nil {
		if len(*in.BodyHTML) > news.MaxBodyBlocks*100 {
			return nil, errInvalid("body_html", fmt.Sprintf("is %d bytes long; the limit is %d", len(*in.BodyHTML), news.MaxBodyBlocks*100))
		}
		s.Body = ninjs.BlocksFromHTML(*in.BodyHTML)
	}
	if in.Tags != nil {
		s.Tags = *in.Tags
	}
	if in.Urgency != nil {
		s.Urgency = *in.Urgency
	}
	if in.Translations != nil {
		s.Translations = *in.Translations
	}
	return s, nil
}

func (d *datelineIn) toDateline() (news.Dateline, error) {
	dl := news.Dateline{Place: strings.TrimSpace(d.Place), Credit: news.CleanCredit(d.Credit), Style: news.Style(strings.ToLower(strings.TrimSpace(d.Style))), Text: strings.TrimSpace(d.Text)}
	if ds := strings.TrimSpace(d.Date); ds != "" {
		date, err := news.ParseDate(ds)
		if err != nil {
			return dl, errInvalid("dateline.date", err.Error())
		}
		dl.Date = date
	}
	if err := dl.Validate(); err != nil {
		return dl, errInvalid("dateline", err.Error())
	}
	if dl.Style != news.StyleNone {
		dl.Text = dl.Format()
	}
	return dl, nil
}

// BodyFromText reads the editor's body: paragraphs separated by blank
// lines, a paragraph starting with "## " is a subheading. Lines of one
// paragraph are joined with a space.
func BodyFromText(text string) []news.Block {
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	var out []news.Block
	for _, para := range strings.Split(text, "\n\n") {
		lines := strings.Fields(strings.ReplaceAll(para, "\n", " \n "))
		p := strings.TrimSpace(strings.Join(lines, " "))
		if p == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(p, "## "); ok {
			out = append(out, news.Block{Kind: news.Subheading, Text: strings.TrimSpace(rest)})
			continue
		}
		out = append(out, news.Block{Kind: news.Paragraph, Text: p})
	}
	return out
}

// BodyText is the inverse of BodyFromText.
func BodyText(body []news.Block) string {
	parts := make([]string, len(body))
	for i, b := range body {
		if b.Kind == news.Subheading {
			parts[i] = "## " + b.Text
		} else {
			parts[i] = b.Text
		}
	}
	return strings.Join(parts, "\n\n")
}

func parseEmbargo(field, v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, errInvalid(field, fmt.Sprintf("%q is not an RFC 3339 time such as 2026-05-01T14:00:00Z", v))
	}
	t = t.UTC()
	return &t, nil
}

// loadStory reads a story, refusing malformed ids as not found.
func (h *Handler) loadStory(ctx context.Context, id string) (*news.Story, error) {
	if !news.ValidID(id) {
		return nil, errNotFound(fmt.Sprintf("no story with id %q", id))
	}
	s, err := h.stories.Story(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, errNotFound(fmt.Sprintf("no story with id %q", id))
		}
		return nil, err
	}
	return s, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// checkEdit enforces who may edit a story's working copy: editors any,
// reporters only their own drafts.
func checkEdit(p *principal, s *news.Story) error {
	if p.can(auth.PermEditAny) {
		return nil
	}
	if s.Status != news.StatusDraft {
		return errForbidden(fmt.Sprintf("a reporter may edit only drafts; this story is %s", s.Status))
	}
	if s.Author != p.user.Name {
		return errForbidden(fmt.Sprintf("a reporter may edit only their own drafts; this one is %s's", s.Author))
	}
	return nil
}

// create stores a new draft.
func (h *Handler) create(ctx context.Context, p *principal, s *news.Story, how string) (*news.Story, error) {
	if err := h.checkLead(ctx, s); err != nil {
		return nil, err
	}
	return h.svc.Create(ctx, s, p.user.Name)
}

// save replaces the working copy.
func (h *Handler) save(ctx context.Context, p *principal, cur *news.Story, base int, s *news.Story) (*news.Story, error) {
	if err := checkEdit(p, cur); err != nil {
		return nil, err
	}
	if err := h.checkLead(ctx, s); err != nil {
		return nil, err
	}
	return h.svc.Save(ctx, cur.ID, base, s, p.user.Name)
}

// discard drops the working copy's unpublished edits.
func (h *Handler) discard(ctx context.Context, p *principal, cur *news.Story, base int) (*news.Story, error) {
	if err := checkEdit(p, cur); err != nil {
		return nil, err
	}
	return h.svc.Discard(ctx, cur.ID, base, p.user.Name)
}

// publish publishes, updates, embargoes, replaces a scheduled version,
// moves or lifts an embargo; the service names what it did in the audit
// log.
func (h *Handler) publish(ctx context.Context, p *principal, cur *news.Story, c publish.Change, embargo *time.Time) (*news.Story, error) {
	if !p.can(auth.PermPublish) {
		return nil, errForbidden(fmt.Sprintf("a %s may not publish", p.user.Role))
	}
	return h.svc.Publish(ctx, cur.ID, c, embargo, p.user.Name)
}

func (h *Handler) correct(ctx context.Context, p *principal, cur *news.Story, c publish.Change, note string) (*news.Story, error) {
	if !p.can(auth.PermCorrect) {
		return nil, errForbidden(fmt.Sprintf("a %s may not correct", p.user.Role))
	}
	return h.svc.Correct(ctx, cur.ID, c, note, p.user.Name)
}

func (h *Handler) kill(ctx context.Context, p *principal, cur *news.Story, base int, reason, notice string) (*news.Story, error) {
	if !p.can(auth.PermKill) {
		return nil, errForbidden(fmt.Sprintf("a %s may not kill", p.user.Role))
	}
	if _, _, err := news.CheckKill(reason, notice); err != nil {
		return nil, err
	}
	return h.svc.Kill(ctx, cur.ID, base, reason, notice, p.user.Name)
}

// withhold and reinstate need the kill permission: taking a story off
// every channel is the same weight of decision.
func (h *Handler) withhold(ctx context.Context, p *principal, cur *news.Story, base int, reason string) (*news.Story, error) {
	if !p.can(auth.PermKill) {
		return nil, errForbidden(fmt.Sprintf("a %s may not withhold", p.user.Role))
	}
	return h.svc.Withhold(ctx, cur.ID, base, reason, p.user.Name)
}

func (h *Handler) reinstate(ctx context.Context, p *principal, cur *news.Story, base int) (*news.Story, error) {
	if !p.can(auth.PermKill) {
		return nil, errForbidden(fmt.Sprintf("a %s may not release a withheld story", p.user.Role))
	}
	return h.svc.Reinstate(ctx, cur.ID, base, p.user.Name)
}
