// Package copycheck looks over a story before it is published, the way a
// second editor would: a name spelled two ways ("Nabiullina",
// "Nabiulina"), words not in the dictionary of the story's language and
// slips inside names ("Kuril Islandsm", with a suggestion), doubled words,
// unbalanced quotation marks, a dateline in another agency's style and a
// headline attribution ("... - PM Abe", "Putin says ...") whose speaker is
// never quoted. It reports; it never
// changes the story.
package copycheck

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/wirecopy"
)

// Finding kinds.
const (
	KindNameSpelling = "name-spelling"
	KindSpelling     = "spelling"
	KindDoubledWord  = "doubled-word"
	KindQuotes       = "quotes"
	KindDateline     = "dateline"
	KindAttribution  = "attribution"
	KindNote         = "note" // a check that could not run, and why
)

// Finding is one thing an editor should look at.
type Finding struct {
	Kind      string `json:"kind"`
	Message   string `json:"message"`
	Paragraph int    `json:"paragraph"` // 1-based index in Body; 0 for the headline, standfirst or dateline
	Excerpt   string `json:"excerpt,omitempty"`
}

// Options are the installation's house rules.
type Options struct {
	// DatelineStyle is the agency's house style; a story whose dateline
	// is in another style is reported. Empty: not checked.
	DatelineStyle news.Style
}

// Bounds that keep Check fast on any input.
const (
	maxSpellingFindings = 50
	maxNames            = 500 // distinct capitalised names compared pairwise
	maxFindingsPerKind  = 50
	excerptRunes        = 60
)

// paragraph is a piece of text checked: the headline and standfirst are
// paragraph 0, body blocks 1...
type paragraph struct {
	n    int
	text string
	head bool // a subheading, headline or standfirst
}

func paragraphs(s *news.Story) []paragraph {
	ps := []paragraph{{0, s.Headline, true}}
	if s.Standfirst != "" {
		ps = append(ps, paragraph{0, s.Standfirst, true})
	}
	for i, b := range s.Body {
		ps = append(ps, paragraph{i + 1, b.Text, b.Kind == news.Subheading})
	}
	return ps
}

// Check looks over s. ex is what extraction found in it (people and
// quotes); dict the word lists (nil: spelling is not checked). Findings
// come in reading order within each kind.
func Check(s *news.Story, ex news.Entities, dict *Dictionary, opt Options) []Finding {
	if s == nil {
		return nil
	}
	ps := paragraphs(s)
	for i := range ps {
		if !utf8.ValidString(ps[i].text) {
			ps[i].text = strings.ToValidUTF8(ps[i].text, "\uFFFD")
		}
	}
	var out []Finding
	out = append(out, nameSpellings(ps, ex)...)
	out = append(out, spelling(s.Language, ps, dict)...)
	out = append(out, nameTypos(s.Language, ps, dict)...)
	out = append(out, doubledWords(ps)...)
	out = append(out, quoteMarks(ps)...)
	out = append(out, datelineStyle(s.Dateline, opt.DatelineStyle)...)
	out = append(out, attribution(s.Headline, ex)...)
	for i := range out {
		out[i].Message = clean(out[i].Message, 400)
		out[i].Excerpt = clean(out[i].Excerpt, 2*excerptRunes+10)
	}
	return out
}

// clean makes s valid UTF-8 of at most max runes.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

// word is a run of letters (with inner apostrophes and hyphens) in a text.
type word struct {
	text       string
	start, end int // byte offsets
}

// words cuts text into words.
func words(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		inner := (r == '\'' || r == '’' || r == '-') && start >= 0
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || inner {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, trimWord(text, start, i))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, trimWord(text, start, len(text)))
	}
	return out
}

func trimWord(text string, a, b int) word {
	w := strings.TrimRight(text[a:b], "'’-")
	return word{text: w, start: a, end: a + len(w)}
}

