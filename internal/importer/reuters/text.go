package reuters

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// decode resolves &lt; &gt; &amp; &quot; &apos; and numeric references
// (&#N; &#xN;), drops control characters other than newline and tab
// (so &#2; &#3; &#5; ... vanish), and reads bytes that are not UTF-8 as
// Latin-1 (the collection's one 0xFC is "ü"). Unknown named references
// stay as written.
func decode(b []byte) string {
	clean := true
	for _, c := range b {
		if c == '&' || c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '&':
			r, n := entity(b[i:])
			if n == 0 {
				sb.WriteByte('&')
				i++
				continue
			}
			if r >= 0 {
				sb.WriteRune(r)
			}
			i += n
		case c < 0x80:
			if c >= 0x20 && c != 0x7f || c == '\n' || c == '\t' {
				sb.WriteByte(c)
			}
			i++
		default:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				r = rune(c) // Latin-1
			}
			if !isControl(r) {
				sb.WriteRune(r)
			}
			i += n
		}
	}
	return sb.String()
}

// entity reads a reference at the start of b. It returns the rune (-1 for
// one that is dropped) and the bytes read, or n == 0 when b does not start
// with a reference decode knows.
func entity(b []byte) (r rune, n int) {
	end := -1
	for i := 1; i < len(b) && i < 12; i++ {
		if b[i] == ';' {
			end = i
			break
		}
	}
	if end < 2 {
		return 0, 0
	}
	name := string(b[1:end])
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	if name[0] != '#' {
		return 0, 0
	}
	num, base := name[1:], 10
	if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
		num, base = num[1:], 16
	}
	v, err := strconv.ParseUint(num, base, 32)
	if err != nil || num == "" || num[0] == '+' || num[0] == '-' {
		return 0, 0
	}
	r = rune(v)
	if v > unicode.MaxRune || !utf8.ValidRune(r) {
		return utf8.RuneError, end + 1
	}
	if r != '\n' && r != '\t' && isControl(r) {
		return -1, end + 1
	}
	return r, end + 1
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// collapse trims s and turns each run of white space into one space.
func collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// writeCollapsed writes trimmed s with each run of spaces and tabs as one
// space.
func writeCollapsed(b *strings.Builder, s string) {
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
}

func needsCollapse(s string) bool {
	if s == "" {
		return false
	}
	if isSpace(s[0]) || isSpace(s[len(s)-1]) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) && (s[i] != ' ' || isSpace(s[i+1])) {
			return true
		}
		if s[i] >= 0x80 {
			return true // let strings.Fields judge Unicode spaces
		}
	}
	return false
}

// parseDate reads a <DATE> such as "26-FEB-1987 15:01:01.79", with any
// leading or doubled spaces and trailing noise ("&#5;&#5;&#5;RM",
// "# date added ..."). A time of day that is out of range gives midnight.
func parseDate(raw []byte) (time.Time, error) {
	s := string(raw)
	if i := strings.IndexAny(s, "&#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	dmy, hms, _ := strings.Cut(s, " ")
	dayS, rest, ok2 := strings.Cut(dmy, "-")
	monS, yearS, ok3 := strings.Cut(rest, "-")
	day, err1 := strconv.Atoi(dayS)
	year, err2 := strconv.Atoi(yearS)
	month, ok4 := monthName(monS)
	if !ok2 || !ok3 || !ok4 || err1 != nil || err2 != nil {
		return time.Time{}, badDate(raw)
	}
	if _, ok := news.MakeDate(year, month, day); !ok {
		return time.Time{}, badDate(raw)
	}
	h, m, sec, ns, ok := clock(strings.TrimSpace(hms))
	if !ok {
		h, m, sec, ns = 0, 0, 0, 0
	}
	return time.Date(year, month, day, h, m, sec, ns, time.UTC), nil
}

func badDate(raw []byte) error {
	return fmt.Errorf("<DATE> %q is not a date like 26-FEB-1987 15:01:01.79", collapse(string(raw)))
}

// clock reads HH:MM:SS.cc (fraction optional; whatever follows a space
// is ignored).
func clock(s string) (h, m, sec, ns int, ok bool) {
	s, _, _ = strings.Cut(s, " ")
	hs, rest, ok1 := strings.Cut(s, ":")
	ms, ss, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 {
		return 0, 0, 0, 0, false
	}
	whole, frac, _ := strings.Cut(ss, ".")
	var err [3]error
	h, err[0] = strconv.Atoi(hs)
	m, err[1] = strconv.Atoi(ms)
	sec, err[2] = strconv.Atoi(whole)
	if err[0] != nil || err[1] != nil || err[2] != nil || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 {
		return 0, 0, 0, 0, false
	}
	if frac != "" {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		f, err := strconv.Atoi(frac)
		if err != nil || f < 0 {
			return 0, 0, 0, 0, false
		}
		for i := len(frac); i < 9; i++ {
			f *= 10
		}
		ns = f
	}
	return h, m, sec, ns, true
}

// monthName reads a month written in full or shortened, in any case:
// FEB, Feb, March, APril, Sept, Sept.
func monthName(s string) (time.Month, bool) {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0, false
	}
	if s == "sept" {
		return time.September, true
	}
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s) {
			return m, true
		}
	}
	return 0, false
}

