package news

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without a time of day or zone. The zero Date means
// "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD and refuses dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD that exists)", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { y, m, d := t.Date(); return Date{y, m, d} }

// MakeDate builds a Date and reports whether it exists (no 31 April, no
// 29 February outside leap years).
func MakeDate(y int, m time.Month, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999 {
		return Date{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return Date{}, false
	}
	return Date{y, m, d}, true
}

func (d Date) IsZero() bool { return d == Date{} }

// Time is midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Valid reports whether d is zero or a date that exists.
func (d Date) Valid() bool {
	if d.IsZero() {
		return true
	}
	_, ok := MakeDate(d.Year, d.Month, d.Day)
	return ok
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string YYYY-MM-DD")
	}
	if s == nil || *s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Style is an agency's house style for datelines.
type Style string

const (
	StyleNone     Style = ""         // no dateline
	StyleTASS     Style = "tass"     // TOKYO, December 18. /TASS/.   МОСКВА, 24 ноября. /ТАСС/.
	StyleReuters  Style = "reuters"  // SANTIAGO, Nov 27 (Reuters) -
	StyleAP       Style = "ap"       // WASHINGTON (AP) —
	StyleAFP      Style = "afp"      // PARIS, Nov 26, 2026 (AFP) -
	StyleXinhua   Style = "xinhua"   // BEIJING, Nov. 25 (Xinhua) --
	StyleInterfax Style = "interfax" // MOSCOW. Nov 24 (Interfax) -
)

// Styles lists every known house style, for forms and tests.
var Styles = []Style{StyleTASS, StyleReuters, StyleAP, StyleAFP, StyleXinhua, StyleInterfax}

// Dateline is where and when a story was filed and by whom, and the text as
// the copy wrote it.
type Dateline struct {
	Place  string `json:"place"`
	Date   Date   `json:"date"`
	Credit string `json:"credit"`
	Style  Style  `json:"style,omitempty"`
	Text   string `json:"text"`
}

// IsZero reports whether the story has no dateline.
func (d Dateline) IsZero() bool { return d.Place == "" && d.Credit == "" && d.Text == "" }

// Validate checks that the date exists and the style is known.
func (d Dateline) Validate() error {
	if !d.Date.Valid() {
		return fmt.Errorf("date %04d-%02d-%02d does not exist", d.Date.Year, int(d.Date.Month), d.Date.Day)
	}
	switch d.Style {
	case StyleNone, StyleTASS, StyleReuters, StyleAP, StyleAFP, StyleXinhua, StyleInterfax:
	default:
		return fmt.Errorf("style %q is not one of tass, reuters, ap, afp, xinhua, interfax", d.Style)
	}
	if d.Style != StyleNone && (strings.TrimSpace(d.Place) == "" || strings.TrimSpace(d.Credit) == "") {
		return fmt.Errorf("a %s dateline needs both place and credit", d.Style)
	}
	if len(d.Place) > 100 || len(d.Credit) > 100 || len(d.Text) > 300 {
		return fmt.Errorf("place, credit or text is too long")
	}
	return nil
}

var ruMonthsGenitive = [...]string{"", "января", "февраля", "марта", "апреля", "мая", "июня",
	"июля", "августа", "сентября", "октября", "ноября", "декабря"}

// RuMonthGenitive returns the Russian month name as used in dates ("ноября").
func RuMonthGenitive(m time.Month) string { return ruMonthsGenitive[m] }

// shortMonth is the Reuters-style month abbreviation without a period
// (Reuters, AFP, Interfax write "Nov"; Xinhua adds a period where the word
// is shortened).
func shortMonth(m time.Month) string { return m.String()[:3] }

// Format renders the dateline in its house style from its fields. With no
// style it returns Text as written. No style drops a field: a dated
// dateline keeps its date even in AP style, which usually has none. The
// year is written only where the house style writes it (AFP); elsewhere it
// is the year of filing, as in the copy itself.
func (d Dateline) Format() string {
	if d.IsZero() {
		return ""
	}
	cyr := isCyrillic(d.Place) || isCyrillic(d.Credit)
	switch d.Style {
	case StyleTASS:
		if d.Date.IsZero() {
			return fmt.Sprintf("%s. /%s/.", d.Place, d.Credit)
		}
		if cyr {
			return fmt.Sprintf("%s, %d %s. /%s/.", d.Place, d.Date.Day, RuMonthGenitive(d.Date.Month), d.Credit)
		}
		return fmt.Sprintf("%s, %s %d. /%s/.", d.Place, d.Date.Month, d.Date.Day, d.Credit)
	case StyleReuters:
		if d.Date.IsZero() {
			return fmt.Sprintf("%s (%s) -", d.Place, d.Credit)
		}
		return fmt.Sprintf("%s, %s %d (%s) -", d.Place, shortMonth(d.Date.Month), d.Date.Day, d.Credit)
	case StyleAP:
		// AP writes no date in its datelines; one that carries a date
		// (filed so, or set in the newsroom) keeps it. The em dash still
		// marks the style.
		if d.Date.IsZero() {
			return fmt.Sprintf("%s (%s) —", d.Place, d.Credit)
		}
		return fmt.Sprintf("%s, %s %d (%s) —", d.Place, shortMonth(d.Date.Month), d.Date.Day, d.Credit)
	case StyleAFP:
		if d.Date.IsZero() {
			return fmt.Sprintf("%s (%s) -", d.Place, d.Credit)
		}
		return fmt.Sprintf("%s, %s %d, %04d (%s) -", d.Place, shortMonth(d.Date.Month), d.Date.Day, d.Date.Year, d.Credit)
	case StyleXinhua:
		if d.Date.IsZero() {
			return fmt.Sprintf("%s (%s) --", d.Place, d.Credit)
		}
		return fmt.Sprintf("%s, %s %d (%s) --", d.Place, xinhuaMonth(d.Date.Month), d.Date.Day, d.Credit)
	case StyleInterfax:
		if d.Date.IsZero() {
			return fmt.Sprintf("%s (%s) -", d.Place, d.Credit)
		}
		return fmt.Sprintf("%s. %s %d (%s) -", d.Place, shortMonth(d.Date.Month), d.Date.Day, d.Credit)
	}
	return d.Text
}

// Display is what a reader sees: the text as written when there is one,
// else the fields rendered in house style.
func (d Dateline) Display() string {
	if d.Text != "" {
		return d.Text
	}
	return d.Format()
}

// xinhuaMonth follows AP style: months of five letters or fewer are spelled
// out, longer ones abbreviated with a period (Sept. for September).
func xinhuaMonth(m time.Month) string {
	switch m {
	case time.March, time.April, time.May, time.June, time.July:
		return m.String()
	case time.September:
		return "Sept."
	}
	return m.String()[:3] + "."
}

func isCyrillic(s string) bool {
	for _, r := range s {
		if r >= 0x0400 && r <= 0x04FF {
			return true
		}
	}
	return false
}

// CleanCredit strips the punctuation around a credit as written
// ("/TASS/", "(Reuters)") and returns the bare agency name.
func CleanCredit(s string) string { return strings.Trim(s, " /()") }
