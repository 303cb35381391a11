package copycheck

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
)

// DefaultDictionaryDir is where Debian's hunspell dictionary packages
// (hunspell-en-us, hunspell-ru) install their word lists.
const DefaultDictionaryDir = "/usr/share/hunspell"

// DefaultDictionaries maps a story language to the hunspell dictionary
// read for it, and the Debian package that installs it.
// English takes American and British spelling (both are agency styles);
// a language is checked when at least one of its lists is installed.
var DefaultDictionaries = map[string][]DictionaryFile{
	"en": {{Name: "en_US", Package: "hunspell-en-us"}, {Name: "en_GB", Package: "hunspell-en-gb"}},
	"ru": {{Name: "ru_RU", Package: "hunspell-ru"}},
}

// DictionaryFile names a hunspell dictionary (Name.dic and Name.aff).
type DictionaryFile struct {
	Name    string
	Package string // the Debian package that installs it, for messages
}

// Dictionary holds the word lists of the languages it knows. A word is
// known when hunspell's affix rules make it from a stem of the .dic (one
// suffix, one prefix, or both), or, failing that, when it and a stem share
// a form with a common ending taken off. The second test accepts some
// misspellings that look like inflections; it keeps forms the simple affix
// reading misses from being reported. A Dictionary is read-only once
// loaded and safe for concurrent use.
type Dictionary struct {
	langs   map[string]*wordList
	missing map[string]string // language -> why there is no list
}

// wordList is one language: its hunspell lists and the stripped stems of
// every word in them.
type wordList struct {
	lists    []hunspellList
	stripped map[string]bool
	common   map[string]bool // words listed in lower case (not names)
}

type hunspellList struct {
	stems map[string]string // lower-case stem -> flags
	aff   *affixes          // nil for a plain word list
}

// NewDictionary makes a dictionary of one language from a word list, for
// tests and for installations with their own lists.
func NewDictionary(lang string, words []string) *Dictionary {
	wl := &wordList{stripped: map[string]bool{}, common: map[string]bool{}}
	stems := map[string]string{}
	for _, w := range words {
		addWord(wl, stems, lang, w, "")
	}
	wl.lists = append(wl.lists, hunspellList{stems: stems})
	return &Dictionary{langs: map[string]*wordList{baseLang(lang): wl}, missing: map[string]string{}}
}

// LoadDictionaries reads the hunspell dictionaries of files (language ->
// file) from dir. A missing or unreadable dictionary is not an error: the
// spelling check of that language is skipped with a note that says why
// (see Missing).
func LoadDictionaries(dir string, files map[string][]DictionaryFile) *Dictionary {
	d := &Dictionary{langs: map[string]*wordList{}, missing: map[string]string{}}
	for lang, fs := range files {
		wl := &wordList{stripped: map[string]bool{}, common: map[string]bool{}}
		var why []string
		for _, f := range fs {
			err := readHunspell(wl, filepath.Join(dir, f.Name+".dic"), filepath.Join(dir, f.Name+".aff"), lang)
			if err != nil {
				why = append(why, fmt.Sprintf("%v (install the %s package)", err, f.Package))
			}
		}
		if len(wl.lists) == 0 {
			d.missing[lang] = strings.Join(why, "; ")
			continue
		}
		d.langs[lang] = wl
	}
	return d
}

// Has reports whether the dictionary has a word list for lang.
func (d *Dictionary) Has(lang string) bool {
	return d != nil && d.langs[baseLang(lang)] != nil
}

// Missing says why there is no word list for lang ("" when there is one).
func (d *Dictionary) Missing(lang string) string {
	if d.Has(lang) {
		return ""
	}
	if d != nil {
		if why := d.missing[baseLang(lang)]; why != "" {
			return why
		}
	}
	return "no dictionary for language " + lang
}

// Known reports whether word is in the list of lang, directly or by
// taking a common ending off.
func (d *Dictionary) Known(lang, word string) bool {
	if !d.Has(lang) {
		return true
	}
	lang = baseLang(lang)
	wl := d.langs[lang]
	w := normWord(word)
	if commonWords[lang][w] {
		return true
	}
	for _, l := range wl.lists {
		if l.aff.known(l.stems, w) {
			return true
		}
	}
	for _, s := range stems(lang, w) {
		if wl.stripped[s] {
			return true
		}
	}
	return false
}

// commonWords are short words some hunspell lists leave out (Debian's
// en_US has no "into").
var commonWords = map[string]map[string]bool{
	"en": {"into": true, "onto": true, "upon": true, "unto": true},
}

func baseLang(lang string) string {
	l, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return l
}

