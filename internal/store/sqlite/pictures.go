package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dateline-news/dateline/internal/news"
	"github.com/dateline-news/dateline/internal/store"
)

var likeEscape = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// insertBlobs stores blobs whose hash is not stored yet.
func insertBlobs(tx *wtx, blobs []store.Blob) error {
	for _, b := range blobs {
		if err := store.CheckBlob(b); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO blobs (hash, content_type, size, data) VALUES (?, ?, ?, ?)
			ON CONFLICT(hash) DO NOTHING`, b.Hash, b.ContentType, len(b.Data), b.Data); err != nil {
			return fmt.Errorf("sqlite: store blob %s: %w", b.Hash, err)
		}
	}
	return nil
}

// Blob returns any stored blob.
func (db *DB) Blob(ctx context.Context, hash string) (*store.Blob, error) {
	return db.blob(ctx, "SELECT content_type, data FROM blobs WHERE hash = ?", hash)
}

// PublicBlob returns a blob while it is a rendition of a published picture.
func (db *DB) PublicBlob(ctx context.Context, hash string) (*store.Blob, error) {
	return db.blob(ctx, `SELECT content_type, data FROM blobs WHERE hash = ?1
		AND EXISTS (SELECT 1 FROM public_renditions WHERE hash = ?1)`, hash)
}

func (db *DB) blob(ctx context.Context, query, hash string) (*store.Blob, error) {
	b := &store.Blob{Hash: hash}
	err := db.r.QueryRowContext(ctx, query, hash).Scan(&b.ContentType, &b.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: blob %q", store.ErrNotFound, hash)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: blob %s: %w", hash, err)
	}
	return b, nil
}

// PublicPicture returns the latest public version of a published picture.
func (db *DB) PublicPicture(ctx context.Context, id string) (*news.Story, error) {
	var blob []byte
	err := db.r.QueryRowContext(ctx, "SELECT json FROM public_pictures WHERE picture_id = ?", id).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: picture %q", store.ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: public picture %s: %w", id, err)
	}
	return decodeStory(id, blob)
}

// projectPicture moves a picture's public view as version v says: a
// published version replaces it and its servable renditions; a kill or a
// withhold removes both.
func projectPicture(tx *wtx, v *news.Version) error {
	id := v.StoryID
	if _, err := tx.exec("DELETE FROM public_renditions WHERE picture_id = ?", id); err != nil {
		return fmt.Errorf("sqlite: unpublish renditions of %s: %w", id, err)
	}
	if v.Story.Status != news.StatusPublished || v.Story.Picture == nil {
		if _, err := tx.exec("DELETE FROM public_pictures WHERE picture_id = ?", id); err != nil {
			return fmt.Errorf("sqlite: unpublish picture %s: %w", id, err)
		}
		return nil
	}
	blob, err := json.Marshal(&v.Story)
	if err != nil {
		return fmt.Errorf("sqlite: encode picture %s: %w", id, err)
	}
	if _, err := tx.exec(`INSERT INTO public_pictures (picture_id, json) VALUES (?, ?)
		ON CONFLICT(picture_id) DO UPDATE SET json = excluded.json`, id, blob); err != nil {
		return fmt.Errorf("sqlite: publish picture %s: %w", id, err)
	}
	for _, r := range v.Story.Picture.Renditions {
		if _, err := tx.exec(`INSERT INTO public_renditions (hash, picture_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, r.Hash, id); err != nil {
			return fmt.Errorf("sqlite: publish rendition of %s: %w", id, err)
		}
	}
	return nil
}
