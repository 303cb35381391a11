// Package store defines the storage interfaces that every engine
// (store/sqlite, store/postgres) implements, and the errors they return.
// Engines are checked against one conformance suite in store/storetest.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dateline-news/dateline/internal/news"
)

var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict: the story was changed by someone else")
	ErrDuplicate = errors.New("duplicate: a story from this source exists already")
	// ErrFull means the database's disk is full: the change was not saved,
	// and reads still work. Engines wrap their own error with it.
	ErrFull = errors.New("the disk is full: nothing was saved; free some space and try again")
	// ErrUnavailable means the database is out of reach (down, restarting,
	// the connection lost): nothing was changed, and the same request may
	// work in a few seconds. Engines wrap their own error with it.
	ErrUnavailable = errors.New("the database is not reachable at the moment; nothing was changed by this request. Try again in a few seconds")
)

// Mutation changes a story inside a transaction. It returns the public
// version the change made, or nil for a working-copy save. Returning an
// error rolls everything back.
type Mutation func(s *news.Story) (*news.Version, error)

// Stories is the newsroom's side: working copies, versions, change log.
type Stories interface {
	// CreateStory stores a new story (its ID set by the caller). With a
	// non-empty Source that exists already it returns ErrDuplicate and
	// stores nothing. If v is not nil it is stored as the story's first
	// version and its change-log event appended, in the same transaction.
	CreateStory(ctx context.Context, s *news.Story, v *news.Version) error
	// Story returns the working copy (any status).
	Story(ctx context.Context, id string) (*news.Story, error)
	// UpdateStory loads the story, applies fn and saves the result, the
	// version fn returned and its change-log event, all in one
	// transaction. It bumps Revision. fn sees the current state, so
	// optimistic concurrency is fn comparing s.Revision with the base the
	// client sent and returning ErrConflict.
	UpdateStory(ctx context.Context, id string, fn Mutation) (*news.Story, error)
	// ListStories lists working copies for the newsroom desk, newest
	// modified first.
	ListStories(ctx context.Context, q DeskQuery) ([]*news.Story, error)
	// Versions lists a story's public versions, oldest first.
	Versions(ctx context.Context, id string) ([]*news.Version, error)
	// Version returns one version.
	Version(ctx context.Context, id string, n int) (*news.Version, error)
	// DueEmbargoes lists ids of scheduled stories whose embargo is at or
	// before now.
	DueEmbargoes(ctx context.Context, now time.Time) ([]string, error)
	// Changes returns change-log events with Seq > after, in order.
	Changes(ctx context.Context, after int64, limit int) ([]news.Event, error)
	// LastSeq is the Seq of the newest event, 0 when there is none.
	LastSeq(ctx context.Context) (int64, error)
	// SetEntities records what extraction found in stories (for stories
	// stored before extraction ran, as by a bulk import): on each working
	// copy and on its public row when that shows the latest version. It
	// makes no version, changes none, appends no event and leaves
	// Revision alone.
	// Stories are given by id; all are recorded in one transaction, or
	// none (an unknown id is ErrNotFound).
	SetEntities(ctx context.Context, batch map[string]news.Entities) error
	// StoryEvents returns every change-log event of one story, in order
	// (none for an unknown story).
	StoryEvents(ctx context.Context, id string) ([]news.Event, error)
	// StoryStatuses returns the current status of each story of ids that
	// exists, for many stories in one read.
	StoryStatuses(ctx context.Context, ids []string) (map[string]news.Status, error)
}

