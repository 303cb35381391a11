package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/dateline-news/dateline/internal/httpx"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// retitle changes a story's headline in the store (a correction) without
// telling the site, so that what the site shows afterwards tells whether
// it rendered the page again or served it from its cache.
func (s *site) retitle(key, headline string) {
	s.t.Helper()
	_, err := s.db.UpdateStory(context.Background(), s.ids[key], func(st *news.Story) (*news.Version, error) {
		st.Headline = headline
		return st.Correct(testNow, "The headline was changed.", "desk")
	})
	if err != nil {
		s.t.Fatalf("retitle %s: %v", key, err)
	}
}

// TestInvalidateStory: a change to one story drops its article pages,
// every list-like response and the article pages that show it, and keeps
// the other article pages.
func TestInvalidateStory(t *testing.T) {
	s := newSite(t)
	flash, en, filler := s.ids["flash"], s.ids["en"], s.ids["filler0"]
	lists := []string{"/", "/news", "/news?lang=en", "/section/world", "/search?q=coastal",
		"/feeds/all.rss", "/feeds/section/world.atom", "/sitemap-news.xml"}
	pages := append([]string{"/news/" + flash, "/news/" + en, "/news/" + filler}, lists...)
	for _, p := range pages {
		if r := s.get(p); r.status != http.StatusOK {
			t.Fatalf("warming %s: %d", p, r.status)
		}
	}

	// Change the flash story and another one, but tell the site only
	// about the flash story.
	s.retitle("flash", "Quakeretitled coastal towns")
	s.retitle("filler0", "Railretitled timetable")
	s.srv.InvalidateStory(flash)
	for _, p := range append([]string{"/news/" + flash}, lists...) {
		if r := s.get(p); !strings.Contains(r.body, "Quakeretitled") {
			t.Errorf("%s still shows the old headline after InvalidateStory of the story it lists (%d)", p, r.status)
		}
	}
	if r := s.get("/news/" + filler); strings.Contains(r.body, "Railretitled") {
		t.Errorf("the article page of an unrelated story was dropped too")
	}
	if r := s.get("/news/" + en); r.status != http.StatusOK {
		t.Errorf("article %s: %d", en, r.status)
	}

	// A story shown on another article page: "related" is in the related
	// block of "en", "ru" is its translation.
	for _, tc := range []struct{ key, headline string }{
		{"related", "Crewretitled ferry operator"},
		{"ru", "Переименованный совет гавани"},
	} {
		s.get("/news/" + en)
		s.retitle(tc.key, tc.headline)
		s.srv.InvalidateStory(s.ids[tc.key])
		if r := s.get("/news/" + en); !strings.Contains(r.body, tc.headline) {
			t.Errorf("article %s shows story %s (%s) but kept its old version after InvalidateStory", en, tc.key, s.ids[tc.key])
		}
		if r := s.get("/news/" + filler); strings.Contains(r.body, "Railretitled") {
			t.Errorf("InvalidateStory(%s) dropped the page of an unrelated story", tc.key)
		}
	}

	// Invalidate still drops everything.
	s.srv.Invalidate()
	if r := s.get("/news/" + filler); !strings.Contains(r.body, "Railretitled") {
		t.Errorf("Invalidate kept an article page")
	}
}

func TestResponseDependsOn(t *testing.T) {
	for _, tc := range []struct {
		r    response
		id   string
		want bool
	}{
		{response{}, "a", true}, // a list depends on every story
		{response{story: "a"}, "a", true},
		{response{story: "a"}, "b", false},
		{response{story: "a", shows: []string{"b", "c"}}, "c", true},
		{response{story: "a", shows: []string{"b", "c"}}, "d", false},
	} {
		if got := tc.r.dependsOn(tc.id); got != tc.want {
			t.Errorf("response{story %q, shows %q}.dependsOn(%q) = %v, want %v", tc.r.story, tc.r.shows, tc.id, got, tc.want)
		}
	}
}

// TestAPIErrorsAreProblems: any answer under /api/ that the site itself
// gives (a bad address, no route, a failure) is problem+json.
func TestAPIErrorsAreProblems(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/v1/stories/%ff%fe", http.StatusBadRequest},
		{"/api/v1/wire/x", http.StatusNotFound},
		{"/api/v1/nothing?q=%zz", http.StatusBadRequest},
		{"/api/nothing", http.StatusNotFound},
		{"/api/v1/quotes?lang=%ff", http.StatusBadRequest},
	} {
		r := s.get(tc.path)
		var p httpx.Problem
		if r.status != tc.status || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") ||
			json.Unmarshal([]byte(r.body), &p) != nil || p.Status != tc.status || p.Detail == "" {
			t.Errorf("%s: %d %q %.200s; want %d problem+json with a detail", tc.path, r.status, r.header.Get("Content-Type"), r.body, tc.status)
		}
	}
	if r := s.get("/no/such/page"); !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("a site 404 is %q, want the HTML page", r.header.Get("Content-Type"))
	}
}

