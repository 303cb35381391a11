package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

const crashChildEnv = "DATELINE_SQLITE_CRASH_CHILD"

// TestKill9KeepsAcknowledgedWrites runs a child process that publishes
// stories as fast as it can and prints the id of each one once CreateStory
// has returned; the test kills it with SIGKILL mid-stream, reopens the file
// and checks that every acknowledged story, its version and its event are
// there, and the file is sound.
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(t, path)
		return
	}
	if testing.Short() {
		t.Skip("kill -9 test: skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9KeepsAcknowledgedWrites$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	lines := bufio.NewScanner(out)
	deadline := time.Now().Add(30 * time.Second)
	for lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "ACK "); ok {
			acked = append(acked, id)
		}
		if len(acked) == 300 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Lines already written before the kill are acknowledged too.
	for lines.Scan() {
		if id, ok := strings.CutPrefix(lines.Text(), "ACK "); ok {
			acked = append(acked, id)
		}
	}
	_ = cmd.Wait()
	if len(acked) < 10 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}

	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range acked {
		if _, err := db.PublicStory(ctx, id); err != nil {
			t.Fatalf("acknowledged story %s lost after kill -9: %v", id, err)
		}
	}
	ev, err := db.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range ev {
		if e.Seq != int64(i+1) {
			t.Fatalf("change log after kill -9: event %d has seq %d", i, e.Seq)
		}
	}
	if len(ev) < len(acked) {
		t.Fatalf("%d events for %d acknowledged stories", len(ev), len(acked))
	}
	t.Logf("%d acknowledged writes, %d stored", len(acked), len(ev))
}

func crashChild(t *testing.T, path string) {
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		s, v := published(t, story(i, fmt.Sprintf("Crash story %d", i)), base.Add(time.Duration(i)*time.Second))
		if err := db.CreateStory(ctx, s, v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "ACK %s\n", s.ID)
		if _, err := db.ListPublic(ctx, store.ListQuery{Limit: 1}); err != nil {
			t.Fatal(err)
		}
	}
}
