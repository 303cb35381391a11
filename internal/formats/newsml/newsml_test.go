package newsml

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/formats/formattest"

	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/testenv"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func p(s string) news.Block { return news.Block{Kind: news.Paragraph, Text: s} }
func h(s string) news.Block { return news.Block{Kind: news.Subheading, Text: s} }

// draft is an invented story.
func draft() *news.Story {
	s := &news.Story{
		ID: "0m3k9x2b7c4d5e6f", Status: news.StatusDraft, Language: "en",
		Headline:   `Harbour city votes to keep its "floating" market`,
		Standfirst: "Councillors in Port Vell back the market after a two-year row over moorings & fees.",
		Dateline:   news.Dateline{Place: "PORT VELL", Credit: "Reuters", Style: news.StyleReuters, Date: news.Date{Year: 2026, Month: 11, Day: 27}},
		Byline:     "By Ana Ferreira",
		Body: []news.Block{
			p("The city council voted 14 to 3 on Thursday to keep the market <on the water>."),
			h("Moorings"),
			p("Traders will pay 5% less for moorings from January, the council said."),
		},
		Section:      "Politics",
		Tags:         []string{"Port Vell", "Local government"},
		Urgency:      4,
		Translations: []news.Translation{{Language: "es", ID: "0m3k9x2b7c4d5e70"}},
		CreatedAt:    t0.Add(-time.Hour), ModifiedAt: t0.Add(-time.Hour),
		Entities: news.Entities{
			People:        []news.Person{{Name: "Marta Soler", Role: "Mayor"}, {Name: "Пётр Орлов"}},
			Organisations: []news.Organisation{{Name: "Port Vell City Council"}},
			Places:        []news.Place{{Name: "Port Vell", Country: "ES", Kind: "city"}},
			Quotes:        []news.Quote{{Speaker: "Marta Soler", Text: "The market stays", Paragraph: 1}},
		},
	}
	s.Normalize()
	return s
}

type state struct {
	name  string
	story *news.Story
}

