package wire

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/notify"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/teststore"
)

// clock is the publishing service's settable "now".
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a real stack: SQLite in a temporary folder, the publishing
// service notifying the hub, the wire on an httptest server.
type env struct {
	t     testing.TB
	ctx   context.Context
	db    teststore.Engine
	hub   *notify.Hub
	svc   *publish.Service
	clock *clock
	w     *Wire
	srv   *httptest.Server
	// stopRun stops the webhook workers of w (Run) and waits for them.
	stopRun func()
}

const testBaseURL = "https://news.example.org"

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db := teststore.Open(t)
	hub := notify.New()
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	svc := publish.New(db, clk.Now, nil)
	svc.OnChange(func(news.Version) { hub.Notify() })
	if cfg.BaseURL == "" {
		cfg.BaseURL = testBaseURL
	}
	w := New(cfg, db, hub)
	mux := http.NewServeMux()
	w.Register(mux)
	srv := httptest.NewServer(mux)
	runCtx, stopRun := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(runCtx)
	}()
	stop := func() { stopRun(); <-done }
	t.Cleanup(func() {
		cancel()
		srv.CloseClientConnections()
		srv.Close()
		stop()
		db.Close()
	})
	return &env{t: t, ctx: ctx, db: db, hub: hub, svc: svc, clock: clk, w: w, srv: srv, stopRun: stop}
}

// subscriber creates a subscriber and returns a client with its key.
func (e *env) subscriber(name string, embargo bool, filter string) *client.Client {
	e.t.Helper()
	key, err := AddSubscriber(e.ctx, e.db, name, embargo, filter)
	if err != nil {
		e.t.Fatalf("AddSubscriber %s: %v", name, err)
	}
	return client.New(e.srv.URL, key)
}

type storyOpt func(*news.Story)

func section(s string) storyOpt  { return func(st *news.Story) { st.Section = s } }
func headline(h string) storyOpt { return func(st *news.Story) { st.Headline = h } }

// draft creates a draft written for the tests (invented text).
func (e *env) draft(opts ...storyOpt) *news.Story {
	e.t.Helper()
	in := &news.Story{
		Language:   "en",
		Headline:   "Harbour council approves night tram trial",
		Standfirst: "The six-month trial starts in spring.",
		Dateline: news.Dateline{Place: "LISBON", Date: news.Date{Year: 2026, Month: time.March, Day: 2},
			Credit: "Dateline", Style: news.StyleReuters, Text: "LISBON, Mar 2 (Dateline) -"},
		Byline: "Ana Ferreira",
		Body: []news.Block{
			{Kind: news.Paragraph, Text: "Councillors voted 31 to 9 for a trial of trams running through the night."},
			{Kind: news.Subheading, Text: "Costs"},
			{Kind: news.Paragraph, Text: "The operator says the trial will cost less than a bus service."},
		},
		Section: "politics",
		Tags:    []string{"Transport", "Lisbon"},
		Urgency: 3,
	}
	for _, o := range opts {
		o(in)
	}
	s, err := e.svc.Create(e.ctx, in, "reporter")
	if err != nil {
		e.t.Fatalf("create draft: %v", err)
	}
	return s
}

func (e *env) publish(id string, embargo *time.Time) {
	e.t.Helper()
	if _, err := e.svc.Publish(e.ctx, id, publish.Change{}, embargo, "editor"); err != nil {
		e.t.Fatalf("publish %s: %v", id, err)
	}
}

// published creates and publishes a story.
func (e *env) published(opts ...storyOpt) *news.Story {
	e.t.Helper()
	s := e.draft(opts...)
	e.publish(s.ID, nil)
	return s
}

// item is the part of a ninjs 3.1 document the tests look at.
type item struct {
	URI            string `json:"uri"`
	Version        string `json:"version"`
	PubStatus      string `json:"pubStatus"`
	EmbargoedUntil string `json:"embargoedUntil"`
	Language       string `json:"language"`
	EdNote         string `json:"edNote"`
	Headlines      []struct {
		Value string `json:"value"`
	} `json:"headlines"`
	Bodies []json.RawMessage `json:"bodies"`
}

func (it item) ID() string { return it.URI[strings.LastIndex(it.URI, "/")+1:] }

// key is "id/version".
func (it item) key() string { return it.ID() + "/" + it.Version }

func decodeItem(t testing.TB, raw []byte) item {
	t.Helper()
	var it item
	if err := json.Unmarshal(raw, &it); err != nil {
		t.Fatalf("item is not JSON: %v\n%s", err, raw)
	}
	return it
}

func vkeyOf(id string, n int) string { return fmt.Sprintf("%s/%d", id, n) }

// pullAll pulls from after until the feed is empty.
func pullAll(t testing.TB, c *client.Client, after string, limit int) ([]item, [][]byte, string) {
	t.Helper()
	var items []item
	var raws [][]byte
	for {
		p, err := c.Pull(context.Background(), after, 0, limit)
		if err != nil {
			t.Fatalf("pull after %q: %v", after, err)
		}
		for _, r := range p.Items {
			items = append(items, decodeItem(t, r))
			raws = append(raws, r)
		}
		if p.Next == "" {
			t.Fatal("page without next")
		}
		after = p.Next
		if len(p.Items) == 0 && !p.More {
			return items, raws, after
		}
	}
}
