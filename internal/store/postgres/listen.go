package postgres

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/jackc/pgx/v5"
)

// Listen follows the changes that every node commits to this database: it
// LISTENs on Channel on a connection of its own and calls fn with the Seq
// of each notification, in the order PostgreSQL delivers them. When the
// connection fails it reconnects, backing off up to 5 seconds, and then
// calls fn once with the newest Seq, since notifications sent meanwhile
// are lost. It returns ctx.Err() when ctx ends, and never otherwise.
//
// fn runs on Listen's goroutine and should be quick (notify.Hub.Notify).
func (db *DB) Listen(ctx context.Context, fn func(seq int64)) error {
	wait := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := db.listenOnce(ctx, fn, attempt > 0)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if db.log != nil {
			db.log.Warn("postgres: listening for changes failed, reconnecting", "in", wait, "err", redactErr(err, db.url))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// listenOnce holds one listening connection until it fails. After a
// reconnect it reports the newest Seq, which covers what was missed.
func (db *DB) listenOnce(ctx context.Context, fn func(seq int64), reconnect bool) error {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{Channel}.Sanitize()); err != nil {
		return err
	}
	if reconnect {
		var seq int64
		if err := conn.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&seq); err != nil {
			return err
		}
		fn(seq)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		seq, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil {
			if db.log != nil {
				db.log.Warn("postgres: ignoring a notification that is not a seq", "channel", n.Channel, "payload", fmt.Sprintf("%.40q", n.Payload))
			}
			continue
		}
		fn(seq)
	}
}

// PostgreSQL engines tell each other of changes.
var _ store.Listener = (*DB)(nil)
