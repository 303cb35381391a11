package sqlite

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dateline-news/dateline/internal/store"
)

// The database, its WAL and shared-memory files, its folder and backups
// are readable by their owner alone, and an older database's files are
// made so on open.
func TestDataFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "dateline.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(t.Context(), &store.User{Name: "ana", Role: store.RoleAdmin, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "new", "backup.db")
	if err := db.Backup(t.Context(), backup); err != nil {
		t.Fatal(err)
	}
	want := map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600,
		backup: 0o600, filepath.Dir(backup): 0o700}
	for p, mode := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s is %v, want %v", filepath.Base(p), fi.Mode().Perm(), mode)
		}
	}
	db.Close()

	// A database an older version left 0644 is 0600 after the next open.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("after reopening an 0644 database it is %v", fi.Mode().Perm())
	}
}
