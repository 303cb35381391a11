// Command bench is Dateline's load benchmark. It builds Dateline, fills a
// fresh SQLite database with invented wire stories (and the Reuters-21578
// corpus when it is there), starts the server and a static nginx serving
// the same bytes on loopback ports, measures both with wrk and prints one
// table. Every run is bounded in time.
//
//	go run ./bench --stories 100000
//
// See bench/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/dateline-news/dateline/bench/storygen"
	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/wire"
)

// minTail is the fewest paths an uncached target may rotate over: more
// than the site's page cache holds, so that it never serves them from
// memory.
const minTail = 12000

type options struct {
	stories     int
	seed        uint64
	years       int
	reuters     string
	duration    time.Duration
	warmup      time.Duration
	threads     int
	conns       int
	articles    int
	tail        int
	mixed       time.Duration
	subscribers int
	workdir     string
	keep        bool
	cache       string
	out         string
	maxTime     time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.stories, "stories", 100000, "invented stories in the database")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed")
	fs.IntVar(&o.years, "years", 10, "years of archive the stories are spread over")
	fs.StringVar(&o.reuters, "reuters", "auto", "Reuters-21578 folder to import as well; auto: ../shared/testdata/reuters21578 when present; none: skip")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per target and server")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each measurement")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads")
	fs.IntVar(&o.conns, "connections", 50, "wrk connections")
	fs.IntVar(&o.articles, "articles", 1000, "article pages the article target rotates over (the hot set)")
	fs.IntVar(&o.tail, "tail", 20000, "article pages of the long-tail target, and distinct queries of the uncached search target (0 to skip both)")
	fs.DurationVar(&o.mixed, "mixed", 30*time.Second, "length of the mixed load (0 to skip)")
	fs.IntVar(&o.subscribers, "subscribers", 20, "stream subscribers during the mixed load")
	fs.StringVar(&o.workdir, "workdir", "", "folder for the database, logs and static copies (default: a new temporary folder)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work folder")
	fs.StringVar(&o.cache, "cache", "", "folder to keep generated databases in, keyed by stories, seed, years and Reuters; reused when present")
	fs.StringVar(&o.out, "out", "", "also write the table (Markdown) to this file")
	fs.DurationVar(&o.maxTime, "max-time", 45*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.tail != 0 && o.tail < minTail {
		return fmt.Errorf("--tail %d: use 0 or at least %d, more paths than the page cache holds (10,000), or the long-tail targets measure cache hits", o.tail, minTail)
	}
	ctx, cancel := context.WithTimeout(ctx, o.maxTime)
	defer cancel()
	b := &bench{o: o, out: stdout, log: stderr, started: time.Now()}
	defer b.cleanup()
	return b.run(ctx)
}

type bench struct {
	o        options
	out, log io.Writer
	started  time.Time

	root, dir, bin, dbPath, db string
	server                     *dateline
	static                     *nginx
	ownDir                     bool

	fill        string // how the database was filled
	dbSize      int64
	editorToken string
	subKey      string
	lastSeq     int64 // last change-log entry after the fill
	setupNotes  []string
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "[%5.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func (b *bench) cleanup() {
	b.static.stop()
	b.server.stop()
	if b.ownDir && !b.o.keep && b.dir != "" {
		os.RemoveAll(b.dir)
	} else if b.dir != "" {
		fmt.Fprintf(b.log, "work folder kept: %s\n", b.dir)
	}
}

