package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/publish"
	"github.com/dateline-news/dateline/internal/store"
)

const storyUsage = `dateline story withhold ID --reason TEXT
    takes a published story off the site and tells subscribers to hold it (withheld)
dateline story release ID
    makes a withheld story usable again, as it was when withheld
dateline story kill ID --reason TEXT [--notice TEXT]
    recalls every version everywhere (canceled); --reason is internal (the audit
    log only), --notice is what readers and subscribers see
    (default "This story has been withdrawn.")
`

// cmdStory runs the state changes an editor may need without the web
// interface: withhold, release, kill. Each is audited as done by the
// command line, in the same transaction as the change.
func cmdStory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "withhold" && args[0] != "release" && args[0] != "kill") {
		fmt.Fprint(stderr, "dateline story: want withhold, release or kill\n\n"+storyUsage)
		return exitError(2)
	}
	op := args[0]
	fs := flag.NewFlagSet("story "+op, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, storyUsage) }
	db := dbFlag(fs)
	reason := fs.String("reason", "", "why (withhold, kill): internal, for the audit log")
	notice := fs.String("notice", "", "public notice of a kill (default: This story has been withdrawn.)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitError(2)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "dateline story %s: name exactly one story id\n", op)
		return exitError(2)
	}
	if op != "release" && *reason == "" {
		fmt.Fprintf(stderr, "dateline story %s: --reason is required\n", op)
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := publish.New(st, nil, nil)
	by := store.Actor(ctx)
	id := pos[0]
	var got *news.Story
	switch op {
	case "withhold":
		got, err = svc.Withhold(ctx, id, 0, *reason, by)
	case "release":
		got, err = svc.Reinstate(ctx, id, 0, by)
	case "kill":
		got, err = svc.Kill(ctx, id, 0, *reason, *notice, by)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "story %s is %s (version %d)\n", got.ID, got.Status, got.Version)
	return nil
}
