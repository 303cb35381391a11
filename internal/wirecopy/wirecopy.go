// Package wirecopy reads plain-text wire copy into a news.Story and writes
// a story back as wire copy.
//
// Wire copy is a headline line, an optional standfirst, then paragraphs;
// the first paragraph starts with a dateline in one agency's house style
// (see ParseDateline). Parse reads it as follows:
//
//   - Line endings may be LF, CRLF or CR; a UTF-8 byte order mark is dropped.
//   - Site furniture standing on a line of its own ("All news",
//     "Updated at: 18 Dec 2016, 09:15", "Updated at:" with nothing after
//     it, "Все новости", "Обновлено: 23.11.2026", "Full version", "Share"
//     and the like, with any Unicode spaces) is dropped wherever it is and
//     counts as a blank line; so is a date-and-time line under a bare
//     "Updated at:" or above the headline (see furniture.go).
//   - The headline is the first remaining line. A first line that starts
//     with a dateline means the copy has no headline, which is an error.
//   - The rest is cut into blocks at blank lines. A block of several lines
//     is one hard-wrapped paragraph (its lines joined with a space) unless
//     a line other than the last is longer than 100 characters or every
//     line but the last ends a sentence; then each line is a block of its
//     own. So copy with one paragraph per line and no blank lines works.
//   - The first of the first four blocks that starts with a dateline is the
//     first paragraph; the dateline is cut from it and the blocks before it
//     are the standfirst (joined by a blank line). A dateline standing alone
//     is fine: the paragraph is then the next block.
//   - Copy with no dateline has no standfirst: every block after the
//     headline is body. A lone sentence after a headline cannot be told from
//     a short first paragraph, and calling it a standfirst would move body
//     text out of the body.
//   - A block is a subheading when it is at most 80 characters long, does
//     not end in closing punctuation (. ! ? : ; … " » ” ’ ' ) ]), and the
//     block after it is not a subheading candidate too (it must be followed
//     by a paragraph). The paragraph a dateline starts is never a subheading.
//
// Text is kept exactly as written apart from trimming spaces at the ends of
// lines and joining the lines of a wrapped paragraph.
package wirecopy

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// Options tune Parse and ParseDateline.
type Options struct {
	// Year is the year of a dateline written without one (from --year).
	// When zero, the latest such date not after Now is taken.
	Year int
	// Now is the time a yearless dateline is dated against; zero means
	// time.Now().
	Now time.Time
}

