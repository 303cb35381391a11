package classify

import (
	"os"
	"path/filepath"
	"testing"
)

// reutersDir returns the Reuters-21578 folder of the shared test data
// (../shared/testdata/reuters21578 from the repository root). It skips
// the test when the folder is absent, and fails it under CI=true.
func reutersDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			root = wd // no module root: the data cannot be found
			break
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "testdata", "reuters21578")
	if _, err := os.Stat(filepath.Join(dir, "reut2-000.sgm.gz")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Reuters-21578 test data missing at %s (required under CI=true): %v", dir, err)
		}
		t.Skipf("Reuters-21578 test data not found at %s; skipping", dir)
	}
	return dir
}
