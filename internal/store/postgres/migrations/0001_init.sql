-- Dateline schema for PostgreSQL, version 1.
-- The doc columns hold the full domain values as JSON (json, not jsonb,
-- because jsonb refuses the \u0000 escape that a story's text may hold);
-- the other columns are copies of the fields that queries filter and sort
-- on. Story ids sort bytewise (COLLATE "C"), as in Go and SQLite, whatever
-- the database's locale.

-- stories: the working copy of every story.
CREATE TABLE stories (
	id            text        COLLATE "C" PRIMARY KEY,
	source        text        UNIQUE,            -- NULL when the story has no source
	status        text        NOT NULL,
	section       text        NOT NULL DEFAULT '',
	author        text        NOT NULL DEFAULT '',
	modified_at   timestamptz NOT NULL,
	embargo_until timestamptz,
	revision      integer     NOT NULL,
	doc           json        NOT NULL
);
CREATE INDEX stories_desk ON stories (modified_at DESC, id DESC);
CREATE INDEX stories_status_desk ON stories (status, modified_at DESC, id DESC);
CREATE INDEX stories_embargo ON stories (embargo_until) WHERE status = 'scheduled';

-- versions: immutable snapshots, one per public change.
CREATE TABLE versions (
	story_id text        COLLATE "C" NOT NULL REFERENCES stories (id),
	number   integer     NOT NULL,
	action   text        NOT NULL,
	at       timestamptz NOT NULL,
	by_name  text        NOT NULL DEFAULT '',
	note     text        NOT NULL DEFAULT '',
	doc      json        NOT NULL,           -- the news.Story as of this version
	PRIMARY KEY (story_id, number)
);

CREATE FUNCTION dateline_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END $$;
CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON versions
	FOR EACH ROW EXECUTE FUNCTION dateline_immutable();

-- event_counter: the one row that hands out change-log numbers. A writer
-- takes the next numbers with UPDATE ... RETURNING inside its transaction,
-- which locks the row until it commits or rolls back: writers that append
-- events take turns, a rolled-back writer gives its numbers back, and
-- events become visible in seq order. (A SEQUENCE would leave gaps.)
CREATE TABLE event_counter (
	one boolean PRIMARY KEY DEFAULT true CHECK (one),
	seq bigint  NOT NULL
);
INSERT INTO event_counter (one, seq) VALUES (true, 0);

-- events: the change log subscribers follow; dense and ordered.
CREATE TABLE events (
	seq           bigint      PRIMARY KEY,
	story_id      text        COLLATE "C" NOT NULL REFERENCES stories (id),
	version       integer     NOT NULL,
	action        text        NOT NULL,
	at            timestamptz NOT NULL,
	status        text        NOT NULL,
	language      text        NOT NULL,
	section       text        NOT NULL,
	urgency       integer     NOT NULL,
	embargo_until timestamptz
);
CREATE INDEX events_withhold ON events (at) WHERE action = 'withhold';
CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION dateline_immutable();

-- public: the latest public version of each published or killed story.
-- It changes only when a version is made. tags are lower-cased (by the
-- application, so the result does not hang on the database's locale);
-- search is the full-text vector of headline, standfirst and body in the
-- text search configuration of the story's language (english for en,
-- russian for ru, else simple); it is NULL for killed stories.
CREATE TABLE public (
	story_id           text        COLLATE "C" PRIMARY KEY REFERENCES stories (id),
	status             text        NOT NULL,     -- published or killed
	first_published_at timestamptz NOT NULL,
	updated_at         timestamptz NOT NULL,
	section            text        NOT NULL,
	language           text        NOT NULL,
	urgency            integer     NOT NULL,
	tags               text[]      NOT NULL DEFAULT '{}',
	search             tsvector,
	doc                json        NOT NULL      -- the public news.Story
);
CREATE INDEX public_list ON public (first_published_at DESC, story_id DESC) WHERE status = 'published';
CREATE INDEX public_section ON public (section, first_published_at DESC, story_id DESC) WHERE status = 'published';
CREATE INDEX public_language ON public (language, first_published_at DESC, story_id DESC) WHERE status = 'published';
CREATE INDEX public_tags ON public USING gin (tags) WHERE status = 'published';
CREATE INDEX public_search ON public USING gin (search) WHERE status = 'published';
CREATE INDEX public_updated ON public (updated_at);
