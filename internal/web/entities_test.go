package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/gazetteer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

// entitySite is a site over a real SQLite store whose stories were
// published through the publish service with extraction on.
type entitySite struct {
	t    *testing.T
	http *httptest.Server
	ids  map[string]string
}

// Invented stories, oldest first.
var entityStories = []struct {
	key  string
	lang string
	head string
	body []string
}{
	{"tram", "en", "Harbour tram approved", []string{
		"Norway's Transport Minister Ingrid Halvorsen said on Monday the harbour tram would open in 2028.",
		"\"This line will change how the city moves,\" Halvorsen said at a meeting of the Oslo Harbour Authority in Oslo.",
	}},
	{"other", "en", "Ferry timetable changes", []string{
		"Ferry captain Lars Halvorsen said on Tuesday that winter crossings to Bergen would run every two hours.",
		"\"The boats are old but they are safe,\" Lars Halvorsen said.",
	}},
	{"budget", "en", "Transport budget grows", []string{
		"Norway's Transport Minister Ingrid Halvorsen said on Wednesday the rail budget would grow by a fifth.",
		"\"We are building for the next fifty years, not the next five,\" Halvorsen told reporters in Oslo.",
	}},
	{"bridge", "en", "Bridge inspection ordered", []string{
		"Norway's Transport Minister Ingrid Halvorsen ordered an inspection of every bridge in Oslo on Thursday.",
	}},
	{"ru", "ru", "Воронцов провёл переговоры", []string{
		"Министр иностранных дел России Андрей Воронцов провёл переговоры в Москве.",
		"«Мы договорились продолжить работу», — заявил Андрей Воронцов.",
	}},
}

func newEntitySite(t *testing.T, pageSize int) *entitySite {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	svc := publish.New(db, func() time.Time { clock = clock.Add(time.Minute); return clock }, nil)
	svc.SetExtractor(publish.Extractor(g))
	es := &entitySite{t: t, ids: map[string]string{}}
	for _, s := range entityStories {
		in := &news.Story{Language: s.lang, Headline: s.head, Section: "transport"}
		for _, p := range s.body {
			in.Body = append(in.Body, news.Block{Kind: news.Paragraph, Text: p})
		}
		d, err := svc.Create(ctx, in, "desk")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Publish(ctx, d.ID, publish.Change{}, nil, "desk"); err != nil {
			t.Fatal(err)
		}
		es.ids[s.key] = d.ID
	}
	srv := New(Config{BaseURL: testBase, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return testNow }, PageSize: pageSize}, db)
	es.http = httptest.NewServer(srv.Handler())
	t.Cleanup(es.http.Close)
	return es
}

