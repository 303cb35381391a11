package newsroom

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/dateline-news/dateline/internal/store"
)

// TestClassifyStorageErrors: a full disk is 507 and a database out of
// reach 503, each with a message that says so; neither leaks the error.
func TestClassifyStorageErrors(t *testing.T) {
	full := fmt.Errorf("publish x: %w: sqlite: commit: database or disk is full (13)", store.ErrFull)
	down := fmt.Errorf("story x: %w: %w", store.ErrUnavailable, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	for _, tc := range []struct {
		err    error
		status int
		word   string
	}{
		{full, http.StatusInsufficientStorage, "disk is full"},
		{down, http.StatusServiceUnavailable, "not reachable"},
		{fmt.Errorf("boom"), http.StatusInternalServerError, "went wrong"},
	} {
		status, msg, _ := classify(tc.err)
		if status != tc.status || !strings.Contains(msg, tc.word) || strings.Contains(msg, "sqlite") || strings.Contains(msg, "tcp") {
			t.Errorf("classify(%v) = %d %q, want %d with %q", tc.err, status, msg, tc.status, tc.word)
		}
	}
	// A form shown again says the text is kept.
	var b base
	if st := b.setError(full); st != http.StatusInsufficientStorage || !strings.Contains(b.Error, "still in the form") {
		t.Errorf("setError(full disk) = %d %q", st, b.Error)
	}
}