func (b *bench) run(ctx context.Context) error {
	if err := ensureTools(b.log); err != nil {
		return err
	}
	if err := b.setup(ctx); err != nil {
		return err
	}
	if err := b.fillDB(ctx); err != nil {
		return err
	}
	if err := b.readLastSeq(ctx); err != nil {
		return err
	}
	b.accounts(ctx)

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	b.logf("starting dateline on %s", addr)
	if b.server, err = startDateline(ctx, b.bin, b.dir, b.db, addr); err != nil {
		return err
	}
	targets, err := b.targets()
	if err != nil {
		return err
	}
	staticRoot := filepath.Join(b.dir, "static")
	for _, t := range targets {
		if t.skip == "" && !t.noStatic {
			if err := b.copyStatic(t, staticRoot); err != nil {
				return err
			}
		}
	}
	saddr, err := freeAddr()
	if err != nil {
		return err
	}
	b.logf("starting nginx on %s", saddr)
	if b.static, err = startNginx(ctx, b.dir, saddr, staticRoot); err != nil {
		return err
	}

	l := load{threads: b.o.threads, conns: b.o.conns, duration: b.o.duration, timeout: 2 * time.Second}
	warm := load{threads: b.o.threads, conns: b.o.conns, duration: b.o.warmup, timeout: 2 * time.Second}
	var staticArticle, staticSearch *wrkResult
	for _, t := range targets {
		if t.skip != "" {
			b.logf("%s: %s", t.name, t.skip)
			continue
		}
		b.logf("measuring %s (%d paths)", t.name, t.count)
		// Uncached targets get no warm-up: it would put their pages in
		// the cache.
		if b.o.warmup > 0 && !t.noStatic {
			runWrk(ctx, b.dir, b.server.base, t.pathsFile, t.token, warm)
		}
		r, err := runWrk(ctx, b.dir, b.server.base, t.pathsFile, t.token, l)
		if err != nil {
			return err
		}
		t.dl = &r
		if !t.noStatic {
			if b.o.warmup > 0 {
				runWrk(ctx, b.dir, "http://"+b.static.addr, t.staticFile, "", warm)
			}
			s, err := runWrk(ctx, b.dir, "http://"+b.static.addr, t.staticFile, "", l)
			if err != nil {
				return err
			}
			t.st = &s
			switch t.name {
			case "article":
				staticArticle = &s
			case "search":
				staticSearch = &s
			}
		} else if t.name == "article, long tail" {
			t.st = staticArticle
		} else if t.name == "search, uncached" {
			t.st = staticSearch
		}
	}

	var mixed mixedResult
	if b.o.mixed > 0 {
		b.logf("mixed load for %s", b.o.mixed)
		readers := filepath.Join(b.dir, "paths-mixed.txt")
		if err := writeMixedPaths(readers, targets); err != nil {
			return err
		}
		mixed = runMixed(ctx, mixedConfig{base: b.server.base, dir: b.dir, pathsFile: readers,
			editorToken: b.editorToken, subKey: b.subKey, after: wire.EncodeCursor(b.lastSeq), subscribers: b.o.subscribers, seed: b.o.seed,
			readers: load{threads: b.o.threads, conns: b.o.conns, duration: b.o.mixed, timeout: 2 * time.Second}})
	} else {
		mixed.Skip = "skipped: --mixed 0"
	}
	rss, rssErr := peakRSS(b.server.pid())
	if rssErr != nil {
		b.logf("peak RSS: %v", rssErr)
	}
	b.server.stop()
	b.server = nil
	b.static.stop()
	b.static = nil
	finalSize := fileSizes(b.dbPath)

	table := b.table(targets, mixed, rss, finalSize)
	fmt.Fprint(b.out, table)
	if b.o.out != "" {
		if err := os.WriteFile(b.o.out, []byte(table), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ensureTools checks for wrk and nginx and installs them from Debian when
// they are missing and we run as root.
func ensureTools(log io.Writer) error {
	var missing []string
	if _, err := exec.LookPath("wrk"); err != nil {
		missing = append(missing, "wrk")
	}
	if _, err := exec.LookPath("nginx"); err != nil {
		if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
			missing = append(missing, "nginx-light")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("missing %s: install with `sudo apt-get install %s` and run again", strings.Join(missing, ", "), strings.Join(missing, " "))
	}
	fmt.Fprintf(log, "installing %s with apt-get\n", strings.Join(missing, " "))
	cmd := exec.Command("sh", "-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "+strings.Join(missing, " ")+
		" || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "+strings.ReplaceAll(strings.Join(missing, " "), "nginx-light", "nginx"))
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("apt-get install %s: %w", strings.Join(missing, " "), err)
	}
	return nil
}

// repoRoot finds the Dateline module root from the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/dateline-news/dateline") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the Dateline repository (no go.mod of github.com/dateline-news/dateline above the working directory)")
		}
		dir = parent
	}
}

func (b *bench) setup(ctx context.Context) error {
	var err error
	if b.root, err = repoRoot(); err != nil {
		return err
	}
	if b.o.workdir != "" {
		b.dir, err = filepath.Abs(b.o.workdir)
		if err == nil {
			err = os.MkdirAll(b.dir, 0o755)
		}
	} else {
		b.dir, err = os.MkdirTemp("", "dateline-bench-")
		b.ownDir = true
	}
	if err != nil {
		return err
	}
	// nginx workers must be able to read the static copies.
	if err := os.Chmod(b.dir, 0o755); err != nil {
		return err
	}
	b.bin = filepath.Join(b.dir, "dateline")
	b.logf("building dateline into %s", b.bin)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", b.bin, "./cmd/dateline")
	cmd.Dir = b.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/dateline: %v\n%s", err, out)
	}
	b.dbPath = filepath.Join(b.dir, "bench.db")
	b.db = "sqlite:" + b.dbPath
	return nil
}

