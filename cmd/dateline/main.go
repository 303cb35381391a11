// Command dateline runs Dateline: newsroom, public site and wire in one
// binary, and the commands that manage it. This file only reads settings
// and hands them to internal/app.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"

	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/config"
	"github.com/dateline-news/dateline/internal/store"
)

const usage = `dateline — newsroom, news site and newswire in one binary

Usage:
  dateline serve [--addr ADDR] [--db DB] [--base-url URL] [--demo] [--trusted-proxies LIST]
                 [--metrics-addr ADDR] [--access-log=false] [--page-cache-bytes N] [--allow-private-webhooks]
  dateline import [--format auto|text|ninjs|newsml|reuters] [--publish [--wire]] [--year N] PATH...
  dateline parse [--format auto|text|ninjs|newsml] [--year N] FILE
  dateline backup FILE
  dateline user add NAME --role reporter|editor|admin
  dateline user passwd NAME      (a new one-time password; ends the account's sessions)
  dateline user unlock NAME      (forget the account's failed logins)
  dateline token add USER
  dateline subscriber add NAME [--embargo-access] [--filter QUERY]
  dateline story withhold|release|kill ID [--reason TEXT] [--notice TEXT]
  dateline migrate-data --from sqlite:PATH --to postgres://URL [--batch N] [--skip-sessions]
  dateline eval tags --reuters DIR
  dateline eval entities --conll FILE [-v]

  dateline version
  dateline help CMD              (or dateline CMD --help: that command's flags)

Every command that touches the database takes --db or DATELINE_DB
(default sqlite:./data/dateline.db; postgres://... for PostgreSQL).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(int(ee))
		}
		fmt.Fprintln(os.Stderr, "dateline:", err)
		os.Exit(2)
	}
}

// exitError ends the process with a status after the command printed its
// own report.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, err := strconv.ParseBool(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", env("DATELINE_DB", config.Default().DB), "database: sqlite:PATH or postgres://...")
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError(2)
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "help", "-h", "-help", "--help":
		if len(args) > 0 {
			// dateline help CMD [SUB]: that command's flags.
			return run(ctx, append(append([]string{}, args...), "--help"), stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "dateline", version())
		return nil
	}
	if wantsHelp(args) && commands[cmd] {
		// dateline CMD --help prints the command's flags (on stdout) and
		// succeeds; nothing runs.
		if err := dispatch(ctx, cmd, args, stdout, stdout); err != nil && err != exitError(2) {
			return err
		}
		return nil
	}
	return dispatch(ctx, cmd, args, stdout, stderr)
}

// commands are the commands dispatch runs.
var commands = map[string]bool{"serve": true, "import": true, "parse": true, "backup": true, "subscriber": true,
	"story": true, "user": true, "token": true, "migrate-data": true, "eval": true}

// wantsHelp reports whether args ask for help (-h, -help, --help) before
// any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// version is the module version and the commit the binary was built from,
// as the Go toolchain recorded them.
func version() string {
	v, rev, dirty, gov := "(devel)", "", false, runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		if dirty {
			rev += "+dirty"
		}
		v += " " + rev
	}
	return v + " " + gov
}

func dispatch(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	// What the command line changes is audited as done by it.
	ctx = store.WithActor(ctx, cliActor())
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, stdout, stderr)
	case "import":
		return cmdImport(ctx, args, stdout, stderr)
	case "parse":
		return cmdParse(ctx, args, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args, stdout, stderr)
	case "subscriber":
		return cmdSubscriber(ctx, args, stdout, stderr)
	case "story":
		return cmdStory(ctx, args, stdout, stderr)
	case "user", "token":
		return cmdAccounts(ctx, cmd, args, stdout, stderr)
	case "migrate-data":
		return cmdMigrate(ctx, args, stdout, stderr)
	case "eval":
		return cmdEval(ctx, args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "dateline: unknown command %q\n\n%s", cmd, usage)
	return exitError(2)
}

// cliActor names the command line in the audit log: "cli (USER)".
func cliActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli (" + u.Username + ")"
	}
	return "cli"
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := config.Default()
	cfg := config.Config{}
	fs.StringVar(&cfg.Addr, "addr", env("DATELINE_ADDR", def.Addr), "listen address")
	db := dbFlag(fs)
	fs.StringVar(&cfg.BaseURL, "base-url", env("DATELINE_BASE_URL", ""), "absolute URL of the site (default http://ADDR)")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the demo stories into an empty database")
	fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", env("DATELINE_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For is believed: addresses or CIDR prefixes, comma-separated")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("DATELINE_METRICS_ADDR", ""), "serve /metrics without a token on this address too (keep it private)")
	fs.BoolVar(&cfg.AccessLog, "access-log", envBool("DATELINE_ACCESS_LOG", def.AccessLog), "log one structured line per request (--access-log=false turns it off)")
	fs.Int64Var(&cfg.PageCacheBytes, "page-cache-bytes", envInt("DATELINE_PAGE_CACHE_BYTES", def.PageCacheBytes), "bound of the in-memory page cache, in bytes")
	fs.BoolVar(&cfg.AllowPrivateWebhooks, "allow-private-webhooks", envBool("DATELINE_ALLOW_PRIVATE_WEBHOOKS", false), "let webhooks reach loopback, private and link-local addresses")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	cfg.DB = *db
	if err := cfg.Validate(); err != nil {
		return err
	}
	return app.Serve(ctx, cfg, stdout, slog.Default())
}
