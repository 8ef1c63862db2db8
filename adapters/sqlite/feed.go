package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// The feed is read off the index history_events (see 0007_feed.sql).
const (
	selectFeed      = `SELECT seq, data FROM history WHERE kind = 'e' AND seq > ? ORDER BY seq LIMIT ?`
	selectFeedEvent = `SELECT 1 FROM history WHERE seq = ? AND kind = 'e'`
)

// Feed implements lkt.ChangeFeed. A cursor is the seq of the entry's row
// in history, which orders the feed: SQLite commits one transaction at a
// time, and a row's seq is assigned in it, so seqs become visible in
// order and a reader never passes one that commits later (see
// 0007_feed.sql).
func (s *Store) Feed(ctx context.Context, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor, error) {
	var from int64
	if after != "" {
		n, err := strconv.ParseInt(string(after), 10, 64)
		if err != nil || n < 1 || strconv.FormatInt(n, 10) != string(after) {
			return nil, after, lkt.CursorError(after)
		}
		var one int
		err = s.rs.feedEvent.QueryRowContext(ctx, n).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, after, lkt.CursorError(after)
		}
		if err != nil {
			return nil, after, fmt.Errorf("sqlite: feed: %w", err)
		}
		from = n
	}
	rows, err := s.rs.feed.QueryContext(ctx, from, max(limit, 0))
	if err != nil {
		return nil, after, fmt.Errorf("sqlite: feed: %w", err)
	}
	defer rows.Close()
	next := after
	var out []lkt.FeedEntry
	for rows.Next() {
		var (
			seq  int64
			data []byte
			e    lkt.Event
		)
		if err := rows.Scan(&seq, &data); err != nil {
			return nil, after, fmt.Errorf("sqlite: feed: %w", err)
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, after, fmt.Errorf("sqlite: feed: event %d: %w", seq, err)
		}
		next = lkt.Cursor(strconv.FormatInt(seq, 10))
		out = append(out, lkt.FeedEntry{Cursor: next, Event: e})
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("sqlite: feed: %w", err)
	}
	return out, next, nil
}
