package sqlite

import (
	"testing"

	"github.com/dateline-news/dateline/internal/store"
	"github.com/dateline-news/dateline/internal/store/storetest"
)

func TestWireConformance(t *testing.T) {
	storetest.RunWire(t, func(t *testing.T) store.Subscribers { return openTemp(t) })
}
