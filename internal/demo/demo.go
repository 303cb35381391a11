// Package demo holds Dateline's demo content: thirty short wire stories,
// invented from first to last word (people, companies and events are made
// up; only the cities and countries are real), and a loader that turns them
// into news.Story values.
//
// Each story is a file stories/NN-slug.txt: a header of "Key: value" lines,
// a line "---", then the wire copy. The copy is a headline line, a blank
// line, a standfirst paragraph, a blank line, then body blocks separated by
// blank lines. The first body paragraph starts with the token {{DATELINE}},
// which the loader replaces with the dateline rendered in the story's house
// style for the date the story was filed (which depends on "now"). A block
// that is one short line without closing punctuation is a subheading.
//
// Header keys:
//
//	Section         section name (politics, economy, world, ...)       required
//	Language        BCP 47 tag (en, ru)                                 required
//	Age             how long before load time the story was first
//	                published, as a Go duration (50h, 90m)              required
//	Tags            comma-separated tags
//	Urgency         IPTC urgency 1 (flash) .. 9; absent means unset
//	Byline          the writer(s)
//	Style           house style of the dateline: tass, reuters, ap, afp,
//	                xinhua, interfax, or none (the default)
//	Place, Credit   dateline place and credit; required with a style
//	Translation-Of  slug of the story this one translates (or is
//	                translated by); both stories of a pair name each other
//	Correction      public correction note of a second, corrected version
//	Fix             the edit the correction makes: "old text => new text";
//	                required with Correction, and old text must occur in
//	                the copy exactly once
//	Update          a paragraph appended as a second public version
//	Kill            reason the story was killed after publication
//	Embargo         how long after load time the embargo ends (48h)
//
// Lines starting with # in the header are comments.
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

//go:embed stories/*.txt
var files embed.FS

// DatelineToken marks where the dateline goes at the start of the first
// paragraph.
const DatelineToken = "{{DATELINE}}"

// maxSubheading is the longest line, in characters, read as a subheading.
const maxSubheading = 80

// Item is one demo story and what happens to it after it is first
// published.
type Item struct {
	// Slug is the file name without its number and extension
	// ("07-port-strike.txt" has slug "port-strike").
	Slug string
	// Story is the first public version's content, as a draft: the caller
	// assigns the id and publishes it. Source is "demo:" + Slug.
	Story *news.Story
	// Age is how long before load time the story was first published
	// (for a story under embargo: when it was filed under embargo).
	Age time.Duration
	// Embargo, when not zero, is how long after load time the embargo
	// ends. The dateline carries the date the embargo ends.
	Embargo time.Duration
	// Correction is the public note of a corrected second version; the
	// edit it makes is FixOld replaced by FixNew (see Corrected).
	Correction string
	FixOld     string
	FixNew     string
	// Update is a paragraph appended in an updated second version (see
	// Updated).
	Update string
	// Kill is the reason the story was killed after publication.
	Kill string
	// TranslationOf is the slug of the story in another language that
	// this one translates; both stories of a pair name each other.
	TranslationOf string
	// Copy is the wire copy as an agency would send it: headline,
	// standfirst and body, with the dateline written out. It is useful
	// to test wire-copy parsers against.
	Copy string
}

// Corrected returns the content of the corrected version: a copy of Story
// with FixOld replaced by FixNew. It returns nil when the item has no
// correction.
func (it Item) Corrected() *news.Story {
	if it.Correction == "" {
		return nil
	}
	s := it.Story.Clone()
	s.Headline = strings.Replace(s.Headline, it.FixOld, it.FixNew, 1)
	s.Standfirst = strings.Replace(s.Standfirst, it.FixOld, it.FixNew, 1)
	for i := range s.Body {
		s.Body[i].Text = strings.Replace(s.Body[i].Text, it.FixOld, it.FixNew, 1)
	}
	return s
}

// Updated returns the content of the updated version: a copy of Story with
// the Update paragraph appended. It returns nil when the item has no
// update.
func (it Item) Updated() *news.Story {
	if it.Update == "" {
		return nil
	}
	s := it.Story.Clone()
	s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: it.Update})
	return s
}

