package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// SetEntities records what extraction found in stories (by id), in one
// transaction, each on its working copy and on its public row when that
// shows the latest version. Versions stay as they were published (they are
// immutable); Revision does not move (nothing an editor wrote changed).
func (db *DB) SetEntities(ctx context.Context, batch map[string]news.Entities) error {
	return db.write(ctx, func(tx *wtx) error {
		for _, id := range store.SortedIDs(batch) {
			if err := setEntities(tx, id, batch[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

// setEntities stores the entities in the entities columns of the working
// copy and of the public row when that shows the latest version, so that
// the story's text (kept once, in its version) is not copied; reads merge
// them into the JSON (storyJSON, publicJSON).
func setEntities(tx *wtx, id string, e news.Entities) error {
	seq, s, err := loadStory(tx, id)
	if err != nil {
		return err
	}
	blob, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("sqlite: encode entities of %s: %w", id, err)
	}
	if _, err := tx.exec("UPDATE stories SET entities = ? WHERE seq = ?", string(blob), seq); err != nil {
		return fmt.Errorf("sqlite: save entities of %s: %w", id, err)
	}
	if s.Version < 1 {
		return nil
	}
	if _, err := tx.exec(`UPDATE public SET entities = ? WHERE story_seq = ?
		AND (CASE WHEN length(json) = 0 THEN version ELSE CAST(json AS TEXT) ->> '$.version' END) = ?`,
		string(blob), seq, s.Version); err != nil {
		return fmt.Errorf("sqlite: save entities of public %s: %w", id, err)
	}
	return nil
}