// readHunspell adds the stems of a .dic file, read in the encoding its
// .aff names (SET UTF-8 or KOI8-R; UTF-8 when there is no SET line), and
// the .aff's affix rules.
func readHunspell(wl *wordList, dic, aff, lang string) error {
	enc := "UTF-8"
	affText := ""
	if b, err := os.ReadFile(aff); err == nil {
		affText = string(b)
		for line := range strings.SplitSeq(affText, "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == "SET" {
				enc = strings.ToUpper(f[1])
				break
			}
		}
	}
	raw, err := os.ReadFile(dic)
	if err != nil {
		return fmt.Errorf("reading %s: %w", dic, err)
	}
	var r io.Reader = bytes.NewReader(raw)
	switch enc {
	case "UTF-8":
	case "KOI8-R":
		r = charmap.KOI8R.NewDecoder().Reader(r)
		if affText != "" {
			if b, err := charmap.KOI8R.NewDecoder().String(affText); err == nil {
				affText = b
			}
		}
	case "ISO8859-1":
		r = charmap.ISO8859_1.NewDecoder().Reader(r)
	default:
		return fmt.Errorf("%s: encoding %s (SET in %s) is not supported", dic, enc, aff)
	}
	var a *affixes
	if affText != "" {
		if a, err = parseAffixes(affText, aff); err != nil {
			return err
		}
	}
	stems := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if line == 1 && strings.TrimFunc(t, unicode.IsDigit) == "" {
			continue // the word count
		}
		if i := strings.IndexAny(t, "\t "); i >= 0 {
			t = t[:i] // morphological fields
		}
		word, flags, _ := strings.Cut(t, "/")
		addWord(wl, stems, lang, word, flags)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s line %d: %w", dic, line, err)
	}
	if len(stems) == 0 {
		return fmt.Errorf("%s holds no words", dic)
	}
	wl.lists = append(wl.lists, hunspellList{stems: stems, aff: a})
	return nil
}

func addWord(wl *wordList, stemFlags map[string]string, lang, w, flags string) {
	lower := w != "" && !isCapitalised(w)
	w = normWord(w)
	if w == "" {
		return
	}
	stemFlags[w] += flags
	wl.stripped[w] = true
	if lower {
		wl.common[w] = true
	}
	for _, s := range stems(baseLang(lang), w) {
		wl.stripped[s] = true
	}
}

// Common reports whether word is a word of the language's own (listed in
// lower case), not a name: "islands" is, "Oliver" is not.
func (d *Dictionary) Common(lang, word string) bool {
	wl := d.langs[baseLang(lang)]
	if wl == nil || !d.Known(lang, word) {
		return false
	}
	w := normWord(word)
	if wl.common[w] {
		return true
	}
	for _, e := range []string{"s", "es"} {
		if s, ok := strings.CutSuffix(w, e); ok && wl.common[s] {
			return true
		}
	}
	return false
}

// normWord lower-cases a word, reads ё as е and ’ as '.
func normWord(w string) string {
	w = strings.ToLower(strings.TrimSpace(w))
	return wordFolds.Replace(w)
}

// wordFolds is built once: a Replacer per word made some 40 MB of garbage
// while the word lists load.
var wordFolds = strings.NewReplacer("ё", "е", "’", "'")

// Common endings, longest first. Taking one off (leaving at least three
// letters) makes the "stripped stem" that dictionary stems and text words
// are matched on.
var (
	enEndings = []string{"'s", "ies", "ied", "ing", "ers", "est", "ly", "es", "ed", "er", "s", "d", "e", "y"}
	ruEndings = []string{
		"ются", "ется", "ится", "ться", "тся",
		"ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ешь", "ете", "ите", "ишь", "ает", "яет",
		"ают", "яют", "ала", "ило", "ила", "али", "или", "сти", "ать", "ять", "ить", "еть", "уть", "ыть",
		"ых", "их", "ым", "ою", "ею", "ал", "ял", "ел", "ыл", "ул",
		"ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ов", "ев", "ам", "ям",
		"ах", "ях", "ом", "ем", "ью", "ия", "ии", "ию", "ть", "ла", "ло", "ли", "ал", "ил", "ут", "ют",
		"ат", "ят", "ет", "ит", "ти", "ем", "им",
		"а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й", "л",
	}
)

// stems returns the word with one common ending taken off (after a
// reflexive -ся/-сь in Russian), for each ending that fits.
func stems(lang, w string) []string {
	var endings []string
	switch lang {
	case "en":
		endings = enEndings
	case "ru":
		endings = ruEndings
		if s, ok := strings.CutSuffix(w, "ся"); ok && len([]rune(s)) >= 3 {
			w = s
		} else if s, ok := strings.CutSuffix(w, "сь"); ok && len([]rune(s)) >= 3 {
			w = s
		}
	default:
		return nil
	}
	out := []string{w}
	for _, e := range endings {
		if s, ok := strings.CutSuffix(w, e); ok && len([]rune(s)) >= 3 {
			out = append(out, s)
		}
	}
	return out
}
