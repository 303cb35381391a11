package reuters

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/wirecopy"
)

// header holds the attributes of a <REUTERS> tag.
type header struct {
	topics, lewis, cgi, oldID, newID string
}

// attrs reads the attributes of a <REUTERS ...> tag.
func attrs(tag []byte) header {
	var h header
	eachAttr(bytes.TrimPrefix(tag, []byte(openTag)), func(name string, val []byte) {
		switch name {
		case "TOPICS":
			h.topics = string(val)
		case "LEWISSPLIT":
			h.lewis = string(val)
		case "CGISPLIT":
			h.cgi = string(val)
		case "OLDID":
			h.oldID = string(val)
		case "NEWID":
			h.newID = string(val)
		}
	})
	return h
}

// textType returns the TYPE attribute of a <TEXT> tag.
func textType(tag []byte) string {
	var t string
	eachAttr(tag, func(name string, val []byte) {
		if name == "TYPE" {
			t = string(val)
		}
	})
	return t
}

// eachAttr calls fn for each NAME="VALUE" (or NAME=VALUE) pair in tag, up
// to the first '>'.
func eachAttr(tag []byte, fn func(name string, val []byte)) {
	if i := bytes.IndexByte(tag, '>'); i >= 0 {
		tag = tag[:i]
	}
	for {
		eq := bytes.IndexByte(tag, '=')
		if eq < 0 {
			return
		}
		name := string(bytes.TrimSpace(tag[:eq]))
		rest := bytes.TrimLeft(tag[eq+1:], " \t\r\n")
		var val []byte
		if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
			end := bytes.IndexByte(rest[1:], rest[0])
			if end < 0 {
				val, tag = rest[1:], nil
			} else {
				val, tag = rest[1:1+end], rest[2+end:]
			}
		} else {
			end := bytes.IndexAny(rest, " \t\r\n")
			if end < 0 {
				end = len(rest)
			}
			val, tag = rest[:end], rest[end:]
		}
		fn(name, val)
	}
}

// span is an element found inside a document: its attributes, its
// content, and the offset of its open tag.
type span struct {
	attrs   []byte
	content []byte
	at      int
	found   bool
	closed  bool
}

// find looks for the first <name ...>...</name> in b at or after from.
func find(b []byte, name string, from int) span {
	open := "<" + name
	for from < len(b) {
		i := bytes.Index(b[from:], []byte(open))
		if i < 0 {
			break
		}
		at := from + i
		j := at + len(open)
		if j < len(b) && (b[j] == '>' || isSpace(b[j])) {
			gt := bytes.IndexByte(b[j:], '>')
			if gt < 0 {
				return span{at: at, found: true}
			}
			start := j + gt + 1
			sp := span{attrs: b[j : j+gt], at: at, found: true}
			end := bytes.Index(b[start:], []byte("</"+name+">"))
			if end < 0 {
				return sp
			}
			sp.content, sp.closed = b[start:start+end], true
			return sp
		}
		from = j
	}
	return span{}
}

// parseDoc turns one <REUTERS> element, starting on line, into a Doc.
func parseDoc(el []byte, line int) *Doc {
	d := &Doc{Line: line}
	fail := func(at int, format string, args ...any) {
		if d.Err == nil {
			d.Err = &DocError{Line: line + bytes.Count(el[:at], []byte{'\n'}), NewID: d.NewID, Reason: fmt.Sprintf(format, args...)}
		}
	}
	h := attrs(el)
	d.LewisSplit, d.CGISplit, d.HasTopics = h.lewis, h.cgi, h.topics
	if n, err := strconv.Atoi(h.newID); err == nil && n > 0 {
		d.NewID = n
	} else {
		fail(0, "NEWID attribute is missing or not a positive number (%q)", h.newID)
	}
	d.OldID, _ = strconv.Atoi(h.oldID)
	if i := bytes.IndexByte(el, 0); i >= 0 {
		fail(i, "holds NUL bytes: not text")
		return d
	}

	date := find(el, "DATE", 0)
	switch {
	case !date.closed:
		fail(date.at, "no <DATE>...</DATE>")
	default:
		t, err := parseDate(date.content)
		if err != nil {
			fail(date.at, "%v", err)
		}
		d.Date = t
	}
	lists := []struct {
		name string
		dst  *[]string
	}{
		{"TOPICS", &d.Topics}, {"PLACES", &d.Places}, {"PEOPLE", &d.People},
		{"ORGS", &d.Orgs}, {"EXCHANGES", &d.Exchanges}, {"COMPANIES", &d.Companies},
	}
	for _, l := range lists {
		sp := find(el, l.name, 0)
		if sp.found && !sp.closed {
			fail(sp.at, "<%s> is not closed", l.name)
			continue
		}
		*l.dst = values(sp.content)
	}

	text := find(el, "TEXT", 0)
	if !text.closed {
		if text.found {
			fail(text.at, "<TEXT> is not closed")
		} else {
			fail(0, "no <TEXT> element")
		}
		return d
	}
	d.TextType = textType(text.attrs)
	base := text.at // offsets inside text.content are reported at the TEXT tag
	if d.TextType == "UNPROC" {
		d.Body = decode(text.content)
	} else {
		parts := []struct {
			name string
			dst  *string
		}{{"TITLE", &d.Title}, {"DATELINE", &d.Dateline}, {"BODY", &d.Body}, {"AUTHOR", &d.Author}}
		for _, p := range parts {
			sp := find(text.content, p.name, 0)
			if sp.found && !sp.closed {
				fail(base, "<%s> is not closed", p.name)
				continue
			}
			*p.dst = decode(sp.content)
		}
		d.Title = collapse(d.Title)
	}
	if d.Err != nil {
		return d
	}
	st, reason := buildStory(d)
	if reason != "" {
		fail(base, "%s", reason)
		return d
	}
	d.Story = st
	return d
}

