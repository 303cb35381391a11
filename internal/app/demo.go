package app

import (
	"context"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/demo"
	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

// LoadDemo fills an empty database with the demo stories, their versions,
// a correction, an update, a kill and an embargo, as if they had happened
// over the last days. It does nothing (and returns 0) when the database
// holds any story.
func LoadDemo(ctx context.Context, st store.Stories, now time.Time, gz *gazetteer.Gazetteer) (int, error) {
	extract := publish.Extractor(gz)
	existing, err := st.ListStories(ctx, store.DeskQuery{Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(existing) > 0 {
		return 0, nil
	}
	items, err := demo.Stories(now)
	if err != nil {
		return 0, err
	}
	now = now.UTC()
	ids := map[string]string{}
	for _, it := range items {
		ids[it.Slug] = news.NewID(now.Add(-it.Age))
	}
	for _, it := range items {
		if it.TranslationOf == "" {
			continue
		}
		other, ok := ids[it.TranslationOf]
		if !ok {
			return 0, fmt.Errorf("demo story %s: translation of unknown story %q", it.Slug, it.TranslationOf)
		}
		for _, jt := range items {
			if jt.Slug == it.TranslationOf {
				linkTranslation(it.Story, jt.Story.Language, other)
				linkTranslation(jt.Story, it.Story.Language, ids[it.Slug])
			}
		}
	}
	for _, it := range items {
		if err := loadOne(ctx, st, it, ids[it.Slug], now, extract); err != nil {
			return 0, fmt.Errorf("demo story %s: %w", it.Slug, err)
		}
	}
	return len(items), nil
}

func loadOne(ctx context.Context, st store.Stories, it demo.Item, id string, now time.Time, extract func(*news.Story) news.Entities) error {
	s := it.Story
	published := now.Add(-it.Age)
	s.ID, s.Source, s.Status, s.Revision = id, "demo:"+it.Slug, news.StatusDraft, 1
	s.CreatedAt, s.ModifiedAt = published.Add(-time.Hour), published.Add(-time.Hour)
	s.Author = "demo"
	var v *news.Version
	var err error
	s.Entities = extract(s)
	if it.Embargo > 0 {
		until := now.Add(it.Embargo)
		v, err = s.Publish(published, &until, "demo")
	} else {
		v, err = s.Publish(published, nil, "demo")
	}
	if err != nil {
		return err
	}
	if err := st.CreateStory(ctx, s, v); err != nil {
		return err
	}
	later := func(d time.Duration) time.Time {
		t := published.Add(d)
		if t.After(now) {
			t = now
		}
		return t
	}
	step := func(fn store.Mutation) error {
		_, err := st.UpdateStory(ctx, id, fn)
		return err
	}
	if it.Update != "" {
		if err := step(func(s *news.Story) (*news.Version, error) {
			at := later(40 * time.Minute)
			if err := s.Edit(it.Updated(), at); err != nil {
				return nil, err
			}
			s.Entities = extract(s)
			return s.Publish(at, nil, "demo")
		}); err != nil {
			return err
		}
	}
	if it.Correction != "" {
		if err := step(func(s *news.Story) (*news.Version, error) {
			at := later(90 * time.Minute)
			if c := it.Corrected(); c != nil {
				if err := s.Edit(c, at); err != nil {
					return nil, err
				}
			}
			s.Entities = extract(s)
			return s.Correct(at, it.Correction, "demo")
		}); err != nil {
			return err
		}
	}
	if it.Kill != "" {
		if err := step(func(s *news.Story) (*news.Version, error) {
			return s.Kill(later(2*time.Hour), "demo content", it.Kill, nil, "demo")
		}); err != nil {
			return err
		}
	}
	return nil
}

// linkTranslation adds a translation link once.
func linkTranslation(s *news.Story, lang, id string) {
	for _, t := range s.Translations {
		if t.ID == id {
			return
		}
	}
	s.Translations = append(s.Translations, news.Translation{Language: lang, ID: id})
}
