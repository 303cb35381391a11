package copydb_test

import (
	"github.com/dateline-news/dateline/internal/copydb"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

// Both engines can be a copy's source and target.
var (
	_ copydb.Engine = (*sqlite.DB)(nil)
	_ copydb.Engine = (*postgres.DB)(nil)
)
