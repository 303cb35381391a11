// Package teststore opens the store that integration tests of the site,
// newsroom and wire run on: SQLite in a temporary folder by default, a
// fresh PostgreSQL database when DATELINE_TEST_ENGINE=postgres. CI runs
// those packages once per engine.
package teststore

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
)

// Engine is everything either engine provides.
type Engine interface {
	store.Store
	store.Accounts
	store.Subscribers
	store.Site
	importer.Sink
}

// EngineEnv selects the engine: "sqlite" (default) or "postgres".
const EngineEnv = "DATELINE_TEST_ENGINE"

// Name is the engine the tests run on.
func Name() string {
	if os.Getenv(EngineEnv) == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// Locator returns a new, empty database for the engine under test: a file
// path for SQLite, a URL for PostgreSQL (dropped when the test ends).
func Locator(t testing.TB) string {
	t.Helper()
	if Name() == "postgres" {
		return testenv.FreshPostgres(t)
	}
	return filepath.Join(t.TempDir(), "dateline.db")
}

// DB returns the --db setting for a locator.
func DB(loc string) string {
	if Name() == "postgres" {
		return loc
	}
	return "sqlite:" + loc
}

// OpenAt opens (or reopens) the database at loc; it is closed when the test
// ends.
func OpenAt(t testing.TB, loc string) Engine {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var e Engine
	var err error
	if Name() == "postgres" {
		e, err = postgres.Open(ctx, loc)
	} else {
		e, err = sqlite.Open(ctx, loc)
	}
	if err != nil {
		t.Fatalf("open %s store: %v", Name(), err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// Open returns a new, empty store of the engine under test.
func Open(t testing.TB) Engine {
	t.Helper()
	return OpenAt(t, Locator(t))
}
