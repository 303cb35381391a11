package e2e

// Helpers for the fault tests, the bad-input sweep and the security
// checks. They start the real dateline binary (datelineBinary in
// durability_test.go) and look at its database with the real SQLite store.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
)

// lockedBuffer collects a process's output; safe to read while the
// process writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// faultServer is a `dateline serve` process started with extra flags.
type faultServer struct {
	cmd  *exec.Cmd
	base string
	log  *lockedBuffer
	done chan struct{} // closed when the process has exited
}

// startFaultServer starts `dateline serve` on addr with db and extra
// flags, and waits until /readyz answers 200.
func startFaultServer(t testing.TB, bin, db, addr string, extra ...string) *faultServer {
	t.Helper()
	args := append([]string{"serve", "--addr", addr, "--db", db}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATELINE_DB=", "DATELINE_BASE_URL=")
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &faultServer{cmd: cmd, base: "http://" + addr, log: log, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	t.Cleanup(s.kill)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			t.Fatalf("dateline serve exited at start:\n%s", log.String())
		default:
		}
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Fatalf("server did not become ready:\n%s", log.String())
	return nil
}

// kill ends the server with SIGKILL: no shutdown code runs.
func (s *faultServer) kill() {
	if s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// alive reports whether the process is still running.
func (s *faultServer) alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

func (s *faultServer) pid() int { return s.cmd.Process.Pid }

// vmRSS reads the resident set size of pid in KiB from /proc.
func vmRSS(t *testing.T, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read memory of pid %d: %v", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmRSS line %q: %v", line, err)
			}
			return n
		}
	}
	t.Fatalf("no VmRSS in /proc/%d/status", pid)
	return 0
}

var (
	subscriberKeyRE = regexp.MustCompile(`\b(dlw_[A-Za-z0-9_\-]+)`)
	passwordRE      = regexp.MustCompile(`password \(shown once\): (\S+)`)
)

// addUser creates an account with the CLI and returns its password.
func addUser(t *testing.T, bin, db, name, role string) string {
	t.Helper()
	out := runCLI(t, bin, db, "user", "add", name, "--role", role)
	m := passwordRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("user add printed no password: %q", out)
	}
	return m[1]
}

// addToken creates a newsroom API token for user with the CLI.
func addToken(t *testing.T, bin, db, user string) string {
	t.Helper()
	out := runCLI(t, bin, db, "token", "add", user)
	m := tokenRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("token add printed no dln_ token: %q", out)
	}
	return m[1]
}

// addSubscriber creates a wire subscriber with the CLI and returns its key.
func addSubscriber(t *testing.T, bin, db, name string, flags ...string) string {
	t.Helper()
	out := runCLI(t, bin, db, append([]string{"subscriber", "add", name}, flags...)...)
	m := subscriberKeyRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("subscriber add printed no dlw_ key: %q", out)
	}
	return m[1]
}

// apiCall sends a JSON request with a Bearer token and returns the status
// and body.
func apiCall(ctx context.Context, method, url, token string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// storyBody is the JSON of a new story with paragraphs of invented text.
func storyBody(headline string, paragraphs int, paraLen int) map[string]any {
	var body strings.Builder
	sentence := "The harbour board of the northern port met on Friday to weigh a plan for a new ferry terminal. "
	for i := 0; i < paragraphs; i++ {
		body.WriteString("<p>")
		for n := 0; n < paraLen; n += len(sentence) {
			body.WriteString(sentence)
		}
		body.WriteString("</p>")
	}
	return map[string]any{
		"language":  "en",
		"headline":  headline,
		"dateline":  map[string]any{"place": "OSLO", "credit": "Dateline", "date": "2026-11-20"},
		"body_html": body.String(),
		"section":   "world",
	}
}

// createAndPublish creates a story through the newsroom API and publishes
// it (under embargo when embargo is set). It returns the story id; an
// error means the server did not acknowledge the publish.
func createAndPublish(ctx context.Context, base, token string, story map[string]any, embargo *time.Time) (string, error) {
	status, b, err := apiCall(ctx, http.MethodPost, base+"/api/v1/stories", token, story)
	if err != nil {
		return "", err
	}
	if status != http.StatusCreated {
		return "", fmt.Errorf("create: %d %s", status, b)
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &created); err != nil || created.ID == "" {
		return "", fmt.Errorf("create: no id in %s", b)
	}
	pub := map[string]any{}
	if embargo != nil {
		pub["embargo_until"] = embargo.UTC().Format(time.RFC3339)
	}
	status, b, err = apiCall(ctx, http.MethodPost, base+"/api/v1/stories/"+created.ID+"/publish", token, pub)
	if err != nil {
		return created.ID, err
	}
	if status != http.StatusOK {
		return created.ID, fmt.Errorf("publish %s: %d %s", created.ID, status, b)
	}
	return created.ID, nil
}

// checkedStore opens the database after the server has gone, runs the
// integrity check and reads the whole change log, failing unless seq is
// dense from 1.
func checkedStore(t *testing.T, dbPath string) []news.Event {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatalf("integrity check: %v", err)
	}
	var all []news.Event
	for {
		evs, err := st.Changes(ctx, int64(len(all)), 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			if want := int64(len(all) + 1); e.Seq != want {
				t.Fatalf("change log is not dense: seq %d where %d was due", e.Seq, want)
			}
			all = append(all, e)
		}
	}
	return all
}

