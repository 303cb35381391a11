package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/classify"
	"github.com/dateline-news/dateline/internal/importer"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	format := fs.String("format", "auto", "auto, text, ninjs, newsml or reuters")
	publish := fs.Bool("publish", false, "publish the imported stories (at their own date when the source has one) to the\nsite and the archive; without --wire, wire subscribers are not sent them (they may\nstill fetch and search them), so an archive import does not flood their feeds")
	toWire := fs.Bool("wire", false, "with --publish: also send the stories to wire subscribers, as new copy")
	year := fs.Int("year", 0, "year for datelines written without one (default: the most recent such date not in the future)")
	withEntities := fs.Bool("extract", true, "find people, places, organisations and quotes (while storing one file; in a second pass after a bulk import)")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "dateline import: name at least one file or folder")
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *toWire && !*publish {
		fmt.Fprintln(stderr, "dateline import: --wire sends published stories to subscribers; use it with --publish")
		return exitError(2)
	}
	opt := importer.Options{Format: *format, Year: *year, Publish: *publish, Wire: *toWire, Progress: progressBar(stderr, "importing")}
	if *withEntities {
		opt.Extract = app.Extractor()
	}
	res, err := importer.Run(ctx, st, fs.Args(), opt)
	if err != nil {
		return err
	}
	for _, p := range res.Problems {
		fmt.Fprintln(stderr, p.Error())
	}
	fmt.Fprintln(stdout, res.Summary())
	if len(res.Pending) > 0 {
		// The bulk import is stored and counted; entities follow in a
		// second pass, story by story, with its own progress.
		pass, err := importer.ExtractPass(ctx, st, res.Pending, opt.Extract, progressBar(stderr, "extracting entities"))
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, pass.Summary())
	}
	if res.Failed() {
		return exitError(1)
	}
	return nil
}

// progressBar returns a progress callback drawing a bar on stderr when it
// is a terminal, or nil.
func progressBar(stderr io.Writer, what string) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription(what), progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done)
	}
}

func cmdParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "auto", "auto, text, ninjs or newsml")
	year := fs.Int("year", 0, "year for datelines written without one")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "dateline parse: name exactly one file")
		return exitError(2)
	}
	s, err := importer.ParseFile(fs.Arg(0), importer.Options{Format: *format, Year: *year})
	if err != nil {
		var p importer.Problem
		if errors.As(err, &p) {
			fmt.Fprintln(stderr, p.Error())
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", fs.Arg(0), err)
		}
		return exitError(1)
	}
	s.Entities = app.Extractor()(s)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(app.StoryJSON(s, ""))
}

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "dateline backup: name the file to write")
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := st.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s in %s\n", fs.Arg(0), time.Since(start).Round(time.Millisecond))
	return nil
}

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "entities" {
		fs := flag.NewFlagSet("eval entities", flag.ContinueOnError)
		fs.SetOutput(stderr)
		file := fs.String("conll", "../shared/testdata/conll2003/valid.txt", "CoNLL-2003 file (TOKEN TAG per line, blank line between sentences)")
		verbose := fs.Bool("v", false, "list each document's missed and wrong names")
		if err := fs.Parse(args[1:]); err != nil {
			return helpOr2(err)
		}
		return app.EvalEntities(stdout, *file, *verbose)
	}
	if len(args) == 0 || args[0] != "tags" {
		fmt.Fprintln(stderr, "dateline eval: say what to evaluate: `dateline eval tags --reuters DIR` or `dateline eval entities --conll FILE`")
		return exitError(2)
	}
	fs := flag.NewFlagSet("eval tags", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("reuters", "../shared/testdata/reuters21578", "folder of Reuters-21578 (reut2-*.sgm[.gz])")
	if err := fs.Parse(args[1:]); err != nil {
		return helpOr2(err)
	}
	return classify.RunEval(stdout, *dir)
}

// helpOr2 maps a flag parsing error to the exit: --help printed the flags
// and succeeds, anything else is a usage error.
func helpOr2(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return exitError(2)
}
