package conll

import (
	"strings"
	"testing"

	"github.com/dateline-news/dateline/internal/news"
)

// sample is written by the team in the shape of the CoNLL-2003 data: two
// documents, each a headline, a dateline sentence and body sentences.
const sample = `HARBOUR O 0
BOARD O 0
BACKS O 0
FERRIES O 0

BERGEN B-LOC 0
2026-11-17 O 0

Ingrid B-PER 0
Holm I-PER 0
of O 0
the O 0
Bergen B-ORG 0
Harbour I-ORG 0
Board I-ORG 0
said O 0
the O 0
" O 0
night O 0
ferries O 0
" O 0
would O 0
start O 0
in O 0
March O 0
. O 0

Holm B-PER 0
spoke O 0
in O 0
Norwegian B-MISC 0
( O 0
Norway B-LOC 0
) O 0
. O 0

-DOCSTART- -X- -X- O

CYCLING O 0
- O 0
C. B-PER 0
CAIRNS I-PER 0
WINS O 0

LYON B-LOC 0
, O 0
France B-LOC 0
2026-11-18 O 0

Cairns B-PER 0
won O 0
for O 0
Team B-ORG 0
Fjord I-ORG 0
. O 0
`

func TestReadAndStory(t *testing.T) {
	docs, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	s := docs[0].Story()
	if s.Headline != "HARBOUR BOARD BACKS FERRIES" || s.Dateline.Place != "BERGEN" || s.Dateline.Date != (news.Date{Year: 2026, Month: 11, Day: 17}) {
		t.Errorf("story 1: headline %q dateline %+v", s.Headline, s.Dateline)
	}
	if len(s.Body) != 2 || s.Body[0].Text != `Ingrid Holm of the Bergen Harbour Board said the "night ferries" would start in March.` || s.Body[1].Text != "Holm spoke in Norwegian (Norway)." {
		t.Errorf("story 1 body: %+v", s.Body)
	}
	if s := docs[1].Story(); s.Headline != "CYCLING - C. CAIRNS WINS" || s.Dateline.Place != "LYON, France" {
		t.Errorf("story 2: headline %q dateline %+v", s.Headline, s.Dateline)
	}
	gold := docs[1].Gold()
	var people []Entity
	for _, e := range gold {
		if e.Kind == "PER" {
			people = append(people, e)
		}
	}
	if len(people) != 1 || len(people[0].Forms) != 2 {
		t.Errorf("\"C. CAIRNS\" and \"Cairns\" should be one person: %+v", people)
	}
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{"Word\n", "Word B-FOO 0\n", "Ingrid B-PER 0\nHolm\n"} {
		_, err := Read(strings.NewReader(in))
		if _, ok := err.(*Error); !ok {
			t.Errorf("Read(%q) = %v, want a *conll.Error with the line", in, err)
		}
	}
}

func TestEvaluate(t *testing.T) {
	docs, err := Read(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	// A stand-in extractor that gives fixed answers per document, to
	// check the arithmetic: document 1 finds Holm (by the short name),
	// Bergen as a place, a wrong organisation; document 2 finds
	// "C. Cairns", Lyon and Paris, and misses the team.
	extract := func(s *news.Story) news.Entities {
		if s.Dateline.Place == "BERGEN" {
			return news.Entities{
				People:        []news.Person{{Name: "Holm"}},
				Places:        []news.Place{{Name: "Bergen"}, {Name: "Kingdom of Norway"}},
				Organisations: []news.Organisation{{Name: "Harbour"}},
			}
		}
		return news.Entities{People: []news.Person{{Name: "C. Cairns"}}, Places: []news.Place{{Name: "Lyon"}, {Name: "Paris"}}}
	}
	r := Evaluate(docs, extract, Options{PlaceNames: func(form string) []string {
		if form == "Norway" {
			return []string{"Kingdom of Norway"}
		}
		return nil
	}})
	want := map[string]Count{
		"PER": {Gold: 2, Found: 2, Extracted: 2, Correct: 2},
		"LOC": {Gold: 4, Found: 3, Extracted: 4, Correct: 3},
		"ORG": {Gold: 2, Found: 0, Extracted: 1, Correct: 0},
	}
	for k, w := range want {
		if r.Kinds[k] != w {
			t.Errorf("%s: %+v, want %+v", k, r.Kinds[k], w)
		}
	}
	var b strings.Builder
	r.Print(&b)
	if !strings.Contains(b.String(), "places              4      3         4       3     0.750   0.750  0.750") {
		t.Errorf("table:\n%s", b.String())
	}
}

// FuzzRead checks that any input is read or refused with a line number,
// never a panic, and that whatever is read files as stories and scores.
func FuzzRead(f *testing.F) {
	f.Add(sample)
	f.Add("A I-PER 0\n\nB 2026-01-01 O\n")
	f.Add("-DOCSTART- -X- -X- O\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		docs, err := Read(strings.NewReader(in))
		if err != nil {
			if _, ok := err.(*Error); !ok && !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		r := Evaluate(docs, func(s *news.Story) news.Entities {
			return news.Entities{People: []news.Person{{Name: s.Headline}}}
		}, Options{})
		if c := r.All(); c.Found > c.Gold || c.Correct > c.Extracted {
			t.Fatalf("impossible counts %+v", c)
		}
	})
}
