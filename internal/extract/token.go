package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/gazetteer"
)

// tok is a word or a punctuation mark of a paragraph.
type tok struct {
	s        string // as written
	key      string // gazetteer.Key(s)
	pos, end int    // byte offsets in the paragraph
	word     bool
	cap      bool // starts with an upper-case letter
	caps     bool // all letters upper case, at least two
	cyr      bool
	letters  bool // has a letter
	sstart   bool // first word of a sentence
	sentEnd  bool // punctuation ending a sentence
	quote    rune // for quote marks: the mark
	possess  bool // ends in 's or ’s
	claim    claim
	entity   int // index of the person/org the token belongs to, when claimed
	abbrev   bool
}

type claim uint8

const (
	free claim = iota
	claimOrg
	claimPerson
	claimPlace
	claimRole
)

var abbrevs = map[string]bool{"st": true, "mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "lt": true, "col": true,
	"sen": true, "rep": true, "gov": true, "prof": true, "jr": true, "sr": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "no": true, "mt": true, "ft": true, "capt": true, "adm": true, "sgt": true, "vs": true, "jan": true,
	"feb": true, "aug": true, "sept": true, "sep": true, "oct": true, "nov": true, "dec": true, "г": true, "гг": true, "т": true}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '’', '\'', '‹', '›':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits a paragraph into words and punctuation in one pass.
// At most maxTokens tokens are made.
func tokenize(text string, maxTokens int) []tok {
	toks := make([]tok, 0, len(text)/5+1)
	i := 0
	for i < len(text) && len(toks) < maxTokens {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			t := tok{s: text[i : i+n], pos: i, end: i + n}
			if isQuoteMark(r) {
				t.quote = r
			}
			toks = append(toks, t)
			i += n
			continue
		}
		start := i
		segLen := 0
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += n
				segLen++
				continue
			}
			next, nn := utf8.DecodeRuneInString(text[i+n:])
			if (r == '-' || r == '‑' || r == '\'' || r == '’') && i+n < len(text) && isWordRune(next) {
				i += n
				segLen = 0
				continue
			}
			if r == '.' && segLen == 1 && unicode.IsLetter(next) && i+n+nn < len(text) && text[i+n+nn] == '.' {
				i += n
				segLen = 0
				continue
			}
			break
		}
		w := text[start:i]
		abbrev := false
		if i < len(text) && text[i] == '.' {
			if strings.Contains(w, ".") || abbrevs[strings.ToLower(w)] || utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
				i++
				w = text[start:i]
				abbrev = true
			}
		}
		toks = append(toks, makeWord(w, start, i, abbrev))
	}
	// sentence starts and ends
	first := true
	for k := range toks {
		t := &toks[k]
		if t.word {
			if first {
				t.sstart = true
			}
			first = false
			continue
		}
		switch t.s {
		case ".", "!", "?", "…", ";":
			if k+1 >= len(toks) || toks[k+1].pos > t.end || !toks[k+1].word {
				t.sentEnd = true
				first = true
			}
		case ":":
			first = true
		}
		if t.quote != 0 && opensQuote(text, toks, k) {
			first = true
		}
	}
	return toks
}

func makeWord(w string, pos, end int, abbrev bool) tok {
	t := tok{s: w, key: gazetteer.Key(w), pos: pos, end: end, word: true, abbrev: abbrev}
	upper, lettersN := 0, 0
	for k, r := range w {
		if unicode.IsLetter(r) {
			lettersN++
			if unicode.IsUpper(r) {
				upper++
			}
			if k == 0 && unicode.IsUpper(r) {
				t.cap = true
			}
			if r >= 0x0400 && r <= 0x04FF {
				t.cyr = true
			}
		}
	}
	t.letters = lettersN > 0
	t.caps = lettersN >= 2 && upper == lettersN
	if strings.HasSuffix(t.key, "'s") {
		t.possess = true
	}
	return t
}

// opensQuote decides whether the quote mark at toks[k] opens a quotation.
// Directional marks say so themselves; straight marks are read from the
// spaces around them.
func opensQuote(text string, toks []tok, k int) bool {
	t := toks[k]
	switch t.quote {
	case '“', '„', '«', '‘', '‹':
		return true
	case '”', '»', '’', '›':
		return false
	}
	before := t.pos == 0
	if !before {
		r, _ := utf8.DecodeLastRuneInString(text[:t.pos])
		before = unicode.IsSpace(r) || strings.ContainsRune("([{—–-/", r)
	}
	after := t.end < len(text)
	if after {
		r, _ := utf8.DecodeRuneInString(text[t.end:])
		after = !unicode.IsSpace(r) && !strings.ContainsRune(".,;:!?)]}", r)
	}
	return before && after
}

// stripPossessive drops a final 's.
func stripPossessive(s string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}