// excerpt is the text around [a, b), at most excerptRunes runes each side
// in total, with ellipses where cut.
func excerpt(text string, a, b int) string {
	lo, hi := a, b
	for n := 0; lo > 0 && n < excerptRunes/2; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:lo])
		lo -= size
	}
	for n := 0; hi < len(text) && n < excerptRunes/2; n++ {
		_, size := utf8.DecodeRuneInString(text[hi:])
		hi += size
	}
	e := strings.TrimSpace(text[lo:hi])
	if lo > 0 {
		e = "…" + e
	}
	if hi < len(text) {
		e += "…"
	}
	return e
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func hasDigit(w string) bool {
	return strings.IndexFunc(w, unicode.IsDigit) >= 0
}

// ---- a name spelled two ways

// leadWords are capitalised at the start of a sentence and are not part
// of a name that follows.
var leadWords = map[string]bool{
	"The": true, "A": true, "An": true, "In": true, "On": true, "At": true, "But": true, "And": true,
	"He": true, "She": true, "It": true, "They": true, "We": true, "This": true, "That": true, "When": true,
	"After": true, "Before": true, "For": true, "From": true, "By": true, "With": true, "As": true, "If": true,
	"В": true, "На": true, "По": true, "С": true, "И": true, "Но": true, "Как": true, "Для": true, "Из": true,
	"О": true, "Об": true, "К": true, "У": true, "От": true, "До": true, "При": true, "За": true,
}

type nameUse struct {
	name      string
	count     int
	paragraph int // first
	text      string
	start     int
	end       int
}

// nameSpellings finds capitalised multiword names that differ by at most
// two edits ("North Korea" ... "North Kore"), leaving out inflected forms
// (Russian "Андрей Воронцов" / "Андрея Воронцова", English possessives).
func nameSpellings(ps []paragraph, ex news.Entities) []Finding {
	uses := map[string]*nameUse{}
	var order []string
	add := func(name string, p paragraph, start, end int) {
		if u := uses[name]; u != nil {
			u.count++
			return
		}
		if len(order) >= maxNames {
			return
		}
		uses[name] = &nameUse{name: name, count: 1, paragraph: p.n, text: p.text, start: start, end: end}
		order = append(order, name)
	}
	for _, p := range ps {
		ws := words(p.text)
		for i := 0; i < len(ws); {
			if !isCapitalised(ws[i].text) || hasDigit(ws[i].text) {
				i++
				continue
			}
			j := i
			for j < len(ws) && isCapitalised(ws[j].text) && !hasDigit(ws[j].text) && (j == i || onlySpaceBetween(p.text, ws[j-1], ws[j])) {
				j++
			}
			a := i
			for a < j && leadWords[ws[a].text] {
				a++
			}
			// Every run of two to four words of the name: "Mayor Marta
			// Soler" holds "Marta Soler".
			if j-a <= 6 && !allUpper(ws[a:j]) {
				for x := a; x < j; x++ {
					for y := x + 2; y <= j && y-x <= 4; y++ {
						parts := make([]string, 0, y-x)
						for _, w := range ws[x:y] {
							parts = append(parts, strings.TrimSuffix(strings.TrimSuffix(w.text, "'s"), "’s"))
						}
						add(strings.Join(parts, " "), p, ws[x].start, ws[y-1].end)
					}
				}
			}
			i = j
		}
	}
	for _, pe := range ex.People {
		if len(strings.Fields(pe.Name)) >= 2 && uses[pe.Name] == nil && len(order) < maxNames {
			uses[pe.Name] = &nameUse{name: pe.Name, count: 1, paragraph: -1}
			order = append(order, pe.Name)
		}
	}
	// Single words too ("Nabiullina" ... "Nabiulina"), compared more
	// strictly below.
	for _, p := range ps {
		for _, w := range words(p.text) {
			t := strings.TrimSuffix(strings.TrimSuffix(w.text, "'s"), "’s")
			if !isCapitalised(t) || hasDigit(t) || leadWords[t] || allUpperWord(t) || utf8.RuneCountInString(t) < minSingleName {
				continue
			}
			add(t, p, w.start, w.start+len(t))
		}
	}
	var out []Finding
	seen := map[string]bool{}
	for x := 0; x < len(order); x++ {
		for y := x + 1; y < len(order); y++ {
			a, b := uses[order[x]], uses[order[y]]
			single := !strings.Contains(a.name, " ")
			if single != !strings.Contains(b.name, " ") {
				continue
			}
			if single && (!similarSingle(a.name, b.name) || reportedIn(out, a.name, b.name)) || !single && !similarNames(a.name, b.name) {
				continue
			}
			// Report the rarer spelling, where it is used.
			odd, usual := b, a
			if b.count > a.count || odd.paragraph < 0 {
				odd, usual = a, b
			}
			if odd.paragraph < 0 || seen[odd.name] {
				continue
			}
			seen[odd.name] = true
			out = append(out, Finding{Kind: KindNameSpelling, Paragraph: odd.paragraph,
				Message: fmt.Sprintf("%q is also written %q (%d times): is one of them misspelt?", odd.name, usual.name, usual.count),
				Excerpt: excerpt(odd.text, odd.start, odd.end)})
			if len(out) == maxFindingsPerKind {
				return out
			}
		}
	}
	return out
}

