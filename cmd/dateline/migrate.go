package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/config"
	"github.com/dateline-news/dateline/internal/copydb"
	"github.com/dateline-news/dateline/internal/store/postgres"
)

// cmdMigrate copies a whole installation to a new, empty database:
//
//	dateline migrate-data --from sqlite:PATH --to postgres://...
func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the database to copy: sqlite:PATH or postgres://...")
	to := fs.String("to", "", "the new, empty database to copy into: postgres://... or sqlite:PATH")
	batch := fs.Int("batch", copydb.DefaultBatch, "rows per transaction")
	noSessions := fs.Bool("skip-sessions", false, "do not copy browser sessions (everybody logs in again)")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: dateline migrate-data --from sqlite:PATH --to postgres://URL")
		return exitError(2)
	}
	if same(*from, *to) {
		fmt.Fprintf(stderr, "dateline migrate-data: --from and --to name the same database (%s)\n", postgres.Redact(*from))
		return exitError(2)
	}
	src, err := openEngine(ctx, "--from", *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openEngine(ctx, "--to", *to)
	if err != nil {
		return err
	}
	defer dst.Close()

	fmt.Fprintf(stdout, "copying %s to %s\n", postgres.Redact(*from), postgres.Redact(*to))
	rep, err := copydb.Copy(ctx, src, dst, copydb.Options{Batch: *batch, Progress: stdout, SkipSessions: *noSessions})
	if err != nil {
		return fmt.Errorf("migrate-data: %w", err)
	}
	rep.Write(stdout)
	if bad := rep.Mismatches(); len(bad) > 0 {
		fmt.Fprintln(stderr, "dateline migrate-data: the copy is incomplete (did the source change during the copy?):")
		for _, m := range bad {
			fmt.Fprintln(stderr, "  "+m)
		}
		return exitError(1)
	}
	fmt.Fprintf(stdout, "copied in %s; counts match. Start dateline serve --db %s\n", rep.Elapsed.Round(10e6), postgres.Redact(*to))
	return nil
}

type engine interface {
	copydb.Engine
	Close() error
}

func openEngine(ctx context.Context, flagName, db string) (engine, error) {
	st, err := app.OpenStore(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
	}
	e, ok := st.(engine)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("%s %s: this engine cannot export or import data", flagName, postgres.Redact(db))
	}
	return e, nil
}

// same reports whether two --db settings name one database.
func same(a, b string) bool {
	ea, la, err1 := config.Engine(a)
	eb, lb, err2 := config.Engine(b)
	if err1 != nil || err2 != nil || ea != eb {
		return false
	}
	if ea == "sqlite" {
		pa, _ := filepath.Abs(la)
		pb, _ := filepath.Abs(lb)
		return pa == pb
	}
	return la == lb
}
