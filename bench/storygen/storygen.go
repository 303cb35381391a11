// Package storygen makes realistic, invented wire stories of realistic
// sizes for load benchmarks: the same seed gives the same copy. Headlines
// run 50–110 characters, standfirsts about 150–250, bodies 300–900 words in
// 5–15 paragraphs with occasional subheadings and quotes; one story in
// twenty is in Russian. Every word list is the generator's own.
package storygen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dateline-news/dateline/internal/news"
)

// Options shape a Generator's output.
type Options struct {
	Seed uint64
	// Start and End bound the publish times; stories are spread evenly
	// between them in order, oldest first. Default: ten years up to an hour
	// before now.
	Start, End time.Time
	// Count is how many stories the run will make, so that publish times
	// can be spread over [Start, End]. Default 100,000.
	Count int
	// RussianShare is the share of stories in Russian. Default 0.05;
	// negative means none.
	RussianShare float64
}

// Generator makes stories one after another. It is not safe for
// concurrent use.
type Generator struct {
	rng   *rand.Rand
	opt   Options
	n     int
	step  time.Duration
	ruPct float64
}

// New returns a Generator for opt.
func New(opt Options) *Generator {
	if opt.End.IsZero() {
		opt.End = time.Now().Add(-time.Hour)
	}
	if opt.Start.IsZero() {
		opt.Start = opt.End.AddDate(-10, 0, 0)
	}
	if opt.Count <= 0 {
		opt.Count = 100000
	}
	ru := opt.RussianShare
	if ru == 0 {
		ru = 0.05
	}
	if ru < 0 {
		ru = 0
	}
	step := opt.End.Sub(opt.Start) / time.Duration(opt.Count)
	return &Generator{rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), opt: opt, step: step, ruPct: ru}
}

// Next returns the next story, published, and its first version. Its
// Source is "bench:N" with N counting from 1.
func (g *Generator) Next() (*news.Story, *news.Version, error) {
	g.n++
	at := g.opt.Start.Add(time.Duration(g.n-1) * g.step)
	// Jitter within the step keeps times irregular but ordered.
	if g.step > time.Second {
		at = at.Add(time.Duration(g.rng.Int64N(int64(g.step))))
	}
	at = at.UTC().Truncate(time.Millisecond)
	s := g.Draft(at)
	s.Source = fmt.Sprintf("bench:%d", g.n)
	v, err := s.Publish(at, nil, "bench")
	if err != nil {
		return nil, nil, fmt.Errorf("story %d: %w", g.n, err)
	}
	return s, v, nil
}

// Draft makes one draft story dated at.
func (g *Generator) Draft(at time.Time) *news.Story {
	created := at.Add(-time.Duration(5+g.rng.IntN(55)) * time.Minute)
	s := &news.Story{
		ID:         news.NewID(created),
		Status:     news.StatusDraft,
		Revision:   1,
		CreatedAt:  created,
		ModifiedAt: at,
		Urgency:    g.urgency(),
		Byline:     "By " + g.person(),
	}
	if g.rng.Float64() < g.ruPct {
		g.russian(s, at)
	} else {
		g.english(s, at)
	}
	return s
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *Generator) person() string { return g.pick(firstNames) + " " + g.pick(lastNames) }

func (g *Generator) urgency() int {
	switch r := g.rng.IntN(1000); {
	case r < 3:
		return 1
	case r < 15:
		return 2
	case r < 80:
		return 3
	case r < 250:
		return 4
	case r < 900:
		return 5
	default:
		return 6
	}
}

func (g *Generator) section() string {
	total := 0
	for _, w := range sectionWeights {
		total += w
	}
	r := g.rng.IntN(total)
	for i, w := range sectionWeights {
		if r < w {
			return sections[i]
		}
		r -= w
	}
	return sections[0]
}

