package demo

import (
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dateline-news/dateline/internal/news"
)

// fixedNow is the load time used by the tests.
var fixedNow = time.Date(2026, time.November, 29, 6, 30, 0, 0, time.UTC)

func load(t *testing.T, now time.Time) []Item {
	t.Helper()
	items, err := Stories(now)
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	return items
}

func TestStoriesLoadAndValidate(t *testing.T) {
	items := load(t, fixedNow)
	if len(items) != 30 {
		t.Fatalf("got %d stories, want 30", len(items))
	}
	for _, it := range items {
		t.Run(it.Slug, func(t *testing.T) {
			s := it.Story
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if s.Status != news.StatusDraft || s.ID != "" || s.Version != 0 {
				t.Errorf("status %q id %q version %d; want a fresh draft", s.Status, s.ID, s.Version)
			}
			if s.Source != "demo:"+it.Slug {
				t.Errorf("source %q, want demo:%s", s.Source, it.Slug)
			}
			if s.Headline == "" || s.Standfirst == "" || s.Section == "" || len(s.Tags) == 0 {
				t.Errorf("headline, standfirst, section and tags must all be set: %+v", s)
			}
			if it.Age < 0 || it.Age > 240*time.Hour {
				t.Errorf("age %v is outside the last ten days", it.Age)
			}
			paras, words := 0, len(strings.Fields(s.Standfirst))
			for i, b := range s.Body {
				if b.Kind == news.Paragraph {
					paras++
				} else if i == 0 {
					t.Errorf("body starts with a subheading %q", b.Text)
				}
				words += len(strings.Fields(b.Text))
			}
			if paras < 3 || paras > 7 {
				t.Errorf("%d paragraphs, want 3 to 7", paras)
			}
			if words < 80 || words > 300 {
				t.Errorf("%d words in standfirst and body, want 80 to 300", words)
			}
			if c := it.Corrected(); c != nil {
				if err := c.Validate(); err != nil {
					t.Errorf("corrected version: %v", err)
				}
				if c.Text() == s.Text() && c.Standfirst == s.Standfirst && c.Headline == s.Headline {
					t.Errorf("correction changes nothing")
				}
				if !strings.Contains(c.Text(), it.FixNew) || strings.Contains(s.Text(), it.FixNew) {
					t.Errorf("fix %q => %q is not applied to the corrected version only", it.FixOld, it.FixNew)
				}
			}
			if u := it.Updated(); u != nil {
				if len(u.Body) != len(s.Body)+1 || u.Body[len(u.Body)-1].Text != it.Update {
					t.Errorf("updated version does not end with the update paragraph")
				}
				if len(s.Body) == len(u.Body) {
					t.Errorf("Updated changed the original story")
				}
			}
		})
	}
}

func TestDatelines(t *testing.T) {
	items := load(t, fixedNow)
	for _, it := range items {
		s := it.Story
		d := s.Dateline
		if d.Style == news.StyleNone {
			if !d.IsZero() {
				t.Errorf("%s: no style but dateline %+v", it.Slug, d)
			}
			continue
		}
		want := news.DateOf(fixedNow.Add(-it.Age))
		if it.Embargo > 0 {
			want = news.DateOf(fixedNow.Add(it.Embargo))
		}
		if d.Date != want {
			t.Errorf("%s: dateline date %s, want %s", it.Slug, d.Date, want)
		}
		if d.Text != d.Format() {
			t.Errorf("%s: dateline text %q, want %q", it.Slug, d.Text, d.Format())
		}
		if strings.Contains(s.Body[0].Text, d.Text) || strings.Contains(s.Body[0].Text, DatelineToken) {
			t.Errorf("%s: first paragraph still holds the dateline: %q", it.Slug, s.Body[0].Text)
		}
		if !strings.Contains(it.Copy, "\n\n"+d.Format()+" "+s.Body[0].Text+"\n") {
			t.Errorf("%s: Copy does not start its first paragraph with the dateline:\n%s", it.Slug, it.Copy)
		}
	}
}

func TestSpecialsExactlyOnce(t *testing.T) {
	items := load(t, fixedNow)
	count := map[string]int{}
	urgent := 0
	for _, it := range items {
		if it.Correction != "" {
			count["correction"]++
		}
		if it.Update != "" {
			count["update"]++
		}
		if it.Kill != "" {
			count["kill"]++
		}
		if it.Embargo > 0 {
			count["embargo"]++
			if it.Embargo < 24*time.Hour || it.Embargo > 72*time.Hour {
				t.Errorf("%s: embargo %v, want about two days", it.Slug, it.Embargo)
			}
		}
		if it.Story.Urgency == 1 {
			count["flash"]++
		}
		if it.Story.Urgency == 2 || it.Story.Urgency == 3 {
			urgent++
		}
		if it.Story.Language == "ru" {
			count["russian"]++
		}
	}
	for _, k := range []string{"correction", "update", "kill", "embargo", "flash", "russian"} {
		if count[k] != 1 {
			t.Errorf("%d stories with %s, want exactly 1", count[k], k)
		}
	}
	if urgent < 2 {
		t.Errorf("%d urgent stories (urgency 2-3), want at least 2", urgent)
	}
}

