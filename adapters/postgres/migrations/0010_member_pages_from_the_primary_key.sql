-- 0010: a member's portfolio page read from the primary key, not from
-- rows scattered over the table.
--
-- "My communities" walks the member's range of members (an index-only
-- scan) and finds each community by its id: an entry of the primary key,
-- then the row, for the summary. The rows lie scattered over the table, so
-- at 1 000 000 communities, where the table (411 MB) and the primary key
-- (50 MB) are larger than the test server's buffers (128 MB), each item
-- read about 2.6 pages from outside the buffers that were buffer hits at
-- 10 000 (EXPLAIN (ANALYZE, BUFFERS); issue 19: 1.35–2.11× the cost per
-- item). The primary key now carries the summary (INCLUDE), so each item
-- is one leaf entry, one page read (an index-only scan). No index is
-- added: a save already writes a primary-key entry (since 0008 no save
-- updates its row in place), which now holds the summary too. Load still
-- reads the row.
--
-- Like 0008's municipality index, the entry must fit a B-tree entry (2704
-- bytes, the summary compressed): a community whose summary is larger
-- cannot be saved, as since 0008.
--
-- The foreign keys that reference the primary key are dropped and made
-- again on the new index (which checks every members and events row).
CREATE UNIQUE INDEX communities_pkey_summary ON communities (id) INCLUDE (summary);
ALTER TABLE members DROP CONSTRAINT members_community_fkey;
ALTER TABLE events DROP CONSTRAINT events_community_fkey;
ALTER TABLE communities DROP CONSTRAINT communities_pkey;
ALTER TABLE communities ADD CONSTRAINT communities_pkey PRIMARY KEY USING INDEX communities_pkey_summary;
ALTER TABLE members ADD CONSTRAINT members_community_fkey FOREIGN KEY (community) REFERENCES communities (id);
ALTER TABLE events ADD CONSTRAINT events_community_fkey FOREIGN KEY (community) REFERENCES communities (id);
