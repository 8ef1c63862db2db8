-- 0008: portfolio pages read from indexes, not from rows scattered over
-- the table.
--
-- A municipality's communities lie scattered over the table, so a page of
-- them read one row at a time is a page of the table per item: cheap while
-- the table is in PostgreSQL's buffers, a read per item once it is larger
-- (issue 19: 4.4× the cost per item at 1 000 000 communities as at
-- 10 000). The index carries the summary the page shows, so that the page
-- is read from a few of its leaf pages (an index-only scan). The price:
-- every save writes the summary into it, and a save can no longer update
-- the row in place (HOT), so each save writes an entry into every index.
CREATE INDEX communities_municipality_page ON communities (municipality, id) INCLUDE (summary);
DROP INDEX communities_municipality;

-- Index-only scans ("my communities" from members, a municipality's page)
-- read the row too wherever the visibility map does not say the page is
-- all-visible: vacuum these tables after a smaller share of changes than
-- PostgreSQL's default 20 %, so that it stays current.
ALTER TABLE communities SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE members SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