// minSingleName is the shortest single word compared with others: short
// names differ by one letter too often ("Iran", "Iraq").
const minSingleName = 5

// similarSingle asks more of two single words than similarNames: one
// edit, and neither the other with letters added (Russia, Russian). A
// Russian name is compared without its case ending (Набиуллина,
// Набиулиной).
func similarSingle(a, b string) bool {
	la, lb := normWord(a), normWord(b)
	if strings.HasPrefix(la, lb) || strings.HasPrefix(lb, la) || sameStem(a, b) {
		return false
	}
	if !isCyrillicWord(la) {
		return editDistance(la, lb, 1) <= 1
	}
	for _, x := range caseStems(la) {
		for _, y := range caseStems(lb) {
			if utf8.RuneCountInString(x) >= 4 && utf8.RuneCountInString(y) >= 4 && editDistance(x, y, 1) <= 1 {
				return true
			}
		}
	}
	return false
}

// reportedIn reports whether a finding already names one of the words
// (as part of a longer name).
func reportedIn(fs []Finding, a, b string) bool {
	for _, f := range fs {
		for _, w := range strings.Fields(strings.Trim(strings.SplitN(f.Message, `" is also`, 2)[0], `"`)) {
			if w == a || w == b {
				return true
			}
		}
	}
	return false
}

func onlySpaceBetween(text string, a, b word) bool {
	return strings.TrimSpace(text[a.end:b.start]) == ""
}

func allUpper(ws []word) bool {
	for _, w := range ws {
		if strings.ToUpper(w.text) != w.text {
			return false
		}
	}
	return true
}

// similarNames reports whether two names of the same number of words
// differ by one or two edits, and not only by inflection.
func similarNames(a, b string) bool {
	if a == b || strings.EqualFold(a, b) {
		return false
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la-lb > 2 || lb-la > 2 {
		return false
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) {
		return false
	}
	if editDistance(a, b, 2) > 2 {
		return false
	}
	// Every differing word must be a likely slip (one edit in a short
	// word, two in a longer one), not a different word ("North" and
	// "South", "East" and "West") nor an inflected form (Воронцов /
	// Воронцова, an English plural).
	inflected := true
	for i := range wa {
		if wa[i] == wb[i] {
			continue
		}
		n := min(utf8.RuneCountInString(wa[i]), utf8.RuneCountInString(wb[i]))
		limit := 1
		if n >= 6 {
			limit = 2
		}
		if editDistance(wa[i], wb[i], limit) > limit || nameQualifiers[strings.ToLower(wa[i])] || nameQualifiers[strings.ToLower(wb[i])] {
			return false
		}
		if !sameStem(wa[i], wb[i]) {
			inflected = false
		}
	}
	return !inflected
}

// nameQualifiers tell apart names that are otherwise the same.
var nameQualifiers = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "upper": true, "lower": true, "new": true, "old": true,
	"great": true, "little": true, "greater": true, "central": true,
	"северная": true, "южная": true, "западная": true, "восточная": true, "северный": true, "южный": true,
	"западный": true, "восточный": true, "новая": true, "новый": true, "старая": true, "старый": true,
}

