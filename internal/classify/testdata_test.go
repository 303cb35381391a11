package classify

import (
	"testing"

	"github.com/dateline-news/dateline/internal/testenv"
)

// reutersDir returns the Reuters-21578 folder of the shared test data,
// skipping the test when it is absent and failing it under CI=true.
func reutersDir(t testing.TB) string { return testenv.Data(t, "reuters21578") }
