package wire

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/client"
	"github.com/dateline-news/dateline/internal/formats/ninjs"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/testenv"
)

// lifecycle makes a story in every state the wire carries and returns
// the ids: a (published, updated, corrected, withheld, republished), d
// (published then killed: its replayed versions are the canceled item),
// b (embargoed then released), c (embargoed then killed, never public).
func lifecycle(t *testing.T, e *env) (a, b, c, d string) {
	ctx := context.Background()
	sa := e.published(headline("Ferry runs aground off the outer islands"))
	upd := *sa
	upd.Body = append(upd.Body, news.Block{Kind: news.Paragraph, Text: "All passengers were brought ashore by noon."})
	if _, err := e.svc.Publish(ctx, sa.ID, publish.Change{Content: &upd}, nil, "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Correct(ctx, sa.ID, publish.Change{}, "An earlier version gave the wrong number of passengers.", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Withhold(ctx, sa.ID, 0, "legal check", "editor"); err != nil {
		t.Fatal(err)
	}
	e.publish(sa.ID, nil)
	sd := e.published(headline("Harbour crane collapses at dawn"))
	if _, err := e.svc.Kill(ctx, sd.ID, 0, "source retracted", "The report could not be confirmed.", "editor"); err != nil {
		t.Fatal(err)
	}

	sb := e.draft(headline("Central bank to announce rate decision"), section("economy"))
	until := e.clock.Now().Add(time.Hour)
	e.publish(sb.ID, &until)
	sc := e.draft(headline("Embargoed report that is withdrawn before release"), section("economy"))
	e.publish(sc.ID, &until)
	if _, err := e.svc.Kill(ctx, sc.ID, 0, "source withdrew it", "Withdrawn by the source.", "editor"); err != nil {
		t.Fatal(err)
	}
	return sa.ID, sb.ID, sc.ID, sd.ID
}

