package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// Misses found on agency copy, each as a story written by the team.
func TestAgencyCopyMisses(t *testing.T) {
	g := gaz(t)
	para := func(texts ...string) []news.Block {
		var b []news.Block
		for _, s := range texts {
			b = append(b, news.Block{Kind: news.Paragraph, Text: s})
		}
		return b
	}
	names := func(r Result) (people, orgs, places []string) {
		for _, p := range r.People {
			people = append(people, p.Name)
		}
		for _, o := range r.Organisations {
			orgs = append(orgs, o.Name)
		}
		for _, p := range r.Places {
			places = append(places, p.Name)
		}
		return
	}
	tests := []struct {
		name                     string
		story                    news.Story
		people, orgs, places     []string // each must be there
		notPeople, notOrgs, notP []string // none may be there
		check                    func(t *testing.T, r Result)
	}{
		{
			name: "headline attribution - PM Abe",
			story: news.Story{Headline: "Tokyo will keep talking about the islands - PM Abe", Standfirst: "Tokyo will keep talking about the islands - PM Abe",
				Dateline: news.Dateline{Place: "TOKYO"},
				Body:     para("Shinzo Abe told reporters on Sunday that the talks would go on next spring.")},
			people:    []string{"Shinzo Abe"},
			notPeople: []string{"Abe Shinzo Abe", "PM Abe"},
		},
		{
			name: "typo after a place and a compass word",
			story: news.Story{Dateline: news.Dateline{Place: "TOKYO"},
				Body: para("The talks on the southern Kuril Islandsm will resume in March, the ministry said.",
					"North of the chain, the fishing fleet waited for the storm to pass.")},
			notPeople: []string{"Kuril Islandsm"},
			notP:      []string{"Islands", "North"},
		},
		{
			name: "a small city from GeoNames",
			story: news.Story{Dateline: news.Dateline{Place: "TOKYO"},
				Body: para("The leaders will meet in Nagato, a hot-spring town in Yamaguchi prefecture, on December 15.")},
			places: []string{"Nagato"},
		},
		{
			name: "a Russian surname that is also a town",
			story: news.Story{Language: "ru", Dateline: news.Dateline{Place: "МОСКВА"},
				Body: para("Генеральный директор компании Сергей Заречный сообщил, что цех заработает весной.",
					"По словам Заречного, на заводе будут работать 400 человек.")},
			people: []string{"Сергей Заречный"},
			notP:   []string{"Заречный"},
		},
		{
			name: "organisations without a legal form",
			story: news.Story{Dateline: news.Dateline{Place: "OSLO"},
				Body: para("Kallvik Energy said on Monday it would build a wind farm off the coast.",
					"In Moscow, the Bank of Russia kept its key rate unchanged.")},
			orgs: []string{"Kallvik Energy", "Bank of Russia"},
		},
		{
			name: "speaker named in apposition after the quote",
			story: news.Story{Dateline: news.Dateline{Place: "OSLO"},
				Body: para("\"All twelve fishermen are safe and on their way to port,\" a spokeswoman for the rescue centre, Ingrid Solheim, said by telephone.")},
			people: []string{"Ingrid Solheim"},
			check: func(t *testing.T, r Result) {
				if len(r.Quotes) != 1 || r.Quotes[0].Speaker != "Ingrid Solheim" {
					t.Errorf("quotes = %+v, want one by Ingrid Solheim", r.Quotes)
				}
			},
		},
		{
			name: "Russian names first met in oblique cases",
			story: news.Story{Language: "ru", Dateline: news.Dateline{Place: "МОСКВА"},
				Body: para("Министр встретился с Анной Ковалевой и Игорем Смирновым.",
					"По словам Дмитрия Орлова, соглашение подпишут в пятницу. Письмо направлено Марии Беловой.",
					"«Мы договорились», — сказала Ковалева.")},
			people:    []string{"Анна Ковалева", "Игорь Смирнов", "Дмитрий Орлов", "Мария Белова"},
			notPeople: []string{"Анной Ковалевой", "Игорем Смирновым", "Дмитрия Орлова", "Марии Беловой"},
			check: func(t *testing.T, r Result) {
				if len(r.Quotes) != 1 || r.Quotes[0].Speaker != "Анна Ковалева" {
					t.Errorf("quotes = %+v, want one by Анна Ковалева", r.Quotes)
				}
			},
		},
		{
			name: "Russian region names",
			story: news.Story{Language: "ru", Dateline: news.Dateline{Place: "ЕКАТЕРИНБУРГ"},
				Body: para("Губернатор Свердловской области поддержал проект. Похожий завод строят в Краснодарском крае и в Республике Татарстан.")},
			places: []string{"Свердловская область", "Краснодарский край", "Республика Татарстан"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(&tt.story, g)
			people, orgs, places := names(r)
			for _, c := range []struct {
				what      string
				got, want []string
				not       []string
			}{{"people", people, tt.people, tt.notPeople}, {"organisations", orgs, tt.orgs, tt.notOrgs}, {"places", places, tt.places, tt.notP}} {
				for _, w := range c.want {
					if !slices.Contains(c.got, w) {
						t.Errorf("%s %q missing; got %q", c.what, w, c.got)
					}
				}
				for _, n := range c.not {
					for _, g := range c.got {
						if strings.EqualFold(g, n) {
							t.Errorf("%s: %q should not be there; got %q", c.what, n, c.got)
						}
					}
				}
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}
