package sqlite

// The SQLite driver is chosen here and nowhere else, so that it can be
// swapped (for example for mattn/go-sqlite3 with -tags sqlite_fts5) after a
// benchmark without touching the queries.

import (
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

const driverName = "sqlite"

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a second dateline command on the same file) before failing.
const busyTimeoutMS = "10000"

// writerDSN opens the single read-write connection: WAL, FULL sync (an
// acknowledged commit survives a crash or kill -9), foreign keys on, and
// BEGIN IMMEDIATE so a write transaction takes the lock at its start.
func writerDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+busyTimeoutMS+")")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	// A 64 MiB page cache keeps a bulk import's transaction in memory
	// instead of spilling pages to the WAL before commit.
	q.Add("_pragma", "cache_size(-65536)")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode()
}

// readerDSN opens a pooled connection that refuses to write.
func readerDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+busyTimeoutMS+")")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "query_only(1)")
	return path + "?" + q.Encode()
}

// backupDSN opens the one-off connection that runs VACUUM INTO: it reads
// the database like a reader but must be allowed to write the copy, which
// query_only forbids.
func backupDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+busyTimeoutMS+")")
	return path + "?" + q.Encode()
}