func (b *bench) reutersDir() string {
	switch b.o.reuters {
	case "none", "":
		return ""
	case "auto":
		d := filepath.Join(filepath.Dir(b.root), "shared", "testdata", "reuters21578")
		if _, err := os.Stat(d); err == nil {
			return d
		}
		return ""
	}
	return b.o.reuters
}

// fillDB makes the database: from the cache when asked and present, else
// by generating (and importing Reuters), timing the fill.
func (b *bench) fillDB(ctx context.Context) error {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(b.dbPath + suffix)
	}
	rdir := b.reutersDir()
	var cached string
	if b.o.cache != "" {
		r := 0
		if rdir != "" {
			r = 1
		}
		cached = filepath.Join(b.o.cache, fmt.Sprintf("dateline-bench-n%d-s%d-y%d-r%d.db", b.o.stories, b.o.seed, b.o.years, r))
		if _, err := os.Stat(cached); err == nil {
			b.logf("copying cached database %s", cached)
			if err := copyFile(cached, b.dbPath); err != nil {
				return err
			}
			b.fill = "from cache " + cached
			b.dbSize = fileSizes(b.dbPath)
			return nil
		}
	}
	st, err := sqlite.Open(ctx, b.dbPath)
	if err != nil {
		return err
	}
	b.logf("generating %d stories", b.o.stories)
	start := time.Now()
	last := start
	end := time.Now().Add(-time.Hour).UTC()
	g := storygen.New(storygen.Options{Seed: b.o.seed, Count: max(b.o.stories, 1), Start: end.AddDate(-b.o.years, 0, 0), End: end})
	n, err := storygen.Fill(ctx, st, g, b.o.stories, 1000, func(done int) {
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			b.logf("  %d stored (%.0f/s)", done, float64(done)/time.Since(start).Seconds())
		}
	})
	if err != nil {
		st.Close()
		return err
	}
	el := time.Since(start)
	b.fill = fmt.Sprintf("%d invented stories in %.0fs (%.0f stories/s)", n, el.Seconds(), float64(n)/el.Seconds())
	b.logf("%s", b.fill)
	if rdir != "" {
		res, err := importer.Run(ctx, st, []string{rdir}, importer.Options{Format: "reuters", Publish: true})
		if err != nil {
			st.Close()
			return fmt.Errorf("importing Reuters from %s: %w", rdir, err)
		}
		b.fill += fmt.Sprintf("; Reuters-21578: %d stories in %.0fs", res.Imported, res.Elapsed.Seconds())
		b.logf("reuters: %s", res.Summary())
	}
	if err := st.Close(); err != nil {
		return err
	}
	b.dbSize = fileSizes(b.dbPath)
	if cached != "" {
		if err := os.MkdirAll(b.o.cache, 0o755); err != nil {
			return err
		}
		if err := copyFile(b.dbPath, cached+".tmp"); err != nil {
			return err
		}
		if err := os.Rename(cached+".tmp", cached); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fileSizes is the size of a SQLite database with its WAL and shared
// memory files.
func fileSizes(path string) int64 {
	var n int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// readLastSeq notes the end of the change log after the fill, so wire
// readers and stream subscribers can start at the tail instead of
// replaying the whole archive.
func (b *bench) readLastSeq(ctx context.Context) error {
	st, err := sqlite.Open(ctx, b.dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	b.lastSeq, err = st.LastSeq(ctx)
	return err
}

// accounts makes an editor token and a subscriber key with the dateline
// commands, when those commands exist.
func (b *bench) accounts(ctx context.Context) {
	if out, err := runCommand(ctx, b.bin, b.db, "user", "add", "bench-editor", "--role", "editor"); err != nil {
		if out2, err2 := runCommand(ctx, b.bin, b.db, "user", "add", "--role", "editor", "bench-editor"); err2 != nil {
			b.setupNotes = append(b.setupNotes, "`dateline user add` failed: "+firstLine(out+out2))
		}
	}
	if out, err := runCommand(ctx, b.bin, b.db, "token", "add", "bench-editor"); err == nil {
		b.editorToken = lastSecret(out)
	} else {
		b.setupNotes = append(b.setupNotes, "`dateline token add` failed: "+firstLine(out))
	}
	if out, err := runCommand(ctx, b.bin, b.db, "subscriber", "add", "bench-subscriber"); err == nil {
		b.subKey = lastSecret(out)
	} else {
		b.setupNotes = append(b.setupNotes, "`dateline subscriber add` failed: "+firstLine(out))
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// target is one thing measured.
type target struct {
	name       string
	paths      []string
	token      string
	skip       string
	noStatic   bool
	count      int
	pathsFile  string
	staticFile string
	dl, st     *wrkResult
}

// targets discovers the paths of every target and writes their lists.
func (b *bench) targets() ([]*target, error) {
	base := b.server.base
	b.logf("reading the sitemap for article paths")
	// Sitemap parts are monthly: 40 of them, spread over the archive,
	// give plenty of articles to draw the hot set and the long tail from.
	all, err := articlePaths(base, 40)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(b.o.seed, 42))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	hot := all[:min(b.o.articles, len(all))]
	var search []string
	for _, w := range storygen.SearchWords {
		search = append(search, "/search?q="+url.QueryEscape(w))
	}
	ts := []*target{
		{name: "All news", paths: []string{"/news"}},
		{name: "article", paths: hot},
		{name: "feed (RSS)", paths: []string{"/feeds/all.rss"}},
		{name: "search", paths: search},
	}
	wire := &target{name: "wire change feed (50 latest)", paths: []string{"/api/v1/wire?limit=50&after=" + wire.EncodeCursor(max(0, b.lastSeq-50))}, token: b.subKey}
	switch st := probe(base+"/api/v1/wire?limit=1", b.subKey); {
	case st == http.StatusNotFound:
		wire.skip = "skipped: not available (/api/v1/wire answers 404)"
	case b.subKey == "":
		wire.skip = "skipped: no subscriber key (`dateline subscriber add` failed)"
	case st != http.StatusOK:
		wire.skip = fmt.Sprintf("skipped: /api/v1/wire answers %d with the subscriber key", st)
	}
	ts = append(ts, wire)
	if b.o.tail > 0 {
		// The long tail runs last: it overflows the page cache, so pages
		// are rendered from the database.
		n := min(b.o.tail, len(all))
		ts = append(ts, &target{name: "article, long tail", paths: all[len(all)-n:], noStatic: true})
		// Distinct query strings miss the page cache, so every request
		// runs the full-text query and renders the page.
		var uncached []string
		for i := range 5 * b.o.tail {
			w := storygen.SearchWords[i%len(storygen.SearchWords)]
			uncached = append(uncached, fmt.Sprintf("/search?q=%s&r=%d", url.QueryEscape(w), i))
		}
		ts = append(ts, &target{name: "search, uncached", paths: uncached, noStatic: true})
	}
	for i, t := range ts {
		t.count = len(t.paths)
		if t.skip != "" {
			continue
		}
		t.pathsFile = filepath.Join(b.dir, fmt.Sprintf("paths-%d.txt", i))
		if err := os.WriteFile(t.pathsFile, []byte(strings.Join(t.paths, "\n")+"\n"), 0o644); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

// copyStatic saves the bytes Dateline serves for every path of t under
// root/t/N/I, for nginx, and writes nginx's list of paths.
func (b *bench) copyStatic(t *target, root string) error {
	slug := strings.NewReplacer(" ", "-", "(", "", ")", "", ",", "").Replace(strings.ToLower(t.name))
	dir := filepath.Join(root, "t", slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	os.Chmod(root, 0o755)
	os.Chmod(filepath.Join(root, "t"), 0o755)
	var list []string
	for i, p := range t.paths {
		st, body, err := get(b.server.base+p, t.token)
		if err != nil {
			return fmt.Errorf("%s: GET %s: %w", t.name, p, err)
		}
		if st != http.StatusOK {
			return fmt.Errorf("%s: GET %s: status %d: %s", t.name, p, st, tail(body, 300))
		}
		name := fmt.Sprint(i)
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			return err
		}
		list = append(list, "/t/"+slug+"/"+name)
	}
	t.staticFile = filepath.Join(b.dir, "static-"+slug+".txt")
	return os.WriteFile(t.staticFile, []byte(strings.Join(list, "\n")+"\n"), 0o644)
}

// writeMixedPaths writes the readers' paths for the mixed load: All news
// one time in four, hot articles otherwise.
func writeMixedPaths(file string, ts []*target) error {
	var articles []string
	for _, t := range ts {
		if t.name == "article" {
			articles = t.paths
		}
	}
	var lines []string
	for i, a := range articles {
		if i%3 == 0 {
			lines = append(lines, "/news")
		}
		lines = append(lines, a)
	}
	if len(lines) == 0 {
		lines = []string{"/news"}
	}
	return os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
