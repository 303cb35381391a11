// Package news is Dateline's domain: the wire story, its versions and the
// rules that move it between states. It does no I/O.
package news

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Status is where a story stands in its life.
type Status string

const (
	StatusDraft     Status = "draft"     // being written; never public
	StatusScheduled Status = "scheduled" // published under embargo; public at EmbargoUntil
	StatusPublished Status = "published" // public
	StatusWithheld  Status = "withheld"  // temporarily taken off public channels by an editor
	StatusKilled    Status = "killed"    // withdrawn everywhere, for good
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusScheduled, StatusPublished, StatusWithheld, StatusKilled:
		return true
	}
	return false
}

// BlockKind says what a body block is.
type BlockKind string

const (
	Paragraph  BlockKind = "p"
	Subheading BlockKind = "h2"
)

// Block is one paragraph or subheading of a story body, as plain text.
// Dateline stores no HTML: body HTML is rendered from blocks (escaped) and
// HTML that comes in is reduced to blocks, so stored text can never carry
// markup that runs.
type Block struct {
	Kind BlockKind `json:"kind"`
	Text string    `json:"text"`
}

// Correction is the public note of a corrected version.
type Correction struct {
	Version int       `json:"version"`
	Note    string    `json:"note"`
	At      time.Time `json:"at"`
}

// Translation links a story to the same story in another language.
type Translation struct {
	Language string `json:"language"`
	ID       string `json:"id"`
}

// Story is a wire story: the working copy plus what is known about its
// public life. Content fields (headline ... translations) are what versions
// snapshot.
type Story struct {
	ID       string `json:"id"`
	Kind     Kind   `json:"kind,omitempty"`
	Version  int    `json:"version"`  // number of the latest public version; 0 before the first
	Revision int    `json:"revision"` // bumped by every save of the working copy (optimistic concurrency)
	Status   Status `json:"status"`

	Language     string        `json:"language"`
	Headline     string        `json:"headline"`
	Standfirst   string        `json:"standfirst"`
	Dateline     Dateline      `json:"dateline"`
	Byline       string        `json:"byline"`
	Body         []Block       `json:"body"`
	Section      string        `json:"section"`
	Tags         []string      `json:"tags"`
	Urgency      int           `json:"urgency"` // IPTC 1 (flash) .. 9; 0 means unset (treated as 5)
	Translations []Translation `json:"translations"`
	// LeadPicture is the id of the story's lead picture ("" for none).
	LeadPicture string `json:"lead_picture,omitempty"`
	// Picture is set on pictures (Kind == KindPicture) only.
	Picture *Picture `json:"picture,omitempty"`

	EmbargoUntil     *time.Time   `json:"embargo_until"`
	FirstPublishedAt *time.Time   `json:"first_published_at"`
	UpdatedAt        *time.Time   `json:"updated_at"` // time of the latest public version, never of a draft save
	Corrections      []Correction `json:"corrections"`
	// KillNotice is the public notice of a kill: what readers and
	// subscribers see in place of the story. The editor's internal reason
	// for the kill goes to the audit log only.
	KillNotice string `json:"kill_notice,omitempty"`
	// Unpublished reports that the working copy holds edits made after
	// the latest public (or scheduled) version: they go out only when an
	// editor publishes or corrects.
	Unpublished bool `json:"unpublished,omitempty"`

	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"` // last save of the working copy
	Author     string    `json:"author,omitempty"`
	// Source identifies where an imported story came from (for example
	// "reuters:17980" or "sha256:..."); importing the same source twice does
	// not make a second story.
	Source string `json:"source,omitempty"`
	// Entities come from extraction when a version is published; they
	// are not content an editor writes (Edit leaves them alone).
	Entities Entities `json:"entities,omitzero"`
}

// Limits on content fields.
const (
	MaxHeadline   = 400
	MaxStandfirst = 2000
	MaxByline     = 200
	MaxBodyBlocks = 2000
	MaxBlockText  = 20000
	MaxTags       = 50
	MaxTag        = 100
	MaxSection    = 60
	MaxNote       = 2000
)

// FieldError says which field of a story is wrong and why.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// ValidationError lists every wrong field.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return "invalid story: " + strings.Join(parts, "; ")
}

// ErrTransition is returned when a state change is not allowed from the
// story's current state.
var ErrTransition = errors.New("transition not allowed")

// TransitionError explains a refused state change.
type TransitionError struct {
	From   Status
	Action string
	Reason string
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("cannot %s a %s story: %s", e.Action, e.From, e.Reason)
}

func (e *TransitionError) Unwrap() error { return ErrTransition }

