package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/auth"
	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/wire"
)

// cmdAccounts runs `user add NAME --role R`, `user passwd NAME`, `user
// unlock NAME` and `token add USER`.
func cmdAccounts(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch {
	case sub == "add":
	case cmd == "user" && (sub == "passwd" || sub == "unlock"):
		return cmdUserAdmin(ctx, sub, args[1:], stdout, stderr)
	case cmd == "user":
		fmt.Fprintln(stderr, "dateline user: the subcommands are `add`, `passwd` and `unlock`")
		return exitError(2)
	default:
		fmt.Fprintf(stderr, "dateline %s: the one subcommand is `add`\n", cmd)
		return exitError(2)
	}
	fs := flag.NewFlagSet(cmd+" add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	role := fs.String("role", "", "reporter, editor or admin (user add)")
	name := fs.String("name", "cli", "a name for the token (token add)")
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitError(2)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "dateline %s add: name exactly one %s\n", cmd, map[string]string{"user": "user name", "token": "user"}[cmd])
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch cmd {
	case "user":
		r := store.Role(*role)
		if !r.Valid() {
			fmt.Fprintf(stderr, "dateline user add: --role %q: want reporter, editor or admin\n", *role)
			return exitError(2)
		}
		pw, err := auth.AddUser(ctx, st, pos[0], r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s %s; password (shown once): %s\n", r, pos[0], pw)
	case "token":
		tok, err := auth.AddToken(ctx, st, pos[0], *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "newsroom API token for %s (shown once; send as Authorization: Bearer TOKEN):\n%s\n", pos[0], tok)
	}
	return nil
}

// cmdUserAdmin runs `user passwd NAME` (an admin's reset: a new one-time
// password, printed; the account's sessions end; it must choose its own
// password at its next login) and `user unlock NAME` (forget its failed
// logins, on a running server too).
func cmdUserAdmin(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitError(2)
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "dateline user %s: name exactly one account\n", sub)
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "unlock" {
		if err := auth.Unlock(ctx, st, pos[0], "cli"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s unlocked: its failed logins are forgotten\n", auth.LoginName(pos[0]))
		return nil
	}
	pw, err := auth.ResetPassword(ctx, st, pos[0], "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new one-time password for %s (its sessions ended; it must choose its own at the next login): %s\n", auth.LoginName(pos[0]), pw)
	return nil
}

// cmdSubscriber runs `subscriber add NAME [--embargo-access] [--filter QUERY]`.
func cmdSubscriber(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "dateline subscriber: the one subcommand is `add`")
		return exitError(2)
	}
	fs := flag.NewFlagSet("subscriber add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := dbFlag(fs)
	embargo := fs.Bool("embargo-access", false, "receive embargoed items early, marked with their embargo time")
	filter := fs.String("filter", "", `what the subscriber receives, e.g. 'section:politics,economy tag:japan lang:en,ru urgency<=3 "free text"'`)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitError(2)
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "dateline subscriber add: name exactly one subscriber")
		return exitError(2)
	}
	st, err := app.OpenStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := wire.AddSubscriber(ctx, st, pos[0], *embargo, *filter)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wire subscriber %s created; API key (shown once; send as Authorization: Bearer KEY):\n%s\n", pos[0], key)
	return nil
}

// parseInterleaved parses flags that may stand before or after the
// positional arguments and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return pos, nil
}
