package reuters

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// The samples below are invented; they copy the collection's markup, not
// its text.

const sampleHeader = `<!DOCTYPE lewis SYSTEM "lewis.dtd">
`

// sampleDoc is a normal story: title, dateline, body with indented
// paragraphs, the Reuter signature and the &#3; end marker.
const sampleDoc = `<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="9001" NEWID="42">
<DATE> 3-MAR-1987 09:15:30.25&#5;&#5;&#5;RM</DATE>
<TOPICS><D>coffee</D><D>trade</D></TOPICS>
<PLACES><D>kenya</D></PLACES>
<PEOPLE><D>wanjiru</D></PEOPLE>
<ORGS><D>ico</D></ORGS>
<EXCHANGES><D>lce</D></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0001&#31;reute
u f BC-KENYA-COFFEE   03-03 0050</UNKNOWN>
<TEXT>&#2;
<TITLE>KENYA COFFEE GROWERS &lt;KCG> SEE   BIGGER
CROP</TITLE>
<AUTHOR>    By Ann Writer, Reuters</AUTHOR>
<DATELINE>    NAIROBI, March 3 - </DATELINE><BODY>Kenyan coffee growers expect a larger
crop this season after good rains, the growers' association &lt;KCG>
said.
    The association said prices were "fair" & steady.

    Exports rose 5 pct > last year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
`

const sampleBrief = `<REUTERS TOPICS="NO" LEWISSPLIT="TEST" CGISPLIT="TRAINING-SET" OLDID="9002" NEWID="43">
<DATE>3-MAR-1987 09:20:00.00</DATE>
<TOPICS></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;A
&#22;&#22;&#1;f0002&#31;reute
f f BC-******TEST   03-03 0010</UNKNOWN>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>WIDGET MAKERS REPORT RECORD ORDERS
</TITLE>Blah blah blah.
&#3;


</TEXT>
</REUTERS>
`

const sampleUnproc = `<REUTERS TOPICS="BYPASS" LEWISSPLIT="NOT-USED" CGISPLIT="TRAINING-SET" OLDID="9003" NEWID="44">
<DATE>  3-MAR-1987 09:25:00.00</DATE>
<TOPICS></TOPICS>
<PLACES></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;M
&#22;&#22;&#1;f0003&#31;reute
r f BC-WIDGET-PRICES   03-03 0040</UNKNOWN>
<TEXT TYPE="UNPROC">&#2;

WIDGET PRICES - MARCH 3
    Prices in dlrs per unit
 Small..........1.10 vs......1.05
 Large..........2.20 vs......2.15
 REUTER
&#3;

</TEXT>
</REUTERS>
`

func sample(docs ...string) string { return sampleHeader + strings.Join(docs, "") }