// Validate checks the content fields of a story and returns a
// *ValidationError naming every wrong field, or nil.
func (s *Story) Validate() error {
	var fe []FieldError
	add := func(field, reason string) { fe = append(fe, FieldError{field, reason}) }
	text := func(field, v string, max int, required bool) {
		switch {
		case required && strings.TrimSpace(v) == "":
			add(field, "is required")
		case !utf8.ValidString(v):
			add(field, "is not valid UTF-8")
		case utf8.RuneCountInString(v) > max:
			add(field, fmt.Sprintf("is %d characters long; the limit is %d", utf8.RuneCountInString(v), max))
		}
	}
	text("headline", s.Headline, MaxHeadline, !s.IsPicture())
	switch {
	case s.IsPicture() && s.Picture == nil:
		add("picture", "a picture item has no picture")
	case s.IsPicture():
		s.Picture.validate(add)
	case s.Kind != KindStory:
		add("kind", fmt.Sprintf("%q is neither a story nor a picture", s.Kind))
	case s.Picture != nil:
		add("picture", "only a picture item carries a picture")
	}
	if s.LeadPicture != "" && !ValidID(s.LeadPicture) {
		add("lead_picture", fmt.Sprintf("%q is not a picture id", s.LeadPicture))
	}
	text("standfirst", s.Standfirst, MaxStandfirst, false)
	text("byline", s.Byline, MaxByline, false)
	text("section", s.Section, MaxSection, false)
	if s.Language == "" {
		add("language", "is required (a BCP 47 tag such as en or ru)")
	} else if _, err := language.Parse(s.Language); err != nil {
		add("language", fmt.Sprintf("%q is not a BCP 47 language tag", s.Language))
	}
	if s.Urgency < 0 || s.Urgency > 9 {
		add("urgency", fmt.Sprintf("is %d; IPTC urgency runs from 1 (flash) to 9", s.Urgency))
	}
	if len(s.Body) > MaxBodyBlocks {
		add("body", fmt.Sprintf("has %d blocks; the limit is %d", len(s.Body), MaxBodyBlocks))
	}
	for i, b := range s.Body {
		f := fmt.Sprintf("body[%d]", i)
		if b.Kind != Paragraph && b.Kind != Subheading {
			add(f, fmt.Sprintf("kind %q is neither p nor h2", b.Kind))
		}
		text(f, b.Text, MaxBlockText, false)
	}
	if len(s.Tags) > MaxTags {
		add("tags", fmt.Sprintf("has %d tags; the limit is %d", len(s.Tags), MaxTags))
	}
	for i, t := range s.Tags {
		text(fmt.Sprintf("tags[%d]", i), t, MaxTag, true)
	}
	if err := s.Dateline.Validate(); err != nil {
		add("dateline", err.Error())
	}
	for i, tr := range s.Translations {
		if _, err := language.Parse(tr.Language); err != nil {
			add(fmt.Sprintf("translations[%d].language", i), fmt.Sprintf("%q is not a BCP 47 language tag", tr.Language))
		}
		if tr.ID == "" {
			add(fmt.Sprintf("translations[%d].id", i), "is required")
		}
	}
	if len(fe) > 0 {
		return &ValidationError{Fields: fe}
	}
	return nil
}

// Normalize tidies content fields in place: trims spaces, canonicalises the
// language tag, drops empty blocks and duplicate tags.
func (s *Story) Normalize() {
	s.Headline = strings.TrimSpace(CleanText(s.Headline))
	s.Standfirst = strings.TrimSpace(CleanText(s.Standfirst))
	s.Byline = strings.TrimSpace(CleanText(s.Byline))
	s.Section = strings.ToLower(strings.TrimSpace(CleanText(s.Section)))
	s.Dateline.Place, s.Dateline.Credit, s.Dateline.Text = CleanText(s.Dateline.Place), CleanText(s.Dateline.Credit), CleanText(s.Dateline.Text)
	s.LeadPicture = strings.TrimSpace(s.LeadPicture)
	if s.Picture != nil {
		s.Picture.normalize()
	}
	if t, err := language.Parse(s.Language); err == nil {
		s.Language = t.String()
	}
	body := s.Body[:0:0]
	for _, b := range s.Body {
		b.Text = strings.TrimSpace(CleanText(b.Text))
		if b.Text != "" {
			body = append(body, b)
		}
	}
	s.Body = body
	seen := map[string]bool{}
	tags := s.Tags[:0:0]
	for _, t := range s.Tags {
		t = strings.TrimSpace(CleanText(t))
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		tags = append(tags, t)
	}
	s.Tags = tags
}

// EffectiveUrgency is the urgency with 0 read as the IPTC default 5.
func (s *Story) EffectiveUrgency() int {
	if s.Urgency == 0 {
		return 5
	}
	return s.Urgency
}

// IsPublic reports whether the story may appear on public channels at now.
func (s *Story) IsPublic(now time.Time) bool {
	if s.Status != StatusPublished {
		return false
	}
	return s.EmbargoUntil == nil || !s.EmbargoUntil.After(now)
}

// Text returns the body as plain text, blocks separated by blank lines.
func (s *Story) Text() string {
	parts := make([]string, len(s.Body))
	for i, b := range s.Body {
		parts[i] = b.Text
	}
	return strings.Join(parts, "\n\n")
}

// Clone returns a deep copy of s.
func (s *Story) Clone() *Story {
	c := *s
	c.Body = append([]Block(nil), s.Body...)
	c.Tags = append([]string(nil), s.Tags...)
	c.Translations = append([]Translation(nil), s.Translations...)
	c.Corrections = append([]Correction(nil), s.Corrections...)
	c.EmbargoUntil = cloneTime(s.EmbargoUntil)
	c.FirstPublishedAt = cloneTime(s.FirstPublishedAt)
	c.UpdatedAt = cloneTime(s.UpdatedAt)
	c.Picture = s.Picture.Clone()
	return &c
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := *t
	return &v
}

var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// EscapeText escapes text for HTML element content, leaving quotation
// marks as written.
func EscapeText(s string) string { return htmlText.Replace(s) }

// BodyHTML renders the body as <p> and <h2> elements, text escaped.
func (s *Story) BodyHTML() string {
	var b strings.Builder
	for _, bl := range s.Body {
		tag := "p"
		if bl.Kind == Subheading {
			tag = "h2"
		}
		b.WriteString("<" + tag + ">")
		b.WriteString(EscapeText(bl.Text))
		b.WriteString("</" + tag + ">")
	}
	return b.String()
}
