package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/testenv"
)

// TestChangesFromAnotherProcess runs `dateline serve`, fills its page
// caches, then changes the same database from other processes, as an
// operator does: `dateline import --publish` and `dateline story
// withhold/release/kill`. Every public page and feed shows each change
// (and the archive import reaches no subscriber), on SQLite and on
// PostgreSQL.
func TestChangesFromAnotherProcess(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		crossProcess(t, "sqlite:"+filepath.Join(t.TempDir(), "dl.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		crossProcess(t, testenv.FreshPostgres(t))
	})
}

// within polls fetch until ok holds or a generous deadline passes: the
// promise is a second, the deadline only ends a broken run.
func within(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func fetch(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func crossProcess(t *testing.T, db string) {
	bin := datelineBinary(t)
	runCLI(t, bin, db, "user", "add", "seed", "--role", "editor") // creates the schema
	key := addSubscriber(t, bin, db, "Evening Post")
	srv := startFaultServer(t, bin, db, freeAddr(t))
	pages := []string{"/", "/news", "/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json"}
	for _, p := range pages {
		if s, _ := fetch(t, srv.base+p); s != http.StatusOK {
			t.Fatalf("%s: %d", p, s)
		}
	}
	dir := t.TempDir()
	copyText := "Night ferries approved for the islands\n\nOSLO, November 17. /TASS/. The harbour authority on Tuesday approved a night ferry service between the islands.\n"
	if err := os.WriteFile(filepath.Join(dir, "ferry.txt"), []byte(copyText), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := exec.Command(bin, "import", "--db", db, "--publish", dir)
	imp.Env = append(os.Environ(), "DATELINE_DB=")
	if out, err := imp.CombinedOutput(); err != nil || !strings.Contains(string(out), "1 imported") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, p := range pages {
		within(t, "the imported story on "+p, func() bool {
			_, body := fetch(t, srv.base+p)
			return strings.Contains(body, "Night ferries approved")
		})
	}
	_, news := fetch(t, srv.base+"/news")
	i := strings.Index(news, `href="/news/`)
	if i < 0 {
		t.Fatal("no article link on /news")
	}
	id := news[i+len(`href="/news/`):]
	id = id[:strings.IndexAny(id, `/"`)]
	// The archive import reached no subscriber, though it may be fetched.
	if pg := pullWire(context.Background(), t, srv.base, key, "", 50, 0); len(pg.items) != 0 {
		t.Fatalf("an import without --wire reached the subscriber: %v", pg.items)
	}
	if s, _, _ := apiCall(context.Background(), "GET", srv.base+"/api/v1/items/"+id, key, nil); s != http.StatusOK {
		t.Fatalf("the archived story by id: %d", s)
	}

	// Withhold, release and kill from the command line.
	runCLI(t, bin, db, "story", "withhold", id, "--reason", "Checking the ferry operator's licence")
	within(t, "the withheld story off /news/"+id, func() bool { s, _ := fetch(t, srv.base+"/news/"+id); return s == http.StatusNotFound })
	within(t, "the withheld story off the feeds", func() bool {
		_, body := fetch(t, srv.base+"/feeds/all.atom")
		return !strings.Contains(body, "Night ferries approved")
	})
	runCLI(t, bin, db, "story", "release", id)
	within(t, "the released story back", func() bool { s, _ := fetch(t, srv.base+"/news/"+id); return s == http.StatusOK })
	runCLI(t, bin, db, "story", "kill", id, "--reason", "Internal: the operator denied it", "--notice", "This report was withdrawn.")
	within(t, "the 410 notice", func() bool {
		s, body := fetch(t, srv.base+"/news/"+id)
		return s == http.StatusGone && strings.Contains(body, "This report was withdrawn.") && !strings.Contains(body, "operator denied")
	})
	for _, p := range pages {
		within(t, "the killed story off "+p, func() bool {
			_, body := fetch(t, srv.base+p)
			return !strings.Contains(body, "Night ferries approved")
		})
	}
	s, item, _ := apiCall(context.Background(), "GET", srv.base+"/api/v1/items/"+id+"?version=1", key, nil)
	if s != http.StatusOK || !strings.Contains(string(item), "canceled") || strings.Contains(string(item), "night ferry service") {
		t.Fatalf("version 1 of the killed story: %d %s", s, item)
	}
}