// readAll reads src and returns the docs delivered and Read's error.
func readAll(src, name string) ([]*Doc, error) {
	var docs []*Doc
	err := Read(strings.NewReader(src), name, func(d *Doc) error {
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

func TestReadSample(t *testing.T) {
	docs, err := readAll(sample(sampleDoc, sampleBrief, sampleUnproc), "sample.sgm")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 {
		t.Fatalf("%d docs, want 3", len(docs))
	}
	for _, d := range docs {
		if d.Err != nil {
			t.Fatalf("NEWID %d rejected: %v", d.NewID, d.Err)
		}
		if err := d.Story.Validate(); err != nil {
			t.Fatalf("NEWID %d: %v", d.NewID, err)
		}
	}

	d := docs[0]
	if d.NewID != 42 || d.OldID != 9001 || d.Line != 2 || d.LewisSplit != "TRAIN" || d.CGISplit != "TRAINING-SET" || d.HasTopics != "YES" || d.TextType != "" {
		t.Errorf("attributes: %+v", d)
	}
	if want := time.Date(1987, 3, 3, 9, 15, 30, 250000000, time.UTC); !d.Date.Equal(want) {
		t.Errorf("date %v, want %v", d.Date, want)
	}
	for _, c := range []struct {
		got, want []string
	}{{d.Topics, []string{"coffee", "trade"}}, {d.Places, []string{"kenya"}}, {d.People, []string{"wanjiru"}},
		{d.Orgs, []string{"ico"}}, {d.Exchanges, []string{"lce"}}, {d.Companies, nil}} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("list %q, want %q", c.got, c.want)
		}
	}
	if d.Title != "KENYA COFFEE GROWERS <KCG> SEE BIGGER CROP" {
		t.Errorf("title %q", d.Title)
	}
	if d.Dateline != "    NAIROBI, March 3 - " || d.Author != "    By Ann Writer, Reuters" {
		t.Errorf("dateline %q author %q", d.Dateline, d.Author)
	}
	if strings.ContainsAny(d.Body, "\x02\x03") || !strings.HasSuffix(d.Body, " Reuter\n") {
		t.Errorf("body %q: want control characters dropped, text kept", d.Body)
	}

	s := d.Story
	want := &news.Story{
		Status: news.StatusDraft, Language: "en", Urgency: 5, Source: "reuters:42",
		Headline: "KENYA COFFEE GROWERS <KCG> SEE BIGGER CROP",
		Byline:   "Ann Writer, Reuters",
		Dateline: news.Dateline{Place: "NAIROBI", Date: news.Date{Year: 1987, Month: 3, Day: 3}, Credit: "Reuters", Style: news.StyleReuters, Text: "NAIROBI, March 3 -"},
		Section:  "coffee",
		Tags:     []string{"coffee", "trade", "kenya", "wanjiru", "ico"},
		Body: []news.Block{
			{Kind: news.Paragraph, Text: "Kenyan coffee growers expect a larger crop this season after good rains, the growers' association <KCG> said."},
			{Kind: news.Paragraph, Text: `The association said prices were "fair" & steady.`},
			{Kind: news.Paragraph, Text: "Exports rose 5 pct > last year."},
		},
	}
	if fmt.Sprintf("%+v", s) != fmt.Sprintf("%+v", want) {
		t.Errorf("story\n got %+v\nwant %+v", s, want)
	}

	b := docs[1]
	if b.TextType != "BRIEF" || b.Story.Headline != "WIDGET MAKERS REPORT RECORD ORDERS" || len(b.Story.Body) != 0 || b.Story.Section != "general" || !b.Story.Dateline.IsZero() {
		t.Errorf("brief: type %q story %+v", b.TextType, b.Story)
	}

	u := docs[2]
	wantBody := []string{"Prices in dlrs per unit", "Small..........1.10 vs......1.05", "Large..........2.20 vs......2.15"}
	var gotBody []string
	for _, bl := range u.Story.Body {
		gotBody = append(gotBody, bl.Text)
	}
	if u.TextType != "UNPROC" || u.HasTopics != "BYPASS" || u.Story.Headline != "WIDGET PRICES - MARCH 3" || !slices.Equal(gotBody, wantBody) {
		t.Errorf("unproc: type %q headline %q body %q", u.TextType, u.Story.Headline, gotBody)
	}
	if u.Line != 2+strings.Count(sampleDoc+sampleBrief, "\n") {
		t.Errorf("unproc line %d", u.Line)
	}
}

func TestRejectedDocs(t *testing.T) {
	long := strings.Repeat("LONG HEADLINE ", 40)
	tests := []struct {
		name   string
		doc    string
		reason string
		line   int // relative to the <REUTERS> line
	}{
		{"no title no body", strings.Replace(sampleUnproc, "\nWIDGET PRICES - MARCH 3\n    Prices in dlrs per unit\n Small..........1.10 vs......1.05\n Large..........2.20 vs......2.15\n REUTER\n", "\n", 1),
			"no title and no body", 12},
		{"headline too long", strings.Replace(sampleBrief, "WIDGET MAKERS REPORT RECORD ORDERS", long, 1),
			"headline is 559 characters long; the limit is 400", 12},
		{"body without title", strings.Replace(sampleDoc, "<TITLE>KENYA COFFEE GROWERS &lt;KCG> SEE   BIGGER\nCROP</TITLE>", "", 1),
			"no <TITLE>", 12},
		{"bad NEWID", strings.Replace(sampleDoc, `NEWID="42"`, `NEWID="x"`, 1),
			"NEWID attribute is missing or not a positive number", 0},
		{"bad date", strings.Replace(sampleDoc, "3-MAR-1987", "31-FEB-1987", 1),
			`<DATE> "31-FEB-1987 09:15:30.25&#5;&#5;&#5;RM" is not a date`, 1},
		{"no date", strings.Replace(sampleDoc, "<DATE> 3-MAR-1987 09:15:30.25&#5;&#5;&#5;RM</DATE>", "", 1),
			"no <DATE>", 0},
		{"title not closed", strings.Replace(sampleDoc, "</TITLE>", "", 1),
			"<TITLE> is not closed", 12},
		{"no TEXT", sampleDoc[:strings.Index(sampleDoc, "<TEXT>")] + "</REUTERS>\n",
			"no <TEXT> element", 0},
		{"NUL byte", strings.Replace(sampleDoc, "Kenyan", "Ken\x00yan", 1),
			"holds NUL bytes", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := readAll(sample(sampleBrief, tt.doc, sampleBrief), "x.sgm")
			if err != nil {
				t.Fatalf("a rejected document must not fail the file: %v", err)
			}
			if len(docs) != 3 || docs[0].Err != nil || docs[2].Err != nil {
				t.Fatalf("want 3 docs with the neighbours fine, got %d", len(docs))
			}
			d := docs[1]
			if d.Err == nil || d.Story != nil {
				t.Fatalf("not rejected: %+v", d.Story)
			}
			if !strings.Contains(d.Err.Error(), tt.reason) {
				t.Errorf("error %q does not say %q", d.Err, tt.reason)
			}
			var de *DocError
			if !errors.As(d.Err, &de) {
				t.Fatalf("error %T is not a *DocError", d.Err)
			}
			if want := d.Line + tt.line; de.Line != want || !strings.HasPrefix(d.Err.Error(), fmt.Sprintf("line %d: ", want)) {
				t.Errorf("error %q at line %d, want line %d", d.Err, de.Line, want)
			}
		})
	}
}

