package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store/sqlite"
	"github.com/dateline-news/dateline/internal/testenv"
)

// buildBinary builds cmd/dateline once per test binary run.
var buildOnce struct {
	sync.Once
	path string
	err  error
}

func datelineBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dateline-e2e-bin")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "dateline")
		cmd := exec.Command("go", "build", "-o", buildOnce.path, "./cmd/dateline")
		cmd.Dir = testenv.RepoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runCLI runs a dateline command to completion and returns its stdout.
func runCLI(t *testing.T, bin, db string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATELINE_DB="+db)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("dateline %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// server is a dateline serve process.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
}

func startServer(t *testing.T, bin, db, addr string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: log}
	t.Cleanup(func() { s.kill() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not become ready:\n%s", log.String())
	return nil
}

func (s *server) kill() {
	if s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		_, _ = s.cmd.Process.Wait()
	}
}

var tokenRE = regexp.MustCompile(`\b(dln_[A-Za-z0-9_\-]+)`)

// editorToken creates an editor account and a newsroom API token for it
// with the CLI, as an operator would.
func editorToken(t *testing.T, bin, db string) string {
	t.Helper()
	runCLI(t, bin, db, "user", "add", "desk-editor", "--role", "editor")
	out := runCLI(t, bin, db, "token", "add", "desk-editor")
	if m := tokenRE.FindStringSubmatch(out); m != nil {
		return m[1]
	}
	// Fall back to the last word printed.
	sc := bufio.NewScanner(strings.NewReader(out))
	last := ""
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) > 0 {
			last = f[len(f)-1]
		}
	}
	if last == "" {
		t.Fatalf("token add printed no token: %q", out)
	}
	return last
}

func apiPost(ctx context.Context, base, token, path string, body any) (*http.Response, map[string]any, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m, nil
}

// TestKill9KeepsAcknowledgedStories publishes stories through the API
// from several clients, kills the server with SIGKILL in the middle of the
// burst, restarts it, and checks that every story the server acknowledged
// is there, published, and that the database passes an integrity check.
func TestKill9KeepsAcknowledgedStories(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	bin := datelineBinary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "dl.db")
	db := "sqlite:" + dbPath
	token := editorToken(t, bin, db)
	addr := freeAddr(t)
	srv := startServer(t, bin, db, addr)

	var mu sync.Mutex
	var acked []string
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				resp, m, err := apiPost(ctx, srv.base, token, "/api/v1/stories", map[string]any{
					"language":  "en",
					"headline":  fmt.Sprintf("Durability check %d-%d", w, i),
					"dateline":  map[string]any{"place": "OSLO", "credit": "Dateline", "style": "reuters", "date": "2026-11-20"},
					"body_html": "<p>The harbour board met on Friday.</p>",
					"section":   "world",
				})
				if err != nil || resp.StatusCode != http.StatusCreated {
					return // the server is gone
				}
				id, _ := m["id"].(string)
				resp, _, err = apiPost(ctx, srv.base, token, "/api/v1/stories/"+id+"/publish", map[string]any{})
				if err != nil || resp.StatusCode != http.StatusOK {
					return
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		}(w)
	}
	// Let the burst run, then kill the server while requests are in flight.
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 60 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	srv.kill()
	cancel()
	wg.Wait()
	if len(acked) < 20 {
		t.Fatalf("only %d stories acknowledged before the kill:\n%s", len(acked), srv.log.String())
	}

	srv = startServer(t, bin, db, addr)
	for _, id := range acked {
		resp, err := http.Get(srv.base + "/news/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("acknowledged story %s answers %d after kill -9 and restart", id, resp.StatusCode)
		}
	}
	srv.kill()
	st, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Fatalf("integrity check after kill -9: %v", err)
	}
	events, err := st.Changes(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range events {
		if e.Seq != int64(i+1) {
			t.Fatalf("change log has a gap: event %d has seq %d", i, e.Seq)
		}
	}
	if len(events) < len(acked) {
		t.Fatalf("%d change-log events for %d acknowledged publishes", len(events), len(acked))
	}
	t.Logf("%d stories acknowledged before kill -9; all present, %d events, integrity ok", len(acked), len(events))
}
