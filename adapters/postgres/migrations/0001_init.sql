-- 0001: communities, members, events, the audit trail and the change feed.
--
-- Ids are compared byte by byte (COLLATE "C"), as Go compares strings, so
-- that a page in id order here is the page lkt.Query.Matches and the
-- other stores give, whatever the database's locale.
--
-- communities holds each community's snapshot, its version and its
-- summary: the columns portfolio queries filter on, each in an index that
-- ends in id, so that a page in id order is read straight off an index.
-- Times are unix nanoseconds (bigint), as the SQLite store keeps them.

CREATE TABLE communities (
	id             text COLLATE "C" PRIMARY KEY,
	version        bigint NOT NULL,
	snapshot       bytea NOT NULL,
	summary        bytea NOT NULL,
	municipality   text NOT NULL,
	status         text NOT NULL,
	coordinator    text COLLATE "C" NOT NULL,
	consent        text NOT NULL,
	-- vacant_from: the moment from which a mandatory role is vacant (the
	-- smallest bigint if one is vacant now), or NULL.
	vacant_from    bigint,
	evaluation_due bigint,
	phase          text NOT NULL,
	next_due       bigint,
	updated_at     bigint NOT NULL
);
CREATE INDEX communities_municipality ON communities (municipality, id);
CREATE INDEX communities_coordinator ON communities (coordinator, id);
CREATE INDEX communities_status ON communities (status, id);
-- Partial indexes for the rarer filters; where the filter compares a date,
-- the index carries it, so rows that do not match are skipped in the index.
CREATE INDEX communities_vacant ON communities (id, vacant_from) WHERE vacant_from IS NOT NULL;
CREATE INDEX communities_withdrawn ON communities (id) WHERE consent = 'withdrawn';
CREATE INDEX communities_evaluation_due ON communities (id, evaluation_due) WHERE evaluation_due IS NOT NULL;
CREATE INDEX communities_red ON communities (id) WHERE phase = 'red';
CREATE INDEX communities_municipality_red ON communities (municipality, id) WHERE phase = 'red';
CREATE INDEX communities_next_due ON communities (id, next_due) WHERE next_due IS NOT NULL;

-- members: everyone still a member, for "my communities": one range of the
-- primary key in community order.
CREATE TABLE members (
	member    text COLLATE "C" NOT NULL,
	community text COLLATE "C" NOT NULL REFERENCES communities (id),
	PRIMARY KEY (member, community)
);
CREATE INDEX members_community ON members (community);

-- feed_shards: the change feed's clocks. A community's events go to shard
-- hash(id) mod the number of rows here (fixed once created; see feed.go).
-- A save takes its shard's row lock as its last statement before COMMIT,
-- so positions within a shard become visible in the order they were
-- handed out: a reader that sees position p sees every position below it.
-- One shard: the feed's contract is one order that every reader sees the
-- same (see feed.go for what more shards would cost and give).
CREATE TABLE feed_shards (
	shard integer PRIMARY KEY,
	next  bigint NOT NULL CHECK (next >= 0)
);
INSERT INTO feed_shards (shard, next) SELECT s, 0 FROM generate_series(0, 0) s;

CREATE TABLE events (
	community text COLLATE "C" NOT NULL REFERENCES communities (id),
	seq       bigint NOT NULL,
	shard     integer NOT NULL,
	feed      bigint NOT NULL,
	at        bigint NOT NULL,
	type      text NOT NULL,
	data      bytea NOT NULL,
	PRIMARY KEY (community, seq)
);
CREATE UNIQUE INDEX events_feed ON events (shard, feed);

-- audit: who read and changed what, when. seq comes from a sequence: it
-- only grows, and a community's trail is one range of audit_community.
CREATE SEQUENCE audit_seq;
CREATE TABLE audit (
	seq       bigint PRIMARY KEY DEFAULT nextval('audit_seq'),
	community text COLLATE "C" NOT NULL,
	at        bigint NOT NULL,
	by_kind   text NOT NULL,
	by_id     text NOT NULL,
	by_name   text NOT NULL,
	action    text NOT NULL,
	operation text NOT NULL,
	outcome   text NOT NULL,
	version   bigint NOT NULL
);
CREATE INDEX audit_community ON audit (community, seq);

-- History is appended, never rewritten: the database refuses otherwise,
-- whoever asks.
CREATE FUNCTION lkt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION lkt_append_only();
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION lkt_append_only();
