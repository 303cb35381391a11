// Package testenv finds what tests need outside the repository: the shared
// corpora in ../shared/testdata, PostgreSQL, Chromium. Locally a test that
// lacks one skips and says why; under CI=true it fails.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CI reports whether the tests run in CI, where nothing may be skipped.
func CI() bool { return os.Getenv("CI") == "true" }

// Missing skips the test, or fails it in CI.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if CI() {
		t.Fatalf("CI=true and "+format, args...)
	}
	t.Skipf(format, args...)
}

// RepoRoot is the folder holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's folder")
		}
		dir = parent
	}
}

// Data returns ../shared/testdata/NAME beside the repository, or skips
// (fails in CI) when it is absent.
func Data(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(t), "..", "shared", "testdata", name)
	if _, err := os.Stat(p); err != nil {
		Missing(t, "shared test data %s is absent (%v): put the shared folder beside the checkout", p, err)
	}
	return p
}

// File returns path when it exists, or skips (fails in CI) saying how to
// install what is missing.
func File(t testing.TB, path, install string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		Missing(t, "%s is absent (%v): %s", path, err, install)
	}
	return path
}

// Command returns the path of the program name on $PATH, or skips (fails
// in CI) saying how to install it.
func Command(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed: %s", name, install)
	}
	return p
}
