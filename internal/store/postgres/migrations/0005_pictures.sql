-- Pictures are items of kind 'picture' sharing the stories' tables
-- (working copy, versions, change log). Their files live in blobs.

ALTER TABLE stories ADD COLUMN kind text NOT NULL DEFAULT '';
-- search_text: headline, caption, credit and alt text, lower-cased, for the picture desk.
ALTER TABLE stories ADD COLUMN search_text text NOT NULL DEFAULT '';
CREATE INDEX stories_kind_desk ON stories (kind, modified_at DESC, id DESC);

-- blobs: content-addressed bytes (sha256 hex), stored once.
CREATE TABLE blobs (
	hash         text   COLLATE "C" PRIMARY KEY,
	content_type text   NOT NULL,
	size         bigint NOT NULL,
	data         bytea  NOT NULL
);

-- public_pictures: the latest public version of each published picture.
CREATE TABLE public_pictures (
	picture_id text COLLATE "C" PRIMARY KEY,
	doc        json NOT NULL
);

-- public_renditions: which blobs may be served to anyone, and for which
-- published picture. Rows go when the picture is killed or withheld.
CREATE TABLE public_renditions (
	hash       text COLLATE "C" NOT NULL,
	picture_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (hash, picture_id)
);
CREATE INDEX public_renditions_picture ON public_renditions (picture_id);
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL; -- JPEG and WebP do not compress
