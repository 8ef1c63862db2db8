-- 0004: events and audit entries in one history table.
--
-- Until 0003 a save appended its event to events and its audit entry to
-- audit, each a b-tree keyed by (community, seq): two pages written, each
-- in the middle of its tree (at the end of one community's range), where a
-- full page is split with its neighbours. A community's history now goes
-- into history, a rowid table: rows are appended at its right edge, so the
-- rows of a save, and of the saves before it, share a page. One index
-- finds a community's history: its entries sit side by side too.
--
-- seq is the rowid: global, it only grows (no row is ever removed), and it
-- is an audit entry's seq. SQLite assigns it in the writing transaction,
-- so two processes writing the file never hand out the same one.
--
-- at_version is the community's version when the row was written: an
-- event's own seq (the version it makes), and for an audit entry the
-- version stored when it was recorded. Within a community it never goes
-- down as seq goes up, so the index (community, at_version, kind) keeps a
-- community's history in the order it was written: a page of events is
-- one range from a seq, and a page of audit entries one range from the
-- entry before it.
--
-- kind is 'e' (an event: type and data) or 'a' (an audit entry: by_kind to
-- version).

CREATE TABLE history (
	seq        INTEGER PRIMARY KEY,
	community  TEXT NOT NULL,
	at_version INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	at         INTEGER NOT NULL,
	type       TEXT,
	data       BLOB,
	by_kind    TEXT,
	by_id      TEXT,
	by_name    TEXT,
	action     TEXT,
	operation  TEXT,
	outcome    TEXT,
	version    INTEGER,
	CHECK (kind = 'e' AND type IS NOT NULL AND data IS NOT NULL
		OR kind = 'a' AND by_kind IS NOT NULL AND by_id IS NOT NULL AND by_name IS NOT NULL
			AND action IS NOT NULL AND operation IS NOT NULL AND outcome IS NOT NULL AND version IS NOT NULL)
);
CREATE INDEX history_community ON history (community, at_version, seq, kind);

-- Audit entries keep their seqs. Their at_version is the greatest version
-- the community's entries had recorded up to each one, which never goes
-- down and is never above the version stored now.
INSERT INTO history (seq, community, at_version, kind, at, by_kind, by_id, by_name, action, operation, outcome, version)
	SELECT seq, community, max(version) OVER (PARTITION BY community ORDER BY seq), 'a',
		at, by_kind, by_id, by_name, action, operation, outcome, version
	FROM audit ORDER BY seq;
-- Events get seqs after them; an event is found by its own seq.
INSERT INTO history (community, at_version, kind, at, type, data)
	SELECT community, seq, 'e', at, type, data FROM events ORDER BY community, seq;

DROP TABLE events; -- and its triggers
DROP TABLE audit;
DROP TABLE audit_seq;

-- History is appended, never rewritten (as in 0001).
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