// Stories loads every demo story, in file name order, with dates computed
// from now.
func Stories(now time.Time) ([]Item, error) {
	names, err := fs.Glob(files, "stories/*.txt")
	if err != nil {
		return nil, err
	}
	var items []Item
	slugs := map[string]string{}
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		it, err := Parse(name, data, now)
		if err != nil {
			return nil, err
		}
		if other, ok := slugs[it.Slug]; ok {
			return nil, fmt.Errorf("%s: slug %q is already used by %s", name, it.Slug, other)
		}
		slugs[it.Slug] = name
		items = append(items, it)
	}
	bySlug := map[string]Item{}
	for _, it := range items {
		bySlug[it.Slug] = it
	}
	for _, it := range items {
		if it.TranslationOf == "" {
			continue
		}
		other, ok := bySlug[it.TranslationOf]
		switch {
		case !ok:
			return nil, fmt.Errorf("%s: Translation-Of names %q, which is not a demo story", slugs[it.Slug], it.TranslationOf)
		case other.TranslationOf != it.Slug:
			return nil, fmt.Errorf("%s: Translation-Of names %q, which does not name %q back", slugs[it.Slug], it.TranslationOf, it.Slug)
		case other.Story.Language == it.Story.Language:
			return nil, fmt.Errorf("%s: Translation-Of names %q, which has the same language %q", slugs[it.Slug], it.TranslationOf, it.Story.Language)
		}
	}
	return items, nil
}

// header is the parsed header of a story file.
type header struct {
	values map[string]string
	lines  map[string]int
}

var knownKeys = map[string]bool{
	"Section": true, "Tags": true, "Urgency": true, "Language": true, "Byline": true,
	"Age": true, "Style": true, "Place": true, "Credit": true, "Translation-Of": true,
	"Correction": true, "Fix": true, "Update": true, "Kill": true, "Embargo": true,
}

