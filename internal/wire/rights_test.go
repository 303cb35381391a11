package wire

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/publish"
)

const rightsAdminToken = "admin-secret"

// rightsEnv is a wire with the admin API and loopback webhooks.
func rightsEnv(t *testing.T) *env {
	return newEnv(t, Config{Webhooks: loopbackHooks, AdminAuth: func(r *http.Request) (string, bool) {
		return "root", r.Header.Get("Authorization") == "Bearer "+rightsAdminToken
	}})
}

// patchSubscriber changes a subscriber through the admin API.
func (e *env) patchSubscriber(name string, fields map[string]any) {
	e.t.Helper()
	s, err := e.db.SubscriberByName(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	if resp, body := e.do("PATCH", "/api/v1/admin/subscribers/"+itoa(s.ID), rightsAdminToken, fields); resp.StatusCode != 200 {
		e.t.Fatalf("PATCH %s %v: %d %s", name, fields, resp.StatusCode, body)
	}
}

// withWebhook creates a subscriber with a webhook from the start of the
// log and returns a client with its key and the webhook's receiver.
func (e *env) withWebhook(name string, embargo bool, filter string) (*client.Client, *receiver) {
	e.t.Helper()
	c := e.subscriber(name, embargo, filter)
	rcv := newReceiver(e.t.(*testing.T))
	s, err := e.db.SubscriberByName(e.ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	secret, err := SetWebhook(e.ctx, e.db, s.ID, rcv.srv.URL, 0, e.w.cfg.Webhooks)
	if err != nil {
		e.t.Fatal(err)
	}
	rcv.secret.Store(secret)
	return c, rcv
}

// streamFrom reads want events from the stream after cursor after.
func streamFrom(t *testing.T, c *client.Client, after string, want int) []item {
	t.Helper()
	var got []item
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = c.Stream(ctx, after, func(ev client.Event) error {
		got = append(got, decodeItem(t, ev.Data))
		if len(got) == want {
			cancel()
		}
		return nil
	})
	if len(got) != want {
		t.Fatalf("stream after %q: %d events, want %d", after, len(got), want)
	}
	return got
}

// sameOnEverySurface checks that the pull and the stream of c after
// cursor, and the webhook rcv after the first delivered events, carry the
// events want ("id/version pubStatus, ..."); it returns the pulled items.
// A webhook delivers each event as it happens, so an event it sent before
// a later kill may also read as it was then: live, if given, is that
// sequence, and the webhook may carry either.
func sameOnEverySurface(t *testing.T, c *client.Client, rcv *receiver, cursor string, delivered int, want, live string) []item {
	t.Helper()
	items, _, _ := pullAll(t, c, cursor, 10)
	if got := keysOf(items); got != want {
		t.Errorf("pull: %s\nwant %s", got, want)
	}
	n := strings.Count(want, ",") + 1
	if got := keysOf(streamFrom(t, c, cursor, n)); got != want {
		t.Errorf("stream: %s\nwant %s", got, want)
	}
	waitFor(t, "the webhook deliveries", 20*time.Second, func() bool { return rcv.count() >= delivered+n })
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	if got := keysOf(rcv.got[delivered:]); got != want && (live == "" || got != live) {
		t.Errorf("webhook: %s\nwant %s", got, want)
		if live != "" {
			t.Errorf("or, delivered before the kill: %s", live)
		}
	}
	return items
}

func keysOf(items []item) string {
	var ks []string
	for _, it := range items {
		ks = append(ks, it.key()+" "+it.PubStatus)
	}
	return strings.Join(ks, ", ")
}

// TestRecallAfterFilterNarrowed: a subscriber received stories under
// section:politics, then an admin narrowed its filter to section:sport.
// The later withhold, correction and kill of those stories still reach it
// by pull, stream and webhook, and it can read the recalled item; stories
// it never had stay out of reach, and a subscriber that only ever had
// section:sport gets nothing of them.
func TestRecallAfterFilterNarrowed(t *testing.T) {
	e := rightsEnv(t)
	ctx := context.Background()
	pol, rcv := e.withWebhook("Politics Desk", false, "section:politics")
	sport := e.subscriber("Sport Desk", false, "section:sport")

	killed := e.published(headline("Council vote on the harbour tram"))
	corrected := e.published(headline("Mayor names a new transport chief"))
	_, _, cursor := pullAll(t, pol, "", 10)
	waitFor(t, "the webhook to deliver both stories", 20*time.Second, func() bool { return rcv.count() >= 2 })

	e.patchSubscriber("Politics Desk", map[string]any{"filter": "section:sport"})
	// Published after the change: never the subscriber's.
	later := e.published(headline("Opposition tables a motion"))

	upd := *corrected
	upd.Standfirst = "The appointment was confirmed on Wednesday."
	if _, err := e.svc.Publish(ctx, corrected.ID, publish.Change{Content: &upd}, nil, "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withhold(ctx, killed.ID, 0, "checking a figure", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Kill(ctx, killed.ID, 0, "Internal: the vote was not held", "This story has been withdrawn.", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withhold(ctx, later.ID, 0, "checking", "editor"); err != nil {
		t.Fatal(err)
	}

	// The withhold, replayed after the kill, is the canceled item too.
	want := vkeyOf(corrected.ID, 2) + " usable, " + vkeyOf(killed.ID, 3) + " canceled, " + vkeyOf(killed.ID, 3) + " canceled"
	// The webhook may have sent the withhold before the kill happened.
	live := vkeyOf(corrected.ID, 2) + " usable, " + vkeyOf(killed.ID, 2) + " withheld, " + vkeyOf(killed.ID, 3) + " canceled"
	items := sameOnEverySurface(t, pol, rcv, cursor, 2, want, live)
	for _, it := range items {
		if it.ID() == corrected.ID && len(it.Bodies) == 0 {
			t.Errorf("the correction of a story the subscriber received came without its text")
		}
		if it.ID() == killed.ID && len(it.Bodies) != 0 {
			t.Errorf("a recall of the killed story carries a body")
		}
	}

	if b, err := pol.Item(ctx, killed.ID, 1); err != nil || !strings.Contains(string(b), "canceled") {
		t.Errorf("the killed story by version: %v %s, want the canceled item", err, b)
	}
	if b, err := pol.Item(ctx, corrected.ID, 0); err != nil || !strings.Contains(string(b), "confirmed on Wednesday") {
		t.Errorf("the corrected story by id: %v %s, want its correction", err, b)
	}
	var ae *client.Error
	if _, err := pol.Item(ctx, later.ID, 0); !errors.As(err, &ae) || ae.Status != 404 {
		t.Errorf("a politics story published after the change: %v, want 404", err)
	}
	// Replayed from the start, the stories' first versions stay out: the
	// subscriber's rights now are section:sport.
	if items, _, _ := pullAll(t, pol, "", 10); keysOf(items) != want {
		t.Errorf("pull from the start: %s\nwant %s", keysOf(items), want)
	}
	if items, _, _ := pullAll(t, sport, "", 10); len(items) != 0 {
		t.Errorf("a subscriber that only ever had section:sport got %s", keysOf(items))
	}
}

// TestRecallAfterEmbargoAccessRemoved: a subscriber received a story under
// embargo, then lost embargo access. A new embargoed version does not go
// to it (its text is still under embargo), but the kill does, by pull,
// stream and webhook.
func TestRecallAfterEmbargoAccessRemoved(t *testing.T) {
	e := rightsEnv(t)
	ctx := context.Background()
	priv, rcv := e.withWebhook("Privileged Daily", true, "")
	plain := e.subscriber("Plain Weekly", false, "")

	until := e.clock.Now().Add(time.Hour)
	s := e.draft(headline("Budget figures under embargo"))
	e.publish(s.ID, &until)
	items, _, cursor := pullAll(t, priv, "", 10)
	if len(items) != 1 || items[0].EmbargoedUntil == "" {
		t.Fatalf("privileged subscriber pulled %s, want the embargoed version", keysOf(items))
	}
	waitFor(t, "the webhook to deliver the embargoed version", 20*time.Second, func() bool { return rcv.count() >= 1 })

	e.patchSubscriber("Privileged Daily", map[string]any{"embargo_access": false})
	upd := *s
	upd.Standfirst = "Revised figures for the coming year."
	if _, err := e.svc.Publish(ctx, s.ID, publish.Change{Content: &upd, KeepEmbargo: true}, nil, "editor"); err != nil {
		t.Fatal(err)
	}
	if items, _, _ := pullAll(t, priv, cursor, 10); len(items) != 0 {
		t.Errorf("after losing embargo access the subscriber was sent %s", keysOf(items))
	}
	if _, err := e.svc.Kill(ctx, s.ID, 0, "Internal: figures wrong", "This story has been withdrawn.", "editor"); err != nil {
		t.Fatal(err)
	}
	want := vkeyOf(s.ID, 3) + " canceled"
	sameOnEverySurface(t, priv, rcv, cursor, 1, want, "")
	if items, _, _ := pullAll(t, plain, "", 10); len(items) != 0 {
		t.Errorf("a subscriber that never had embargo access got %s", keysOf(items))
	}
}
