package wire

import (
	"context"
	"fmt"
	"net/http/httptrace"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
)

// TestFilteredPullWhileWritersPublish: a filtered subscriber pulling from
// the start of the log while four writers publish and update receives
// exactly the matching events, in log order, with no gaps or duplicates.
func TestFilteredPullWhileWritersPublish(t *testing.T) {
	e := newEnv(t, Config{Window: 64}) // a small window: catching up goes to the database too
	ctx := context.Background()
	filter := `section:politics,economy lang:en urgency<=4 tram`
	sub := e.subscriber("Filtered", false, filter)
	f, err := ParseFilter(filter)
	if err != nil {
		t.Fatal(err)
	}

	const writers, perWriter = 4, 25
	sections := []string{"politics", "economy", "sport"}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				n := w*perWriter + i
				in := &news.Story{Language: []string{"en", "en", "ru"}[n%3], Section: sections[n%len(sections)],
					Urgency: 1 + n%6, Headline: fmt.Sprintf("Story %d about the night tram", n),
					Body: []news.Block{{Kind: news.Paragraph, Text: "Invented text for a test."}}}
				if n%4 == 0 {
					in.Headline = fmt.Sprintf("Story %d about the harbour", n)
				}
				s, err := e.svc.Create(ctx, in, "writer")
				if err == nil {
					_, err = e.svc.Publish(ctx, s.ID, publish.Change{}, nil, "editor")
				}
				if err == nil && n%5 == 0 {
					_, err = e.svc.Correct(ctx, s.ID, publish.Change{}, "A detail was wrong.", "editor")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()

	var got []item
	after := ""
	for done := false; ; {
		select {
		case <-finished:
			done = true
		default:
		}
		p, err := sub.Pull(ctx, after, time.Second, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			got = append(got, decodeItem(t, r))
		}
		after = p.Next
		if done && len(p.Items) == 0 && !p.More {
			break
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// What the log says the subscriber should have had.
	events, err := e.db.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if wantEvents := writers*perWriter + writers*perWriter/5; len(events) != wantEvents {
		t.Fatalf("the log has %d events, want %d", len(events), wantEvents)
	}
	var want []string
	for i, ev := range events {
		if ev.Seq != int64(i+1) {
			t.Fatalf("the log has a gap at %d: seq %d", i+1, ev.Seq)
		}
		v, err := e.db.Version(ctx, ev.StoryID, ev.Version)
		if err != nil {
			t.Fatal(err)
		}
		if f.matchEvent(&ev) && f.matchText(&v.Story) {
			want = append(want, vkeyOf(ev.StoryID, ev.Version))
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d matching events: the test data does not exercise the filter", len(want))
	}
	sameKeys(t, "filtered pull", want, got)
	seen := map[string]bool{}
	for _, k := range plainItems0(got) {
		if seen[k] {
			t.Fatalf("%s received twice", k)
		}
		seen[k] = true
	}
}

// TestStreamResumesAfterLastEventID: a stream client that disconnects and
// reconnects with Last-Event-ID misses nothing and gets nothing twice.
func TestStreamResumesAfterLastEventID(t *testing.T) {
	e := newEnv(t, Config{Heartbeat: 50 * time.Millisecond})
	sub := e.subscriber("Streamer", false, "")
	var want []string
	for range 5 {
		s := e.published()
		want = append(want, vkeyOf(s.ID, 1))
	}
	var got []item
	last := ""
	ctx := context.Background()
	// Three connections: stop after 3 events, after 4 more, then to the end.
	for round, stopAt := range []int{3, 7, 15} {
		if round == 1 {
			for range 10 {
				s := e.published()
				want = append(want, vkeyOf(s.ID, 1))
			}
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := sub.Stream(cctx, last, func(ev client.Event) error {
			got = append(got, decodeItem(t, ev.Data))
			last = ev.ID
			if len(got) == stopAt {
				return client.ErrStop
			}
			return nil
		})
		cancel()
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	sameKeys(t, "resumed stream", want, got)

	// Live: an event published while the stream waits arrives.
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	live := make(chan string, 1)
	go func() {
		time.Sleep(200 * time.Millisecond)
		live <- vkeyOf(e.published().ID, 1)
	}()
	err := sub.Stream(cctx, last, func(ev client.Event) error {
		if it, want := decodeItem(t, ev.Data), <-live; it.key() != want {
			t.Errorf("live event %s, want %s", it.key(), want)
		}
		return client.ErrStop
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLongPollWakesOnPublish: a pull with wait answers as soon as
// something is published, well before the wait runs out.
func TestLongPollWakesOnPublish(t *testing.T) {
	e := newEnv(t, Config{PollInterval: time.Minute})
	sub := e.subscriber("Poller", false, "")
	p, err := sub.Pull(context.Background(), "", 0, 10)
	if err != nil || len(p.Items) != 0 {
		t.Fatalf("empty log: %v %v", p, err)
	}
	// The pull may wait 30 s (the longest allowed); the story is published
	// once the request has been sent (the change log's poll interval is a
	// minute, so only the publish can wake the waiting pull). An answer with
	// the item is the wake-up; without one the wait would run out empty.
	type result struct {
		p   *client.Page
		err error
	}
	got := make(chan result, 1)
	sent := make(chan struct{})
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { close(sent) },
	})
	go func() {
		p, err := sub.Pull(ctx, p.Next, 30*time.Second, 10)
		got <- result{p, err}
	}()
	<-sent
	e.published()
	r := <-got
	if r.err != nil || len(r.p.Items) != 1 {
		t.Fatalf("long poll: %+v %v", r.p, r.err)
	}
	p = r.p
	// Nothing new: it answers empty with the same cursor.
	q, err := sub.Pull(context.Background(), p.Next, time.Second, 10)
	if err != nil || len(q.Items) != 0 || q.Next != p.Next {
		t.Fatalf("idle long poll: %+v %v", q, err)
	}
}
