-- Site settings editors manage in the newsroom: the sections of the menu
-- (in order, with a name per language), site-wide settings such as the
-- time zone, and each account's display name and time zone.

CREATE TABLE sections (
	key      TEXT    PRIMARY KEY,
	position INTEGER NOT NULL,
	names    TEXT    NOT NULL -- JSON object: language -> name
) WITHOUT ROWID;

CREATE TABLE site_settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- A new site starts with the usual sections of a news agency; editors
-- change them in the newsroom.
INSERT INTO sections (key, position, names) VALUES
	('politics', 1, '{"en":"Politics","ru":"Политика"}'),
	('world', 2, '{"en":"World","ru":"В мире"}'),
	('economy', 3, '{"en":"Economy","ru":"Экономика"}'),
	('society', 4, '{"en":"Society","ru":"Общество"}'),
	('science', 5, '{"en":"Science","ru":"Наука"}'),
	('technology', 6, '{"en":"Technology","ru":"Технологии"}'),
	('sport', 7, '{"en":"Sport","ru":"Спорт"}'),
	('culture', 8, '{"en":"Culture","ru":"Культура"}');