// SortedIDs returns the keys of a batch keyed by story id, sorted, so
// engines lock rows in one order.
func SortedIDs[T any](batch map[string]T) []string {
	ids := make([]string, 0, len(batch))
	for id := range batch {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// DeskQuery filters the newsroom desk.
type DeskQuery struct {
	Kind    news.Kind   // stories (the zero value) or pictures
	Text    string      // pictures only: words of the headline, caption, credit or alt text; empty: any
	Status  news.Status // empty: any
	Section string
	Author  string
	Limit   int
}

// Public is what readers may see: the latest public version of stories
// whose status is published (killed stories come back from PublicStory
// with StatusKilled so the site can answer 410; nothing else leaks).
type Public interface {
	// PublicStory returns the latest public version of a published or
	// killed story (a killed one carries no body). Drafts, scheduled and
	// withheld stories are ErrNotFound.
	PublicStory(ctx context.Context, id string) (*news.Story, error)
	// ListPublic lists published stories newest first (by first
	// publication time, then id), with keyset pagination.
	ListPublic(ctx context.Context, q ListQuery) (Page, error)
	// Search finds published stories by headline, standfirst and body,
	// newest first by first publication; stories first published in the
	// same second come in an order of the engine's choosing, stable across
	// pages. Any user input is safe: it is never read as query syntax.
	Search(ctx context.Context, q SearchQuery) (Page, error)
	// SearchCount counts the stories a search finds (its Before, Offset
	// and Limit ignored), up to SearchCountMax.
	SearchCount(ctx context.Context, q SearchQuery) (int, error)
	// LastPublicChange is the time of the newest public change, for
	// "Updated at" of lists and for cache validators.
	LastPublicChange(ctx context.Context) (time.Time, error)
}

// Cursor is a keyset position in a newest-first list.
type Cursor struct {
	At time.Time
	ID string
}

// ListQuery selects a page of public stories.
type ListQuery struct {
	Section  string
	Tag      string
	Language string
	Before   *Cursor // stories strictly after this position
	Limit    int
	// Summary asks only for what a list of stories shows: ID, Version,
	// Status, Language, Headline, Standfirst, Dateline, Byline, Section,
	// Urgency, FirstPublishedAt and UpdatedAt. An engine may leave the
	// other fields (the body above all) empty, which saves decoding them.
	Summary bool
}

// SearchQuery is a full-text search.
type SearchQuery struct {
	Text     string
	Language string
	Section  string     // only stories of this section
	From, To *time.Time // only stories first published at or after From and before To
	Before   *Cursor
	Limit    int
	// ByRelevance orders the best matches first; such a search pages by
	// Offset (Before is ignored).
	ByRelevance bool
	Offset      int
	Summary     bool // as in ListQuery
}

// SearchCountMax is where SearchCount stops counting.
const SearchCountMax = 10000

// Page is one page of a list; Next is nil on the last page.
type Page struct {
	Stories []*news.Story
	Next    *Cursor
}

// Listener is the capability of an engine shared by several nodes: it
// calls fn with the Seq of each change committed by any node, until ctx
// ends. PostgreSQL has it (LISTEN/NOTIFY); SQLite, with one node, does not.
type Listener interface {
	Listen(ctx context.Context, fn func(seq int64)) error
}

// Store is everything an engine provides.
type Store interface {
	Stories
	Public
	Pictures
	Ping(ctx context.Context) error
	// Backup writes a consistent copy of the database to path while it is
	// in use.
	Backup(ctx context.Context, path string) error
	Close() error
}

// Blob is stored bytes keyed by the SHA-256 of their content (lower-case
// hex): the same bytes are stored once, whoever uploads them.
type Blob struct {
	Hash        string
	ContentType string
	Data        []byte
}

// Pictures stores what pictures need besides the story machinery they
// share: their files (blobs), written in the same transaction as the
// picture's working copy or version, and the public view of pictures.
// A picture never appears among public stories (ListPublic, Search,
// PublicStory); PublicPicture and PublicBlob are its public side.
type Pictures interface {
	// CreateStoryBlobs is CreateStory that also stores blobs, each hash
	// once, in the same transaction.
	CreateStoryBlobs(ctx context.Context, s *news.Story, v *news.Version, blobs []Blob) error
	// UpdateStoryBlobs is UpdateStory that also stores blobs in the same
	// transaction.
	UpdateStoryBlobs(ctx context.Context, id string, blobs []Blob, fn Mutation) (*news.Story, error)
	// Blob returns any stored blob (originals included): for the newsroom
	// and entitled subscribers only.
	Blob(ctx context.Context, hash string) (*Blob, error)
	// PublicBlob returns a blob only while it is a rendition of a
	// published picture; ErrNotFound otherwise (killed, withheld, never
	// published, or an original).
	PublicBlob(ctx context.Context, hash string) (*Blob, error)
	// PublicPicture returns the latest public version of a published
	// picture; anything else is ErrNotFound.
	PublicPicture(ctx context.Context, id string) (*news.Story, error)
}

// DeskText is what the picture desk's text filter searches in a picture:
// headline, caption, credit, alt text and creator, lower-cased ("" for a
// story: the story desk has no text filter).
func DeskText(s *news.Story) string {
	p := s.Picture
	if p == nil {
		return ""
	}
	return strings.ToLower(strings.Join([]string{s.Headline, p.Caption, p.Credit, p.Alt, p.Creator}, " \n "))
}

// DeskWords splits a desk text filter into lower-case words (at most 8).
func DeskWords(q string) []string {
	w := strings.Fields(strings.ToLower(q))
	return w[:min(len(w), 8)]
}

// CheckBlob refuses a blob whose hash is not the SHA-256 of its bytes,
// so content addressing can be trusted.
func CheckBlob(b Blob) error {
	sum := sha256.Sum256(b.Data)
	if hex.EncodeToString(sum[:]) != b.Hash {
		return fmt.Errorf("blob %q: the hash is not the SHA-256 of its %d bytes", b.Hash, len(b.Data))
	}
	if b.ContentType == "" {
		return fmt.Errorf("blob %s has no content type", b.Hash)
	}
	return nil
}

// NewBlob hashes data into a Blob.
func NewBlob(contentType string, data []byte) Blob {
	sum := sha256.Sum256(data)
	return Blob{Hash: hex.EncodeToString(sum[:]), ContentType: contentType, Data: data}
}

// PoolStats is the use of one database connection pool, for metrics.
type PoolStats struct {
	Name  string // "writer", "reader", "pool"
	InUse int
	Idle  int
	Max   int
	Waits int64 // times a caller had to wait for a connection, in all
}
