package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/dateline-news/dateline/internal/store"
)

// followInterval is how often the change log is looked at without a
// notification: well within the second in which every running process
// must show a change made by another (an import, another node).
const followInterval = 200 * time.Millisecond

// followBatch is how many events one read takes; a bigger change than
// wholeCache stories drops every cached page instead of story by story.
const (
	followBatch = 1000
	wholeCache  = 100
)

// follow watches the change log for changes that any process committed
// (a `dateline import` on the same SQLite file, another node on the same
// PostgreSQL database, this process itself) and calls changed with the
// stories of each batch of new events (nil: too many to list, drop
// everything). It reads the log when wake fires (PostgreSQL's LISTEN) and
// at least every interval otherwise, so that no engine needs a
// notification to be correct. It starts from the newest event and
// returns when ctx ends.
func follow(ctx context.Context, st store.Stories, wake <-chan struct{}, interval time.Duration, changed func(ids []string), log *slog.Logger) {
	last, err := st.LastSeq(ctx)
	for err != nil {
		if ctx.Err() != nil {
			return
		}
		log.Warn("following the change log: reading its end failed, trying again", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		last, err = st.LastSeq(ctx)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
		head, err := st.LastSeq(ctx)
		if err != nil || head <= last {
			continue
		}
		for last < head {
			evs, err := st.Changes(ctx, last, followBatch)
			if err != nil || len(evs) == 0 {
				break
			}
			last = evs[len(evs)-1].Seq
			seen := map[string]bool{}
			var ids []string
			for _, e := range evs {
				if !seen[e.StoryID] {
					seen[e.StoryID] = true
					ids = append(ids, e.StoryID)
				}
			}
			if len(ids) > wholeCache {
				ids = nil
			}
			changed(ids)
		}
	}
}
