package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// RunWire runs the conformance suite of store.Subscribers. open must
// return a new, empty store for each call and close it when the test ends.
func RunWire(t *testing.T, open func(t *testing.T) store.Subscribers) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Subscribers)
	}{
		{"Subscribers", testSubscribers},
		{"WebhookLease", testWebhookLease},
		{"WebhookProgress", testWebhookProgress},
		{"FormerRights", testFormerRights},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func mkSubscriber(t *testing.T, st store.Subscribers, name, hash string) *store.Subscriber {
	t.Helper()
	s := &store.Subscriber{Name: name, KeyHash: hash, KeyHint: "dlw_" + hash[:4], Enabled: true,
		Filter: "section:politics", CreatedAt: t0}
	if err := st.CreateSubscriber(ctxT(t), s); err != nil {
		t.Fatalf("CreateSubscriber %s: %v", name, err)
	}
	if s.ID == 0 {
		t.Fatalf("CreateSubscriber %s: no id set", name)
	}
	return s
}

func testSubscribers(t *testing.T, st store.Subscribers) {
	ctx := ctxT(t)
	a := mkSubscriber(t, st, "Daily Harbour", "aaaa1111")
	b := mkSubscriber(t, st, "Radio North", "bbbb2222")
	if err := st.CreateSubscriber(ctx, &store.Subscriber{Name: "Daily Harbour", KeyHash: "cccc", CreatedAt: t0}); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second subscriber with the same name: err = %v, want ErrDuplicate", err)
	}
	if err := st.CreateSubscriber(ctx, &store.Subscriber{Name: "Other", KeyHash: "aaaa1111", CreatedAt: t0}); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second subscriber with the same key: err = %v, want ErrDuplicate", err)
	}
	got, err := st.SubscriberByKeyHash(ctx, "bbbb2222")
	if err != nil || got.ID != b.ID || got.Name != "Radio North" || !got.Enabled || got.Filter != "section:politics" || !got.CreatedAt.Equal(t0) {
		t.Fatalf("SubscriberByKeyHash = %+v, %v", got, err)
	}
	if _, err := st.SubscriberByKeyHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown key: err = %v, want ErrNotFound", err)
	}
	if _, err := st.Subscriber(ctx, 99999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown id: err = %v, want ErrNotFound", err)
	}
	exp := at(time.Hour)
	a.Enabled, a.EmbargoAccess, a.KeyHash, a.ExpiresAt, a.Filter = false, true, "dddd4444", &exp, "lang:ru"
	if err := st.UpdateSubscriber(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err = st.SubscriberByName(ctx, "Daily Harbour")
	if err != nil || got.Enabled || !got.EmbargoAccess || got.KeyHash != "dddd4444" || got.ExpiresAt == nil ||
		!got.ExpiresAt.Equal(exp) || got.Filter != "lang:ru" {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	if _, err := st.SubscriberByKeyHash(ctx, "aaaa1111"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the old key still finds the subscriber: %v", err)
	}
	if err := st.UpdateSubscriber(ctx, &store.Subscriber{ID: 99999, Name: "x", KeyHash: "y"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update of unknown subscriber: %v", err)
	}
	list, err := st.ListSubscribers(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("ListSubscribers = %v, %v", list, err)
	}
}

func testWebhookLease(t *testing.T, st store.Subscribers) {
	ctx := ctxT(t)
	s := mkSubscriber(t, st, "Hook", "eeee5555")
	if _, err := st.WebhookState(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("state without a webhook: %v", err)
	}
	if ok, err := st.ClaimWebhook(ctx, s.ID, "node-a", t0, at(time.Minute)); err != nil || ok {
		t.Fatalf("claim without a webhook = %v, %v", ok, err)
	}
	if err := st.SetWebhook(ctx, s.ID, "https://hook.example/in", "secret", 7); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		owner string
		now   time.Duration
		want  bool
	}{
		{"node-a", 0, true},                 // free
		{"node-b", 30 * time.Second, false}, // a holds it until +1m
		{"node-a", 40 * time.Second, true},  // renewal by the holder
		{"node-b", 90 * time.Second, false}, // renewed until +1m40s
		{"node-b", 2 * time.Minute, true},   // expired: b takes over
		{"node-a", 2 * time.Minute, false},
	}
	for i, c := range steps {
		ok, err := st.ClaimWebhook(ctx, s.ID, c.owner, at(c.now), at(c.now+time.Minute))
		if err != nil || ok != c.want {
			t.Fatalf("step %d: %s claims at +%v = %v, %v; want %v", i, c.owner, c.now, ok, err, c.want)
		}
	}
	if err := st.AdvanceWebhook(ctx, s.ID, "node-a", 9, 1, at(3*time.Minute)); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("advance by a node without the lease: %v, want ErrConflict", err)
	}
	if err := st.ReleaseWebhook(ctx, s.ID, "node-b"); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.ClaimWebhook(ctx, s.ID, "node-a", at(2*time.Minute), at(3*time.Minute)); err != nil || !ok {
		t.Fatalf("claim after release = %v, %v", ok, err)
	}
}

