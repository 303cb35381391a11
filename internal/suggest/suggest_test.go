package suggest

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

// Invented vocabulary of three desks.
var topics = []struct {
	section, tag string
	words        []string
}{
	{"sport", "Tennis", strings.Fields("match set serve racket tournament final seed court player coach champion ranking rally tiebreak")},
	{"economy", "Inflation", strings.Fields("prices inflation bank rates consumer index percent economists growth wages fuel monthly forecast")},
	{"science", "Climate", strings.Fields("glacier sensors ice researchers melt temperature data study ocean warming samples expedition")},
}

var common = strings.Fields("the a on in said was were would after before week city officials year new reports")

func invent(r *rand.Rand, topic int, n int) *news.Story {
	tp := topics[topic]
	var paras []news.Block
	for p := 0; p < 3; p++ {
		var ws []string
		for i := 0; i < n; i++ {
			if r.IntN(2) == 0 {
				ws = append(ws, tp.words[r.IntN(len(tp.words))])
			} else {
				ws = append(ws, common[r.IntN(len(common))])
			}
		}
		paras = append(paras, news.Block{Kind: news.Paragraph, Text: strings.Join(ws, " ") + "."})
	}
	return &news.Story{Language: "en", Headline: tp.words[r.IntN(len(tp.words))] + " " + tp.words[r.IntN(len(tp.words))],
		Body: paras, Section: tp.section, Tags: []string{tp.tag}}
}

type fixture struct {
	db  *sqlite.DB
	svc *publish.Service
	r   *rand.Rand
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{db: db, svc: publish.New(db, nil, nil), r: rand.New(rand.NewPCG(1, 2))}
}

func (f *fixture) publish(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		d, err := f.svc.Create(ctx, invent(f.r, i%len(topics), 20), "desk")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(ctx, d.ID, publish.Change{}, nil, "desk"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTrainAndSuggest(t *testing.T) {
	f := newFixture(t)
	sg := New(f.db, Options{MinStories: 30}, nil)
	if sg.Ready() || sg.Suggest(invent(f.r, 0, 20)) != nil {
		t.Fatal("suggestions before any training")
	}
	f.publish(t, 12)
	if _, err := sg.Train(context.Background()); err != ErrTooFewStories {
		t.Fatalf("Train on 12 stories: %v, want ErrTooFewStories", err)
	}
	f.publish(t, 48)
	st, err := sg.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Stories != 60 || st.Labels != 6 {
		t.Errorf("status %+v, want 60 stories and 6 labels", st)
	}
	for i, tp := range topics {
		t.Run(tp.section, func(t *testing.T) {
			s := invent(f.r, i, 20)
			s.Section, s.Tags = "", nil
			got := sg.Suggest(s)
			want := map[string]bool{"tag:" + tp.tag: true, "section:" + tp.section: true}
			for _, g := range got {
				k := g.Kind + ":" + g.Label
				if !want[k] {
					t.Errorf("unexpected suggestion %+v", g)
				}
				if g.Confidence <= 0 || g.Confidence > 1 {
					t.Errorf("confidence %v out of range", g.Confidence)
				}
				delete(want, k)
			}
			if len(want) > 0 {
				t.Errorf("missing suggestions %v in %+v", want, got)
			}
			// A story that has the tag and section already gets no
			// suggestion of them.
			s.Section, s.Tags = tp.section, []string{strings.ToLower(tp.tag)}
			for _, g := range sg.Suggest(s) {
				if g.Label == tp.tag || g.Label == tp.section {
					t.Errorf("suggested %+v, which the story has", g)
				}
			}
		})
	}
}

// TestRunRetrainsAfterPublishes runs in a synctest bubble: synctest.Wait
// returns once Run has done all it will do and waits for the next change.
func TestRunRetrainsAfterPublishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		sg := New(f.db, Options{MinStories: 30, AfterPublishes: 10, Interval: time.Hour}, nil)
		f.svc.OnChange(sg.OnChange)
		// 35 publishes before Run starts: the first training learns from
		// them, so none of them counts towards the next one.
		f.publish(t, 35)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go sg.Run(ctx)
		synctest.Wait()
		if got := sg.Status().Stories; got != 35 {
			t.Fatalf("first training learnt from %d stories, want 35", got)
		}
		f.publish(t, 9)
		synctest.Wait()
		if got := sg.Status().Stories; got != 35 {
			t.Fatalf("retrained after 9 publishes (model of %d stories), want after 10", got)
		}
		f.publish(t, 1)
		synctest.Wait()
		if got := sg.Status().Stories; got != 45 {
			t.Fatalf("after 10 more publishes the model has %d stories, want 45", got)
		}
		// An hour later with nothing published: no training.
		trained := sg.Status().TrainedAt
		time.Sleep(time.Hour + time.Minute)
		synctest.Wait()
		if sg.Status().TrainedAt != trained {
			t.Fatal("retrained on the interval with nothing published")
		}
		// One publish, then the interval: trained again.
		f.publish(t, 1)
		time.Sleep(time.Hour)
		synctest.Wait()
		if got := sg.Status().Stories; got != 46 {
			t.Fatalf("after one publish and an interval the model has %d stories, want 46", got)
		}
	})
}

func BenchmarkSuggest(b *testing.B) {
	f := &fixture{r: rand.New(rand.NewPCG(1, 2))}
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	f.db, f.svc = db, publish.New(db, nil, nil)
	ctx := context.Background()
	for i := 0; i < 90; i++ {
		d, err := f.svc.Create(ctx, invent(f.r, i%3, 20), "desk")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.Publish(ctx, d.ID, publish.Change{}, nil, "desk"); err != nil {
			b.Fatal(err)
		}
	}
	sg := New(db, Options{}, nil)
	if _, err := sg.Train(ctx); err != nil {
		b.Fatal(err)
	}
	s := invent(f.r, 1, 270) // about 800 words
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sg.Suggest(s)
	}
}