// Parse reads one story file. name is used in errors and for the slug;
// now is the load time that dates are computed from.
func Parse(name string, data []byte, now time.Time) (Item, error) {
	if !utf8.Valid(data) {
		return Item{}, fmt.Errorf("%s: is not valid UTF-8", name)
	}
	slug, err := slugOf(name)
	if err != nil {
		return Item{}, err
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	h := header{values: map[string]string{}, lines: map[string]int{}}
	sep := -1
	for i, line := range lines {
		n := i + 1
		if strings.TrimSpace(line) == "---" {
			sep = i
			break
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return Item{}, fmt.Errorf("%s:%d: header line %q is not \"Key: value\"", name, n, line)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !knownKeys[key] {
			return Item{}, fmt.Errorf("%s:%d: unknown header key %q", name, n, key)
		}
		if _, dup := h.values[key]; dup {
			return Item{}, fmt.Errorf("%s:%d: header key %q repeats line %d", name, n, key, h.lines[key])
		}
		if value == "" {
			return Item{}, fmt.Errorf("%s:%d: header key %q has no value", name, n, key)
		}
		h.values[key] = value
		h.lines[key] = n
	}
	if sep < 0 {
		return Item{}, fmt.Errorf("%s: no \"---\" line between header and copy", name)
	}
	errAt := func(key, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s: %s", name, h.lines[key], key, fmt.Sprintf(format, args...))
	}
	for _, key := range []string{"Section", "Language", "Age"} {
		if _, ok := h.values[key]; !ok {
			return Item{}, fmt.Errorf("%s: header key %q is missing", name, key)
		}
	}

	it := Item{
		Slug:          slug,
		Correction:    h.values["Correction"],
		Update:        h.values["Update"],
		Kill:          h.values["Kill"],
		TranslationOf: h.values["Translation-Of"],
	}
	s := &news.Story{
		Status:   news.StatusDraft,
		Language: h.values["Language"],
		Section:  h.values["Section"],
		Byline:   h.values["Byline"],
		Source:   "demo:" + slug,
	}
	if it.Age, err = duration(h.values["Age"]); err != nil {
		return Item{}, errAt("Age", "%v", err)
	}
	if v, ok := h.values["Embargo"]; ok {
		if it.Embargo, err = duration(v); err != nil {
			return Item{}, errAt("Embargo", "%v", err)
		}
		if it.Embargo == 0 {
			return Item{}, errAt("Embargo", "must be after load time")
		}
		if it.Correction != "" || it.Update != "" {
			return Item{}, errAt("Embargo", "cannot go with Correction or Update: a story under embargo has no public version to change")
		}
	}
	if v, ok := h.values["Urgency"]; ok {
		u, err := strconv.Atoi(v)
		if err != nil || u < 1 || u > 9 {
			return Item{}, errAt("Urgency", "%q is not a number from 1 (flash) to 9", v)
		}
		s.Urgency = u
	}
	if v, ok := h.values["Tags"]; ok {
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				s.Tags = append(s.Tags, t)
			}
		}
	}
	if it.Correction != "" {
		fix, ok := h.values["Fix"]
		if !ok {
			return Item{}, errAt("Correction", "needs a Fix line (\"old text => new text\") saying what the correction changes")
		}
		old, repl, ok := strings.Cut(fix, "=>")
		it.FixOld, it.FixNew = strings.TrimSpace(old), strings.TrimSpace(repl)
		if !ok || it.FixOld == "" || it.FixNew == "" || it.FixOld == it.FixNew {
			return Item{}, errAt("Fix", "%q is not \"old text => new text\" with two different texts", fix)
		}
	} else if _, ok := h.values["Fix"]; ok {
		return Item{}, errAt("Fix", "is only meaningful with a Correction")
	}

	style := news.Style(strings.ToLower(h.values["Style"]))
	if style == "none" {
		style = news.StyleNone
	}
	if style != news.StyleNone && !knownStyle(style) {
		return Item{}, errAt("Style", "%q is not one of tass, reuters, ap, afp, xinhua, interfax, none", h.values["Style"])
	}
	place, credit := h.values["Place"], h.values["Credit"]
	if style == news.StyleNone {
		if place != "" || credit != "" {
			return Item{}, fmt.Errorf("%s: Place and Credit need a Style to render a dateline", name)
		}
	} else {
		if place == "" || credit == "" {
			return Item{}, errAt("Style", "a dateline in style %s needs both Place and Credit", style)
		}
		filed := now.Add(-it.Age)
		if it.Embargo > 0 {
			filed = now.Add(it.Embargo)
		}
		d := news.Dateline{Place: place, Date: news.DateOf(filed.UTC()), Credit: credit, Style: style}
		d.Text = d.Format()
		s.Dateline = d
	}

	if err := splitCopy(name, sep+1, lines[sep+1:], s); err != nil {
		return Item{}, err
	}
	if it.Correction != "" {
		var all strings.Builder
		all.WriteString(s.Headline + "\n" + s.Standfirst)
		for _, b := range s.Body {
			all.WriteString("\n" + b.Text)
		}
		if c := strings.Count(all.String(), it.FixOld); c != 1 {
			return Item{}, errAt("Fix", "old text %q occurs %d times in the copy; it must occur exactly once", it.FixOld, c)
		}
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return Item{}, fmt.Errorf("%s: %w", name, err)
	}
	at := now.Add(-it.Age).UTC()
	s.CreatedAt, s.ModifiedAt = at, at
	it.Story = s
	if it.Update != "" {
		if err := it.Updated().Validate(); err != nil {
			return Item{}, errAt("Update", "%v", err)
		}
	}
	if it.Correction != "" {
		if err := it.Corrected().Validate(); err != nil {
			return Item{}, errAt("Fix", "%v", err)
		}
	}
	it.Copy = renderCopy(s)
	return it, nil
}

// block is a run of non-blank lines and the line number it starts on.
type block struct {
	line  int
	lines []string
}

func (b block) text() string { return strings.Join(b.lines, " ") }

