// Package gazetteer looks up place names (countries, first-level regions
// and cities) in English and Russian, from a compact table derived from
// GeoNames (geonames.org, CC BY 4.0; see NOTICE) and embedded in the binary.
//
// Lookups are case-insensitive ("TOKYO", "Tokyo"), accept Cyrillic and
// tolerate Russian case endings ("Москве", "Москвы" -> Москва).
package gazetteer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed gazetteer.tsv.gz
var data []byte

// Kind says what sort of place an entry is.
type Kind string

const (
	Country Kind = "country"
	Region  Kind = "region"
	City    Kind = "city"
	// Continent is a continent or a wider region ("Middle East"); it has
	// no country.
	Continent Kind = "continent"
)

// Place is one gazetteer entry.
type Place struct {
	Name       string // English (GeoNames) name: "Moscow", "Russia"
	Country    string // ISO 3166 alpha-2 code
	Kind       Kind
	Population int    // 0 for regions
	Capital    bool   // a national capital
	Region     string // GeoNames admin1 code of a city ("RU.48"), or of the region itself
	// Russian is the usual Russian name of a country or region ("Россия"
	// whether "России" or "РФ" was looked up); empty for cities.
	Russian string
	// Matched is the name as listed that a lookup matched, in the
	// nominative ("Москва" for "Москве"); for Latin names it is Name.
	Matched string
}

// Gazetteer answers place-name lookups. It is read-only after Load and safe
// for concurrent use.
type Gazetteer struct {
	places    []Place
	exact     map[string][]nameRef // Key(name) -> entries
	stems     map[string][]nameRef // StemKey(Cyrillic name) -> entries
	demonyms  map[string]string    // Key(demonym) or Cyrillic stem -> ISO code
	names     map[string]string    // ISO -> country name
	first     map[string]int       // first word's key -> most words of a name starting with it
	firstStem map[string]int       // the same for stems of Cyrillic names
	maxWords  int
}

type nameRef struct {
	place int
	name  string // the form listed
}

// Load parses the embedded table. It takes some tens of milliseconds:
// call it once and share the result.
func Load() (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data: %w", err)
	}
	g := &Gazetteer{
		exact:     make(map[string][]nameRef, 40000),
		stems:     make(map[string][]nameRef, 20000),
		demonyms:  map[string]string{},
		names:     map[string]string{},
		first:     make(map[string]int, 40000),
		firstStem: make(map[string]int, 20000),
	}
	sc := bufio.NewScanner(zr)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || t[0] == '#' {
			continue
		}
		f := strings.Split(t, "\t")
		if err := g.addRow(f); err != nil {
			return nil, fmt.Errorf("gazetteer: embedded data line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data line %d: %w", line, err)
	}
	return g, nil
}

func (g *Gazetteer) addRow(f []string) error {
	want := map[string]int{"C": 6, "R": 6, "P": 8}[f[0]]
	if want == 0 || len(f) != want {
		return fmt.Errorf("row kind %q with %d fields", f[0], len(f))
	}
	switch f[0] {
	case "C": // C iso name population aliases demonyms
		pop, _ := strconv.Atoi(f[3])
		i := g.add(Place{Name: f[2], Country: f[1], Kind: Country, Population: pop, Russian: firstCyrillic(f[4])})
		g.names[f[1]] = f[2]
		g.index(i, f[2])
		if short, ok := strings.CutPrefix(f[2], "The "); ok {
			g.index(i, short) // "Netherlands", "Gambia"
		}
		for _, a := range splitList(f[4]) {
			g.index(i, a)
		}
		for _, d := range splitList(f[5]) {
			g.demonyms[Key(d)] = f[1]
			if hasCyrillic(d) {
				g.demonyms[StemKey(d)] = f[1]
			}
		}
	case "R": // R cc code name ascii aliases; no cc: a continent
		kind := Region
		if f[1] == "" {
			kind = Continent
		}
		i := g.add(Place{Name: f[3], Country: f[1], Kind: kind, Region: f[2], Russian: firstCyrillic(f[5])})
		g.index(i, f[3])
		if f[4] != "" {
			g.index(i, f[4])
		}
		for _, a := range splitList(f[5]) {
			g.index(i, a)
		}
	case "P": // P name ascii cc admin1 population capital aliases
		pop, _ := strconv.Atoi(f[5])
		i := g.add(Place{Name: f[1], Country: f[3], Kind: City, Population: pop, Capital: f[6] == "1", Region: f[4]})
		g.index(i, f[1])
		if f[2] != "" {
			g.index(i, f[2])
		}
		for _, a := range splitList(f[7]) {
			g.index(i, a)
		}
	}
	return nil
}

