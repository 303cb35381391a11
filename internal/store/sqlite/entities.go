package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

func setEntities(tx *wtx, id string, e news.Entities) error {
	seq, s, err := loadStory(tx, id)
	if err != nil {
		return err
	}
	s.Entities = e.Clone()
	blob, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("sqlite: encode story %s: %w", id, err)
	}
	if _, err := tx.exec("UPDATE stories SET json = ? WHERE seq = ?", blob, seq); err != nil {
		return fmt.Errorf("sqlite: save story %s: %w", id, err)
	}
	if s.Version < 1 {
		return nil
	}
	return setDocEntities(tx, "SELECT json FROM public WHERE story_id = ? AND json ->> '$.version' = ?",
		"UPDATE public SET json = ? WHERE story_id = ? AND json ->> '$.version' = ?", e, id, s.Version)
}

// setDocEntities sets the entities of the one story document sel finds by
// (id, version), if any, and writes it back with upd.
func setDocEntities(tx *wtx, sel, upd string, e news.Entities, id string, version int) error {
	var blob []byte
	err := tx.queryRow(sel, id, version).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: load version %d of %s: %w", version, id, err)
	}
	doc, err := decodeStory(id, blob)
	if err != nil {
		return err
	}
	doc.Entities = e.Clone()
	if blob, err = json.Marshal(doc); err != nil {
		return fmt.Errorf("sqlite: encode version %d of %s: %w", version, id, err)
	}
	if _, err := tx.exec(upd, blob, id, version); err != nil {
		return fmt.Errorf("sqlite: save version %d of %s: %w", version, id, err)
	}
	return nil
}
