// Package stem reduces words to the search keys both storage engines
// index and query by, so that a search finds other forms of a word:
// "ferries" finds "ferry", "москва" finds "Москве" and "живописца" finds
// "живописец". A word in Cyrillic is stemmed with the Snowball Russian
// stemmer, a word in Latin letters with the Snowball English (Porter2)
// stemmer, whatever the story's language: Russian copy quotes English
// names and the other way round. Anything else is only lower-cased.
//
// Snowball keeps the fleeting vowel of Russian nouns such as "живописец"
// (genitive "живописца") and "подарок" ("подарка"), so the two forms get
// different stems. Key folds them: a stem ending in a consonant, "е"
// or "о", and "ц" or "к" loses the vowel. The SQLite engine indexes and
// queries Key; the PostgreSQL engine stems with its own russian and
// english configurations and adds Variants to a query.
package stem

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// MaxWordBytes bounds the words stemmed: a longer run of letters is kept
// as it is (lower-cased), so no input makes stemming expensive.
const MaxWordBytes = 64

// Words cuts text into words: runs of letters, digits and combining
// marks, lower-cased. Invalid UTF-8 separates words.
func Words(text string) []string {
	text = strings.ToValidUTF8(text, " ")
	words := strings.FieldsFunc(text, isSeparator)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return words
}

func isSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

// script is the alphabet a word is stemmed in.
type script int

const (
	other script = iota
	latin
	cyrillic
)

func scriptOf(w string) script {
	s := other
	for _, r := range w {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'a' && r <= 'z' {
				if s == cyrillic {
					return other // mixed alphabets: leave it alone
				}
				s = latin
			}
		case unicode.Is(unicode.Cyrillic, r):
			if s == latin {
				return other
			}
			s = cyrillic
		default:
			if unicode.IsLetter(r) {
				return other
			}
		}
	}
	return s
}

// cache remembers recent keys: an archive's vocabulary is small next to
// its word count, and stemming is the costly part of indexing a story.
var cache = struct {
	sync.RWMutex
	m map[string]string
}{m: make(map[string]string)}

const cacheMax = 200_000

// Key is the search key of one word (as Words returns it: lower-case).
func Key(w string) string {
	if len(w) > MaxWordBytes {
		return w
	}
	cache.RLock()
	k, ok := cache.m[w]
	cache.RUnlock()
	if ok {
		return k
	}
	k = key(w)
	cache.Lock()
	if len(cache.m) >= cacheMax {
		clear(cache.m)
	}
	cache.m[strings.Clone(w)] = k
	cache.Unlock()
	return k
}

func key(w string) string {
	switch scriptOf(w) {
	case latin:
		return english.Stem(w, true)
	case cyrillic:
		return foldFleeting(russian.Stem(strings.ReplaceAll(w, "ё", "е"), true))
	}
	return w
}

// Text is text as the keys of its words separated by spaces: what the
// SQLite engine gives its full-text index.
func Text(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for i, w := range Words(text) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Key(w))
	}
	return b.String()
}

// foldFleeting drops the fleeting vowel of a Russian stem ending in
// consonant + е/о + ц/к: "живописец" -> "живописц", "подарок" -> "подарк".
func foldFleeting(stem string) string {
	r := []rune(stem)
	n := len(r)
	if n < 4 {
		return stem
	}
	if (r[n-1] == 'ц' || r[n-1] == 'к') && (r[n-2] == 'е' || r[n-2] == 'о') && isRussianConsonant(r[n-3]) {
		return string(r[:n-2]) + string(r[n-1])
	}
	return stem
}

// Variants are the other Snowball stems a Cyrillic word's forms may
// have because of a fleeting vowel: for "живописца" (stem "живописц")
// "живописец" and "живописоц"; for "живописец" "живописц". A query
// matches any of them besides the word's own stem. Nil for other words.
func Variants(w string) []string {
	if len(w) > MaxWordBytes || scriptOf(w) != cyrillic {
		return nil
	}
	s := russian.Stem(strings.ReplaceAll(w, "ё", "е"), true)
	if f := foldFleeting(s); f != s {
		return []string{f}
	}
	r := []rune(s)
	n := len(r)
	if n < 3 || (r[n-1] != 'ц' && r[n-1] != 'к') || !isRussianConsonant(r[n-2]) {
		return nil
	}
	head, last := string(r[:n-1]), string(r[n-1])
	return []string{head + "е" + last, head + "о" + last}
}

func isRussianConsonant(r rune) bool {
	return strings.ContainsRune("бвгджзйклмнпрстфхцчшщ", r)
}