func TestTranslationPair(t *testing.T) {
	// Several load times, one just after midnight, so the pair's dates
	// must agree however the day falls.
	for _, now := range []time.Time{fixedNow, time.Date(2026, time.March, 1, 0, 10, 0, 0, time.UTC), time.Date(2027, time.January, 1, 23, 55, 0, 0, time.UTC)} {
		items := load(t, now)
		bySlug := map[string]Item{}
		var pair []Item
		for _, it := range items {
			bySlug[it.Slug] = it
			if it.TranslationOf != "" {
				pair = append(pair, it)
			}
		}
		if len(pair) != 2 {
			t.Fatalf("%d stories are translations, want exactly 2", len(pair))
		}
		ru, en := pair[0], pair[1]
		if ru.Story.Language != "ru" {
			ru, en = en, ru
		}
		if ru.Story.Language != "ru" || en.Story.Language != "en" {
			t.Fatalf("languages %q and %q, want ru and en", ru.Story.Language, en.Story.Language)
		}
		if ru.TranslationOf != en.Slug || en.TranslationOf != ru.Slug {
			t.Errorf("the pair does not name each other: %s -> %s, %s -> %s", ru.Slug, ru.TranslationOf, en.Slug, en.TranslationOf)
		}
		if ru.Story.Dateline.Date != en.Story.Dateline.Date || ru.Story.Section != en.Story.Section || ru.Story.Urgency != en.Story.Urgency {
			t.Errorf("the pair differs in date, section or urgency")
		}
		if len(ru.Story.Body) != len(en.Story.Body) {
			t.Errorf("the pair has %d and %d body blocks", len(ru.Story.Body), len(en.Story.Body))
		}
		for _, text := range []string{ru.Story.Headline, ru.Story.Standfirst, ru.Story.Text(), ru.Story.Dateline.Text} {
			if share := cyrillicShare(text); share < 0.9 {
				t.Errorf("only %.0f%% of the letters of %q are Cyrillic", share*100, text)
			}
		}
		dl := ru.Story.Dateline.Text
		want := "МОСКВА, " + itoa(now.Add(-ru.Age).Day()) + " " + news.RuMonthGenitive(now.Add(-ru.Age).Month()) + ". /НОРД/."
		if dl != want {
			t.Errorf("Russian dateline %q, want %q", dl, want)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func cyrillicShare(s string) float64 {
	letters, cyr := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Cyrillic, r) {
				cyr++
			}
		}
	}
	if letters == 0 {
		return 0
	}
	return float64(cyr) / float64(letters)
}

func TestVariety(t *testing.T) {
	items := load(t, fixedNow)
	styles := map[news.Style]int{}
	sections := map[string]int{}
	subheads, curly, straight, bylines := 0, 0, 0, 0
	var oldest, newest time.Duration = 0, 1 << 62
	for _, it := range items {
		s := it.Story
		styles[s.Dateline.Style]++
		sections[s.Section]++
		for _, b := range s.Body {
			if b.Kind == news.Subheading {
				subheads++
			}
		}
		text := s.Text()
		if strings.Contains(text, "“") || strings.Contains(text, "«") {
			curly++
		}
		if strings.Contains(text, `"`) {
			straight++
		}
		if s.Byline != "" {
			bylines++
		}
		oldest, newest = max(oldest, it.Age), min(newest, it.Age)
	}
	if len(styles) < 6 || styles[news.StyleNone] < 2 {
		t.Errorf("styles used %v; want at least 5 house styles and 2 stories without a dateline", styles)
	}
	for _, sec := range []string{"politics", "economy", "world", "science", "sport", "culture", "technology"} {
		if sections[sec] == 0 {
			t.Errorf("no story in section %s (have %v)", sec, sections)
		}
	}
	if subheads < 3 {
		t.Errorf("%d subheadings, want some stories with subheadings", subheads)
	}
	if curly < 5 || straight < 5 {
		t.Errorf("%d stories with curly quotes and %d with straight, want both", curly, straight)
	}
	if bylines < 10 || bylines == len(items) {
		t.Errorf("%d of %d stories have a byline; want most but not all", bylines, len(items))
	}
	if oldest < 7*24*time.Hour || newest > 6*time.Hour {
		t.Errorf("ages run from %v to %v; want them spread over the last week or more", newest, oldest)
	}
}

