-- 0003: the audit trail clustered by community.
--
-- Until 0002 the audit trail was a rowid table (seq) with an index on
-- (community, seq): every entry wrote a table page and an index page. It
-- is now one b-tree keyed by (community, seq), WITHOUT ROWID, so an entry
-- is written once and a community's trail is one range, read in order.
--
-- seq stays global and only grows. It is no longer a rowid SQLite picks,
-- so the store assigns it, in its single writer, from blocks it reserves
-- in audit_seq: audit_seq.next is above every seq ever handed out. The
-- store reserves a block by raising it in the same transaction as the
-- entries that use the block, so after a crash, a restart or another
-- process's writes, the next entry still gets a greater seq. Triggers
-- refuse to lower it or to remove the row.

CREATE TABLE audit_clustered (
	community TEXT NOT NULL,
	seq       INTEGER NOT NULL,
	at        INTEGER NOT NULL,
	by_kind   TEXT NOT NULL,
	by_id     TEXT NOT NULL,
	by_name   TEXT NOT NULL,
	action    TEXT NOT NULL,
	operation TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	version   INTEGER NOT NULL,
	PRIMARY KEY (community, seq)
) WITHOUT ROWID;

INSERT INTO audit_clustered (community, seq, at, by_kind, by_id, by_name, action, operation, outcome, version)
	SELECT community, seq, at, by_kind, by_id, by_name, action, operation, outcome, version FROM audit ORDER BY community, seq;

CREATE TABLE audit_seq (
	one  INTEGER PRIMARY KEY CHECK (one = 1),
	next INTEGER NOT NULL
);
INSERT INTO audit_seq (one, next) SELECT 1, coalesce(max(seq), 0) + 1 FROM audit;

DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP TABLE audit; -- and its index audit_community
ALTER TABLE audit_clustered RENAME TO audit;

-- History is appended, never rewritten (as in 0001).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_seq_no_lower BEFORE UPDATE ON audit_seq
WHEN NEW.next < OLD.next OR NEW.one IS NOT OLD.one
BEGIN SELECT RAISE(ABORT, 'audit seq only grows'); END;
CREATE TRIGGER audit_seq_no_delete BEFORE DELETE ON audit_seq
BEGIN SELECT RAISE(ABORT, 'audit seq only grows'); END;