func TestEveryStateValidatesAndEmbargoHolds(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	priv := e.subscriber("Privileged Daily", true, "")
	plain := e.subscriber("Plain Weekly", false, "")
	a, b, c, d := lifecycle(t, e)

	// Before the release: the privileged subscriber sees b and c early,
	// marked; the plain one sees neither by any endpoint.
	privItems, privRaw, _ := pullAll(t, priv, "", 3)
	wantPriv := []string{a + "/1", a + "/2", a + "/3", a + "/4", a + "/5", d + "/2", d + "/2", b + "/1", c + "/2", c + "/2"}
	sameKeys(t, "privileged, before release", wantPriv, privItems)
	for _, it := range privItems {
		if it.ID() == b && it.EmbargoedUntil == "" {
			t.Errorf("privileged item %s is not marked with embargoedUntil", it.key())
		}
	}
	wantStatus := map[string]string{a + "/1": "usable", a + "/2": "usable", a + "/3": "usable", a + "/4": "withheld",
		a + "/5": "usable", d + "/2": "canceled", b + "/1": "usable", c + "/2": "canceled"}
	for _, it := range privItems {
		if w, ok := wantStatus[it.key()]; ok && it.PubStatus != w {
			t.Errorf("%s: pubStatus %q, want %q", it.key(), it.PubStatus, w)
		}
		if it.PubStatus == "canceled" && len(it.Bodies) != 0 {
			t.Errorf("%s: a canceled item carries a body", it.key())
		}
	}
	if it := privItems[2]; !strings.Contains(it.EdNote, "wrong number of passengers") {
		t.Errorf("corrected version edNote = %q", it.EdNote)
	}

	plainItems, _, plainNext := pullAll(t, plain, "", 2)
	sameKeys(t, "plain, before release", []string{a + "/1", a + "/2", a + "/3", a + "/4", a + "/5", d + "/2", d + "/2"}, plainItems)
	for _, id := range []string{b, c} {
		for _, v := range []int{0, 1, 2} {
			for _, f := range []string{client.Ninjs3, client.Ninjs2, client.NewsML} {
				_, err := plain.ItemAs(ctx, id, v, f)
				var ae *client.Error
				if !errors.As(err, &ae) || ae.Status != 404 {
					t.Errorf("plain item %s v%d %s before release: err = %v, want 404", id, v, f, err)
				}
			}
		}
	}
	if p, err := plain.Search(ctx, "rate decision", "", 10); err != nil || len(p.Items) != 0 {
		t.Errorf("plain search found the embargoed story: %v %v", p, err)
	}
	var streamed []item
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	_ = plain.Stream(sctx, "", func(ev client.Event) error {
		streamed = append(streamed, decodeItem(t, ev.Data))
		if len(streamed) == 7 {
			// Give the stream a moment to send anything it should not.
			time.AfterFunc(300*time.Millisecond, cancel)
		}
		return nil
	})
	cancel()
	sameKeys(t, "plain stream, before release", plainItems0(plainItems), streamed)

	// The release: the plain subscriber now gets b's release version.
	e.clock.Add(2 * time.Hour)
	if n, err := e.svc.ReleaseDue(ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseDue = %d, %v", n, err)
	}
	more, _, _ := pullAll(t, plain, plainNext, 10)
	sameKeys(t, "plain, after release", []string{b + "/2"}, more)
	if more[0].EmbargoedUntil != "" || more[0].PubStatus != "usable" {
		t.Errorf("released item: %+v", more[0])
	}
	if _, err := plain.Item(ctx, b, 0); err != nil {
		t.Errorf("plain item after release: %v", err)
	}
	if _, err := plain.Item(ctx, b, 1); err == nil {
		t.Error("plain subscriber got the embargoed version 1 after release")
	}
	more, raw, _ := pullAll(t, priv, "", 50)
	privItems, privRaw = more, raw

	// Every item, every format, validates against IPTC's schemas.
	dir := t.TempDir()
	var g2 []string
	for i, it := range privItems {
		if err := ninjs.Validate(privRaw[i], ninjs.Profile31); err != nil {
			t.Errorf("pulled %s is not valid ninjs 3.1: %v", it.key(), err)
		}
		n := atoi(t, it.Version)
		for _, f := range []string{client.Ninjs3, client.Ninjs2, client.NewsML} {
			body, err := priv.ItemAs(ctx, it.ID(), n, f)
			if err != nil {
				t.Fatalf("item %s as %s: %v", it.key(), f, err)
			}
			switch f {
			case client.Ninjs3:
				if err := ninjs.Validate(body, ninjs.Profile31); err != nil {
					t.Errorf("item %s ninjs 3.1: %v", it.key(), err)
				}
			case client.Ninjs2:
				if err := ninjs.Validate(body, ninjs.Profile22); err != nil {
					t.Errorf("item %s ninjs 2.2: %v", it.key(), err)
				}
			case client.NewsML:
				p := filepath.Join(dir, strings.ReplaceAll(it.key(), "/", "-")+".xml")
				if err := os.WriteFile(p, body, 0o600); err != nil {
					t.Fatal(err)
				}
				g2 = append(g2, p)
			}
		}
	}
	if len(g2) != 11 {
		t.Fatalf("%d NewsML items, want 11", len(g2))
	}
	xmllint(t, g2...)
}

// plainItems0 is the keys of items, for comparing streams with pulls.
func plainItems0(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.key()
	}
	return out
}

func sameKeys(t *testing.T, what string, want []string, got []item) {
	t.Helper()
	g := plainItems0(got)
	if strings.Join(g, " ") != strings.Join(want, " ") {
		t.Fatalf("%s:\n got %v\nwant %v", what, g, want)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("version %q is not a number", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// xmllint validates files against the NewsML-G2 2.35 schema, offline.
func xmllint(t *testing.T, files ...string) {
	t.Helper()
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		testenv.Missing(t, "xmllint is not installed; install libxml2-utils to validate NewsML-G2 output")
	}
	xsd := filepath.Join(testenv.Data(t, "newsml-g2/schema"), "NewsML-G2_2.35-spec-All-Power.xsd")
	args := append([]string{"--noout", "--nonet", "--schema", xsd}, files...)
	if out, err := exec.Command(lint, args...).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}
