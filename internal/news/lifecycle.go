package news

import (
	"reflect"
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
	Note    string    `json:"note,omitempty"` // correction note, kill notice or withhold reason
	Story   Story     `json:"story"`          // the content as of this version
	// Quiet keeps the version's event off the subscribers' feed (an
	// archive import): it is public on the site, in the change log, and
	// subscribers may fetch and search it, but nobody is sent it.
	Quiet bool `json:"quiet,omitempty"`
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
	Quiet        bool       `json:"quiet,omitempty"` // not sent to subscribers (see Version.Quiet)
}

// EventFor builds the change-log event of a version.
func EventFor(v *Version) Event {
	s := &v.Story
	return Event{StoryID: v.StoryID, Version: v.Number, Action: v.Action, At: v.At, Status: s.Status,
		Language: s.Language, Section: s.Section, Urgency: s.EffectiveUrgency(), EmbargoUntil: cloneTime(s.EmbargoUntil), Quiet: v.Quiet}
}

func refuse(s *Story, action, reason string) error {
	return &TransitionError{From: s.Status, Action: action, Reason: reason}
}

// DefaultKillNotice is the public notice of a kill when the editor writes
// none.
const DefaultKillNotice = "This story has been withdrawn."

// content is what an editor writes: the fields a version publishes.
type content struct {
	Language, Headline, Standfirst, Byline, Section, LeadPicture string
	Picture                                                      *Picture
	Dateline                                                     Dateline
	Body                                                         []Block
	Tags                                                         []string
	Urgency                                                      int
	Translations                                                 []Translation
}

func (s *Story) content() content {
	c := content{Language: s.Language, Headline: s.Headline, Standfirst: s.Standfirst, Byline: s.Byline,
		Section: s.Section, Dateline: s.Dateline, Urgency: s.Urgency, LeadPicture: s.LeadPicture, Picture: s.Picture}
	if len(s.Body) > 0 {
		c.Body = s.Body
	}
	if len(s.Tags) > 0 {
		c.Tags = s.Tags
	}
	if len(s.Translations) > 0 {
		c.Translations = s.Translations
	}
	return c
}

// SameContent reports whether a and b have the same content (headline,
// standfirst, dateline, byline, body, section, tags, urgency, language,
// translations).
func SameContent(a, b *Story) bool { return reflect.DeepEqual(a.content(), b.content()) }

// setContent copies the content of c, and the entities found in it, into s.
func (s *Story) setContent(c *Story) {
	d := c.Clone()
	s.Language, s.Headline, s.Standfirst, s.Dateline, s.Byline = d.Language, d.Headline, d.Standfirst, d.Dateline, d.Byline
	s.Body, s.Section, s.Tags, s.Urgency, s.Translations = d.Body, d.Section, d.Tags, d.Urgency, d.Translations
	s.Entities, s.LeadPicture = d.Entities, d.LeadPicture
	if d.Picture != nil {
		s.Picture = d.Picture
	}
}

// Edit replaces the working copy's content with that of in. It is allowed
// in every state but killed. Once a story has a public (or scheduled)
// version, an edit changes only the working copy and marks it Unpublished:
// what goes out moves only when an editor publishes or corrects, never
// by a save, an embargo release, a withhold or a kill. It never moves
// UpdatedAt.
func (s *Story) Edit(in *Story, now time.Time) error {
	if s.Status == StatusKilled {
		return refuse(s, "edit", "a killed story is final")
	}
	c := in.Clone()
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	before := s.content()
	s.Language, s.Headline, s.Standfirst, s.Dateline, s.Byline = c.Language, c.Headline, c.Standfirst, c.Dateline, c.Byline
	s.Body, s.Section, s.Tags, s.Urgency, s.Translations = c.Body, c.Section, c.Tags, c.Urgency, c.Translations
	s.LeadPicture = c.LeadPicture
	if s.Picture != nil && c.Picture != nil {
		// The file, its size and renditions come from processing, never from an edit.
		p := s.Picture
		p.Caption, p.Credit, p.Alt, p.Creator, p.Copyright = c.Picture.Caption, c.Picture.Credit, c.Picture.Alt, c.Picture.Creator, c.Picture.Copyright
		p.City, p.Country, p.TakenAt, p.Focal = c.Picture.City, c.Picture.Country, c.Picture.TakenAt, c.Picture.Focal
	}
	if s.Version > 0 && !reflect.DeepEqual(before, s.content()) {
		s.Unpublished = true
	}
	s.ModifiedAt = now
	return nil
}

