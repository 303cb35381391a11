// Package sqlite is Dateline's embedded store: store.Store on one SQLite
// file, with its own migrations and FTS5 search. It uses one writer
// connection (every write transaction is serialised through it, which
// keeps the change log dense) and a pool of read-only connections.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the SQLite store. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // exactly one connection: all writes
	r    *sql.DB // read-only pool
}

var _ store.Store = (*DB)(nil)

// Open opens (creating it and its folder if needed) the database at path
// and brings its schema up to date. It refuses a database whose schema is
// newer than this binary knows.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q must not contain '?' or '#'", path)
	}
	// The file is made 0600 (its folder 0700) before SQLite opens it;
	// SQLite gives the WAL and shared-memory files the database's mode.
	if err := store.CreatePrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	if err := store.MakePrivate(path, path+"-wal", path+"-shm"); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	w, err := sql.Open(driverName, writerDSN(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	if err := (&DB{path: path, w: w}).rebuildSearch(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	r, err := sql.Open(driverName, readerDSN(path))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	return &DB{path: path, w: w, r: r}, nil
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes every connection.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Ping checks that both the writer and the readers answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: writer: %w", err)
	}
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: reader: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error listing
// the problems it found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("sqlite: integrity check: %w", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: integrity check of %s failed: %s", db.path, strings.Join(problems, "; "))
	}
	return nil
}

// Backup writes a consistent copy of the database to path with VACUUM
// INTO, on a connection of its own, so writers go on meanwhile. It refuses to
// overwrite an existing file.
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("sqlite: backup: empty target path")
	}
	// VACUUM INTO fills an empty file: made first, readable by its owner
	// alone.
	if err := store.CreatePrivate(path); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("sqlite: backup: %s exists already; choose a new file", path)
	} else if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	// A connection of its own: the readers are query_only, which forbids
	// VACUUM INTO, and the writer must stay free for writes meanwhile.
	c, err := sql.Open(driverName, backupDSN(db.path))
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}

func loadMigrations() ([]store.Migration, error) {
	return store.LoadMigrations(migrationFS, "migrations")
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate applies every migration the database has not seen, each in its
// own transaction, and records it in schema_version.
func migrate(ctx context.Context, w *sql.DB) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var cur int
	if err := w.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&cur); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("database schema is version %d but this dateline knows only up to %d: use a newer dateline (or restore a backup)", cur, len(ms))
	}
	for _, m := range ms[cur:] {
		if err := applyMigration(ctx, w, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, w *sql.DB, m store.Migration) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version(version, applied_at) VALUES (?, ?)", m.Version, time.Now().UTC().UnixNano()); err != nil {
		return fmt.Errorf("migration %s: record version: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.Name, err)
	}
	return nil
}

// Pools reports the writer connection and the reader pool.
func (db *DB) Pools() []store.PoolStats {
	out := make([]store.PoolStats, 0, 2)
	for _, p := range []struct {
		name string
		db   *sql.DB
	}{{"writer", db.w}, {"reader", db.r}} {
		s := p.db.Stats()
		out = append(out, store.PoolStats{Name: p.name, InUse: s.InUse, Idle: s.Idle, Max: s.MaxOpenConnections, Waits: s.WaitCount})
	}
	return out
}
