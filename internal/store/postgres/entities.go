package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

// SetEntities records what extraction found in stories (by id), in one
// transaction, each on its working copy and on its public row when that
// shows the latest version. Versions stay as they were published (they are
// immutable); Revision does not move (nothing an editor wrote changed).
func (db *DB) SetEntities(ctx context.Context, batch map[string]news.Entities) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		for _, id := range store.SortedIDs(batch) {
			if err := setEntities(ctx, tx, id, batch[id]); err != nil {
				return err
			}
		}
		return nil
	})
}

func setEntities(ctx context.Context, tx pgx.Tx, id string, e news.Entities) error {
	s, err := lockStory(ctx, tx, id)
	if err != nil {
		return err
	}
	s.Entities = e.Clone()
	blob, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("postgres: encode story %s: %w", id, err)
	}
	if _, err := tx.Exec(ctx, "UPDATE stories SET doc = $1::text::json WHERE id = $2", string(blob), clean(id)); err != nil {
		return fmt.Errorf("postgres: save story %s: %w", id, err)
	}
	if s.Version < 1 {
		return nil
	}
	return setDocEntities(ctx, tx, "SELECT doc FROM public WHERE story_id = $1 AND (doc->>'version')::int = $2",
		"UPDATE public SET doc = $3::text::json WHERE story_id = $1 AND (doc->>'version')::int = $2", e, id, s.Version)
}

// setDocEntities sets the entities of the one story document sel finds by
// (id, version), if any, and writes it back with upd.
func setDocEntities(ctx context.Context, tx pgx.Tx, sel, upd string, e news.Entities, id string, version int) error {
	var blob []byte
	err := tx.QueryRow(ctx, sel, clean(id), version).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("postgres: load version %d of %s: %w", version, id, err)
	}
	doc, err := decodeStory(id, blob)
	if err != nil {
		return err
	}
	doc.Entities = e.Clone()
	if blob, err = json.Marshal(doc); err != nil {
		return fmt.Errorf("postgres: encode version %d of %s: %w", version, id, err)
	}
	if _, err := tx.Exec(ctx, upd, clean(id), version, string(blob)); err != nil {
		return fmt.Errorf("postgres: save version %d of %s: %w", version, id, err)
	}
	return nil
}