// TestDatelineToken reads the files themselves: the first paragraph starts
// with the token exactly when the header has a style.
func TestDatelineToken(t *testing.T) {
	names, err := fs.Glob(files, "stories/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no story files: %v", err)
	}
	for _, name := range names {
		data, _ := files.ReadFile(name)
		head, copy, ok := strings.Cut(string(data), "\n---\n")
		if !ok {
			t.Errorf("%s: no --- line", name)
			continue
		}
		style := ""
		for _, line := range strings.Split(head, "\n") {
			if v, ok := strings.CutPrefix(line, "Style:"); ok {
				style = strings.TrimSpace(v)
			}
		}
		blocks := strings.Split(strings.TrimSpace(copy), "\n\n")
		if len(blocks) < 3 {
			t.Errorf("%s: copy has %d blocks", name, len(blocks))
			continue
		}
		hasToken := strings.HasPrefix(blocks[2], DatelineToken+" ")
		if want := style != "" && style != "none"; hasToken != want {
			t.Errorf("%s: style %q but first paragraph starts with the token: %v", name, style, hasToken)
		}
		if strings.Count(string(data), DatelineToken) > 1 {
			t.Errorf("%s: the token appears more than once", name)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const good = "Section: world\nLanguage: en\nAge: 5h\nStyle: reuters\nPlace: OSLO\nCredit: Meridian\n---\nHeadline\n\nStandfirst.\n\n{{DATELINE}} First paragraph.\n\nSecond paragraph.\n"
	if _, err := Parse("stories/01-ok.txt", []byte(good), fixedNow); err != nil {
		t.Fatalf("good file: %v", err)
	}
	tests := []struct {
		name, file, text, want string
	}{
		{"no colon", "01-a.txt", "Section world\n" + good, "01-a.txt:1: header line"},
		{"unknown key", "01-a.txt", "Sectoin: world\n" + good, `01-a.txt:1: unknown header key "Sectoin"`},
		{"repeated key", "01-a.txt", strings.Replace(good, "Age: 5h\n", "Age: 5h\nSection: sport\n", 1), `01-a.txt:4: header key "Section" repeats line 1`},
		{"empty value", "01-a.txt", "Byline:\n" + good, `01-a.txt:1: header key "Byline" has no value`},
		{"missing section", "01-a.txt", strings.Replace(good, "Section: world\n", "", 1), `header key "Section" is missing`},
		{"bad age", "01-a.txt", strings.Replace(good, "Age: 5h", "Age: five hours", 1), "01-a.txt:3: Age:"},
		{"negative age", "01-a.txt", strings.Replace(good, "Age: 5h", "Age: -5h", 1), "01-a.txt:3: Age:"},
		{"bad urgency", "01-a.txt", "Urgency: 12\n" + good, "01-a.txt:1: Urgency:"},
		{"bad style", "01-a.txt", strings.Replace(good, "Style: reuters", "Style: bbc", 1), "01-a.txt:4: Style:"},
		{"style without place", "01-a.txt", strings.Replace(good, "Place: OSLO\n", "", 1), "needs both Place and Credit"},
		{"place without style", "01-a.txt", strings.Replace(good, "Style: reuters\n", "", 1), "need a Style"},
		{"no separator", "01-a.txt", "Section: world\nLanguage: en\nAge: 5h\n", `no "---" line`},
		{"copy without separator", "01-a.txt", strings.Replace(good, "---\n", "", 1), `01-a.txt:7: header line "Headline" is not`},
		{"no token", "01-a.txt", strings.Replace(good, "{{DATELINE}} ", "", 1), "01-a.txt:12: the first paragraph must start with {{DATELINE}}"},
		{"token without style", "01-a.txt", strings.NewReplacer("Style: reuters\n", "", "Place: OSLO\n", "", "Credit: Meridian\n", "").Replace(good), "01-a.txt:9: {{DATELINE}} in a story without a Style"},
		{"token later", "01-a.txt", strings.Replace(good, "Second", "{{DATELINE}} Second", 1), "01-a.txt:14: {{DATELINE}} is only allowed"},
		{"only dateline", "01-a.txt", strings.Replace(good, "{{DATELINE}} First paragraph.", "{{DATELINE}}", 1), "nothing after the dateline"},
		{"two-line headline", "01-a.txt", strings.Replace(good, "Headline\n", "Head\nline\n", 1), "01-a.txt:8: the headline must be one line"},
		{"no body", "01-a.txt", strings.Replace(good, "\n\n{{DATELINE}} First paragraph.\n\nSecond paragraph.", "", 1), "found 2 block(s)"},
		{"correction without fix", "01-a.txt", "Correction: Wrong.\n" + good, `01-a.txt:1: Correction: needs a Fix line`},
		{"fix without correction", "01-a.txt", "Fix: a => b\n" + good, "01-a.txt:1: Fix: is only meaningful"},
		{"fix not found", "01-a.txt", "Correction: Wrong.\nFix: Third => Fourth\n" + good, "occurs 0 times"},
		{"fix twice", "01-a.txt", "Correction: Wrong.\nFix: paragraph => para\n" + good, "occurs 2 times"},
		{"fix malformed", "01-a.txt", "Correction: Wrong.\nFix: First\n" + good, `01-a.txt:2: Fix: "First" is not`},
		{"embargo with update", "01-a.txt", "Update: More.\nEmbargo: 48h\n" + good, "01-a.txt:2: Embargo: cannot go with"},
		{"zero embargo", "01-a.txt", "Embargo: 0s\n" + good, "01-a.txt:1: Embargo: must be after"},
		{"bad language", "01-a.txt", strings.Replace(good, "Language: en", "Language: not a tag!", 1), "not a BCP 47 language tag"},
		{"bad file name", "story.txt", good, "file name must be NN-slug.txt"},
		{"bad slug", "01-Big_Story.txt", good, "may hold only"},
		{"not utf-8", "01-a.txt", good + "\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("stories/"+tt.file, []byte(tt.text), fixedNow)
			if err == nil {
				t.Fatalf("no error, want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseBlocks(t *testing.T) {
	text := "Section: Sport\nLanguage: EN\nAge: 1h\nTags: a, b, A, , c\nUrgency: 2\n# a comment\n---\r\nHeadline here\r\n\r\nStand\r\nfirst.\r\n\r\nA paragraph that\r\nwraps.\r\n\r\nA short heading\r\n\r\n“Quoted closing,” she said.\r\n\r\nTwo lines\r\nno stop\r\n\r\nEnds in a quote: “yes”\r\n"
	it, err := Parse("x/05-blocks.txt", []byte(text), fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	s := it.Story
	if it.Slug != "blocks" || s.Section != "sport" || s.Language != "en" || s.Urgency != 2 {
		t.Errorf("slug %q section %q language %q urgency %d", it.Slug, s.Section, s.Language, s.Urgency)
	}
	if strings.Join(s.Tags, "|") != "a|b|c" {
		t.Errorf("tags %q", s.Tags)
	}
	if s.Standfirst != "Stand first." || !s.Dateline.IsZero() {
		t.Errorf("standfirst %q dateline %+v", s.Standfirst, s.Dateline)
	}
	want := []news.Block{
		{Kind: news.Paragraph, Text: "A paragraph that wraps."},
		{Kind: news.Subheading, Text: "A short heading"},
		{Kind: news.Paragraph, Text: "“Quoted closing,” she said."},
		{Kind: news.Paragraph, Text: "Two lines no stop"},
		{Kind: news.Paragraph, Text: "Ends in a quote: “yes”"},
	}
	if len(s.Body) != len(want) {
		t.Fatalf("body %+v, want %+v", s.Body, want)
	}
	for i := range want {
		if s.Body[i] != want[i] {
			t.Errorf("body[%d] = %+v, want %+v", i, s.Body[i], want[i])
		}
	}
	if !s.CreatedAt.Equal(fixedNow.Add(-time.Hour)) {
		t.Errorf("created at %v", s.CreatedAt)
	}
}

func TestIsSubheading(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Years of delay", true},
		{"Results season", true},
		{"Путь к выставке", true},
		{"Born in 1912", true},
		{"He said so.", false},
		{"Is it over?", false},
		{"What next:", false},
		{"“I will be back”", false},
		{`"Quoted"`, false},
		{"(note)", false},
		{"", false},
		{strings.Repeat("word ", 20) + "end", false},
	}
	for _, tt := range tests {
		if got := isSubheading(tt.text); got != tt.want {
			t.Errorf("isSubheading(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	names, _ := fs.Glob(files, "stories/*.txt")
	for _, name := range names {
		data, _ := files.ReadFile(name)
		f.Add(string(data))
	}
	f.Add("Section: a\nLanguage: en\nAge: 1h\n---\nH\n\nS\n\nB\n")
	f.Add("---\n")
	f.Fuzz(func(t *testing.T, text string) {
		it, err := Parse("stories/01-fuzz.txt", []byte(text), fixedNow)
		if err != nil {
			return
		}
		if err := it.Story.Validate(); err != nil {
			t.Fatalf("Parse returned a story that does not validate: %v", err)
		}
		if c := it.Corrected(); c != nil {
			if err := c.Validate(); err != nil {
				t.Fatalf("corrected story does not validate: %v", err)
			}
		}
	})
}
