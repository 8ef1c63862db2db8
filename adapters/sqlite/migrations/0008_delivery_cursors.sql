-- 0008: how far each webhook has been delivered.
--
-- The change feed is the outbox: every event is in history already, in
-- feed order. A webhook's delivery cursor is the feed cursor of the last
-- entry its endpoint acknowledged, written after the acknowledgement (so
-- that a crash between the two delivers that batch again: at least once).

CREATE TABLE delivery_cursors (
	webhook    TEXT PRIMARY KEY,
	cursor     TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;
