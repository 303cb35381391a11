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

// insertBlobs stores blobs whose hash is not stored yet.
func insertBlobs(ctx context.Context, tx pgx.Tx, blobs []store.Blob) error {
	for _, b := range blobs {
		if err := store.CheckBlob(b); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO blobs (hash, content_type, size, data) VALUES ($1, $2, $3, $4)
			ON CONFLICT (hash) DO NOTHING`, b.Hash, clean(b.ContentType), len(b.Data), b.Data); err != nil {
			return fmt.Errorf("postgres: store blob %s: %w", b.Hash, err)
		}
	}
	return nil
}

// Blob returns any stored blob.
func (db *DB) Blob(ctx context.Context, hash string) (*store.Blob, error) {
	return db.blob(ctx, "SELECT content_type, data FROM blobs WHERE hash = $1", hash)
}

// PublicBlob returns a blob while it is a rendition of a published picture.
func (db *DB) PublicBlob(ctx context.Context, hash string) (*store.Blob, error) {
	return db.blob(ctx, `SELECT content_type, data FROM blobs WHERE hash = $1
		AND EXISTS (SELECT 1 FROM public_renditions WHERE hash = $1)`, hash)
}

func (db *DB) blob(ctx context.Context, query, hash string) (*store.Blob, error) {
	b := &store.Blob{Hash: hash}
	err := db.pool.QueryRow(ctx, query, clean(hash)).Scan(&b.ContentType, &b.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: blob %q", store.ErrNotFound, hash)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: blob %s: %w", hash, err)
	}
	return b, nil
}

// PublicPicture returns the latest public version of a published picture.
func (db *DB) PublicPicture(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	err := db.pool.QueryRow(ctx, "SELECT doc FROM public_pictures WHERE picture_id = $1", clean(id)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: picture %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: public picture %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// projectPicture moves a picture's public view as version v says: a
// published version replaces it and its servable renditions; a kill or a
// withhold removes both.
func projectPicture(ctx context.Context, tx pgx.Tx, v *news.Version) error {
	id := clean(v.StoryID)
	if _, err := tx.Exec(ctx, "DELETE FROM public_renditions WHERE picture_id = $1", id); err != nil {
		return fmt.Errorf("postgres: unpublish renditions of %s: %w", id, err)
	}
	if v.Story.Status != news.StatusPublished || v.Story.Picture == nil {
		if _, err := tx.Exec(ctx, "DELETE FROM public_pictures WHERE picture_id = $1", id); err != nil {
			return fmt.Errorf("postgres: unpublish picture %s: %w", id, err)
		}
		return nil
	}
	blob, err := json.Marshal(&v.Story)
	if err != nil {
		return fmt.Errorf("postgres: encode picture %s: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO public_pictures (picture_id, doc) VALUES ($1, $2::text::json)
		ON CONFLICT (picture_id) DO UPDATE SET doc = excluded.doc`, id, string(blob)); err != nil {
		return fmt.Errorf("postgres: publish picture %s: %w", id, err)
	}
	for _, r := range v.Story.Picture.Renditions {
		if _, err := tx.Exec(ctx, `INSERT INTO public_renditions (hash, picture_id) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, clean(r.Hash), id); err != nil {
			return fmt.Errorf("postgres: publish rendition of %s: %w", id, err)
		}
	}
	return nil
}
