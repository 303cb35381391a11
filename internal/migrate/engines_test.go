package migrate_test

import (
	"github.com/dateline-news/dateline/internal/migrate"
	"github.com/dateline-news/dateline/internal/store/postgres"
	"github.com/dateline-news/dateline/internal/store/sqlite"
)

// Both engines can be a copy's source and target.
var (
	_ migrate.Engine = (*sqlite.DB)(nil)
	_ migrate.Engine = (*postgres.DB)(nil)
)
