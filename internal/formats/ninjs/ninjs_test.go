package ninjs

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/formats/formattest"

	"github.com/dateline-news/dateline/internal/news"
)

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// draft is an invented story.
func draft() *news.Story {
	return &news.Story{
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
}

type state struct {
	name  string
	story *news.Story
}

// states drives an invented story through its life with the domain's own
// transitions and returns a snapshot of each public state.
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
	pub.Normalize()
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
	emb.Normalize()
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

func TestMarshalEveryStateValidates(t *testing.T) {
	meta := Meta{BaseURL: "https://news.example.org/"}
	for _, st := range states(t) {
		for _, prof := range []Profile{Profile31, Profile22} {
			t.Run(st.name+"/"+string(prof), func(t *testing.T) {
				b, err := Marshal(st.story, meta, prof)
				if err != nil {
					t.Fatal(err)
				}
				if err := Validate(b, prof); err != nil {
					t.Fatalf("exported ninjs does not validate: %v\n%s", err, b)
				}
				var m map[string]any
				if err := json.Unmarshal(b, &m); err != nil {
					t.Fatal(err)
				}
				key := func(camel string) string {
					if prof == Profile22 {
						if camel == "embargoedUntil" {
							return "embargoed"
						}
						return strings.ToLower(camel)
					}
					return camel
				}
				if got, want := m["uri"], "https://news.example.org/news/0m3k9x2b7c4d5e6f"; got != want {
					t.Errorf("uri = %v, want %v", got, want)
				}
				wantPub := map[string]string{"published": "usable", "updated": "usable", "corrected": "usable",
					"embargoed": "usable", "withheld": "withheld", "killed": "canceled"}[st.name]
				if got := m[key("pubStatus")]; got != wantPub {
					t.Errorf("pubStatus = %v, want %v", got, wantPub)
				}
				_, hasEmbargo := m[key("embargoedUntil")]
				if hasEmbargo != (st.name == "embargoed") {
					t.Errorf("embargo present = %v in state %s", hasEmbargo, st.name)
				}
				_, hasBody := m["bodies"]
				if hasBody == (st.name == "killed") {
					t.Errorf("bodies present = %v in state %s", hasBody, st.name)
				}
				_, hasHeadline := m["headlines"]
				if hasHeadline == (st.name == "killed") || st.name == "killed" && strings.Contains(string(b), "Ana Ferreira") {
					t.Errorf("a canceled item carries the story's words (headline present = %v):\n%s", hasHeadline, b)
				}
				note, _ := m[key("edNote")].(string)
				switch st.name {
				case "corrected":
					if !strings.Contains(note, "14 to 3") {
						t.Errorf("edNote = %q, want the correction note", note)
					}
				case "killed":
					if note != "Legal advice" {
						t.Errorf("edNote = %q, want the kill's public notice alone", note)
					}
				default:
					if note != "" {
						t.Errorf("edNote = %q, want none", note)
					}
				}
				if got, want := m["version"], itoa(st.story.Version); got != want {
					t.Errorf("version = %v, want %q", got, want)
				}
			})
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestMarshalRoundTrip(t *testing.T) {
	for _, st := range states(t) {
		for _, prof := range []Profile{Profile31, Profile22} {
			t.Run(st.name+"/"+string(prof), func(t *testing.T) {
				b, err := Marshal(st.story, Meta{BaseURL: "https://news.example.org"}, prof)
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
					w.Headline, w.Byline, w.Dateline.Place = "", "", ""
					want = &w
				}
				if got.Status != want.Status {
					t.Errorf("status = %s, want %s", got.Status, want.Status)
				}
				if got.Headline != want.Headline || got.Byline != want.Byline || got.Language != want.Language {
					t.Errorf("headline/byline/language = %q/%q/%q, want %q/%q/%q",
						got.Headline, got.Byline, got.Language, want.Headline, want.Byline, want.Language)
				}
				if got.Dateline.Place != want.Dateline.Place || got.Urgency != want.Urgency || got.Section != want.Section {
					t.Errorf("place/urgency/section = %q/%d/%q", got.Dateline.Place, got.Urgency, got.Section)
				}
				if !reflect.DeepEqual(got.Tags, want.Tags) || !reflect.DeepEqual(got.Translations, want.Translations) {
					t.Errorf("tags %v translations %v, want %v %v", got.Tags, got.Translations, want.Tags, want.Translations)
				}
				if got.Version != want.Version || got.Source != "ninjs:https://news.example.org/news/"+want.ID {
					t.Errorf("version %d source %q", got.Version, got.Source)
				}
				if st.name == "killed" {
					if len(got.Body) != 0 || got.Standfirst != "" || got.KillNotice != "Legal advice" {
						t.Errorf("killed: body %v standfirst %q reason %q", got.Body, got.Standfirst, got.KillNotice)
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
					t.Errorf("embargo = %v, want %v", got.EmbargoUntil, want.EmbargoUntil)
				}
			})
		}
	}
}

func TestMarshalErrors(t *testing.T) {
	d := draft()
	if _, err := Marshal(d, Meta{}, Profile31); err == nil || !strings.Contains(err.Error(), "draft") {
		t.Errorf("draft export: err = %v, want a refusal naming the draft", err)
	}
	d.Status = news.StatusPublished
	if _, err := Marshal(d, Meta{}, "9.9"); err == nil {
		t.Error("unknown profile accepted")
	}
	if _, err := Marshal(d, Meta{PubStatus: "live"}, Profile31); err == nil {
		t.Error("bad pubStatus accepted")
	}
	// Without a base URL the uri is a URN, which still validates.
	b, err := Marshal(d, Meta{}, Profile31)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"urn:dateline:news:0m3k9x2b7c4d5e6f"`) {
		t.Errorf("no URN uri in %s", b)
	}
	if err := Validate(b, Profile31); err != nil {
		t.Error(err)
	}
}

func TestMetaOverrides(t *testing.T) {
	s := draft()
	s.Status = news.StatusPublished
	emb := t0.Add(48 * time.Hour)
	b, err := Marshal(s, Meta{BaseURL: "https://x.example", Version: 7, VersionCreated: t0, Embargoed: &emb,
		EdNote: "Note to editors", People: []Entity{{Name: "Ana Ferreira"}}, Orgs: []Entity{{Name: "Port Vell council"}},
		Places: []Entity{{Name: "Port Vell", URI: "https://sws.geonames.org/1/"}}}, Profile31)
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(b, Profile31); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version": "7"`, `"versionCreated": "2026-11-27T09:00:00Z"`, `"embargoedUntil": "2026-11-29T09:00:00Z"`,
		`"edNote": "Note to editors"`, `"people"`, `"organisations"`, `"places"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("missing %s in\n%s", want, b)
		}
	}
}

func TestValidatorSuite(t *testing.T) {
	root := testdataDir(t, "ninjs/test_suite")
	for _, prof := range []Profile{Profile31, Profile22} {
		for _, want := range []string{"should_pass", "should_fail"} {
			files, _ := filepath.Glob(filepath.Join(root, string(prof), want, "*.json"))
			if len(files) == 0 {
				t.Fatalf("no files in %s/%s", prof, want)
			}
			for _, f := range files {
				t.Run(string(prof)+"/"+want+"/"+filepath.Base(f), func(t *testing.T) {
					b, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					err = Validate(b, prof)
					if want == "should_pass" && err != nil {
						t.Errorf("valid file rejected: %v", err)
					}
					if want == "should_fail" && err == nil {
						t.Error("invalid file accepted")
					}
				})
			}
		}
	}
}

func TestParseAgencyExamples(t *testing.T) {
	root := testdataDir(t, "ninjs/examples")
	var files []string
	for _, pat := range []string{"3.0/ap_*.json", "3.0/dpa_text.json", "3.0/ntb_text.json", "3.0/tt_text_image_3.json",
		"3.0/businesswire-*.json", "3.0/SIPA_image_3.json", "3.0/ninjsExSimpleText_3.json", "2.1/*.json"} {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d example files", len(files))
	}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		t.Run(rel, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(b)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.Headline == "" {
				t.Error("no headline")
			}
			if !strings.HasPrefix(s.Source, "ninjs:") {
				t.Errorf("source = %q", s.Source)
			}
			for i, bl := range s.Body {
				if strings.ContainsAny(bl.Text, "<>") && strings.Contains(bl.Text, "</") {
					t.Errorf("body[%d] still holds markup: %q", i, bl.Text)
				}
			}
			// An imported story survives our own export and import.
			s.ID = "imported1"
			if s.Status == news.StatusDraft {
				t.Fatalf("status draft")
			}
			out, err := Marshal(s, Meta{BaseURL: "https://news.example.org"}, Profile31)
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(out, Profile31); err != nil {
				t.Fatalf("re-export invalid: %v", err)
			}
			back, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			if back.Headline != s.Headline || !reflect.DeepEqual(back.Body, s.Body) || !reflect.DeepEqual(back.Tags, s.Tags) {
				t.Errorf("round trip changed the story:\n%#v\n%#v", s, back)
			}
		})
	}
}

func TestParseExampleFields(t *testing.T) {
	root := testdataDir(t, "ninjs/examples")
	tests := []struct {
		file       string
		headline   string
		lang       string
		byline     string
		version    int
		urgency    int
		bodyPrefix string
		minBlocks  int
		tag        string
		standfirst string
		place      string
	}{
		{file: "3.0/dpa_text.json", headline: "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", lang: "de",
			byline: "Von Christian Hollmann, dpa", version: 2, urgency: 4, bodyPrefix: "Für Lucien Favre", minBlocks: 9},
		{file: "2.1/dpa_text.json", headline: "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?", lang: "de",
			byline: "Von Christian Hollmann, dpa", version: 2, urgency: 4, bodyPrefix: "Für Lucien Favre", minBlocks: 9},
		{file: "3.0/ntb_text.json", headline: "Google har kjøpt giganttomt i Skien", lang: "nb-NO", byline: "NTB",
			version: 6, urgency: 5, tag: "Teknologi", standfirst: "IT-giganten Google"},
		{file: "2.1/ntb_text.json", headline: "Google har kjøpt giganttomt i Skien", lang: "nb-NO", byline: "NTB",
			version: 6, urgency: 5, tag: "Teknologi", standfirst: "IT-giganten Google"},
		{file: "3.0/tt_text_image_3.json", headline: "Militärövning i jätteformat hålls 2023", lang: "sv", minBlocks: 2,
			tag: "Krig, konflikter och oroligheter", standfirst: "Pandemin satte stopp"},
		{file: "3.0/ap_audio.json", headline: "Next up in impeachment hearings: A parade of key witnesses", lang: "en",
			place: "CAPITOL HILL", tag: "Impeachments"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(b)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s.Headline, tt.headline) {
				t.Errorf("headline = %q, want prefix %q", s.Headline, tt.headline)
			}
			if s.Language != tt.lang && !strings.EqualFold(s.Language, tt.lang) {
				t.Errorf("language = %q, want %q", s.Language, tt.lang)
			}
			if tt.byline != "" && s.Byline != tt.byline {
				t.Errorf("byline = %q, want %q", s.Byline, tt.byline)
			}
			if tt.version != 0 && s.Version != tt.version {
				t.Errorf("version = %d, want %d", s.Version, tt.version)
			}
			if tt.urgency != 0 && s.Urgency != tt.urgency {
				t.Errorf("urgency = %d, want %d", s.Urgency, tt.urgency)
			}
			if len(s.Body) < tt.minBlocks {
				t.Errorf("body has %d blocks, want at least %d", len(s.Body), tt.minBlocks)
			}
			if tt.bodyPrefix != "" && (len(s.Body) == 0 || !strings.HasPrefix(s.Body[0].Text, tt.bodyPrefix)) {
				t.Errorf("body starts %v, want %q", s.Body, tt.bodyPrefix)
			}
			if tt.tag != "" && !contains(s.Tags, tt.tag) {
				t.Errorf("tags %v lack %q", s.Tags, tt.tag)
			}
			if !strings.HasPrefix(s.Standfirst, tt.standfirst) {
				t.Errorf("standfirst = %q, want prefix %q", s.Standfirst, tt.standfirst)
			}
			if s.Dateline.Place != tt.place {
				t.Errorf("place = %q, want %q", s.Dateline.Place, tt.place)
			}
			if s.Status != news.StatusPublished {
				t.Errorf("status = %s", s.Status)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantType any
		want     []string
	}{
		{"broken JSON", "{\n  \"uri\": \"x\",\n  \"headlines\": [}\n", &SyntaxError{}, []string{"line 3", "column 18"}},
		{"empty", "", &SyntaxError{}, []string{"empty document"}},
		{"truncated", `{"uri": "x"`, &SyntaxError{}, []string{"line 1"}},
		{"trailing data", `{"uri": "x"} {}`, &SyntaxError{}, []string{"after the JSON document"}},
		{"array", `[{"uri": "x"}]`, nil, []string{"array, not an object"}},
		{"missing uri", `{"headlines": [{"value": "x"}]}`, &SchemaError{}, []string{"ninjs 3.1", "missing property 'uri'"}},
		{"headline without value 3.x", `{"uri": "x", "versionCreated": "2026-01-01T00:00:00Z", "headlines": [{"role": "main"}]}`,
			&SchemaError{}, []string{"/headlines/0", "missing property 'value'"}},
		{"bad pubstatus 2.x", `{"uri": "x", "versioncreated": "2026-01-01T00:00:00Z", "pubstatus": "live"}`,
			&SchemaError{}, []string{"ninjs 2.2", "/pubstatus"}},
		{"urgency out of range 3.x", `{"uri": "x", "pubStatus": "usable", "urgency": 12}`,
			&SchemaError{}, []string{"/urgency"}},
		{"unknown property", `{"uri": "x", "pubStatus": "usable", "dateline": "PARIS"}`,
			&SchemaError{}, []string{"dateline"}},
		{"mixed generations", `{"uri": "x", "pubStatus": "usable", "versioncreated": "2026-01-01T00:00:00Z"}`,
			&SchemaError{}, []string{"versioncreated"}},
		{"wrong type", `{"uri": "x", "headlines": "Big news"}`, &SchemaError{}, []string{"/headlines", "want array"}},
		{"several problems", `{"uri": "x", "headlines": [{"role": "main"}], "urgency": 0, "dateline": "PARIS"}`,
			&SchemaError{}, []string{"/headlines/0: missing property 'value'", "/urgency", `"dateline" is not allowed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			switch tt.wantType.(type) {
			case *SyntaxError:
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Errorf("error %T (%v), want *SyntaxError", err, err)
				}
			case *SchemaError:
				var se *SchemaError
				if !errors.As(err, &se) {
					t.Errorf("error %T (%v), want *SchemaError", err, err)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			// Properties the schema defines are never blamed for another
			// property's fault.
			for _, known := range []string{`"uri" is not allowed`, `"headlines" is not allowed`, `"urgency" is not allowed`} {
				if strings.Contains(err.Error(), known) {
					t.Errorf("error %q blames a defined property", err)
				}
			}
		})
	}
}

func TestGeneration(t *testing.T) {
	tests := []struct {
		in   string
		want Profile
	}{
		{`{"uri": "x"}`, Profile31},
		{`{"uri": "x", "versionCreated": "t"}`, Profile31},
		{`{"uri": "x", "versioncreated": "t"}`, Profile22},
		{`{"uri": "x", "bodies": [{"contenttype": "text/plain", "value": ""}]}`, Profile22},
		{`{"uri": "x", "bodies": [{"contentType": "text/plain", "value": ""}]}`, Profile31},
		{`{"uri": "x", "embargoed": "t"}`, Profile22},
	}
	for _, tt := range tests {
		doc, err := decodeJSON([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := generation(doc); got != tt.want {
			t.Errorf("generation(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeNinjs(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"uri": "x", "headlines": []}`, true},
		{"\ufeff  {\"uri\": \"x\", \"versioncreated\": \"t\"}", true},
		{`{"uri": "x"}`, false},
		{`{"version": "https://jsonfeed.org/version/1.1", "items": []}`, false},
		{`[{"uri": "x", "headlines": []}]`, false},
		{`<newsItem/>`, false},
		{``, false},
		{`{"uri": `, false},
	}
	for _, tt := range tests {
		if got := LooksLikeNinjs([]byte(tt.in)); got != tt.want {
			t.Errorf("LooksLikeNinjs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTextBlocks(t *testing.T) {
	got := TextBlocks("First line\nsame para.\r\n\r\nSecond.\n\n\n  \n")
	want := []news.Block{p("First line same para."), p("Second.")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TextBlocks = %#v", got)
	}
}

func FuzzParseNinjs(f *testing.F) {
	// Small seeds: the fuzzer minimises every input that finds new
	// coverage, and minimising a full export takes longer than the run.
	f.Add([]byte(`{"uri": "u", "versionCreated": "2026-11-27T09:00:00Z", "pubStatus": "usable", "urgency": 3, "language": "en",
"headlines": [{"role": "main", "value": "h"}], "descriptions": [{"role": "summary", "value": "d"}],
"subjects": [{"name": "s", "rel": "section"}, {"name": "t"}], "edNote": "Correction: n",
"associations": [{"name": "translation-es", "rel": "translation", "uri": "https://e/news/1", "language": "es"}]}`))
	f.Add([]byte(`{"uri": "u", "versioncreated": "2026-11-27T09:00:00Z", "embargoed": "2026-11-28T09:00:00Z", "pubstatus": "withheld",
"bodies": [{"contenttype": "text/plain", "value": "a\n\nb"}], "located": "PARIS"}`))
	f.Add([]byte(`{"uri": "x", "bodies": [{"contentType": "text/html", "value": "<p>a<script>b</script></p><div><h3>c</h3></div>"}]}`))
	f.Add([]byte(`{"uri": "x", "urgency": 4.5, "pubstatus": "canceled", "ednote": "Withdrawn: x"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"uri": "x", "pubStatus": "canceled", "headlines": [{"role": "main", "value": "h"}], "by": "B", "located": "PARIS", "edNote": "n"}`))
	f.Add([]byte(`{"uri": "x", "places": [{"geoJSON": {"type": "Point", "coordinates": [1, 2]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err == nil && s == nil {
			t.Fatal("nil story without an error")
		}
		_ = LooksLikeNinjs(data)
		_ = BlocksFromHTML(string(data))
		if err != nil {
			return
		}
		// What was read, exported again in either profile, reads back the
		// same.
		s.ID = "fuzz"
		for _, prof := range []Profile{Profile31, Profile22} {
			out, err := Marshal(s, Meta{BaseURL: "https://news.example.org"}, prof)
			if err != nil {
				t.Fatalf("Marshal %s of a parsed story: %v\ninput: %q", prof, err, data)
			}
			back, err := Parse(out)
			if err != nil {
				t.Fatalf("Parse of our own %s export: %v\ninput: %q\nexport: %s", prof, err, data, out)
			}
			if d := formattest.ExportDiff(s, back, false); d != "" {
				t.Fatalf("%s export changed the story: %s\ninput: %q\nexport: %s", prof, d, data, out)
			}
		}
	})
}

// TestParseGuidelineExamples imports every example of the ninjs User Guide
// for 2.2 and 3.1 (all valid), and refuses the one meant to be invalid.
func TestParseGuidelineExamples(t *testing.T) {
	root := testdataDir(t, "ninjs/guideline-examples")
	var files []string
	for _, v := range []string{"2.2", "3.1"} {
		m, _ := filepath.Glob(filepath.Join(root, v, "*.json"))
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found %d guideline examples", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	bad, err := os.ReadFile(filepath.Join(root, "not-valid", "008_extension.json"))
	if err != nil {
		t.Fatal(err)
	}
	var se *SchemaError
	if _, err := Parse(bad); !errors.As(err, &se) {
		t.Errorf("not-valid/008_extension.json: err = %v, want a schema error", err)
	} else {
		t.Logf("refused as expected: %v", err)
	}
}

// TestItemID: ItemID reads back the id ItemURI wrote, escaped or not, and
// a blank id is none (FuzzParseNinjs: a translation uri " " came back as
// "%20").
func TestItemID(t *testing.T) {
	for _, id := range []string{"0c8r4k2m9x7q", "a b", "a/b", "%41", "x/news/y"} {
		for _, base := range []string{"https://news.example.org", ""} {
			if got, ok := ItemID(ItemURI(base, id)); !ok || got != id {
				t.Errorf("ItemID(ItemURI(%q, %q)) = %q, %v", base, id, got, ok)
			}
		}
	}
	for _, uri := range []string{"", " ", "https://news.example.org/news/%20", "urn:dateline:news:", "https://other.example/item/1"} {
		if got, ok := ItemID(uri); ok {
			t.Errorf("ItemID(%q) = %q, want none", uri, got)
		}
	}
}
