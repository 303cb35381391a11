// Command bench is Dateline's load benchmark. It builds Dateline, fills a
// fresh SQLite database (or the PostgreSQL database --db names) with
// invented wire stories (and the Reuters-21578 corpus when it is there),
// starts one or two servers and a static nginx serving the same bytes on
// loopback ports, measures both with wrk and prints one table. Every run
// is bounded in time.
//
//	go run ./bench --stories 100000
//	go run ./bench --stories 100000 --db postgres://postgres@127.0.0.1:5432/dl_bench --nodes 2
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

	"github.com/jackc/pgx/v5"

	"github.com/dateline-news/dateline/bench/storygen"
	"github.com/dateline-news/dateline/internal/app"
	"github.com/dateline-news/dateline/internal/importer"
	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store/postgres"
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
	publishRate float64
	subscribers int
	workdir     string
	keep        bool
	cache       string
	out         string
	maxTime     time.Duration
	db          string // postgres://... or "" for SQLite in the work folder
	nodes       int
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
	fs.Float64Var(&o.publishRate, "publish-rate", 5, "stories created and published per second during the mixed load")
	fs.IntVar(&o.subscribers, "subscribers", 20, "stream subscribers during the mixed load")
	fs.StringVar(&o.workdir, "workdir", "", "folder for the database, logs and static copies (default: a new temporary folder)")
	fs.BoolVar(&o.keep, "keep", false, "keep the work folder")
	fs.StringVar(&o.cache, "cache", "", "folder to keep generated databases in, keyed by stories, seed, years and Reuters; reused when present")
	fs.StringVar(&o.out, "out", "", "also write the table (Markdown) to this file")
	fs.DurationVar(&o.maxTime, "max-time", 45*time.Minute, "give up after this long")
	fs.StringVar(&o.db, "db", "", "PostgreSQL database to use (postgres://...); it is filled when its change log is empty and reused as it is otherwise (default: a new SQLite database in the work folder)")
	fs.IntVar(&o.nodes, "nodes", 1, "Dateline servers to start against the database (1 or 2; 2 needs --db postgres://...)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.db != "" && !strings.HasPrefix(o.db, "postgres://") && !strings.HasPrefix(o.db, "postgresql://") {
		return fmt.Errorf("--db %q: want postgres://... (leave it out for a new SQLite database)", o.db)
	}
	if o.nodes != 1 && o.nodes != 2 {
		return fmt.Errorf("--nodes %d: use 1 or 2", o.nodes)
	}
	if o.nodes > 1 && o.db == "" {
		return errors.New("--nodes 2 needs a shared database: add --db postgres://...")
	}
	if o.publishRate <= 0 || o.publishRate > 100 {
		return fmt.Errorf("--publish-rate %g: use a rate above 0 and at most 100 a second", o.publishRate)
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
	server                     *dateline   // the first node: discovery, static copies, mixed load
	servers                    []*dateline // every node
	static                     *nginx
	balancer                   *nginx // in front of the nodes when there are several
	ownDir                     bool

	fill        string // how the database was filled
	dbSize      int64
	textBytes   int64           // headline, standfirst and body text of the stories filled (0 when unknown)
	reutersText int64           // of which Reuters-21578
	reutersOnly string          // Reuters-21578 alone into a new SQLite database: time, size, ratio
	ready       []time.Duration // each node: start to /readyz answering 200
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
	b.balancer.stop()
	for _, d := range b.servers {
		d.stop()
	}
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
	if rdir := b.reutersDir(); rdir != "" && !b.postgres() {
		if err := b.reutersAlone(ctx, rdir); err != nil {
			return err
		}
	}
	if err := b.readLastSeq(ctx); err != nil {
		return err
	}
	b.accounts(ctx)

	for i := range b.o.nodes {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		b.logf("starting dateline node %d on %s", i+1, addr)
		start := time.Now()
		d, err := startDateline(ctx, b.bin, b.dir, b.db, addr, fmt.Sprintf("dateline-%d.log", i+1))
		if err != nil {
			return err
		}
		b.ready = append(b.ready, time.Since(start))
		b.logf("node %d ready in %s", i+1, time.Since(start).Round(10*time.Millisecond))
		b.servers = append(b.servers, d)
	}
	b.server = b.servers[0]
	if len(b.servers) > 1 {
		laddr, err := freeAddr()
		if err != nil {
			return err
		}
		var nodes []string
		for _, d := range b.servers {
			nodes = append(nodes, strings.TrimPrefix(d.base, "http://"))
		}
		b.logf("starting the nginx load balancer on %s for %s", laddr, strings.Join(nodes, ", "))
		if b.balancer, err = startBalancer(ctx, filepath.Join(b.dir, "lb"), laddr, nodes); err != nil {
			return err
		}
	}
	targets, err := b.targets()
	if err != nil {
		return err
	}
	staticRoot := filepath.Join(b.dir, "static")
	for _, t := range targets {
		if t.skip == "" && !t.noStatic {
			if err := b.copyStatic(ctx, t, staticRoot); err != nil {
				return err
			}
		}
	}
	if len(b.servers) > 1 {
		// The static copy went through node 1 and left its page cache
		// full; fill the other nodes' caches the same way, so that every
		// node starts the cached targets warm.
		for i, d := range b.servers[1:] {
			start := time.Now()
			n, err := warm(ctx, d.base, targets)
			if err != nil {
				return fmt.Errorf("warming node %d: %w", i+2, err)
			}
			b.logf("node %d: %d pages fetched to fill its cache in %s", i+2, n, time.Since(start).Round(100*time.Millisecond))
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
			b.measure(ctx, t, warm)
		}
		r, err := b.measure(ctx, t, l)
		if err != nil {
			return err
		}
		t.dl = &r
		if b.balancer != nil {
			if b.o.warmup > 0 && !t.noStatic {
				runWrk(ctx, b.dir, "http://"+b.balancer.addr, t.pathsFile, t.token, warm)
			}
			lb, err := runWrk(ctx, b.dir, "http://"+b.balancer.addr, t.pathsFile, t.token, l)
			if err != nil {
				return err
			}
			t.lb = &lb
		}
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
			rate:    b.o.publishRate,
			readers: load{threads: b.o.threads, conns: b.o.conns, duration: b.o.mixed, timeout: 2 * time.Second}})
	} else {
		mixed.Skip = "skipped: --mixed 0"
	}
	var rss []int64
	for i, d := range b.servers {
		r, err := peakRSS(d.pid())
		if err != nil {
			b.logf("peak RSS of node %d: %v", i+1, err)
		}
		rss = append(rss, r)
	}
	for _, d := range b.servers {
		d.stop()
	}
	b.servers, b.server = nil, nil
	b.balancer.stop()
	b.balancer = nil
	b.static.stop()
	b.static = nil
	finalSize := b.size(ctx)

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
	if b.o.db != "" {
		b.db = b.o.db
		return nil
	}
	b.dbPath = filepath.Join(b.dir, "bench.db")
	b.db = "sqlite:" + b.dbPath
	return nil
}