// Error says what is wrong with a piece of wire copy and on which line.
type Error struct {
	Line int // 1-based
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Limits used when cutting copy into blocks.
const (
	maxSubheading = 80  // longest subheading, in characters
	maxWrapped    = 100 // a line longer than this is not part of a hard-wrapped paragraph
	maxStandfirst = 3   // blocks that may stand before the dateline paragraph
)

// block is a paragraph or subheading of the copy with the line it starts on.
type block struct {
	line int
	text string
}

// Parse reads plain-text wire copy. The story it returns is a draft with
// Language, Headline, Standfirst, Dateline and Body set. Errors are *Error.
func Parse(text []byte, opt Options) (*news.Story, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	s := string(text)
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")

	// Trim lines and blank out site furniture.
	for i, l := range lines {
		lines[i] = strings.TrimFunc(l, isSpace)
	}
	dropFurniture(lines)

	head := -1
	for i, l := range lines {
		if l != "" {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, &Error{Line: 1, Msg: "no headline: the copy holds only site boilerplate (such as \"All news\" or \"Updated at: ...\")"}
	}
	headline := lines[head]
	if isMarkup(headline) {
		tag, _, _ := strings.Cut(headline, ">")
		if utf8.RuneCountInString(tag) > 40 {
			tag = string([]rune(tag)[:40]) + "…"
		} else {
			tag += ">"
		}
		return nil, &Error{Line: head + 1, Msg: fmt.Sprintf("the copy starts with markup (%s): XML or HTML is not wire copy (NewsML-G2 is imported with --format newsml or auto)", tag)}
	}
	if n := utf8.RuneCountInString(headline); n > news.MaxHeadline {
		return nil, &Error{Line: head + 1, Msg: fmt.Sprintf("headline is %d characters long; the limit is %d (is the headline line missing?)", n, news.MaxHeadline)}
	}
	if dl, _, ok := ParseDateline(headline, opt); ok {
		return nil, &Error{Line: head + 1, Msg: fmt.Sprintf("no headline: the first line starts with the dateline %q", dl.Text)}
	}

	blocks := splitBlocks(lines[head+1:], head+2)
	story := &news.Story{
		Status:   news.StatusDraft,
		Headline: headline,
		Body:     []news.Block{},
	}

	first := 0 // index of the first body block
	lead := "" // the first paragraph with its dateline cut
	hasLead := false
	for i := 0; i < len(blocks) && i <= maxStandfirst; i++ {
		dl, rest, ok := ParseDateline(blocks[i].text, opt)
		if !ok {
			continue
		}
		story.Dateline = dl
		parts := make([]string, i)
		for j := range i {
			parts[j] = blocks[j].text
		}
		story.Standfirst = strings.Join(parts, "\n\n")
		first = i + 1
		lead, hasLead = rest, rest != ""
		break
	}

	if n := utf8.RuneCountInString(story.Standfirst); n > news.MaxStandfirst {
		return nil, &Error{Line: blocks[0].line, Msg: fmt.Sprintf("standfirst (the text between headline and dateline) is %d characters long; the limit is %d", n, news.MaxStandfirst)}
	}
	body := blocks[first:]
	if !story.Dateline.IsZero() {
		switch {
		case hasLead:
			body = append([]block{{line: blocks[first-1].line, text: lead}}, body...)
		case len(body) > 0:
			// A dateline standing alone: the next block is the first paragraph.
			hasLead = true
		}
	}
	if len(body) > news.MaxBodyBlocks {
		return nil, &Error{Line: body[news.MaxBodyBlocks].line, Msg: fmt.Sprintf("the body has %d paragraphs and subheadings; the limit is %d", len(body), news.MaxBodyBlocks)}
	}
	for i, b := range body {
		if n := utf8.RuneCountInString(b.text); n > news.MaxBlockText {
			return nil, &Error{Line: b.line, Msg: fmt.Sprintf("paragraph is %d characters long; the limit is %d", n, news.MaxBlockText)}
		}
		kind := news.Paragraph
		// The paragraph a dateline starts is never a subheading.
		if !(i == 0 && hasLead) && isSubheadingCandidate(b.text) && i+1 < len(body) && !isSubheadingCandidate(body[i+1].text) {
			kind = news.Subheading
		}
		story.Body = append(story.Body, news.Block{Kind: kind, Text: b.text})
	}

	var all strings.Builder
	all.WriteString(story.Headline)
	all.WriteString("\n")
	all.WriteString(story.Standfirst)
	for _, b := range story.Body {
		all.WriteString("\n")
		all.WriteString(b.Text)
	}
	story.Language = DetectLanguage(all.String())
	return story, nil
}

// checkText refuses input that is empty, not UTF-8 or binary.
func checkText(text []byte) error {
	if len(strings.TrimFunc(string(text), isSpace)) == 0 {
		return &Error{Line: 1, Msg: "empty input"}
	}
	if off := bytes.IndexByte(text, 0); off >= 0 {
		line := 1 + bytes.Count(text[:off], []byte("\n"))
		return &Error{Line: line, Msg: fmt.Sprintf("NUL byte at byte offset %d: this looks like a binary file, not text", off)}
	}
	line := 1
	for off := 0; off < len(text); {
		r, size := utf8.DecodeRune(text[off:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{Line: line, Msg: fmt.Sprintf("not valid UTF-8 at byte offset %d (byte 0x%02x); convert the file to UTF-8", off, text[off])}
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r' && r != '\v' && r != '\f', r == 0x7f:
			return &Error{Line: line, Msg: fmt.Sprintf("control character U+%04X at byte offset %d: this looks like a binary file, not text", r, off)}
		}
		off += size
	}
	return nil
}

func isSpace(r rune) bool { return isUnicodeSpace(r) }

// isMarkup reports whether line starts like an XML or HTML tag, a
// declaration or a comment: "<?xml", "<!DOCTYPE", "<newsItem", "</p>".
// Wire copy never starts so, and reading it as copy would publish the
// markup as a headline and body.
func isMarkup(line string) bool {
	if len(line) < 2 || line[0] != '<' {
		return false
	}
	r, _ := utf8.DecodeRuneInString(line[1:])
	return r == '?' || r == '!' || r == '/' || unicode.IsLetter(r)
}

// splitBlocks cuts trimmed lines into blocks at blank lines; firstLine is
// the 1-based number of lines[0].
func splitBlocks(lines []string, firstLine int) []block {
	var blocks []block
	var group []block
	flush := func() {
		switch {
		case len(group) == 0:
		case len(group) == 1 || linePerParagraph(group):
			blocks = append(blocks, group...)
		default:
			parts := make([]string, len(group))
			for i, g := range group {
				parts[i] = g.text
			}
			blocks = append(blocks, block{line: group[0].line, text: strings.Join(parts, " ")})
		}
		group = group[:0]
	}
	for i, l := range lines {
		if l == "" {
			flush()
			continue
		}
		group = append(group, block{line: firstLine + i, text: l})
	}
	flush()
	return blocks
}

// linePerParagraph reports whether a group of lines with no blank line
// between them is one paragraph a line rather than one hard-wrapped
// paragraph: some line but the last is too long to be a wrapped line, or
// every line but the last ends a sentence.
func linePerParagraph(group []block) bool {
	allEnd := true
	for _, g := range group[:len(group)-1] {
		if utf8.RuneCountInString(g.text) > maxWrapped {
			return true
		}
		if !endsClosed(g.text) {
			allEnd = false
		}
	}
	return allEnd
}

// endsClosed reports whether s ends with closing punctuation.
func endsClosed(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;…\"»”’')]", r)
}

// isSubheadingCandidate reports whether s looks like a subheading: short,
// with a letter, and no closing punctuation.
func isSubheadingCandidate(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxSubheading || endsClosed(s) {
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// Render writes a story as wire copy in its house style: the headline, a
// blank line, the standfirst and a blank line when there is one, then the
// body blocks separated by blank lines with the dateline before the first
// paragraph: its text as written when that reads back to the same fields
// (so a year the copy wrote survives, though most house styles leave it
// out) or when it has no style, else in house style from its fields. Parse
// reads the result back to the same headline,
// standfirst, dateline and body, with two exceptions that plain text cannot
// carry: a standfirst in a story without a dateline comes back as the first
// paragraph, and subheadings before the first paragraph of a story with a
// dateline come back as standfirst.
func Render(s *news.Story) string {
	var b strings.Builder
	b.WriteString(strings.Join(strings.FieldsFunc(s.Headline, isLineBreak), " "))
	b.WriteString("\n")
	if sf := strings.TrimSpace(s.Standfirst); sf != "" {
		b.WriteString("\n")
		b.WriteString(sf)
		b.WriteString("\n")
	}
	dl := s.Dateline.Text
	if s.Dateline.Style != news.StyleNone && !readsBack(s.Dateline) {
		dl = s.Dateline.Format()
	}
	dl = strings.TrimSpace(dl)
	placed := dl == ""
	if !placed && !hasParagraph(s.Body) {
		b.WriteString("\n")
		b.WriteString(dl)
		b.WriteString("\n")
		placed = true
	}
	for _, blk := range s.Body {
		text := strings.TrimSpace(blk.Text)
		if text == "" {
			continue
		}
		if !placed && blk.Kind == news.Paragraph {
			text = dl + " " + text
			placed = true
		}
		b.WriteString("\n")
		b.WriteString(text)
		b.WriteString("\n")
	}
	return b.String()
}

// readsBack reports whether the dateline's text, read on its own, gives
// back its place, date, credit and style.
func readsBack(d news.Dateline) bool {
	year := d.Date.Year
	if year == 0 {
		year = 2000
	}
	got, rest, ok := ParseDateline(d.Text, Options{Year: year})
	return ok && rest == "" && got.Place == d.Place && got.Date == d.Date && got.Credit == d.Credit && got.Style == d.Style
}

func isLineBreak(r rune) bool { return r == '\n' || r == '\r' }

func hasParagraph(body []news.Block) bool {
	for _, b := range body {
		if b.Kind == news.Paragraph && strings.TrimSpace(b.Text) != "" {
			return true
		}
	}
	return false
}
