package news

import (
	"strings"
	"unicode"
)

// Entities is what extraction found in a story: the people, organisations
// and places it names and the quotations in its body. It is filled when a
// version is published (see package publish) and travels with the story
// and its version snapshots; a draft keeps the entities of its last public
// version until it is published again.
type Entities struct {
	People        []Person       `json:"people,omitempty"`
	Organisations []Organisation `json:"organisations,omitempty"`
	Places        []Place        `json:"places,omitempty"`
	Quotes        []Quote        `json:"quotes,omitempty"`
}

// Person is a person named in a story.
type Person struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`    // "Prime Minister", "министр иностранных дел России"
	Country string `json:"country,omitempty"` // ISO 3166 alpha-2 of the country the role belongs to
}

// Organisation is an organisation named in a story.
type Organisation struct {
	Name string `json:"name"`
}

// Place is a place named in a story.
type Place struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"` // ISO 3166 alpha-2
	Kind    string `json:"kind,omitempty"`    // country, region, city ... as the gazetteer says
}

// Quote is a direct quotation and who said it.
type Quote struct {
	Speaker   string `json:"speaker"` // a person's full name, an organisation, "statement", or ""
	Text      string `json:"text"`
	Paragraph int    `json:"paragraph"` // 1-based index in Body where the quotation opens
	Verb      string `json:"verb,omitempty"`
}

// IsZero reports whether nothing was found (or extraction never ran).
func (e Entities) IsZero() bool {
	return len(e.People) == 0 && len(e.Organisations) == 0 && len(e.Places) == 0 && len(e.Quotes) == 0
}

// Clone returns a deep copy of e.
func (e Entities) Clone() Entities {
	return Entities{
		People:        append([]Person(nil), e.People...),
		Organisations: append([]Organisation(nil), e.Organisations...),
		Places:        append([]Place(nil), e.Places...),
		Quotes:        append([]Quote(nil), e.Quotes...),
	}
}

// EntitySlug is the URL part of an entity page (/person/{slug}): the
// name's letters and digits (any script) in lower case, words joined by
// hyphens. Two spellings that differ only in case or punctuation share a
// slug.
func EntitySlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}