func TestBrokenFiles(t *testing.T) {
	full := sample(sampleDoc, sampleBrief, sampleUnproc)
	briefLine := 2 + strings.Count(sampleDoc, "\n")
	cutInBrief := len(sampleHeader) + len(sampleDoc) + len(sampleBrief)/2
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	tests := []struct {
		name  string
		in    string
		docs  int    // complete docs delivered before the error
		error string // the whole error message prefix
	}{
		{"empty", "", 0, "f.sgm: empty file: no <REUTERS> documents"},
		{"blank", "\n\n  \n", 0, "f.sgm:4: no <REUTERS> documents in the file"},
		{"doctype only", sampleHeader, 0, "f.sgm:2: no <REUTERS> documents in the file"},
		{"truncated mid-document", full[:cutInBrief], 1,
			fmt.Sprintf("f.sgm:%d: <REUTERS> (NEWID 43) is not closed: file ends at line", briefLine)},
		{"cut after open tag", sampleHeader + sampleDoc + "<REUTERS", 1,
			fmt.Sprintf("f.sgm:%d: <REUTERS> is not closed", briefLine)},
		{"document cut and another follows", sample(sampleDoc[:300], sampleBrief), 0,
			fmt.Sprintf("f.sgm:2: <REUTERS> (NEWID 42) is not closed: another <REUTERS> starts at line %d before", 2+strings.Count(sampleDoc[:300], "\n"))},
		{"NUL bytes", string(make([]byte, 1000)), 0, "f.sgm:1: not Reuters SGML: binary data (not text)"},
		{"random bytes", "\x00" + string(random), 0, "f.sgm:1: not Reuters SGML: binary data (not text)"},
		{"plain text", "Hello, this is a letter.\n", 0, `f.sgm:1: not Reuters SGML: found "Hello, this is a letter."`},
		{"text after documents", sample(sampleDoc) + "\ntrailing words\n", 1, fmt.Sprintf("f.sgm:%d: not Reuters SGML: found \"trailing words\"", 2+strings.Count(sampleDoc, "\n")+1)},
		{"unclosed declaration", "<!DOCTYPE lewis", 0, "f.sgm:1: file ends inside a <! declaration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := readAll(tt.in, "f.sgm")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.error) {
				t.Errorf("error\n%q\ndoes not start with\n%q", err, tt.error)
			}
			if len(docs) != tt.docs {
				t.Errorf("%d docs delivered before the error, want %d", len(docs), tt.docs)
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *Error", err)
			}
		})
	}
}

