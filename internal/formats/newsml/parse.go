package newsml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"golang.org/x/text/encoding/ianaindex"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
)

// Error is an import error with the line it was found on.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("newsml: line %d: %s", e.Line, e.Msg)
	}
	return "newsml: " + e.Msg
}

func errAt(d *xml.Decoder, format string, args ...any) error {
	line, _ := d.InputPos()
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// maxDepth bounds element nesting inside an inline body.
const maxDepth = 200

type inItem struct {
	GUID        string        `xml:"guid,attr"`
	Version     string        `xml:"version,attr"`
	Lang        string        `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ItemMeta    inItemMeta    `xml:"itemMeta"`
	ContentMeta inContentMeta `xml:"contentMeta"`
	ContentSet  inContentSet  `xml:"contentSet"`
}

type inFlex struct {
	Type    string   `xml:"type,attr"`
	QCode   string   `xml:"qcode,attr"`
	URI     string   `xml:"uri,attr"`
	Literal string   `xml:"literal,attr"`
	Names   []inText `xml:"name"`
}

func (f inFlex) name() string {
	for _, n := range f.Names {
		if n.Text != "" {
			return n.Text
		}
	}
	return ""
}

type inItemMeta struct {
	ItemClass      inFlex   `xml:"itemClass"`
	VersionCreated inTime   `xml:"versionCreated"`
	FirstCreated   inTime   `xml:"firstCreated"`
	Embargoed      inTime   `xml:"embargoed"`
	PubStatus      inFlex   `xml:"pubStatus"`
	EdNote         []inText `xml:"edNote"`
	Signal         []inFlex `xml:"signal"`
	Link           []inLink `xml:"link"`
}

type inLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
}

type inContentMeta struct {
	Urgency         inText       `xml:"urgency"`
	ContentCreated  inTime       `xml:"contentCreated"`
	ContentModified inTime       `xml:"contentModified"`
	Located         []inFlex     `xml:"located"`
	Language        []inLanguage `xml:"language"`
	Subject         []inFlex     `xml:"subject"`
	Headline        []inText     `xml:"headline"`
	Dateline        []inText     `xml:"dateline"`
	By              []inText     `xml:"by"`
	Description     []inDescrip  `xml:"description"`
	Creator         []inFlex     `xml:"creator"`
}

type inLanguage struct {
	Tag string `xml:"tag,attr"`
}

type inDescrip struct {
	Role string `xml:"role,attr"`
	inText
}

type inContentSet struct {
	InlineXML  []inInline     `xml:"inlineXML"`
	InlineData []inInlineData `xml:"inlineData"`
}

type inInlineData struct {
	ContentType string `xml:"contenttype,attr"`
	Text        string `xml:",chardata"`
}

// inText is the text content of an element and of all its descendants,
// white space collapsed, with the line it starts on.
type inText struct {
	Text string
	Line int
}

func (t *inText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	t.Line, _ = d.InputPos()
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return errAt(d, "<%s> is nested too deeply", start.Name.Local)
			}
			if tok.Name.Local == "br" {
				b.WriteByte(' ')
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(tok)
		}
	}
	t.Text = collapse(b.String())
	return nil
}

// inTime is a date-time element; a value that is not a date-time is an
// error naming the element and its line.
type inTime struct {
	T *time.Time
}

func (t *inTime) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var txt inText
	if err := txt.UnmarshalXML(d, start); err != nil {
		return err
	}
	if txt.Text == "" {
		return nil
	}
	v, err := parseTime(txt.Text)
	if err != nil {
		return &Error{Line: txt.Line, Msg: fmt.Sprintf("<%s>: %v", start.Name.Local, err)}
	}
	t.T = &v
	return nil
}

// parseTime reads xs:dateTime and the truncated forms NewsML-G2 allows for
// content dates (date only, year-month, year). Times without a zone are
// taken as UTC.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time (want e.g. 2026-11-29T09:30:00Z)", s)
}

// LooksLikeNewsML reports whether data seems to be a NewsML-G2 newsItem:
// XML whose root element is newsItem. It does not validate.
func LooksLikeNewsML(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for range 50 {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "newsItem" && (se.Name.Space == NamespaceG2 || se.Name.Space == "")
		}
	}
	return false
}

// Parse reads a NewsML-G2 text newsItem into a story. Errors carry the
// line they were found on (*Error or *xml.SyntaxError wrapped in *Error).
//
// The story has no ID: Source is "newsml:" followed by the item's guid.
// Status follows pubStatus (stat:usable: published, or scheduled under an
// embargo; stat:withheld; stat:canceled: killed). The body is taken from an
// XHTML or NITF inlineXML (or a text/plain inlineData), reduced to
// paragraphs and subheadings.
func Parse(data []byte) (*news.Story, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Entity = xml.HTMLEntity // XHTML bodies may use &nbsp; and friends
	d.CharsetReader = charsetReader
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, &Error{Msg: "no XML element found: not a NewsML-G2 document"}
			}
			return nil, xmlError(d, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	if root.Name.Local != "newsItem" {
		return nil, errAt(d, "the root element is <%s>, not a NewsML-G2 <newsItem>", root.Name.Local)
	}
	if root.Name.Space != NamespaceG2 {
		ns := root.Name.Space
		if ns == "" {
			ns = "no namespace"
		}
		return nil, errAt(d, "<newsItem> is in %s, not in the NewsML-G2 namespace %s", ns, NamespaceG2)
	}
	var in inItem
	if err := d.DecodeElement(&in, &root); err != nil {
		return nil, xmlError(d, err)
	}
	return in.story()
}

func xmlError(d *xml.Decoder, err error) error {
	var ne *Error
	if errors.As(err, &ne) {
		return ne
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &Error{Line: se.Line, Msg: "invalid XML: " + se.Msg}
	}
	line, _ := d.InputPos()
	return &Error{Line: line, Msg: err.Error()}
}

func (in *inItem) story() (*news.Story, error) {
	im, cm := &in.ItemMeta, &in.ContentMeta
	if c := im.ItemClass.QCode; c != "" && c != "ninat:text" && c != "ninat:composite" {
		return nil, &Error{Msg: fmt.Sprintf("itemClass %s is not a text item; only ninat:text can be imported", c)}
	}
	s := &news.Story{Source: "newsml:" + in.GUID, Language: in.Lang}
	for _, l := range cm.Language {
		if l.Tag != "" {
			s.Language = l.Tag
			break
		}
	}
	if v, err := strconv.Atoi(strings.TrimSpace(in.Version)); err == nil && v > 0 {
		s.Version = v
	}
	if u := cm.Urgency.Text; u != "" {
		n, err := strconv.Atoi(u)
		if err != nil || n < 1 || n > 9 {
			return nil, &Error{Line: cm.Urgency.Line, Msg: fmt.Sprintf("<urgency> %q is not a number from 1 to 9", u)}
		}
		s.Urgency = n
	}
	s.UpdatedAt = im.VersionCreated.T
	s.FirstPublishedAt = im.FirstCreated.T
	s.EmbargoUntil = im.Embargoed.T
	switch {
	case cm.ContentCreated.T != nil:
		s.CreatedAt = *cm.ContentCreated.T
	case s.FirstPublishedAt != nil:
		s.CreatedAt = *s.FirstPublishedAt
	}
	switch {
	case cm.ContentModified.T != nil:
		s.ModifiedAt = *cm.ContentModified.T
	case s.UpdatedAt != nil:
		s.ModifiedAt = *s.UpdatedAt
	}

	switch strings.TrimPrefix(im.PubStatus.QCode, "stat:") {
	case "withheld":
		s.Status = news.StatusWithheld
	case "canceled":
		s.Status = news.StatusKilled
	default:
		s.Status = news.StatusPublished
		if s.EmbargoUntil != nil {
			s.Status = news.StatusScheduled
		}
	}

	s.Headline = first(cm.Headline)
	for _, l := range cm.Located {
		if n := l.name(); n != "" {
			s.Dateline.Place = n
		} else {
			s.Dateline.Place = l.Literal
		}
		break
	}
	s.Dateline.Text = first(cm.Dateline)
	s.Byline = first(cm.By)
	if s.Byline == "" {
		for _, c := range cm.Creator {
			if n := c.name(); n != "" {
				s.Byline = n
				break
			}
		}
	}
	for _, role := range []string{"drol:summary", "drol:abstract", "", "drol:caption"} {
		for _, dsc := range cm.Description {
			if dsc.Role == role && dsc.Text != "" && s.Standfirst == "" {
				s.Standfirst = dsc.Text
			}
		}
	}
	// People, organisations and places are not tags. Media Topics next to
	// other subjects mirror the section and tags (as Dateline writes
	// them); alone they are the item's topics.
	ownSubjects := false
	for _, sub := range cm.Subject {
		if !isEntitySubject(sub) && !strings.HasPrefix(sub.QCode, "medtop:") {
			ownSubjects = true
		}
	}
	for _, sub := range cm.Subject {
		if isEntitySubject(sub) || ownSubjects && strings.HasPrefix(sub.QCode, "medtop:") {
			continue
		}
		name := sub.name()
		kind := ""
		switch {
		case strings.Contains(sub.URI, "/section/"):
			kind = "section"
		case strings.HasPrefix(sub.Literal, "section:"):
			kind, name = "section", firstNonEmpty(name, strings.TrimPrefix(sub.Literal, "section:"))
		case strings.HasPrefix(sub.Literal, "tag:"):
			name = firstNonEmpty(name, strings.TrimPrefix(sub.Literal, "tag:"))
		}
		name = firstNonEmpty(name, sub.Literal)
		if name == "" {
			continue // a bare code with no label says nothing to a reader
		}
		if kind == "section" && s.Section == "" {
			s.Section = name
			continue
		}
		s.Tags = append(s.Tags, name)
	}

	for _, l := range im.Link {
		// Dateline writes translations as seeAlso links to another story
		// page, with the language of that story.
		if l.Rel != "irel:seeAlso" || l.Lang == "" {
			continue
		}
		if id, ok := ninjs.ItemID(l.Href); ok {
			s.Translations = append(s.Translations, news.Translation{Language: l.Lang, ID: id})
		}
	}

	body := in.ContentSet.pick()
	if body != nil {
		s.Body = body.Blocks
		if s.Headline == "" {
			s.Headline = body.Headline
		}
		if s.Byline == "" {
			s.Byline = body.Byline
		}
		if s.Dateline.Text == "" {
			s.Dateline.Text = body.Dateline
		}
	} else {
		for _, id := range in.ContentSet.InlineData {
			if strings.HasPrefix(strings.ToLower(id.ContentType), "text/plain") {
				s.Body = ninjs.TextBlocks(id.Text)
				break
			}
		}
	}
	stripLeadDateline(s)

	note := ""
	for _, n := range im.EdNote {
		if n.Text != "" {
			note = n.Text
			break
		}
	}
	corrected := false
	for _, sig := range im.Signal {
		if sig.QCode == "sig:correction" {
			corrected = true
		}
	}
	switch {
	case s.Status == news.StatusKilled:
		s.KillNotice = strings.TrimSpace(strings.TrimPrefix(note, killLabel))
	case corrected || strings.HasPrefix(note, correctionLabel):
		c := news.Correction{Version: s.Version, Note: strings.TrimSpace(strings.TrimPrefix(note, correctionLabel))}
		if s.UpdatedAt != nil {
			c.At = *s.UpdatedAt
		}
		if c.Note != "" {
			s.Corrections = []news.Correction{c}
		}
	}
	s.Normalize()
	return s, nil
}

// stripLeadDateline moves a dateline written at the start of the first
// paragraph ("(New York, NY - October 21) Text...", or the dateline text
// given in contentMeta) out of the body: the body holds no dateline.
func stripLeadDateline(s *news.Story) {
	if len(s.Body) == 0 || s.Body[0].Kind != news.Paragraph {
		return
	}
	first := s.Body[0].Text
	if dl := s.Dateline.Text; dl != "" && strings.HasPrefix(first, dl) {
		s.Body[0].Text = strings.TrimSpace(strings.TrimPrefix(first, dl))
		return
	}
	if s.Dateline.Text != "" || !strings.HasPrefix(first, "(") {
		return
	}
	end := strings.IndexByte(first, ')')
	if end < 0 || end > 80 {
		return
	}
	inside := first[1:end]
	if s.Dateline.Place == "" || !strings.HasPrefix(strings.ToLower(inside), strings.ToLower(s.Dateline.Place)) {
		return
	}
	s.Dateline.Text = first[:end+1]
	s.Body[0].Text = strings.TrimSpace(first[end+1:])
}

func first(ts []inText) string {
	for _, t := range ts {
		if t.Text != "" {
			return t.Text
		}
	}
	return ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// isEntitySubject reports whether a subject names a person, organisation
// or place rather than a topic.
func isEntitySubject(f inFlex) bool {
	switch f.Type {
	case "cpnat:person", "cpnat:organisation", "cpnat:geoArea", "cpnat:poi":
		return true
	}
	return false
}

// Root returns the local name and namespace of the root element of an XML
// document; ok is false when data has no well-formed start of an element.
func Root(data []byte) (local, space string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charsetReader
	for range 50 {
		tok, err := d.Token()
		if err != nil {
			return "", "", false
		}
		if se, isStart := tok.(xml.StartElement); isStart {
			return se.Name.Local, se.Name.Space, true
		}
	}
	return "", "", false
}

// ItemError is one item of a newsMessage that could not be imported.
type ItemError struct {
	Line int
	Msg  string
}

func (e *ItemError) Error() string   { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }
func (e *ItemError) LineNumber() int { return e.Line }

// MessageItem is a story read from a newsItem of a newsMessage, with the
// line the item starts on.
type MessageItem struct {
	Story *news.Story
	Line  int
}

// ParseMessage reads the text newsItems of a NewsML-G2 newsMessage (an
// envelope of items in its itemSet). Each newsItem that reads is a story;
// each item that is refused (another kind of item, such as a
// packageItem or conceptItem, or a newsItem that is not text) is an
// *ItemError naming its line. err is for a document that is not a
// newsMessage or is not well-formed.
func ParseMessage(data []byte) (stories []MessageItem, refused []error, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	depth := 0
	inItemSet := false
	for {
		tok, terr := d.Token()
		if errors.Is(terr, io.EOF) {
			if depth == 0 && stories == nil && refused == nil {
				return nil, nil, &Error{Msg: "no XML element found: not a NewsML-G2 document"}
			}
			return stories, refused, nil
		}
		if terr != nil {
			return nil, nil, xmlError(d, terr)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && (t.Name.Local != "newsMessage" || t.Name.Space != NamespaceG2):
				return nil, nil, errAt(d, "the root element is <%s>, not a NewsML-G2 <newsMessage>", t.Name.Local)
			case depth == 2 && t.Name.Local == "itemSet":
				inItemSet = true
			case depth == 3 && inItemSet:
				line, _ := d.InputPos()
				depth--
				if t.Name.Local != "newsItem" || t.Name.Space != NamespaceG2 {
					refused = append(refused, &ItemError{Line: line, Msg: fmt.Sprintf("<%s> is not a newsItem; only text newsItems are imported", t.Name.Local)})
					if err := d.Skip(); err != nil {
						return nil, nil, xmlError(d, err)
					}
					continue
				}
				var in inItem
				if err := d.DecodeElement(&in, &t); err != nil {
					return nil, nil, xmlError(d, err)
				}
				s, err := in.story()
				if err != nil {
					msg := err.Error()
					var ne *Error
					if errors.As(err, &ne) {
						msg = ne.Msg
					}
					refused = append(refused, &ItemError{Line: line, Msg: "newsItem " + in.GUID + ": " + msg})
					continue
				}
				stories = append(stories, MessageItem{Story: s, Line: line})
			}
		case xml.EndElement:
			if depth == 2 && t.Name.Local == "itemSet" {
				inItemSet = false
			}
			depth--
		}
	}
}

// charsetReader decodes documents declared in another encoding than
// UTF-8 (ISO-8859-1, Windows-1252, ...) by their IANA name.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, fmt.Errorf("the declared encoding %q is not one Dateline reads", label)
	}
	return enc.NewDecoder().Reader(r), nil
}