// Discard drops the working copy's unpublished edits: its content becomes
// that of public, the latest public (or scheduled) version.
func (s *Story) Discard(public *Story, now time.Time) error {
	switch {
	case s.Status == StatusKilled:
		return refuse(s, "discard the working copy of", "a killed story is final")
	case s.Version == 0 || public == nil:
		return refuse(s, "discard the working copy of", "a draft has no public version to go back to")
	}
	s.setContent(public)
	s.Unpublished = false
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
// already published it makes an update. On a scheduled story it replaces
// the scheduled version: with an embargo, under that embargo; without
// one, public now (the embargo is lifted).
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
		return s.newVersion(nil, ActionPublish, now, by, ""), nil
	case StatusScheduled:
		if embargo != nil {
			e := embargo.UTC()
			s.EmbargoUntil = &e
			return s.newVersion(nil, ActionPublish, now, by, ""), nil
		}
		s.EmbargoUntil = nil
		s.Status = StatusPublished
		s.markPublic(now)
		return s.newVersion(nil, ActionRelease, now, by, ""), nil
	case StatusPublished, StatusWithheld:
		if embargo != nil {
			return nil, refuse(s, "embargo", "an embargo applies only before a story is first public")
		}
		s.Status = StatusPublished
		s.markPublic(now)
		return s.newVersion(nil, ActionUpdate, now, by, ""), nil
	}
	return nil, refuse(s, "publish", "a killed story cannot be published again")
}

// Release makes a scheduled story public when its embargo time has come.
// What goes out is scheduled, the content of the scheduled version, never
// edits saved to the working copy since (those stay unpublished).
func (s *Story) Release(now time.Time, scheduled *Story) (*Version, error) {
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
	return s.newVersion(scheduled, ActionRelease, now, "", ""), nil
}

// Reinstate makes a withheld story usable again with public, the content
// it had when it was withheld (publishing the working copy instead is an
// update: see Publish).
func (s *Story) Reinstate(now time.Time, public *Story, by string) (*Version, error) {
	if s.Status != StatusWithheld {
		return nil, refuse(s, "release", "only a withheld story is released back to usable")
	}
	s.Status = StatusPublished
	s.markPublic(now)
	return s.newVersion(public, ActionRelease, now, by, ""), nil
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
	return s.newVersion(nil, ActionCorrect, now, by, note), nil
}

// CheckKill validates the internal reason and the public notice of a kill
// and returns them trimmed, the notice defaulted.
func CheckKill(reason, notice string) (string, string, error) {
	reason, notice = strings.TrimSpace(CleanText(reason)), strings.TrimSpace(CleanText(notice))
	var fe []FieldError
	if reason == "" {
		fe = append(fe, FieldError{"reason", "a kill needs an internal reason (for the audit log)"})
	} else if utf8.RuneCountInString(reason) > MaxNote {
		fe = append(fe, FieldError{"reason", "is too long"})
	}
	if utf8.RuneCountInString(notice) > MaxNote {
		fe = append(fe, FieldError{"notice", "is too long"})
	}
	if len(fe) > 0 {
		return "", "", &ValidationError{Fields: fe}
	}
	if notice == "" {
		notice = DefaultKillNotice
	}
	return reason, notice, nil
}

// Kill withdraws the story from every channel for good, recalling every
// version. reason is internal (it is not stored on the story: the caller
// records it in the audit log); notice is what the public and subscribers
// see. The kill's version keeps the headline of public, the latest public
// version, and no standfirst or body.
func (s *Story) Kill(now time.Time, reason, notice string, public *Story, by string) (*Version, error) {
	_, notice, err := CheckKill(reason, notice)
	if err != nil {
		return nil, err
	}
	switch s.Status {
	case StatusPublished, StatusScheduled, StatusWithheld:
	case StatusKilled:
		return nil, refuse(s, "kill", "it is killed already")
	default:
		return nil, refuse(s, "kill", "a draft was never public; delete it instead")
	}
	s.Status = StatusKilled
	s.KillNotice = notice
	t := now.UTC()
	s.UpdatedAt = &t
	v := s.newVersion(public, ActionKill, now, by, notice)
	v.Story.Standfirst, v.Story.Body, v.Story.Entities = "", nil, Entities{}
	return v, nil
}

// Withhold takes a published story off public channels until it is
// released (Reinstate) or published again. Its version carries public,
// the content subscribers hold, so that they know what to hold back.
func (s *Story) Withhold(now time.Time, reason string, public *Story, by string) (*Version, error) {
	if s.Status != StatusPublished {
		return nil, refuse(s, "withhold", "only a published story can be withheld")
	}
	if utf8.RuneCountInString(reason) > MaxNote {
		return nil, &ValidationError{Fields: []FieldError{{"reason", "is too long"}}}
	}
	s.Status = StatusWithheld
	t := now.UTC()
	s.UpdatedAt = &t
	return s.newVersion(public, ActionWithhold, now, by, strings.TrimSpace(CleanText(reason))), nil
}

func (s *Story) markPublic(at time.Time) {
	t := at.UTC()
	if s.FirstPublishedAt == nil {
		s.FirstPublishedAt = &t
	}
	s.UpdatedAt = &t
}

// newVersion makes the next version. Its content is that of public when
// given (a change that publishes no new content: release, withhold, kill),
// else the working copy's, which is then no longer unpublished.
func (s *Story) newVersion(public *Story, a Action, now time.Time, by, note string) *Version {
	s.Version++
	c := s.Clone()
	if public != nil {
		c.setContent(public)
	} else {
		s.Unpublished = false
	}
	c.Unpublished = false
	return &Version{StoryID: s.ID, Number: s.Version, Action: a, At: now.UTC(), By: by, Note: note, Story: *c}
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
