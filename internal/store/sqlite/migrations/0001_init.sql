-- Dateline schema, version 1.
-- Times are INTEGER nanoseconds since the Unix epoch, UTC, so they sort and
-- compare exactly; the JSON columns hold the full domain values.

-- stories: the working copy of every story. seq is a stable integer key
-- (an INTEGER PRIMARY KEY survives VACUUM) used as the rowid of the
-- full-text index.
CREATE TABLE stories (
	seq           INTEGER PRIMARY KEY,
	id            TEXT    NOT NULL UNIQUE,
	source        TEXT    UNIQUE,            -- NULL when the story has no source
	status        TEXT    NOT NULL,
	section       TEXT    NOT NULL DEFAULT '',
	author        TEXT    NOT NULL DEFAULT '',
	modified_at   INTEGER NOT NULL,
	embargo_until INTEGER,
	revision      INTEGER NOT NULL,
	json          TEXT    NOT NULL
);
CREATE INDEX stories_desk ON stories(modified_at DESC, id DESC);
CREATE INDEX stories_embargo ON stories(embargo_until) WHERE status = 'scheduled';

-- versions: immutable snapshots, one per public change.
CREATE TABLE versions (
	story_id TEXT    NOT NULL REFERENCES stories(id),
	number   INTEGER NOT NULL,
	action   TEXT    NOT NULL,
	at       INTEGER NOT NULL,
	by       TEXT    NOT NULL DEFAULT '',
	note     TEXT    NOT NULL DEFAULT '',
	json     TEXT    NOT NULL,              -- the news.Story as of this version
	PRIMARY KEY (story_id, number)
) WITHOUT ROWID;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;

-- events: the change log subscribers follow. Appended only inside the
-- single writer's transactions, so seq is dense and ordered.
CREATE TABLE events (
	seq           INTEGER PRIMARY KEY AUTOINCREMENT,
	story_id      TEXT    NOT NULL REFERENCES stories(id),
	version       INTEGER NOT NULL,
	action        TEXT    NOT NULL,
	at            INTEGER NOT NULL,
	status        TEXT    NOT NULL,
	language      TEXT    NOT NULL,
	section       TEXT    NOT NULL,
	urgency       INTEGER NOT NULL,
	embargo_until INTEGER
);
CREATE INDEX events_withhold ON events(at) WHERE action = 'withhold';
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;

-- public: the latest public version of each published or killed story.
-- It changes only when a version is created.
CREATE TABLE public (
	story_seq          INTEGER PRIMARY KEY REFERENCES stories(seq),
	story_id           TEXT    NOT NULL UNIQUE,
	status             TEXT    NOT NULL,     -- published or killed
	first_published_at INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL,
	section            TEXT    NOT NULL,
	language           TEXT    NOT NULL,
	urgency            INTEGER NOT NULL,
	search_key         INTEGER NOT NULL UNIQUE, -- rowid in public_fts; orders by publication
	json               TEXT    NOT NULL       -- the public news.Story
);
CREATE INDEX public_list ON public(status, first_published_at DESC, story_id DESC);
CREATE INDEX public_section ON public(section, status, first_published_at DESC, story_id DESC);
CREATE INDEX public_language ON public(language, status, first_published_at DESC, story_id DESC);
CREATE INDEX public_updated ON public(updated_at);

-- story_tags: tags of published public rows, lower-cased, for tag filters.
-- first_published_at and story_id are copied from the public row so a
-- tag's stories are read newest first straight from story_tags_list.
CREATE TABLE story_tags (
	tag                TEXT    NOT NULL,
	story_seq          INTEGER NOT NULL REFERENCES public(story_seq) ON DELETE CASCADE,
	first_published_at INTEGER NOT NULL,
	story_id           TEXT    NOT NULL,
	PRIMARY KEY (tag, story_seq)
) WITHOUT ROWID;
CREATE INDEX story_tags_list ON story_tags(tag, first_published_at DESC, story_id DESC);
CREATE INDEX story_tags_story ON story_tags(story_seq);

-- public_fts: full-text index of published public rows. Its rowid is the
-- public row's search_key, (first publication second << 20) + (story_seq
-- mod 2^20), so FTS5 can walk matches newest first without sorting them
-- all: a search for a word in every story stays as fast as a rare one.
-- Porter stemming lets "ferries" find "ferry" (it leaves Cyrillic alone).
CREATE VIRTUAL TABLE public_fts USING fts5(
	headline, standfirst, body,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
