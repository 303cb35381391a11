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

var _ store.Site = (*DB)(nil)

// Sections lists the managed sections in menu order.
func (db *DB) Sections(ctx context.Context) ([]news.Section, error) {
	return queryAll(ctx, db, "list sections", func(sc scanner) (news.Section, error) {
		var s news.Section
		var names string
		if err := sc.Scan(&s.Key, &names); err != nil {
			return s, err
		}
		return s, json.Unmarshal([]byte(names), &s.Names)
	}, `SELECT key, names FROM sections ORDER BY position, key`)
}

// SetSections replaces the managed sections.
func (db *DB) SetSections(ctx context.Context, list []news.Section) error {
	return db.write(ctx, func(tx *wtx) error {
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM sections`); err != nil {
			return fmt.Errorf("sqlite: set sections: %w", err)
		}
		for i, s := range list {
			names, err := json.Marshal(s.Names)
			if err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO sections (key, position, names) VALUES (?, ?, ?)`,
				s.Key, i+1, string(names)); err != nil {
				return fmt.Errorf("sqlite: set section %q: %w", s.Key, err)
			}
		}
		return nil
	})
}

// SiteSetting returns a setting, "" when unset.
func (db *DB) SiteSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, `SELECT value FROM site_settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSiteSetting stores a setting.
func (db *DB) SetSiteSetting(ctx context.Context, key, value string) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO site_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return diskFull(fmt.Errorf("sqlite: set setting %s: %w", key, err))
	}
	return nil
}
