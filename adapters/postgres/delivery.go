package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// DeliveryCursor returns the feed cursor up to which webhook has been
// delivered ("" if it never was). See adapters/webhook.
func (s *Store) DeliveryCursor(ctx context.Context, webhook string) (lkt.Cursor, error) {
	var c string
	err := s.retry(ctx, func() error {
		err := s.pool.QueryRow(ctx, `SELECT cursor FROM delivery_cursors WHERE webhook = $1`, webhook).Scan(&c)
		if errors.Is(err, pgx.ErrNoRows) {
			c, err = "", nil
		}
		return err
	})
	if err != nil {
		return "", s.surface("delivery cursor of "+webhook, err)
	}
	return lkt.Cursor(c), nil
}

// SetDeliveryCursor records that webhook has been delivered up to cursor
// c, committed before it returns. Writing the same cursor again is
// harmless, so a transient failure is retried.
func (s *Store) SetDeliveryCursor(ctx context.Context, webhook string, c lkt.Cursor) error {
	at := time.Now().UnixNano()
	err := s.retry(ctx, func() error {
		_, err := s.pool.Exec(ctx, `INSERT INTO delivery_cursors (webhook, cursor, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (webhook) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, webhook, string(c), at)
		return err
	})
	return s.surface("delivery cursor of "+webhook, err)
}
