-- 0011: a summary too large for an index entry is kept beside the
-- indexes, so that every community the domain accepts can be saved.
--
-- Since 0008 the municipality index, and since 0010 the primary key, carry
-- the summary (INCLUDE), so that portfolio pages are index-only scans. A
-- B-tree entry holds at most 2704 bytes (a third of an 8 kB page, less
-- headers), the summary compressed, so a community whose summary is
-- larger could not be saved (SQLSTATE 54000): about 275 members with
-- 10-character ids, though lkt.MaxMembers is 500 and a member's id may be
-- 200 characters (a summary of up to about 580 kB).
--
-- Now a summary of at most 2000 bytes (as the store encodes it,
-- uncompressed) is in summary, as before; a larger one is in summary_big,
-- which no index carries, and summary is NULL. 2000 bytes, with the
-- longest keys beside it (a municipality of 100 characters, at most 400
-- bytes, and an id of 100 bytes) and the entry's and values' headers, fits
-- the 2704 bytes whatever the compression does; and it holds the
-- summaries of nearly every community (the report's largest had about 40
-- members: 0.9 kB with 10-character ids; 2000 bytes is about 120). A portfolio page reads
-- summary from the index and, only for the entries whose summary is NULL,
-- summary_big from their rows by id, in one more query (see bigSummaries).
--
-- Rows stored before this migration all fit (a larger summary could not
-- be stored); those over 2000 bytes are moved, so that where a summary is
-- depends on its size alone. The CHECK keeps exactly one of the two.
ALTER TABLE communities ADD COLUMN summary_big bytea;
ALTER TABLE communities ALTER COLUMN summary DROP NOT NULL;
UPDATE communities SET summary_big = summary, summary = NULL WHERE octet_length(summary) > 2000;
ALTER TABLE communities ADD CONSTRAINT communities_one_summary CHECK ((summary IS NULL) <> (summary_big IS NULL));
