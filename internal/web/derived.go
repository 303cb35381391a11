package web

import (
	"net/http"
	"sort"

	"github.com/dateline-news/dateline/internal/store"
)

// derivedCache holds the navigation sections; Invalidate resets it.
type derivedCache struct {
	sections []string
	haveSecs bool
}

// sectionsSample is how many recent stories the navigation's sections are
// taken from.
const sectionsSample = 200

// sections lists the sections of recent stories, most used first, for the
// navigation.
func (s *Server) sections(r *http.Request) []string {
	s.mu.Lock()
	if s.derived.haveSecs {
		defer s.mu.Unlock()
		return s.derived.sections
	}
	gen := s.derivedGen
	s.mu.Unlock()
	page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Limit: sectionsSample})
	if err != nil {
		s.log.Warn("listing sections", "err", err)
		return nil
	}
	count := map[string]int{}
	for _, st := range page.Stories {
		if st.Section != "" {
			count[st.Section]++
		}
	}
	secs := make([]string, 0, len(count))
	for k := range count {
		secs = append(secs, k)
	}
	sort.Slice(secs, func(i, j int) bool {
		if count[secs[i]] != count[secs[j]] {
			return count[secs[i]] > count[secs[j]]
		}
		return secs[i] < secs[j]
	})
	if len(secs) > 8 {
		secs = secs[:8]
	}
	s.mu.Lock()
	if gen == s.derivedGen {
		s.derived.sections, s.derived.haveSecs = secs, true
	}
	s.mu.Unlock()
	return secs
}
