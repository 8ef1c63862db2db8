-- 0011: idempotency keys of commands (lkt.Save.Idempotency).
--
-- A command sent with an Idempotency-Key is stored with its key in the
-- save's own transaction, so that the key exists exactly when the change
-- does: a retry after a lost answer finds it and gets the first answer.
-- A key is its sender's (by_kind, by_id) on one community; one older than
-- lkt.IdempotencyWindow is replaced when the key is used again.
CREATE TABLE idempotency (
	community   TEXT NOT NULL,
	by_kind     TEXT NOT NULL,
	by_id       TEXT NOT NULL,
	key         TEXT NOT NULL,
	command     TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	version     INTEGER NOT NULL,
	at          INTEGER NOT NULL,
	PRIMARY KEY (community, by_kind, by_id, key)
) WITHOUT ROWID;
