// Package postgres is Dateline's PostgreSQL store: store.Store on one
// PostgreSQL database through pgx, with its own migrations and tsvector
// search. Several Dateline nodes may share one database: change-log
// numbers are handed out under a row lock, so the log stays dense and
// ordered across nodes, and every public change is announced with
// NOTIFY dateline_changes so other nodes can follow (see Listen).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dateline-news/dateline/internal/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the pg_advisory_xact_lock key that serialises nodes
// migrating the same database at once ("dateline" in ASCII).
const migrationLock = 0x646174656c696e65

// DefaultRetry is how long Open keeps trying to reach a server that is
// down at start.
const DefaultRetry = 30 * time.Second

// DB is the PostgreSQL store. It is safe for concurrent use.
type DB struct {
	url  string
	pool pool
	log  *slog.Logger
}

var _ store.Store = (*DB)(nil)

// Options tune Open.
type Options struct {
	// Retry is how long to keep trying while the server cannot be reached
	// (connection refused, timeout, server starting up). 0 means
	// DefaultRetry; a negative value means a single attempt. A wrong
	// password or an unknown database fails at once.
	Retry time.Duration
	// Logger receives a line for each failed attempt; nil is quiet.
	Logger *slog.Logger
}

// Open connects to the database at url (postgres://...), waiting up to
// DefaultRetry for a server that is down, and brings its schema up to
// date. It refuses a database whose schema is newer than this binary
// knows.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, o Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL, password included.
		return nil, fmt.Errorf("postgres: bad database URL %s: %s", Redact(url), redactErr(err, url))
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !ok {
		// pgx prepares every statement; a generic plan cannot see the
		// words of a search, so it cannot choose between the GIN index
		// and walking stories newest first. Planning each execution costs
		// a few microseconds on these queries.
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %s: %w", Redact(url), err)
	}
	db := &DB{url: url, pool: pool{p}, log: o.Logger}
	if err := db.connect(ctx, o.Retry); err != nil {
		p.Close()
		return nil, err
	}
	if err := migrate(ctx, p); err != nil {
		p.Close()
		return nil, fmt.Errorf("postgres: %s: %w", Redact(url), err)
	}
	return db, nil
}

// connect pings the server until it answers, backing off from 100ms to
// 2s between attempts, for at most retry.
func (db *DB) connect(ctx context.Context, retry time.Duration) error {
	if retry == 0 {
		retry = DefaultRetry
	}
	start := time.Now()
	wait := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := db.pool.Ping(ctx)
		if err == nil {
			return nil
		}
		if !transient(err) {
			return fmt.Errorf("postgres: cannot use %s: %w", Redact(db.url), redactWrap(err, db.url))
		}
		elapsed := time.Since(start)
		if retry < 0 || elapsed+wait > retry || ctx.Err() != nil {
			return fmt.Errorf("postgres: cannot reach the server at %s after %d attempts in %s (is PostgreSQL running and the address right?): %w",
				Redact(db.url), attempt, elapsed.Round(time.Millisecond), redactWrap(err, db.url))
		}
		if db.log != nil {
			db.log.Warn("postgres: server not reachable, retrying", "url", Redact(db.url), "attempt", attempt, "in", wait, "err", redactErr(err, db.url))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("postgres: cannot reach the server at %s: %w (last error: %w)", Redact(db.url), ctx.Err(), redactWrap(err, db.url))
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// transient reports whether a connection error may go away by waiting:
// the server is down, starting, or the network is slow. Authentication
// and unknown databases are not.
func transient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P03", // cannot_connect_now: starting up or shutting down
			"53300": // too_many_connections
			return true
		}
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		// Refused connections and DNS failures arrive wrapped in
		// ConnectError; a PgError inside was handled above.
		return true
	}
	return false
}

// userinfo matches the password part of a URL, for Redact.
var userinfo = regexp.MustCompile(`(://[^:/@\s]*:)[^@\s]*@`)

// Redact returns url with its password replaced by "xxxxx", for messages.
func Redact(url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil && cfg.Password != "" {
		url = strings.ReplaceAll(url, cfg.Password, "xxxxx")
	}
	return userinfo.ReplaceAllString(url, "${1}xxxxx@")
}

func redactErr(err error, url string) string {
	msg := err.Error()
	if cfg, perr := pgconn.ParseConfig(url); perr == nil && cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, "xxxxx")
	}
	return userinfo.ReplaceAllString(msg, "${1}xxxxx@")
}

// redacted is an error whose message has the password taken out; it
// still unwraps to the original, for errors.Is and errors.As.
type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

func redactWrap(err error, url string) error { return &redacted{redactErr(err, url), err} }

// Pool is the connection pool, for packages (such as a job queue) that
// keep their own tables in the same database.
func (db *DB) Pool() *pgxpool.Pool { return db.pool.Pool }

// Close closes every connection.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that the server answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: %w", redactWrap(err, db.url))
	}
	return nil
}

// Backup writes a consistent copy of the database to path with
// pg_dump --format=custom (restore it with pg_restore). pg_dump must be
// installed, of the server's major version or newer. It refuses to
// overwrite an existing file.
func (db *DB) Backup(ctx context.Context, path string) error {
	if path == "" {
		return errors.New("postgres: backup: empty target path")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("postgres: backup: %s exists already; choose a new file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("postgres: backup: pg_dump is not installed (or not on PATH); install the PostgreSQL client tools, or back up with pg_dump --format=custom yourself")
	}
	// pg_dump writes into a file made first, readable by its owner alone.
	if err := store.CreatePrivate(path); err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	cfg, err := pgconn.ParseConfig(db.url)
	if err != nil {
		return fmt.Errorf("postgres: backup: %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-password", "-f", path, "--dbname", stripPassword(db.url, cfg.Password))
	cmd.Env = os.Environ()
	if cfg.Password != "" {
		// Not on the command line, where other users could read it.
		cmd.Env = append(cmd.Env, "PGPASSWORD="+cfg.Password)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(path)
		return fmt.Errorf("postgres: backup with pg_dump to %s: %w: %s", path, err, strings.TrimSpace(redactErr(errors.New(string(out)), db.url)))
	}
	return nil
}

func stripPassword(url, password string) string {
	if password == "" {
		return url
	}
	return strings.Replace(url, ":"+password+"@", "@", 1)
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
// own transaction holding the migration advisory lock, so nodes starting
// together apply each migration once.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return errors.New("no migrations embedded")
	}
	for _, m := range ms {
		if err := applyMigration(ctx, pool, m, len(ms)); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, pool *pgxpool.Pool, m store.Migration, known int) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLock)); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    integer     PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		var cur int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&cur); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if cur > known {
			return fmt.Errorf("database schema is version %d but this dateline knows only up to %d: use a newer dateline (or restore a backup)", cur, known)
		}
		if cur >= m.Version {
			return nil
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_version (version) VALUES ($1)", m.Version); err != nil {
			return fmt.Errorf("migration %s: record version: %w", m.Name, err)
		}
		return nil
	})
}

// Pools reports the connection pool.
func (db *DB) Pools() []store.PoolStats {
	s := db.pool.Stat()
	return []store.PoolStats{{Name: "pool", InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns()), Max: int(s.MaxConns()), Waits: s.EmptyAcquireCount()}}
}
