package wirecopy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

var testNow = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) news.Date { return news.Date{Year: y, Month: m, Day: d} }

func TestParseTestdata(t *testing.T) {
	tests := []struct {
		file       string
		lang       string
		headline   string
		standfirst string
		place      string
		credit     string
		date       news.Date
		style      news.Style
		text       string // dateline as written
		firstPara  string // start of the first paragraph
		subheads   []string
		paragraphs int
	}{
		{
			file:       "tass_en.txt",
			lang:       "en",
			headline:   "Japan and Russia agree to study joint fishing zone off southern Kurils",
			standfirst: "The two governments will set up a working group before the end of March, the foreign ministers said after talks in Tokyo.",
			place:      "TOKYO", credit: "TASS", date: date(2025, 12, 18), style: news.StyleTASS,
			text:       "TOKYO, December 18. /TASS/.",
			firstPara:  "Japan and Russia have agreed",
			subheads:   []string{"Working group by March"},
			paragraphs: 5,
		},
		{
			file:       "tass_ru.txt",
			lang:       "ru",
			headline:   "В Подмосковье откроют три новых пригородных маршрута до конца года",
			standfirst: "Поезда будут ходить каждые 20 минут в часы пик, сообщили в областном министерстве транспорта.",
			place:      "МОСКВА", credit: "ТАСС", date: date(2026, 11, 24), style: news.StyleTASS,
			text:       "МОСКВА, 24 ноября. /ТАСС/.",
			firstPara:  "Три новых пригородных маршрута",
			subheads:   []string{"Расписание и тарифы"},
			paragraphs: 4,
		},
		{
			file:     "reuters.txt",
			lang:     "en",
			headline: "Chile's copper output rises 4% in October as new mine ramps up",
			place:    "SANTIAGO", credit: "Reuters", date: date(2026, 11, 27), style: news.StyleReuters,
			text:       "SANTIAGO, Nov 27 (Reuters) -",
			firstPara:  "Chile's copper production rose 4% in October from a year earlier, the national",
			subheads:   []string{"PRICES UNDER PRESSURE"},
			paragraphs: 5,
		},
		{
			file:     "ap.txt",
			lang:     "en",
			headline: "Senate passes stopgap bill to keep government open until February",
			place:    "WASHINGTON", credit: "AP", style: news.StyleAP,
			text:       "WASHINGTON (AP) —",
			firstPara:  "The Senate on Thursday passed",
			subheads:   []string{"What comes next"},
			paragraphs: 5,
		},
		{
			file:     "afp.txt",
			lang:     "en",
			headline: "France unveils plan to cut rail fares for under-26s",
			place:    "PARIS", credit: "AFP", date: date(2026, 11, 26), style: news.StyleAFP,
			text:       "PARIS, Nov 26, 2026 (AFP) -",
			firstPara:  "The French government on Thursday",
			subheads:   []string{"Unions cautious"},
			paragraphs: 5,
		},
		{
			file:     "xinhua.txt",
			lang:     "en",
			headline: "China launches new meteorological satellite",
			place:    "BEIJING", credit: "Xinhua", date: date(2026, 11, 25), style: news.StyleXinhua,
			text:       "BEIJING, Nov. 25 (Xinhua) --",
			firstPara:  "China successfully launched",
			paragraphs: 3,
		},
		{
			file:     "interfax.txt",
			lang:     "en",
			headline: "Russian regional airline to add winter flights to Murmansk",
			place:    "MOSCOW", credit: "Interfax", date: date(2026, 11, 24), style: news.StyleInterfax,
			text:       "MOSCOW. Nov 24 (Interfax) -",
			firstPara:  "A Russian regional airline",
			paragraphs: 3,
		},
		{
			file:       "nodateline.txt",
			lang:       "en",
			headline:   "Library of small town reopens after two years of repairs",
			firstPara:  "The town library reopened on Saturday after two years of repairs.",
			subheads:   []string{"New hours"},
			paragraphs: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(raw, Options{Now: testNow})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.Status != news.StatusDraft {
				t.Errorf("status = %q, want draft", s.Status)
			}
			if s.Language != tt.lang {
				t.Errorf("language = %q, want %q", s.Language, tt.lang)
			}
			if s.Headline != tt.headline {
				t.Errorf("headline = %q, want %q", s.Headline, tt.headline)
			}
			if s.Standfirst != tt.standfirst {
				t.Errorf("standfirst = %q, want %q", s.Standfirst, tt.standfirst)
			}
			dl := s.Dateline
			if dl.Place != tt.place || dl.Credit != tt.credit || dl.Date != tt.date || dl.Style != tt.style || dl.Text != tt.text {
				t.Errorf("dateline = %+v, want place %q credit %q date %v style %q text %q", dl, tt.place, tt.credit, tt.date, tt.style, tt.text)
			}
			var subheads []string
			paragraphs := 0
			for _, b := range s.Body {
				switch b.Kind {
				case news.Subheading:
					subheads = append(subheads, b.Text)
				case news.Paragraph:
					paragraphs++
				}
				if b.Text == "" || isBoilerplate(b.Text) {
					t.Errorf("body block %q should not be there", b.Text)
				}
			}
			if !reflect.DeepEqual(subheads, tt.subheads) {
				t.Errorf("subheadings = %q, want %q", subheads, tt.subheads)
			}
			if paragraphs != tt.paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", paragraphs, tt.paragraphs, s.Text())
			}
			if len(s.Body) == 0 || s.Body[0].Kind != news.Paragraph || !strings.HasPrefix(s.Body[0].Text, tt.firstPara) {
				t.Errorf("first block = %+v, want a paragraph starting %q", s.Body, tt.firstPara)
			}
			if err := s.Validate(); err != nil {
				t.Errorf("parsed story does not validate: %v", err)
			}
			// No boilerplate anywhere in the story.
			all := s.Headline + "\n" + s.Standfirst + "\n" + s.Text()
			for _, bp := range []string{"All news", "Updated at", "Все новости", "Обновлено", "Поделиться", "Share", "Full version"} {
				if strings.Contains(all, bp) {
					t.Errorf("boilerplate %q reached the story", bp)
				}
			}
			// Render and read back: the same story.
			again, err := Parse([]byte(Render(s)), Options{Now: testNow})
			if err != nil {
				t.Fatalf("Parse(Render): %v\n%s", err, Render(s))
			}
			assertSameStory(t, s, again)
		})
	}
}

