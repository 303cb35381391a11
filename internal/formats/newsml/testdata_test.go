package newsml

import (
	"testing"

	"github.com/dateline-news/dateline/internal/testenv"
)

// testdataDir returns ../shared/testdata/SUB beside the repository,
// skipping the test when it is absent and failing it under CI=true.
func testdataDir(t testing.TB, sub string) string { return testenv.Data(t, sub) }
