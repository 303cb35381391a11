-- Account security (mirrors the SQLite engine's 0004_account_security.sql):
-- a password set by someone else must be changed at the next login; an
-- admin's unlock forgets failed logins made before it.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN unlocked_at timestamptz;
