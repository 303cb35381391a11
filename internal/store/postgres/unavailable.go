package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dateline-news/dateline/internal/store"
)

// unavailable reports whether err comes from the database being out of
// reach (down, restarting, the connection lost) rather than from the
// request. The pool reconnects by itself once the server is back.
func unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08: connection exception; 57P01-57P03: admin shutdown,
		// crash shutdown, cannot connect now; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" ||
			pe.Code == "57P03" || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed") || errors.Is(err, io.ErrUnexpectedEOF)
}

// markUnavailable wraps an error of an unreachable server with
// store.ErrUnavailable, as the SQLite engine wraps a full disk with
// store.ErrFull.
func markUnavailable(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) || !unavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
}

// pool is the connection pool whose errors are marked by markUnavailable.
type pool struct{ *pgxpool.Pool }

func (p pool) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	tag, err := p.Pool.Exec(ctx, sql, args...)
	return tag, markUnavailable(err)
}

func (p pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rs, err := p.Pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, markUnavailable(err)
	}
	return rows{rs}, nil
}

func (p pool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return row{p.Pool.QueryRow(ctx, sql, args...)}
}

func (p pool) Begin(ctx context.Context) (pgx.Tx, error) {
	tx, err := p.Pool.Begin(ctx)
	return tx, markUnavailable(err)
}

func (p pool) Ping(ctx context.Context) error { return markUnavailable(p.Pool.Ping(ctx)) }

type rows struct{ pgx.Rows }

func (r rows) Err() error { return markUnavailable(r.Rows.Err()) }

func (r rows) Scan(dest ...any) error { return markUnavailable(r.Rows.Scan(dest...)) }

type row struct{ pgx.Row }

func (r row) Scan(dest ...any) error { return markUnavailable(r.Row.Scan(dest...)) }
