package wirecopy

import (
	"strings"
	"unicode"
)

// stopwords are frequent short words of the Latin-script languages
// DetectLanguage tells apart. Words shared by several languages are left
// out.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "said", "he", "it", "by", "at", "from", "has", "have", "which"},
	"fr": {"le", "les", "des", "et", "est", "dans", "du", "une", "pour", "que", "qui", "au", "sur", "pas", "avec", "il", "sont", "aux", "été", "selon"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "auf", "für", "ein", "eine", "dem", "sich", "auch", "wird", "bei", "nach"},
	"es": {"el", "los", "las", "y", "del", "que", "en", "por", "una", "con", "para", "es", "se", "su", "al", "fue", "como", "más", "pero", "sus"},
	"it": {"il", "di", "che", "è", "della", "per", "gli", "una", "sono", "nel", "alla", "con", "non", "anche", "dei", "delle", "ha", "più", "stato", "degli"},
	"pt": {"os", "das", "do", "não", "uma", "com", "para", "em", "que", "foi", "pelo", "pela", "ao", "mais", "seu", "sua", "são", "também", "nos", "disse"},
}

// DetectLanguage guesses the language of text and returns a BCP 47 tag.
// Scripts decide first: mostly Cyrillic text is "ru" ("uk" when Ukrainian
// letters outnumber Russian-only ones), Han with kana "ja", Han "zh",
// Hangul "ko", Arabic "ar", Greek "el", Hebrew "he". Latin text is told
// apart by counting common words of en, fr, de, es, it and pt. Anything
// else, including text with no letters, is "en".
func DetectLanguage(text string) string {
	var letters, cyr, han, kana, hangul, arabic, greek, hebrew, ukr, rus int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch unicode.ToLower(r) {
			case 'і', 'ї', 'є', 'ґ':
				ukr++
			case 'ы', 'э', 'ъ', 'ё':
				rus++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Greek, r):
			greek++
		case unicode.Is(unicode.Hebrew, r):
			hebrew++
		}
	}
	if letters == 0 {
		return "en"
	}
	share := func(n int) bool { return n*10 >= letters*3 } // at least 30%
	switch {
	case share(cyr):
		if ukr > rus {
			return "uk"
		}
		return "ru"
	case share(kana) || (share(han+kana) && kana > 0):
		return "ja"
	case share(han):
		return "zh"
	case share(hangul):
		return "ko"
	case share(arabic):
		return "ar"
	case share(greek):
		return "el"
	case share(hebrew):
		return "he"
	}
	return latinLanguage(text)
}

func latinLanguage(text string) string {
	counts := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		counts[w]++
	}
	best, bestScore := "en", 0
	for _, lang := range []string{"en", "fr", "de", "es", "it", "pt"} {
		score := 0
		for _, w := range stopwords[lang] {
			score += counts[w]
		}
		if score > bestScore {
			best, bestScore = lang, score
		}
	}
	if bestScore < 3 {
		return "en"
	}
	return best
}
