-- 0006: the change feed is numbered after commit (see feed.go).
--
-- A save inserts its events with no feed position (NULL) and touches no
-- shared row, so that saves commit side by side and share the disk's
-- flushes. A numbering step, in a transaction of its own that holds the
-- shard's clock row, gives the committed events without a position the
-- next positions and commits. Events numbered before this migration keep
-- theirs; the clocks go on from where they are.
-- save_order: the number a save's events took from a sequence when they
-- were inserted, one per save; events are numbered in its order (then
-- seq), so that saves made one after the other are in the feed in the
-- order they were made, whichever numbering step numbers them.
ALTER TABLE events ALTER COLUMN feed DROP NOT NULL;
CREATE SEQUENCE events_save_order;
ALTER TABLE events ADD COLUMN save_order bigint;
-- What the numbering step looks for: few rows, each briefly.
CREATE INDEX events_unnumbered ON events (shard, save_order, seq) WHERE feed IS NULL;

-- Events stay append-only, except that an event without a position may be
-- given one, once, and nothing else about it changes.
CREATE FUNCTION lkt_events_numbered_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.feed IS NULL AND NEW.feed IS NOT NULL
		AND (NEW.community, NEW.seq, NEW.shard, NEW.save_order, NEW.at, NEW.type, NEW.data)
			IS NOT DISTINCT FROM (OLD.community, OLD.seq, OLD.shard, OLD.save_order, OLD.at, OLD.type, OLD.data) THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
DROP TRIGGER events_append_only ON events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION lkt_events_numbered_once();
