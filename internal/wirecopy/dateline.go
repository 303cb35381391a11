package wirecopy

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// Pieces of the dateline patterns.
//
// A place is a few words (RIO DE JANEIRO, САНКТ-ПЕТЕРБУРГ, ST. PETERSBURG)
// with short lowercase particles allowed between them, and may carry a
// region after a comma written in any case (SAN JOSE, Costa Rica;
// WASHINGTON, D.C.; PORTLAND, Ore.). Its first word has at least two
// letters, dated or not, so a lone capital ("A, Nov 1 (AP) -") is never a
// place. An undated dateline must start with a word of at least two capital
// letters, so that ordinary sentences ("Officials (who declined) - ...")
// are not read as datelines; a dated one may also be written in title case
// (Toronto, Feb 26 -), the date being guard enough. Every capitals place is
// also a title-case place, so a place read in one form is read in the
// other.
const (
	capsPlace   = `\p{Lu}[\p{Lu}\p{M}'’.\-]*\p{Lu}[\p{Lu}\p{M}'’.\-]*(?: +(?:\p{Lu}[\p{Lu}\p{M}'’.\-]*|\p{Ll}{1,3})){0,5}`
	titlePlace  = `\p{Lu}[\p{L}\p{M}'’.\-]*\p{L}[\p{L}\p{M}'’.\-]*(?: +(?:\p{Lu}[\p{L}\p{M}'’.\-]*|\p{Ll}{1,3})){0,5}`
	regionPart  = `(?:, +\p{Lu}[\p{L}\p{M}'’.\-]*(?: +[\p{L}\p{M}'’.\-]+){0,3})?`
	monthRe     = `(?i:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)`
	dateRe      = `(?:(` + monthRe + `)(\.)? +(\d{1,2})(?:, +(\d{4}))?|(\d{1,2}) +(` + monthRe + `)(?: +(\d{4})(?: г\.)?)?)`
	creditRe    = `(\p{L}[^()/\n]{0,39}?)`
	dashRe      = `(--|—|–|-)`
	datelineEnd = `(?:[\s\x{00A0}]+|$)`
)

// datelinePatterns are the compiled dateline patterns, tried in order.
// Each has the same groups: place, separator, the seven date groups of
// dateRe, credit, dash.
type datelinePatterns struct {
	tass, tassDated   *regexp.Regexp // TOKYO, December 18. /TASS/.
	paren, parenDated *regexp.Regexp // SANTIAGO, Nov 27 (Reuters) -
	bare              *regexp.Regexp // PORTLAND, Ore., Feb 26 -
}

func compilePatterns() datelinePatterns {
	tass := func(place, optional string) *regexp.Regexp {
		return regexp.MustCompile(`^(` + place + regionPart + `)(?:(,) +` + dateRe + `)` + optional + `\.? +/` + creditRe + `/\.?()` + datelineEnd)
	}
	paren := func(place, optional string) *regexp.Regexp {
		return regexp.MustCompile(`^(` + place + regionPart + `)(?:(,|\.) +` + dateRe + `)` + optional + ` +\(` + creditRe + `\) +` + dashRe + datelineEnd)
	}
	return datelinePatterns{
		tass:       tass(capsPlace, "?"),
		tassDated:  tass(titlePlace, ""),
		paren:      paren(capsPlace, "?"),
		parenDated: paren(titlePlace, ""),
		bare:       regexp.MustCompile(`^(` + titlePlace + regionPart + `)(,?) +` + dateRe + `() *` + dashRe + datelineEnd),
	}
}

// patterns is compiled once; it holds no state that changes.
var patterns = compilePatterns()

var monthNames = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "sept": time.September, "oct": time.October,
	"nov": time.November, "dec": time.December,
	"января": time.January, "февраля": time.February, "марта": time.March,
	"апреля": time.April, "мая": time.May, "июня": time.June, "июля": time.July,
	"августа": time.August, "сентября": time.September, "октября": time.October,
	"ноября": time.November, "декабря": time.December,
}

func monthOf(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	if m, ok := monthNames[s]; ok {
		return m, true
	}
	for m := time.January; m <= time.December; m++ {
		if strings.ToLower(m.String()) == s {
			return m, true
		}
	}
	return 0, false
}

// knownCredits maps agency names (lower case) to their house style, so
// "PARIS (AFP) -" is AFP style although Reuters writes datelines the same
// way.
var knownCredits = map[string]news.Style{
	"tass": news.StyleTASS, "тасс": news.StyleTASS, "itar-tass": news.StyleTASS, "итар-тасс": news.StyleTASS,
	"reuters": news.StyleReuters,
	"ap":      news.StyleAP, "associated press": news.StyleAP,
	"afp":    news.StyleAFP,
	"xinhua": news.StyleXinhua, "синьхуа": news.StyleXinhua,
	"interfax": news.StyleInterfax, "интерфакс": news.StyleInterfax,
}

