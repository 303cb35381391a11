package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/storetest"
	"github.com/dateline-news/dateline/internal/testenv"
)

// serverURL returns the test server's URL (DATELINE_TEST_POSTGRES),
// skipping the test when none is set and failing it under CI=true.
func serverURL(t testing.TB) string { return testenv.PostgresURL(t) }

// freshDatabase creates an empty database on the test server and returns
// its URL; the database is dropped when the test ends.
func freshDatabase(t testing.TB) string { return testenv.FreshPostgres(t) }

// openFresh opens the store on a new database and closes it when the test
// ends (before the database is dropped).
func openFresh(t testing.TB) *DB {
	t.Helper()
	return openURL(t, freshDatabase(t))
}

func openURL(t testing.TB, u string) *DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := Open(ctx, u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	serverURL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"postgres://u:s3cret@host/db", "postgres://u:xxxxx@host/db"},
		{"postgres://u@host/db", "postgres://u@host/db"},
		{"postgres://host/db?sslmode=disable", "postgres://host/db?sslmode=disable"},
		{"postgres://u:s3cret@host:99999999/db", "postgres://u:xxxxx@host:99999999/db"}, // does not parse
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := stripPassword("postgres://u:s3cret@host/db", "s3cret"); got != "postgres://u@host/db" {
		t.Errorf("stripPassword = %q", got)
	}
}

func TestTSConfig(t *testing.T) {
	cases := map[string]string{"en": "english", "en-GB": "english", "EN": "english", "ru": "russian",
		"ru-RU": "russian", "de": "simple", "": "simple", "zh-Hans": "simple"}
	for in, want := range cases {
		if got := tsConfig(in); got != want {
			t.Errorf("tsConfig(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchWords(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{`"*^:()&|!<>`, nil},
		{"Harbour STRIKE", []string{"harbour", "strike"}},
		{`headline:strike OR NOT "x`, []string{"headline", "strike", "or", "not", "x"}},
		{"'; DROP TABLE stories; --", []string{"drop", "table", "stories"}},
		{"ВЫСТАВКА книг", []string{"выставка", "книг"}},
		{"strike\x00harbour", []string{"strike", "harbour"}},
		{"bad \xff\xfe utf8", []string{"bad", "utf8"}},
		{"caf\u0065\u0301", []string{"caf\u0065\u0301"}},
		{"o'brien", []string{"o", "brien"}},
	}
	for _, c := range cases {
		got := searchWords(c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("searchWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := searchWords(strings.Repeat("w ", 100)); len(got) != searchMaxWords {
		t.Errorf("100 words gave %d, want %d", len(got), searchMaxWords)
	}
}

func TestClean(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"Москва", "Москва"},
		{"a\x00b", "a\uFFFDb"},
		{"a\xffb", "a\uFFFDb"},
	}
	for _, c := range cases {
		if got := clean(c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAccountsConformance(t *testing.T) {
	serverURL(t)
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts { return openFresh(t) })
}

func TestWireConformance(t *testing.T) {
	serverURL(t)
	storetest.RunWire(t, func(t *testing.T) store.Subscribers { return openFresh(t) })
}

func TestSiteConformance(t *testing.T) {
	serverURL(t)
	storetest.RunSite(t, func(t *testing.T) storetest.SiteStore { return openFresh(t) })
}