func firstCyrillic(list string) string {
	for _, a := range splitList(list) {
		if hasCyrillic(a) {
			return a
		}
	}
	return ""
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func (g *Gazetteer) add(p Place) int {
	g.places = append(g.places, p)
	return len(g.places) - 1
}

func (g *Gazetteer) index(i int, name string) {
	k := Key(name)
	if k == "" {
		return
	}
	ref := nameRef{i, name}
	g.exact[k] = appendRef(g.exact[k], ref)
	n := strings.Count(k, " ") + 1
	g.maxWords = max(g.maxWords, n)
	first, _, _ := strings.Cut(k, " ")
	g.first[first] = max(g.first[first], n)
	if hasCyrillic(name) {
		s := StemKey(name)
		g.stems[s] = appendRef(g.stems[s], ref)
		first, _, _ := strings.Cut(s, " ")
		g.firstStem[first] = max(g.firstStem[first], n)
	}
}

func appendRef(refs []nameRef, r nameRef) []nameRef {
	for _, x := range refs {
		if x.place == r.place {
			return refs
		}
	}
	return append(refs, r)
}

// MaxWords is the largest number of words in any listed name, for callers
// that try word sequences.
func (g *Gazetteer) MaxWords() int { return g.maxWords }

// CountryName returns the English name of a country by ISO code.
func (g *Gazetteer) CountryName(iso string) string { return g.names[strings.ToUpper(iso)] }

// Demonym returns the ISO code of the country a demonym or national
// adjective names: "Japanese" -> JP, "российского" -> RU.
func (g *Gazetteer) Demonym(word string) (string, bool) {
	if iso, ok := g.demonyms[Key(word)]; ok {
		return iso, true
	}
	if hasCyrillic(word) {
		iso, ok := g.demonyms[StemKey(word)]
		return iso, ok
	}
	return "", false
}

// Lookup returns every entry listed under name, best first: countries,
// then capitals, then by population (a region counts as 100,000
// people). Cyrillic names that do not match as written are matched by
// their stems, so declined forms are found.
func (g *Gazetteer) Lookup(name string) []Place {
	return g.LookupIn(name, "")
}

// LookupIn is Lookup with a context country (ISO code, for example the
// dateline's): entries in that country rank above smaller-scale entries
// elsewhere.
func (g *Gazetteer) LookupIn(name, context string) []Place {
	refs := g.exact[Key(name)]
	if len(refs) == 0 && hasCyrillic(name) {
		refs = g.stemRefs(name)
	}
	if len(refs) == 0 {
		return nil
	}
	out := make([]Place, len(refs))
	for i, r := range refs {
		out[i] = g.places[r.place]
		out[i].Matched = r.name
	}
	context = strings.ToUpper(context)
	sort.SliceStable(out, func(i, j int) bool { return score(out[i], context) > score(out[j], context) })
	return out
}

// stemRefs finds entries by stem. A declined word may end in more than one
// listed ending ("Китая": -я or -ая; "Индии": -и or -ии), so every way of
// stripping one is tried, per word (a few combinations at most), and all
// entries found are returned for ranking ("Индии" is India, not Indio).
func (g *Gazetteer) stemRefs(name string) (out []nameRef) {
	words := strings.Fields(Key(name))
	if len(words) == 0 || len(words) > 4 {
		return nil
	}
	cands := make([][]string, len(words))
	for i, w := range words {
		cands[i] = StemCandidates(w)
	}
	idx := make([]int, len(words))
	parts := make([]string, len(words))
	for tries := 0; tries < 32; tries++ {
		changed := false
		for i := range words {
			parts[i] = cands[i][idx[i]]
			if parts[i] != words[i] {
				changed = true
			}
		}
		if changed {
			for _, r := range g.stems[strings.Join(parts, " ")] {
				out = appendRef(out, r)
			}
		}
		// next combination, last word fastest
		i := len(words) - 1
		for i >= 0 {
			idx[i]++
			if idx[i] < len(cands[i]) {
				break
			}
			idx[i] = 0
			i--
		}
		if i < 0 {
			break
		}
	}
	return out
}

// StemCandidates returns the ways of stripping one Russian case ending
// from a lower-case word, least stripped first, and the word itself last.
func StemCandidates(w string) []string {
	var out []string
	if hasCyrillic(w) {
		n := utf8.RuneCountInString(w)
		for i := len(ruEndings) - 1; i >= 0; i-- {
			e := ruEndings[i]
			if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 3 {
				out = append(out, w[:len(w)-len(e)])
			}
		}
	}
	return append(out, w)
}

// Find returns the best entry for name, given an optional context country.
func (g *Gazetteer) Find(name, context string) (Place, bool) {
	ps := g.LookupIn(name, context)
	if len(ps) == 0 {
		return Place{}, false
	}
	return ps[0], true
}

func score(p Place, context string) float64 {
	var s float64
	switch {
	case p.Kind == Country:
		s = 1e12
	case p.Capital:
		s = 1e10 + float64(p.Population)
	case p.Kind == Region:
		s = 1e5
	case p.Kind == Continent:
		s = 1e11
	default:
		s = float64(p.Population)
	}
	if context != "" && p.Country == context && p.Kind != Country {
		s *= 20
	}
	return s
}

// Key normalises a name for exact lookup: lower case, ё as е, runs of
// spaces as one, typographic apostrophes as straight ones.
func Key(s string) string {
	if plainLower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r == '’' || r == '`':
			r = '\''
		case r == '‑' || r == '–':
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// StemKey is Key with a Russian case ending stripped from every word, so
// that declined forms share a key: "Москве", "Москвы", "Москва" -> "москв".
func StemKey(s string) string {
	words := strings.Fields(Key(s))
	for i, w := range words {
		words[i] = Stem(w)
	}
	return strings.Join(words, " ")
}

// ruEndings are Russian noun and adjective case endings, longest first.
var ruEndings = []string{
	"иями", "ией", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими",
	"ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им",
	"ую", "юю", "ом", "ем", "ию", "ии", "ия", "ах", "ях", "ам", "ям",
	"а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
}

// Stem strips one Russian case ending from a lower-case word, keeping at
// least three letters. Words in other scripts are returned unchanged.
func Stem(w string) string {
	if !hasCyrillic(w) {
		return w
	}
	n := utf8.RuneCountInString(w)
	for _, e := range ruEndings {
		if strings.HasSuffix(w, e) && n-utf8.RuneCountInString(e) >= 3 {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x0400 && r <= 0x04FF {
			return true
		}
	}
	return false
}

// plainLower reports whether s is already a key: ASCII without upper case,
// apostrophe variants, or leading, trailing or double spaces.
func plainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' || c == '`' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return false
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// Starts returns the most words of any listed name whose first word is
// word (as written or, for Cyrillic, declined), or 0 when no name starts
// with it: callers trying word sequences can skip the rest.
func (g *Gazetteer) Starts(word string) int {
	k := Key(word)
	n := g.first[k]
	if hasCyrillic(k) {
		for _, c := range StemCandidates(k) {
			n = max(n, g.firstStem[c])
		}
	}
	return n
}
