package ninjs

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dateline-news/dateline/internal/news"
)

// BodyHTML renders body blocks as HTML: each paragraph a <p>, each
// subheading an <h2>, text escaped. Blocks of an unknown kind are rendered
// as paragraphs.
func BodyHTML(blocks []news.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		tag := "p"
		if bl.Kind == news.Subheading {
			tag = "h2"
		}
		b.WriteString("<" + tag + ">")
		b.WriteString(html.EscapeString(bl.Text))
		b.WriteString("</" + tag + ">")
	}
	return b.String()
}

// BlocksFromHTML reduces HTML to body blocks; it is Dateline's sanitiser
// for HTML that comes in. <p> elements become paragraphs and <h1> to <h6>
// subheadings, holding their text content only. All other markup is
// dropped: scripts, styles and embedded media with their content, other
// elements keeping their text, which becomes a paragraph of its own at
// each block boundary (so nested <div>s flatten and bare text is a
// paragraph). <br> reads as a space; runs of white space collapse.
func BlocksFromHTML(s string) []news.Block {
	s = strings.ToValidUTF8(s, "\uFFFD")
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		// The HTML5 parser recovers from any markup; an error here means
		// the reader failed, which a strings.Reader does not.
		return nil
	}
	c := &blockCollector{}
	for _, n := range nodes {
		c.walk(n)
	}
	c.flush()
	return c.blocks
}

type blockCollector struct {
	blocks  []news.Block
	pending strings.Builder // bare text waiting for a block boundary
}

func (c *blockCollector) flush() {
	c.add(news.Paragraph, c.pending.String())
	c.pending.Reset()
}

func (c *blockCollector) add(kind news.BlockKind, text string) {
	text = strings.Join(strings.Fields(text), " ")
	if text != "" {
		c.blocks = append(c.blocks, news.Block{Kind: kind, Text: text})
	}
}

func (c *blockCollector) walk(n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		c.pending.WriteString(n.Data)
		return
	case xhtml.ElementNode:
	case xhtml.DocumentNode:
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.walk(ch)
		}
		return
	default: // comments, doctypes
		return
	}
	switch {
	case dropped(n):
		return
	case n.DataAtom == atom.P:
		c.flush()
		c.add(news.Paragraph, textOf(n))
		return
	case isHeading(n.DataAtom):
		c.flush()
		c.add(news.Subheading, textOf(n))
		return
	case n.DataAtom == atom.Br:
		c.pending.WriteByte(' ')
		return
	}
	block := !inline[n.DataAtom]
	if block {
		c.flush()
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch)
	}
	if block {
		c.flush()
	}
}

// textOf returns the text content of n, without dropped elements, with
// <br> as a space.
func textOf(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch n.Type {
		case xhtml.TextNode:
			b.WriteString(n.Data)
			return
		case xhtml.ElementNode:
			if dropped(n) {
				return
			}
			if n.DataAtom == atom.Br {
				b.WriteByte(' ')
				return
			}
			if !inline[n.DataAtom] {
				b.WriteByte(' ')
			}
		default:
			return
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
		if !inline[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		walk(ch)
	}
	return b.String()
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// dropped reports elements whose content is not story text.
func dropped(n *xhtml.Node) bool {
	if n.Namespace != "" { // <svg>, <math>
		return true
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title,
		atom.Iframe, atom.Object, atom.Embed, atom.Video, atom.Audio, atom.Canvas, atom.Img,
		atom.Picture, atom.Map, atom.Select, atom.Textarea, atom.Button, atom.Input,
		atom.Form, atom.Svg, atom.Math, atom.Link, atom.Meta, atom.Base:
		return true
	}
	return false
}

// inline lists phrasing elements: their text runs on with the text around
// them instead of starting a new block.
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true, atom.Font: true,
	atom.I: true, atom.Ins: true, atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true,
	atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strike: true, atom.Strong: true,
	atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true, atom.U: true, atom.Var: true,
	atom.Wbr: true, atom.Label: true, atom.Nobr: true, atom.Big: true,
}
