package web

import (
	"net/http"
	"sort"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// homePage is the front page: a lead story, the top stories beside it,
// a block per managed section and the "All news" rail.
type homePage struct {
	Meta
	Lead     *storyCard
	Top      []storyCard
	Blocks   []sectionBlock
	Rail     []storyCard
	RailFeed string // the live stream the rail follows, for scripts
}

type sectionBlock struct {
	Section link
	Stories []storyCard
}

const (
	homeSample    = 60 // newest stories the front page chooses from
	homeTop       = 5  // the lead and the top stories beside it
	homeRail      = 20 // items of the "All news" rail
	homeBlockSize = 3  // stories per section block
	homeBlocks    = 8  // section blocks at most
)

// home is the front page of one language (English unless ?lang=). The
// lead and top stories are the most urgent of the recent ones (urgency
// first, then recency); each managed section then shows its newest
// stories not shown above; the rail lists the newest stories.
func (s *Server) home(r *http.Request) (*response, error) {
	lang, err := s.siteLang(r)
	if err != nil {
		return nil, err
	}
	pl := pageLang(lang)
	ctx := r.Context()
	page, err := s.pub.ListPublic(ctx, store.ListQuery{Language: pl, Limit: homeSample})
	if err != nil {
		return nil, err
	}
	top, _ := splitTop(page.Stories, homeTop)
	rail := page.Stories
	if len(rail) > homeRail {
		rail = rail[:homeRail]
	}
	data := homePage{Meta: s.meta(r, pl, s.cfg.SiteName), RailFeed: "/news/live" + langQuery(lang)}
	data.Canonical = s.abs("/" + langQuery(lang))
	data.Description = uiStrings(pl)["footer"]
	shown := map[string]bool{}
	if len(top) > 0 {
		cards := s.cards(ctx, top, pl)
		// The lead shows its picture large, at once; the top stories
		// small, loaded as they scroll into view.
		for i, st := range top {
			shown[st.ID] = true
			pic, err := s.leadPicture(ctx, st)
			if err != nil {
				return nil, err
			}
			if pic != nil {
				if i == 0 {
					cards[i].Picture = s.viewPicture(pic, "(min-width: 64rem) 46rem, 100vw", false)
				} else {
					cards[i].Picture = s.viewPicture(pic, "(min-width: 64rem) 22rem, 100vw", true)
				}
			}
		}
		data.Lead, data.Top = &cards[0], cards[1:]
	}
	data.Rail = s.cards(ctx, rail, pl)
	secs, _ := s.siteSettings(ctx)
	for _, sec := range secs {
		if len(data.Blocks) == homeBlocks {
			break
		}
		sp, err := s.pub.ListPublic(ctx, store.ListQuery{Language: pl, Section: sec.Key, Limit: homeBlockSize + homeTop})
		if err != nil {
			return nil, err
		}
		var list []*news.Story
		for _, st := range sp.Stories {
			if !shown[st.ID] && len(list) < homeBlockSize {
				list = append(list, st)
			}
		}
		if len(list) == 0 {
			continue
		}
		data.Blocks = append(data.Blocks, sectionBlock{Section: s.sectionLink(sec.Key, secs, pl), Stories: s.cards(ctx, list, pl)})
	}
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