// ruCaseEndings inflect Russian names (Андрей, Андрея, Андрею, Андреем;
// Воронцов, Воронцова, Воронцовым; Заречный, Заречная, Заречного).
var ruCaseEndings = []string{"ого", "его", "ому", "ему", "ыми", "ими", "ых", "их", "ый", "ий", "ая", "яя", "ое", "ее",
	"ом", "ем", "ым", "им", "ой", "ей", "ую", "ою", "ею", "а", "я", "у", "ю", "е", "и", "ы", "ь", "й"}

func sameStem(a, b string) bool {
	a, b = normWord(a), normWord(b)
	if strings.TrimSuffix(a, "s") == strings.TrimSuffix(b, "s") {
		return true
	}
	if !isCyrillicWord(a) || !isCyrillicWord(b) {
		return false
	}
	sa, sb := caseStems(a), caseStems(b)
	for _, x := range sa {
		for _, y := range sb {
			if x == y && utf8.RuneCountInString(x) >= 3 {
				return true
			}
		}
	}
	return false
}

// caseStems returns a Russian word and the word with each case ending
// that fits taken off.
func caseStems(w string) []string {
	out := []string{w}
	for _, e := range ruCaseEndings {
		if s, ok := strings.CutSuffix(w, e); ok && utf8.RuneCountInString(s) >= 3 {
			out = append(out, s)
		}
	}
	return out
}

func isCyrillicWord(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// editDistance is the edit distance of a and b in runes (insertions,
// deletions, substitutions and swaps of neighbouring letters), or max+1
// as soon as it is known to exceed max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1) // two letters swapped
			}
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// ---- spelling

// spelling reports words not in the dictionary of the story's language,
// each once. Capitalised words (names), words with digits and words in
// another script are left alone.
func spelling(lang string, ps []paragraph, dict *Dictionary) []Finding {
	if !dict.Has(lang) {
		return []Finding{{Kind: KindNote, Message: "spelling not checked: " + dict.Missing(lang)}}
	}
	cyr := baseLang(lang) == "ru"
	var out []Finding
	seen := map[string]bool{}
	for _, p := range ps {
		for _, w := range words(p.text) {
			t := w.text
			if utf8.RuneCountInString(t) < 2 || isCapitalised(t) || hasDigit(t) || isCyrillicWord(t) != cyr || mixedCase(t) {
				continue
			}
			k := normWord(t)
			if seen[k] {
				continue
			}
			seen[k] = true
			if knownWord(dict, lang, k) {
				continue
			}
			out = append(out, Finding{Kind: KindSpelling, Paragraph: p.n,
				Message: fmt.Sprintf("%q is not in the %s dictionary", t, baseLang(lang)),
				Excerpt: excerpt(p.text, w.start, w.end)})
			if len(out) == maxSpellingFindings {
				return out
			}
		}
	}
	return out
}

// knownWord accepts a hyphenated word when each part is known.
func knownWord(dict *Dictionary, lang, w string) bool {
	if dict.Known(lang, w) {
		return true
	}
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) > 1 && !dict.Known(lang, p) {
			return false
		}
	}
	return true
}

// mixedCase is a word like "iPhone" or "eBay": a brand, not a misspelling.
func mixedCase(w string) bool {
	return strings.IndexFunc(w, unicode.IsUpper) >= 0
}

// ---- doubled words

// doubledOK are words that may stand twice in a row.
var doubledOK = map[string]bool{"had": true, "that": true, "is": true, "ha": true, "no": true, "very": true, "так": true}

