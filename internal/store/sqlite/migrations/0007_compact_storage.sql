-- Compact storage: the text of a story is stored once, in its versions.
--
-- public.json and stories.json become '' when they are exactly a version's
-- story: public.version names the version a public row shows, and
-- stories.base_version the version a working copy is (with the working
-- copy's own revision, kept in stories.revision). Killed notices and
-- working copies with unpublished edits keep their own JSON.
-- versions becomes a rowid table: a WITHOUT ROWID table keeps whole rows
-- (here the story's JSON, kilobytes) in its interior pages, which makes
-- every lookup by (story_id, number) read overflow pages.
CREATE TABLE versions_new (
	seq      INTEGER PRIMARY KEY,
	story_id TEXT    NOT NULL REFERENCES stories(id),
	number   INTEGER NOT NULL,
	action   TEXT    NOT NULL,
	at       INTEGER NOT NULL,
	by       TEXT    NOT NULL DEFAULT '',
	note     TEXT    NOT NULL DEFAULT '',
	json     TEXT    NOT NULL,              -- the news.Story as of this version
	UNIQUE (story_id, number)
);
INSERT INTO versions_new (story_id, number, action, at, by, note, json)
	SELECT story_id, number, action, at, by, note, json FROM versions ORDER BY at, story_id, number;
DROP TABLE versions;
ALTER TABLE versions_new RENAME TO versions;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;

ALTER TABLE public ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN base_version INTEGER NOT NULL DEFAULT 0;
-- Entities found by extraction after a story was stored (SetEntities), as
-- JSON, merged into the story's JSON when read; '' for none.
ALTER TABLE public ADD COLUMN entities TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN entities TEXT NOT NULL DEFAULT '';

-- Existing public rows that are a version's story point at it.
UPDATE public SET version = COALESCE((SELECT v.number FROM versions v
	WHERE v.story_id = public.story_id AND v.json = public.json
	ORDER BY v.number DESC LIMIT 1), 0);
UPDATE public SET json = '' WHERE version > 0;

-- public_fts: the full-text index holds no copy of the text
-- (contentless; rows are deleted by rowid). The application gives it the
-- Snowball search keys of the words (package stem: Russian and English
-- word forms), and cuts queries into the same keys. It is filled again
-- from the public rows when the database is opened (search_rebuild).
DROP TABLE public_fts;
CREATE VIRTUAL TABLE public_fts USING fts5(
	headline, standfirst, body,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_rebuild (pending INTEGER PRIMARY KEY);
INSERT INTO search_rebuild VALUES (1);
