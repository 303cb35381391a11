package wire

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
)

// bodyWord is in the body of every story the tests make (env.draft).
const bodyWord = "Councillors voted 31 to 9"

// TestKillRecallsEveryVersion: after a kill no surface, format or replay
// serves any text of any version: items by version are the canceled item,
// and the pull, the stream and a new webhook from the start carry the
// story's earlier events as canceled items without a body.
func TestKillRecallsEveryVersion(t *testing.T) {
	e := newEnv(t, Config{Webhooks: loopbackHooks})
	ctx := context.Background()
	priv := e.subscriber("Privileged Daily", true, "")
	s := e.published(headline("Port strike spreads to the north"))
	upd := *s
	upd.Standfirst = "A second terminal stopped work on Tuesday."
	if _, err := e.svc.Publish(ctx, s.ID, publish.Change{Content: &upd}, nil, "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Kill(ctx, s.ID, 0, "Internal: the union denied it", "Withdrawn pending checks.", "editor"); err != nil {
		t.Fatal(err)
	}
	checkCanceled := func(what string, body []byte) {
		t.Helper()
		text := string(body)
		if strings.Contains(text, bodyWord) || strings.Contains(text, "second terminal") || strings.Contains(text, "union denied") ||
			strings.Contains(text, "Port strike") {
			t.Errorf("%s carries text of a killed story:\n%s", what, text)
		}
		if !strings.Contains(text, "canceled") {
			t.Errorf("%s is not canceled:\n%s", what, text)
		}
		if !strings.Contains(text, "Withdrawn pending checks.") {
			t.Errorf("%s lacks the public notice:\n%s", what, text)
		}
	}
	for _, v := range []int{0, 1, 2, 3} {
		for _, f := range []string{client.Ninjs3, client.Ninjs2, client.NewsML} {
			b, err := priv.ItemAs(ctx, s.ID, v, f)
			if err != nil {
				t.Fatalf("item v%d %s: %v", v, f, err)
			}
			checkCanceled(fmt.Sprintf("item v%d %s", v, f), b)
		}
	}
	_, raws, _ := pullAll(t, priv, "", 10)
	if len(raws) != 3 {
		t.Fatalf("pull from the start: %d items, want the 3 events", len(raws))
	}
	for _, r := range raws {
		checkCanceled("pulled item", r)
	}
	var streamed [][]byte
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_ = priv.Stream(sctx, "", func(ev client.Event) error {
		streamed = append(streamed, ev.Data)
		if len(streamed) == 3 {
			cancel()
		}
		return nil
	})
	if len(streamed) != 3 {
		t.Fatalf("stream from the start: %d events", len(streamed))
	}
	for _, r := range streamed {
		checkCanceled("streamed item", r)
	}
	rcv := newReceiver(t)
	e.webhook("Webhook Weekly", "", rcv.srv.URL)
	waitFor(t, "the webhook's replay", 20*time.Second, func() bool { return rcv.count() >= 3 })
	rcv.mu.Lock()
	for _, it := range rcv.got {
		if it.PubStatus != "canceled" || len(it.Bodies) != 0 {
			t.Errorf("webhook replay: %s is %s with %d bodies", it.key(), it.PubStatus, len(it.Bodies))
		}
	}
	rcv.mu.Unlock()
}