// assertSameStory compares what Render must carry through.
func assertSameStory(t *testing.T, want, got *news.Story) {
	t.Helper()
	if diff := storyDiff(want, got); diff != "" {
		t.Error(diff)
	}
}

// storyDiff describes how got differs from want in headline, standfirst,
// dateline fields and body, or returns "".
func storyDiff(want, got *news.Story) string {
	var d []string
	if got.Headline != want.Headline {
		d = append(d, fmt.Sprintf("headline = %q, want %q", got.Headline, want.Headline))
	}
	if got.Standfirst != want.Standfirst {
		d = append(d, fmt.Sprintf("standfirst = %q, want %q", got.Standfirst, want.Standfirst))
	}
	g, w := got.Dateline, want.Dateline
	if g.Place != w.Place || g.Credit != w.Credit || g.Date != w.Date || g.Style != w.Style {
		d = append(d, fmt.Sprintf("dateline = %+v, want %+v", g, w))
	}
	if !reflect.DeepEqual(got.Body, want.Body) {
		d = append(d, fmt.Sprintf("body =\n%q\nwant\n%q", got.Body, want.Body))
	}
	return strings.Join(d, "\n")
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("word ", news.MaxHeadline/5+1)
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"empty", "", 1, "empty input"},
		{"blank", " \n\n\t\n", 1, "empty input"},
		{"bad utf8", "Headline\n\nGood line\nbad \xff byte\n", 4, "not valid UTF-8 at byte offset 24"},
		{"latin1", "Caf\xe9 opens\n", 1, "not valid UTF-8 at byte offset 3"},
		{"nul", "Headline\n\nbody\x00more", 3, "NUL byte at byte offset 14"},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00", 3, "NUL byte at byte offset 8: this looks like a binary file"},
		{"control", "Head\n\x1b[0m\n", 2, "control character U+001B at byte offset 5"},
		{"only boilerplate", "All news\nUpdated at: 18 Dec 2016, 09:15\n\nShare\n", 1, "no headline"},
		{"dateline first", "TOKYO, December 18. /TASS/. Japan said on Sunday.\n\nMore.\n", 1, "no headline: the first line starts with the dateline"},
		{"paragraph too long", "Headline\n\nFirst.\n\n" + strings.Repeat("x", news.MaxBlockText+1), 5, "paragraph is 20001 characters long; the limit is 20000"},
		{"standfirst too long", "Headline\n\n" + strings.Repeat("y", news.MaxStandfirst+1) + "\n\nPARIS (AFP) - Text.", 3, "standfirst (the text between headline and dateline) is 2001 characters long"},
		{"too many blocks", "Headline\n\n" + strings.Repeat("Text.\n\n", news.MaxBodyBlocks+1), 2*news.MaxBodyBlocks + 3, "the body has 2001 paragraphs and subheadings; the limit is 2000"},
		{"headline too long", "All news\n\n" + long + "\n\nBody.", 3, "headline is 404 characters long; the limit is 400"},
		{"xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalogItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n</catalogItem>\n", 1, "the copy starts with markup (<?xml version=\"1.0\" encoding=\"UTF-8\"?>): XML or HTML is not wire copy"},
		{"html", "\n\n  <!DOCTYPE html>\n<html><body><p>Text</p></body></html>", 3, "starts with markup (<!DOCTYPE html>)"},
		{"tag", "All news\n<newsItem guid=\"a-very-long-guid-that-goes-on-and-on-and-on\">\n", 2, "starts with markup (<newsItem guid=\"a-very-long-guid-that-go…)"},
		{"closing tag", "</p>\n\nText.", 1, "starts with markup (</p>)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.in), Options{Now: testNow})
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", s)
			}
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("error %T %v is not a *wirecopy.Error", err, err)
			}
			if we.Line != tt.line || !strings.Contains(we.Msg, tt.msg) {
				t.Errorf("error = %q, want line %d and %q", err, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("Error() = %q, want it to start with the line", err)
			}
		})
	}
}

