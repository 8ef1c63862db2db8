-- lkt: rebuilds tables (applied with foreign keys off, checked before commit)
--
-- 0006: a number for each community, so that "my communities" reads each
-- community once.
--
-- communities was keyed by its text id: a rowid table with an index on id.
-- A member's query walks members, keyed by (member, community), and for
-- each community looked its id up in that index, then the row by rowid:
-- two b-tree descents per community listed, each a random page at a
-- million communities. communities now has an explicit INTEGER PRIMARY
-- KEY, n, which VACUUM (and so Backup) keeps, and members carries it, so
-- the row is one descent away.

CREATE TABLE communities_new (
	n            INTEGER PRIMARY KEY,
	id           TEXT NOT NULL UNIQUE,
	municipality TEXT NOT NULL,
	status       TEXT NOT NULL,
	coordinator  TEXT NOT NULL,
	consent      TEXT NOT NULL,
	vacant_from  INTEGER,
	updated_at   INTEGER NOT NULL,
	summary      BLOB NOT NULL,
	evaluation_due INTEGER,
	phase        TEXT NOT NULL DEFAULT '',
	next_due     INTEGER
);
INSERT INTO communities_new (n, id, municipality, status, coordinator, consent, vacant_from, updated_at, summary, evaluation_due, phase, next_due)
	SELECT rowid, id, municipality, status, coordinator, consent, vacant_from, updated_at, summary, evaluation_due, phase, next_due
	FROM communities ORDER BY rowid;
DROP TABLE communities; -- and its indexes
ALTER TABLE communities_new RENAME TO communities;

-- The indexes of 0001 and 0002, as they were.
CREATE INDEX communities_municipality ON communities (municipality, id);
CREATE INDEX communities_coordinator ON communities (coordinator, id);
CREATE INDEX communities_status ON communities (status, id);
CREATE INDEX communities_vacant ON communities (id, vacant_from) WHERE vacant_from IS NOT NULL;
CREATE INDEX communities_withdrawn ON communities (id) WHERE consent = 'withdrawn';
CREATE INDEX communities_evaluation_due ON communities (id, evaluation_due) WHERE evaluation_due IS NOT NULL;
CREATE INDEX communities_red ON communities (id) WHERE phase = 'red';
CREATE INDEX communities_municipality_red ON communities (municipality, id) WHERE phase = 'red';
CREATE INDEX communities_next_due ON communities (id, next_due) WHERE next_due IS NOT NULL;

-- members gets the number; 0 never names a community (n starts at 1).
ALTER TABLE members ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
UPDATE members SET n = (SELECT c.n FROM communities c WHERE c.id = members.community);
