package wire

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/store"
)

// receiver is a real loopback webhook endpoint that can be down.
type receiver struct {
	t      *testing.T
	secret atomic.Value // string
	mode   atomic.Int32 // 0 up, 1 answers 500, 2 closes the connection
	mu     sync.Mutex
	got    []item
	ids    []string
	bad    []string
	hits   atomic.Int32
	srv    *httptest.Server
}

const (
	up = iota
	answers500
	closes
)

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		switch r.mode.Load() {
		case answers500:
			http.Error(w, "down for maintenance", 500)
			return
		case closes:
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		body, _ := io.ReadAll(req.Body)
		secret, _ := r.secret.Load().(string)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := client.VerifySignature(secret, req.Header.Get(HeaderTimestamp), body, req.Header.Get(HeaderSignature), time.Minute); err != nil {
			r.bad = append(r.bad, err.Error())
		}
		r.got = append(r.got, decodeItem(t, body))
		r.ids = append(r.ids, req.Header.Get(HeaderEventID))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// loopbackHooks lets the tests' webhooks reach their receivers on
// loopback, as an operator's --allow-private-webhooks does.
var loopbackHooks = WebhookPolicy{AllowPrivate: true}

func (e *env) webhook(name, filter, url string) int64 {
	e.t.Helper()
	e.subscriber(name, false, filter)
	s, err := e.db.SubscriberByName(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := SetWebhook(e.ctx, e.db, s.ID, url, 0, e.w.cfg.Webhooks); err != nil {
		e.t.Fatal(err)
	}
	return s.ID
}

func (e *env) state(id int64) *store.WebhookState {
	e.t.Helper()
	ws, err := e.db.WebhookState(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return ws
}

// TestWebhookDownThenBack: a receiver that answers 500, then drops
// connections, then comes back receives every event once, in order, each
// signed; a restart of the delivery worker loses nothing; endpoints that
// redirect or hang are recorded as failures without holding up the
// others.
func TestWebhookDownThenBack(t *testing.T) {
	e := newEnv(t, Config{Webhooks: loopbackHooks, WebhookRetry: []time.Duration{20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond},
		WebhookScan: 30 * time.Millisecond, WebhookTimeout: 300 * time.Millisecond, PollInterval: 100 * time.Millisecond,
		NodeID: "node-1"})
	rcv := newReceiver(t)
	rcv.mode.Store(answers500)

	redirect := httptest.NewServer(http.RedirectHandler("https://elsewhere.example/hook", http.StatusFound))
	defer redirect.Close()
	quit := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	}))
	defer hang.Close()
	defer close(quit)

	good := e.webhook("Good", "", rcv.srv.URL+"/hook")
	ws, _ := e.db.Subscriber(e.ctx, good)
	rcv.secret.Store(ws.WebhookSecret)
	redir := e.webhook("Redirected", "", redirect.URL)
	hung := e.webhook("Hanging", "", hang.URL)

	var want []string
	for range 3 {
		want = append(want, vkeyOf(e.published().ID, 1))
	}
	waitFor(t, "three failed attempts at 500", 5*time.Second, func() bool { return e.state(good).Attempts >= 3 })
	if st := e.state(good); !strings.Contains(st.LastError, "500") || st.DeliveredSeq != 0 || st.NextAttemptAt.IsZero() {
		t.Fatalf("state while down: %+v", st)
	}
	rcv.mode.Store(closes)
	n := e.state(good).Attempts
	waitFor(t, "attempts at a closed connection", 5*time.Second, func() bool { return e.state(good).Attempts >= n+2 })
	for range 2 {
		want = append(want, vkeyOf(e.published().ID, 1))
	}
	rcv.mode.Store(up)
	waitFor(t, "delivery after the receiver came back", 10*time.Second, func() bool { return rcv.count() >= len(want) })

	// The hanging endpoint has its failure on record before the restart.
	waitFor(t, "the hanging endpoint's failure recorded", 5*time.Second, func() bool {
		return strings.Contains(e.state(hung).LastError, "no answer within")
	})

	// A restart: stop the workers, publish, start a new node on the same
	// database. The lease was released, so it takes over at once.
	e.stopRun()
	for range 3 {
		want = append(want, vkeyOf(e.published().ID, 1))
	}
	w2 := New(Config{Webhooks: loopbackHooks, BaseURL: testBaseURL, WebhookScan: 30 * time.Millisecond, PollInterval: 100 * time.Millisecond, NodeID: "node-2"}, e.db, e.hub)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = w2.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "delivery by the second node", 10*time.Second, func() bool { return rcv.count() >= len(want) })
	time.Sleep(200 * time.Millisecond) // anything extra would show up now

	rcv.mu.Lock()
	sameKeys(t, "webhook deliveries", want, rcv.got)
	if len(rcv.bad) > 0 {
		t.Errorf("bad signatures: %v", rcv.bad)
	}
	for i := 1; i < len(rcv.ids); i++ {
		a, _ := DecodeCursor(rcv.ids[i-1])
		b, err := DecodeCursor(rcv.ids[i])
		if err != nil || b <= a {
			t.Errorf("event ids out of order: %s then %s", rcv.ids[i-1], rcv.ids[i])
		}
	}
	rcv.mu.Unlock()
	if st := e.state(good); st.Attempts != 0 || st.LastError != "" || st.DeliveredCount != int64(len(want)) || st.LastSuccessAt == nil {
		t.Errorf("state after delivery: %+v", st)
	}
	if st := e.state(redir); !strings.Contains(st.LastError, "redirect") || st.DeliveredCount != 0 {
		t.Errorf("redirecting endpoint state: %+v", st)
	}
	if st := e.state(hung); st.DeliveredCount != 0 {
		t.Errorf("hanging endpoint state: %+v", st)
	}
}

// TestWebhookFilteredAdvances: events that do not pass a webhook
// subscriber's filter are skipped durably, without POSTs.
func TestWebhookFilteredAdvances(t *testing.T) {
	e := newEnv(t, Config{Webhooks: loopbackHooks, WebhookScan: 30 * time.Millisecond, PollInterval: 50 * time.Millisecond})
	rcv := newReceiver(t)
	id := e.webhook("Sport only", "section:sport", rcv.srv.URL)
	ws, _ := e.db.Subscriber(e.ctx, id)
	rcv.secret.Store(ws.WebhookSecret)
	for range 3 {
		e.published(section("politics"))
	}
	sport := e.published(section("sport"))
	e.published(section("politics"))
	last, _ := e.db.LastSeq(e.ctx)
	waitFor(t, "the filtered tail to be passed", 5*time.Second, func() bool { return e.state(id).DeliveredSeq == last })
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	sameKeys(t, "filtered webhook", []string{vkeyOf(sport.ID, 1)}, rcv.got)
	if h := rcv.hits.Load(); h != 1 {
		t.Errorf("%d POSTs, want 1", h)
	}
}
