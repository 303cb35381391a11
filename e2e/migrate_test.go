package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/testenv"
)

// wirePage is one answer of GET /api/v1/wire, each item named by its
// uri and version.
type wirePage struct {
	items []string
	next  string
	more  bool
}

// pullWire asks the wire for events after cursor after.
func pullWire(ctx context.Context, t *testing.T, base, key, after string, limit, wait int) wirePage {
	t.Helper()
	u := fmt.Sprintf("%s/api/v1/wire?limit=%d&wait=%d", base, limit, wait)
	if after != "" {
		u += "&after=" + url.QueryEscape(after)
	}
	status, body, err := apiCall(ctx, http.MethodGet, u, key, nil)
	if err != nil || status != http.StatusOK {
		t.Fatalf("GET %s: %d %v %.300s", u, status, err, body)
	}
	var pg struct {
		Items []struct {
			URI     string `json:"uri"`
			Version string `json:"version"`
		} `json:"items"`
		Next string `json:"next"`
		More bool   `json:"more"`
	}
	if err := json.Unmarshal(body, &pg); err != nil {
		t.Fatalf("wire page: %v\n%.300s", err, body)
	}
	out := wirePage{next: pg.Next, more: pg.More}
	for _, it := range pg.Items {
		// The path only: two servers on different ports name the same
		// story with different hosts.
		p := it.URI
		if u, err := url.Parse(it.URI); err == nil {
			p = u.Path
		}
		out.items = append(out.items, p+"@"+it.Version)
	}
	return out
}

// pullRest reads the wire from after to its end and returns the items
// and the cursor to go on from.
// pullPage is how many items pullRest asks for at a time: pages a node
// that has just started can serve well within its write timeout.
const pullPage = 100

func pullRest(t *testing.T, base, key, after string) ([]string, string) {
	t.Helper()
	var items []string
	for i := 0; i < 1000; i++ {
		pg := pullWire(context.Background(), t, base, key, after, pullPage, 0)
		items = append(items, pg.items...)
		if pg.next != "" {
			after = pg.next
		}
		if !pg.more && len(pg.items) < pullPage {
			return items, after
		}
	}
	t.Fatal("the wire does not end after 1000 pages")
	return nil, ""
}

// stop ends a server with SIGTERM, as an operator would, and waits.
func (s *faultServer) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("dateline serve did not stop on SIGTERM:\n%s", s.log.String())
	}
}

// runMigrate runs dateline migrate-data and returns its output and exit
// error.
func runMigrate(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"migrate-data"}, args...)...)
	cmd.Env = append(os.Environ(), "DATELINE_DB=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if strings.Contains(out.String(), `unknown command "migrate-data"`) {
		t.Fatalf("this dateline has no migrate-data command: cmd/dateline/main.go must dispatch it to cmdMigrate\n%s", out.String())
	}
	return out.String(), err
}

// TestMigrateReutersToPostgres imports the whole Reuters-21578 corpus
// into SQLite, lets a subscriber read most of the wire, publishes more,
// copies the installation to a fresh PostgreSQL database with
// migrate-data, serves it, and checks that the subscriber's old cursor
// reads on PostgreSQL exactly what it would have read on SQLite: every
// event after the cursor, none twice, none missing.
func TestMigrateReutersToPostgres(t *testing.T) {
	skipIfShort(t)
	t.Parallel()
	corpus := testenv.Data(t, "reuters21578")
	pg := testenv.FreshPostgres(t)
	bin := datelineBinary(t)
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "dl.db")

	// One document of the corpus has neither title nor body: the import
	// reports it and exits 1, having imported the rest.
	imp := exec.Command(bin, "import", "--db", db, "--format", "reuters", "--publish", "--wire", corpus)
	imp.Env = append(os.Environ(), "DATELINE_DB=")
	out, err := imp.CombinedOutput()
	if !strings.Contains(string(out), "21577 imported") {
		t.Fatalf("import of the Reuters corpus: %v\n%s", err, out)
	}
	token := editorToken(t, bin, db)
	key := addSubscriber(t, bin, db, "Evening Post")
	adminPass := addUser(t, bin, db, "chief", "admin")

	src := startFaultServer(t, bin, db, freeAddr(t))
	// The subscriber reads most of the log, page by page, and keeps its
	// cursor.
	var seen []string
	cursor := ""
	for len(seen) < 21000 {
		pg := pullWire(context.Background(), t, src.base, key, cursor, 500, 0)
		if len(pg.items) == 0 {
			t.Fatalf("the wire ended after %d items; is the corpus complete?", len(seen))
		}
		seen, cursor = append(seen, pg.items...), pg.next
	}
	// Then the desk publishes more.
	var fresh []string
	for i := 0; i < 3; i++ {
		id, err := createAndPublish(context.Background(), src.base, token, storyBody(fmt.Sprintf("Ferry terminal vote %d after the move", i), 2, 200), nil)
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, id)
	}
	// What the subscriber would read next on SQLite.
	want, wantNext := pullRest(t, src.base, key, cursor)
	src.stop(t)

	start := time.Now()
	mout, err := runMigrate(t, bin, "--from", db, "--to", pg)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("migrate-data: %v\n%s", err, mout)
	}
	t.Logf("migrate-data of the Reuters corpus took %s:\n%s", took.Round(time.Millisecond), mout)
	if !strings.Contains(mout, "counts match") {
		t.Errorf("migrate-data did not report matching counts:\n%s", mout)
	}
	// A second run refuses the now filled target.
	if out, err := runMigrate(t, bin, "--from", db, "--to", pg); err == nil || !strings.Contains(out, "not empty") {
		t.Errorf("migrate-data into a filled database: %v\n%s", err, out)
	}

	dst := startFaultServer(t, bin, pg, freeAddr(t))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the PostgreSQL node's log:\n%s", dst.log.String())
		}
	})
	got, gotNext := pullRest(t, dst.base, key, cursor)
	if len(got) != len(want) {
		t.Fatalf("after the move the old cursor reads %d items; on SQLite it read %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item %d after the old cursor is %s on PostgreSQL and %s on SQLite", i, got[i], want[i])
		}
	}
	if gotNext != wantNext {
		t.Errorf("the cursor after the tail is %s on PostgreSQL and %s on SQLite", gotNext, wantNext)
	}
	// No gap and nothing twice: the first part and the tail together are
	// the whole log, each item once, the new stories last.
	all := map[string]bool{}
	for _, it := range append(append([]string{}, seen...), got...) {
		if all[it] {
			t.Errorf("item %s delivered twice", it)
		}
		all[it] = true
	}
	if len(all) != 21577+len(fresh) {
		t.Errorf("the subscriber read %d distinct items in all; want %d", len(all), 21577+len(fresh))
	}
	for i, id := range fresh {
		if it := got[len(got)-len(fresh)+i]; !strings.Contains(it, id) {
			t.Errorf("item %d from the end is %s; want story %s", len(fresh)-i, it, id)
		}
	}
	// The next publish on PostgreSQL continues the log after the cursor.
	id, err := createAndPublish(context.Background(), dst.base, token, storyBody("First story filed on the new database", 1, 100), nil)
	if err != nil {
		t.Fatalf("publish on PostgreSQL with the migrated token: %v", err)
	}
	next := pullWire(context.Background(), t, dst.base, key, gotNext, 10, 5)
	if len(next.items) != 1 || !strings.Contains(next.items[0], id) {
		t.Errorf("after the move the next item is %v; want only story %s", next.items, id)
	}
	// Accounts came along: the admin logs in with the same password.
	newsroomLogin(t, dst.base, "chief", adminPass)
}
