package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// DeliveryCursor returns the feed cursor up to which webhook has been
// delivered ("" if it never was). See adapters/webhook.
func (s *Store) DeliveryCursor(ctx context.Context, webhook string) (lkt.Cursor, error) {
	var c string
	err := s.r.QueryRowContext(ctx, `SELECT cursor FROM delivery_cursors WHERE webhook = ?`, webhook).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: delivery cursor of %s: %w", webhook, err)
	}
	return lkt.Cursor(c), nil
}

// SetDeliveryCursor records that webhook has been delivered up to cursor
// c. It returns once that is on disk, as a save does.
func (s *Store) SetDeliveryCursor(ctx context.Context, webhook string, c lkt.Cursor) error {
	at := time.Now().UnixNano()
	err := s.write(&op{ctx: ctx, fn: func(w *wconn) error {
		_, err := w.exec(`INSERT INTO delivery_cursors (webhook, cursor, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (webhook) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, webhook, string(c), at)
		return err
	}})
	if err != nil {
		return fmt.Errorf("sqlite: delivery cursor of %s: %w", webhook, err)
	}
	return nil
}