func testWebhookProgress(t *testing.T, st store.Subscribers) {
	ctx := ctxT(t)
	s := mkSubscriber(t, st, "Hook", "ffff6666")
	if err := st.SetWebhook(ctx, s.ID, "https://hook.example/in", "k1", 3); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.ClaimWebhook(ctx, s.ID, "n", t0, at(time.Hour)); err != nil || !ok {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	w, err := st.WebhookState(ctx, s.ID)
	if err != nil || w.DeliveredSeq != 3 || w.Attempts != 0 || w.LeaseOwner != "n" || !w.LeaseUntil.Equal(at(time.Hour)) {
		t.Fatalf("fresh state = %+v, %v", w, err)
	}
	for i := 1; i <= 2; i++ {
		if err := st.FailWebhook(ctx, s.ID, "n", "endpoint answered 500", at(time.Duration(i)*time.Second), at(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	w, _ = st.WebhookState(ctx, s.ID)
	if w.Attempts != 2 || w.LastError != "endpoint answered 500" || w.LastAttemptAt == nil ||
		!w.LastAttemptAt.Equal(at(2*time.Second)) || !w.NextAttemptAt.Equal(at(time.Minute)) || w.DeliveredSeq != 3 {
		t.Fatalf("after failures: %+v", w)
	}
	if err := st.AdvanceWebhook(ctx, s.ID, "n", 10, 2, at(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := st.AdvanceWebhook(ctx, s.ID, "n", 5, 0, at(3*time.Minute)); err != nil { // never backwards
		t.Fatal(err)
	}
	w, _ = st.WebhookState(ctx, s.ID)
	if w.DeliveredSeq != 10 || w.DeliveredCount != 2 || w.Attempts != 0 || w.LastError != "" ||
		w.LastSuccessAt == nil || !w.LastSuccessAt.Equal(at(2*time.Minute)) {
		t.Fatalf("after advancing: %+v", w)
	}
	got, _ := st.Subscriber(ctx, s.ID)
	if got.WebhookURL != "https://hook.example/in" || got.WebhookSecret != "k1" {
		t.Fatalf("subscriber webhook = %q %q", got.WebhookURL, got.WebhookSecret)
	}
	// Setting the webhook again restarts delivery; removing it drops the state.
	if err := st.SetWebhook(ctx, s.ID, "https://hook.example/v2", "k2", 20); err != nil {
		t.Fatal(err)
	}
	if w, _ = st.WebhookState(ctx, s.ID); w.DeliveredSeq != 20 || w.DeliveredCount != 0 || w.LeaseOwner != "" {
		t.Fatalf("after resetting the webhook: %+v", w)
	}
	if err := st.SetWebhook(ctx, s.ID, "", "", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.WebhookState(ctx, s.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("state after removing the webhook: %v", err)
	}
	if err := st.SetWebhook(ctx, 99999, "https://x.example/", "k", 0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("webhook of unknown subscriber: %v", err)
	}
}

// testFormerRights: an update that changes a subscriber's filter or
// embargo access keeps the rights given up, with the position of the
// newest event then; other updates keep nothing.
func testFormerRights(t *testing.T, st store.Subscribers) {
	ctx := ctxT(t)
	stories, ok := st.(store.Store)
	if !ok {
		t.Skip("the engine stores no stories")
	}
	s := mkSubscriber(t, st, "Daily Harbour", "aaaa1111")
	other := mkSubscriber(t, st, "Radio North", "bbbb2222")
	former := func(id int64) []store.FormerRights {
		t.Helper()
		f, err := st.FormerRights(ctx, id)
		if err != nil {
			t.Fatalf("FormerRights: %v", err)
		}
		return f
	}
	if f := former(s.ID); len(f) != 0 {
		t.Fatalf("a new subscriber's former rights = %+v, want none", f)
	}
	if f, err := st.FormerRights(ctx, 99999); err != nil || len(f) != 0 {
		t.Fatalf("FormerRights of an unknown subscriber = %+v, %v; want none", f, err)
	}
	createPublished(t, stories, draft("First story"), at(time.Minute))
	createPublished(t, stories, draft("Second story"), at(2*time.Minute))

	// Neither a rename nor disabling touches the rights.
	s.Name, s.Enabled = "Daily Harbour Group", false
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		t.Fatal(err)
	}
	if f := former(s.ID); len(f) != 0 {
		t.Fatalf("former rights after a rename = %+v, want none", f)
	}

	before := time.Now().Add(-time.Minute)
	s.Filter, s.EmbargoAccess = "section:sport", true
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		t.Fatal(err)
	}
	f := former(s.ID)
	if len(f) != 1 || f[0].Filter != "section:politics" || f[0].EmbargoAccess || f[0].UntilSeq != 2 || f[0].ChangedAt.Before(before) {
		t.Fatalf("former rights after a filter change = %+v, want section:politics without embargo access until seq 2", f)
	}

	createPublished(t, stories, draft("Third story"), at(3*time.Minute))
	s.EmbargoAccess = false
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		t.Fatal(err)
	}
	// Back to rights held before: the entry moves on instead of repeating.
	createPublished(t, stories, draft("Fourth story"), at(4*time.Minute))
	s.Filter = "section:politics"
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		t.Fatal(err)
	}
	createPublished(t, stories, draft("Fifth story"), at(5*time.Minute))
	s.Filter = ""
	if err := st.UpdateSubscriber(ctx, s); err != nil {
		t.Fatal(err)
	}
	f = former(s.ID)
	want := []store.FormerRights{
		{Filter: "section:sport", EmbargoAccess: true, UntilSeq: 3},
		{Filter: "section:sport", EmbargoAccess: false, UntilSeq: 4},
		{Filter: "section:politics", EmbargoAccess: false, UntilSeq: 5},
	}
	if len(f) != len(want) {
		t.Fatalf("former rights = %+v, want %+v", f, want)
	}
	for i := range want {
		if f[i].Filter != want[i].Filter || f[i].EmbargoAccess != want[i].EmbargoAccess || f[i].UntilSeq != want[i].UntilSeq {
			t.Fatalf("former rights = %+v, want %+v", f, want)
		}
	}
	if f := former(other.ID); len(f) != 0 {
		t.Fatalf("another subscriber's former rights = %+v, want none", f)
	}
	s.ID = 99999
	if err := st.UpdateSubscriber(ctx, s); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("UpdateSubscriber of an unknown id: err = %v, want ErrNotFound", err)
	}
}
