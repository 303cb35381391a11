package copycheck

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/testenv"
)

func story(lang, headline string, paras ...string) *news.Story {
	s := &news.Story{Language: lang, Headline: headline}
	for _, p := range paras {
		s.Body = append(s.Body, news.Block{Kind: news.Paragraph, Text: p})
	}
	return s
}

// only returns the findings of one kind.
func only(fs []Finding, kind string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

func TestNameSpelling(t *testing.T) {
	tests := []struct {
		name   string
		s      *news.Story
		people []news.Person
		want   []string // the misspelt names reported, in order
		paras  []int
	}{
		{"one letter dropped", story("en", "Talks resume",
			"North Korea said on Monday it would attend.", "Officials from North Korea arrived.", "North Kore sent a delegation of ten."),
			nil, []string{"North Kore"}, []int{3}},
		{"letters swapped", story("en", "Port vote",
			"Mayor Marta Soler said the vote was final.", "Marta Solre did not say when."),
			nil, []string{"Marta Solre"}, []int{2}},
		{"same spelling", story("en", "Port vote",
			"Mayor Marta Soler said the vote was final.", "Marta Soler did not say when."), nil, nil, nil},
		{"different names", story("en", "Korea",
			"North Korea and South Korea met.", "New York and New Jersey agreed."), nil, nil, nil},
		{"possessive", story("en", "Vote",
			"Marta Soler said so.", "Marta Soler's office agreed."), nil, nil, nil},
		{"Russian cases", story("ru", "Переговоры",
			"Министр Андрей Воронцов провёл переговоры.", "По словам Андрея Воронцова, работа продолжится.", "Андрею Воронцову сообщили об итогах."),
			nil, nil, nil},
		{"Russian misspelling", story("ru", "Переговоры",
			"Министр Андрей Воронцов провёл переговоры.", "Андрей Воронцев заявил, что работа продолжится."),
			nil, []string{"Андрей Воронцев"}, []int{2}},
		{"sentence start word", story("en", "Vote",
			"The Harbour Board met.", "In Harbour Board meetings nobody shouts."), nil, nil, nil},
		{"against an extracted person", story("en", "Vote",
			"Ingrid Halvorsen spoke.", "Ingrid Halvorson agreed."), []news.Person{{Name: "Ingrid Halvorsen"}}, []string{"Ingrid Halvorson"}, []int{2}},
		{"headline only in capitals", story("en", "NORTH KOREA TALKS", "North Korea spoke."), nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(Check(tt.s, news.Entities{People: tt.people}, nil, Options{}), KindNameSpelling)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings %+v, want %v", len(got), got, tt.want)
			}
			for i, f := range got {
				if !strings.HasPrefix(f.Message, `"`+tt.want[i]+`"`) || f.Paragraph != tt.paras[i] || !strings.Contains(f.Excerpt, tt.want[i]) {
					t.Errorf("finding %+v, want %q in paragraph %d", f, tt.want[i], tt.paras[i])
				}
			}
		})
	}
}

func TestSpelling(t *testing.T) {
	en := NewDictionary("en", []string{"the", "council", "vote", "keep", "market", "on", "water", "house", "say", "said", "to", "a", "is", "it", "and", "more"})
	tests := []struct {
		name string
		dict *Dictionary
		s    *news.Story
		want []string // unknown words, in order
		note bool
	}{
		{"all known, inflected", en, story("en", "Councils vote", "The council voted to keep the markets on the water.", "Housing is said to..."), nil, false},
		{"misspelt", en, story("en", "Vote", "Teh council votted to keep the market."), []string{"votted"}, false},
		{"names and numbers skipped", en, story("en", "Vote", "Ingrid Halvorsen said 14 votes on NATO, iPhone and 3rd."), []string{}, false},
		{"each word once", en, story("en", "Vote", "The vottes and vottes.", "More vottes."), []string{"vottes"}, false},
		{"no dictionary", nil, story("en", "Vote", "Teh council."), nil, true},
		{"no dictionary for the language", en, story("fr", "Vote", "Le conseil."), nil, true},
		{"other script skipped", NewDictionary("ru", []string{"совет", "обсудить", "и"}), story("ru", "Совет", "Совет обсудил Brexit и совета."), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Check(tt.s, news.Entities{}, tt.dict, Options{})
			got := only(fs, KindSpelling)
			if notes := only(fs, KindNote); (len(notes) > 0) != tt.note {
				t.Errorf("notes %+v, want note=%v", notes, tt.note)
			}
			var words []string
			for _, f := range got {
				words = append(words, strings.SplitN(f.Message, `"`, 3)[1])
			}
			want := tt.want
			if strings.Join(words, ",") != strings.Join(want, ",") {
				t.Errorf("unknown words %v, want %v", words, want)
			}
		})
	}
}

