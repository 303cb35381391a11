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

var _ store.Site = (*DB)(nil)

// Sections lists the managed sections in menu order.
func (db *DB) Sections(ctx context.Context) ([]news.Section, error) {
	rows, err := db.pool.Query(ctx, `SELECT key, names FROM sections ORDER BY position, key`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list sections: %w", err)
	}
	defer rows.Close()
	out := []news.Section{}
	for rows.Next() {
		var s news.Section
		var names []byte
		if err := rows.Scan(&s.Key, &names); err != nil {
			return nil, fmt.Errorf("postgres: list sections: %w", err)
		}
		if err := json.Unmarshal(names, &s.Names); err != nil {
			return nil, fmt.Errorf("postgres: section %q: %w", s.Key, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetSections replaces the managed sections.
func (db *DB) SetSections(ctx context.Context, list []news.Section) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sections`); err != nil {
			return fmt.Errorf("postgres: set sections: %w", err)
		}
		for i, s := range list {
			names, err := json.Marshal(s.Names)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sections (key, position, names) VALUES ($1, $2, $3)`,
				clean(s.Key), i+1, names); err != nil {
				return fmt.Errorf("postgres: set section %q: %w", s.Key, err)
			}
		}
		return nil
	})
}

// SiteSetting returns a setting, "" when unset.
func (db *DB) SiteSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.pool.QueryRow(ctx, `SELECT value FROM site_settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("postgres: read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSiteSetting stores a setting.
func (db *DB) SetSiteSetting(ctx context.Context, key, value string) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO site_settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, clean(key), clean(value))
	if err != nil {
		return fmt.Errorf("postgres: set setting %s: %w", key, err)
	}
	return nil
}
