package copycheck

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ---- typos next to proper names
//
// The spelling check leaves capitalised words alone: they are names, and
// no dictionary holds every name. A slip inside a name ("Kuril Islandsm",
// "North Kore") is caught all the same when the word is unknown and one
// edit makes it a word the dictionary knows (a name written two ways in
// the story is nameSpellings' finding): the finding suggests it.

const maxNameTypos = 20

// nameTypos reports capitalised words of multiword names that look like
// slips, with a suggestion.
func nameTypos(lang string, ps []paragraph, dict *Dictionary) []Finding {
	if !dict.Has(lang) {
		return nil
	}
	cyr := baseLang(lang) == "ru"
	var out []Finding
	seen := map[string]bool{}
	for _, p := range ps {
		ws := words(p.text)
		for i, w := range ws {
			t := w.text
			inName := i > 0 && isCapitalised(ws[i-1].text) && onlySpaceBetween(p.text, ws[i-1], w) ||
				i+1 < len(ws) && isCapitalised(ws[i+1].text) && onlySpaceBetween(p.text, w, ws[i+1])
			if !inName || !isCapitalised(t) || allUpperWord(t) || hasDigit(t) || mixedCase(t[1:]) ||
				utf8.RuneCountInString(t) < 3 || isCyrillicWord(t) != cyr || seen[t] {
				continue
			}
			seen[t] = true
			if knownWord(dict, lang, t) && !strippedOnly(lang, t, dict) {
				continue
			}
			prev := ""
			if i > 0 && onlySpaceBetween(p.text, ws[i-1], w) {
				prev = ws[i-1].text
			}
			s := suggestName(lang, t, prev, dict)
			if s == "" {
				continue
			}
			out = append(out, Finding{Kind: KindSpelling, Paragraph: p.n,
				Message: fmt.Sprintf("%q is not in the %s dictionary: %q?", t, baseLang(lang), s),
				Excerpt: excerpt(p.text, w.start, w.end)})
			if len(out) == maxNameTypos {
				return out
			}
		}
	}
	return out
}

// suggestName returns what w (a capitalised word of a name, unknown to
// the dictionary) is likely a slip for, or "":
//   - a word of the language with the last letter taken off, the common
//     slip of a finger running on ("Islandsm" -> "Islands"); names in the
//     dictionary do not count, or every unusual name would look like
//     another ("Olivera", "Oliver");
//   - after North, South, East, West or New, a name the dictionary knows
//     with a letter added at the end ("North Kore" -> "Korea").
func suggestName(lang, w, prev string, dict *Dictionary) string {
	r := []rune(w)
	if c := string(r[:len(r)-1]); len(r) > 5 && dict.Common(lang, c) && !strippedOnly(lang, c, dict) {
		return c
	}
	if nameQualifiers[strings.ToLower(prev)] {
		for _, l := range alphabet(w) {
			if c := w + string(l); dict.Known(lang, c) && !strippedOnly(lang, c, dict) {
				return c
			}
		}
	}
	return ""
}

// strippedOnly reports whether w is known only by taking a common ending
// off (which accepts some slips), not by the word lists' own rules: a
// suggestion must be a real word.
func strippedOnly(lang, w string, dict *Dictionary) bool {
	wl := dict.langs[baseLang(lang)]
	if wl == nil {
		return false
	}
	k := normWord(w)
	for _, l := range wl.lists {
		if l.aff.known(l.stems, k) {
			return false
		}
	}
	return true
}

func alphabet(w string) []rune {
	if strings.IndexFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0 {
		return []rune("абвгдежзийклмнопрстуфхцчшщъыьэюя")
	}
	return []rune("abcdefghijklmnopqrstuvwxyz")
}