func (es *entitySite) get(path string) (int, string) {
	es.t.Helper()
	resp, err := http.Get(es.http.URL + path)
	if err != nil {
		es.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		es.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// order returns the positions of the stories' ids in body, -1 when absent.
func (es *entitySite) order(body string, keys ...string) []int {
	out := make([]int, len(keys))
	for i, k := range keys {
		out[i] = strings.Index(body, "/news/"+es.ids[k])
	}
	return out
}

func TestEntityPages(t *testing.T) {
	es := newEntitySite(t, 20)
	tests := []struct {
		path    string
		status  int
		in, out []string // story keys listed / not listed, newest first
		has     []string // other substrings
	}{
		{"/person/ingrid-halvorsen", 200, []string{"bridge", "budget", "tram"}, []string{"other", "ru"},
			[]string{"<h1>Ingrid Halvorsen</h1>", "We are building for the next fifty years", "This line will change how the city moves"}},
		{"/person/lars-halvorsen", 200, []string{"other"}, []string{"tram", "budget"}, []string{"The boats are old"}},
		{"/place/oslo", 200, []string{"bridge", "budget", "tram"}, []string{"other"}, nil},
		{"/org/oslo-harbour-authority", 200, []string{"tram"}, []string{"budget"}, []string{"Oslo Harbour Authority"}},
		{"/person/андрей-воронцов", 200, []string{"ru"}, []string{"tram"}, []string{"Мы договорились продолжить работу", `lang="ru"`}},
		{"/place/москва", 200, []string{"ru"}, []string{"tram"}, []string{"<h1>Москва</h1>"}}, // written "в Москве": found by the list walk
		{"/person/nobody-at-all", 404, nil, nil, nil},
		{"/person/oslo", 404, nil, nil, nil}, // a place, not a person
		{"/person/Ingrid-Halvorsen", 404, nil, nil, nil},
		{"/place/ingrid-halvorsen", 404, nil, nil, nil},
		{"/person/" + strings.Repeat("a-", 150), 404, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := es.get(tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d\n%s", status, tt.status, body)
			}
			pos := es.order(body, tt.in...)
			for i, p := range pos {
				if p < 0 {
					t.Errorf("story %s is not listed", tt.in[i])
				} else if i > 0 && pos[i-1] > p {
					t.Errorf("story %s comes before %s: want newest first", tt.in[i-1], tt.in[i])
				}
			}
			for i, p := range es.order(body, tt.out...) {
				if p >= 0 {
					t.Errorf("story %s is listed but does not name the entity", tt.out[i])
				}
			}
			for _, h := range tt.has {
				if !strings.Contains(body, h) {
					t.Errorf("page lacks %q", h)
				}
			}
		})
	}
	// Quotes newest first.
	_, body := es.get("/person/ingrid-halvorsen")
	if a, b := strings.Index(body, "We are building"), strings.Index(body, "This line will"); a < 0 || b < 0 || a > b {
		t.Errorf("quotes are not newest first (%d, %d)", a, b)
	}
}

func TestEntityPagePaging(t *testing.T) {
	es := newEntitySite(t, 2)
	status, body := es.get("/person/ingrid-halvorsen")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	if p := es.order(body, "bridge", "budget", "tram"); p[0] < 0 || p[1] < 0 || p[2] >= 0 {
		t.Fatalf("first page positions %v, want bridge and budget only", p)
	}
	i := strings.Index(body, `rel="next"`)
	if i < 0 {
		t.Fatalf("no link to older stories:\n%s", body)
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	next := strings.ReplaceAll(body[start:strings.Index(body[start:], `"`)+start], "&amp;", "&")
	status, body = es.get(next)
	if status != 200 {
		t.Fatalf("%s: status %d", next, status)
	}
	if p := es.order(body, "bridge", "budget", "tram"); p[0] >= 0 || p[1] >= 0 || p[2] < 0 {
		t.Errorf("second page positions %v, want tram only", p)
	}
	if strings.Contains(body, `rel="next"`) {
		t.Errorf("the last page links to older stories")
	}
}

func TestArticleLinksEntities(t *testing.T) {
	es := newEntitySite(t, 20)
	status, body := es.get("/news/" + es.ids["tram"])
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{`<h2 id="ent-h">In this story</h2>`, `<a href="/person/ingrid-halvorsen">Ingrid Halvorsen</a>`,
		`<a href="/place/oslo">Oslo</a>`, `<a href="/org/oslo-harbour-authority">Oslo Harbour Authority</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("article lacks %s", want)
		}
	}
	_, body = es.get("/news/" + es.ids["ru"])
	if !strings.Contains(body, "В этом материале") || !strings.Contains(body, `/person/%D0%B0%D0%BD%D0%B4%D1%80%D0%B5%D0%B9-%D0%B2%D0%BE%D1%80%D0%BE%D0%BD%D1%86%D0%BE%D0%B2`) {
		t.Errorf("Russian article lacks its entity block or the link to Андрей Воронцов")
	}
}

func TestQuotesAPI(t *testing.T) {
	es := newEntitySite(t, 20)
	type q struct {
		Speaker   string    `json:"speaker"`
		Text      string    `json:"text"`
		Paragraph int       `json:"paragraph"`
		StoryID   string    `json:"story_id"`
		URL       string    `json:"url"`
		Published time.Time `json:"published"`
	}
	tests := []struct {
		query  string
		status int
		want   []string // story keys of the quotes, in order
	}{
		{"speaker=Ingrid+Halvorsen", 200, []string{"budget", "tram"}},
		{"speaker=halvorsen", 200, []string{"budget", "other", "tram"}},
		{"speaker=Lars+Halvorsen", 200, []string{"other"}},
		{"speaker=Halvorsen&q=fifty+years", 200, []string{"budget"}},
		{"q=boats", 200, []string{"other"}},
		{"speaker=Андрей+Воронцов", 200, []string{"ru"}},
		{"speaker=halvorsen&lang=ru", 200, nil},
		{"speaker=halvorsen&limit=1", 200, []string{"budget"}},
		{"speaker=Nobody", 200, nil},
		{"", 400, nil},
		{"speaker=x&limit=0", 400, nil},
		{"speaker=x&limit=abc", 400, nil},
		{"speaker=x&lang=not+a+lang", 400, nil},
		{"q=" + strings.Repeat("a", 301), 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, err := http.Get(es.http.URL + "/api/v1/quotes?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, b)
			}
			if tt.status != 200 {
				if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("error content type %q", ct)
				}
				return
			}
			var got []q
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Fatal("answer is null, want an array")
			}
			var keys []string
			for _, g := range got {
				for k, id := range es.ids {
					if id == g.StoryID {
						keys = append(keys, k)
					}
				}
				if g.Text == "" || g.Speaker == "" || g.Paragraph < 1 || g.Published.IsZero() ||
					!strings.HasPrefix(g.URL, testBase+"/news/"+g.StoryID) {
					t.Errorf("incomplete quote %+v", g)
				}
			}
			if strings.Join(keys, ",") != strings.Join(tt.want, ",") {
				t.Errorf("quotes from %v, want %v (%+v)", keys, tt.want, got)
			}
		})
	}
}
