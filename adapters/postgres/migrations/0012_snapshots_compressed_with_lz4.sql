-- 0012: snapshots (and summaries too large for the indexes) are
-- compressed with lz4 instead of PostgreSQL's own pglz.
--
-- A snapshot of a few kilobytes is compressed on every save and
-- decompressed on every load. lz4 does both several times faster than
-- pglz (the server's default_toast_compression); measured on the
-- README's machine, a save's UPDATE of the community's row took 51 µs
-- with lz4 against 76 µs with pglz (pg_stat_statements, one writer).
-- Values already stored stay as they are until they are next written;
-- PostgreSQL reads both. A server built without lz4 refuses this
-- migration: PostgreSQL 14 or later built --with-lz4, as Debian's and the
-- official images are, is required.
ALTER TABLE communities ALTER COLUMN snapshot SET COMPRESSION lz4;
ALTER TABLE communities ALTER COLUMN summary_big SET COMPRESSION lz4;
