package wire

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/dateline-news/dateline/internal/news"
)

// Filter selects the events a subscriber receives. Its text form is a
// list of terms separated by spaces:
//
//	section:politics,economy   any of these sections
//	tag:japan,"local government" any of these tags (any case)
//	lang:en,ru                 any of these languages (BCP 47)
//	urgency<=3                 urgency 1 (flash) to 3 only
//	"central bank" rates       every word must appear in the headline,
//	                           standfirst or body (any case)
//
// Terms combine with AND; the values of one term with OR. The empty filter
// passes everything.
type Filter struct {
	Sections   []string
	Tags       []string // lower-case; a story with any of them passes
	Languages  []string
	MaxUrgency int      // 0: any
	Words      []string // lower-case words that must all appear
}

// FilterError says where a filter query is wrong. Pos is the 1-based
// character position.
type FilterError struct {
	Pos int
	Msg string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("filter: at position %d: %s", e.Pos, e.Msg)
}

// MaxFilterLen bounds a filter query.
const MaxFilterLen = 2000

// ParseFilter reads a filter query.
func ParseFilter(q string) (*Filter, error) {
	if !utf8.ValidString(q) {
		return nil, &FilterError{1, "the query is not valid UTF-8"}
	}
	if n := utf8.RuneCountInString(q); n > MaxFilterLen {
		return nil, &FilterError{MaxFilterLen + 1, fmt.Sprintf("the query is %d characters long; the limit is %d", n, MaxFilterLen)}
	}
	f := &Filter{}
	rs := []rune(q)
	i := 0
	for i < len(rs) {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		start := i
		if rs[i] == '"' {
			end := i + 1
			for end < len(rs) && rs[end] != '"' {
				end++
			}
			if end == len(rs) {
				return nil, &FilterError{start + 1, `the quoted text is not closed with "`}
			}
			words := textWords(string(rs[i+1 : end]))
			if len(words) == 0 {
				return nil, &FilterError{start + 1, "the quoted text has no words"}
			}
			f.Words = append(f.Words, words...)
			i = end + 1
			continue
		}
		for i < len(rs) && !unicode.IsSpace(rs[i]) {
			if rs[i] == '"' {
				// A quoted value of a field: tag:"local government".
				if i == start || rs[i-1] != ':' && rs[i-1] != ',' {
					return nil, &FilterError{i + 1, `a quote must start a term or a field's value (tag:"local government")`}
				}
				end := i + 1
				for end < len(rs) && rs[end] != '"' {
					end++
				}
				if end == len(rs) {
					return nil, &FilterError{i + 1, `the quoted text is not closed with "`}
				}
				i = end
			}
			i++
		}
		if err := f.term(string(rs[start:i]), start+1); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *Filter) term(t string, pos int) error {
	key, val, isField := strings.Cut(t, ":")
	if !isField {
		if k, v, ok := strings.Cut(t, "<="); ok {
			if strings.ToLower(k) != "urgency" {
				return &FilterError{pos, fmt.Sprintf("%q: only urgency takes <=", k)}
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 9 {
				return &FilterError{pos + len([]rune(k)) + 2, fmt.Sprintf("urgency<= wants a number from 1 to 9, not %q", v)}
			}
			if f.MaxUrgency == 0 || n < f.MaxUrgency {
				f.MaxUrgency = n
			}
			return nil
		}
		if strings.ContainsAny(t, "<>=") {
			return &FilterError{pos, fmt.Sprintf("%q: write urgency<=N (1 is the most urgent)", t)}
		}
		words := textWords(t)
		if len(words) == 0 {
			return &FilterError{pos, fmt.Sprintf("%q has no letters or digits to search for", t)}
		}
		f.Words = append(f.Words, words...)
		return nil
	}
	vpos := pos + len([]rune(key)) + 1
	if val == "" {
		return &FilterError{vpos, fmt.Sprintf("%s: needs a value", key)}
	}
	values := splitValues(val)
	at := make([]int, len(values)) // position of each value
	p := vpos
	for i, v := range values {
		if v == "" {
			return &FilterError{p, fmt.Sprintf("%s: empty value in %q", key, val)}
		}
		at[i] = p
		p += utf8.RuneCountInString(v) + 1
	}
	switch strings.ToLower(key) {
	case "section", "sections":
		for i, v := range values {
			v = strings.ToLower(v)
			if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
				return &FilterError{at[i], fmt.Sprintf("section %q: a section name has no spaces or commas", v)}
			}
			if utf8.RuneCountInString(v) > news.MaxSection {
				return &FilterError{at[i], fmt.Sprintf("section %q is longer than %d characters", v, news.MaxSection)}
			}
			if !slices.Contains(f.Sections, v) {
				f.Sections = append(f.Sections, v)
			}
		}
	case "tag", "tags":
		for i, v := range values {
			v = strings.ToLower(strings.Join(strings.Fields(v), " "))
			if v == "" {
				return &FilterError{at[i], fmt.Sprintf("%s: empty value in %q", key, val)}
			}
			if utf8.RuneCountInString(v) > news.MaxTag {
				return &FilterError{at[i], fmt.Sprintf("tag %q is longer than %d characters", v, news.MaxTag)}
			}
			if !slices.Contains(f.Tags, v) {
				f.Tags = append(f.Tags, v)
			}
		}
	case "lang", "language", "languages":
		for i, v := range values {
			tag, err := language.Parse(v)
			if err != nil {
				return &FilterError{at[i], fmt.Sprintf("%q is not a language tag (BCP 47, such as en or ru)", v)}
			}
			if s := tag.String(); !slices.Contains(f.Languages, s) {
				f.Languages = append(f.Languages, s)
			}
		}
	case "urgency":
		return &FilterError{pos, "write urgency<=N (1 is the most urgent)"}
	default:
		return &FilterError{pos, fmt.Sprintf("unknown field %q (known: section, tag, lang, urgency<=N, or words to search for)", key)}
	}
	return nil
}

// splitValues splits a field's value at commas outside quotes and drops
// the quotes: `japan,"local government"` gives japan and local government.
func splitValues(val string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range val {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteRune(r)
		}
	}
	return append(out, b.String())
}

