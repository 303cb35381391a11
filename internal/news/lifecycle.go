package news

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Action is a public change to a story. Each one makes an immutable,
// numbered Version and one change-log Event.
type Action string

const (
	ActionPublish  Action = "publish"  // first public version (or first under embargo)
	ActionUpdate   Action = "update"   // a new public version of a published story
	ActionCorrect  Action = "correct"  // an update with a public correction note
	ActionKill     Action = "kill"     // withdrawn everywhere
	ActionWithhold Action = "withhold" // taken off public channels for now
	ActionRelease  Action = "release"  // an embargo ran out, or was lifted: now public
)

// Version is an immutable snapshot of a story at one public change.
type Version struct {
	StoryID string    `json:"story_id"`
	Number  int       `json:"version"`
	Action  Action    `json:"action"`
	At      time.Time `json:"at"`
	By      string    `json:"by,omitempty"`
	Note    string    `json:"note,omitempty"` // correction note or kill reason
	Story   Story     `json:"story"`          // the content as of this version
}

// Event is one entry of the change log that subscribers follow. Seq is
// dense and ordered; it is assigned by the store.
type Event struct {
	Seq          int64      `json:"seq"`
	StoryID      string     `json:"story_id"`
	Version      int        `json:"version"`
	Action       Action     `json:"action"`
	At           time.Time  `json:"at"`
	Status       Status     `json:"status"`
	Language     string     `json:"language"`
	Section      string     `json:"section"`
	Urgency      int        `json:"urgency"`
	EmbargoUntil *time.Time `json:"embargo_until,omitempty"`
}

// EventFor builds the change-log event of a version.
func EventFor(v *Version) Event {
	s := &v.Story
	return Event{StoryID: v.StoryID, Version: v.Number, Action: v.Action, At: v.At, Status: s.Status,
		Language: s.Language, Section: s.Section, Urgency: s.EffectiveUrgency(), EmbargoUntil: cloneTime(s.EmbargoUntil)}
}

func refuse(s *Story, action, reason string) error {
	return &TransitionError{From: s.Status, Action: action, Reason: reason}
}

// Edit replaces the working copy's content with that of in. It is allowed
// in every state but killed; for a published story it changes only the
// working copy: the public version moves when the editor publishes or
// corrects. It never moves UpdatedAt.
func (s *Story) Edit(in *Story, now time.Time) error {
	if s.Status == StatusKilled {
		return refuse(s, "edit", "a killed story is final")
	}
	c := in.Clone()
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	s.Language, s.Headline, s.Standfirst, s.Dateline, s.Byline = c.Language, c.Headline, c.Standfirst, c.Dateline, c.Byline
	s.Body, s.Section, s.Tags, s.Urgency, s.Translations = c.Body, c.Section, c.Tags, c.Urgency, c.Translations
	s.LeadPicture = c.LeadPicture
	if s.Picture != nil && c.Picture != nil {
		// The file, its size and renditions come from processing, never from an edit.
		p := s.Picture
		p.Caption, p.Credit, p.Alt, p.Creator, p.Copyright = c.Picture.Caption, c.Picture.Credit, c.Picture.Alt, c.Picture.Creator, c.Picture.Copyright
		p.City, p.Country, p.TakenAt, p.Focal = c.Picture.City, c.Picture.Country, c.Picture.TakenAt, c.Picture.Focal
	}
	s.ModifiedAt = now
	return nil
}

// MaxTime is the latest time a story may carry: SQLite stores times as
// nanoseconds since 1970 in 64 bits, which end in April 2262. A year is
// kept in hand.
var MaxTime = time.Date(2261, 12, 31, 23, 59, 59, 0, time.UTC)

