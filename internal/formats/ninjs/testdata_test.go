package ninjs

import (
	"os"
	"path/filepath"
	"testing"
)

// testdataDir returns ../shared/testdata relative to the repository root
// (the directory holding go.mod), skipping the test when it is absent,
// failing it instead under CI=true.
func testdataDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "testdata", sub)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("test data %s is missing (CI=true): %v", p, err)
		}
		t.Skipf("test data %s is absent; skipping", p)
	}
	return p
}
