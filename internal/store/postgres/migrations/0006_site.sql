-- Site settings editors manage in the newsroom (mirrors the SQLite
-- engine's 0006_site.sql).

CREATE TABLE sections (
	key      text    PRIMARY KEY,
	position integer NOT NULL,
	names    jsonb   NOT NULL -- language -> name
);

CREATE TABLE site_settings (
	key   text PRIMARY KEY,
	value text NOT NULL
);

ALTER TABLE users ADD COLUMN display_name text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN time_zone text NOT NULL DEFAULT '';

INSERT INTO sections (key, position, names) VALUES
	('politics', 1, '{"en":"Politics","ru":"Политика"}'),
	('world', 2, '{"en":"World","ru":"В мире"}'),
	('economy', 3, '{"en":"Economy","ru":"Экономика"}'),
	('society', 4, '{"en":"Society","ru":"Общество"}'),
	('science', 5, '{"en":"Science","ru":"Наука"}'),
	('technology', 6, '{"en":"Technology","ru":"Технологии"}'),
	('sport', 7, '{"en":"Sport","ru":"Спорт"}'),
	('culture', 8, '{"en":"Culture","ru":"Культура"}');
