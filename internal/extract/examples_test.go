package extract

import (
	"slices"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// TestPatterns checks constructions named in the issue, one story each.
func TestPatterns(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name   string
		lang   string
		place  string
		paras  []string
		people []Person // Name, Role, Country checked; Mentions when > 0
		orgs   []string
		places []string
		quotes []Quote
	}{
		{
			name: "english titles and short mentions", lang: "en", place: "TOKYO",
			paras: []string{
				`Japan's Prime Minister Shinzo Abe met Russian President Vladimir Putin. First Deputy Director General of TASS Mikhail Gusman moderated.`,
				`PM Abe said the talks were "very productive".`,
				`"We agreed on a lot," Putin said. "But not on everything."`,
				`Mr. Gusman asked about the islands. "It's complicated," said the Russian president.`,
				`The Foreign Ministry of Japan and Gazprom PJSC issued statements. Sony Corp. shares rose.`,
			},
			people: []Person{
				{Name: "Shinzo Abe", Role: "Prime Minister", Country: "JP", Mentions: 2},
				{Name: "Vladimir Putin", Role: "President", Country: "RU", Mentions: 3},
				{Name: "Mikhail Gusman", Role: "First Deputy Director General of TASS", Mentions: 2},
			},
			orgs:   []string{"TASS", "Foreign Ministry of Japan", "Gazprom PJSC", "Sony Corp"},
			places: []string{"Tokyo JP", "Japan JP"},
			quotes: []Quote{
				{Speaker: "Shinzo Abe", Text: "very productive", Paragraph: 2, Verb: "said"},
				{Speaker: "Vladimir Putin", Text: "We agreed on a lot", Paragraph: 3, Verb: "said"},
				{Speaker: "Vladimir Putin", Text: "But not on everything.", Paragraph: 3},
				{Speaker: "Vladimir Putin", Text: "It's complicated", Paragraph: 4, Verb: "said"},
			},
		},
		{
			name: "russian cases, colon and statement", lang: "ru", place: "МОСКВА",
			paras: []string{
				`Президент России Владимир Путин провел в Кремле переговоры с премьер-министром Индии Нарендрой Шармой.`,
				`«Мы обсудили весь спектр вопросов», — заявил Путин. По его словам, товарооборот «растет рекордными темпами».`,
				`Пресс-секретарь президента РФ Дмитрий Песков сообщил, что визит прошел успешно. Нарендра Шарма заявил, что доволен.`,
				`Песков: «Следующая встреча пройдет в Нью-Дели».`,
				`«Стороны подписали ряд документов», — говорится в сообщении Кремля. ПАО «Газпром» и ООО «Ромашка» тоже.`,
			},
			people: []Person{
				{Name: "Владимир Путин", Role: "Президент России", Country: "RU"},
				{Name: "Нарендра Шарма", Role: "премьер-министром Индии", Country: "IN"},
				{Name: "Дмитрий Песков", Role: "Пресс-секретарь президента РФ", Country: "RU"},
			},
			orgs:   []string{"Кремль", "ПАО «Газпром»", "ООО «Ромашка»"},
			places: []string{"Москва RU", "Россия RU", "Индия IN", "Нью-Дели IN"},
			quotes: []Quote{
				{Speaker: "Владимир Путин", Text: "Мы обсудили весь спектр вопросов", Paragraph: 2, Verb: "заявил"},
				{Speaker: "Владимир Путин", Text: "растет рекордными темпами", Paragraph: 2, Verb: "словам"},
				{Speaker: "Дмитрий Песков", Text: "Следующая встреча пройдет в Нью-Дели", Paragraph: 4},
				{Speaker: "Кремль", Text: "Стороны подписали ряд документов", Paragraph: 5, Verb: "говорится"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(story(tt.lang, "Test", news.Dateline{Place: tt.place}, tt.paras...), g)
			if len(r.People) != len(tt.people) {
				t.Errorf("people = %+v; want %+v", r.People, tt.people)
			}
			for i, want := range tt.people {
				if i >= len(r.People) {
					break
				}
				got := r.People[i]
				if got.Name != want.Name || got.Role != want.Role || got.Country != want.Country || want.Mentions > 0 && got.Mentions != want.Mentions {
					t.Errorf("person %d = %+v; want %+v", i, got, want)
				}
			}
			var orgs, places []string
			for _, o := range r.Organisations {
				orgs = append(orgs, o.Name)
			}
			for _, p := range r.Places {
				places = append(places, p.Name+" "+p.Country)
			}
			if !slices.Equal(orgs, tt.orgs) {
				t.Errorf("organisations = %q; want %q", orgs, tt.orgs)
			}
			if !slices.Equal(places, tt.places) {
				t.Errorf("places = %q; want %q", places, tt.places)
			}
			if !slices.Equal(r.Quotes, tt.quotes) {
				t.Errorf("quotes\n got %+v\nwant %+v", r.Quotes, tt.quotes)
			}
		})
	}
}
