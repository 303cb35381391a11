// Package publish holds the newsroom's use cases: create and save drafts,
// publish now or under embargo, update, correct, kill, and release
// embargoes when their time comes. It applies the domain rules of package
// news inside store transactions and tells listeners about public changes.
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// Service runs the use cases. It is safe for concurrent use.
type Service struct {
	st  store.Stories
	now func() time.Time
	log *slog.Logger

	mu        sync.RWMutex
	listeners []func(news.Version)
	extractor func(*news.Story) news.Entities
}

// New returns a Service. now may be nil (time.Now).
func New(st store.Stories, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, now: now, log: log}
}

// OnChange registers fn to be called after every public change has been
// committed (publish, update, correct, kill, withhold, release).
func (s *Service) OnChange(fn func(news.Version)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

func (s *Service) changed(v *news.Version) {
	if v == nil {
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, fn := range s.listeners {
		fn(*v)
	}
}

// SetExtractor makes every public version (publish, update, correct,
// embargo release) carry the entities fn finds in the story: fn runs inside
// the store transaction, on the content being published, before the
// version snapshot is taken. nil turns extraction off. See Extractor for
// the one Dateline uses.
func (s *Service) SetExtractor(fn func(*news.Story) news.Entities) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extractor = fn
}

// Extract runs the extractor set with SetExtractor on st without storing
// anything (for copy checks on a working copy); ok is false when there is
// none.
func (s *Service) Extract(st *news.Story) (e news.Entities, ok bool) {
	s.mu.RLock()
	fn := s.extractor
	s.mu.RUnlock()
	if fn == nil {
		return news.Entities{}, false
	}
	return fn(st), true
}

// extract fills st.Entities when an extractor is set.
func (s *Service) extract(st *news.Story) {
	s.mu.RLock()
	fn := s.extractor
	s.mu.RUnlock()
	if fn != nil {
		st.Entities = fn(st)
	}
}

// System is the audit log's name for changes nobody made by hand (an
// embargo running out).
const System = "system"

// audited returns ctx carrying e, so that the store transaction making the
// change also appends e to the audit log.
func audited(ctx context.Context, by, action string) (context.Context, *store.AuditEntry) {
	if by == "" {
		by = System
	}
	e := &store.AuditEntry{User: by, Action: action}
	return store.WithAudit(ctx, e), e
}

// Create stores a new draft written by author.
func (s *Service) Create(ctx context.Context, in *news.Story, author string) (*news.Story, error) {
	now := s.now().UTC()
	st := in.Clone()
	st.Normalize()
	if err := st.Validate(); err != nil {
		return nil, err
	}
	st.ID = news.NewID(now)
	st.Status = news.StatusDraft
	st.Version, st.Revision = 0, 1
	st.CreatedAt, st.ModifiedAt = now, now
	st.FirstPublishedAt, st.UpdatedAt, st.EmbargoUntil = nil, nil, nil
	st.Corrections, st.KillNotice, st.Unpublished = nil, "", false
	st.Author = author
	ctx, e := audited(ctx, author, "create")
	e.At, e.StoryID, e.Detail = now, st.ID, st.Headline
	if err := s.st.CreateStory(ctx, st, nil); err != nil {
		return nil, err
	}
	return st, nil
}

// checkBase returns a *RevisionConflict (a store.ErrConflict) when the
// client edited an older revision than the one stored. base 0 means "no
// check".
func checkBase(st *news.Story, base int) error {
	if base != 0 && st.Revision != base {
		return &RevisionConflict{Base: base, Current: st.Revision}
	}
	return nil
}

// RevisionConflict: a change was made against revision Base, but the story
// is at Current. errors.Is(err, store.ErrConflict) holds.
type RevisionConflict struct{ Base, Current int }

func (e *RevisionConflict) Error() string {
	return fmt.Sprintf("%v: you edited revision %d, the story is now at revision %d", store.ErrConflict, e.Base, e.Current)
}

// Is makes errors.Is(err, store.ErrConflict) hold.
func (e *RevisionConflict) Is(target error) bool { return target == store.ErrConflict }

// Save replaces the working copy's content. It never makes a public
// version and never moves "Updated at": on a story that is public or
// scheduled the edit stays unpublished until an editor publishes it.
func (s *Service) Save(ctx context.Context, id string, base int, in *news.Story, by string) (*news.Story, error) {
	ctx, e := audited(ctx, by, "edit")
	return s.st.UpdateStory(ctx, id, func(st *news.Story) (*news.Version, error) {
		if err := checkBase(st, base); err != nil {
			return nil, err
		}
		now := s.now().UTC()
		if err := st.Edit(in, now); err != nil {
			return nil, err
		}
		e.At, e.StoryID, e.Detail = now, st.ID, fmt.Sprintf("revision %d", st.Revision+1)
		if st.Unpublished {
			e.Detail += " (working copy; not published)"
		}
		return nil, nil
	})
}

// Discard drops the unpublished edits of a story's working copy: it goes
// back to the latest public (or scheduled) version.
func (s *Service) Discard(ctx context.Context, id string, base int, by string) (*news.Story, error) {
	ctx, e := audited(ctx, by, "discard")
	return s.st.UpdateStory(ctx, id, func(st *news.Story) (*news.Version, error) {
		if err := checkBase(st, base); err != nil {
			return nil, err
		}
		pub, err := s.public(ctx, st)
		if err != nil {
			return nil, err
		}
		now := s.now().UTC()
		e.At, e.StoryID, e.Detail = now, st.ID, fmt.Sprintf("working copy back to version %d", st.Version)
		return nil, st.Discard(pub, now)
	})
}

// public returns the content of the story's latest version (the one the
// public, or embargoed subscribers, have), nil before the first.
func (s *Service) public(ctx context.Context, st *news.Story) (*news.Story, error) {
	if st.Version == 0 {
		return nil, nil
	}
	v, err := s.st.Version(ctx, st.ID, st.Version)
	if err != nil {
		return nil, fmt.Errorf("reading version %d of %s: %w", st.Version, st.ID, err)
	}
	return &v.Story, nil
}

// Change is an optional content edit applied together with a public
// change (publish, correct).
type Change struct {
	Base    int         // revision the client edited; 0: no check
	Content *news.Story // nil: publish the working copy as it is
	// KeepEmbargo makes Publish on a scheduled story without an embargo
	// time keep the current one: the new version replaces the scheduled
	// one and goes out at the same time. Without it, the embargo is
	// lifted.
	KeepEmbargo bool
}

// change is what one public change does inside the transaction: it may
// read pub, the content of the latest version, and names itself in the
// audit entry e.
type change func(st, pub *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error)

// apply runs a public change and its audit entry in one transaction; with
// extract set, entities are found in the content before fn makes the
// version; with needPublic, fn gets the latest version's content.
func (s *Service) apply(ctx context.Context, id string, c Change, by, action string, extract, needPublic bool, fn change) (*news.Story, error) {
	var made *news.Version
	ctx, e := audited(ctx, by, action)
	st, err := s.st.UpdateStory(ctx, id, func(st *news.Story) (*news.Version, error) {
		if err := checkBase(st, c.Base); err != nil {
			return nil, err
		}
		now := s.now().UTC()
		if c.Content != nil {
			if err := st.Edit(c.Content, now); err != nil {
				return nil, err
			}
		}
		if extract {
			s.extract(st)
		}
		var pub *news.Story
		if needPublic {
			var err error
			if pub, err = s.public(ctx, st); err != nil {
				return nil, err
			}
		}
		e.At, e.StoryID = now, st.ID
		v, err := fn(st, pub, now, e)
		if v != nil && e.Detail == "" {
			e.Detail = fmt.Sprintf("version %d", v.Number)
		}
		made = v
		return v, err
	})
	if err != nil {
		return nil, err
	}
	s.changed(made)
	return st, nil
}

// Publish makes the story public now, or at embargo when it is not nil.
func (s *Service) Publish(ctx context.Context, id string, c Change, embargo *time.Time, by string) (*news.Story, error) {
	return s.apply(ctx, id, c, by, "publish", true, false, func(st, _ *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
		from, was := st.Status, st.EmbargoUntil
		emb := embargo
		if emb == nil && c.KeepEmbargo && from == news.StatusScheduled && st.EmbargoUntil != nil && st.EmbargoUntil.After(now) {
			emb = st.EmbargoUntil
		}
		v, err := st.Publish(now, emb, by)
		if err != nil {
			return nil, err
		}
		switch {
		case from == news.StatusDraft && emb != nil:
			e.Action, e.Detail = "embargo", fmt.Sprintf("version %d under embargo until %s", v.Number, emb.Format(time.RFC3339))
		case from == news.StatusScheduled && emb != nil:
			how := "moved to"
			if was != nil && was.Equal(*emb) {
				how = "kept at"
			}
			e.Action, e.Detail = "embargo", fmt.Sprintf("version %d replaces the scheduled version; embargo %s %s", v.Number, how, emb.Format(time.RFC3339))
		case from == news.StatusScheduled:
			e.Action, e.Detail = "embargo", fmt.Sprintf("embargo lifted: version %d published now", v.Number)
		case from == news.StatusPublished || from == news.StatusWithheld:
			e.Action = "update"
		}
		return v, nil
	})
}

// Correct publishes a new version with a public correction note.
func (s *Service) Correct(ctx context.Context, id string, c Change, note, by string) (*news.Story, error) {
	return s.apply(ctx, id, c, by, "correct", true, false, func(st, _ *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
		v, err := st.Correct(now, note, by)
		if err == nil {
			e.Detail = fmt.Sprintf("version %d: %s", v.Number, strings.TrimSpace(note))
		}
		return v, err
	})
}

// Kill withdraws the story everywhere and recalls every version. reason
// is internal: it goes to the audit log only. notice is the public text
// shown instead of the story ("" for news.DefaultKillNotice).
func (s *Service) Kill(ctx context.Context, id string, base int, reason, notice, by string) (*news.Story, error) {
	return s.apply(ctx, id, Change{Base: base}, by, "kill", false, true, func(st, pub *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
		v, err := st.Kill(now, reason, notice, pub, by)
		if err == nil {
			e.Detail = fmt.Sprintf("version %d; reason (internal): %s; public notice: %s", v.Number, strings.TrimSpace(reason), st.KillNotice)
		}
		return v, err
	})
}

// Withhold takes a published story off public channels for now.
func (s *Service) Withhold(ctx context.Context, id string, base int, reason, by string) (*news.Story, error) {
	return s.apply(ctx, id, Change{Base: base}, by, "withhold", false, true, func(st, pub *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
		v, err := st.Withhold(now, reason, pub, by)
		if err == nil {
			e.Detail = fmt.Sprintf("version %d: %s", v.Number, strings.TrimSpace(reason))
		}
		return v, err
	})
}

// Reinstate releases a withheld story back to usable, as it was when it
// was withheld.
func (s *Service) Reinstate(ctx context.Context, id string, base int, by string) (*news.Story, error) {
	return s.apply(ctx, id, Change{Base: base}, by, "release", false, true, func(st, pub *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
		v, err := st.Reinstate(now, pub, by)
		if err == nil {
			e.Detail = fmt.Sprintf("version %d: withheld story usable again", v.Number)
		}
		return v, err
	})
}

// ReleaseDue releases every scheduled story whose embargo has run out and
// returns how many it released. What goes out is the scheduled version,
// never later edits of the working copy. The embargo is stored with the
// story in the same transaction that scheduled it, so a server that was
// down at the embargo time releases it at its next pass after start.
func (s *Service) ReleaseDue(ctx context.Context) (int, error) {
	ids, err := s.st.DueEmbargoes(ctx, s.now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := s.apply(ctx, id, Change{}, System, "embargo-release", false, true, func(st, pub *news.Story, now time.Time, e *store.AuditEntry) (*news.Version, error) {
			if pub != nil {
				// Entities of the scheduled text, found again in case
				// extraction was off when it was scheduled.
				pub = pub.Clone()
				s.extract(pub)
			}
			v, err := st.Release(now, pub)
			if err == nil {
				e.Detail = fmt.Sprintf("embargo ran out: version %d (the scheduled version %d) published", v.Number, v.Number-1)
			}
			return v, err
		})
		switch {
		case err == nil:
			n++
		case errors.Is(err, news.ErrTransition):
			// Released, lifted or killed by someone else meanwhile.
		default:
			return n, err
		}
	}
	return n, nil
}

// RunReleaser calls ReleaseDue every interval until ctx ends.
func (s *Service) RunReleaser(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.ReleaseDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("embargo release failed", "err", err)
		} else if n > 0 {
			s.log.Info("embargoes released", "stories", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
