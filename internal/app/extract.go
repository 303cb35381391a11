package app

import (
	"sync"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
)

// Extractor returns the extraction Dateline runs on publish, for commands
// that run without a server (import, parse). The gazetteer is loaded on
// the first call, so a command that never extracts does not pay for it;
// if it cannot be loaded, places are not found and the rest still is.
func Extractor() func(*news.Story) news.Entities {
	var once sync.Once
	var fn func(*news.Story) news.Entities
	return func(s *news.Story) news.Entities {
		once.Do(func() {
			g, err := gazetteer.Load()
			if err != nil {
				g = nil
			}
			fn = publish.Extractor(g)
		})
		return fn(s)
	}
}
