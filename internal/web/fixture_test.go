package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/teststore"
)

// testNow is the fixed clock of the site under test.
var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// site is a Server over a real temporary SQLite store, with the ids of
// the stories the fixture made.
type site struct {
	t       testing.TB
	db      teststore.Engine
	srv     *Server
	http    *httptest.Server
	ids     map[string]string
	fillers int
}

const testBase = "https://news.example.test"

func newSite(t testing.TB) *site {
	t.Helper()
	db := teststore.Open(t)
	srv := New(Config{
		BaseURL: testBase + "/",
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:     func() time.Time { return testNow },
		Ready:   db.Ping,
		Site:    db,
	}, db)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	s := &site{t: t, db: db, srv: srv, http: hs, ids: map[string]string{}}
	s.seed()
	return s
}

// publish stores a story published at at, with id key in s.ids.
func (s *site) publish(key string, st *news.Story, at time.Time) *news.Story {
	s.t.Helper()
	if st.ID == "" {
		st.ID = news.NewID(at)
	}
	st.Status = news.StatusDraft
	st.CreatedAt, st.ModifiedAt = at, at
	if st.Language == "" {
		st.Language = "en"
	}
	st.Normalize()
	v, err := st.Publish(at, nil, "desk")
	if err != nil {
		s.t.Fatalf("publish %s: %v", key, err)
	}
	if err := s.db.CreateStory(context.Background(), st, v); err != nil {
		s.t.Fatalf("create %s: %v", key, err)
	}
	s.ids[key] = st.ID
	return st
}

func (s *site) update(key string, fn store.Mutation) {
	s.t.Helper()
	if _, err := s.db.UpdateStory(context.Background(), s.ids[key], fn); err != nil {
		s.t.Fatalf("update %s: %v", key, err)
	}
	s.srv.Invalidate()
}

func para(text string) news.Block { return news.Block{Kind: news.Paragraph, Text: text} }

func (s *site) seed() {
	ctx := context.Background()
	h := func(n int) time.Time { return testNow.Add(-time.Duration(n) * time.Hour) }

	// 25 plain stories, one an hour, for pagination.
	for i := 0; i < 25; i++ {
		s.publish(fmt.Sprintf("filler%d", i), &news.Story{
			Headline: fmt.Sprintf("Regional rail timetable change number %d", i),
			Body:     []news.Block{para("Trains will run every twenty minutes.")},
			Section:  "transport", Tags: []string{"Rail"}, Urgency: 6,
		}, h(30+i))
	}
	s.fillers = 25

	enID := news.NewID(h(2))
	ru := s.publish("ru", &news.Story{
		Translations: []news.Translation{{Language: "en", ID: enID}},
		Language:     "ru", Headline: "Совет гавани одобрил план паромов",
		Standfirst: "Голосование завершило спор о финансировании.",
		Dateline:   news.Dateline{Place: "МОСКВА", Credit: "ТАСС", Style: news.StyleTASS, Date: news.Date{Year: 2026, Month: 11, Day: 28}},
		Body:       []news.Block{para("Совет проголосовал за новый план.")},
		Section:    "economy", Tags: []string{"Паромы"},
	}, h(3))

	en := &news.Story{
		ID:         enID,
		Headline:   `Harbour council approves "green" ferry plan`,
		Standfirst: "The vote ends a two-year dispute over funding.",
		Dateline: news.Dateline{Place: "PORTVILLE", Credit: "Reuters", Style: news.StyleReuters,
			Date: news.Date{Year: 2026, Month: 11, Day: 28}, Text: "PORTVILLE, Nov 28 (Reuters) -"},
		Byline: "Ana Ferreira",
		Body: []news.Block{
			para("The council voted 7-2 on Friday to buy two electric ferries."),
			{Kind: news.Subheading, Text: "What changes for passengers"},
			para("Crossings will take twelve minutes instead of twenty."),
		},
		Section: "economy", Tags: []string{"Ferries", "Portville"}, Urgency: 4,
		Translations: []news.Translation{{Language: "ru", ID: ru.ID}},
	}
	s.publish("en", en, h(2))
	s.update("en", func(st *news.Story) (*news.Version, error) {
		st.Body[0].Text = "The council voted 7-3 on Friday to buy two electric ferries."
		return st.Correct(h(1), "An earlier version gave the vote as 7-2.", "desk")
	})

	s.publish("related", &news.Story{
		Headline: "Ferry operator hires forty new crew", Body: []news.Block{para("Hiring starts in January.")},
		Section: "economy", Tags: []string{"Ferries"},
	}, h(5))

	s.publish("flash", &news.Story{
		Headline: "Earthquake shakes coastal towns", Body: []news.Block{para("No damage was reported at first.")},
		Section: "world", Urgency: 1,
	}, h(4))

	s.publish("killed", &news.Story{
		Headline: "Withdrawnword mayor resigns", Standfirst: "Secretword standfirst.",
		Body:    []news.Block{para("Killedbodyword text of a story that will be withdrawn.")},
		Section: "politics", Tags: []string{"Killedtag"},
	}, h(6))
	s.update("killed", func(st *news.Story) (*news.Version, error) {
		return st.Kill(h(1), "Internal: the stringer made it up", "The report was wrong.", nil, "desk")
	})

	// Under embargo until tomorrow, and a draft: both never public.
	emb := &news.Story{ID: news.NewID(h(1)), Status: news.StatusDraft, Language: "en",
		Headline: "Embargoword budget figures", Body: []news.Block{para("Embargobodyword figures.")},
		Section: "embargosection", Tags: []string{"Embargotag"}}
	until := testNow.Add(24 * time.Hour)
	v, err := emb.Publish(h(1), &until, "desk")
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.db.CreateStory(ctx, emb, v); err != nil {
		s.t.Fatal(err)
	}
	s.ids["embargo"] = emb.ID
	draft := &news.Story{ID: news.NewID(h(1)), Status: news.StatusDraft, Language: "en",
		Headline: "Draftword notes", Section: "draftsection", Tags: []string{"Drafttag"}}
	if err := s.db.CreateStory(ctx, draft, nil); err != nil {
		s.t.Fatal(err)
	}
	s.ids["draft"] = draft.ID
	s.srv.Invalidate()
}

type result struct {
	status int
	header http.Header
	body   string
}

func (s *site) get(path string, hdr ...string) result {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.http.URL+path, nil)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer c.CloseIdleConnections()
	resp, err := c.Do(req)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return result{resp.StatusCode, resp.Header, string(b)}
}
