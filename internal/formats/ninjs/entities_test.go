package ninjs

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLookupMediaTopic(t *testing.T) {
	tests := []struct {
		name, code string
		ok         bool
	}{
		{"politics", "11000000", true},
		{"Politics", "11000000", true},
		{"  POLITICS ", "11000000", true},
		{"politics and government", "11000000", true},
		{"sport", "15000000", true},
		{"economy", "20000344", true},
		{"business", "04000000", true},
		{"tennis", "20001085", true},
		{"ice-hockey", "20000965", true},
		{"elections", "20000574", true},
		{"Port Vell", "", false},
		{"", "", false},
		{"s", "", false},
	}
	for _, tt := range tests {
		got, ok := LookupMediaTopic(tt.name)
		if ok != tt.ok || got.Code != tt.code {
			t.Errorf("LookupMediaTopic(%q) = %+v, %v; want code %q, %v", tt.name, got, ok, tt.code, tt.ok)
		}
		if ok && (got.QCode() != "medtop:"+tt.code || got.URI() != MediaTopicURIPrefix+tt.code || got.Label == "") {
			t.Errorf("LookupMediaTopic(%q): qcode %q uri %q label %q", tt.name, got.QCode(), got.URI(), got.Label)
		}
	}
}

func TestEntitiesAndTopicsInNinjs(t *testing.T) {
	s := draft()
	s.Normalize()
	if _, err := s.Publish(t0, nil, "editor"); err != nil {
		t.Fatal(err)
	}
	for _, prof := range []Profile{Profile31, Profile22} {
		t.Run(string(prof), func(t *testing.T) {
			b, err := Marshal(s, Meta{BaseURL: "https://news.example.org"}, prof)
			if err != nil {
				t.Fatal(err)
			}
			if err := Validate(b, prof); err != nil {
				t.Fatalf("does not validate: %v\n%s", err, b)
			}
			var d struct {
				Subjects      []subject3 `json:"subjects"`
				People        []entity3  `json:"people"`
				Organisations []entity3  `json:"organisations"`
				Places        []entity3  `json:"places"`
			}
			if err := json.Unmarshal(b, &d); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"politics and government": MediaTopicURIPrefix + "11000000", // from the section "politics"
			}
			topics := 0
			for _, sub := range d.Subjects {
				if strings.HasPrefix(sub.URI, MediaTopicURIPrefix) {
					topics++
				}
				if u, ok := want[sub.Name]; ok && u == sub.URI {
					delete(want, sub.Name)
				}
			}
			if topics != 1 {
				t.Errorf("%d media topics in %+v, want 1 (no topic is labelled Port Vell or Local government)", topics, d.Subjects)
			}
			if len(want) > 0 {
				t.Errorf("subjects %+v lack media topics %v", d.Subjects, want)
			}
			if len(d.People) != 2 || d.People[0] != (entity3{Name: "Marta Soler", URI: "https://news.example.org/person/marta-soler"}) ||
				d.People[1].URI != "https://news.example.org/person/%D0%BF%D1%91%D1%82%D1%80-%D0%BE%D1%80%D0%BB%D0%BE%D0%B2" {
				t.Errorf("people = %+v", d.People)
			}
			if len(d.Organisations) != 1 || d.Organisations[0].Name != "Port Vell City Council" ||
				d.Organisations[0].URI != "https://news.example.org/org/port-vell-city-council" {
				t.Errorf("organisations = %+v", d.Organisations)
			}
			if len(d.Places) != 1 || d.Places[0].Name != "Port Vell" || d.Places[0].URI != "https://news.example.org/place/port-vell" {
				t.Errorf("places = %+v", d.Places)
			}
		})
	}
}

func TestParseKeepsLoneMediaTopics(t *testing.T) {
	doc := `{"uri":"urn:x:1","type":"text","headlines":[{"role":"main","value":"H"}],
	"subjects":[{"name":"sport","uri":"http://cv.iptc.org/newscodes/mediatopic/15000000"}]}`
	s, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Tags) != 1 || s.Tags[0] != "sport" {
		t.Errorf("tags = %v, want [sport]: media topics alone are the document's topics", s.Tags)
	}
}