// states drives the story through its life with the domain's own
// transitions.
func states(t *testing.T) []state {
	t.Helper()
	must := func(_ *news.Version, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var out []state
	pub := draft()
	must(pub.Publish(t0, nil, "editor"))
	out = append(out, state{"published", pub.Clone()})

	upd := pub.Clone()
	upd.Body = append(upd.Body, p("An earlier vote was tied."))
	must(upd.Publish(t0.Add(time.Hour), nil, "editor"))
	out = append(out, state{"updated", upd.Clone()})

	cor := upd.Clone()
	cor.Body[0].Text = "The city council voted 13 to 3 on Thursday."
	must(cor.Correct(t0.Add(2*time.Hour), "An earlier version gave the vote as 14 to 3.", "editor"))
	out = append(out, state{"corrected", cor.Clone()})

	emb := draft()
	e := t0.Add(24 * time.Hour)
	must(emb.Publish(t0, &e, "editor"))
	out = append(out, state{"embargoed", emb.Clone()})

	wh := pub.Clone()
	must(wh.Withhold(t0.Add(3*time.Hour), "legal check", nil, "editor"))
	out = append(out, state{"withheld", wh.Clone()})

	kill := cor.Clone()
	must(kill.Kill(t0.Add(4*time.Hour), "lawyers asked", "Legal advice", nil, "editor"))
	out = append(out, state{"killed", kill.Clone()})
	return out
}

// xmllint validates files against the NewsML-G2 2.35 schema, offline.
func xmllint(t *testing.T, files ...string) {
	t.Helper()
	if out, err := runXmllint(t, files...); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

func runXmllint(t *testing.T, files ...string) (string, error) {
	t.Helper()
	lint := testenv.Command(t, "xmllint", "install libxml2-utils to validate NewsML-G2 output")
	xsd := filepath.Join(testdataDir(t, "newsml-g2/schema"), "NewsML-G2_2.35-spec-All-Power.xsd")
	args := append([]string{"--noout", "--nonet", "--schema", xsd}, files...)
	out, err := exec.Command(lint, args...).CombinedOutput()
	return string(out), err
}

// TestXmllintCatchesInvalidItem makes sure the schema check above can fail.
func TestXmllintCatchesInvalidItem(t *testing.T) {
	s := draft()
	s.Status = news.StatusPublished
	s.UpdatedAt = &t0
	b, err := Marshal(s, ninjs.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	// versionCreated is required; so is the order of itemMeta children.
	bad := strings.Replace(string(b), "<versionCreated>", "<versionModified>", 1)
	bad = strings.Replace(bad, "</versionCreated>", "</versionModified>", 1)
	f := filepath.Join(t.TempDir(), "bad.xml")
	if err := os.WriteFile(f, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runXmllint(t, f)
	if err == nil || !strings.Contains(out, "versionModified") {
		t.Errorf("xmllint accepted an invalid item: %v\n%s", err, out)
	}
}

// TestParseEveryExample runs the importer over every IPTC example: text
// items import, the others are refused with a reason, nothing panics.
func TestParseEveryExample(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testdataDir(t, "newsml-g2/examples"), "*.xml"))
	if len(files) < 20 {
		t.Fatalf("found %d examples", len(files))
	}
	imported := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(b)
		if err != nil {
			var ne *Error
			if !errors.As(err, &ne) {
				t.Errorf("%s: error of type %T: %v", filepath.Base(f), err, err)
			}
			continue
		}
		imported++
		// Some examples carry no headline (event sets, hop history); the
		// story's own validation then names the missing field.
		if err := s.Validate(); s.Headline == "" && (err == nil || !strings.Contains(err.Error(), "headline")) {
			t.Errorf("%s: no headline and Validate says %v", filepath.Base(f), err)
		}
	}
	if imported < 3 {
		t.Errorf("only %d examples imported", imported)
	}
}

func TestMarshalEveryStateValidates(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, st := range states(t) {
		b, err := Marshal(st.story, ninjs.Meta{BaseURL: "https://news.example.org"})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		f := filepath.Join(dir, st.name+".xml")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		// Without a base URL, guid, provider and subjects use URNs and
		// literals instead; that must validate too.
		nb, err := Marshal(st.story, ninjs.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		f = filepath.Join(dir, st.name+"-nobase.xml")
		if err := os.WriteFile(f, nb, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)

		x := string(b)
		checks := map[string][]string{
			"published": {`<pubStatus qcode="stat:usable">`, `<headline>Harbour city votes to keep its &#34;floating&#34; market</headline>`,
				`<html xmlns="http://www.w3.org/1999/xhtml"`, `<h2>Moorings</h2>`, `&lt;on the water&gt;`,
				`<located>`, `<urgency>4</urgency>`, `<dateline>PORT VELL, Nov 27 (Reuters) -</dateline>`,
				`<description role="drol:summary">`, `xml:lang="en"`, `version="1"`,
				`<link rel="irel:seeAlso" href="https://news.example.org/news/0m3k9x2b7c4d5e70" xml:lang="es">`,
				`<subject qcode="medtop:11000000" type="cpnat:abstract">`, `<name>politics and government</name>`,
				`<subject uri="https://news.example.org/person/marta-soler" type="cpnat:person">`, `<name>Marta Soler</name>`,
				`<subject uri="https://news.example.org/org/port-vell-city-council" type="cpnat:organisation">`,
				`<subject uri="https://news.example.org/place/port-vell" type="cpnat:geoArea">`},
			"updated":   {`<signal qcode="sig:update">`, `version="2"`},
			"corrected": {`<signal qcode="sig:correction">`, `<edNote>Correction: An earlier version gave the vote as 14 to 3.</edNote>`, `version="3"`},
			"embargoed": {`<embargoed>2026-11-28T09:00:00Z</embargoed>`, `<pubStatus qcode="stat:usable">`},
			"withheld":  {`<pubStatus qcode="stat:withheld">`},
			"killed":    {`<pubStatus qcode="stat:canceled">`, `<edNote>Legal advice</edNote>`},
		}
		for _, want := range checks[st.name] {
			if !strings.Contains(x, want) {
				t.Errorf("%s: output lacks %s\n%s", st.name, want, x)
			}
		}
		if st.name == "killed" && (strings.Contains(x, "cpnat:person") || strings.Contains(x, "cpnat:geoArea")) {
			t.Errorf("killed item names people or places:\n%s", x)
		}
		if st.name == "killed" && strings.Contains(x, "contentSet") {
			t.Errorf("killed item has a body:\n%s", x)
		}
		if st.name == "killed" && (strings.Contains(x, "<headline") || strings.Contains(x, "<by>") || strings.Contains(x, "<dateline>") || strings.Contains(x, "Harbour")) {
			t.Errorf("killed item carries words of the story:\n%s", x)
		}
		if st.name != "embargoed" && strings.Contains(x, "<embargoed>") {
			t.Errorf("%s: unexpected embargo", st.name)
		}
		if (st.name == "published" || st.name == "withheld" || st.name == "killed") && strings.Contains(x, "<signal") {
			t.Errorf("%s: unexpected signal", st.name)
		}
	}
	xmllint(t, files...)
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, base := range []string{"https://news.example.org", ""} {
		for _, st := range states(t) {
			t.Run(st.name+"/"+base, func(t *testing.T) {
				b, err := Marshal(st.story, ninjs.Meta{BaseURL: base})
				if err != nil {
					t.Fatal(err)
				}
				got, err := Parse(b)
				if err != nil {
					t.Fatalf("Parse of our own export: %v\n%s", err, b)
				}
				want := st.story
				if st.name == "killed" {
					// A canceled item carries none of the story's words.
					w := *want
					w.Headline, w.Byline, w.Dateline = "", "", news.Dateline{}
					want = &w
				}
				if got.Status != want.Status || got.Version != want.Version {
					t.Errorf("status/version = %s/%d, want %s/%d", got.Status, got.Version, want.Status, want.Version)
				}
				if got.Headline != want.Headline || got.Byline != want.Byline || got.Language != want.Language ||
					got.Urgency != want.Urgency || got.Section != want.Section || got.Dateline.Place != want.Dateline.Place ||
					got.Dateline.Text != want.Dateline.Display() {
					t.Errorf("fields differ:\n got %+v\nwant %+v", got, want)
				}
				if !reflect.DeepEqual(got.Translations, want.Translations) {
					t.Errorf("translations = %v, want %v", got.Translations, want.Translations)
				}
				if !reflect.DeepEqual(got.Tags, want.Tags) {
					t.Errorf("tags = %v, want %v", got.Tags, want.Tags)
				}
				if want.UpdatedAt != nil && (got.UpdatedAt == nil || !got.UpdatedAt.Equal(*want.UpdatedAt)) {
					t.Errorf("updated = %v, want %v", got.UpdatedAt, want.UpdatedAt)
				}
				if st.name == "killed" {
					if len(got.Body) != 0 || got.KillNotice != "Legal advice" {
						t.Errorf("killed: body %v reason %q", got.Body, got.KillNotice)
					}
					return
				}
				if got.Standfirst != want.Standfirst || !reflect.DeepEqual(got.Body, want.Body) {
					t.Errorf("standfirst/body\n got %q %#v\nwant %q %#v", got.Standfirst, got.Body, want.Standfirst, want.Body)
				}
				if st.name == "corrected" && (len(got.Corrections) != 1 || got.Corrections[0].Note != want.Corrections[0].Note) {
					t.Errorf("corrections = %#v", got.Corrections)
				}
				if st.name == "embargoed" && (got.EmbargoUntil == nil || !got.EmbargoUntil.Equal(*want.EmbargoUntil)) {
					t.Errorf("embargo = %v", got.EmbargoUntil)
				}
			})
		}
	}
}

func TestMarshalErrors(t *testing.T) {
	d := draft()
	if _, err := Marshal(d, ninjs.Meta{}); err == nil || !strings.Contains(err.Error(), "draft") {
		t.Errorf("draft: err = %v", err)
	}
	if _, err := Marshal(nil, ninjs.Meta{}); err == nil {
		t.Error("nil story accepted")
	}
	d.Status = news.StatusPublished
	if _, err := Marshal(d, ninjs.Meta{PubStatus: "gone"}); err == nil {
		t.Error("bad pubStatus accepted")
	}
}

func TestParseIPTCExamples(t *testing.T) {
	dir := testdataDir(t, "newsml-g2/examples")
	tests := []struct {
		file      string
		headline  string
		lang      string
		place     string
		byline    string
		version   int
		tags      []string
		blocks    int
		firstText string
		dateline  string
		embargo   bool
	}{
		{file: "LISTING_1_A_NewsML-G2_News_Item.xml", headline: `Fed to halt QE to avert "bubble"`, lang: "en-GB",
			place: "Berlin", byline: "Meredith Jameson", version: 11,
			tags: []string{"economy, business and finance", "labour market"}, embargo: true},
		{file: "LISTING_2_NewsML-G2_Text_Document.xml", headline: `Fed to halt QE to avert "bubble"`, lang: "en-US",
			place: "New York, NY", byline: "Meredith Jameson", version: 11,
			tags:   []string{"economy, business and finance", "central bank", "money and monetary policy"},
			blocks: 2, firstText: "Et, sent luptat luptat", dateline: "(New York, NY - October 21)"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			if s.Headline != tt.headline || s.Language != tt.lang || s.Dateline.Place != tt.place ||
				s.Byline != tt.byline || s.Version != tt.version {
				t.Errorf("got headline %q lang %q place %q byline %q version %d",
					s.Headline, s.Language, s.Dateline.Place, s.Byline, s.Version)
			}
			if !reflect.DeepEqual(s.Tags, tt.tags) {
				t.Errorf("tags = %q, want %q", s.Tags, tt.tags)
			}
			if len(s.Body) != tt.blocks {
				t.Errorf("body has %d blocks, want %d: %#v", len(s.Body), tt.blocks, s.Body)
			}
			if tt.firstText != "" && (len(s.Body) == 0 || !strings.HasPrefix(s.Body[0].Text, tt.firstText)) {
				t.Errorf("first paragraph %v, want prefix %q", s.Body, tt.firstText)
			}
			if s.Dateline.Text != tt.dateline {
				t.Errorf("dateline text = %q, want %q", s.Dateline.Text, tt.dateline)
			}
			if (s.EmbargoUntil != nil) != tt.embargo {
				t.Errorf("embargo = %v", s.EmbargoUntil)
			}
			if tt.embargo && s.Status != news.StatusScheduled || !tt.embargo && s.Status != news.StatusPublished {
				t.Errorf("status = %s", s.Status)
			}
			if !strings.HasPrefix(s.Source, "newsml:urn:newsml:acmenews.com:") {
				t.Errorf("source = %q", s.Source)
			}
			if s.UpdatedAt == nil || s.UpdatedAt.Format(time.RFC3339) == "" {
				t.Error("no versionCreated")
			}
		})
	}
}

func TestParseNITFSportsStory(t *testing.T) {
	// LISTING_22 is a NITF sports story; it must import without error and
	// with a body.
	f := filepath.Join(testdataDir(t, "newsml-g2/examples"), "LISTING_22_Sports_story_in_NewsML-G2NITF.xml")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if s.Headline == "" || len(s.Body) == 0 {
		t.Errorf("headline %q, %d blocks", s.Headline, len(s.Body))
	}
}

func TestParseNonTextExamples(t *testing.T) {
	dir := testdataDir(t, "newsml-g2/examples")
	tests := []struct{ file, want string }{
		{"LISTING_3_Photo_in_NewsML-G2.xml", "ninat:picture"},
		{"LISTING_6_Simple_NewsML-G2_Package.xml", "<packageItem>"},
		{"LISTING_10_Abstract_Concept_conveyed_in_a_NewsML-G2_Concept_Item.xml", "<conceptItem>"},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(b)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want mention of %s", tt.file, err, tt.want)
		}
	}
}