// parseDateline reads a Reuters dateline such as "    SALVADOR, Feb 26 - "
// or "    SAN FRANCISCO, Calif., March 3 - ". The place is what comes before
// the date, as written; the year comes from ref (the story's <DATE>).
// It puts up with the copy's slips: a missing comma ("RICHMOND, Va. Feb
// 26"), day first ("AMSTERDAM, 2 March"), a stray ", Reuter", a misspelt
// month ("NEW YORK, Juen 19": place kept, no date). When it finds no
// place the style is left empty and the dateline shows as written (Text).
func parseDateline(raw string, ref time.Time) news.Dateline {
	dl := news.Dateline{Credit: "Reuters", Style: news.StyleReuters, Text: strings.TrimSpace(raw)}
	if utf8.RuneCountInString(dl.Text) > 300 {
		dl.Text = string([]rune(dl.Text)[:300])
	}
	head := dl.Text
	if i := strings.Index(head, " -"); i >= 0 {
		head = head[:i]
	}
	f := strings.Fields(strings.ReplaceAll(strings.TrimRight(head, "- "), ",", ", "))
	trim := func() {
		for len(f) > 0 {
			last := strings.TrimRight(f[len(f)-1], ",")
			switch {
			case last == "":
				f = f[:len(f)-1]
			case isSignature(last) && len(f) > 1:
				f = f[:len(f)-1]
			default:
				f[len(f)-1] = last
				return
			}
		}
	}
	trim()
	n := len(f)
	switch {
	case n >= 2 && isMonth(f[n-2]) && isNumber(f[n-1]):
		dl.Date = monthDay(f[n-2], f[n-1], ref)
		f = f[:n-2]
	case n >= 2 && isNumber(f[n-2]) && isMonth(f[n-1]):
		dl.Date = monthDay(f[n-1], f[n-2], ref)
		f = f[:n-2]
	case n >= 2 && isMonth(f[n-1]): // "CHICAGO, April"
		f = f[:n-1]
	case n >= 3 && isNumber(f[n-1]) && strings.HasSuffix(f[n-3], ","): // "NEW YORK, Juen 19"
		f = f[:n-2]
	case n == 1 && isMonth(f[0]):
		f = nil
	}
	trim()
	if place := strings.Join(f, " "); plausiblePlace(place) {
		dl.Place = place
	} else {
		// Without a place the fields cannot be rendered in house style:
		// the dateline shows as written.
		dl.Style = news.StyleNone
	}
	return dl
}

func isMonth(s string) bool { _, ok := monthName(strings.TrimRight(s, ",")); return ok }

func isNumber(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// monthDay builds the date of "Feb" "26" in the year of ref (the year
// before when a December dateline is filed in January, the year after for
// the reverse). It is zero when the day does not exist ("March 119").
func monthDay(month, day string, ref time.Time) news.Date {
	m, ok := monthName(strings.TrimRight(month, ","))
	n, err := strconv.Atoi(day)
	if !ok || err != nil || ref.IsZero() {
		return news.Date{}
	}
	year := ref.Year()
	switch {
	case m == time.December && ref.Month() == time.January:
		year--
	case m == time.January && ref.Month() == time.December:
		year++
	}
	d, _ := news.MakeDate(year, m, n)
	return d
}

// plausiblePlace refuses what is clearly not a place: empty, digits
// (price tables that ended up in DATELINE), or too long.
func plausiblePlace(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	letter := false
	for _, r := range s {
		if unicode.IsDigit(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letter = true
		}
	}
	return letter
}

// paragraphs splits a Reuters body into paragraphs. Lines are wrapped at
// about 70 characters; a paragraph starts with an indented line (four
// spaces in the copy, one in tables) or after a blank line. Wrapped lines
// are joined with single spaces. The trailing "Reuter" signature is
// dropped.
func paragraphs(body string) []string {
	lines := dropSignature(strings.Split(body, "\n"))
	// All paragraphs are written into one buffer and sliced from it: one
	// allocation for the text of the whole body.
	var sb strings.Builder
	sb.Grow(len(body))
	var ends []int
	start := 0
	flush := func() {
		if sb.Len() > start {
			ends = append(ends, sb.Len())
			start = sb.Len()
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			flush()
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			flush()
		}
		if sb.Len() > start {
			sb.WriteByte(' ')
		}
		writeCollapsed(&sb, t)
	}
	flush()
	if len(ends) == 0 {
		return nil
	}
	all := sb.String()
	out := make([]string, len(ends))
	from := 0
	for i, end := range ends {
		out[i], from = all[from:end], end
	}
	return out
}

// dropSignature removes the "Reuter" sign-off (also REUTER, reuter,
// Reuters, REUTER..., REUTER^M) that ends most bodies, alone on the last
// line or as its last word, and the blank lines after it.
func dropSignature(lines []string) []string {
	for {
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) == 0 {
			return lines
		}
		last := strings.TrimSpace(lines[len(lines)-1])
		if isSignature(last) {
			lines = lines[:len(lines)-1]
			continue // some bodies sign twice: "REUTER" then "Reuter"
		}
		if i := strings.LastIndexAny(last, " \t"); i >= 0 && isSignature(last[i+1:]) {
			lines = append(lines[:len(lines)-1:len(lines)-1], last[:i])
		}
		return lines
	}
}

func isSignature(s string) bool {
	if len(s) < 6 || len(s) > 12 {
		return false
	}
	s = strings.ToLower(s)
	s = strings.TrimSuffix(s, "^m")
	s = strings.TrimRight(s, ".")
	return s == "reuter" || s == "reuters"
}

// unproc reads an UNPROC document, raw wire text with no TITLE or BODY:
// the first non-empty line is the headline, the rest are paragraphs.
//
// It is the fallback for UNPROC text that wirecopy.Parse cannot read.
func unproc(text string) (headline string, paras []string) {
	rest := text
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if h := collapse(line); h != "" {
			headline = h
			break
		}
	}
	return headline, paragraphs(rest)
}