// splitCopy reads the wire copy (lines, the first of which is line first+1
// of the file) into s: headline, standfirst, then body blocks.
func splitCopy(name string, first int, lines []string, s *news.Story) error {
	var blocks []block
	var cur *block
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			cur = nil
			continue
		}
		if cur == nil {
			blocks = append(blocks, block{line: first + i + 1})
			cur = &blocks[len(blocks)-1]
		}
		cur.lines = append(cur.lines, line)
	}
	if len(blocks) < 3 {
		return fmt.Errorf("%s: the copy needs a headline, a standfirst and a body, each followed by a blank line; found %d block(s)", name, len(blocks))
	}
	if len(blocks[0].lines) != 1 {
		return fmt.Errorf("%s:%d: the headline must be one line followed by a blank line", name, blocks[0].line)
	}
	s.Headline = blocks[0].text()
	s.Standfirst = blocks[1].text()

	body := blocks[2:]
	p := body[0].text()
	if s.Dateline.Style == news.StyleNone {
		if strings.Contains(p, DatelineToken) {
			return fmt.Errorf("%s:%d: %s in a story without a Style", name, body[0].line, DatelineToken)
		}
	} else {
		if !strings.HasPrefix(p, DatelineToken) {
			return fmt.Errorf("%s:%d: the first paragraph must start with %s", name, body[0].line, DatelineToken)
		}
		dl := s.Dateline.Format()
		p = strings.Replace(p, DatelineToken, dl, 1)
		rest, ok := strings.CutPrefix(p, dl)
		if !ok {
			return fmt.Errorf("%s:%d: the first paragraph does not start with the dateline %q", name, body[0].line, dl)
		}
		p = strings.TrimSpace(rest)
		if p == "" {
			return fmt.Errorf("%s:%d: the first paragraph has nothing after the dateline", name, body[0].line)
		}
	}
	s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: p})
	for _, b := range body[1:] {
		t := b.text()
		if strings.Contains(t, DatelineToken) {
			return fmt.Errorf("%s:%d: %s is only allowed at the start of the first paragraph", name, b.line, DatelineToken)
		}
		kind := news.Paragraph
		if len(b.lines) == 1 && isSubheading(t) {
			kind = news.Subheading
		}
		s.Body = append(s.Body, news.Block{Kind: kind, Text: t})
	}
	return nil
}

// isSubheading reports whether a one-line block reads as a subheading: short
// and without closing punctuation.
func isSubheading(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > maxSubheading {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t)
	return unicode.IsLetter(last) || unicode.IsDigit(last)
}

// renderCopy writes the story back as wire copy with the dateline spelled
// out.
func renderCopy(s *news.Story) string {
	var b bytes.Buffer
	b.WriteString(s.Headline + "\n\n")
	if s.Standfirst != "" {
		b.WriteString(s.Standfirst + "\n\n")
	}
	for i, bl := range s.Body {
		if i == 0 && s.Dateline.Style != news.StyleNone {
			b.WriteString(s.Dateline.Format() + " ")
		}
		b.WriteString(bl.Text + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func knownStyle(st news.Style) bool {
	for _, k := range news.Styles {
		if k == st {
			return true
		}
	}
	return false
}

// duration parses a Go duration that is not negative and at most a year.
func duration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 50h or 90m", v)
	}
	if d < 0 || d > 366*24*time.Hour {
		return 0, fmt.Errorf("%q is outside 0 to 8784h", v)
	}
	return d, nil
}

// slugOf turns "stories/07-port-strike.txt" into "port-strike".
func slugOf(name string) (string, error) {
	base := strings.TrimSuffix(path.Base(name), ".txt")
	num, slug, ok := strings.Cut(base, "-")
	if !ok || num == "" || slug == "" || strings.Trim(num, "0123456789") != "" {
		return "", fmt.Errorf("%s: file name must be NN-slug.txt", name)
	}
	for _, r := range slug {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return "", fmt.Errorf("%s: slug %q may hold only a-z, 0-9 and -", name, slug)
		}
	}
	return slug, nil
}