func TestSpellingFirstWordCase(t *testing.T) {
	// "Teh" at the start of a sentence is capitalised and so skipped as
	// a possible name; the check is about lower-case words.
	en := NewDictionary("en", []string{"the"})
	got := only(Check(story("en", "x", "Teh the."), news.Entities{}, en, Options{}), KindSpelling)
	// "x" in the headline is one letter: skipped. "Teh" is capitalised.
	if len(got) != 0 {
		t.Errorf("findings %+v, want none", got)
	}
	// The same slip in lower case inside the sentence is reported.
	got = only(Check(story("en", "x", "The teh."), news.Entities{}, en, Options{}), KindSpelling)
	if len(got) != 1 || got[0].Paragraph != 1 || !strings.Contains(got[0].Message, `"teh"`) {
		t.Errorf("findings %+v, want one for \"teh\" in paragraph 1", got)
	}
}

func TestHunspellDictionaries(t *testing.T) {
	testenv.File(t, DefaultDictionaryDir+"/en_US.dic", "apt-get install hunspell-en-us hunspell-ru")
	start := time.Now()
	d := LoadDictionaries(DefaultDictionaryDir, DefaultDictionaries)
	t.Logf("loaded in %v", time.Since(start))
	for _, lang := range []string{"en", "ru"} {
		if !d.Has(lang) {
			t.Fatalf("no %s list: %s", lang, d.Missing(lang))
		}
	}
	tests := []struct {
		lang, word string
		known      bool
	}{
		{"en", "councillors", true}, {"en", "voted", true}, {"en", "markets", true}, {"en", "running", true},
		{"en", "studies", true}, {"en", "happily", true}, {"en", "harbour", true}, {"en", "harbor", true},
		{"en", "teh", false}, {"en", "recieve", false}, {"en", "goverment", false},
		{"ru", "переговоры", true}, {"ru", "договорились", true}, {"ru", "провёл", true}, {"ru", "министра", true},
		{"ru", "продолжить", true}, {"ru", "работу", true}, {"ru", "заявил", true},
		{"ru", "превительство", false}, {"ru", "пириговоры", false},
	}
	for _, tt := range tests {
		if got := d.Known(tt.lang, tt.word); got != tt.known {
			t.Errorf("Known(%s, %q) = %v, want %v", tt.lang, tt.word, got, tt.known)
		}
	}
	// An invented story in each language has no spelling findings.
	en := story("en", "Harbour board approves new tram line",
		"The harbour board voted on Monday to build a tram line along the waterfront, ending a two-year dispute over costs.",
		"\"This line will change how the city moves,\" the transport minister told reporters after the meeting.")
	ru := story("ru", "Министр провёл переговоры",
		"Министр иностранных дел провёл переговоры в Москве и договорился продолжить работу над соглашением.",
		"«Мы договорились продолжить работу», — заявил министр журналистам после встречи.")
	for _, s := range []*news.Story{en, ru} {
		if got := only(Check(s, news.Entities{}, d, Options{}), KindSpelling); len(got) > 0 {
			t.Errorf("%s story: unexpected spelling findings %+v", s.Language, got)
		}
	}
	missing := LoadDictionaries(t.TempDir(), DefaultDictionaries)
	if missing.Has("en") || !strings.Contains(missing.Missing("en"), "hunspell-en-us") {
		t.Errorf("a missing dictionary says %q", missing.Missing("en"))
	}
}