func TestHSTS(t *testing.T) {
	s := newSite(t) // https base URL
	for _, p := range []string{"/", "/news/" + s.ids["en"], "/no/such/page", "/api/v1/x", "/healthz"} {
		if got := s.get(p).header.Get("Strict-Transport-Security"); got != HSTS {
			t.Errorf("%s: Strict-Transport-Security %q, want %q", p, got, HSTS)
		}
	}
	plain := New(Config{BaseURL: "http://127.0.0.1:8080", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, s.db)
	rec := httptest.NewRecorder()
	plain.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if got := rec.Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("plain http base URL: Strict-Transport-Security %q, want none", got)
	}
}

// TestUnavailableAnswers: a database out of reach is 503 with
// Retry-After, a page on the site and problem+json on the API; a full
// disk is 507.
func TestUnavailableAnswers(t *testing.T) {
	s := newSite(t)
	down := fmt.Errorf("listing stories: %w: %w", store.ErrUnavailable, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	for _, tc := range []struct {
		path    string
		err     error
		status  int
		ctype   string
		content string
	}{
		{"/news", down, 503, "text/html", "Temporarily unavailable"},
		{"/news?lang=ru", down, 503, "text/html", "Временно недоступно"},
		{"/api/v1/quotes", down, 503, "application/problem+json", "database is not reachable"},
		{"/api/v1/quotes", fmt.Errorf("x: %w", store.ErrFull), 507, "application/problem+json", "disk is full"},
		{"/news", errors.New("boom"), 500, "text/html", "Something went wrong"},
	} {
		rec := httptest.NewRecorder()
		s.srv.serveError(rec, httptest.NewRequest("GET", tc.path, nil), tc.err)
		h := rec.Header()
		if rec.Code != tc.status || !strings.HasPrefix(h.Get("Content-Type"), tc.ctype) || !strings.Contains(rec.Body.String(), tc.content) {
			t.Errorf("%s with %v: %d %q, want %d %q containing %q:\n%.300s", tc.path, tc.err, rec.Code, h.Get("Content-Type"),
				tc.status, tc.ctype, tc.content, rec.Body.String())
		}
		if (tc.status == 503) != (h.Get("Retry-After") == httpx.RetryAfter) {
			t.Errorf("%s with %v: Retry-After %q", tc.path, tc.err, h.Get("Retry-After"))
		}
	}
}

func TestSiteLanguageAndSections(t *testing.T) {
	s := newSite(t)
	ru := s.get("/news?lang=ru").body
	for _, want := range []string{`<a href="/news?lang=ru">Все новости</a>`, `<input type="hidden" name="lang" value="ru">`, `>Экономика</a>`} {
		if !strings.Contains(ru, want) {
			t.Errorf("Russian All news lacks %s", want)
		}
	}
	en := s.get("/news").body
	for _, want := range []string{`<a href="/news">All news</a>`, `>Economy</a>`, `>Transport</a>`} {
		if !strings.Contains(en, want) {
			t.Errorf("All news lacks %s", want)
		}
	}
	if strings.Contains(en, `name="lang"`) {
		t.Errorf("the English search form filters by language")
	}
	for _, tc := range []struct{ sec, lang, want string }{
		{"economy", "en", "Economy"}, {"economy", "ru", "Экономика"}, {"world", "ru-RU", "В мире"},
		{"harbours", "en", "Harbours"}, {"гавани", "ru", "Гавани"}, {"", "en", ""},
	} {
		managed := []news.Section{{Key: "economy", Names: map[string]string{"en": "Economy", "ru": "Экономика"}},
			{Key: "world", Names: map[string]string{"en": "World", "ru": "В мире"}}}
		if got := sectionName(tc.sec, managed, tc.lang); got != tc.want {
			t.Errorf("sectionName(%q, %q) = %q, want %q", tc.sec, tc.lang, got, tc.want)
		}
	}
}

func TestSlugNeverEndsInHyphen(t *testing.T) {
	for _, h := range []string{
		"Забытый живописец Оки впервые представлен в Москве на большой выставке в Манеже",
		"Совет гавани одобрил план паромов после двухлетнего спора о финансировании проекта",
		strings.Repeat("ab ", 60),
		strings.Repeat("я ", 60),
	} {
		sl := slug(h)
		if sl == "" || len(sl) > 80 || strings.HasSuffix(sl, "-") || strings.HasPrefix(sl, "-") {
			t.Errorf("slug(%q) = %q (%d bytes)", h, sl, len(sl))
		}
	}
}
