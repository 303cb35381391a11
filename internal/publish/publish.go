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
	st.Corrections, st.KillReason = nil, ""
	st.Author = author
	if err := s.st.CreateStory(ctx, st, nil); err != nil {
		return nil, err
	}
	return st, nil
}

// checkBase returns store.ErrConflict when the client edited an older
// revision than the one stored. base 0 means "no check".
func checkBase(st *news.Story, base int) error {
	if base != 0 && st.Revision != base {
		return fmt.Errorf("%w: you edited revision %d, the story is now at revision %d", store.ErrConflict, base, st.Revision)
	}
	return nil
}

// Save replaces the working copy's content. It never makes a public
// version and never moves "Updated at".
func (s *Service) Save(ctx context.Context, id string, base int, in *news.Story) (*news.Story, error) {
	return s.st.UpdateStory(ctx, id, func(st *news.Story) (*news.Version, error) {
		if err := checkBase(st, base); err != nil {
			return nil, err
		}
		return nil, st.Edit(in, s.now().UTC())
	})
}

// Change is an optional content edit applied together with a public
// change (publish, correct).
type Change struct {
	Base    int         // revision the client edited; 0: no check
	Content *news.Story // nil: publish the working copy as it is
}

// apply runs a public change; with extract set, entities are found in
// the content before fn makes the version.
func (s *Service) apply(ctx context.Context, id string, c Change, extract bool, fn func(st *news.Story, now time.Time) (*news.Version, error)) (*news.Story, error) {
	var made *news.Version
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
		v, err := fn(st, now)
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
	return s.apply(ctx, id, c, true, func(st *news.Story, now time.Time) (*news.Version, error) {
		return st.Publish(now, embargo, by)
	})
}

// Correct publishes a new version with a public correction note.
func (s *Service) Correct(ctx context.Context, id string, c Change, note, by string) (*news.Story, error) {
	return s.apply(ctx, id, c, true, func(st *news.Story, now time.Time) (*news.Version, error) {
		return st.Correct(now, note, by)
	})
}

// Kill withdraws the story everywhere.
func (s *Service) Kill(ctx context.Context, id string, base int, reason, by string) (*news.Story, error) {
	return s.apply(ctx, id, Change{Base: base}, false, func(st *news.Story, now time.Time) (*news.Version, error) {
		return st.Kill(now, reason, by)
	})
}

// Withhold takes a published story off public channels.
func (s *Service) Withhold(ctx context.Context, id string, base int, reason, by string) (*news.Story, error) {
	return s.apply(ctx, id, Change{Base: base}, false, func(st *news.Story, now time.Time) (*news.Version, error) {
		return st.Withhold(now, reason, by)
	})
}

// ReleaseDue releases every scheduled story whose embargo has run out and
// returns how many it released. The embargo is stored with the story in the
// same transaction that scheduled it, so a server that was down at the
// embargo time releases it at its next pass after start.
func (s *Service) ReleaseDue(ctx context.Context) (int, error) {
	ids, err := s.st.DueEmbargoes(ctx, s.now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, err := s.apply(ctx, id, Change{}, true, func(st *news.Story, now time.Time) (*news.Version, error) {
			return st.Release(now)
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
