package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

var lex = newLexicon() // read-only word lists

// vocabKey is the lookup key of a vocabulary name: lower case, Russian
// words stemmed.
func vocabKey(s string) string {
	k := gazetteer.Key(s)
	if !strings.Contains(k, " ") {
		return gazetteer.Stem(k)
	}
	words := strings.Fields(k)
	for i, w := range words {
		words[i] = gazetteer.Stem(w)
	}
	return strings.Join(words, " ")
}

func (x *extractor) addOrg(name string) int {
	name = strings.TrimSpace(name)
	for _, p := range []string{"the ", "The "} {
		name = strings.TrimPrefix(name, p)
	}
	if strings.HasSuffix(name, ".") && !strings.Contains(name[:len(name)-1], ".") {
		name = name[:len(name)-1] // "Tata Steel Ltd." ending a sentence
	}
	key := vocabKey(name)
	if i, ok := x.orgIndex[key]; ok {
		return i
	}
	o := &org{name: name, key: key}
	words := strings.Fields(key)
	if len(words) >= 2 && lex.orgSuffixes[words[len(words)-1]] {
		o.short = append(o.short, strings.Join(words[:len(words)-1], " "))
		if len(words) >= 3 && !x.isPlace(words[0]) && !lex.stopCaps[words[0]] {
			o.short = append(o.short, words[0])
		}
	}
	x.orgs = append(x.orgs, o)
	x.orgIndex[key] = len(x.orgs) - 1
	if first, _, _ := strings.Cut(key, " "); !lex.stopCaps[first] {
		x.orgFirst[first] = true
	}
	for _, s := range o.short {
		if _, ok := x.orgIndex[s]; !ok {
			x.orgIndex[s] = len(x.orgs) - 1
		}
		first, _, _ := strings.Cut(s, " ")
		x.orgFirst[first] = true
	}
	return len(x.orgs) - 1
}

func (x *extractor) claim(u *unit, a, b int, c claim, entity int) {
	for k := a; k <= b && k < len(u.toks); k++ {
		u.toks[k].claim = c
		u.toks[k].entity = entity
	}
}

// isPlaceCountry reports whether t names a country (any case form).
func (x *extractor) countryOf(s string) (string, bool) {
	if x.g == nil {
		return "", false
	}
	p, ok := x.g.Find(stripPossessive(s), "")
	if !ok || p.Kind != gazetteer.Country {
		return "", false
	}
	return p.Country, true
}

func (x *extractor) findOrgs() {
	for ui := range x.units {
		u := &x.units[ui]
		if u.caps {
			continue
		}
		for k := 0; k < len(u.toks); k++ {
			if u.toks[k].claim != free || !u.toks[k].word {
				continue
			}
			if n := x.orgAt(u, k); n > 0 {
				k += n - 1
			}
		}
	}
	// second pass: short forms of companies found above ("Northwind")
	for ui := range x.units {
		u := &x.units[ui]
		for k := 0; k < len(u.toks); k++ {
			t := u.toks[k]
			if t.claim != free || !t.word || !t.cap || !x.orgFirst[vocabKey(stripPossessive(t.s))] {
				continue
			}
			for n := 3; n >= 1; n-- {
				if k+n > len(u.toks) {
					continue
				}
				key := vocabKey(stripPossessive(u.phrase(k, k+n-1)))
				if i, ok := x.orgIndex[key]; ok && !lex.stopCaps[key] {
					x.claim(u, k, k+n-1, claimOrg, i)
					k += n - 1
					break
				}
			}
		}
	}
}

