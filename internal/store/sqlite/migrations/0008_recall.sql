-- Recalls reach every subscriber that received any version of a story, so
-- a story's events are looked up by story. An event may be quiet: in the
-- change log (which stays dense, cursors stay valid) but not sent to
-- subscribers, as for an archive import.
ALTER TABLE events ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_story ON events(story_id, seq);
