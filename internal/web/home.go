package web

import (
	"net/http"
	"sort"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

type homePage struct {
	Meta
	Top    []storyCard
	Latest []storyCard
}

const (
	homeSample = 60 // newest stories the front page chooses from
	homeTop    = 5
	homeLatest = 20
)

// home is the front page: the most urgent of the recent stories on top
// (urgency first, then recency), the rest newest first.
func (s *Server) home(r *http.Request) (*response, error) {
	lang, err := parseLang(r.URL.Query().Get("lang"))
	if err != nil {
		return nil, err
	}
	page, err := s.pub.ListPublic(r.Context(), store.ListQuery{Language: lang, Limit: homeSample})
	if err != nil {
		return nil, err
	}
	top, latest := splitTop(page.Stories, homeTop)
	if len(latest) > homeLatest {
		latest = latest[:homeLatest]
	}
	data := homePage{Meta: s.meta(r, pageLang(lang), s.cfg.SiteName)}
	data.Canonical = s.abs("/")
	data.Description = uiStrings(lang)["footer"]
	data.Top = s.cards(top, pageLang(lang))
	data.Latest = s.cards(latest, pageLang(lang))
	return s.render("home", http.StatusOK, data)
}

// splitTop picks n top stories from a newest-first list: lowest urgency
// number first, newer first among equals. The rest keep their order.
func splitTop(list []*news.Story, n int) (top, rest []*news.Story) {
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return list[idx[a]].EffectiveUrgency() < list[idx[b]].EffectiveUrgency()
	})
	if n > len(idx) {
		n = len(idx)
	}
	chosen := map[int]bool{}
	for _, i := range idx[:n] {
		top = append(top, list[i])
		chosen[i] = true
	}
	for i, st := range list {
		if !chosen[i] {
			rest = append(rest, st)
		}
	}
	return top, rest
}
