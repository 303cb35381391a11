package extract

import (
	"strings"
	"unicode"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

// span is a top-level quotation in one paragraph: token indexes of the
// opening and closing marks (close is -1 when the paragraph ends first).
type span struct{ open, close int }

const maxQuoteDepth = 16

// quoteSpans finds the outermost quotations of a paragraph, reading marks
// left to right with a stack, so nested quotes stay inside their parent
// and stray marks are ignored.
func quoteSpans(u *unit) []span {
	var spans []span
	var stack []rune
	start := -1
	for k, t := range u.toks {
		if t.quote == 0 {
			continue
		}
		single := t.quote == '\'' || t.quote == '‘' || t.quote == '’' || t.quote == '‹' || t.quote == '›'
		open := opensQuote(u.text, u.toks, k)
		switch t.quote {
		case '“':
			if len(stack) > 0 && stack[len(stack)-1] == '„' {
				open = false
			}
		case '"', '\'':
			if i := lastIndex(stack, t.quote); i >= 0 && (!open || i == len(stack)-1) {
				open = false
			} else if i < 0 && !open {
				continue // a stray closing straight mark
			}
		}
		if single && !open && lastIndexAny(stack, "'‘‹") < 0 {
			continue // an apostrophe
		}
		if single && open && len(stack) == 0 && !closesLater(u, k) {
			continue // "rock 'n' roll", an opening with no close
		}
		if open {
			if len(stack) >= maxQuoteDepth {
				continue
			}
			if len(stack) == 0 {
				start = k
			}
			stack = append(stack, t.quote)
			continue
		}
		i := matchingOpen(stack, t.quote)
		if i < 0 {
			continue
		}
		stack = stack[:i]
		if len(stack) == 0 && start >= 0 {
			spans = append(spans, span{start, k})
			start = -1
		}
	}
	if len(stack) > 0 && start >= 0 {
		spans = append(spans, span{start, -1})
	}
	return spans
}

func closesLater(u *unit, k int) bool {
	for j := k + 1; j < len(u.toks) && j < k+200; j++ {
		if q := u.toks[j].quote; (q == '’' || q == '\'' || q == '›') && !opensQuote(u.text, u.toks, j) {
			return true
		}
	}
	return false
}

func lastIndex(stack []rune, r rune) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == r {
			return i
		}
	}
	return -1
}

func lastIndexAny(stack []rune, rs string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if strings.ContainsRune(rs, stack[i]) {
			return i
		}
	}
	return -1
}

// matchingOpen returns the stack index of the mark a closing mark closes.
func matchingOpen(stack []rune, c rune) int {
	var opens string
	switch c {
	case '”':
		opens = "“\""
	case '“':
		opens = "„"
	case '»':
		opens = "«"
	case '’', '\'':
		opens = "‘'"
	case '›':
		opens = "‹"
	case '"':
		opens = "\"“"
	}
	return lastIndexAny(stack, opens)
}

// pending is a quotation still open at the end of a paragraph.
type pending struct {
	quote    Quote
	u        int
	open     int
	attribed bool
	words    int
}

