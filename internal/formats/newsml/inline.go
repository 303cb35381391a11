package newsml

import (
	"encoding/xml"
	"strings"

	"github.com/dateline-news/dateline/internal/news"
)

// inInline is an inlineXML element reduced to what Dateline keeps: body
// blocks, and the headline, byline and dateline a NITF body.head carries.
type inInline struct {
	ContentType string
	Root        string // local name of the first child element: html, nitf, ...
	Blocks      []news.Block
	Headline    string
	Byline      string
	Dateline    string
}

// pick chooses the body to import: XHTML first, then NITF, then any other
// inline XML that produced blocks.
func (cs *inContentSet) pick() *inInline {
	for _, want := range []string{"html", "nitf", ""} {
		for i := range cs.InlineXML {
			in := &cs.InlineXML[i]
			if want == "" && len(in.Blocks) > 0 || want != "" && in.Root == want {
				return in
			}
		}
	}
	return nil
}

// UnmarshalXML walks the inline content once, with the decoder's own line
// numbers for any error. It is the XML twin of ninjs.BlocksFromHTML: <p>
// becomes a paragraph, <h1>..<h6> (XHTML) and <hl1>, <hl2> (NITF) a
// subheading, text only; scripts, styles, heads, media and NITF's
// body.head/body.end are dropped; other elements keep their text, which
// becomes a paragraph at each block boundary.
func (in *inInline) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		if a.Name.Local == "contenttype" {
			in.ContentType = a.Value
		}
	}
	w := &walker{d: d, in: in}
	return w.children(start, 1)
}

type walker struct {
	d       *xml.Decoder
	in      *inInline
	pending strings.Builder
}

func (w *walker) flush() {
	w.add(news.Paragraph, w.pending.String())
	w.pending.Reset()
}

func (w *walker) add(kind news.BlockKind, text string) {
	if t := collapse(text); t != "" {
		w.in.Blocks = append(w.in.Blocks, news.Block{Kind: kind, Text: t})
	}
}

// children walks the content of start up to its end tag.
func (w *walker) children(start xml.StartElement, depth int) error {
	if depth > maxDepth {
		return errAt(w.d, "<%s> is nested too deeply", start.Name.Local)
	}
	for {
		tok, err := w.d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			w.flush()
			return nil
		case xml.CharData:
			w.pending.Write(tok)
		case xml.StartElement:
			if w.in.Root == "" && depth == 1 {
				w.in.Root = tok.Name.Local
			}
			if err := w.element(tok, depth+1); err != nil {
				return err
			}
		}
	}
}

func (w *walker) element(se xml.StartElement, depth int) error {
	name := strings.ToLower(se.Name.Local)
	switch {
	case name == "body.head":
		w.flush()
		return w.bodyHead(se, depth)
	case droppedXML[name]:
		return w.d.Skip()
	case name == "p":
		w.flush()
		text, err := w.text(se, depth)
		w.add(news.Paragraph, text)
		return err
	case headingXML[name]:
		w.flush()
		text, err := w.text(se, depth)
		w.add(news.Subheading, text)
		return err
	case name == "br":
		w.pending.WriteByte(' ')
		return w.d.Skip()
	}
	if inlineXML[name] {
		return w.inlineChildren(se, depth)
	}
	w.flush()
	return w.children(se, depth)
}

// inlineChildren walks a phrasing element: its text runs on with the text
// around it.
func (w *walker) inlineChildren(se xml.StartElement, depth int) error {
	text, err := w.text(se, depth)
	w.pending.WriteString(text)
	return err
}

// text returns the text content of se, dropping what droppedXML names,
// with <br> and block elements read as spaces.
func (w *walker) text(se xml.StartElement, depth int) (string, error) {
	if depth > maxDepth {
		return "", errAt(w.d, "<%s> is nested too deeply", se.Name.Local)
	}
	var b strings.Builder
	for {
		tok, err := w.d.Token()
		if err != nil {
			return b.String(), err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			return b.String(), nil
		case xml.CharData:
			b.Write(tok)
		case xml.StartElement:
			name := strings.ToLower(tok.Name.Local)
			if droppedXML[name] || name == "body.head" {
				if err := w.d.Skip(); err != nil {
					return b.String(), err
				}
				continue
			}
			inner, err := w.text(tok, depth+1)
			if !inlineXML[name] {
				inner = " " + inner + " "
			}
			b.WriteString(inner)
			if err != nil {
				return b.String(), err
			}
		}
	}
}

// bodyHead reads NITF's body.head: hedline/hl1 is the headline, byline
// and dateline as written. Nothing of it goes into the body.
func (w *walker) bodyHead(se xml.StartElement, depth int) error {
	for {
		tok, err := w.d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			name := strings.ToLower(tok.Name.Local)
			var dst *string
			switch name {
			case "hedline":
				// hl1 is the main headline; hl2 a subheadline we do not keep.
				if err := w.hedline(tok, depth+1); err != nil {
					return err
				}
				continue
			case "byline":
				dst = &w.in.Byline
			case "dateline":
				dst = &w.in.Dateline
			default:
				if err := w.d.Skip(); err != nil {
					return err
				}
				continue
			}
			text, err := w.text(tok, depth+1)
			if err != nil {
				return err
			}
			if *dst == "" {
				*dst = collapse(text)
			}
		}
	}
}

func (w *walker) hedline(se xml.StartElement, depth int) error {
	for {
		tok, err := w.d.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if strings.ToLower(tok.Name.Local) != "hl1" {
				if err := w.d.Skip(); err != nil {
					return err
				}
				continue
			}
			text, err := w.text(tok, depth+1)
			if err != nil {
				return err
			}
			if w.in.Headline == "" {
				w.in.Headline = collapse(text)
			}
		}
	}
}

var headingXML = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hl1": true, "hl2": true,
}

// droppedXML names elements whose content is not story text.
var droppedXML = map[string]bool{
	"script": true, "style": true, "head": true, "title": true, "template": true, "noscript": true,
	"iframe": true, "object": true, "embed": true, "video": true, "audio": true, "img": true,
	"picture": true, "svg": true, "math": true, "canvas": true, "form": true, "button": true,
	"input": true, "select": true, "textarea": true, "link": true, "meta": true,
	// NITF
	"body.end": true, "media": true, "media-reference": true, "media-metadata": true,
	"media-object": true, "media-caption": true, "media-producer": true, "fn": true,
	"note": true, "tagline": true, "bibliography": true, "nitf-table-metadata": true,
}

// inlineXML names phrasing elements of XHTML and NITF.
var inlineXML = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "time": true, "u": true, "var": true, "wbr": true, "label": true,
	// NITF
	"chron": true, "classifier": true, "copyrite": true, "event": true, "function": true,
	"lang": true, "location": true, "money": true, "num": true, "object.title": true, "org": true,
	"person": true, "postaddr": true, "pronounce": true, "virtloc": true, "frac": true,
	"alt-code": true, "city": true, "country": true, "region": true,
	"state": true, "postcode": true, "delivery.point": true, "delivery.office": true,
}