// orgAt tries to read an organisation starting (or, for a head word,
// ending) at token k and returns how many tokens from k it used.
func (x *extractor) orgAt(u *unit, k int) int {
	t := u.toks[k]
	toks := u.toks
	// ПАО «Северная верфь», компания «...»
	if k+1 < len(toks) && toks[k+1].quote != 0 && (lex.ruOrgForms[t.key] && t.caps || isRuOrgNoun(t.key) && !t.cap) {
		for j := k + 2; j < len(toks) && j < k+12; j++ {
			if toks[j].quote != 0 && j > k+2 {
				name := u.phrase(k, j)
				if !lex.ruOrgForms[t.key] {
					name = u.phrase(k+2, j-1)
				}
				i := x.addOrg(name)
				x.claim(u, k, j, claimOrg, i)
				return j - k + 1
			}
			if toks[j].quote == 0 && !toks[j].word {
				break
			}
		}
	}
	// министерство промышленности и торговли РФ
	if t.cyr && strings.HasPrefix(t.key, "министерств") {
		j := k + 1
		for j < len(toks) && j < k+7 && toks[j].word && !toks[j].cap && toks[j].cyr && !lex.ruStops[toks[j].key] || j < len(toks) && toks[j].key == "и" && j > k+1 {
			j++
		}
		if j > k+1 {
			if j < len(toks) && toks[j].word && toks[j].cap {
				if _, ok := x.countryOf(toks[j].s); ok {
					j++
				}
			}
			i := x.addOrg(u.phrase(k, j-1))
			x.claim(u, k, j-1, claimOrg, i)
			return j - k
		}
	}
	if !t.cap && !t.caps {
		return 0
	}
	// vocabulary, longest first
	for n := lex.orgVocabFirst[vocabKey(stripPossessive(t.s))]; n >= 1; n-- {
		if k+n > len(toks) {
			continue
		}
		last := stripPossessive(u.phrase(k, k+n-1))
		name, ok := lex.orgVocab[vocabKey(last)]
		if !ok || !sameAcronymCase(name, last) {
			continue
		}
		end := k + n - 1
		full := name // the listed form, not a declined one ("Минфине")
		if t.cyr {
			if e := x.absorbCountry(u, end); e > end {
				full += " " + u.toks[e].s
				end = e
			}
		} else if n > 1 {
			full = last
		}
		i := x.addOrg(full)
		x.claim(u, k, end, claimOrg, i)
		return end - k + 1
	}
	// Минвостокразвития, Минфин...
	if t.cyr && t.cap && strings.HasPrefix(t.s, "Мин") && utf8.RuneCountInString(t.s) >= 6 && !isRuRoleHead(t.key) && !x.isPlace(t.s) {
		end := x.absorbCountry(u, k)
		i := x.addOrg(u.phrase(k, end))
		x.claim(u, k, end, claimOrg, i)
		return end - k + 1
	}
	// PT Kereta Cepat Indonesia, PJSC Gazprom
	if t.caps && lex.orgPrefixes[t.key] && k+1 < len(toks) && toks[k+1].cap && toks[k+1].word {
		b := k + 1
		for b+1 < len(toks) && b+1 < k+5 && toks[b+1].word && toks[b+1].cap && toks[b+1].claim == free {
			b++
		}
		i := x.addOrg(u.phrase(k, b))
		x.claim(u, k, b, claimOrg, i)
		return b - k + 1
	}
	// "an economist at Commerzbank"
	if k > 1 && toks[k-1].key == "at" && lex.roleHeads[toks[k-2].key] && !lex.stopCaps[t.key] && !x.isPlace(t.s) {
		b := k
		for b+1 < len(toks) && b+1 < k+3 && toks[b+1].word && toks[b+1].cap && toks[b+1].claim == free {
			b++
		}
		i := x.addOrg(stripPossessive(u.phrase(k, b)))
		x.claim(u, k, b, claimOrg, i)
		return b - k + 1
	}
	// head word: Finance Ministry, Bank of Russia, Rosneft PJSC
	if t.cap && lex.orgHeads[t.key] {
		a := k
		owner := false // "Attorney General's Office", "Prime Minister's Office"
		for j := k - 1; j >= 0 && j >= k-6; j-- {
			p := toks[j]
			if j == k-1 && p.possess && p.cap && !x.isPlace(p.s) {
				owner = true
				a = j
				continue
			}
			if p.claim != free || p.possess || p.cap && lex.orgSuffixes[p.key] {
				break
			}
			if p.word && (p.cap || p.caps) && !lex.stopCaps[p.key] && (owner || !lex.roleHeads[p.key]) && !lex.titles[p.key] {
				a = j
				continue
			}
			if (p.key == "and" || p.key == "&" || p.key == "of" || p.key == "for") && j > 0 && toks[j-1].cap &&
				(p.key != "of" || lex.orgOfHeads[toks[j-1].key]) {
				continue
			}
			break
		}
		for a < k && !toks[a].word { // no leading connector
			a++
		}
		for a < k && (toks[a].key == "and" || toks[a].key == "of" || toks[a].key == "for") {
			a++
		}
		b := k
		if lex.orgOfHeads[t.key] && k+2 < len(toks) && (toks[k+1].key == "of" || toks[k+1].key == "for") && toks[k+2].cap {
			j := k + 2
			for j < len(toks) && j < k+7 && toks[j].word && (toks[j].cap && !lex.roleHeads[toks[j].key] || toks[j].key == "and" && j+1 < len(toks) && toks[j+1].cap && !startsOrg(toks, j+1)) {
				if toks[j].possess {
					j++
					break
				}
				j++
			}
			b = j - 1
		}
		if b+1 < len(toks) && toks[b+1].cap && lex.orgSuffixes[toks[b+1].key] {
			b++
		}
		if b == a && !lex.orgSuffixes[t.key] {
			return 0 // a bare "Ministry"
		}
		if b == a {
			return 0 // a bare "Inc"
		}
		if a < k && lex.orgSuffixes[t.key] && toks[a].sstart && lex.stopCaps[toks[a].key] {
			a++
		}
		if x.isCountryName(stripPossessive(u.phrase(a, b))) {
			return 0 // "Russian Federation", "West Bank": places
		}
		i := x.addOrg(stripPossessive(u.phrase(a, b)))
		x.claim(u, a, b, claimOrg, i)
		return b - k + 1
	}
	// acronyms: LVMH, OPEC
	capsRun := k > 0 && toks[k-1].word && toks[k-1].caps && !toks[k-1].sentEnd || k+1 < len(toks) && toks[k+1].word && toks[k+1].caps
	if t.caps && !u.caps && !capsRun && utf8.RuneCountInString(t.s) <= 6 && !lex.acronymStops[t.key] && !lex.agencies[t.key] && !x.isPlace(t.s) && !hasDigitOnly(t.s) {
		i := x.addOrg(t.s)
		x.claim(u, k, k, claimOrg, i)
		return 1
	}
	// "Copper giant Codelco", "Business lobby Medef", "компании Chery"
	if k > 0 && !toks[k-1].cap && (lex.orgNouns[toks[k-1].key] || toks[k-1].cyr && !t.cyr && isRuOrgNoun(toks[k-1].key)) && !t.sstart && !lex.stopCaps[t.key] && !lex.roleHeads[t.key] && !x.isPlace(t.s) {
		b := k
		for b+1 < len(toks) && b+1 < k+3 && toks[b+1].word && toks[b+1].cap && toks[b+1].claim == free && !lex.roleHeads[toks[b+1].key] {
			b++
		}
		i := x.addOrg(stripPossessive(u.phrase(k, b)))
		x.claim(u, k, b, claimOrg, i)
		return b - k + 1
	}
	// "Ofgem, the energy regulator,"
	if k+3 < len(toks) && toks[k+1].s == "," && toks[k+2].key == "the" && !lex.stopCaps[t.key] && !x.isPlace(t.s) {
		for j := k + 3; j < len(toks) && j < k+7; j++ {
			if !toks[j].word {
				break
			}
			if lex.orgNouns[toks[j].key] {
				i := x.addOrg(t.s)
				x.claim(u, k, k, claimOrg, i)
				return 1
			}
			if lex.roleHeads[toks[j].key] {
				break
			}
		}
	}
	return 0
}

