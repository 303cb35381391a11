-- Kept in step with the SQLite engine's migration 7 (compact storage).
-- PostgreSQL already stores each public story once, compressed (TOAST),
-- and its search vectors hold no copy of the text; word forms come from
-- the english and russian text search configurations, with the fleeting
-- vowels of Russian nouns added at query time. Nothing to change.
SELECT 1;
