package news

import (
	"strings"
	"unicode/utf8"
)

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// CleanText drops what no XML document may hold — control characters
// other than tab and line breaks, U+FFFE and U+FFFF — and turns invalid
// UTF-8 into U+FFFD. Every story text passes through it (Normalize), so a
// stray character pasted into a body cannot break a feed, a sitemap or a
// NewsML item.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	for _, r := range s {
		if !xmlChar(r) {
			return strings.Map(func(r rune) rune {
				if xmlChar(r) {
					return r
				}
				return -1
			}, s)
		}
	}
	return s
}