// values returns the decoded <D> items of a category list.
func values(b []byte) []string {
	var out []string
	for from := 0; ; {
		sp := find(b, "D", from)
		if !sp.closed {
			return out
		}
		if v := collapse(decode(sp.content)); v != "" {
			out = append(out, v)
		}
		from = sp.at + 3 + len(sp.content)
	}
}

// signature is the "Reuter" sign-off at the end of raw copy.
var signature = regexp.MustCompile(`(?i)\s*\breuter\b[^a-z]*$`)

// buildStory makes the draft story of a document, or says why it cannot.
func buildStory(d *Doc) (*news.Story, string) {
	var headline string
	var paras []string
	var parsed *news.Story
	if d.TextType == "UNPROC" {
		// Raw wire text: read it as wire copy; copy the parser cannot read
		// (a table, a headline alone) falls back to lines.
		if ws, err := wirecopy.Parse([]byte(d.Body), wirecopy.Options{Year: d.Date.Year(), Now: d.Date}); err == nil && len(ws.Body) > 0 && !ws.Dateline.IsZero() {
			parsed = ws
			headline = ws.Headline
		} else {
			headline, paras = unproc(d.Body)
		}
	} else {
		headline, paras = d.Title, paragraphs(d.Body)
	}
	switch {
	case headline == "" && len(paras) == 0:
		return nil, "no title and no body"
	case headline == "":
		return nil, "no <TITLE>: a story needs a headline"
	case utf8.RuneCountInString(headline) > news.MaxHeadline:
		return nil, fmt.Sprintf("headline is %d characters long; the limit is %d", utf8.RuneCountInString(headline), news.MaxHeadline)
	}
	st := &news.Story{
		Source:   "reuters:" + strconv.Itoa(d.NewID),
		Status:   news.StatusDraft,
		Language: "en",
		Headline: headline,
		Byline:   byline(d.Author),
		Section:  "general",
		Urgency:  5,
	}
	if len(d.Topics) > 0 {
		st.Section = d.Topics[0]
	}
	if strings.TrimSpace(d.Dateline) != "" {
		st.Dateline = parseDateline(d.Dateline, d.Date)
	}
	for _, p := range paras {
		st.Body = append(st.Body, news.Block{Kind: news.Paragraph, Text: p})
	}
	if parsed != nil {
		st.Standfirst, st.Dateline, st.Body = parsed.Standfirst, parsed.Dateline, parsed.Body
		last := &st.Body[len(st.Body)-1]
		last.Text = strings.TrimSpace(signature.ReplaceAllString(last.Text, ""))
		if st.Dateline.Credit == "" && st.Dateline.Place != "" {
			st.Dateline.Credit = "Reuters"
		}
	}
	for _, l := range [][]string{d.Topics, d.Places, d.People, d.Orgs} {
		st.Tags = append(st.Tags, l...)
	}
	st.Normalize()
	if err := st.Validate(); err != nil {
		return nil, err.Error()
	}
	return st, ""
}

// byline turns "    By Janie Gabbett, Reuters" into "Janie Gabbett, Reuters".
func byline(author string) string {
	a := collapse(author)
	if len(a) > 3 && strings.EqualFold(a[:3], "by ") {
		a = a[3:]
	}
	return a
}
