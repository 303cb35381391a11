package copydb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/copydb"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
)

// engine is a store that can take part in a copy.
type engine interface {
	copydb.Engine
	store.Store
	store.Accounts
	store.Subscribers
}

func openSQLite(t *testing.T) engine {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "dl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t *testing.T) engine {
	t.Helper()
	db, err := postgres.Open(context.Background(), testenv.FreshPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// clock hands out times a second apart.
type clock struct{ t time.Time }

func (c *clock) next() time.Time { c.t = c.t.Add(time.Second); return c.t }

func newStory(c *clock, n int, lang string, tags ...string) *news.Story {
	now := c.next()
	return &news.Story{
		ID: news.NewID(now), Language: lang, Status: news.StatusDraft,
		Headline:   fmt.Sprintf("Harbour board weighs ferry plan number %d", n),
		Standfirst: "The northern port's board met on Friday.",
		Dateline:   news.Dateline{Place: "OSLO", Credit: "Dateline"},
		Body: []news.Block{{Kind: news.Paragraph, Text: fmt.Sprintf("The board heard plan %d for a terminal beside the fish market.", n)},
			{Kind: news.Subheading, Text: "Costs"}, {Kind: news.Paragraph, Text: "Members asked who would pay for the dredging."}},
		Section: "world", Tags: tags, CreatedAt: now, ModifiedAt: now, Author: "desk",
		Source: fmt.Sprintf("test:%d", n),
	}
}

// change applies a lifecycle step to a stored story.
func change(t *testing.T, st engine, id string, fn func(s *news.Story) (*news.Version, error)) {
	t.Helper()
	if _, err := st.UpdateStory(context.Background(), id, func(s *news.Story) (*news.Version, error) { return fn(s) }); err != nil {
		t.Fatalf("change %s: %v", id, err)
	}
}

// fill makes an installation that exercises every table and every kind
// of public change, including several versions of one story in a row.
func fill(t *testing.T, st engine) {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)}
	var ids []string
	for i := 0; i < 40; i++ {
		lang := "en"
		if i%5 == 0 {
			lang = "ru"
		}
		s := newStory(c, i, lang, "Ferries", fmt.Sprintf("Port %d", i%3))
		var v *news.Version
		if i%4 != 3 { // every fourth story stays a draft
			var err error
			if v, err = s.Publish(c.next(), nil, "editor"); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.CreateStory(ctx, s, v); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	// Updates, corrections, a kill after corrections, a withhold, an
	// embargo still running and one released.
	change(t, st, ids[0], func(s *news.Story) (*news.Version, error) {
		s.Headline += " (updated)"
		return s.Publish(c.next(), nil, "editor")
	})
	change(t, st, ids[0], func(s *news.Story) (*news.Version, error) {
		return s.Correct(c.next(), "The plan's number was wrong.", "editor")
	})
	change(t, st, ids[1], func(s *news.Story) (*news.Version, error) {
		return s.Correct(c.next(), "A name was misspelt.", "editor")
	})
	change(t, st, ids[1], func(s *news.Story) (*news.Version, error) {
		return s.Kill(c.next(), "Legal advice.", "", nil, "editor")
	})
	change(t, st, ids[2], func(s *news.Story) (*news.Version, error) {
		return s.Withhold(c.next(), "Checking a fact.", nil, "editor")
	})
	change(t, st, ids[3], func(s *news.Story) (*news.Version, error) {
		e := time.Now().Add(24 * time.Hour).Truncate(time.Millisecond)
		return s.Publish(c.next(), &e, "editor")
	})
	change(t, st, ids[7], func(s *news.Story) (*news.Version, error) {
		e := c.t.Add(time.Hour)
		return s.Publish(c.next(), &e, "editor")
	})
	change(t, st, ids[7], func(s *news.Story) (*news.Version, error) { return s.Release(c.t.Add(2*time.Hour), nil) })
	change(t, st, ids[11], func(s *news.Story) (*news.Version, error) { // a working-copy edit, no version
		s.Headline = "An unpublished edit"
		return nil, nil
	})

	// Pictures: one published with its files, one killed, sharing a rendition.
	for i, kill := range []bool{false, true} {
		now := c.next()
		orig := store.NewBlob("image/jpeg", []byte(fmt.Sprintf("original %d", i)))
		shared := store.NewBlob("image/jpeg", []byte("a rendition both pictures share"))
		p := &news.Story{ID: news.NewID(now), Kind: news.KindPicture, Language: "en", Status: news.StatusDraft,
			CreatedAt: now, ModifiedAt: now, Picture: &news.Picture{Caption: "Ferries at the quay", Credit: "Dateline",
				Alt: "Two ferries", Width: 640, Height: 480, Original: orig.Hash, Format: "jpeg",
				Renditions: []news.Rendition{{Hash: shared.Hash, Width: 640, Height: 480, ContentType: "image/jpeg", Size: int64(len(shared.Data))}}}}
		v, err := p.Publish(c.next(), nil, "editor")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateStoryBlobs(ctx, p, v, []store.Blob{orig, shared}); err != nil {
			t.Fatal(err)
		}
		if kill {
			change(t, st, p.ID, func(s *news.Story) (*news.Version, error) { return s.Kill(c.next(), "Rights.", "", nil, "editor") })
		}
	}

	u := &store.User{Name: "Maria", Role: store.RoleEditor, PasswordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", CreatedAt: c.next()}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	admin := &store.User{Name: "admin", Role: store.RoleAdmin, PasswordHash: "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$YWRtaW4", CreatedAt: c.next(), Disabled: true}
	if err := st.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	exp := c.t.Add(90 * 24 * time.Hour)
	for i, tok := range []*store.APIToken{
		{Hash: strings.Repeat("a", 64), Name: "desk script", UserID: u.ID, CreatedAt: c.next()},
		{Hash: strings.Repeat("b", 64), Name: "old", UserID: u.ID, CreatedAt: c.next(), ExpiresAt: &exp, Revoked: true},
	} {
		if err := st.CreateToken(ctx, tok); err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
	}
	if err := st.CreateSession(ctx, &store.Session{TokenHash: strings.Repeat("c", 64), UserID: u.ID, CSRF: "csrf",
		CreatedAt: c.next(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := st.AppendAudit(ctx, &store.AuditEntry{At: c.next(), User: "Maria", Action: "publish", StoryID: ids[i], Detail: "v1"}); err != nil {
			t.Fatal(err)
		}
	}
	plain := &store.Subscriber{Name: "Evening Post", KeyHash: strings.Repeat("d", 64), KeyHint: "dlw_abc", Enabled: true,
		Filter: "section:world", CreatedAt: c.next()}
	hooked := &store.Subscriber{Name: "Radio North", KeyHash: strings.Repeat("e", 64), KeyHint: "dlw_def", Enabled: true,
		EmbargoAccess: true, CreatedAt: c.next()}
	for _, s := range []*store.Subscriber{plain, hooked} {
		if err := st.CreateSubscriber(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetWebhook(ctx, hooked.ID, "https://radio.example/hook", "secret", 0); err != nil {
		t.Fatal(err)
	}
	// Narrowed rights: the ones given up travel with the copy.
	plain.Filter = "section:world lang:en"
	if err := st.UpdateSubscriber(ctx, plain); err != nil {
		t.Fatal(err)
	}
	// PostgreSQL keeps microseconds: times that reach its columns are
	// whole milliseconds, so both engines hold them exactly.
	now := time.Now().Truncate(time.Millisecond)
	if ok, err := st.ClaimWebhook(ctx, hooked.ID, "node-1", now, now.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := st.AdvanceWebhook(ctx, hooked.ID, "node-1", 12, 9, now); err != nil {
		t.Fatal(err)
	}
	if err := st.FailWebhook(ctx, hooked.ID, "node-1", "503 from the endpoint", now, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
}

// same checks that what readers, subscribers and the newsroom see is the
// same on both databases.
func same(t *testing.T, a, b engine) {
	t.Helper()
	ctx := context.Background()
	ea, err := a.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	eb, err := b.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ea, eb) {
		t.Errorf("change logs differ:\nsource %+v\ntarget %+v", ea, eb)
	}
	// A subscriber's cursor in the middle of the log reads the same tail.
	mid := ea[len(ea)/2].Seq
	ta, _ := a.Changes(ctx, mid, 1000)
	tb, _ := b.Changes(ctx, mid, 1000)
	if !reflect.DeepEqual(ta, tb) || len(ta) == 0 {
		t.Errorf("the log after %d differs: %d events in the source, %d in the target", mid, len(ta), len(tb))
	}
	desk, err := a.ListStories(ctx, store.DeskQuery{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range desk {
		sb, err := b.Story(ctx, s.ID)
		if err != nil {
			t.Errorf("story %s: %v", s.ID, err)
			continue
		}
		if !reflect.DeepEqual(s, sb) {
			t.Errorf("working copy of %s differs:\n%+v\n%+v", s.ID, s, sb)
		}
		va, _ := a.Versions(ctx, s.ID)
		vb, _ := b.Versions(ctx, s.ID)
		if !reflect.DeepEqual(va, vb) {
			t.Errorf("versions of %s differ: %d and %d", s.ID, len(va), len(vb))
		}
		pa, errA := a.PublicStory(ctx, s.ID)
		pb, errB := b.PublicStory(ctx, s.ID)
		if errors.Is(errA, store.ErrNotFound) != errors.Is(errB, store.ErrNotFound) || !reflect.DeepEqual(pa, pb) {
			t.Errorf("public story %s differs: %v / %v\n%+v\n%+v", s.ID, errA, errB, pa, pb)
		}
	}
	for _, q := range []store.ListQuery{{Limit: 100}, {Tag: "port 1", Limit: 100}, {Language: "ru", Limit: 100}} {
		la, err := a.ListPublic(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		lb, err := b.ListPublic(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := storyIDs(lb.Stories), storyIDs(la.Stories); !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("list %+v: target %v, source %v", q, got, want)
		}
	}
	sa, err := a.Search(ctx, store.SearchQuery{Text: "dredging", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := b.Search(ctx, store.SearchQuery{Text: "dredging", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(sa.Stories) == 0 || len(sa.Stories) != len(sb.Stories) {
		t.Errorf("search finds %d stories in the source and %d in the target", len(sa.Stories), len(sb.Stories))
	}

	ua, _ := a.Users(ctx)
	ub, _ := b.Users(ctx)
	if !reflect.DeepEqual(ua, ub) {
		t.Errorf("users differ:\n%+v\n%+v", ua, ub)
	}
	tok, err := b.TokenByHash(ctx, strings.Repeat("a", 64))
	if err != nil || tok.Name != "desk script" {
		t.Errorf("token on the target: %+v %v", tok, err)
	}
	if _, err := b.Session(ctx, strings.Repeat("c", 64), time.Now()); err != nil {
		t.Errorf("session on the target: %v", err)
	}
	aa, _ := a.Audit(ctx, store.AuditQuery{Limit: 1000})
	ab, _ := b.Audit(ctx, store.AuditQuery{Limit: 1000})
	if !reflect.DeepEqual(aa, ab) {
		t.Errorf("audit logs differ")
	}
	subA, _ := a.ListSubscribers(ctx)
	subB, _ := b.ListSubscribers(ctx)
	if !reflect.DeepEqual(subA, subB) {
		t.Errorf("subscribers differ:\n%+v\n%+v", subA, subB)
	}
	for _, s := range subA {
		fa, errA := a.FormerRights(ctx, s.ID)
		fb, errB := b.FormerRights(ctx, s.ID)
		if errA != nil || errB != nil || !reflect.DeepEqual(fa, fb) {
			t.Errorf("former rights of %s differ: %+v %v / %+v %v", s.Name, fa, errA, fb, errB)
		}
		wa, errA := a.WebhookState(ctx, s.ID)
		wb, errB := b.WebhookState(ctx, s.ID)
		if (errA == nil) != (errB == nil) {
			t.Errorf("webhook of %s: %v / %v", s.Name, errA, errB)
			continue
		}
		if errA != nil {
			continue
		}
		if wb.DeliveredSeq != wa.DeliveredSeq || wb.DeliveredCount != wa.DeliveredCount || wb.Attempts != wa.Attempts ||
			wb.LastError != wa.LastError || !wb.NextAttemptAt.Equal(wa.NextAttemptAt) || wb.LeaseOwner != "" {
			t.Errorf("webhook state of %s:\nsource %+v\ntarget %+v", s.Name, wa, wb)
		}
	}
}

func storyIDs(list []*news.Story) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

// goesOn checks that the target carries on where the source stopped: the
// next event, user, token, audit entry and subscriber get new numbers.
func goesOn(t *testing.T, b engine) {
	t.Helper()
	ctx := context.Background()
	last, err := b.LastSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Now()}
	s := newStory(c, 1000, "en")
	v, err := s.Publish(c.next(), nil, "editor")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CreateStory(ctx, s, v); err != nil {
		t.Fatalf("publish on the target: %v", err)
	}
	evs, err := b.Changes(ctx, last, 10)
	if err != nil || len(evs) != 1 || evs[0].Seq != last+1 || evs[0].StoryID != s.ID {
		t.Fatalf("the first event after the copy: %+v %v, want seq %d", evs, err, last+1)
	}
	if err := b.CreateUser(ctx, &store.User{Name: "new", Role: store.RoleReporter, PasswordHash: "x", CreatedAt: c.next()}); err != nil {
		t.Errorf("a new user on the target: %v", err)
	}
	if err := b.CreateToken(ctx, &store.APIToken{Hash: strings.Repeat("f", 64), Name: "new", UserID: 1, CreatedAt: c.next()}); err != nil {
		t.Errorf("a new token on the target: %v", err)
	}
	if err := b.AppendAudit(ctx, &store.AuditEntry{At: c.next(), User: "new", Action: "login"}); err != nil {
		t.Errorf("a new audit entry on the target: %v", err)
	}
	if err := b.CreateSubscriber(ctx, &store.Subscriber{Name: "new", KeyHash: strings.Repeat("9", 64), KeyHint: "x", Enabled: true, CreatedAt: c.next()}); err != nil {
		t.Errorf("a new subscriber on the target: %v", err)
	}
}

func TestCopy(t *testing.T) {
	type opener func(t *testing.T) engine
	cases := []struct {
		name     string
		from, to opener
	}{
		{"sqlite to sqlite", openSQLite, openSQLite},
		{"sqlite to postgres", openSQLite, openPostgres},
		{"postgres to sqlite", openPostgres, openSQLite},
		{"postgres to postgres", openPostgres, openPostgres},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.from(t)
			dst := tc.to(t)
			fill(t, src)
			var progress bytes.Buffer
			rep, err := copydb.Copy(context.Background(), src, dst, copydb.Options{Batch: 7, Progress: &progress})
			if err != nil {
				t.Fatalf("copy: %v\n%s", err, progress.String())
			}
			if bad := rep.Mismatches(); len(bad) > 0 {
				var b bytes.Buffer
				rep.Write(&b)
				t.Fatalf("counts differ: %v\n%s", bad, b.String())
			}
			for _, c := range rep.Counts {
				if c.Source == 0 {
					t.Errorf("table %s is empty in the source: the test does not exercise it", c.Table)
				}
			}
			same(t, src, dst)
			goesOn(t, dst)

			// A second copy into the now filled target is refused.
			_, err = copydb.Copy(context.Background(), src, dst, copydb.Options{})
			if !errors.Is(err, copydb.ErrNotEmpty) || !strings.Contains(err.Error(), "stories") {
				t.Errorf("copy into a filled target: %v, want ErrNotEmpty naming the tables", err)
			}
		})
	}
}

func TestReportMismatch(t *testing.T) {
	rep := &copydb.Report{Sessions: false, LastSeq: [2]int64{10, 9}, Counts: []copydb.Count{
		{Table: "stories", Source: 3, Target: 3},
		{Table: "events", Source: 10, Target: 9},
		{Table: "sessions", Source: 2, Target: 0},
	}}
	bad := rep.Mismatches()
	if len(bad) != 2 || !strings.Contains(bad[0], "events: 10 in the source, 9 in the target") {
		t.Errorf("mismatches: %q", bad)
	}
	var b bytes.Buffer
	rep.Write(&b)
	for _, want := range []string{"events", "MISMATCH", "(not copied)", "last event"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
