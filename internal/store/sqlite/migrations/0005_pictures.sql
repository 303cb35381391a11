-- Pictures are items of kind 'picture' sharing the stories' tables
-- (working copy, versions, change log). Their files live in blobs.

ALTER TABLE stories ADD COLUMN kind TEXT NOT NULL DEFAULT '';
-- search_text: headline, caption, credit and alt text, lower-cased, for the picture desk.
ALTER TABLE stories ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX stories_kind_desk ON stories(kind, modified_at DESC, id DESC);

-- blobs: content-addressed bytes (sha256 hex), stored once.
CREATE TABLE blobs (
	hash         TEXT    PRIMARY KEY,
	content_type TEXT    NOT NULL,
	size         INTEGER NOT NULL,
	data         BLOB    NOT NULL
);

-- public_pictures: the latest public version of each published picture.
CREATE TABLE public_pictures (
	picture_id TEXT PRIMARY KEY,
	json       TEXT NOT NULL
);

-- public_renditions: which blobs may be served to anyone, and for which
-- published picture. Rows go when the picture is killed or withheld.
CREATE TABLE public_renditions (
	hash       TEXT NOT NULL,
	picture_id TEXT NOT NULL,
	PRIMARY KEY (hash, picture_id)
) WITHOUT ROWID;
CREATE INDEX public_renditions_picture ON public_renditions(picture_id);
