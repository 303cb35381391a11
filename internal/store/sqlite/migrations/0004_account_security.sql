-- Account security: an account whose password was set by someone else
-- (the first-start admin, an admin's reset) must choose a new one at its
-- next login; an admin's unlock forgets failed logins made before it.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN unlocked_at INTEGER;
