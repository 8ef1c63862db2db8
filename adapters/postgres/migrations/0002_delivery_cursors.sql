-- 0002: each webhook's delivery cursor (adapters/webhook): the feed cursor
-- of the last entry its endpoint acknowledged, written after the
-- acknowledgement, so that a crash between the two delivers that batch
-- again (at least once). Several servers on one database share the row.

CREATE TABLE delivery_cursors (
	webhook    text COLLATE "C" PRIMARY KEY,
	cursor     text NOT NULL,
	updated_at bigint NOT NULL
);
