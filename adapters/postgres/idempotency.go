package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// upsertIdempotency stores a command's key, or replaces one older than
// the window ($9: the oldest time a kept record may have); it changes no
// row when the key is taken.
const upsertIdempotency = `INSERT INTO idempotency (community, by_kind, by_id, key, command, fingerprint, version, at, result)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10)
	ON CONFLICT (community, by_kind, by_id, key) DO UPDATE SET
		command = excluded.command, fingerprint = excluded.fingerprint, version = excluded.version, at = excluded.at,
		result = excluded.result
	WHERE idempotency.at <= $9`

// idempotencyArgs are upsertIdempotency's parameters for rec; a save
// whose upsert changes no row is refused with
// lkt.IdempotencyKeyTakenError.
func idempotencyArgs(rec *lkt.Idempotency) ([]any, error) {
	result, err := rec.ResultJSON()
	if err != nil {
		return nil, err
	}
	return []any{string(rec.Community), string(rec.By.Kind), string(rec.By.ID), rec.Key,
		rec.Command, rec.Fingerprint, rec.Version, nanos(rec.At), nanos(rec.At.Add(-lkt.IdempotencyWindow)), result}, nil
}

// forgetIdempotency deletes the community's keys past the window, as its
// next key is stored: each keeps a whole snapshot, and none is answered
// again. $1 the community, $2 the oldest time a kept key may have.
const forgetIdempotency = `DELETE FROM idempotency WHERE community = $1 AND at <= $2`

// Idempotent implements lkt.Store.
func (s *Store) Idempotent(ctx context.Context, id lkt.ID, by lkt.Principal, key string) (lkt.Idempotency, error) {
	rec := lkt.Idempotency{Community: id, By: lkt.Principal{Kind: by.Kind, ID: by.ID}, Key: key}
	var at int64
	var result []byte
	found := true
	err := s.retry(ctx, func() error {
		err := s.pool.QueryRow(ctx, `SELECT command, fingerprint, version, at, result FROM idempotency
			WHERE community = $1 AND by_kind = $2 AND by_id = $3 AND key = $4`, string(id), string(by.Kind), string(by.ID), key).
			Scan(&rec.Command, &rec.Fingerprint, &rec.Version, &at, &result)
		if errors.Is(err, pgx.ErrNoRows) {
			found, err = false, nil
		}
		return err
	})
	if err != nil {
		return lkt.Idempotency{}, s.surface("idempotency key of "+string(id), err)
	}
	if !found {
		return lkt.Idempotency{}, &lkt.Error{Code: lkt.NotFound, Field: "Idempotency-Key"}
	}
	rec.At = time.Unix(0, at).UTC()
	if err = rec.SetResultJSON(result); err != nil {
		return lkt.Idempotency{}, s.surface("idempotency key of "+string(id), err)
	}
	return rec, nil
}