// queryInts runs a query returning one integer per row on a read-only
// connection of its own.
func queryInts(t *testing.T, dbPath, query string, args ...any) []int64 {
	t.Helper()
	db, err := sql.Open("sqlite", dbPath+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryInt(t *testing.T, dbPath, query string, args ...any) int64 {
	t.Helper()
	v := queryInts(t, dbPath, query, args...)
	if len(v) != 1 {
		t.Fatalf("%s: %d rows, want 1", query, len(v))
	}
	return v[0]
}

// reutersFile is a Reuters-21578-style SGML file of n invented stories
// with NEWIDs first..first+n-1. One file is stored in one transaction by
// the importer, so it is either all there or absent.
func reutersFile(first, n int) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n")
	for i := 0; i < n; i++ {
		id := first + i
		fmt.Fprintf(&b, `<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="%d" NEWID="%d">
<DATE> 3-MAR-1987 09:%02d:%02d.25</DATE>
<TOPICS><D>grain</D></TOPICS>
<PLACES><D>norway</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>
&#5;&#5;&#5;C T
</UNKNOWN>
<TEXT>&#2;
<TITLE>HARBOUR BOARD REPORT NUMBER %d ON FERRY PLANS</TITLE>
<DATELINE>    BERGEN, March 3 - </DATELINE><BODY>The harbour board said on Tuesday it would
weigh plan number %d for a new ferry terminal at the northern quay.
    Shipping firms said the plan was fair and would cut waiting times.
    The board meets again next month.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
`, 900000+id, id, i%60, (i/60)%60, id, id)
	}
	return b.Bytes()
}

// writeImportFiles writes files .sgm files of perFile stories each into a
// new folder; file f holds NEWIDs f*10000+1 ... f*10000+perFile.
func writeImportFiles(t *testing.T, files, perFile int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "import")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for f := 1; f <= files; f++ {
		name := filepath.Join(dir, fmt.Sprintf("batch-%03d.sgm", f))
		if err := os.WriteFile(name, reutersFile(f*10000+1, perFile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// importCounts returns, per import file number, how many of its stories
// are in the database.
func importCounts(t *testing.T, dbPath string, files int) map[int]int64 {
	t.Helper()
	out := map[int]int64{}
	for f := 1; f <= files; f++ {
		out[f] = queryInt(t, dbPath, `SELECT count(*) FROM stories WHERE source GLOB ?`,
			fmt.Sprintf("reuters:%d????", f))
	}
	return out
}

// skipIfShort skips slow tests under -short; outside CI it also notes why.
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the dateline binary for several seconds; skipped under -short")
	}
}

// requireOrSkip skips with msg outside CI and fails under CI=true.
func requireOrSkip(t *testing.T, msg string) {
	t.Helper()
	testenv.Missing(t, "%s", msg)
}

var csrfInputRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// newsroomLogin logs in through the newsroom's login form, as a browser
// does, and returns a client holding the session cookie and the
// Set-Cookie lines of the login answer.
func newsroomLogin(t *testing.T, base, name, password string) (*http.Client, []string) {
	t.Helper()
	a := prepareLogin(t, base, name, "")
	a.form.Set("password", password)
	a.form.Set("next", "/newsroom/")
	resp, err := a.c.PostForm(base+"/newsroom/login", a.form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s answered %d, want 303", name, resp.StatusCode)
	}
	c := a.c
	return c, resp.Header.Values("Set-Cookie")
}