// TestSmallReads feeds the input one byte at a time, so every element
// spans many reads and the window moves under the scanner.
func TestSmallReads(t *testing.T) {
	src := sample(sampleDoc, sampleBrief, sampleUnproc, sampleDoc)
	var docs []*Doc
	err := Read(oneByte{strings.NewReader(src)}, "s.sgm", func(d *Doc) error { docs = append(docs, d); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want, _ := readAll(src, "s.sgm")
	if len(docs) != len(want) {
		t.Fatalf("%d docs, want %d", len(docs), len(want))
	}
	for i := range docs {
		if fmt.Sprintf("%+v", docs[i].Story) != fmt.Sprintf("%+v", want[i].Story) || docs[i].Line != want[i].Line {
			t.Errorf("doc %d differs when read byte by byte", i)
		}
	}
}

type oneByte struct{ r *strings.Reader }

func (o oneByte) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func TestCallbackError(t *testing.T) {
	stop := errors.New("stop here")
	n := 0
	err := Read(strings.NewReader(sample(sampleDoc, sampleBrief)), "c.sgm", func(*Doc) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("got %v after %d docs, want the callback's error after 1", err, n)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	src := sample(sampleDoc, sampleBrief)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(src))
	zw.Close()
	files := map[string][]byte{
		"plain.sgm":        []byte(src),
		"packed.sgm.gz":    gz.Bytes(),
		"packed-no-ext":    gz.Bytes(), // found by the gzip magic
		"bad.sgm.gz":       []byte(src),
		"cut.sgm.gz":       gz.Bytes()[:gz.Len()/2],
		"empty.sgm":        nil,
		"binary.sgm":       {0xff, 0xfe, 0, 0, 1, 2, 3},
		"latin1.sgm":       []byte(strings.Replace(src, "larger\ncrop", "gr\xfcner\ncrop", 1)),
		"crlf-endings.sgm": []byte(strings.ReplaceAll(src, "\n", "\r\n")),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file  string
		docs  int
		error string
	}{
		{"plain.sgm", 2, ""},
		{"packed.sgm.gz", 2, ""},
		{"packed-no-ext", 2, ""},
		{"latin1.sgm", 2, ""},
		{"crlf-endings.sgm", 2, ""},
		{"bad.sgm.gz", 0, "bad.sgm.gz: cannot read as gzip: gzip: invalid header"},
		{"cut.sgm.gz", -1, "cut.sgm.gz:"},
		{"empty.sgm", 0, "empty.sgm: empty file"},
		{"binary.sgm", 0, "binary.sgm:1: not Reuters SGML: binary data"},
		{"missing.sgm", 0, "missing.sgm: cannot open"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			var docs []*Doc
			err := ReadFile(path, func(d *Doc) error { docs = append(docs, d); return nil })
			if tt.error == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else if err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, tt.error)) {
				t.Fatalf("error %v, want one starting %q", err, tt.error)
			}
			if tt.docs >= 0 && len(docs) != tt.docs {
				t.Errorf("%d docs, want %d", len(docs), tt.docs)
			}
			for _, d := range docs {
				if d.Err != nil {
					t.Errorf("NEWID %d rejected: %v", d.NewID, d.Err)
				}
			}
			if tt.file == "latin1.sgm" {
				text := docs[0].Story.Text()
				if !utf8.ValidString(text) || !strings.Contains(text, "grüner crop") {
					t.Errorf("0xFC not read as ü: %q", text)
				}
			}
			if tt.file == "crlf-endings.sgm" && docs[0].Story.Headline != "KENYA COFFEE GROWERS <KCG> SEE BIGGER CROP" {
				t.Errorf("CRLF headline %q", docs[0].Story.Headline)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"&lt;SRD> &amp; &gt;", "<SRD> & >"},
		{"&#2;start&#3;", "start"},
		{"a&#5;&#5;&#5;b&#22;&#31;&#127;&#1;c", "abc"},
		{"line&#10;two&#9;tab", "line\ntwo\ttab"},
		{"&#233;t&#xE9;", "été"},
		{"&#1114112; &#55296;", "\uFFFD \uFFFD"},
		{"&unknown; & &; &#; &#x; &#-5; &#12", "&unknown; & &; &#; &#x; &#-5; &#12"},
		{"M\xfcller", "Müller"},
		{"already ü UTF-8", "already ü UTF-8"},
		{"c1\x85control\x7f\x02", "c1control"},
		{"raw\x03ETX", "rawETX"},
	}
	for _, tt := range tests {
		if got := decode([]byte(tt.in)); got != tt.want {
			t.Errorf("decode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"26-FEB-1987 15:01:01.79", time.Date(1987, 2, 26, 15, 1, 1, 790000000, time.UTC), false},
		{" 2-MAR-1987 06:41:42.20", time.Date(1987, 3, 2, 6, 41, 42, 200000000, time.UTC), false},
		{"5-MAR-1987  09:00:00.00", time.Date(1987, 3, 5, 9, 0, 0, 0, time.UTC), false},
		{"27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", time.Date(1987, 3, 27, 0, 2, 59, 130000000, time.UTC), false},
		{"9-APR-1987 00:00:00.00    # date added as guesswork ", time.Date(1987, 4, 9, 0, 0, 0, 0, time.UTC), false},
		{"8-APR-1987 12:00:00.5", time.Date(1987, 4, 8, 12, 0, 0, 500000000, time.UTC), false},
		{"31-MAR-1987 605:12:19.12", time.Date(1987, 3, 31, 0, 0, 0, 0, time.UTC), false},
		{"19-OCT-1987", time.Date(1987, 10, 19, 0, 0, 0, 0, time.UTC), false},
		{"", time.Time{}, true},
		{"30-FEB-1987 10:00:00.00", time.Time{}, true},
		{"26-XYZ-1987 10:00:00.00", time.Time{}, true},
		{"yesterday", time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDate([]byte(tt.in))
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseDateline(t *testing.T) {
	ref := time.Date(1987, 3, 26, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in, place, date, text string
	}{
		{"    SALVADOR, Feb 26 - ", "SALVADOR", "1987-02-26", "SALVADOR, Feb 26 -"},
		{"    SAN FRANCISCO, Calif., March 3 - ", "SAN FRANCISCO, Calif.", "1987-03-03", "SAN FRANCISCO, Calif., March 3 -"},
		{"    NEW YORK, MARCH 20 - ", "NEW YORK", "1987-03-20", "NEW YORK, MARCH 20 -"},
		{"    omaha, april 7 - ", "omaha", "1987-04-07", "omaha, april 7 -"},
		{"    TOKYO, June 19 -  ", "TOKYO", "1987-06-19", "TOKYO, June 19 -"},
		{"    NEW YORK, March 31 -", "NEW YORK", "1987-03-31", "NEW YORK, March 31 -"},
		{"    LIMA, Sept 2 - ", "LIMA", "1987-09-02", "LIMA, Sept 2 -"},
		{"    ANYTOWN, Tex. March 3 - ", "ANYTOWN, Tex.", "1987-03-03", "ANYTOWN, Tex. March 3 -"},
		{"    UTRECHT, 2 March - ", "UTRECHT", "1987-03-02", "UTRECHT, 2 March -"},
		{"    BERN, March 13, Reuter - ", "BERN", "1987-03-13", "BERN, March 13, Reuter -"},
		{"    OSLO, April 1,  - ", "OSLO", "1987-04-01", "OSLO, April 1,  -"},
		{"    PARIS,March 16 - ", "PARIS", "1987-03-16", "PARIS,March 16 -"},
		{"    NEW YORK, March 119 - ", "NEW YORK", "", "NEW YORK, March 119 -"},
		{"    NEW YORK, Marhc 19 - ", "NEW YORK", "", "NEW YORK, Marhc 19 -"},
		{"    WASHINGTON - ", "WASHINGTON", "", "WASHINGTON -"},
		{"    DALLAS, April 7 - Sunny/34 degrees - ", "DALLAS", "1987-04-07", "DALLAS, April 7 - Sunny/34 degrees -"},
		{"   April 7  - ", "", "1987-04-07", "April 7  -"},
		{" us        7.8015 - ", "", "", "us        7.8015 -"},
		{" MAR8  --     --", "", "", "MAR8  --     --"},
		{"    CHICAGO, April - ", "CHICAGO", "", "CHICAGO, April -"},
	}
	for _, tt := range tests {
		dl := parseDateline(tt.in, ref)
		style := news.StyleReuters
		if tt.place == "" {
			style = news.StyleNone
		}
		if dl.Place != tt.place || dl.Date.String() != tt.date || dl.Text != tt.text || dl.Credit != "Reuters" || dl.Style != style {
			t.Errorf("parseDateline(%q) = %+v; want place %q date %q text %q", tt.in, dl, tt.place, tt.date, tt.text)
		}
		if err := dl.Validate(); err != nil {
			t.Errorf("parseDateline(%q): %v", tt.in, err)
		}
	}
	// A December dateline on a story dated January belongs to the year before.
	if d := parseDateline("LONDON, Dec 31 - ", time.Date(1988, 1, 1, 0, 0, 0, 0, time.UTC)); d.Date.String() != "1987-12-31" {
		t.Errorf("year wrap: %v", d.Date)
	}
	if d := parseDateline("LONDON, Feb 29 - ", ref); !d.Date.IsZero() || d.Place != "LONDON" {
		t.Errorf("29 Feb 1987 does not exist: %+v", d)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"wrapped and indented", "First line\nwraps here.\n    Second para\ncontinues.\n Reuter\n", []string{"First line wraps here.", "Second para continues."}},
		{"blank line splits", "One.\n\nTwo.\n", []string{"One.", "Two."}},
		{"signature variants", "Text.\n REUTER...\n", []string{"Text."}},
		{"signature ^M", "Text.\nreuter^M\n", []string{"Text."}},
		{"signature twice", "Text.\n REUTER\n Reuter\n\n", []string{"Text."}},
		{"signature as last word", "Text ends. REUTER\n", []string{"Text ends."}},
		{"word reuters inside kept", "Reuter said\nthis.\n", []string{"Reuter said this."}},
		{"table rows", " Alpha....1\n Beta.....2\n", []string{"Alpha....1", "Beta.....2"}},
		{"spaces collapse", "a   b\t c\n", []string{"a b c"}},
		{"empty", "", nil},
		{"only signature", " Reuter\n", nil},
	}
	for _, tt := range tests {
		if got := paragraphs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s: paragraphs(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
