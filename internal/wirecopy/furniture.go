package wirecopy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Site furniture: the lines a browser copies along with an agency page's
// story ("All news", "Updated at: November 23, 19:40", "Обновлено:"). Such
// a line is recognised whatever spaces it is written with (no-break, thin,
// ideographic, zero-width), with or without a colon, with or without a
// date or time after the label, and with an empty value.

// furnitureLines are site furniture that may stand on a line of their own
// (compared in lower case with spaces normalised).
var furnitureLines = map[string]bool{
	"all news": true, "все новости": true, "latest news": true, "последние новости": true,
	"full version": true, "полная версия": true,
	"share": true, "поделиться": true,
	"advertisement": true, "реклама": true,
	"read more": true, "читать далее": true, "читать также": true, "read also": true, "see also": true, "читайте также": true,
	"print": true, "печать": true, "версия для печати": true, "print version": true,
	"subscribe": true, "подписаться": true,
	"copy link": true, "скопировать ссылку": true,
	"tags": true, "теги": true, "темы": true, "topics": true,
	"news feed": true, "лента новостей": true,
}

// stampLabels open a time stamp line ("Updated at: ...").
var stampLabels = []string{
	"last updated at", "last updated on", "last updated", "updated at", "updated on", "updated",
	"published at", "published on", "published", "posted at", "posted on", "posted",
	"first published", "date of publication",
	"обновлено в", "обновлено", "обновление", "последнее обновление", "дата обновления",
	"опубликовано в", "опубликовано", "дата публикации", "изменено", "размещено",
}

// stampWords may stand in the value of a time stamp besides numbers and
// month names.
var stampWords = map[string]bool{
	"at": true, "on": true, "of": true, "in": true, "в": true, "г": true, "г.": true, "года": true, "год": true,
	"gmt": true, "utc": true, "msk": true, "мск": true, "am": true, "pm": true, "a.m.": true, "p.m.": true,
	"today": true, "yesterday": true, "сегодня": true, "вчера": true, "ago": true, "назад": true,
	"time": true, "moscow": true, "московское": true, "время": true, "времени": true, "по": true, "московскому": true,
	"min": true, "mins": true, "minutes": true, "minute": true, "hour": true, "hours": true, "мин": true, "минут": true, "минуты": true, "час": true, "часа": true, "часов": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"понедельник": true, "вторник": true, "среда": true, "среду": true, "четверг": true, "пятница": true, "пятницу": true, "суббота": true, "субботу": true, "воскресенье": true,
	"пн": true, "вт": true, "ср": true, "чт": true, "пт": true, "сб": true, "вс": true,
}

// isUnicodeSpace reports whether r is any kind of space, including the
// zero-width ones a web page may carry.
func isUnicodeSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r)
}

// normaliseSpaces turns every run of Unicode spaces into one ASCII space
// and trims the ends.
func normaliseSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if isUnicodeSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isBoilerplate reports whether a line is site furniture.
func isBoilerplate(l string) bool {
	l = normaliseSpaces(l)
	if l == "" || utf8.RuneCountInString(l) > 80 {
		return false
	}
	low := strings.ToLower(l)
	if furnitureLines[strings.TrimRight(low, " :›»>|•·")] {
		return true
	}
	_, ok := stampLabel(low)
	return ok
}

// stampLabel reports whether a lower-cased line is a time stamp: a label,
// an optional colon, and a value that is empty or only a date and time.
// It returns whether the value was empty.
func stampLabel(low string) (empty, ok bool) {
	for _, lab := range stampLabels {
		if !strings.HasPrefix(low, lab) {
			continue
		}
		rest := low[len(lab):]
		if rest != "" && rest[0] != ' ' && rest[0] != ':' {
			continue // "updatedness", "publishedly"
		}
		colon := false
		rest = strings.TrimLeft(rest, " ")
		if strings.HasPrefix(rest, ":") {
			colon = true
			rest = strings.TrimLeft(rest[1:], " ")
		}
		if rest == "" {
			// A bare "Published" could be a one-word line of text; with a
			// colon, or for the unambiguous labels, it is furniture.
			return true, colon || strings.Contains(lab, " ") || isCyrillicLabel(lab)
		}
		if isDateTimeValue(rest) {
			return false, true
		}
	}
	return false, false
}

func isCyrillicLabel(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= 0x0400 && r <= 0x04FF
}

// isDateTimeValue reports whether s (lower case, spaces normalised) holds
// nothing but a date and/or time: numbers with date and time separators,
// month names, and a few words such as "at", "GMT", "мск", "года". It
// needs at least one digit.
func isDateTimeValue(s string) bool {
	digits := false
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '|' || r == '(' || r == ')' || r == '—' || r == '–'
	}) {
		f = strings.TrimRight(f, ".")
		if f == "" || f == "-" || f == "/" {
			continue
		}
		if allDateChars(f) {
			digits = true
			continue
		}
		if _, isMonth := monthOf(strings.TrimSuffix(f, ".")); isMonth {
			continue
		}
		if stampWords[f] || stampWords[f+"."] {
			continue
		}
		if strings.HasPrefix(f, "utc") || strings.HasPrefix(f, "gmt") {
			if allDateChars(strings.TrimLeft(f[3:], "+-−")) {
				continue
			}
		}
		// "19:40msk", "2016г"
		if n := strings.IndexFunc(f, unicode.IsLetter); n > 0 && allDateChars(f[:n]) && (stampWords[f[n:]] || f[n:] == "h") {
			digits = true
			continue
		}
		return false
	}
	return digits
}

func allDateChars(f string) bool {
	d := false
	for i, r := range f {
		switch {
		case r >= '0' && r <= '9':
			d = true
		case strings.ContainsRune(":./-+−", r):
		case (r == 't' || r == 'z') && i > 0 && d: // 2026-11-23t19:40z
		default:
			return false
		}
	}
	return d
}

// isDateTimeLine reports whether a line holds only a date and time with a
// clock time in it ("November 23, 19:40", "23.11.2016 19:40"): the value
// of a time stamp whose label stands on the line above, or a page's date
// line. A date without a time is left alone, as it may be a subheading.
func isDateTimeLine(l string) bool {
	low := strings.ToLower(normaliseSpaces(l))
	if low == "" || utf8.RuneCountInString(low) > 60 || !isDateTimeValue(low) {
		return false
	}
	for i := 0; i+2 < len(low); i++ {
		if low[i] >= '0' && low[i] <= '9' && low[i+1] == ':' && low[i+2] >= '0' && low[i+2] <= '9' {
			return true
		}
	}
	return false
}

// dropFurniture blanks out site furniture among trimmed lines: furniture
// lines, the value line under a time stamp label that stands alone
// ("Updated at:" then "November 23, 19:40"), and date-time lines before
// the headline.
func dropFurniture(lines []string) {
	afterLabel := false
	seenText := false
	for i, l := range lines {
		if l == "" {
			continue
		}
		low := strings.ToLower(normaliseSpaces(l))
		if empty, ok := stampLabel(low); ok {
			lines[i] = ""
			afterLabel = empty
			continue
		}
		if isBoilerplate(l) || (afterLabel || !seenText) && isDateTimeLine(l) {
			lines[i] = ""
			afterLabel = false
			continue
		}
		afterLabel = false
		seenText = true
	}
}