// textWords splits s into lower-case words of letters and digits.
func textWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// String writes the filter back in query syntax.
func (f *Filter) String() string {
	var parts []string
	if len(f.Sections) > 0 {
		parts = append(parts, "section:"+strings.Join(f.Sections, ","))
	}
	if len(f.Tags) > 0 {
		tags := make([]string, len(f.Tags))
		for i, t := range f.Tags {
			tags[i] = t
			if strings.ContainsAny(t, " ,") {
				tags[i] = `"` + t + `"`
			}
		}
		parts = append(parts, "tag:"+strings.Join(tags, ","))
	}
	if len(f.Languages) > 0 {
		parts = append(parts, "lang:"+strings.Join(f.Languages, ","))
	}
	if f.MaxUrgency > 0 {
		parts = append(parts, "urgency<="+strconv.Itoa(f.MaxUrgency))
	}
	if len(f.Words) > 0 {
		parts = append(parts, `"`+strings.Join(f.Words, " ")+`"`)
	}
	return strings.Join(parts, " ")
}

// matchEvent applies the parts of the filter that the change-log event
// carries: section, language, urgency.
func (f *Filter) matchEvent(e *news.Event) bool {
	if f == nil {
		return true
	}
	if len(f.Sections) > 0 && !slices.Contains(f.Sections, e.Section) {
		return false
	}
	if len(f.Languages) > 0 && !slices.ContainsFunc(f.Languages, func(l string) bool { return sameLanguage(l, e.Language) }) {
		return false
	}
	if f.MaxUrgency > 0 && e.Urgency > f.MaxUrgency {
		return false
	}
	return true
}

// sameLanguage reports whether story language lang is filter language
// want or a variant of it (en matches en-GB).
func sameLanguage(want, lang string) bool {
	return strings.EqualFold(want, lang) || len(lang) > len(want) && strings.EqualFold(lang[:len(want)], want) && lang[len(want)] == '-'
}

// matchStory applies the whole filter to a story's current public
// version (search results).
func (f *Filter) matchStory(s *news.Story) bool {
	if f == nil {
		return true
	}
	e := news.Event{Section: s.Section, Language: s.Language, Urgency: s.EffectiveUrgency()}
	return f.matchEvent(&e) && f.matchText(s)
}

// needsText reports whether matchText must see the story: the filter
// has words or tags, which change-log events do not carry.
func (f *Filter) needsText() bool { return f != nil && (len(f.Words) > 0 || len(f.Tags) > 0) }

// hasTag reports whether tags hold one of the filter's tags (any case);
// true when the filter names none.
func (f *Filter) hasTag(tags []string) bool {
	if len(f.Tags) == 0 {
		return true
	}
	for _, t := range tags {
		if slices.Contains(f.Tags, strings.ToLower(strings.Join(strings.Fields(t), " "))) {
			return true
		}
	}
	return false
}

// matchText reports whether every filter word appears in the story and
// it has one of the filter's tags.
func (f *Filter) matchText(s *news.Story) bool {
	if !f.needsText() {
		return true
	}
	if !f.hasTag(s.Tags) {
		return false
	}
	have := map[string]bool{}
	for _, w := range textWords(s.Headline + " " + s.Standfirst + " " + s.Text()) {
		have[w] = true
	}
	for _, w := range f.Words {
		if !have[w] {
			return false
		}
	}
	return true
}
