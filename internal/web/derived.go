package web

import (
	"context"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// derivedCache holds what editors manage about the site (the menu's
// sections, the time zone), read once and kept until Invalidate.
type derivedCache struct {
	sections []news.Section
	loc      *time.Location
	have     bool
}

// siteSettings returns the managed sections (menu order) and the site's
// time zone. Without a settings store there are no sections and times
// are in UTC.
func (s *Server) siteSettings(ctx context.Context) ([]news.Section, *time.Location) {
	s.mu.Lock()
	if s.derived.have {
		defer s.mu.Unlock()
		return s.derived.sections, s.derived.loc
	}
	gen := s.derivedGen
	s.mu.Unlock()
	if s.cfg.Site == nil {
		return nil, time.UTC
	}
	secs, err := s.cfg.Site.Sections(ctx)
	if err != nil {
		s.log.Warn("reading the sections", "err", err)
		return nil, time.UTC
	}
	loc := time.UTC
	if name, err := s.cfg.Site.SiteSetting(ctx, store.SettingTimeZone); err != nil {
		s.log.Warn("reading the time zone", "err", err)
		return secs, loc
	} else if name != "" {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		} else {
			s.log.Warn("the site's time zone is not known; showing UTC", "zone", name, "err", err)
		}
	}
	s.mu.Lock()
	if gen == s.derivedGen {
		s.derived = derivedCache{sections: secs, loc: loc, have: true}
	}
	s.mu.Unlock()
	return secs, loc
}

// sectionKeys are the keys of the managed sections, in menu order.
func sectionKeys(list []news.Section) []string {
	out := make([]string, len(list))
	for i, sec := range list {
		out[i] = sec.Key
	}
	return out
}
