// Package storyjson is the story as JSON in Dateline's contract: the shape
// `dateline parse` prints and the newsroom API speaks.
package storyjson

import (
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// Person, Organisation, Place and Quote come from extraction.
type (
	Person struct {
		Name string `json:"name"`
		Role string `json:"role,omitempty"`
	}
	Organisation struct {
		Name string `json:"name"`
	}
	Place struct {
		Name    string `json:"name"`
		Country string `json:"country,omitempty"`
	}
	Quote struct {
		Speaker   string `json:"speaker"`
		Text      string `json:"text"`
		Paragraph int    `json:"paragraph"`
	}
)

// Story is the contract's JSON shape.
type Story struct {
	ID               string             `json:"id"`
	Version          int                `json:"version"`
	Revision         int                `json:"revision"`
	Status           news.Status        `json:"status"`
	Language         string             `json:"language"`
	Headline         string             `json:"headline"`
	Standfirst       string             `json:"standfirst"`
	Dateline         news.Dateline      `json:"dateline"`
	Byline           string             `json:"byline"`
	BodyHTML         string             `json:"body_html"`
	Section          string             `json:"section"`
	Tags             []string           `json:"tags"`
	Urgency          int                `json:"urgency"`
	EmbargoUntil     *time.Time         `json:"embargo_until"`
	FirstPublishedAt *time.Time         `json:"first_published_at"`
	UpdatedAt        *time.Time         `json:"updated_at"`
	Corrections      []news.Correction  `json:"corrections"`
	Translations     []news.Translation `json:"translations"`
	URL              string             `json:"url"`
	LeadPicture      *string            `json:"lead_picture"`
	People           []Person           `json:"people"`
	Organisations    []Organisation     `json:"organisations"`
	Places           []Place            `json:"places"`
	Quotes           []Quote            `json:"quotes"`
	// Unpublished: the working copy has edits that are not in the latest
	// public (or scheduled) version; KillNotice: the public notice of a
	// kill.
	Unpublished bool   `json:"unpublished"`
	KillNotice  string `json:"kill_notice,omitempty"`
}

// From renders a story; baseURL makes the article URL absolute (empty: no
// URL, as for a parsed file that is not stored).
func From(s *news.Story, baseURL string) Story {
	j := Story{
		ID: s.ID, Version: s.Version, Revision: s.Revision, Status: s.Status, Language: s.Language,
		Headline: s.Headline, Standfirst: s.Standfirst, Dateline: s.Dateline, Byline: s.Byline,
		BodyHTML: s.BodyHTML(), Section: s.Section, Tags: nonNil(s.Tags), Urgency: s.Urgency,
		EmbargoUntil: s.EmbargoUntil, FirstPublishedAt: s.FirstPublishedAt, UpdatedAt: s.UpdatedAt,
		Corrections: nonNil(s.Corrections), Translations: nonNil(s.Translations),
		People: []Person{}, Organisations: []Organisation{}, Places: []Place{}, Quotes: []Quote{},
		Unpublished: s.Unpublished, KillNotice: s.KillNotice,
	}
	if s.LeadPicture != "" {
		lp := s.LeadPicture
		j.LeadPicture = &lp
	}
	if baseURL != "" && s.ID != "" {
		j.URL = baseURL + "/news/" + s.ID
	}
	for _, p := range s.Entities.People {
		j.People = append(j.People, Person{Name: p.Name, Role: p.Role})
	}
	for _, o := range s.Entities.Organisations {
		j.Organisations = append(j.Organisations, Organisation{Name: o.Name})
	}
	for _, p := range s.Entities.Places {
		j.Places = append(j.Places, Place{Name: p.Name, Country: p.Country})
	}
	for _, q := range s.Entities.Quotes {
		j.Quotes = append(j.Quotes, Quote{Speaker: q.Speaker, Text: q.Text, Paragraph: q.Paragraph})
	}
	return j
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
