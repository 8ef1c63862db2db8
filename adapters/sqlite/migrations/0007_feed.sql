-- 0007: the change feed.
--
-- The feed is history's events in seq order (see Store.Feed). seq is the
-- rowid, assigned inside the writing transaction, and SQLite lets one
-- transaction write at a time, across processes too: a row's seq is
-- greater than that of every row committed before it, so a reader that has
-- seen seq n has seen every event committed with a smaller one. This index
-- holds the events' seqs alone, so that a page of the feed skips the audit
-- entries between them (most rows are reads' audit entries).

CREATE INDEX history_events ON history (seq) WHERE kind = 'e';
