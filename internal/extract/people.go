package extract

import (
	"sort"
	"strings"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

// isRoleWord reports whether a token names or qualifies a post.
func isRoleWord(t tok) bool {
	if !t.word {
		return false
	}
	if t.cyr {
		return isRuRoleHead(t.key)
	}
	return lex.roleHeads[t.key] || lex.roleMods[t.key] && t.cap && t.key != "of" && t.key != "and" && t.key != "the" && t.key != "to" && t.key != "for"
}

func isRuRoleHead(key string) bool {
	for _, p := range lex.ruRoleHeads {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func isRuRoleMod(key string) bool {
	for _, p := range lex.ruRoleMods {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// isNameTok reports whether t can be part of a person's name.
func (x *extractor) isNameTok(t tok) bool {
	if !t.word || !t.cap || !t.letters || t.caps && len([]rune(t.s)) > 2 || t.claim != free && t.claim != claimPerson {
		return false
	}
	if lex.stopCaps[t.key] || lex.titles[t.key] || isRoleWord(t) || descriptors[t.key] || compoundAdjective(t.key) {
		return false
	}
	if x.g != nil && !t.cyr {
		if _, ok := x.g.Demonym(t.key); ok {
			return false
		}
		if _, ok := x.g.Demonym(strings.TrimSuffix(t.key, "s")); ok && strings.HasSuffix(t.key, "s") {
			return false // "Israelis", "Serbs"
		}
	}
	return true
}

// descriptors stand before a name without being part of it or a post:
// "Democrat Walter Mondale", "Fullback Andre Joubert".
var descriptors = set(`democrat|republican|conservative|liberal|socialist|communist|cardinal|fullback|striker|midfielder|defender|
	goalkeeper|forward|winger|batsman|bowler|pitcher|catcher|outfielder|quarterback|jockey|trainer|broker|underwriter|dealer|trader|
	veteran|rookie|champion|seed|compatriot|teammate|team-mate|dissident|activist|singer|actor|actress|writer|author|novelist|
	director|playwright|poet|artist|major-general|lieutenant-general|lieutenant-colonel|brigadier|sergeant|corporal|private|
	instead|neither|either|although|unlike|meanwhile|despite|seven|six|five|four|three|two|one|eight|nine|ten`)

// compoundAdjective reports words such as "New York-based",
// "Hong Kong-listed", "Brazilian-born", "ex-Yankee": not names.
func compoundAdjective(key string) bool {
	if strings.HasPrefix(key, "ex-") {
		return true
	}
	for _, s := range []string{"-based", "-listed", "-born", "-owned", "-run", "-led", "-backed", "-controlled", "-made", "-style"} {
		if strings.HasSuffix(key, s) {
			return true
		}
	}
	return false
}

// nameRun returns the end (inclusive) of the name starting at k, or -1.
func (x *extractor) nameRun(u *unit, k int) int {
	toks := u.toks
	if !x.isNameTok(toks[k]) {
		return -1
	}
	end, n := k, 1
	for j := k + 1; j < len(toks) && n < 4; j++ {
		if toks[end].possess {
			break
		}
		t := toks[j]
		if x.isNameTok(t) && !t.sstart {
			end, n = j, n+1
			continue
		}
		if !t.cap && lex.nameParticles[t.key] && j+1 < len(toks) && x.isNameTok(toks[j+1]) {
			continue
		}
		break
	}
	return end
}

func stems(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = gazetteer.Stem(gazetteer.Key(stripPossessive(w)))
	}
	return out
}

// matchPerson finds the known person a name refers to: the same name, or
// one word of it (a surname, or a family name written first).
func (x *extractor) matchPerson(words []string) int {
	st := stems(words)
	best := -1
	for i, p := range x.people {
		if p == nil {
			continue
		}
		if equalWords(p.words, st) {
			return i
		}
		if len(st) == 1 && len(p.words) >= 2 && (p.words[len(p.words)-1] == st[0] || p.words[0] == st[0]) {
			best = i
		}
		if len(p.words) == 1 && len(st) >= 2 && st[len(st)-1] == p.words[0] {
			best = i
		}
	}
	return best
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// addPerson records a mention of a person, creating or upgrading the
// entity, and returns its index.
func (x *extractor) addPerson(u, k int, words []string, role, country string, nominal bool) int {
	if nom, ok := ruNominative(words); ok {
		words, nominal = nom, true
	}
	name := stripPossessive(strings.Join(words, " "))
	i := x.matchPerson(words)
	if i < 0 {
		x.people = append(x.people, &person{name: name, words: stems(words), role: role, country: country, order: u*1000000 + k, nominal: nominal})
		i = len(x.people) - 1
	} else {
		p := x.people[i]
		// "Putin", then "Vladimir Putin"; "Нарендрой Шармой", then "Нарендра Шарма"
		if len(words) > len(p.words) || len(words) == len(p.words) && nominal && !p.nominal {
			p.name, p.words, p.nominal = name, stems(words), nominal
		}
		if p.role == "" && role != "" {
			p.role, p.country = role, country
		}
	}
	x.people[i].mentions++
	x.people[i].last = max(x.people[i].last, u*1000000+k)
	if !x.quoted[u][k] {
		x.mentions = append(x.mentions, mention{u: u, k: k, person: i})
	}
	return i
}

// roleBefore reads a role written before token k ("Japan's Prime Minister",
// "Russian President", "министр иностранных дел России") and returns it,
// the country it belongs to, and where it starts (-1 when there is none).
func (x *extractor) roleBefore(u *unit, k int) (role, country string, start int) {
	toks := u.toks
	if k > 0 && toks[k-1].cyr || k > 0 && toks[k].cyr {
		return x.ruRoleBefore(u, k)
	}
	a, head := k, false
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		t := toks[j]
		if !t.word {
			break
		}
		if lex.roleHeads[t.key] || lex.roleMods[t.key] {
			if lex.roleHeads[t.key] && !(t.key == "vice" || t.key == "deputy") {
				head = true
			}
			a = j
			continue
		}
		// "Permanent Representative to the UN", "Secretary of State"
		if (t.claim == claimOrg || t.cap) && j > 0 && (toks[j-1].key == "to" || toks[j-1].key == "of" || toks[j-1].key == "the" && j > 1 && toks[j-2].key == "to") {
			a = j
			continue
		}
		break
	}
	for a < k && (toks[a].key == "of" || toks[a].key == "to" || toks[a].key == "the" || toks[a].key == "and" || toks[a].key == "for" || !toks[a].cap && lex.roleMods[toks[a].key] && !lex.roleHeads[toks[a].key] && toks[a].key != "chief" && toks[a].key != "deputy" && toks[a].key != "first") {
		a++
	}
	if !head || a >= k {
		return "", "", -1
	}
	role = u.phrase(a, k-1)
	if a > 0 {
		p := toks[a-1]
		if p.possess || p.cap {
			if iso, ok := x.countryOf(p.s); ok {
				country = iso
			}
		}
		if country == "" && x.g != nil {
			if iso, ok := x.g.Demonym(p.key); ok {
				country = iso
			}
		}
	}
	return role, country, a
}

func (x *extractor) ruRoleBefore(u *unit, k int) (role, country string, start int) {
	toks := u.toks
	a := -1
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		t := toks[j]
		if t.quote != 0 || !t.word && t.quote == 0 && t.s != "-" {
			if t.quote != 0 {
				continue
			}
			break
		}
		if !t.word {
			continue
		}
		if lex.ruStops[t.key] {
			break
		}
		if isRuRoleHead(t.key) {
			a = j
		}
		if iso, ok := x.countryOf(t.s); ok && country == "" && t.cap {
			country = iso
		}
		if t.cap && !t.caps && t.claim == free && !x.isPlace(t.s) && !isRuRoleHead(t.key) {
			break // another name
		}
	}
	if a < 0 {
		return "", "", -1
	}
	for a > 0 && toks[a-1].word && isRuRoleMod(toks[a-1].key) {
		a--
	}
	return u.phrase(a, k-1), country, a
}

// roleAfter reads an apposition after a name: "Maria Lopez, the finance
// minister," or "Maria Lopez, Chile's finance minister".
func (x *extractor) roleAfter(u *unit, end int) string {
	toks := u.toks
	if end+2 >= len(toks) || toks[end+1].s != "," {
		return ""
	}
	j := end + 2
	if toks[j].key == "the" || toks[j].key == "a" || toks[j].key == "an" || toks[j].key == "its" || toks[j].possess {
		j++
	}
	a := j
	for j < len(toks) && j < a+5 && toks[j].word && (lex.roleMods[toks[j].key] || lex.roleHeads[toks[j].key] || x.demonym(toks[j])) {
		if lex.roleHeads[toks[j].key] {
			return u.phrase(a, j)
		}
		j++
	}
	return ""
}

func (x *extractor) demonym(t tok) bool {
	if x.g == nil {
		return false
	}
	_, ok := x.g.Demonym(t.key)
	return ok
}

func (x *extractor) findPeople() {
	for ui := range x.units {
		u := &x.units[ui]
		if u.caps {
			continue
		}
		for k := 0; k < len(u.toks); k++ {
			if u.toks[k].claim != free {
				continue
			}
			end := x.nameRun(u, k)
			if end < 0 {
				continue
			}
			// leading places are not part of a name: "Texas Governor" is caught as role
			for end > k && x.isMajorPlace(u.toks[k].s, end-k >= 2) && x.matchPerson([]string{u.toks[k].s}) < 0 && !givenNames[u.toks[k].key] {
				k++
			}
			words := make([]string, 0, 4)
			for j := k; j <= end; j++ {
				if u.toks[j].word && !(lex.nameParticles[u.toks[j].key] && !u.toks[j].cap && false) {
					words = append(words, u.toks[j].s)
				}
			}
			role, country, rs := x.roleBefore(u, k)
			evidence := rs >= 0
			if !evidence && k > 0 && lex.titles[u.toks[k-1].key] {
				evidence = true
			}
			if !evidence && k > 1 && u.toks[k-1].s == "," { // "The US envoy, Rebecca Stein,"
				if r, c, s := x.roleBefore(u, k-1); s >= 0 {
					role, country, rs, evidence = r, c, s, true
				}
			}
			if !evidence {
				if r := x.roleAfter(u, end); r != "" {
					role, evidence = r, true
				}
			}
			known := x.matchPerson(words) >= 0
			if !evidence && !known {
				verbNext := end+1 < len(u.toks) && lex.verbs[u.toks[end+1].key] && !u.toks[end+1].cap
				verbPrev := k > 0 && lex.verbs[u.toks[k-1].key] && !u.toks[k-1].cap
				if (verbNext || verbPrev) && (len(words) >= 2 || !u.toks[k].sstart) && !x.isPlace(strings.Join(words, " ")) {
					evidence = true
				}
			}
			// "Jason Little", "Анной Ковалевой": a capitalised pair led by
			// a given name.
			if !evidence && !known && len(words) >= 2 && !x.isPlaceExact(strings.Join(words, " ")) &&
				(!u.toks[k].cyr && givenNames[u.toks[k].key] || u.toks[k].cyr && ruGivenName(u.toks[k].key)) {
				evidence = true
			}
			// Two or three capitalised words mid-sentence that are no
			// place and hold no word of an organisation's name are,
			// in news copy, most often a person's name.
			if !evidence && !known && x.plainNamePair(u, k, end, words) {
				evidence = true
			}
			if !evidence && !known {
				k = end
				continue
			}
			if !known && rs < 0 && x.isPlaceExact(strings.Join(words, " ")) || len(words) == 1 && ruAdjective(u, k) {
				k = end
				continue
			}
			nominal := !u.toks[k].cyr || rs >= 0 && ruNominativeRole(u, rs, k) ||
				end+1 < len(u.toks) && lex.verbs[u.toks[end+1].key] || k > 0 && lex.verbs[u.toks[k-1].key]
			i := x.addPerson(ui, k, words, role, country, nominal)
			x.claim(u, k, end, claimPerson, i)
			if rs >= 0 {
				for j := rs; j < k; j++ {
					if u.toks[j].claim == free {
						u.toks[j].claim = claimRole
					}
				}
			}
			k = end
		}
	}
	// "the Japanese prime minister", "министр": mentions by role
	for ui := range x.units {
		u := &x.units[ui]
		for k := 0; k < len(u.toks); k++ {
			if u.toks[k].claim != free {
				continue
			}
			if i, n := x.roleMention(u, k); i >= 0 {
				x.people[i].mentions++
				x.people[i].last = max(x.people[i].last, ui*1000000+k)
				if !x.quoted[ui][k] {
					x.mentions = append(x.mentions, mention{u: ui, k: k, person: i})
				}
				k += n - 1
			}
		}
	}
	sortMentions(x.mentions)
}

func sortMentions(m []mention) {
	sort.SliceStable(m, func(i, j int) bool { return less(m[i], m[j]) })
}

func less(a, b mention) bool { return a.u < b.u || a.u == b.u && a.k < b.k }

// roleMention reads a reference to a person by role at k ("the Japanese
// prime minister", "the minister", "министр") and returns the person and
// the tokens used, or -1.
func (x *extractor) roleMention(u *unit, k int) (int, int) {
	toks := u.toks
	t := toks[k]
	if t.cyr {
		if !t.word || t.cap && !t.sstart || !isRuRoleHead(t.key) {
			return -1, 0
		}
		if k+1 < len(toks) && toks[k+1].cap && toks[k+1].word {
			return -1, 0
		}
		return x.personByRole([]string{t.key}, ""), 1
	}
	if t.key != "the" {
		return -1, 0
	}
	j, country := k+1, ""
	if j < len(toks) && x.g != nil {
		if iso, ok := x.g.Demonym(toks[j].key); ok {
			country, j = iso, j+1
		} else if toks[j].possess {
			if iso, ok := x.countryOf(toks[j].s); ok {
				country, j = iso, j+1
			}
		}
	}
	var words []string
	a := j
	for j < len(toks) && j < a+3 && toks[j].word && !toks[j].cap && (lex.roleHeads[toks[j].key] || lex.roleMods[toks[j].key]) {
		words = append(words, toks[j].key)
		j++
	}
	if len(words) == 0 || !lex.roleHeads[words[len(words)-1]] {
		return -1, 0
	}
	if j < len(toks) && x.isNameTok(toks[j]) {
		return -1, 0 // a role before a name, handled above
	}
	return x.personByRole(words, country), j - k
}

// personByRole returns the most recently named person whose role has all
// of words (and the country, when given), or -1.
func (x *extractor) personByRole(words []string, country string) int {
	best, bestOrder := -1, -1
	for i, p := range x.people {
		if p == nil || p.role == "" || country != "" && p.country != "" && p.country != country {
			continue
		}
		r := strings.ToLower(p.role)
		ok := true
		for _, w := range words {
			if !strings.Contains(r, gazetteer.Stem(w)) {
				ok = false
				break
			}
		}
		if ok && p.last > bestOrder {
			best, bestOrder = i, p.last
		}
	}
	return best
}

// lastPerson returns the person named last before token k of unit u.
func (x *extractor) lastPerson(u, k int) int {
	lo, hi := 0, len(x.mentions)
	for lo < hi {
		m := (lo + hi) / 2
		if less(x.mentions[m], mention{u: u, k: k}) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return -1
	}
	return x.mentions[lo-1].person
}

// isMajorPlace reports whether s names a country, a region, a capital or
// a city of a million: a word that, before a name, is not part of it
// ("Texas Governor", "Губернатор Санкт-Петербурга Алексей Дронов"). A
// declined Russian form counts only when stem is true.
func (x *extractor) isMajorPlace(s string, stem bool) bool {
	if x.g == nil {
		return false
	}
	s = stripPossessive(s)
	p, ok := x.g.Find(s, "")
	if !ok || !stem && gazetteer.Key(p.Matched) != gazetteer.Key(s) {
		return false
	}
	return p.Kind != gazetteer.City || p.Capital || p.Population >= 1000000
}

// ruAdjective reports whether the Cyrillic word at k is a capitalised
// adjective before a noun ("Свердловской области"), not a surname.
func ruAdjective(u *unit, k int) bool {
	t := u.toks[k]
	if !t.cyr || k+1 >= len(u.toks) || !u.toks[k+1].word || u.toks[k+1].cap || !u.toks[k+1].cyr {
		return false
	}
	for _, e := range []string{"ской", "ский", "ская", "ское", "ских", "скому", "ским", "ском", "скую", "цкой", "цкий", "цкая", "цкого", "ского"} {
		if strings.HasSuffix(t.key, e) {
			return true
		}
	}
	return false
}

// ruNominativeRole reports whether the Russian role noun between a and k
// is in the nominative ("министр", not "министра" or "министром"), so the
// name after it is too.
func ruNominativeRole(u *unit, a, k int) bool {
	for j := a; j < k; j++ {
		key := u.toks[j].key
		if !isRuRoleHead(key) {
			continue
		}
		if key == "глава" || strings.HasSuffix(key, "ь") {
			return true
		}
		for _, e := range []string{"ом", "ем", "ым", "им", "ам", "ям", "ах", "ях", "ов", "ев"} {
			if strings.HasSuffix(key, e) {
				return false
			}
		}
		r := []rune(key)
		return !strings.ContainsRune("аяоеыиуюэё", r[len(r)-1])
	}
	return false
}

// plainNamePair reports whether words (tokens k..end) read as a bare
// person's name: English, two or three words, none a place, an
// organisation word, a month or a weekday.
func (x *extractor) plainNamePair(u *unit, k, end int, words []string) bool {
	if len(words) < 2 || len(words) > 3 || u.toks[k].cyr {
		return false
	}
	for _, w := range words {
		key := gazetteer.Key(stripPossessive(w))
		if lex.orgHeads[key] || lex.orgSuffixes[key] || lex.stopCaps[key] || clubWords[key] || eventWords[key] || compass[key] ||
			geoWord(key) || x.isMajorPlace(w, false) || len([]rune(key)) < 2 {
			return false
		}
	}
	return !x.isPlace(strings.Join(words, " "))
}

// geoWords name kinds of land and water; a name holding one, even with a
// typo after it ("Kuril Islandsm"), is a place's, not a person's.
var geoWords = []string{"island", "isle", "mountain", "mount", "river", "lake", "sea", "bay", "strait", "peninsula", "gulf",
	"valley", "ocean", "cape", "coast", "desert", "canal", "plain", "plateau", "heights", "hills", "region", "province", "district",
	"territory", "oblast", "krai", "republic", "prefecture", "county", "state", "harbour", "harbor", "port", "reef", "glacier"}

func geoWord(key string) bool {
	for _, g := range geoWords {
		if strings.HasPrefix(key, g) {
			return true
		}
	}
	return false
}
