package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Where a community's summary is kept (migration 0011). The municipality
// index (0008) and the primary key (0010) carry the summary column, so
// that a portfolio page is an index-only scan; a B-tree entry holds at most
// 2704 bytes, so a summary of more than maxIndexedSummary bytes (the JSON
// the store writes, uncompressed) is kept in summary_big instead, which no
// index carries, and summary is NULL. The largest keys beside it in an
// entry, a municipality of 100 characters (at most 400 bytes) and an id of
// 100 bytes, leave it room within the 2704 bytes with the headers,
// whatever compression does. A page takes summary_big from the row only
// for the entries whose summary is NULL (bigSummaries).
const maxIndexedSummary = `2000`

// The SQL values of summary and summary_big for the summary in parameter
// $4 (a new community's) or $5 (an update's): one of them NULL.
const (
	summaryOf4 = `CASE WHEN octet_length($4::bytea) <= ` + maxIndexedSummary + ` THEN $4::bytea END, ` +
		`CASE WHEN octet_length($4::bytea) > ` + maxIndexedSummary + ` THEN $4::bytea END`
	summaryOf5 = `CASE WHEN octet_length($5::bytea) <= ` + maxIndexedSummary + ` THEN $5::bytea END, ` +
		`CASE WHEN octet_length($5::bytea) > ` + maxIndexedSummary + ` THEN $5::bytea END`
)

// selectBigSummaries reads the summaries kept in summary_big, by id. A
// summary that has shrunk since (a save moved it back) is taken from
// summary.
const selectBigSummaries = `SELECT id, coalesce(summary_big, summary) FROM communities WHERE id = ANY($1)`

// bigSummaries fills in the items of a page at the indexes big, whose
// summaries are in summary_big: one more query, only for a page that
// lists such a community. The page's items, their order and its cursor are
// the index's; a save committed between the two queries may make such an
// item's summary newer than the listing, as a save committed just after it
// would. Reading them in the listing's statement instead (a subquery under
// COALESCE, never run for a page without them) made every page slower,
// the subquery planned and set up on each execution: 3–20 % more per item
// (medians of 16 alternating runs of go run ./examples/bench/pg
// -saves=false -feed=false, load 3.1–5.3; a coordinator's own 18–20 %, a
// municipality's 3–16 %). Read afterwards, pages without a large summary
// cost what they did before 0011 (10 alternating runs, load 3.3–3.8:
// medians within 5 % either way).
func (s *Store) bigSummaries(ctx context.Context, items []lkt.Summary, big []int) error {
	ids := make([]string, len(big))
	for k, i := range big {
		ids[k] = string(items[i].ID)
	}
	rows, err := s.pool.Query(ctx, selectBigSummaries, ids)
	if err != nil {
		return err
	}
	found := make(map[string][]byte, len(big))
	var (
		id   string
		data []byte
	)
	if _, err := pgx.ForEachRow(rows, []any{&id, &data}, func() error {
		found[id] = slices.Clone(data)
		return nil
	}); err != nil {
		return err
	}
	for _, i := range big {
		data, ok := found[string(items[i].ID)]
		if !ok {
			return fmt.Errorf("the summary of %s is gone", items[i].ID)
		}
		if err := json.Unmarshal(data, &items[i]); err != nil {
			return fmt.Errorf("summary of %s: %w", items[i].ID, err)
		}
	}
	return nil
}