// tags draws 2–6 distinct tags, mostly from the section's own list.
func (g *Generator) tags(section string) []string {
	n := 2 + g.rng.IntN(5)
	own := tagVocab[section]
	seen := map[string]bool{}
	var out []string
	for tries := 0; len(out) < n && tries < 50; tries++ {
		var t string
		if g.rng.IntN(5) == 0 {
			t = g.pick(tagVocab[sections[g.rng.IntN(len(sections))]])
		} else {
			t = g.pick(own)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

var englishStyles = []struct {
	style  news.Style
	credit string
}{
	{news.StyleReuters, "Reuters"}, {news.StyleAP, "AP"}, {news.StyleAFP, "AFP"},
	{news.StyleXinhua, "Xinhua"}, {news.StyleInterfax, "Interfax"}, {news.StyleTASS, "TASS"},
}

func (g *Generator) english(s *news.Story, at time.Time) {
	s.Language = "en"
	s.Section = g.section()
	s.Tags = g.tags(s.Section)
	st := englishStyles[g.rng.IntN(len(englishStyles))]
	s.Dateline = news.Dateline{Place: places[g.rng.IntN(len(places))].en, Date: news.DateOf(at), Credit: st.credit, Style: st.style}
	s.Dateline.Text = s.Dateline.Format()
	s.Headline = g.fit(func() string {
		h := g.pick(orgs) + " " + g.pick(headlineVerbs) + " " + g.pick(headlineObjects)
		if g.rng.IntN(3) > 0 {
			h += " " + g.pick(headlineTails)
		}
		return capitalise(h)
	}, func(h string) string { return h + " " + g.pick(headlineTails) }, 50, 110)
	s.Standfirst = g.fitSentences(g.sentence, 150, 250)
	s.Body = g.body(g.sentence, g.quote, subheads, 300+g.rng.IntN(601))
}

func (g *Generator) russian(s *news.Story, at time.Time) {
	s.Language = "ru"
	s.Byline = ""
	s.Section = g.section()
	s.Tags = []string{g.pick(ruTags), g.pick(ruTags)}
	if s.Tags[0] == s.Tags[1] {
		s.Tags = s.Tags[:1]
		s.Tags = append(s.Tags, ruTags[(g.rng.IntN(len(ruTags)-1)+1)%len(ruTags)])
	}
	s.Dateline = news.Dateline{Place: places[g.rng.IntN(len(places))].ru, Date: news.DateOf(at), Credit: "ТАСС", Style: news.StyleTASS}
	s.Dateline.Text = s.Dateline.Format()
	s.Headline = g.fit(func() string {
		return g.pick(ruSubjects) + " " + g.pick(ruVerbs) + " " + g.pick(ruObjects)
	}, func(h string) string { return h + " " + g.pick(ruHeadlineTails) }, 50, 110)
	s.Standfirst = g.fitSentences(g.ruSentence, 150, 250)
	s.Body = g.body(g.ruSentence, g.ruQuote, ruSubheads, 300+g.rng.IntN(601))
}

// fit makes a line of min..max characters: it lengthens short ones with
// more, and tries again (then cuts at a word) when too long.
func (g *Generator) fit(make func() string, more func(string) string, min, max int) string {
	var h string
	for try := 0; try < 8; try++ {
		h = make()
		for utf8.RuneCountInString(h) < min {
			h = more(h)
		}
		if utf8.RuneCountInString(h) <= max {
			return h
		}
	}
	return cutWords(h, max)
}

// fitSentences joins sentences until the text reaches min characters and
// cuts it back to max at a word boundary.
func (g *Generator) fitSentences(sentence func() string, min, max int) string {
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < min {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentence())
	}
	t := b.String()
	if utf8.RuneCountInString(t) > max {
		t = strings.TrimRight(cutWords(t, max-1), ",;") + "."
	}
	return t
}

func cutWords(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := string(r[:max])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut
}

// body writes about words words in 5–15 paragraphs, with a subheading now
// and then and a quote in some paragraphs.
func (g *Generator) body(sentence, quote func() string, heads []string, words int) []news.Block {
	paras := 5 + g.rng.IntN(11)
	per := words / paras
	var blocks []news.Block
	usedHead := map[string]bool{}
	for i := 0; i < paras; i++ {
		if i >= 3 && i < paras-1 && g.rng.IntN(6) == 0 {
			h := g.pick(heads)
			if !usedHead[h] {
				usedHead[h] = true
				blocks = append(blocks, news.Block{Kind: news.Subheading, Text: h})
			}
		}
		var b strings.Builder
		n := 0
		for n < per {
			var s string
			if i > 0 && n == 0 && g.rng.IntN(4) == 0 {
				s = quote()
			} else {
				s = sentence()
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
			n += strings.Count(s, " ") + 1
		}
		blocks = append(blocks, news.Block{Kind: news.Paragraph, Text: b.String()})
	}
	return blocks
}

func (g *Generator) sentence() string {
	switch g.rng.IntN(6) {
	case 0:
		return capitalise(g.pick(orgs)) + " said " + g.pick(adverbials) + " it had " + g.pick(verbsPast) + " " +
			g.pick(objects) + ", " + g.pick(clauses) + "."
	case 1:
		return "The " + g.pick(subjectNouns) + " " + g.pick(verbsPast) + " " + g.pick(objects) + " " +
			g.pick(adverbials) + "."
	case 2:
		return capitalise(g.pick(orgs)) + " expects the change to affect " + g.pick(quantities) +
			", " + g.person() + ", " + g.pick(roles) + ", told reporters."
	case 3:
		return "Officials put the cost at " + g.pick(money) + ", " + g.pick(clauses) + "."
	case 4:
		return "In " + titleCase(places[g.rng.IntN(len(places))].en) + ", the " + g.pick(subjectNouns) + " " +
			g.pick(verbsPast) + " " + g.pick(objects) + ", " + g.pick(clauses) + "."
	default:
		return capitalise(g.pick(adverbials)) + ", the " + g.pick(subjectNouns) + " said " +
			g.pick(money) + " had been set aside for the work, " + g.pick(clauses) + "."
	}
}

func (g *Generator) quote() string {
	return "\u201c" + g.pick(quoteBits) + ",\u201d said " + g.person() + ", " + g.pick(roles) + "."
}

func (g *Generator) ruSentence() string {
	switch g.rng.IntN(3) {
	case 0:
		return g.pick(ruSubjects) + " " + g.pick(ruAdverbials) + " " + g.pick(ruVerbs) + " " + g.pick(ruObjects) + ", " + g.pick(ruClauses) + "."
	case 1:
		return "Как " + g.pick(ruClauses) + ", " + lowerFirst(g.pick(ruSubjects)) + " " + g.pick(ruVerbs) + " " + g.pick(ruObjects) + "."
	default:
		return "Решение касается " + fmt.Sprint(10+g.rng.IntN(900)) + " тысяч человек, " + g.pick(ruClauses) + "."
	}
}

func (g *Generator) ruQuote() string {
	return "\u00ab" + g.pick(ruQuotes) + "\u00bb, \u2014 " + g.pick(ruClauses) + "."
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[n:]
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// titleCase turns a dateline place (LONDON, NEW YORK) into London, New York.
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = capitalise(w)
	}
	return strings.Join(words, " ")
}

// Sink stores stories in one transaction per call, as the SQLite store's
// CreateStories does.
type Sink interface {
	CreateStories(ctx context.Context, stories []*news.Story, versions []*news.Version) (created int, dups []int, err error)
}

// Fill makes n stories with g and stores them in batches of batch. It
// calls progress, if set, after each batch with the number stored so far.
func Fill(ctx context.Context, sink Sink, g *Generator, n, batch int, progress func(done int)) (int, error) {
	if batch <= 0 {
		batch = 1000
	}
	type chunk struct {
		stories  []*news.Story
		versions []*news.Version
		err      error
	}
	// Generate on one goroutine while the store writes on another.
	ch := make(chan chunk, 2)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(ch)
		for made := 0; made < n; {
			size := min(batch, n-made)
			c := chunk{stories: make([]*news.Story, 0, size), versions: make([]*news.Version, 0, size)}
			for range size {
				s, v, err := g.Next()
				if err != nil {
					c.err = err
					break
				}
				c.stories = append(c.stories, s)
				c.versions = append(c.versions, v)
			}
			made += size
			select {
			case ch <- c:
			case <-gctx.Done():
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	stored := 0
	for c := range ch {
		if c.err != nil {
			return stored, c.err
		}
		created, _, err := sink.CreateStories(ctx, c.stories, c.versions)
		if err != nil {
			return stored, fmt.Errorf("storing stories %d–%d: %w", stored+1, stored+len(c.stories), err)
		}
		stored += created
		if progress != nil {
			progress(stored)
		}
	}
	return stored, ctx.Err()
}
