package copycheck

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// affixes are the prefix and suffix rules of a hunspell .aff file, enough
// to tell whether a word is a stem of the .dic with one suffix, one
// prefix, or both (cross product) added. Continuation classes, compounds
// and the other hunspell options are not read: a word they would accept
// may be reported, and Known falls back to taking common endings off.
type affixes struct {
	flagLong bool               // FLAG long: two characters per flag
	prefixes map[string][]affix // by the text they add
	suffixes map[string][]affix
	maxPre   int // longest added text, in bytes
	maxSuf   int
}

type affix struct {
	flag  string
	cross bool
	strip string
	add   string
	cond  []condPart // matched at the start (prefix) or end (suffix) of the stem
}

// condPart is one position of a condition: a set of runes, negated or not,
// or any rune.
type condPart struct {
	any    bool
	negate bool
	runes  string
}

// parseAffixes reads the PFX, SFX and FLAG lines of an .aff file.
func parseAffixes(text, file string) (*affixes, error) {
	a := &affixes{prefixes: map[string][]affix{}, suffixes: map[string][]affix{}}
	cross := map[string]bool{} // "PFX A" -> cross product allowed
	for n, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "FLAG":
			if len(f) > 1 {
				switch f[1] {
				case "long":
					a.flagLong = true
				case "num":
					return nil, fmt.Errorf("%s line %d: FLAG num is not supported", file, n+1)
				}
			}
		case "PFX", "SFX":
			if len(f) == 4 {
				if _, err := strconv.Atoi(f[3]); err == nil {
					cross[f[0]+" "+f[1]] = f[2] == "Y"
					continue
				}
			}
			if len(f) < 5 {
				continue
			}
			r := affix{flag: f[1], cross: cross[f[0]+" "+f[1]], strip: normAffix(f[2]), add: normAffix(f[3])}
			if i := strings.IndexByte(r.add, '/'); i >= 0 {
				r.add = r.add[:i] // continuation classes are not followed
			}
			c, err := parseCond(normWord(f[4]))
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %v", file, n+1, err)
			}
			r.cond = c
			if f[0] == "PFX" {
				a.prefixes[r.add] = append(a.prefixes[r.add], r)
				a.maxPre = max(a.maxPre, len(r.add))
			} else {
				a.suffixes[r.add] = append(a.suffixes[r.add], r)
				a.maxSuf = max(a.maxSuf, len(r.add))
			}
		}
	}
	return a, nil
}

func normAffix(s string) string {
	if s == "0" {
		return ""
	}
	return normWord(s)
}

func parseCond(s string) ([]condPart, error) {
	if s == "." || s == "" {
		return nil, nil
	}
	var out []condPart
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			out = append(out, condPart{any: true})
			i++
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("condition %q has [ without ]", s)
			}
			set := s[i+1 : i+j]
			p := condPart{}
			if strings.HasPrefix(set, "^") {
				p.negate, set = true, set[1:]
			}
			p.runes = set
			out = append(out, p)
			i += j + 1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			out = append(out, condPart{runes: string(r)})
			i += size
		}
	}
	return out, nil
}

func (p condPart) match(r rune) bool {
	if p.any {
		return true
	}
	return strings.ContainsRune(p.runes, r) != p.negate
}

// condAtEnd reports whether the end of stem matches cond.
func condAtEnd(cond []condPart, stem string) bool {
	rs := []rune(stem)
	if len(cond) > len(rs) {
		return false
	}
	rs = rs[len(rs)-len(cond):]
	for i, p := range cond {
		if !p.match(rs[i]) {
			return false
		}
	}
	return true
}

// condAtStart reports whether the start of stem matches cond.
func condAtStart(cond []condPart, stem string) bool {
	i := 0
	for _, r := range stem {
		if i == len(cond) {
			return true
		}
		if !cond[i].match(r) {
			return false
		}
		i++
	}
	return i == len(cond)
}

// hasFlag reports whether flags (as written after / in the .dic) hold flag.
func (a *affixes) hasFlag(flags, flag string) bool {
	if !a.flagLong {
		return strings.Contains(flags, flag)
	}
	for i := 0; i+1 < len(flags); i += 2 {
		if flags[i:i+2] == flag {
			return true
		}
	}
	return false
}

// known reports whether word is a stem of dict, or a stem with a suffix,
// a prefix, or a prefix and a suffix added. dict maps stems to flags.
func (a *affixes) known(dict map[string]string, word string) bool {
	if _, ok := dict[word]; ok {
		return true
	}
	if a == nil {
		return false
	}
	// Suffixes, then a prefix on the stem when both allow it.
	for n := 0; n <= a.maxSuf && n < len(word); n++ {
		for _, r := range a.suffixes[word[len(word)-n:]] {
			stem := word[:len(word)-n] + r.strip
			if stem == "" || !condAtEnd(r.cond, stem) {
				continue
			}
			if fl, ok := dict[stem]; ok && a.hasFlag(fl, r.flag) {
				return true
			}
			if r.cross && a.prefixed(dict, stem, r.flag) {
				return true
			}
		}
	}
	return a.prefixed(dict, word, "")
}

// prefixed reports whether word is a stem with a prefix added; with
// also set, the stem must carry that flag too (cross product).
func (a *affixes) prefixed(dict map[string]string, word, also string) bool {
	for n := 1; n <= a.maxPre && n < len(word); n++ {
		for _, r := range a.prefixes[word[:n]] {
			if also != "" && !r.cross {
				continue
			}
			stem := r.strip + word[n:]
			if !condAtStart(r.cond, stem) {
				continue
			}
			if fl, ok := dict[stem]; ok && a.hasFlag(fl, r.flag) && (also == "" || a.hasFlag(fl, also)) {
				return true
			}
		}
	}
	return false
}