// measure runs one wrk load on the Dateline nodes. With one node it is a
// single wrk run; with several, one wrk per node at the same time, each
// with its share of the threads and connections, summed (see merge).
func (b *bench) measure(ctx context.Context, t *target, l load) (wrkResult, error) {
	if len(b.servers) == 1 {
		return runWrk(ctx, b.dir, b.server.base, t.pathsFile, t.token, l)
	}
	n := len(b.servers)
	share := load{threads: max(1, l.threads/n), conns: max(1, l.conns/n), duration: l.duration, timeout: l.timeout}
	results := make([]wrkResult, n)
	errs := make([]error, n)
	done := make(chan struct{})
	for i, d := range b.servers {
		go func() {
			results[i], errs[i] = runWrk(ctx, b.dir, d.base, t.pathsFile, t.token, share)
			done <- struct{}{}
		}()
	}
	for range n {
		<-done
	}
	if err := errors.Join(errs...); err != nil {
		return wrkResult{}, err
	}
	return merge(results), nil
}

// merge sums wrk runs made at the same time against different nodes:
// requests, bytes and errors add up, the duration is the longest, and
// each latency percentile is the worst node's (percentiles of separate
// runs cannot be combined exactly).
func merge(rs []wrkResult) wrkResult {
	var m wrkResult
	for _, r := range rs {
		m.Requests += r.Requests
		m.Bytes += r.Bytes
		m.Connect += r.Connect
		m.Read += r.Read
		m.Write += r.Write
		m.Status += r.Status
		m.Timeout += r.Timeout
		m.DurationUS = max(m.DurationUS, r.DurationUS)
		m.P50US = max(m.P50US, r.P50US)
		m.P95US = max(m.P95US, r.P95US)
		m.P99US = max(m.P99US, r.P99US)
		m.MaxUS = max(m.MaxUS, r.MaxUS)
	}
	return m
}

