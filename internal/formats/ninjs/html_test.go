package ninjs

import (
	"reflect"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

func p(s string) news.Block { return news.Block{Kind: news.Paragraph, Text: s} }
func h(s string) news.Block { return news.Block{Kind: news.Subheading, Text: s} }

func TestBodyHTML(t *testing.T) {
	tests := []struct {
		name   string
		blocks []news.Block
		want   string
	}{
		{"empty", nil, ""},
		{"paragraphs and subheading", []news.Block{p("First."), h("Later"), p("Second.")},
			"<p>First.</p><h2>Later</h2><p>Second.</p>"},
		{"escaping", []news.Block{p(`Profits <up> 5% & "rising" at O'Neil's`)},
			"<p>Profits &lt;up&gt; 5% &amp; &#34;rising&#34; at O&#39;Neil&#39;s</p>"},
		{"script text stays text", []news.Block{p("<script>alert(1)</script>")},
			"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BodyHTML(tt.blocks); got != tt.want {
				t.Errorf("BodyHTML = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBlocksFromHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []news.Block
	}{
		{"empty", "", nil},
		{"white space only", "  \n\t ", nil},
		{"paragraphs", "<p>One.</p><p>Two.</p>", []news.Block{p("One."), p("Two.")}},
		{"headings of every level become subheadings", "<h1>A</h1><h3>B</h3><h6>C</h6>",
			[]news.Block{h("A"), h("B"), h("C")}},
		{"inline markup keeps its text", `<p>The <b>mayor</b> of <a href="x">Vell</a> <em>said</em> so.</p>`,
			[]news.Block{p("The mayor of Vell said so.")}},
		{"script and style dropped entirely", `<p>Before<script>steal()</script> after.</p><style>p{}</style><script>x()</script>`,
			[]news.Block{p("Before after.")}},
		{"br is a space", "<p>line one<br>line two<br/>three</p>", []news.Block{p("line one line two three")}},
		{"nested divs flattened", "<div><div><p>Deep.</p><div>Deeper text</div></div>tail</div>",
			[]news.Block{p("Deep."), p("Deeper text"), p("tail")}},
		{"bare text is a paragraph", "Just text &amp; more", []news.Block{p("Just text & more")}},
		{"bare text around blocks", "lead<p>middle</p>end", []news.Block{p("lead"), p("middle"), p("end")}},
		{"entities decoded", "<p>caf&eacute; &lt;b&gt; &#8212;</p>", []news.Block{p("café <b> —")}},
		{"white space collapsed", "<p>  a \n\n  b\t c </p>", []news.Block{p("a b c")}},
		{"list items each a paragraph", "<ul><li>one</li><li>two</li></ul>", []news.Block{p("one"), p("two")}},
		{"media and forms dropped", `<p>x<img src=a alt="pic">y</p><iframe>frame</iframe><svg><text>svg</text></svg><video>v</video><form><input value=i><textarea>t</textarea></form>`,
			[]news.Block{p("xy")}},
		{"comments dropped", "<p>a<!-- hidden -->b</p>", []news.Block{p("ab")}},
		{"unclosed tags recover", "<p>one<p>two<h2>three", []news.Block{p("one"), p("two"), h("three")}},
		{"whole document", "<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8></head><body><section class=main><p>Body.</p></section></body></html>",
			[]news.Block{p("Body.")}},
		{"invalid UTF-8 replaced", "<p>a\xffb</p>", []news.Block{p("a\uFFFDb")}},
		{"heading with a link", `<h2><a href="#">Sub</a> head</h2>`, []news.Block{h("Sub head")}},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr></table>", []news.Block{p("a"), p("b")}},
		{"noscript dropped", "<noscript><p>enable js</p></noscript><p>ok</p>", []news.Block{p("ok")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BlocksFromHTML(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("BlocksFromHTML(%q)\n got %#v\nwant %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestBlocksRoundTrip(t *testing.T) {
	in := []news.Block{p(`Tariffs <rose> 4% & "fell"`), h("What next"), p("Ministers meet on Friday.")}
	got := BlocksFromHTML(BodyHTML(in))
	if !reflect.DeepEqual(got, in) {
		t.Errorf("round trip\n got %#v\nwant %#v", got, in)
	}
}
