package publish_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

func openStore(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "dateline.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func loadGazetteer(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	g, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// An invented story.
func sampleStory() *news.Story {
	return &news.Story{
		Language: "en",
		Headline: "Harbour board approves new tram line",
		Dateline: news.Dateline{Place: "OSLO", Credit: "Dateline"},
		Section:  "politics",
		Tags:     []string{"transport"},
		Body: []news.Block{
			{Kind: news.Paragraph, Text: "Norway's Transport Minister Ingrid Halvorsen said on Monday the harbour tram would open in 2028."},
			{Kind: news.Paragraph, Text: "\"This line will change how the city moves,\" Halvorsen said at a meeting of the Oslo Harbour Authority."},
		},
	}
}

func TestPublishCarriesEntities(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc := publish.New(db, func() time.Time { return now }, nil)
	svc.SetExtractor(publish.Extractor(loadGazetteer(t)))

	draft, err := svc.Create(ctx, sampleStory(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if !draft.Entities.IsZero() {
		t.Fatalf("a draft has entities before publishing: %+v", draft.Entities)
	}
	st, err := svc.Publish(ctx, draft.ID, publish.Change{}, nil, "ana")
	if err != nil {
		t.Fatal(err)
	}
	check := func(where string, e news.Entities, speaker string) {
		t.Helper()
		if !hasPerson(e, "Ingrid Halvorsen") {
			t.Errorf("%s: people %+v lack Ingrid Halvorsen", where, e.People)
		}
		if !hasPlace(e, "Oslo") {
			t.Errorf("%s: places %+v lack Oslo", where, e.Places)
		}
		if len(e.Quotes) != 1 || e.Quotes[0].Speaker != speaker || e.Quotes[0].Paragraph != 2 {
			t.Errorf("%s: quotes = %+v, want one by %s in paragraph 2", where, e.Quotes, speaker)
		}
	}
	check("returned story", st.Entities, "Ingrid Halvorsen")
	v, err := db.Version(ctx, st.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	check("version 1", v.Story.Entities, "Ingrid Halvorsen")
	pub, err := db.PublicStory(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	check("public story", pub.Entities, "Ingrid Halvorsen")

	// A correction re-extracts from the corrected text.
	fixed := sampleStory()
	fixed.Body[0].Text = "Norway's Transport Minister Ingrid Halvorsen-Berg said on Monday the harbour tram would open in 2028."
	fixed.Body[1].Text = "\"This line will change how the city moves,\" Halvorsen-Berg said in Oslo."
	st, err = svc.Correct(ctx, st.ID, publish.Change{Content: fixed}, "The minister's name was misspelt.", "ana")
	if err != nil {
		t.Fatal(err)
	}
	if !hasPerson(st.Entities, "Ingrid Halvorsen-Berg") || hasPerson(st.Entities, "Ingrid Halvorsen") {
		t.Errorf("after the correction people = %+v, want only Ingrid Halvorsen-Berg", st.Entities.People)
	}
	v1, err := db.Version(ctx, st.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	check("version 1 after the correction", v1.Story.Entities, "Ingrid Halvorsen")
}

func TestPublishWithoutExtractor(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	svc := publish.New(db, nil, nil)
	draft, err := svc.Create(ctx, sampleStory(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.Publish(ctx, draft.ID, publish.Change{}, nil, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Entities.IsZero() {
		t.Errorf("entities without an extractor: %+v", st.Entities)
	}
}

func TestEmbargoReleaseExtracts(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	svc := publish.New(db, clock, nil)
	draft, err := svc.Create(ctx, sampleStory(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	at := now.Add(time.Hour)
	if _, err := svc.Publish(ctx, draft.ID, publish.Change{}, &at, "ana"); err != nil {
		t.Fatal(err)
	}
	// The extractor is switched on only now: the release must run it.
	svc.SetExtractor(publish.Extractor(loadGazetteer(t)))
	now = now.Add(2 * time.Hour)
	if n, err := svc.ReleaseDue(ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseDue = %d, %v; want 1, nil", n, err)
	}
	pub, err := db.PublicStory(ctx, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !hasPerson(pub.Entities, "Ingrid Halvorsen") {
		t.Errorf("released story's people = %+v", pub.Entities.People)
	}
}

func hasPerson(e news.Entities, name string) bool {
	for _, p := range e.People {
		if p.Name == name {
			return true
		}
	}
	return false
}

func hasPlace(e news.Entities, name string) bool {
	for _, p := range e.Places {
		if p.Name == name {
			return true
		}
	}
	return false
}

// story800 is an invented story of about 800 words with people, places,
// organisations and quotes.
func story800() *news.Story {
	paras := []string{
		"Japan's Prime Minister Kenji Morimoto said on Tuesday that talks with Russian President Pavel Lebedev in Vladivostok had been \"frank and useful\", as both sides weighed a fishing agreement.",
		"\"We have agreed to keep talking, and that is not a small thing,\" Morimoto told reporters after the meeting at the Far Eastern Federal University.",
		"The Foreign Ministry in Tokyo said the two leaders discussed quotas for the Sea of Okhotsk and a joint inspection scheme run by the Fisheries Agency.",
		"Lebedev, speaking separately, said Moscow wanted \"a practical result before the winter season\" and praised the work of the negotiators from both countries.",
		"Analysts at the Asia Pacific Research Institute in Singapore said the agreement could lift catches by a tenth within two years if it holds.",
		"\"Nobody expects a breakthrough on the bigger questions,\" said Maria Castell, an economist at Northwind Capital Ltd. \"But a fishing deal is a start.\"",
	}
	var body []news.Block
	words := 0
	for words < 800 {
		for _, p := range paras {
			body = append(body, news.Block{Kind: news.Paragraph, Text: p})
			words += len(strings.Fields(p))
		}
	}
	return &news.Story{Language: "en", Headline: "Leaders meet in Vladivostok", Dateline: news.Dateline{Place: "VLADIVOSTOK"},
		Section: "politics", Body: body}
}

// BenchmarkPublishWithExtraction publishes an 800-word story (create plus
// publish, extraction inside the transaction) into a real SQLite store.
// The budget is 20 ms per story.
func BenchmarkPublishWithExtraction(b *testing.B) {
	for _, withExtract := range []bool{false, true} {
		b.Run(fmt.Sprintf("extract=%v", withExtract), func(b *testing.B) {
			ctx := context.Background()
			db := openStore(b)
			svc := publish.New(db, nil, nil)
			if withExtract {
				svc.SetExtractor(publish.Extractor(loadGazetteer(b)))
			}
			in := story800()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d, err := svc.Create(ctx, in, "bench")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.Publish(ctx, d.ID, publish.Change{}, nil, "bench"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
