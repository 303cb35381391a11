package extract

import (
	"strings"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

var placeParticles = map[string]bool{"de": true, "of": true, "upon": true, "la": true, "el": true, "do": true, "da": true, "del": true, "on": true}

func (x *extractor) findPlaces() {
	if x.g == nil {
		return
	}
	maxN := x.g.MaxWords()
	if maxN > 4 {
		maxN = 4
	}
	for ui := range x.units {
		u := &x.units[ui]
		for k := 0; k < len(u.toks); k++ {
			t := u.toks[k]
			if !t.word || !t.cap && !t.caps || t.claim == claimOrg || t.claim == claimPerson {
				continue
			}
			for n := min(maxN, x.g.Starts(stripPossessive(t.s))); n >= 1; n-- {
				end, ok := x.placeSpan(u, k, n)
				if !ok {
					continue
				}
				phrase := stripPossessive(u.phrase(k, end))
				if n == 1 && (lex.stopCaps[gazetteer.Key(phrase)] || compass[gazetteer.Key(phrase)]) {
					continue
				}
				p, found := x.g.Find(phrase, x.context)
				if !found {
					continue
				}
				exact := gazetteer.Key(p.Matched) == gazetteer.Key(phrase)
				if !exact && (t.sstart || u.caps || n == 1 && ruAdjective(u, k)) {
					continue // declined forms only mid-sentence, and not adjectives ("Свердловской области")
				}
				if n == 1 && p.Kind == gazetteer.City && !p.Capital && p.Population < 100000 && t.sstart {
					continue
				}
				if minorTown(p) && !townCue(u, k, end) {
					continue
				}
				// "Michael", "Paul": a given name alone is a town only
				// when it is a capital or a country.
				if n == 1 && givenNames[t.key] && p.Kind != gazetteer.Country && !p.Capital {
					continue
				}
				if !t.cyr {
					if _, dem := x.g.Demonym(t.key); dem && p.Kind != gazetteer.Country {
						continue
					}
				}
				if x.teamPlace(u, k, end, p) {
					i := x.addOrg(phrase)
					x.claim(u, k, end, claimOrg, i)
					k = end
					break
				}
				if p.Kind != gazetteer.Continent {
					x.addPlace(p, t.cyr)
				}
				for j := k; j <= end; j++ {
					if u.toks[j].claim == free {
						u.toks[j].claim = claimPlace
					}
				}
				k = end
				break
			}
		}
	}
}

// placeSpan checks that n words from k can form a place name (capitalised
// words with particles between) and returns the last token's index.
func (x *extractor) placeSpan(u *unit, k, n int) (int, bool) {
	words, j := 0, k
	for ; j < len(u.toks); j++ {
		t := u.toks[j]
		if !t.word || t.claim == claimOrg || t.claim == claimPerson {
			return 0, false
		}
		if !t.cap && !t.caps && !(placeParticles[t.key] && words > 0) && !(words > 0 && ruRegionWord(t.key)) && !strings.Contains(t.s, "-") {
			return 0, false
		}
		words++
		if words == n {
			break
		}
		if t.possess {
			return 0, false
		}
	}
	if words < n {
		return 0, false
	}
	if !u.toks[j].cap && !u.toks[j].caps && !ruRegionWord(u.toks[j].key) {
		return 0, false
	}
	return j, true
}

// ruRegionWord reports whether a lower-case word is a Russian word for a
// kind of region, in any case: "Свердловской области", "Приморском крае".
func ruRegionWord(key string) bool {
	for _, p := range []string{"област", "округ", "республик", "район"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	switch key {
	case "край", "края", "краю", "краем", "крае":
		return true
	}
	return false
}

// minorTownPopulation: a town smaller than this is taken for a place only
// where the copy says it is one (see townCue); a common word or a surname
// is too often a small town's name somewhere.
const minorTownPopulation = 50000

func minorTown(p gazetteer.Place) bool {
	return p.Kind == gazetteer.City && !p.Capital && p.Population < minorTownPopulation
}

// locatives introduce a place: "in Nagato", "в Заречном" is not asked for
// (Russian surnames decline the same way), only English ones and "city".
var locatives = map[string]bool{"in": true, "near": true, "at": true, "from": true, "outside": true, "to": true, "into": true,
	"city": true, "town": true, "port": true, "village": true, "of": false}

// townCue reports whether the words around tokens k..end mark them as a
// place: a locative before ("in Nagato", "the city of Nagato"), or a
// comma and a country or region after ("Nagato, Japan"; "Nagato,
// Yamaguchi"), or "city"/"town" after.
func townCue(u *unit, k, end int) bool {
	if k > 0 {
		prev := u.toks[k-1]
		if locatives[prev.key] {
			return true
		}
		if prev.key == "of" && k > 1 && locatives[u.toks[k-2].key] {
			return true
		}
	}
	if end+1 < len(u.toks) {
		next := u.toks[end+1]
		if next.key == "city" || next.key == "town" || next.key == "prefecture" {
			return true
		}
		if next.s == "," && end+2 < len(u.toks) && u.toks[end+2].cap {
			return true
		}
	}
	return false
}

// compass words alone are no place ("North", "Western"), though
// GeoNames has towns of those names.
var compass = set(`north|south|east|west|northern|southern|eastern|western|central|centre|center|northeast|northwest|southeast|southwest|
	upper|lower|middle|north-east|north-west|south-east|south-west|mid`)
