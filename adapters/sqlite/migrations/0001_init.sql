-- 0001: communities, their snapshots, members, events and the audit trail.
--
-- communities holds each community's summary: the columns portfolio queries
-- filter on, each in an index that ends in id so that a page in id order is
-- read straight off the index, and the summary itself as JSON for the page.
-- The snapshot lives in its own table, so that a portfolio query never
-- reads past a community's whole state.

CREATE TABLE communities (
	id           TEXT PRIMARY KEY,
	municipality TEXT NOT NULL,
	status       TEXT NOT NULL,
	coordinator  TEXT NOT NULL,
	consent      TEXT NOT NULL,
	-- vacant_from is the moment from which a mandatory role is vacant:
	-- the smallest integer if one is vacant now, the earliest day a holder
	-- leaves (unix nanoseconds), or NULL.
	vacant_from  INTEGER,
	updated_at   INTEGER NOT NULL,
	summary      BLOB NOT NULL
);
CREATE INDEX communities_municipality ON communities (municipality, id);
CREATE INDEX communities_coordinator ON communities (coordinator, id);
CREATE INDEX communities_status ON communities (status, id);
-- Partial indexes for the rarer filters; where the filter compares a date,
-- the index carries it, so rows that do not match are skipped in the index.
CREATE INDEX communities_vacant ON communities (id, vacant_from) WHERE vacant_from IS NOT NULL;
CREATE INDEX communities_withdrawn ON communities (id) WHERE consent = 'withdrawn';

CREATE TABLE snapshots (
	id      TEXT PRIMARY KEY REFERENCES communities (id),
	version INTEGER NOT NULL,
	data    BLOB NOT NULL
);

-- members: everyone still a member, for "my communities". Keyed by member
-- first, so a member's communities are one range in id order.
CREATE TABLE members (
	member    TEXT NOT NULL,
	community TEXT NOT NULL REFERENCES communities (id),
	PRIMARY KEY (member, community)
) WITHOUT ROWID;
CREATE INDEX members_community ON members (community);

CREATE TABLE events (
	community TEXT NOT NULL REFERENCES communities (id),
	seq       INTEGER NOT NULL,
	type      TEXT NOT NULL,
	at        INTEGER NOT NULL,
	data      BLOB NOT NULL,
	PRIMARY KEY (community, seq)
) WITHOUT ROWID; -- one b-tree: an append writes one page, not a table page and an index page

-- audit: who read and changed what, when. seq is global and only grows.
CREATE TABLE audit (
	seq       INTEGER PRIMARY KEY,
	community TEXT NOT NULL,
	at        INTEGER NOT NULL,
	by_kind   TEXT NOT NULL,
	by_id     TEXT NOT NULL,
	by_name   TEXT NOT NULL,
	action    TEXT NOT NULL,
	operation TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	version   INTEGER NOT NULL
);
CREATE INDEX audit_community ON audit (community, seq);

-- History is appended, never rewritten: the database refuses otherwise,
-- whoever asks.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
