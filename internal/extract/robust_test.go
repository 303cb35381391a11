package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// typicalStory is about 800 words of invented wire copy, built from the
// golden stories' paragraphs.
func typicalStory() *news.Story {
	s := &news.Story{Language: "en", Headline: "Leaders meet", Dateline: goldens[0].story.Dateline}
	words := 0
	for words < 800 {
		for _, gd := range goldens[:9] {
			for _, b := range gd.story.Body {
				s.Body = append(s.Body, b)
				words += len(strings.Fields(b.Text))
			}
			if words >= 800 {
				break
			}
		}
	}
	return s
}

func hugeStory(words int) *news.Story {
	var b strings.Builder
	s := &news.Story{Language: "en", Headline: "Huge"}
	n := 0
	for i := 0; n < words; i++ {
		gd := goldens[i%len(goldens)]
		p := gd.story.Body[i%len(gd.story.Body)].Text
		b.WriteString(p)
		b.WriteByte(' ')
		n += len(strings.Fields(p))
		if i%40 == 39 {
			s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: b.String()})
			b.Reset()
		}
	}
	s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: b.String()})
	return s
}

func TestHugeStoryBounded(t *testing.T) {
	g := gaz(t)
	for _, s := range []*news.Story{
		hugeStory(100000),
		{Body: []news.Block{{Kind: news.Paragraph, Text: strings.Repeat("Word ", 100000)}}},
		{Body: []news.Block{{Kind: news.Paragraph, Text: strings.Repeat(`"`, 100000)}}},
		{Body: []news.Block{{Kind: news.Paragraph, Text: strings.Repeat(`« “ „ ‘ `, 25000)}}},
		{Body: []news.Block{{Kind: news.Paragraph, Text: strings.Repeat(`President Ivan Ivanov said "yes," he said. `, 10000)}}},
	} {
		r := Extract(s, g)
		t.Logf("%d bytes: %d people, %d quotes", len(s.Text()), len(r.People), len(r.Quotes))
	}
}

func TestBadInput(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name   string
		paras  []string
		quotes int // at least this many quotes
	}{
		{"no letters", []string{"12345 !!! ??? ... 67", "«»“”\"\""}, 0},
		{"empty", []string{""}, 0},
		{"unbalanced open", []string{`President Ivan Petrov said: "We will win and we will keep going until the end`}, 1},
		{"unbalanced close", []string{`We will win and we will keep going," President Ivan Petrov said.`}, 0},
		{"nested", []string{`«Он сказал: „Мы придем“, и пришел», — заявил министр Иван Петров.`}, 1},
		{"nested english", []string{`"He told me 'we will come' and he came," President Ivan Petrov said.`}, 1},
		{"mixed scripts", []string{`Президент Ivan Петров said «это test» — заявил он. 東京 "日本語 text," he said.`}, 0},
		{"invalid utf8", []string{"President \xff\xfe Ivan Petrov said \"\xffok now go\"."}, 0},
		{"apostrophes", []string{`"We're not the ministers' puppets," Prime Minister Ann O'Neill said.`}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := story("en", "Test", news.Dateline{}, tt.paras...)
			r := Extract(s, g)
			if len(r.Quotes) < tt.quotes {
				t.Errorf("%d quotes (%+v); want at least %d", len(r.Quotes), r.Quotes, tt.quotes)
			}
			for _, q := range r.Quotes {
				if q.Paragraph < 1 || q.Paragraph > len(s.Body) {
					t.Errorf("quote %+v: paragraph out of range", q)
				}
			}
		})
	}
	if r := Extract(nil, g); len(r.People)+len(r.Quotes) != 0 {
		t.Error("nil story gave results")
	}
	if r := Extract(goldens[0].story, nil); len(r.People) == 0 || len(r.Places) != 0 {
		t.Errorf("without a gazetteer: %d people, %d places; want people and no places", len(r.People), len(r.Places))
	}
}

func TestQuoteDetails(t *testing.T) {
	g := gaz(t)
	tests := []struct {
		name  string
		paras []string
		want  []Quote
	}{
		{"said X", []string{`"We are ready," said Prime Minister Ann Holt.`},
			[]Quote{{Speaker: "Ann Holt", Text: "We are ready", Paragraph: 1, Verb: "said"}}},
		{"X said in an interview", []string{`Foreign Minister Ann Holt spoke on Monday.`, `"We are ready," Holt said in an interview.`},
			[]Quote{{Speaker: "Ann Holt", Text: "We are ready", Paragraph: 2, Verb: "said"}}},
		{"colon before", []string{`Governor Ann Holt said: "We are ready for the storm."`},
			[]Quote{{Speaker: "Ann Holt", Text: "We are ready for the storm.", Paragraph: 1, Verb: "said"}}},
		{"curly", []string{`“We are ready,” Governor Ann Holt said.`},
			[]Quote{{Speaker: "Ann Holt", Text: "We are ready", Paragraph: 1, Verb: "said"}}},
		{"statement", []string{`«Работы завершены в срок», — говорится в сообщении.`},
			[]Quote{{Speaker: "statement", Text: "Работы завершены в срок", Paragraph: 1, Verb: "говорится"}}},
		{"three paragraphs", []string{`Mayor Ann Holt said: "The first part.`, `"The second part.`, `"The third part."`},
			[]Quote{{Speaker: "Ann Holt", Text: "The first part. The second part. The third part.", Paragraph: 1, Verb: "said"}}},
		{"scare quotes", []string{`The so-called "peace plan" was dropped.`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Extract(story("en", "Test", news.Dateline{}, tt.paras...), g)
			if fmt.Sprint(r.Quotes) != fmt.Sprint(tt.want) {
				t.Errorf("quotes\n got %+v\nwant %+v", r.Quotes, tt.want)
			}
		})
	}
}

func TestPeopleMentions(t *testing.T) {
	r := Extract(goldens[0].story, gaz(t))
	for _, p := range r.People {
		if p.Name == "Kenji Morita" {
			// full name, Morita, the Japanese prime minister
			if p.Mentions < 3 || p.Country != "JP" {
				t.Errorf("Kenji Morita: %d mentions, country %q; want at least 3 and JP", p.Mentions, p.Country)
			}
			return
		}
	}
	t.Error("Kenji Morita not found")
}

func FuzzExtract(f *testing.F) {
	for _, gd := range goldens {
		f.Add(gd.story.Headline + "\n\n" + gd.story.Text())
	}
	f.Add("«„“”»\"'‘’")
	f.Add("\"\n\n\"\n\n\"")
	f.Add("President \xff Ivan")
	g, err := loadGazetteer()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		paras := strings.Split(text, "\n\n")
		s := &news.Story{Headline: paras[0], Dateline: news.Dateline{Place: paras[0]}}
		for _, p := range paras[1:] {
			s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: p})
		}
		r := Extract(s, g)
		for _, q := range r.Quotes {
			if q.Paragraph < 1 || q.Paragraph > len(s.Body) {
				t.Errorf("quote paragraph %d out of 1..%d", q.Paragraph, len(s.Body))
			}
		}
	})
}

func BenchmarkExtract(b *testing.B) {
	g := gaz(b)
	s := typicalStory()
	words := len(strings.Fields(s.Text()))
	b.ReportMetric(float64(words), "words")
	b.ResetTimer()
	for b.Loop() {
		Extract(s, g)
	}
}

// BenchmarkHugeStory extracts from a 100,000-word story; the time per
// operation shows whether extraction stays linear.
func BenchmarkHugeStory(b *testing.B) {
	g := gaz(b)
	s := hugeStory(100000)
	for b.Loop() {
		Extract(s, g)
	}
}