func TestKOI8Dictionary(t *testing.T) {
	dir := t.TempDir()
	// "совет" and "дом" in KOI8-R.
	if err := os.WriteFile(dir+"/xx.dic", []byte("2\n\xd3\xcf\xd7\xc5\xd4/AB\n\xc4\xcf\xcd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/xx.aff", []byte("SET KOI8-R\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := LoadDictionaries(dir, map[string][]DictionaryFile{"ru": {{Name: "xx", Package: "test"}}})
	if !d.Known("ru", "совета") || !d.Known("ru", "дом") || d.Known("ru", "сивет") {
		t.Errorf("KOI8-R list not read: %s", d.Missing("ru"))
	}
}

func TestDoubledWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"The council voted to keep the the market.", []string{"…the the market.…"}},
		{"The The council.", []string{"The The"}},
		{"Well, well, the vote passed.", nil},
		{"He had had enough, and that that was final.", nil},
		{"Он сказал, что что-то изменится.", nil},
		{"Совет совет решил.", []string{"Совет совет"}},
		{"In 2024 2024 results.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := only(Check(story("en", "x", tt.text), news.Entities{}, nil, Options{}), KindDoubledWord)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %d findings", got, len(tt.want))
			}
			for i, f := range got {
				if f.Paragraph != 1 || !strings.Contains(f.Excerpt, strings.Trim(tt.want[i], "…")) {
					t.Errorf("finding %+v, want excerpt with %q", f, tt.want[i])
				}
			}
		})
	}
}

func TestQuoteMarks(t *testing.T) {
	tests := []struct {
		name  string
		paras []string
		want  []int // paragraphs reported
	}{
		{"balanced", []string{`"Yes," she said.`, "«Да», — сказал он.", "“Fine,” he said.", "„Gut“, sagte er."}, nil},
		{"straight odd", []string{`"Yes, she said.`}, []int{1}},
		{"guillemet open", []string{"«Да, — сказал он."}, []int{1}},
		{"guillemet close only", []string{"Да», — сказал он."}, []int{1}},
		{"curly close only", []string{"Fine,” he said."}, []int{1}},
		{"nested guillemets", []string{"«Проект „Север“ и «Юг» важны», — сказал он."}, nil},
		{"continued quotation", []string{"“We will build it.", "“And we will finish it,” she said."}, nil},
		{"open at the end", []string{"He said: “We will build it.", "Nobody answered."}, []int{1}},
		{"apostrophes ignored", []string{"The council's vote, the mayors' plan."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := only(Check(story("en", "x", tt.paras...), news.Entities{}, nil, Options{}), KindQuotes)
			var ps []int
			for _, f := range got {
				ps = append(ps, f.Paragraph)
			}
			if len(ps) != len(tt.want) || (len(ps) > 0 && ps[0] != tt.want[0]) {
				t.Errorf("paragraphs %v, want %v (%+v)", ps, tt.want, got)
			}
		})
	}
	// The headline counts too.
	if got := only(Check(story("en", `Mayor: "We stay`, "Fine."), news.Entities{}, nil, Options{}), KindQuotes); len(got) != 1 || got[0].Paragraph != 0 {
		t.Errorf("headline: %+v", got)
	}
}

func TestDatelineStyle(t *testing.T) {
	d := news.Date{Year: 2026, Month: 11, Day: 27}
	tests := []struct {
		name string
		dl   news.Dateline
		want news.Style
		find bool
	}{
		{"same style", news.Dateline{Place: "SANTIAGO", Credit: "Reuters", Style: news.StyleReuters, Date: d}, news.StyleReuters, false},
		{"other style", news.Dateline{Place: "TOKYO", Credit: "TASS", Style: news.StyleTASS, Date: d}, news.StyleReuters, true},
		{"style from the text", news.Dateline{Place: "TOKYO", Credit: "TASS", Text: "TOKYO, November 27. /TASS/."}, news.StyleTASS, false},
		{"text in another style", news.Dateline{Place: "WASHINGTON", Credit: "AP", Text: "WASHINGTON (AP) —"}, news.StyleAFP, true},
		{"no house style", news.Dateline{Place: "TOKYO", Credit: "TASS", Style: news.StyleTASS}, news.StyleNone, false},
		{"no dateline", news.Dateline{}, news.StyleReuters, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := story("en", "x", "Body.")
			s.Dateline = tt.dl
			got := only(Check(s, news.Entities{}, nil, Options{DatelineStyle: tt.want}), KindDateline)
			if (len(got) > 0) != tt.find {
				t.Fatalf("findings %+v, want a finding: %v", got, tt.find)
			}
			if tt.find && !strings.Contains(got[0].Message, string(tt.want)) {
				t.Errorf("message %q does not name the house style", got[0].Message)
			}
		})
	}
}

