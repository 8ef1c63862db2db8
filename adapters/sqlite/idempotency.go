package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// upsertIdempotency stores a command's key, or replaces one older than
// the window (?9: the oldest time a kept record may have); it changes no
// row when the key is taken.
const upsertIdempotency = `INSERT INTO idempotency (community, by_kind, by_id, key, command, fingerprint, version, at, result)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10)
	ON CONFLICT (community, by_kind, by_id, key) DO UPDATE SET
		command = excluded.command, fingerprint = excluded.fingerprint, version = excluded.version, at = excluded.at,
		result = excluded.result
	WHERE idempotency.at <= ?9`

// saveIdempotency stores rec in the writer's transaction, or refuses the
// save with lkt.IdempotencyKeyTakenError.
func saveIdempotency(w *wconn, rec *lkt.Idempotency) error {
	at := nanos(rec.At)
	result, err := rec.ResultJSON()
	if err != nil {
		return err
	}
	// Keys past the window are forgotten as the community's next key is
	// stored: each keeps a whole snapshot, and none is answered again.
	if _, err := w.exec(`DELETE FROM idempotency WHERE community = ? AND at <= ?`, string(rec.Community), nanos(rec.At.Add(-lkt.IdempotencyWindow))); err != nil {
		return err
	}
	n, err := w.exec(upsertIdempotency, string(rec.Community), string(rec.By.Kind), string(rec.By.ID), rec.Key,
		rec.Command, rec.Fingerprint, rec.Version, at, nanos(rec.At.Add(-lkt.IdempotencyWindow)), result)
	if err != nil {
		return err
	}
	if n == 0 {
		return lkt.IdempotencyKeyTakenError()
	}
	return nil
}

// Idempotent implements lkt.Store.
func (s *Store) Idempotent(ctx context.Context, id lkt.ID, by lkt.Principal, key string) (lkt.Idempotency, error) {
	rec := lkt.Idempotency{Community: id, By: lkt.Principal{Kind: by.Kind, ID: by.ID}, Key: key}
	var at int64
	var result []byte
	err := s.r.QueryRowContext(ctx, `SELECT command, fingerprint, version, at, result FROM idempotency
		WHERE community = ? AND by_kind = ? AND by_id = ? AND key = ?`, string(id), string(by.Kind), string(by.ID), key).
		Scan(&rec.Command, &rec.Fingerprint, &rec.Version, &at, &result)
	if errors.Is(err, sql.ErrNoRows) {
		return lkt.Idempotency{}, &lkt.Error{Code: lkt.NotFound, Field: "Idempotency-Key"}
	}
	if err != nil {
		return lkt.Idempotency{}, fmt.Errorf("sqlite: idempotency key of %s: %w", id, err)
	}
	rec.At = time.Unix(0, at).UTC()
	if err = rec.SetResultJSON(result); err != nil {
		return lkt.Idempotency{}, fmt.Errorf("sqlite: idempotency key of %s: %w", id, err)
	}
	return rec, nil
}
