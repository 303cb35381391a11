package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestHelpAndVersion: `dateline CMD --help` and `dateline help CMD` print
// the command's flags on stdout and succeed without running it; `dateline
// version` prints the version; an unknown command is a usage error.
func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"import", "--help"}, {"help", "import"}, {"serve", "-h"}, {"story", "kill", "--help"},
		{"user", "add", "--help"}, {"subscriber", "add", "-help"}, {"help", "eval", "tags"}, {"backup", "--help"}} {
		var out, errb bytes.Buffer
		if err := run(t.Context(), args, &out, &errb); err != nil {
			t.Errorf("%v: %v (stderr %q)", args, err, errb.String())
		}
		if !strings.Contains(out.String(), "-") || errb.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q; want the flags on stdout", args, out.String(), errb.String())
		}
	}
	var out, errb bytes.Buffer
	if err := run(t.Context(), []string{"import", "--help"}, &out, &errb); err != nil || !strings.Contains(out.String(), "-publish") || !strings.Contains(out.String(), "-wire") {
		t.Errorf("import --help: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"version"}, &out, &errb); err != nil || !strings.HasPrefix(out.String(), "dateline ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run(t.Context(), []string{"bogus", "--help"}, &out, &errb); err != exitError(2) {
		t.Errorf("unknown command: %v, want exit status 2", err)
	}
}
