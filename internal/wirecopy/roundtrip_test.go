package wirecopy

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// storyGen makes random stories for the round-trip property.
type storyGen struct{ r *rand.Rand }

var (
	latinWords    = []string{"minister", "talks", "harbour", "council", "wheat", "railway", "budget", "storm", "court", "festival", "bank", "rates", "election", "bridge", "river", "exports", "vote", "border", "power", "plant", "schools", "doctors", "fares", "copper", "northern", "quickly", "said", "on", "the", "of", "and", "new", "old", "St.", "U.S.", "4%", "2027", "rose"}
	cyrillicWords = []string{"министр", "переговоры", "порт", "совет", "пшеница", "дорога", "бюджет", "шторм", "суд", "фестиваль", "банк", "ставки", "выборы", "мост", "река", "экспорт", "граница", "школы", "врачи", "медь", "северный", "заявил", "в", "и", "на", "новый", "ёлка"}
	plainWords    = []string{"talks", "budget", "storm", "rates", "выборы", "мост", "граница", "copper"}
	places        = []string{"TOKYO", "NEW YORK", "RIO DE JANEIRO", "МОСКВА", "САНКТ-ПЕТЕРБУРГ", "НИЖНИЙ НОВГОРОД", "ST. PETERSBURG", "KUALA LUMPUR", "SAN JOSE, Costa Rica", "WASHINGTON, D.C.", "N'DJAMENA", "AL-MUKALLA", "SÃO PAULO", "ЮЖНО-САХАЛИНСК"}
	credits       = map[news.Style][]string{
		news.StyleTASS:     {"TASS", "ТАСС"},
		news.StyleReuters:  {"Reuters"},
		news.StyleAP:       {"AP"},
		news.StyleAFP:      {"AFP"},
		news.StyleXinhua:   {"Xinhua"},
		news.StyleInterfax: {"Interfax", "Интерфакс"},
	}
)

func (g storyGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g storyGen) words(n int) string {
	list := latinWords
	if g.r.IntN(3) == 0 {
		list = cyrillicWords
	}
	w := make([]string, n)
	for i := range w {
		w[i] = g.pick(list)
	}
	// Capitalise the first letter only, as a sentence does.
	first := []rune(w[0])
	w[0] = strings.ToUpper(string(first[0])) + string(first[1:])
	return strings.Join(w, " ")
}

func (g storyGen) sentence() string {
	s := g.words(2 + g.r.IntN(14))
	switch g.r.IntN(6) {
	case 0:
		return `"` + s + `," she said.`
	case 1:
		return "“" + s + ".”"
	case 2:
		return "«" + s + "», — сказал он."
	case 3:
		return s + "?"
	case 4:
		return s + ` "quoted" ` + g.words(2) + "."
	}
	return s + "."
}

func (g storyGen) paragraph() string {
	n := 1 + g.r.IntN(4)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.sentence()
	}
	return strings.Join(parts, " ")
}

func (g storyGen) place() string {
	if g.r.IntN(3) > 0 {
		return g.pick(places)
	}
	// An invented place in capitals, Latin or Cyrillic.
	alphabet := []rune("ABCDEFGHIJKLMNOPRSTUVWYZ")
	if g.r.IntN(2) == 0 {
		alphabet = []rune("АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ")
	}
	n := 1 + g.r.IntN(3)
	words := make([]string, n)
	for i := range words {
		w := make([]rune, 2+g.r.IntN(8))
		for j := range w {
			w[j] = alphabet[g.r.IntN(len(alphabet))]
		}
		words[i] = string(w)
	}
	return strings.Join(words, " ")
}

func (g storyGen) story() *news.Story {
	s := &news.Story{Headline: g.words(3 + g.r.IntN(12))}
	if g.r.IntN(3) == 0 {
		s.Headline += ": " + g.words(2)
	}
	styles := append([]news.Style{news.StyleNone}, news.Styles...)
	style := styles[g.r.IntN(len(styles))]
	if style != news.StyleNone {
		s.Dateline = news.Dateline{Place: g.place(), Credit: g.pick(credits[style]), Style: style}
		if style != news.StyleAP && g.r.IntN(5) > 0 {
			d, ok := news.MakeDate(1990+g.r.IntN(40), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(31))
			if ok {
				s.Dateline.Date = d
			}
		}
	}
	if style == news.StyleNone && g.r.IntN(3) == 0 {
		// A dated dateline with no credit keeps its text as written.
		if d, ok := news.MakeDate(1980+g.r.IntN(50), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28)); ok {
			place := g.place()
			s.Dateline = news.Dateline{Place: place, Date: d, Text: fmt.Sprintf("%s, %s %d -", place, d.Month.String()[:3], d.Day)}
		}
	}
	// A standfirst can only be told apart when there is a dateline.
	if !s.Dateline.IsZero() && g.r.IntN(2) == 0 {
		s.Standfirst = g.sentence()
	}
	s.Body = []news.Block{{Kind: news.Paragraph, Text: g.paragraph()}}
	n := g.r.IntN(8)
	for i := 0; i < n; i++ {
		last := s.Body[len(s.Body)-1]
		if last.Kind == news.Paragraph && i < n-1 && g.r.IntN(4) == 0 {
			// Subheadings are short and end without closing punctuation.
			text := g.words(1+g.r.IntN(5)) + " " + g.pick(plainWords)
			for len([]rune(text)) > maxSubheading {
				text = g.pick(plainWords)
			}
			if g.r.IntN(3) == 0 {
				text = strings.ToUpper(text)
			}
			s.Body = append(s.Body, news.Block{Kind: news.Subheading, Text: text})
			continue
		}
		s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: g.paragraph()})
	}
	return s
}

// TestRoundTripProperty renders random stories and reads them back: the
// headline, standfirst, dateline fields and body must survive.
func TestRoundTripProperty(t *testing.T) {
	const runs = 3000
	for seed := range uint64(runs) {
		g := storyGen{r: rand.New(rand.NewPCG(seed, 42))}
		want := g.story()
		copy := Render(want)
		year := want.Dateline.Date.Year
		if year == 0 {
			year = 2026
		}
		got, err := Parse([]byte(copy), Options{Year: year})
		if err != nil {
			t.Fatalf("seed %d: Parse(Render): %v\n%s", seed, err, copy)
		}
		if diff := storyDiff(want, got); diff != "" {
			t.Fatalf("seed %d: round trip changed the story: %s\ncopy was:\n%s", seed, diff, copy)
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("seed %d: parsed story does not validate: %v", seed, err)
		}
	}
}
