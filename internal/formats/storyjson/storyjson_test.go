package storyjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

func TestEntitiesInJSON(t *testing.T) {
	tests := []struct {
		name string
		ent  news.Entities
		want []string // substrings of the JSON
	}{
		{"none", news.Entities{}, []string{`"people":[]`, `"organisations":[]`, `"places":[]`, `"quotes":[]`}},
		{"all", news.Entities{
			People:        []news.Person{{Name: "Maria Lopez", Role: "Minister of Finance", Country: "CL"}},
			Organisations: []news.Organisation{{Name: "Central Bank of Chile"}},
			Places:        []news.Place{{Name: "Santiago", Country: "CL", Kind: "city"}},
			Quotes:        []news.Quote{{Speaker: "Maria Lopez", Text: "We will hold", Paragraph: 2, Verb: "said"}},
		}, []string{
			`"people":[{"name":"Maria Lopez","role":"Minister of Finance"}]`,
			`"organisations":[{"name":"Central Bank of Chile"}]`,
			`"places":[{"name":"Santiago","country":"CL"}]`,
			`"quotes":[{"speaker":"Maria Lopez","text":"We will hold","paragraph":2}]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &news.Story{ID: "x", Language: "en", Headline: "H", Entities: tt.ent}
			b, err := json.Marshal(From(s, "https://news.example.org"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("JSON lacks %s:\n%s", w, b)
				}
			}
		})
	}
}