// TestFilterAppliesEverywhere: a filtered subscriber gets 404 for items
// outside its filter, finds none of them by search, and is not sent
// them; a story that leaves its filter after it received a version still
// brings it the later correction and the kill.
func TestFilterAppliesEverywhere(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	pol := e.subscriber("Politics Desk", false, "section:politics")
	eco := e.subscriber("Economy Desk", false, "section:economy")
	sport := e.published(headline("Rowing club wins the harbour regatta"), section("sport"))
	for _, v := range []int{0, 1} {
		for _, f := range []string{client.Ninjs3, client.NewsML} {
			_, err := pol.ItemAs(ctx, sport.ID, v, f)
			var ae *client.Error
			if !errors.As(err, &ae) || ae.Status != 404 {
				t.Errorf("politics subscriber, sport item v%d %s: %v, want 404", v, f, err)
			}
		}
	}
	if p, err := pol.Search(ctx, "regatta", "", 10); err != nil || len(p.Items) != 0 {
		t.Errorf("politics subscriber found the sport story by search: %d items, %v", len(p.Items), err)
	}
	if p, err := e.subscriber("Sport Desk", false, "section:sport").Search(ctx, "regatta", "", 10); err != nil || len(p.Items) != 1 {
		t.Errorf("sport subscriber's search: %v, %v", p, err)
	}

	p := e.published(headline("Council debates the harbour budget"))
	items, _, next := pullAll(t, pol, "", 10)
	if len(items) != 1 || items[0].ID() != p.ID {
		t.Fatalf("politics feed: %v", plainItems0(items))
	}
	// The story moves to economy with a correction, then is killed.
	moved := *p
	moved.Section = "economy"
	if _, err := e.svc.Correct(ctx, p.ID, publish.Change{Content: &moved}, "The story was filed under the wrong section.", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Kill(ctx, p.ID, 0, "duplicate", "", "editor"); err != nil {
		t.Fatal(err)
	}
	more, _, _ := pullAll(t, pol, next, 10)
	if len(more) != 2 || more[0].ID() != p.ID || more[1].PubStatus != "canceled" {
		t.Fatalf("the politics subscriber got version 1, so it must get the correction and the kill: %v", plainItems0(more))
	}
	if b, err := pol.Item(ctx, p.ID, 0); err != nil || !strings.Contains(string(b), "canceled") {
		t.Errorf("politics subscriber's item of the killed story: %v %.200s", err, b)
	}
	ecoItems, _, _ := pullAll(t, eco, "", 10)
	if len(ecoItems) != 2 {
		t.Fatalf("economy feed: %v; want the correction (now economy) and its kill", plainItems0(ecoItems))
	}
}

// TestTagFilterAppliesEverywhere: a subscriber filtered by tag gets 404
// for an item without the tag, no search hits for it and nothing of it by
// pull; the tagged story reaches it.
func TestTagFilterAppliesEverywhere(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	trams := e.subscriber("Tram Gazette", false, `tag:"night trams",ferries`)
	other := e.published(headline("Rowing club wins the harbour regatta"), func(s *news.Story) { s.Tags = []string{"Rowing"} })
	tagged := e.published(headline("Night tram trial starts"), func(s *news.Story) { s.Tags = []string{"Night Trams"} })
	var ae *client.Error
	if _, err := trams.Item(ctx, other.ID, 0); !errors.As(err, &ae) || ae.Status != 404 {
		t.Errorf("tag subscriber, untagged item: %v, want 404", err)
	}
	if _, err := trams.Item(ctx, tagged.ID, 0); err != nil {
		t.Errorf("tag subscriber, tagged item: %v", err)
	}
	if p, err := trams.Search(ctx, "regatta", "", 10); err != nil || len(p.Items) != 0 {
		t.Errorf("tag subscriber found the untagged story by search: %v, %v", p, err)
	}
	if p, err := trams.Search(ctx, "tram", "", 10); err != nil || len(p.Items) != 1 {
		t.Errorf("tag subscriber's search for the tagged story: %v, %v", p, err)
	}
	items, _, _ := pullAll(t, trams, "", 10)
	if len(items) != 1 || items[0].ID() != tagged.ID {
		t.Errorf("tag subscriber's feed: %v, want only the tagged story", plainItems0(items))
	}
}

// TestFilteredSearchFindsOlderMatches: a filtered subscriber's search
// reads past newer hits outside its filter, so a page is not empty while
// a match exists further back; the cursor still pages through the rest.
func TestFilteredSearchFindsOlderMatches(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	pol := e.subscriber("Politics Desk", false, "section:politics")
	old := e.published(headline("Ferry fares debated in council"), section("politics"))
	for i := range 30 {
		e.published(headline(fmt.Sprintf("Ferry race number %d", i)), section("sport"))
	}
	p, err := pol.Search(ctx, "ferry", "", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || !strings.Contains(string(p.Items[0]), old.ID) {
		t.Fatalf("politics subscriber's search: %d items (more=%v), want the older politics story", len(p.Items), p.More)
	}
	if p.More {
		t.Errorf("search says more after the last story")
	}
	all := e.subscriber("Everything", false, "")
	seen := 0
	for before := ""; ; {
		pg, err := all.Search(ctx, "ferry", before, 7)
		if err != nil {
			t.Fatal(err)
		}
		seen += len(pg.Items)
		if !pg.More {
			break
		}
		before = pg.Next
	}
	if seen != 31 {
		t.Errorf("paging the unfiltered search saw %d stories, want 31", seen)
	}
}

// TestEmbargoRightsOnEverySurface: a subscriber without embargo access
// gets 404 for a scheduled story by id and version, and nothing by pull.
func TestEmbargoRightsOnEverySurface(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	plain := e.subscriber("Plain Weekly", false, "")
	priv := e.subscriber("Privileged Daily", true, "")
	until := e.clock.Now().Add(time.Hour)
	s := e.draft(headline("Budget figures under embargo"))
	e.publish(s.ID, &until)
	for _, v := range []int{0, 1} {
		if _, err := plain.Item(ctx, s.ID, v); err == nil {
			t.Errorf("plain subscriber read the embargoed story v%d", v)
		}
		if _, err := priv.Item(ctx, s.ID, v); err != nil {
			t.Errorf("privileged subscriber v%d: %v", v, err)
		}
	}
	if items, _, _ := pullAll(t, plain, "", 10); len(items) != 0 {
		t.Errorf("plain subscriber pulled %v", plainItems0(items))
	}
}