func TestParseInlineBodies(t *testing.T) {
	head := `<?xml version="1.0"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:1" version="2" standard="NewsML-G2" standardversion="2.35">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="x"/><versionCreated>2026-11-27T10:00:00+01:00</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
<contentMeta><headline>Invented headline</headline><language tag="fr"/></contentMeta>
<contentSet>`
	tail := "</contentSet></newsItem>"
	tests := []struct {
		name string
		body string
		want []news.Block
	}{
		{"xhtml", `<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title><script>bad()</script></head>
<body><p>Un <b>deux</b>&nbsp;trois.</p><script>x()</script><div><div>loose text</div></div><h3>Sous-titre</h3><p>a<br/>b</p></body></html></inlineXML>`,
			[]news.Block{p("Un deux trois."), p("loose text"), h("Sous-titre"), p("a b")}},
		{"nitf", `<inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
<body.head><hedline><hl1>Ignored</hl1></hedline><byline>By Someone</byline></body.head>
<body.content><p>One <person>Ana</person> said.</p><hl2>Next</hl2><block><p>Two.</p><media><media-caption>cap</media-caption></media></block></body.content>
<body.end><tagline>tag</tagline></body.end></body></nitf></inlineXML>`,
			[]news.Block{p("One Ana said."), h("Next"), p("Two.")}},
		{"xhtml preferred over nitf", `<inlineXML contenttype="application/nitf+xml"><nitf><body><body.content><p>nitf</p></body.content></body></nitf></inlineXML>
<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>xhtml</p></body></html></inlineXML>`,
			[]news.Block{p("xhtml")}},
		{"plain text", `<inlineData contenttype="text/plain">First para
continues.

Second.</inlineData>`, []news.Block{p("First para continues."), p("Second.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(head + tt.body + tail))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Body, tt.want) {
				t.Errorf("body\n got %#v\nwant %#v", s.Body, tt.want)
			}
			if s.Headline != "Invented headline" || s.Language != "fr" || s.Version != 2 {
				t.Errorf("headline %q lang %q version %d", s.Headline, s.Language, s.Version)
			}
			if s.UpdatedAt == nil || !s.UpdatedAt.Equal(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("updated = %v", s.UpdatedAt)
			}
		})
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		line int
	}{
		{"empty", "", []string{"no XML element"}, 0},
		{"not XML", "{\"uri\": \"x\"}", []string{"no XML element"}, 0},
		{"other root", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", []string{"<rss>", "not a NewsML-G2 <newsItem>"}, 2},
		{"wrong namespace", `<newsItem xmlns="urn:other"/>`, []string{"not in the NewsML-G2 namespace"}, 1},
		{"broken XML", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<itemMeta>\n<headline>x</itemMeta>", []string{"invalid XML"}, 3},
		{"bad date", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<itemMeta>\n\n<versionCreated>yesterday</versionCreated></itemMeta></newsItem>",
			[]string{"<versionCreated>", `"yesterday"`}, 4},
		{"bad urgency", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<contentMeta><urgency>11</urgency></contentMeta></newsItem>",
			[]string{"<urgency>", "1 to 9"}, 2},
		{"truncated", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<contentSet><inlineXML><html><body><p>a", []string{"invalid XML"}, 2},
		{"photo", `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`,
			[]string{"ninat:picture"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			var ne *Error
			if !errors.As(err, &ne) {
				t.Fatalf("error %T %v, want *Error", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tt.line != 0 && ne.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", ne.Line, tt.line, err)
			}
		})
	}
}

func TestLooksLikeNewsML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`<?xml version="1.0"?><!-- c --><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, true},
		{"\ufeff<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">", true},
		{`<newsItem>`, true},
		{`<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>`, false},
		{`<rss version="2.0"/>`, false},
		{`{"uri": "x"}`, false},
		{``, false},
		{`<newsItem xmlns="urn:other"/>`, false},
	}
	for _, tt := range tests {
		if got := LooksLikeNewsML([]byte(tt.in)); got != tt.want {
			t.Errorf("LooksLikeNewsML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzParseNewsML(f *testing.F) {
	s := draft()
	s.Status = news.StatusPublished
	s.UpdatedAt = &t0
	b, err := Marshal(s, ninjs.Meta{BaseURL: "https://news.example.org"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet><inlineXML><nitf><body><body.head><hedline><hl1>h</hl1></hedline></body.head><body.content><p>a<br/>b</p><hl2>s</hl2></body.content></body></nitf></inlineXML></contentSet></newsItem>`))
	f.Add([]byte(`<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><versionCreated>2026</versionCreated></itemMeta><contentMeta><urgency>3</urgency></contentMeta></newsItem>`))
	f.Add([]byte(`<rss/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err == nil && s == nil {
			t.Fatal("nil story without an error")
		}
		_ = LooksLikeNewsML(data)
		if err != nil {
			return
		}
		// What was read, exported again, reads back the same. The export
		// needs what storing the story gives it: an id, a version and its
		// time, a language (xml:lang is required; "und" when unknown).
		s.ID = "fuzz"
		s.Version = max(s.Version, 1)
		if s.UpdatedAt == nil && s.ModifiedAt.IsZero() {
			s.ModifiedAt = t0
		}
		if s.Language == "" {
			s.Language = "und"
		}
		out, err := Marshal(s, ninjs.Meta{BaseURL: "https://news.example.org"})
		if err != nil {
			t.Fatalf("Marshal of a parsed story: %v\ninput: %q", err, data)
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse of our own export: %v\ninput: %q\nexport: %s", err, data, out)
		}
		if d := formattest.ExportDiff(s, back, true); d != "" {
			t.Fatalf("export changed the story: %s\ninput: %q\nexport: %s", d, data, out)
		}
	})
}
