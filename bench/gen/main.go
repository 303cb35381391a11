// Command gen fills a Dateline database with invented wire stories for
// load benchmarks, and optionally the Reuters-21578 corpus as well:
//
//	go run ./bench/gen --db sqlite:/tmp/bench.db --stories 100000 [--reuters ../shared/testdata/reuters21578]
//	go run ./bench/gen --db postgres://postgres@127.0.0.1:5432/dl_bench --stories 100000
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/dateline-news/dateline/bench/storygen"
	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/importer"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "", "database to fill: sqlite:PATH or postgres://... (required)")
	n := fs.Int("stories", 100000, "number of invented stories")
	seed := fs.Uint64("seed", 1, "seed of the generator: the same seed makes the same copy")
	years := fs.Int("years", 10, "years of archive the publish times are spread over, ending an hour ago")
	batch := fs.Int("batch", 1000, "stories per transaction")
	reutersDir := fs.String("reuters", "", "also import the Reuters-21578 corpus from this folder, published")
	sample := fs.Int("sample", 0, "print this many stories as JSON and store nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	end := time.Now().Add(-time.Hour).UTC()
	g := storygen.New(storygen.Options{Seed: *seed, Count: max(*n, 1), Start: end.AddDate(-*years, 0, 0), End: end})
	if *sample > 0 {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		for range *sample {
			s, _, err := g.Next()
			if err != nil {
				return err
			}
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	if *db == "" {
		return errors.New("--db is required: sqlite:PATH or postgres://...")
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()

	start := time.Now()
	last := start
	stored, err := storygen.Fill(ctx, st, g, *n, *batch, func(done int) {
		if time.Since(last) >= 2*time.Second {
			last = time.Now()
			fmt.Fprintf(stderr, "  %d stories stored (%.0f/s)\n", done, float64(done)/time.Since(start).Seconds())
		}
	})
	el := time.Since(start)
	fmt.Fprintf(stdout, "generated: %d stories in %.1fs (%.0f stories/s)\n", stored, el.Seconds(), float64(stored)/el.Seconds())
	if err != nil {
		return err
	}
	if *reutersDir != "" {
		res, err := importReuters(ctx, st, *reutersDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "reuters: %s\n", res.Summary())
	}
	return nil
}

// importReuters imports the corpus and publishes every story at its own
// date, as `dateline import --format reuters --publish` does.
func importReuters(ctx context.Context, st importer.Sink, dir string) (importer.Result, error) {
	if _, err := os.Stat(dir); err != nil {
		return importer.Result{}, fmt.Errorf("--reuters: %w", err)
	}
	return importer.Run(ctx, st, []string{dir}, importer.Options{Format: "reuters", Publish: true, Now: time.Now})
}