func TestHeadlineAttribution(t *testing.T) {
	abe := news.Entities{Quotes: []news.Quote{{Speaker: "Shinzo Abe", Text: "useful", Paragraph: 2}}}
	putin := news.Entities{Quotes: []news.Quote{{Speaker: "Владимир Путин", Text: "важно", Paragraph: 1}}}
	tests := []struct {
		headline string
		ex       news.Entities
		find     bool
	}{
		{"Talks were useful - PM Abe", abe, false},
		{"Talks were useful — Abe", abe, false},
		{"Talks were useful - PM Abe", putin, true},
		{"Talks were useful - PM Abe", news.Entities{}, true},
		{"Переговоры были полезными — Путин", putin, false},
		{"Переговоры были полезными — Путин", abe, true},
		{"Talks were useful", news.Entities{}, false},
		{"Mid-term vote set for May", news.Entities{}, false},
		{"Vote set - 2026", news.Entities{}, false},
		{"Harbour talks - UN", news.Entities{}, false},
		{"Harbour deal sealed - analysis", news.Entities{}, false},
		// The subject of a verb of saying is the speaker too.
		{"Putin says Moscow is ready for talks", news.Entities{}, true},
		{"Putin says Moscow is ready for talks", abe, true},
		{"Putin says Moscow is ready for talks", news.Entities{Quotes: []news.Quote{{Speaker: "Vladimir Putin", Text: "ready"}}}, false},
		{"Путин заявил о готовности к переговорам", putin, false},
		{"Путин заявил о готовности к переговорам", news.Entities{}, true},
		{"Ferry operator says timetable will change", news.Entities{}, false},
		{"Explainer: how heat pumps work", news.Entities{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.headline, func(t *testing.T) {
			got := only(Check(story("en", tt.headline, "Body."), tt.ex, nil, Options{}), KindAttribution)
			if (len(got) > 0) != tt.find {
				t.Errorf("findings %+v, want a finding: %v", got, tt.find)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"North Korea", "North Kore", 1}, {"Soler", "Solre", 1}, {"Soler", "Slore", 2}, {"abc", "abc", 0}, {"Воронцов", "Воронцев", 1},
		{"abcdef", "uvwxyz", 3}, // capped at max+1
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, 2); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("Talks - PM Abe", "North Korea said. North Kore said «да", "the the “x")
	f.Add("", "", "")
	f.Add("— Путин", "Андрей Воронцов «„Север“»", "\"\"\"")
	f.Add("a - B", strings.Repeat("Aa Bb ", 50), "\xff\xfe")
	dict := NewDictionary("en", []string{"the", "said"})
	f.Fuzz(func(t *testing.T, headline, p1, p2 string) {
		s := story("en", headline, p1, p2)
		s.Dateline = news.Dateline{Place: p1, Credit: "X", Text: p2}
		ex := news.Entities{People: []news.Person{{Name: p1}}, Quotes: []news.Quote{{Speaker: p2}}}
		fs := Check(s, ex, dict, Options{DatelineStyle: news.StyleReuters})
		for _, fi := range fs {
			if fi.Paragraph < 0 || fi.Paragraph > 2 || fi.Kind == "" || fi.Message == "" {
				t.Errorf("bad finding %+v", fi)
			}
			if !utf8.ValidString(fi.Excerpt) || !utf8.ValidString(fi.Message) {
				t.Errorf("finding not valid UTF-8: %+v", fi)
			}
		}
	})
}

// BenchmarkHugeStory checks a 100,000-word story; the time per operation
// shows whether the checks stay linear.
func BenchmarkHugeStory(b *testing.B) {
	s := hugeStory()
	d := NewDictionary("en", []string{"said"})
	for b.Loop() {
		Check(s, news.Entities{}, d, Options{})
	}
}

func TestHugeStory(t *testing.T) {
	fs := Check(hugeStory(), news.Entities{}, NewDictionary("en", []string{"said"}), Options{})
	if len(fs) == 0 {
		t.Error("no finding in a story of repeated words and unknown ones")
	}
}

func hugeStory() *news.Story {
	var b strings.Builder
	for i := 0; b.Len() < 600_000; i++ {
		b.WriteString("Name")
		b.WriteString(string(rune('A' + i%26)))
		b.WriteString(" Surname")
		b.WriteString(string(rune('a' + (i/26)%26)))
		b.WriteString(" the the «said ")
	}
	return story("en", "x", b.String())
}
