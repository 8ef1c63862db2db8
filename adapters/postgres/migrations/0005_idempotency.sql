-- 0005: idempotency keys of commands (lkt.Save.Idempotency).
--
-- A command sent with an Idempotency-Key is stored with its key in the
-- save's own transaction, so that the key exists exactly when the change
-- does: a retry after a lost answer finds it and gets the first answer.
-- A key is its sender's (by_kind, by_id) on one community; one older than
-- lkt.IdempotencyWindow is replaced when the key is used again.
CREATE TABLE idempotency (
	community   text COLLATE "C" NOT NULL,
	by_kind     text NOT NULL,
	by_id       text COLLATE "C" NOT NULL,
	key         text COLLATE "C" NOT NULL,
	command     text NOT NULL,
	fingerprint text NOT NULL,
	version     bigint NOT NULL,
	at          bigint NOT NULL,
	PRIMARY KEY (community, by_kind, by_id, key)
);