func (x *extractor) findQuotes() []Quote {
	var out []Quote
	var cur *pending
	lastSpeaker, lastPara := "", -10
	finish := func(p *pending) {
		q := p.quote
		q.Text = strings.TrimRight(strings.TrimSpace(q.Text), ",")
		if !p.attribed && q.Paragraph-lastPara <= 1 && lastSpeaker != "" {
			q.Speaker = lastSpeaker
			p.attribed = true
		}
		if !hasLetter(q.Text) || !p.attribed && countWords(q.Text) <= 3 {
			return
		}
		if q.Speaker != "" {
			lastSpeaker, lastPara = q.Speaker, q.Paragraph
		}
		out = append(out, q)
	}
	for ui := range x.units {
		u := &x.units[ui]
		if u.para == 0 {
			continue
		}
		spans := quoteSpans(u)
		// a quotation left open goes on only if this paragraph opens with a mark
		if cur != nil && (len(spans) == 0 || spans[0].open != 0) {
			finish(cur)
			cur = nil
		}
		for si, sp := range spans {
			if u.toks[sp.open].claim == claimOrg {
				continue // ПАО «Северная верфь»
			}
			end := len(u.text)
			if sp.close >= 0 {
				end = u.toks[sp.close].pos
			}
			text := u.text[u.toks[sp.open].end:end]
			if si == 0 && cur != nil {
				cur.quote.Text = strings.TrimSpace(cur.quote.Text) + " " + strings.TrimSpace(text)
				if u.para-cur.quote.Paragraph >= maxQuoteParagraphs {
					sp.close = max(sp.close, 0)
				}
			} else {
				cur = &pending{quote: Quote{Text: text, Paragraph: u.para}, u: ui, open: sp.open}
				if sp, v, ok := x.attributeBefore(ui, sp.open); ok {
					cur.quote.Speaker, cur.quote.Verb, cur.attribed = sp, v, true
				}
			}
			if sp.close < 0 {
				break // continues in the next paragraph, or ends here
			}
			if s, v, ok := x.attributeAfter(ui, sp.close); ok {
				cur.quote.Speaker, cur.quote.Verb, cur.attribed = s, v, true
			}
			finish(cur)
			cur = nil
		}
	}
	if cur != nil {
		finish(cur)
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func countWords(s string) int { return len(strings.Fields(s)) }

// attributeAfter reads the attribution after a closing mark: `," Abe
// said`, `," said Abe`, `», — заявил Путин`, `— говорится в сообщении`.
func (x *extractor) attributeAfter(ui, close int) (string, string, bool) {
	u := &x.units[ui]
	toks := u.toks
	a := close + 1
	for a < len(toks) && !toks[a].word && (toks[a].s == "," || toks[a].s == "—" || toks[a].s == "–" || toks[a].s == "-" || toks[a].s == ":") {
		a++
	}
	b := a
	for b < len(toks) && b < a+14 && !toks[b].sentEnd && toks[b].quote == 0 && toks[b].s != ";" {
		b++
	}
	for v := a; v < b; v++ {
		if !toks[v].word || !lex.verbs[toks[v].key] {
			continue
		}
		if s, ok := x.special(ui, v, b); ok {
			return s, toks[v].s, true
		}
		if toks[v].cyr {
			if s, ok := x.speakerForward(ui, v+1, b); ok {
				return s, toks[v].s, true
			}
			if s, ok := x.speakerBackward(ui, v-1, a); ok {
				return s, toks[v].s, true
			}
		} else {
			if s, ok := x.speakerBackward(ui, v-1, a); ok {
				return s, toks[v].s, true
			}
			if s, ok := x.speakerForward(ui, v+1, b); ok {
				return s, toks[v].s, true
			}
		}
		return "", "", false
	}
	return "", "", false
}

// attributeBefore reads an attribution in the same sentence before an
// opening mark: `Abe said: "`, `Abe said the talks were "`, `According to
// Abe, the plan "`, `По словам Каменева, «`.
func (x *extractor) attributeBefore(ui, open int) (string, string, bool) {
	u := &x.units[ui]
	toks := u.toks
	if open >= 2 && toks[open-1].s == ":" { // Песков: «...»
		if s, ok := x.speakerAt(ui, open-2); ok {
			return s, "", true
		}
	}
	a := open
	for a > 0 && a > open-40 && !toks[a-1].sentEnd && toks[a-1].quote == 0 {
		a--
	}
	for v := open - 1; v >= a; v-- {
		if !toks[v].word || !lex.verbs[toks[v].key] {
			continue
		}
		if s, ok := x.special(ui, v, open); ok {
			return s, toks[v].s, true
		}
		if s, ok := x.speakerBackward(ui, v-1, a); ok {
			return s, toks[v].s, true
		}
		if s, ok := x.speakerForward(ui, v+1, open); ok {
			return s, toks[v].s, true
		}
	}
	return "", "", false
}

// special handles attributions that are not "subject verb": "according
// to X", "по словам X", "говорится в сообщении X".
func (x *extractor) special(ui, v, b int) (string, bool) {
	toks := x.units[ui].toks
	switch toks[v].key {
	case "according":
		if v+1 < b && toks[v+1].key == "to" {
			return x.speakerForward(ui, v+2, min(b, v+6))
		}
	case "словам":
		if v > 0 && toks[v-1].key == "по" {
			return x.speakerForward(ui, v+1, min(b, v+5))
		}
		if v > 1 && toks[v-2].key == "по" { // по его словам
			return x.speakerAt(ui, v-1)
		}
	case "говорится", "сообщении", "заявлении", "отмечается", "подчеркивается":
		for j := v + 1; j < b && j < v+6; j++ {
			t := toks[j]
			if t.claim == claimOrg {
				return x.orgs[t.entity].name, true
			}
			if t.word && isRuOrgNoun(t.key) {
				if o := x.lastOrgLike(t.key); o != "" {
					return o, true
				}
			}
		}
		return "statement", true
	}
	return "", false
}

// lastOrgLike returns the latest organisation a common noun can stand
// for: "министерства" -> МИД России, "the ministry" -> Finance Ministry.
func (x *extractor) lastOrgLike(noun string) string {
	for i := len(x.orgs) - 1; i >= 0; i-- {
		k := x.orgs[i].key
		switch {
		case strings.HasPrefix(noun, "министерств") || noun == "ministry":
			if strings.Contains(k, "министерств") || strings.HasPrefix(k, "мин") || strings.HasPrefix(k, "мид") || strings.Contains(k, "ministry") {
				return x.orgs[i].name
			}
		case strings.HasPrefix(noun, "банк") || noun == "bank" || noun == "lender":
			if strings.Contains(k, "банк") || strings.Contains(k, "bank") || strings.HasPrefix(k, "цб") {
				return x.orgs[i].name
			}
		case strings.HasPrefix(noun, "компани") || noun == "company" || noun == "firm":
			words := strings.Fields(k)
			if lex.ruOrgForms[words[0]] || lex.orgSuffixes[words[len(words)-1]] {
				return x.orgs[i].name
			}
		default:
			if strings.Contains(k, gazetteer.Stem(noun)) {
				return x.orgs[i].name
			}
		}
	}
	return ""
}

// speakerBackward finds the nearest speaker from token j back to a. An
// organisation counts only next to the verb ("Volkswagen AG said", also
// across an apposition: "Volkswagen AG, Europe's largest carmaker,
// said"); a person anywhere in the clause.
func (x *extractor) speakerBackward(ui, j, a int) (string, bool) {
	toks := x.units[ui].toks
	near := j
	if j >= 0 && j < len(toks) && toks[j].s == "," {
		for i := j - 1; i >= a && i >= j-10; i-- {
			if toks[i].s == "," {
				near = i - 1
				break
			}
		}
	}
	for ; j >= a && j >= 0; j-- {
		if toks[j].claim == claimOrg && j != near && j != near-1 && j != near+1 {
			continue
		}
		if s, ok := x.speakerAt(ui, j); ok {
			return s, true
		}
	}
	return "", false
}

// speakerForward finds the first speaker from token j up to (not
// including) b, looking at no more than a few words.
func (x *extractor) speakerForward(ui, j, b int) (string, bool) {
	for n := 0; j < b && n < 6; j, n = j+1, n+1 {
		if s, ok := x.speakerAt(ui, j); ok {
			return s, true
		}
	}
	return "", false
}

// speakerAt says who token j names, if anyone: a person, a pronoun, a
// person by role, an organisation.
func (x *extractor) speakerAt(ui, j int) (string, bool) {
	u := &x.units[ui]
	t := u.toks[j]
	switch {
	case !t.word:
		return "", false
	case t.claim == claimPerson:
		if p := x.people[t.entity]; p != nil {
			return p.name, true
		}
	case t.claim == claimOrg:
		return x.orgs[t.entity].name, true
	case lex.pronouns[t.key] || t.key == "его" || t.key == "ее" || t.key == "её":
		if i := x.lastPerson(ui, j); i >= 0 {
			return x.people[i].name, true
		}
	}
	if i, _ := x.roleMention(u, j); i >= 0 {
		return x.people[i].name, true
	}
	if t.key == "the" && j+1 < len(u.toks) && lex.orgNouns[u.toks[j+1].key] {
		if o := x.lastOrgLike(u.toks[j+1].key); o != "" {
			return o, true
		}
	}
	return "", false
}
