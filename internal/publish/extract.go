package publish

import (
	"github.com/dateline-news/dateline/internal/extract"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
)

// Extractor returns the extraction Dateline runs on publish, for
// Service.SetExtractor: people, organisations, places (resolved against g;
// nil finds no places) and quotes.
func Extractor(g *gazetteer.Gazetteer) func(*news.Story) news.Entities {
	return func(s *news.Story) news.Entities { return EntitiesOf(extract.Extract(s, g)) }
}

// EntitiesOf converts an extraction result to the domain's entities.
func EntitiesOf(r extract.Result) news.Entities {
	var e news.Entities
	for _, p := range r.People {
		e.People = append(e.People, news.Person{Name: p.Name, Role: p.Role, Country: p.Country})
	}
	for _, o := range r.Organisations {
		e.Organisations = append(e.Organisations, news.Organisation{Name: o.Name})
	}
	for _, p := range r.Places {
		e.Places = append(e.Places, news.Place{Name: p.Name, Country: p.Country, Kind: string(p.Kind)})
	}
	for _, q := range r.Quotes {
		e.Quotes = append(e.Quotes, news.Quote{Speaker: q.Speaker, Text: q.Text, Paragraph: q.Paragraph, Verb: q.Verb})
	}
	return e
}
