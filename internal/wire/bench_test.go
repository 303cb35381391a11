package wire

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/news"
)

// latencies reports p50 and p99 of ds as benchmark metrics.
func reportLatencies(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	p := func(q float64) float64 { return float64(ds[int(q*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
	b.ReportMetric(float64(ds[len(ds)-1].Microseconds())/1000, "max-ms")
}

type arrival struct {
	id string
	at time.Time
}

// BenchmarkSSEFanout measures publish-to-delivery latency to 1,000
// concurrent stream subscribers on loopback (DATELINE_BENCH_SSE changes
// the number). Each iteration publishes one story and waits until every
// subscriber has it.
func BenchmarkSSEFanout(b *testing.B) {
	n := envInt("DATELINE_BENCH_SSE", 1000)
	e := newEnv(b, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	arrivals := make(chan arrival, n*4)
	tr := &http.Transport{MaxIdleConnsPerHost: n}
	var wg sync.WaitGroup
	for i := range n {
		c := e.subscriber(fmt.Sprintf("sse-%d", i), false, "")
		c.HTTP = &http.Client{Transport: tr}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = c.Stream(ctx, "", func(ev client.Event) error {
				arrivals <- arrival{ev.ID, time.Now()}
				return nil
			})
		}()
	}
	// Warm up: every stream connected and caught up.
	e.published()
	for range n {
		<-arrivals
	}
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		d := e.draft()
		start := time.Now() // from the publish call: includes its commit
		e.publish(d.ID, nil)
		seq, _ := e.db.LastSeq(ctx)
		want := EncodeCursor(seq)
		for range n {
			a := <-arrivals
			if a.id != want {
				b.Fatalf("got event %s, want %s", a.id, want)
			}
			lat = append(lat, a.at.Sub(start))
		}
	}
	b.StopTimer()
	reportLatencies(b, lat)
	cancel()
	e.srv.CloseClientConnections()
	wg.Wait()
}

// BenchmarkWebhookFanout measures publish-to-delivery latency to 100
// webhook receivers on loopback (DATELINE_BENCH_HOOKS changes the number).
func BenchmarkWebhookFanout(b *testing.B) {
	n := envInt("DATELINE_BENCH_HOOKS", 100)
	e := newEnv(b, Config{Webhooks: loopbackHooks, WebhookScan: 50 * time.Millisecond})
	arrivals := make(chan arrival, n*4)
	for i := range n {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrivals <- arrival{r.Header.Get(HeaderEventID), time.Now()}
		}))
		defer srv.Close()
		name := fmt.Sprintf("hook-%d", i)
		e.subscriber(name, false, "")
		s, _ := e.db.SubscriberByName(e.ctx, name)
		if _, err := SetWebhook(e.ctx, e.db, s.ID, srv.URL, 0, loopbackHooks); err != nil {
			b.Fatal(err)
		}
	}
	e.published()
	for range n {
		<-arrivals
	}
	var lat []time.Duration
	b.ResetTimer()
	for range b.N {
		d := e.draft()
		start := time.Now() // from the publish call: includes its commit
		e.publish(d.ID, nil)
		seq, _ := e.db.LastSeq(e.ctx)
		want := EncodeCursor(seq)
		for range n {
			a := <-arrivals
			if a.id != want {
				b.Fatalf("got event %s, want %s", a.id, want)
			}
			lat = append(lat, a.at.Sub(start))
		}
	}
	b.StopTimer()
	reportLatencies(b, lat)
}

// BenchmarkCatchUp measures how fast a subscriber pulls the whole log
// from the start (DATELINE_BENCH_EVENTS events, default 100,000), in pages
// of 500, over HTTP with the client.
func BenchmarkCatchUp(b *testing.B) {
	n := envInt("DATELINE_BENCH_EVENTS", 100000)
	e := newEnv(b, Config{})
	now := time.Now().UTC().Truncate(time.Second)
	const batch = 5000
	for done := 0; done < n; done += batch {
		var stories []*news.Story
		var versions []*news.Version
		for i := done; i < min(n, done+batch); i++ {
			s := &news.Story{ID: news.NewID(now.Add(time.Duration(i) * time.Millisecond)), Revision: 1, Status: news.StatusDraft, Language: "en",
				Headline: "Catch-up story " + strconv.Itoa(i), Section: "economy", Urgency: 4,
				Body:      []news.Block{{Kind: news.Paragraph, Text: "An invented paragraph of a benchmark story, long enough to look like copy."}},
				CreatedAt: now, ModifiedAt: now}
			v, err := s.Publish(now, nil, "bench")
			if err != nil {
				b.Fatal(err)
			}
			stories, versions = append(stories, s), append(versions, v)
		}
		if _, _, err := e.db.CreateStories(e.ctx, stories, versions); err != nil {
			b.Fatal(err)
		}
	}
	c := e.subscriber("catch-up", false, "")
	b.ResetTimer()
	start := time.Now()
	total := 0
	for range b.N {
		after := ""
		for {
			p, err := c.Pull(context.Background(), after, 0, MaxLimit)
			if err != nil {
				b.Fatal(err)
			}
			total += len(p.Items)
			after = p.Next
			if len(p.Items) == 0 && !p.More {
				break
			}
		}
	}
	b.StopTimer()
	if total != n*b.N {
		b.Fatalf("pulled %d items, want %d", total, n*b.N)
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "items/s")
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