func TestParseLayout(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		standfirst string
		body       []news.Block
	}{
		{
			name: "crlf and bom",
			in:   "\ufeffHeadline here\r\n\r\nSANTIAGO, Nov 27 (Reuters) - First.\r\n\r\nSecond.\r\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First."}, {Kind: news.Paragraph, Text: "Second."}},
		},
		{
			name: "hard wrapped paragraphs are joined",
			in:   "Headline here\n\nSANTIAGO, Nov 27 (Reuters) - First line of the\nparagraph goes on here\nand ends.\n\nSecond.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First line of the paragraph goes on here and ends."}, {Kind: news.Paragraph, Text: "Second."}},
		},
		{
			name: "dateline on its own line in a wrapped paragraph",
			in:   "Headline here\n\nSANTIAGO, Nov 27 (Reuters) -\nFirst.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First."}},
		},
		{
			name: "short sentences one per line",
			in:   "Headline here\nThe vote was close.\nIt passed.\nNobody objected.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "The vote was close."}, {Kind: news.Paragraph, Text: "It passed."}, {Kind: news.Paragraph, Text: "Nobody objected."}},
		},
		{
			name: "boilerplate in the middle splits and vanishes",
			in:   "Headline here\n\nFirst paragraph.\nShare\nSecond paragraph.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First paragraph."}, {Kind: news.Paragraph, Text: "Second paragraph."}},
		},
		{
			name: "subheading needs a paragraph after it",
			in:   "Headline here\n\nFirst paragraph.\n\nNot a subheading\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First paragraph."}, {Kind: news.Paragraph, Text: "Not a subheading"}},
		},
		{
			name: "short sentence with a full stop is a paragraph",
			in:   "Headline here\n\nFirst paragraph.\n\nHe left.\n\nThen more.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First paragraph."}, {Kind: news.Paragraph, Text: "He left."}, {Kind: news.Paragraph, Text: "Then more."}},
		},
		{
			name: "two candidates: only the second is a subheading",
			in:   "Headline here\n\nFirst paragraph.\n\nOne\n\nTwo\n\nText.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "First paragraph."}, {Kind: news.Paragraph, Text: "One"}, {Kind: news.Subheading, Text: "Two"}, {Kind: news.Paragraph, Text: "Text."}},
		},
		{
			name: "quotes kept exactly",
			in:   "Headline here\n\n\"Straight,\" she said. “Curly” and «angle» ‘single’.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "\"Straight,\" she said. “Curly” and «angle» ‘single’."}},
		},
		{
			name:       "two blocks before the dateline make the standfirst",
			in:         "Headline here\n\nLead one.\n\nLead two.\n\nPARIS (AFP) - Body.\n",
			standfirst: "Lead one.\n\nLead two.",
			body:       []news.Block{{Kind: news.Paragraph, Text: "Body."}},
		},
		{
			name: "a dateline late in the story is text",
			in:   "Headline here\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nPARIS (AFP) - Five.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "One."}, {Kind: news.Paragraph, Text: "Two."}, {Kind: news.Paragraph, Text: "Three."}, {Kind: news.Paragraph, Text: "Four."}, {Kind: news.Paragraph, Text: "PARIS (AFP) - Five."}},
		},
		{
			name: "impossible date: no dateline, text kept",
			in:   "Headline here\n\nTOKYO, Feb 30 (Reuters) - Text.\n",
			body: []news.Block{{Kind: news.Paragraph, Text: "TOKYO, Feb 30 (Reuters) - Text."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse([]byte(tt.in), Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if s.Headline != "Headline here" {
				t.Errorf("headline = %q", s.Headline)
			}
			if s.Standfirst != tt.standfirst {
				t.Errorf("standfirst = %q, want %q", s.Standfirst, tt.standfirst)
			}
			if !reflect.DeepEqual(s.Body, tt.body) {
				t.Errorf("body =\n%q\nwant\n%q", s.Body, tt.body)
			}
		})
	}
}