func doubledWords(ps []paragraph) []Finding {
	var out []Finding
	for _, p := range ps {
		ws := words(p.text)
		for i := 1; i < len(ws); i++ {
			a, b := ws[i-1], ws[i]
			if hasDigit(a.text) || !strings.EqualFold(a.text, b.text) || doubledOK[strings.ToLower(a.text)] {
				continue
			}
			if strings.TrimSpace(p.text[a.end:b.start]) != "" {
				continue // punctuation between: "Well, well"
			}
			out = append(out, Finding{Kind: KindDoubledWord, Paragraph: p.n,
				Message: fmt.Sprintf("%q is written twice in a row", a.text),
				Excerpt: excerpt(p.text, a.start, b.end)})
			if len(out) == maxFindingsPerKind {
				return out
			}
		}
	}
	return out
}

// ---- quotation marks

// quoteBalance is what a paragraph leaves open: guillemets, curly double
// quotes (“…” or „…“) and straight double quotes.
type quoteBalance struct {
	guillemet, curly int  // open minus closed; negative: closed more than opened
	straight         int  // count of "
	curlyLow         bool // „ opens, so “ closes
}

func balanceOf(text string) quoteBalance {
	var q quoteBalance
	q.curlyLow = strings.ContainsRune(text, '„')
	for _, r := range text {
		switch r {
		case '«':
			q.guillemet++
		case '»':
			q.guillemet--
		case '„':
			q.curly++
		case '“':
			if q.curlyLow {
				q.curly--
			} else {
				q.curly++
			}
		case '”':
			q.curly--
		case '"':
			q.straight++
		}
	}
	return q
}

// opensWithQuote reports whether text starts with an opening mark, as a
// paragraph that continues a quotation does.
func opensWithQuote(text string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(text))
	return r == '«' || r == '“' || r == '„' || r == '"'
}

// quoteMarks reports paragraphs whose quotation marks do not pair up. A
// paragraph that leaves a quotation open is fine when the next one opens
// with a quotation mark (a quotation over several paragraphs).
func quoteMarks(ps []paragraph) []Finding {
	var out []Finding
	for i, p := range ps {
		q := balanceOf(p.text)
		continued := i+1 < len(ps) && ps[i+1].n > 0 && opensWithQuote(ps[i+1].text) && p.n > 0
		var problems []string
		switch {
		case q.guillemet < 0:
			problems = append(problems, fmt.Sprintf("%d more » than «", -q.guillemet))
		case q.guillemet > 0 && !continued:
			problems = append(problems, fmt.Sprintf("%d « not closed", q.guillemet))
		}
		switch {
		case q.curly < 0:
			problems = append(problems, "a closing ” with no opening “")
		case q.curly > 0 && !continued:
			problems = append(problems, fmt.Sprintf("%d “ not closed", q.curly))
		}
		if q.straight%2 == 1 && !continued {
			problems = append(problems, `an odd number of " marks`)
		}
		if len(problems) == 0 {
			continue
		}
		out = append(out, Finding{Kind: KindQuotes, Paragraph: p.n,
			Message: "unbalanced quotation marks: " + strings.Join(problems, "; "),
			Excerpt: excerpt(p.text, 0, 0)})
		if len(out) == maxFindingsPerKind {
			return out
		}
	}
	return out
}

// ---- dateline style

func datelineStyle(d news.Dateline, want news.Style) []Finding {
	if want == news.StyleNone || d.IsZero() {
		return nil
	}
	got := d.Style
	if got == news.StyleNone && d.Text != "" {
		if dl, _, ok := wirecopy.ParseDateline(d.Text, wirecopy.Options{}); ok {
			got = dl.Style
		}
	}
	if got == want {
		return nil
	}
	example := news.Dateline{Place: d.Place, Date: d.Date, Credit: d.Credit, Style: want}
	if example.Place == "" {
		example.Place = "PLACE"
	}
	if example.Credit == "" {
		example.Credit = "AGENCY"
	}
	msg := fmt.Sprintf("the dateline is not in the agency's %s style; it would read %q", want, example.Format())
	if got != news.StyleNone {
		msg = fmt.Sprintf("the dateline is in %s style, the agency writes %s style: %q", got, want, example.Format())
	}
	return []Finding{{Kind: KindDateline, Paragraph: 0, Message: msg, Excerpt: d.Display()}}
}

