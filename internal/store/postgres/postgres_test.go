package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/storetest"
)

// testEnv names the variable that points the tests at a PostgreSQL server,
// for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
// Each test gets a database of its own, created from this URL and dropped
// when the test ends.
const testEnv = "DATELINE_TEST_POSTGRES"

// serverURL returns the test server's URL, skipping the test when none is
// set (and failing it under CI=true, where one always is).
func serverURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(testEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true: the PostgreSQL tests must run in CI (set it to e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", testEnv)
		}
		t.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run them", testEnv)
	}
	return u
}

// freshDatabase creates an empty database on the test server and returns
// its URL; the database is dropped when the test ends.
func freshDatabase(t testing.TB) string {
	t.Helper()
	admin := serverURL(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "dl_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s=%s: %v", testEnv, Redact(admin), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", testEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

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
