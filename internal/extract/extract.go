// Package extract finds the people, organisations and places a story is
// about and the quotes in it, with their speakers, in English and Russian.
//
// It works in linear passes over tokens, with word lists and the
// gazetteer; no regular expressions run over whole texts. Work is capped
// (MaxTokens), so any input finishes quickly, and bad input (unbalanced
// quotation marks, no letters, mixed scripts) gives partial results.
package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
)

// MaxTokens caps the words and marks read from one story; text beyond it
// is not examined.
const MaxTokens = 200000

// maxQuoteParagraphs caps how many paragraphs one quotation may span.
const maxQuoteParagraphs = 20

// Result is what Extract finds in a story.
type Result struct {
	People        []Person
	Organisations []Org
	Places        []Place
	Quotes        []Quote
}

// Person is someone the story names.
type Person struct {
	Name     string // full name as first written with a role, or as first written
	Role     string // "Prime Minister", "министр иностранных дел России"; may be empty
	Country  string // ISO code of the country the role belongs to, when written ("Japan's", "Russian")
	Mentions int    // times named, by full or short name or by role ("the minister")
}

// Org is an organisation the story names.
type Org struct {
	Name string
}

// Place is a place the story names or is datelined from.
type Place struct {
	Name    string // gazetteer name; for Cyrillic text the Russian nominative ("Москва")
	Country string // ISO 3166 alpha-2
	Kind    gazetteer.Kind
}

// Quote is a direct quotation.
type Quote struct {
	Speaker   string // full name of the person, an organisation, "statement", or "" when unknown
	Text      string // the quoted words; for a quotation over several paragraphs, joined by spaces
	Paragraph int    // 1-based index in Body where the quotation opens
	Verb      string // the attributing verb as written ("said", "заявил"); may be empty
}

// unit is one paragraph (or the standfirst) being read.
type unit struct {
	para int // 1-based index in Body; 0 for the standfirst
	text string
	toks []tok
	caps bool // written all in capitals: no case cues
}

type person struct {
	name     string
	words    []string // stems of the name's words
	role     string
	country  string
	mentions int
	order    int  // where first named (unit*1e6 + token)
	nominal  bool // the name was written in the nominative (always, outside Russian)
	last     int  // where last named
}

type org struct {
	name  string
	key   string
	short []string // keys of short forms ("harbour power", "northwind")
}

type mention struct {
	u, k   int // unit and token index
	person int
}

type extractor struct {
	g        *gazetteer.Gazetteer
	units    []unit
	context  string // dateline country
	people   []*person
	orgs     []*org
	orgIndex map[string]int
	orgFirst map[string]bool // first words of short forms
	places   []Place
	placeSet map[string]bool
	sports   bool      // sports copy: towns name teams
	sport    string    // which sport, when the headline says
	mentions []mention // person mentions, in reading order
	quoted   [][]bool  // per unit, per token: inside a quotation
}

// Extract reads a story and returns the entities and quotes in it. g may
// be nil, in which case no places are found. Extract does not modify s.
func Extract(s *news.Story, g *gazetteer.Gazetteer) Result {
	x := &extractor{g: g, orgIndex: map[string]int{}, orgFirst: map[string]bool{}, placeSet: map[string]bool{}}
	if s == nil {
		return Result{}
	}
	budget := MaxTokens
	if s.Standfirst != "" {
		x.addUnit(0, s.Standfirst, &budget)
	}
	for i, b := range s.Body {
		if budget <= 0 {
			break
		}
		x.addUnit(i+1, b.Text, &budget)
	}
	x.markQuoted()
	x.sport = sportOf(s)
	x.sports = x.sport != ""
	x.datelinePlace(s.Dateline)
	x.findOrgs()
	x.findClubs()
	x.findPeople()
	x.findPlaces()
	x.findTeams()
	quotes := x.findQuotes()
	return x.result(quotes)
}

func (x *extractor) addUnit(para int, text string, budget *int) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	toks := tokenize(text, *budget)
	*budget -= len(toks)
	words, capsWords := 0, 0
	for _, t := range toks {
		if t.word && t.letters {
			words++
			if t.caps {
				capsWords++
			}
		}
	}
	x.units = append(x.units, unit{para: para, text: text, toks: toks, caps: words > 3 && capsWords*2 > words})
}

func (x *extractor) result(quotes []Quote) Result {
	var r Result
	order := make([]int, len(x.people))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return x.people[order[a]].order < x.people[order[b]].order })
	for _, i := range order {
		p := x.people[i]
		if p == nil {
			continue
		}
		r.People = append(r.People, Person{Name: p.name, Role: p.role, Country: p.country, Mentions: p.mentions})
	}
	for _, o := range x.orgs {
		r.Organisations = append(r.Organisations, Org{Name: o.name})
	}
	r.Places = x.places
	r.Quotes = quotes
	return r
}

// markQuoted records which tokens stand inside quotation marks, so that
// names inside quotes are not taken as the subject of what follows.
func (x *extractor) markQuoted() {
	x.quoted = make([][]bool, len(x.units))
	for ui := range x.units {
		u := &x.units[ui]
		q := make([]bool, len(u.toks))
		for _, sp := range quoteSpans(u) {
			end := sp.close
			if end < 0 {
				end = len(u.toks)
			}
			for k := sp.open; k < end && k < len(q); k++ {
				q[k] = true
			}
		}
		x.quoted[ui] = q
	}
}

func (x *extractor) datelinePlace(d news.Dateline) {
	if x.g == nil || strings.TrimSpace(d.Place) == "" {
		return
	}
	name := strings.TrimSpace(d.Place)
	if i := strings.IndexByte(name, ','); i > 0 {
		name = name[:i]
	}
	p, ok := x.g.Find(name, "")
	if !ok || p.Kind == gazetteer.Continent {
		return
	}
	x.context = p.Country
	x.addPlace(p, hasCyrillic(name))
}

func (x *extractor) addPlace(p gazetteer.Place, cyr bool) {
	name := p.Name
	switch {
	case cyr && p.Russian != "":
		name = p.Russian
	case cyr && hasCyrillic(p.Matched):
		name = p.Matched
	}
	key := name + "\x00" + p.Country
	if x.placeSet[key] {
		return
	}
	x.placeSet[key] = true
	x.places = append(x.places, Place{Name: name, Country: p.Country, Kind: p.Kind})
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x0400 && r <= 0x04FF {
			return true
		}
	}
	return false
}

// phrase returns the text of tokens a..b (inclusive) as written.
func (u *unit) phrase(a, b int) string {
	if a < 0 || b >= len(u.toks) || a > b {
		return ""
	}
	return u.text[u.toks[a].pos:u.toks[b].end]
}