// ---- headline attribution

// attributionDashes separate a headline from its attribution.
var attributionDashes = []string{" - ", " – ", " — ", " -- "}

// headlineSpeaker returns the attribution at the end of a headline
// ("Talks were useful - PM Abe" -> "PM Abe"): one to five words after the
// last dash, the last one capitalised.
func headlineSpeaker(h string) string {
	cut := -1
	sep := ""
	for _, d := range attributionDashes {
		if i := strings.LastIndex(h, d); i > cut {
			cut, sep = i, d
		}
	}
	if cut <= 0 {
		return ""
	}
	who := strings.TrimSpace(strings.TrimRight(h[cut+len(sep):], ".!"))
	ws := strings.Fields(who)
	if len(ws) == 0 || len(ws) > 5 || !isCapitalised(ws[len(ws)-1]) || hasDigit(who) {
		return ""
	}
	return who
}

// sayVerbs make a headline's subject its speaker ("Putin says ...").
var sayVerbs = []string{" says ", " said ", " warns ", " tells ", " claims ", " urges ", " insists ", " vows ", " admits ",
	" заявил ", " заявила ", " сказал ", " сказала ", " считает ", " призвал ", " призвала ", " пообещал ", " пообещала ", " уверен ", " уверена "}

// headlineSubject returns the speaker a headline opens with: one to four
// capitalised words before a verb of saying ("Putin says talks will go
// on").
func headlineSubject(h string) string {
	cut := -1
	for _, v := range sayVerbs {
		if i := strings.Index(h, v); i > 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut <= 0 {
		return ""
	}
	who := strings.TrimSpace(h[:cut])
	ws := strings.Fields(who)
	if len(ws) == 0 || len(ws) > 4 {
		return ""
	}
	for _, w := range ws {
		if !isCapitalised(w) || hasDigit(w) {
			return ""
		}
	}
	return who
}

// attribution reports a headline attributed to someone who is never
// quoted in the story: after a dash ("... - PM Abe") or as its subject
// ("Putin says ...").
func attribution(headline string, ex news.Entities) []Finding {
	who := headlineSpeaker(headline)
	if who == "" {
		who = headlineSubject(headline)
	}
	if who == "" {
		return nil
	}
	names := []string{}
	for _, w := range strings.Fields(who) {
		w = strings.Trim(w, ",.:;!?\"'«»“”")
		if isCapitalised(w) && !allUpperWord(w) {
			names = append(names, w)
		}
	}
	if len(names) == 0 {
		return nil // "- PM", "- UN": an office or an acronym only
	}
	var speakers []string
	for _, q := range ex.Quotes {
		speakers = append(speakers, q.Speaker)
		for _, sw := range strings.Fields(q.Speaker) {
			for _, n := range names {
				if strings.EqualFold(sw, n) || sameStem(sw, n) {
					return nil
				}
			}
		}
	}
	msg := fmt.Sprintf("the headline is attributed to %s, who is never quoted in the story", who)
	if len(speakers) > 0 {
		sort.Strings(speakers)
		msg += " (quoted: " + strings.Join(dedupe(speakers), ", ") + ")"
	}
	return []Finding{{Kind: KindAttribution, Paragraph: 0, Message: msg, Excerpt: headline}}
}

func allUpperWord(w string) bool { return len([]rune(w)) > 1 && strings.ToUpper(w) == w }

func dedupe(s []string) []string {
	var out []string
	for i, v := range s {
		if v != "" && (i == 0 || v != s[i-1]) {
			out = append(out, v)
		}
	}
	return out
}
