-- The rights (filter, embargo access) a subscriber held before an update
-- changed them, with the change-log position when they were given up:
-- a later recall or correction of a story the subscriber may have received
-- under them still reaches it. One row per distinct pair of rights.
CREATE TABLE subscriber_former_rights (
	subscriber_id  bigint      NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
	filter         text        NOT NULL,
	embargo_access boolean     NOT NULL,
	until_seq      bigint      NOT NULL,
	changed_at     timestamptz NOT NULL,
	PRIMARY KEY (subscriber_id, filter, embargo_access)
);
