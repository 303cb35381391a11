package importer

import (
	"context"
	"fmt"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

// EntityStore is what ExtractPass reads stories from and records their
// entities in.
type EntityStore interface {
	Story(ctx context.Context, id string) (*news.Story, error)
	SetEntities(ctx context.Context, batch map[string]news.Entities) error
}

// PassBatch is how many stories' entities ExtractPass records in one
// transaction.
const PassBatch = 200

// PassResult counts what ExtractPass did.
type PassResult struct {
	Stories int // stories whose entities were recorded
	Elapsed time.Duration
}

// Summary is the line printed at the end of the pass.
func (r PassResult) Summary() string {
	return fmt.Sprintf("entities extracted for %d stories (%.1fs)", r.Stories, r.Elapsed.Seconds())
}

// ExtractPass runs extract on each story of ids (a bulk import's
// Result.Pending) and records what it finds in batches of PassBatch
// stories, so a pass that is stopped keeps what it did. progress, if
// set, is called after each story with the stories done and the total.
func ExtractPass(ctx context.Context, st EntityStore, ids []string, extract func(*news.Story) news.Entities, progress func(done, total int)) (PassResult, error) {
	start := time.Now()
	var res PassResult
	batch := map[string]news.Entities{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.SetEntities(ctx, batch); err != nil {
			return fmt.Errorf("recording extracted entities: %w", err)
		}
		res.Stories += len(batch)
		if progress != nil {
			progress(res.Stories, len(ids))
		}
		clear(batch)
		return nil
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			res.Elapsed = time.Since(start)
			return res, err
		}
		s, err := st.Story(ctx, id)
		if err != nil {
			return res, fmt.Errorf("extracting entities of story %s: %w", id, err)
		}
		batch[id] = extract(s)
		if len(batch) >= PassBatch {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	if err := flush(); err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}