// absorbCountry extends a Russian organisation name ending at end over a
// following country in the genitive: "МИД" + "России".
func (x *extractor) absorbCountry(u *unit, end int) int {
	if end+1 < len(u.toks) && u.toks[end+1].word && u.toks[end+1].cap && u.toks[end+1].cyr {
		if _, ok := x.countryOf(u.toks[end+1].s); ok {
			return end + 1
		}
	}
	return end
}

func isRuOrgNoun(key string) bool {
	for _, p := range lex.ruOrgNouns {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// sameAcronymCase refuses "who" for WHO: an all-capitals vocabulary entry
// matches only text in capitals.
func sameAcronymCase(entry, text string) bool {
	if strings.ToUpper(entry) != entry {
		return true
	}
	return strings.ToUpper(text) == text
}

func hasDigitOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (x *extractor) isPlace(s string) bool {
	if x.g == nil {
		return false
	}
	_, ok := x.g.Find(stripPossessive(s), "")
	return ok
}

// isPlaceExact is isPlace without the Russian case-ending match, for
// words that may as well be first names ("Андрей" is not "Андрия").
func (x *extractor) isPlaceExact(s string) bool {
	if x.g == nil {
		return false
	}
	s = stripPossessive(s)
	p, ok := x.g.Find(s, "")
	return ok && gazetteer.Key(p.Matched) == gazetteer.Key(s)
}

// startsOrg reports whether the capitalised words from j end in a company
// suffix or an organisation word: "... and Gazprom PJSC" is a second
// organisation, "... of Trade and Industry" is not.
func startsOrg(toks []tok, j int) bool {
	for ; j < len(toks) && toks[j].word && toks[j].cap; j++ {
		if lex.orgHeads[toks[j].key] {
			return true
		}
	}
	return false
}

// isCountryName reports whether s is written exactly as a name of a
// country or region the gazetteer lists.
func (x *extractor) isCountryName(s string) bool {
	if x.g == nil {
		return false
	}
	p, ok := x.g.Find(s, "")
	return ok && (p.Kind == gazetteer.Country || p.Kind == gazetteer.Region) && gazetteer.Key(p.Matched) == gazetteer.Key(s)
}
