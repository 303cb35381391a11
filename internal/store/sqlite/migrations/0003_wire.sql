-- Wire subscribers and durable webhook delivery state.

CREATE TABLE subscribers (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	name           TEXT    NOT NULL UNIQUE,
	key_hash       TEXT    NOT NULL UNIQUE,   -- hex SHA-256 of the API key
	key_hint       TEXT    NOT NULL,
	enabled        INTEGER NOT NULL DEFAULT 1,
	embargo_access INTEGER NOT NULL DEFAULT 0,
	filter         TEXT    NOT NULL DEFAULT '',
	webhook_url    TEXT    NOT NULL DEFAULT '',
	webhook_secret TEXT    NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	expires_at     INTEGER
);

-- webhook_state: one row per subscriber with a webhook. delivered_seq is
-- the change-log position delivery has reached; the lease lets one node
-- at a time deliver to an endpoint.
CREATE TABLE webhook_state (
	subscriber_id   INTEGER PRIMARY KEY REFERENCES subscribers(id) ON DELETE CASCADE,
	delivered_seq   INTEGER NOT NULL,
	delivered_count INTEGER NOT NULL DEFAULT 0,
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT    NOT NULL DEFAULT '',
	last_attempt_at INTEGER,
	last_success_at INTEGER,
	next_attempt_at INTEGER NOT NULL DEFAULT 0,
	lease_owner     TEXT    NOT NULL DEFAULT '',
	lease_until     INTEGER NOT NULL DEFAULT 0
);
