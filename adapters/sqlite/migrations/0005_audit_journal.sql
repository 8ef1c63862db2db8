-- 0005: where the audit journal has been moved to.
--
-- A Store that keeps its file to itself appends audit entries recorded on
-- their own (reads, refusals) to a journal beside the database and moves
-- them into history in bulk (see journal.go). moved is the last journal
-- record moved, written in the same transaction as the entries it covers,
-- so that after a crash the records above it, and only those, are moved.

CREATE TABLE audit_journal (
	one   INTEGER PRIMARY KEY CHECK (one = 1),
	moved INTEGER NOT NULL
);
INSERT INTO audit_journal (one, moved) VALUES (1, 0);
CREATE TRIGGER audit_journal_no_lower BEFORE UPDATE ON audit_journal
WHEN NEW.moved < OLD.moved OR NEW.one IS NOT OLD.one
BEGIN SELECT RAISE(ABORT, 'the audit journal only moves forward'); END;
CREATE TRIGGER audit_journal_no_delete BEFORE DELETE ON audit_journal
BEGIN SELECT RAISE(ABORT, 'the audit journal only moves forward'); END;
