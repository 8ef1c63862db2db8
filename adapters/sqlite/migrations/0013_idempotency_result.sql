-- 0013: the first answer kept with an idempotency key (lkt.Idempotency.Result).
--
-- A retry reads the community as the keyed command left it, even after
-- others have changed it; the snapshot is encoded as in snapshots.data.
-- NULL in keys stored before this migration: such a retry reads the
-- community as it is now.
ALTER TABLE idempotency ADD COLUMN result BLOB;