func TestRender(t *testing.T) {
	s := &news.Story{
		Headline:   "Japan and Russia agree on fishing",
		Standfirst: "A working group will report by March.",
		Dateline:   news.Dateline{Place: "TOKYO", Credit: "TASS", Date: date(2026, 12, 18), Style: news.StyleTASS, Text: "old text"},
		Body: []news.Block{
			{Kind: news.Paragraph, Text: "The ministers met on Sunday."},
			{Kind: news.Subheading, Text: "Next steps"},
			{Kind: news.Paragraph, Text: "They meet again in spring."},
		},
	}
	want := "Japan and Russia agree on fishing\n\nA working group will report by March.\n\n" +
		"TOKYO, December 18. /TASS/. The ministers met on Sunday.\n\nNext steps\n\nThey meet again in spring.\n"
	if got := Render(s); got != want {
		t.Errorf("Render =\n%s\nwant\n%s", got, want)
	}

	// A dated AP dateline keeps its date, and a year the copy wrote is
	// kept although the house style leaves it out.
	for _, in := range []string{"0\nAB, Nov 1 (AP) - x", "0\nSANTIAGO, Nov 27, 2019 (Reuters) - x", "0\nМОСКВА, 24 ноября 2019 г. /ТАСС/. x"} {
		parsed, err := Parse([]byte(in), Options{Year: 2024})
		if err != nil || parsed.Dateline.Date.IsZero() {
			t.Fatalf("Parse(%q) = %+v, %v", in, parsed, err)
		}
		again, err := Parse([]byte(Render(parsed)), Options{Year: 2024})
		if err != nil {
			t.Fatalf("Parse(Render(%q)): %v", in, err)
		}
		if diff := storyDiff(parsed, again); diff != "" {
			t.Errorf("%q: Render+Parse changed the story: %s\nrender: %q", in, diff, Render(parsed))
		}
	}
	ap := *s
	ap.Dateline = news.Dateline{Place: "AB", Credit: "AP", Date: date(2024, 11, 1), Style: news.StyleAP}
	if got := Render(&ap); !strings.Contains(got, "\nAB, Nov 1 (AP) — The ministers") {
		t.Errorf("Render of a dated AP dateline =\n%s", got)
	}
	// The input FuzzParse found: a one-letter place is no place, dated or
	// not, so the line stays in the text.
	found, err := Parse([]byte("0\nA, Nov 1 (AP) -"), Options{Year: 2024})
	if err != nil || !found.Dateline.IsZero() || len(found.Body) != 1 || found.Body[0].Text != "A, Nov 1 (AP) -" {
		t.Errorf("Parse of the fuzzer's input = %+v, %v", found, err)
	}

	// Without a style the dateline is written as it was.
	s.Dateline = news.Dateline{Place: "Somewhere", Credit: "Own", Text: "SOMEWHERE (Own) -"}
	s.Standfirst = ""
	if got := Render(s); !strings.HasPrefix(got, "Japan and Russia agree on fishing\n\nSOMEWHERE (Own) - The ministers") {
		t.Errorf("Render without style =\n%s", got)
	}
}