// Publish makes the working copy public. With an embargo time after now the
// story becomes scheduled and is released at that time (see Release); an
// embargo time that is not after now is refused, so an editor never
// publishes by accident what they meant to hold. On a story that is
// already published it makes an update.
func (s *Story) Publish(now time.Time, embargo *time.Time, by string) (*Version, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if embargo != nil && !embargo.After(now) {
		return nil, &ValidationError{Fields: []FieldError{{"embargo_until", "is not in the future (" + embargo.UTC().Format(time.RFC3339) + ")"}}}
	}
	if embargo != nil && embargo.After(MaxTime) {
		return nil, &ValidationError{Fields: []FieldError{{"embargo_until", "is after " + MaxTime.Format(time.RFC3339) + ", the latest time Dateline can store (" + embargo.UTC().Format(time.RFC3339) + ")"}}}
	}
	switch s.Status {
	case StatusDraft:
		if embargo != nil {
			e := embargo.UTC()
			s.EmbargoUntil = &e
			s.Status = StatusScheduled
		} else {
			s.EmbargoUntil = nil
			s.Status = StatusPublished
			s.markPublic(now)
		}
		return s.newVersion(ActionPublish, now, by, ""), nil
	case StatusScheduled:
		// Publishing a scheduled story again moves or lifts its embargo.
		if embargo != nil {
			e := embargo.UTC()
			s.EmbargoUntil = &e
			return s.newVersion(ActionPublish, now, by, ""), nil
		}
		s.EmbargoUntil = nil
		s.Status = StatusPublished
		s.markPublic(now)
		return s.newVersion(ActionRelease, now, by, ""), nil
	case StatusPublished, StatusWithheld:
		if embargo != nil {
			return nil, refuse(s, "embargo", "an embargo applies only before a story is first public")
		}
		s.Status = StatusPublished
		s.markPublic(now)
		return s.newVersion(ActionUpdate, now, by, ""), nil
	}
	return nil, refuse(s, "publish", "a killed story cannot be published again")
}

// Release makes a scheduled story public when its embargo time has come.
func (s *Story) Release(now time.Time) (*Version, error) {
	if s.Status != StatusScheduled {
		return nil, refuse(s, "release", "only a story under embargo is released")
	}
	if s.EmbargoUntil != nil && s.EmbargoUntil.After(now) {
		return nil, refuse(s, "release", "its embargo runs until "+s.EmbargoUntil.UTC().Format(time.RFC3339))
	}
	at := now
	if s.EmbargoUntil != nil {
		at = *s.EmbargoUntil
	}
	s.Status = StatusPublished
	s.markPublic(at)
	return s.newVersion(ActionRelease, now, "", ""), nil
}

// Correct publishes the working copy as a new version carrying a public
// correction note.
func (s *Story) Correct(now time.Time, note, by string) (*Version, error) {
	note = strings.TrimSpace(CleanText(note))
	if note == "" {
		return nil, &ValidationError{Fields: []FieldError{{"note", "a correction needs a note that readers will see"}}}
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, &ValidationError{Fields: []FieldError{{"note", "is too long"}}}
	}
	if s.Status != StatusPublished && s.Status != StatusWithheld {
		return nil, refuse(s, "correct", "only a published story can be corrected")
	}
	if err := s.ready(); err != nil {
		return nil, err
	}
	s.Status = StatusPublished
	s.markPublic(now)
	s.Corrections = append(s.Corrections, Correction{Version: s.Version + 1, Note: note, At: now.UTC()})
	return s.newVersion(ActionCorrect, now, by, note), nil
}

// Kill withdraws the story from every channel for good.
func (s *Story) Kill(now time.Time, reason, by string) (*Version, error) {
	reason = strings.TrimSpace(CleanText(reason))
	if reason == "" {
		return nil, &ValidationError{Fields: []FieldError{{"reason", "a kill needs a reason"}}}
	}
	if utf8.RuneCountInString(reason) > MaxNote {
		return nil, &ValidationError{Fields: []FieldError{{"reason", "is too long"}}}
	}
	switch s.Status {
	case StatusPublished, StatusScheduled, StatusWithheld:
	case StatusKilled:
		return nil, refuse(s, "kill", "it is killed already")
	default:
		return nil, refuse(s, "kill", "a draft was never public; delete it instead")
	}
	s.Status = StatusKilled
	s.KillReason = reason
	t := now.UTC()
	s.UpdatedAt = &t
	return s.newVersion(ActionKill, now, by, reason), nil
}

// Withhold takes a published story off public channels until it is
// published again.
func (s *Story) Withhold(now time.Time, reason, by string) (*Version, error) {
	if s.Status != StatusPublished {
		return nil, refuse(s, "withhold", "only a published story can be withheld")
	}
	s.Status = StatusWithheld
	t := now.UTC()
	s.UpdatedAt = &t
	return s.newVersion(ActionWithhold, now, by, strings.TrimSpace(reason)), nil
}

func (s *Story) markPublic(at time.Time) {
	t := at.UTC()
	if s.FirstPublishedAt == nil {
		s.FirstPublishedAt = &t
	}
	s.UpdatedAt = &t
}

func (s *Story) newVersion(a Action, now time.Time, by, note string) *Version {
	s.Version++
	return &Version{StoryID: s.ID, Number: s.Version, Action: a, At: now.UTC(), By: by, Note: note, Story: *s.Clone()}
}

// ready checks what a public version needs: valid content and, for a
// picture, its caption, credit and alt text.
func (s *Story) ready() error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.IsPicture() {
		return s.Picture.readyToPublish()
	}
	return nil
}