// postgres reports whether the run is on PostgreSQL.
func (b *bench) postgres() bool { return b.dbPath == "" }

// size is the database's size on disk: the SQLite file with its WAL, or
// pg_database_size on PostgreSQL (0 when it cannot be read).
func (b *bench) size(ctx context.Context) int64 {
	if !b.postgres() {
		return fileSizes(b.dbPath)
	}
	conn, err := pgx.Connect(ctx, b.db)
	if err != nil {
		b.logf("database size: %s", err)
		return 0
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&n); err != nil {
		b.logf("database size: %s", err)
	}
	return n
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
	if !b.postgres() {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(b.dbPath + suffix)
		}
	}
	rdir := b.reutersDir()
	var cached string
	if b.postgres() {
		st, err := app.OpenStore(ctx, b.db)
		if err != nil {
			return err
		}
		seq, err := st.LastSeq(ctx)
		st.Close()
		if err != nil {
			return err
		}
		if seq > 0 {
			b.fill = fmt.Sprintf("PostgreSQL %s, already filled (%d change-log entries), reused as it is", postgres.Redact(b.db), seq)
			b.logf("%s", b.fill)
			b.dbSize = b.size(ctx)
			return nil
		}
	} else if b.o.cache != "" {
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
	st, err := app.OpenStore(ctx, b.db)
	if err != nil {
		return err
	}
	b.logf("generating %d stories", b.o.stories)
	start := time.Now()
	last := start
	end := time.Now().Add(-time.Hour).UTC()
	g := storygen.New(storygen.Options{Seed: b.o.seed, Count: max(b.o.stories, 1), Start: end.AddDate(-b.o.years, 0, 0), End: end})
	counted := &textCounter{Store: st}
	n, err := storygen.Fill(ctx, counted, g, b.o.stories, 1000, func(done int) {
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
	engine := "SQLite"
	if b.postgres() {
		engine = "PostgreSQL"
	}
	b.fill = fmt.Sprintf("%s, %d invented stories in %.0fs (%.0f stories/s)", engine, n, el.Seconds(), float64(n)/el.Seconds())
	b.logf("%s", b.fill)
	if rdir != "" {
		before := counted.bytes
		res, err := importer.Run(ctx, counted, []string{rdir}, importer.Options{Format: "reuters", Publish: true})
		if err != nil {
			st.Close()
			return fmt.Errorf("importing Reuters from %s: %w", rdir, err)
		}
		b.fill += fmt.Sprintf("; Reuters-21578: %d stories in %.1fs (%.0f stories/s)", res.Imported, res.Elapsed.Seconds(), float64(res.Imported)/res.Elapsed.Seconds())
		b.logf("reuters: %s", res.Summary())
		b.reutersText = counted.bytes - before
	}
	b.textBytes = counted.bytes
	if err := st.Close(); err != nil {
		return err
	}
	b.dbSize = b.size(ctx)
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

// textCounter passes stories to the store and counts the text they
// hold: headline, standfirst and body, in bytes, what the disk use is
// measured against.
type textCounter struct {
	app.Store
	bytes int64
}

func (c *textCounter) CreateStories(ctx context.Context, stories []*news.Story, versions []*news.Version) (int, []int, error) {
	created, dups, err := c.Store.CreateStories(ctx, stories, versions)
	if err == nil {
		skip := map[int]bool{}
		for _, i := range dups {
			skip[i] = true
		}
		for i, s := range stories {
			if !skip[i] {
				c.bytes += int64(len(s.Headline) + len(s.Standfirst) + len(s.Text()))
			}
		}
	}
	return created, dups, err
}

// reutersAlone imports Reuters-21578 into a new SQLite database of its
// own and describes the import time and the disk it takes against the
// text it holds.
func (b *bench) reutersAlone(ctx context.Context, rdir string) error {
	path := filepath.Join(b.dir, "reuters-only.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	st, err := app.OpenStore(ctx, "sqlite:"+path)
	if err != nil {
		return err
	}
	counted := &textCounter{Store: st}
	res, err := importer.Run(ctx, counted, []string{rdir}, importer.Options{Format: "reuters", Publish: true})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("importing Reuters alone: %w", err)
	}
	size := fileSizes(path)
	b.reutersOnly = fmt.Sprintf("Reuters-21578 alone into a new SQLite database: %d stories in %.1fs (%.0f stories/s); %s on disk for %s of text, %.1f× the text",
		res.Imported, res.Elapsed.Seconds(), float64(res.Imported)/res.Elapsed.Seconds(), mb(size), mb(counted.bytes), float64(size)/float64(max(1, counted.bytes)))
	b.logf("%s", b.reutersOnly)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
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
	st, err := app.OpenStore(ctx, b.db)
	if err != nil {
		return err
	}
	defer st.Close()
	b.lastSeq, err = st.LastSeq(ctx)
	return err
}

// accounts makes an editor token and a subscriber key with the dateline
// commands, when those commands exist.
//
// The names carry the start time, so a reused PostgreSQL database gets
// new ones on every run.
func (b *bench) accounts(ctx context.Context) {
	editor := fmt.Sprintf("bench-editor-%d", b.started.Unix())
	subscriber := fmt.Sprintf("bench-subscriber-%d", b.started.Unix())
	if out, err := runCommand(ctx, b.bin, b.db, "user", "add", editor, "--role", "editor"); err != nil {
		if out2, err2 := runCommand(ctx, b.bin, b.db, "user", "add", "--role", "editor", editor); err2 != nil {
			b.setupNotes = append(b.setupNotes, "`dateline user add` failed: "+firstLine(out+out2))
		}
	}
	if out, err := runCommand(ctx, b.bin, b.db, "token", "add", editor); err == nil {
		b.editorToken = lastSecret(out)
	} else {
		b.setupNotes = append(b.setupNotes, "`dateline token add` failed: "+firstLine(out))
	}
	if out, err := runCommand(ctx, b.bin, b.db, "subscriber", "add", subscriber); err == nil {
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
	lb         *wrkResult // through the load balancer, with several nodes
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
	ts = append(ts, b.pictureTarget(base))
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
func (b *bench) copyStatic(ctx context.Context, t *target, root string) error {
	slug := strings.NewReplacer(" ", "-", "(", "", ")", "", ",", "").Replace(strings.ToLower(t.name))
	dir := filepath.Join(root, "t", slug)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	os.Chmod(root, 0o755)
	os.Chmod(filepath.Join(root, "t"), 0o755)
	var list []string
	for i, p := range t.paths {
		if err := ctx.Err(); err != nil {
			return err
		}
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

// warm fetches every path of the cached targets from base, four at a
// time, and returns how many it fetched.
func warm(ctx context.Context, base string, ts []*target) (int, error) {
	type job struct{ path, token string }
	jobs := make(chan job)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			var first error
			for j := range jobs {
				if first != nil {
					continue
				}
				st, body, err := get(base+j.path, j.token)
				if err == nil && st != http.StatusOK {
					err = fmt.Errorf("status %d: %s", st, tail(body, 200))
				}
				if err != nil {
					first = fmt.Errorf("GET %s: %w", j.path, err)
				}
			}
			errs <- first
		}()
	}
	n := 0
feed:
	for _, t := range ts {
		if t.skip != "" || t.noStatic {
			continue
		}
		for _, p := range t.paths {
			select {
			case jobs <- job{p, t.token}:
				n++
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	var err error
	for range 4 {
		err = errors.Join(err, <-errs)
	}
	if err == nil {
		err = ctx.Err()
	}
	return n, err
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