// ParseDateline reads a dateline at the start of paragraph and returns it
// with the rest of the paragraph (trimmed). It recognises the house styles
// of news.Styles:
//
//	TOKYO, December 18. /TASS/.        МОСКВА, 24 ноября. /ТАСС/.
//	SANTIAGO, Nov 27 (Reuters) -       WASHINGTON (AP) —
//	PARIS, Nov 26, 2026 (AFP) -        BEIJING, Nov. 25 (Xinhua) --
//	MOSCOW. Nov 24 (Interfax) -
//
// A dated dateline without a credit, as in old Reuters copy
// ("PORTLAND, Ore., Feb 26 -"), is read too; it has no Credit and no
// Style, so Render writes its Text as it was.
//
// The dash may be -, –, — or --. Place and credit are kept as written and
// Text is the dateline exactly as written. A date without a year takes
// opt.Year, or else the latest such date not after opt.Now (time.Now() when
// zero). A date that does not exist (Feb 30, or Feb 29 in a year given by
// opt.Year that is not a leap year) means the paragraph has no dateline:
// ok is false and nothing is cut, so no text is lost. A dateline with no
// date at all (WASHINGTON (AP) —) has a zero Date.
//
// The style comes from the credit when it names a known agency, else from
// the shape: slashes mean TASS, a year AFP, "PLACE. Mon D" Interfax, a
// month with a period or a "--" dash Xinhua, a "—" dash AP, and anything
// else Reuters.
func ParseDateline(paragraph string, opt Options) (dl news.Dateline, rest string, ok bool) {
	p := strings.TrimLeftFunc(paragraph, unicode.IsSpace)
	head := p // a dateline is at most 300 bytes: match against the start only
	if len(head) > 400 {
		cut := 400
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	for i, re := range []*regexp.Regexp{patterns.tass, patterns.tassDated, patterns.paren, patterns.parenDated, patterns.bare} {
		m := re.FindStringSubmatch(head)
		if m == nil {
			continue
		}
		place, sep, date, credit, dash := m[1], m[2], m[3:10], m[10], m[11]
		slashes := i < 2
		if slashes && sep == "" && strings.HasSuffix(place, ".") {
			// "TOKYO. /TASS/.": the period ends the place, it is not part of it.
			place = strings.TrimSuffix(place, ".")
		}
		d, good := buildDateline(m[0], place, credit, date, opt)
		if !good {
			continue
		}
		switch {
		case d.Credit == "":
			// No credit, so no house style: Render writes Text as it was.
		case slashes:
			d.Style = news.StyleTASS
			if s, known := knownCredits[strings.ToLower(d.Credit)]; known {
				d.Style = s
			}
		default:
			d.Style = parenStyle(d, sep, date[1] != "", date[3] != "" || date[6] != "", dash)
		}
		return d, strings.TrimSpace(p[len(m[0]):]), true
	}
	return news.Dateline{}, paragraph, false
}

// buildDateline fills a Dateline from the matched groups. date holds the
// seven groups of dateRe: month, month period, day, year (month first) and
// day, month, year (day first).
func buildDateline(whole, place, credit string, date []string, opt Options) (news.Dateline, bool) {
	text := strings.TrimRightFunc(whole, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' })
	dl := news.Dateline{Place: place, Credit: strings.TrimSpace(credit), Text: text}
	if len(dl.Place) > 100 || len(dl.Credit) > 100 || len(dl.Text) > 300 {
		return news.Dateline{}, false
	}
	monthText, dayText, yearText := date[0], date[2], date[3]
	if monthText == "" {
		dayText, monthText, yearText = date[4], date[5], date[6]
	}
	if monthText == "" {
		return dl, true // undated
	}
	month, ok := monthOf(monthText)
	if !ok {
		return news.Dateline{}, false
	}
	day, _ := strconv.Atoi(dayText)
	var d news.Date
	if yearText != "" {
		year, _ := strconv.Atoi(yearText)
		d, ok = news.MakeDate(year, month, day)
	} else {
		d, ok = inferYear(month, day, opt)
	}
	if !ok {
		return news.Dateline{}, false
	}
	dl.Date = d
	return dl, true
}

// inferYear dates a day and month written without a year: opt.Year when
// set, else the latest such date not after opt.Now.
func inferYear(month time.Month, day int, opt Options) (news.Date, bool) {
	if opt.Year != 0 {
		return news.MakeDate(opt.Year, month, day)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	today := news.DateOf(now)
	// Eight years back always reaches a 29 February.
	for y := today.Year; y >= today.Year-8; y-- {
		d, ok := news.MakeDate(y, month, day)
		if ok && !d.Time().After(today.Time()) {
			return d, true
		}
	}
	return news.Date{}, false
}

func parenStyle(dl news.Dateline, sep string, monthDot, year bool, dash string) news.Style {
	if s, ok := knownCredits[strings.ToLower(dl.Credit)]; ok {
		return s
	}
	switch {
	case year:
		return news.StyleAFP
	case sep == ".":
		return news.StyleInterfax
	case monthDot || dash == "--":
		return news.StyleXinhua
	case dash == "—":
		return news.StyleAP
	}
	return news.StyleReuters
}
