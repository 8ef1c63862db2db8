package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

const (
	selectSnapshot = `SELECT version, snapshot FROM communities WHERE id = $1`
	selectExists   = `SELECT 1 FROM communities WHERE id = $1`
	selectEvents   = `SELECT data FROM events WHERE community = $1 AND seq > $2 ORDER BY seq LIMIT $3`
	selectAudit    = `SELECT seq, at, by_kind, by_id, by_name, action, operation, outcome, version
		FROM audit WHERE community = $1 AND seq > $2 ORDER BY seq LIMIT $3`
)

// Load implements lkt.Store. Every Load reads the stored row, so a save
// acknowledged by any process is seen by the next Load in every other
// (read-your-writes across servers), and nothing needs telling when
// another process writes; the cache (see snapCache) only spares decoding
// bytes already decoded.
func (s *Store) Load(ctx context.Context, id lkt.ID) (lkt.Snapshot, int64, error) {
	var (
		version int64
		data    []byte
	)
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx, selectSnapshot, string(id)).Scan(&version, &data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return lkt.Snapshot{}, 0, lkt.NotFoundError(id)
	}
	if err != nil {
		return lkt.Snapshot{}, 0, s.surface("load "+string(id), err)
	}
	if snap, ok := s.cache.get(id, data); ok {
		return snap, version, nil
	}
	var snap lkt.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return lkt.Snapshot{}, 0, fmt.Errorf("postgres: load %s: %w", id, err)
	}
	if s.cache != nil {
		mine := snap.Clone() // before the put: once cached, snap may be taken and changed
		s.cache.put(id, version, data, snap, nil)
		snap = mine
	}
	return snap, version, nil
}

// notFound reports whether community id is missing, for reads that found
// no rows and must tell "none yet" from "no such community".
func (s *Store) notFound(ctx context.Context, id lkt.ID) error {
	var one int
	err := s.retry(ctx, func() error { return s.pool.QueryRow(ctx, selectExists, string(id)).Scan(&one) })
	if errors.Is(err, pgx.ErrNoRows) {
		return lkt.NotFoundError(id)
	}
	return err
}

// Cached implements lkt.CachingStore: community id as this process last
// read or wrote it, without reading the row, for a command to be decided
// on and saved over its version (see snapCache). Reads never use it.
func (s *Store) Cached(id lkt.ID) (lkt.Snapshot, int64, bool) {
	return s.cache.take(id)
}

// Events implements lkt.Store.
func (s *Store) Events(ctx context.Context, id lkt.ID, after int64, limit int) ([]lkt.Event, error) {
	var out []lkt.Event
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.pool.Query(ctx, selectEvents, string(id), after, max(limit, 0))
		if err != nil {
			return err
		}
		var data []byte
		_, err = pgx.ForEachRow(rows, []any{&data}, func() error {
			var e lkt.Event
			if err := json.Unmarshal(data, &e); err != nil {
				return fmt.Errorf("event of %s: %w", id, err)
			}
			out = append(out, e)
			return nil
		})
		return err
	})
	if err == nil && len(out) == 0 {
		err = s.notFound(ctx, id)
	}
	if err != nil {
		return nil, s.surface("events of "+string(id), err)
	}
	return out, nil
}

// Audit implements lkt.Store.
func (s *Store) Audit(ctx context.Context, id lkt.ID, after int64, limit int) ([]lkt.AuditEntry, error) {
	var out []lkt.AuditEntry
	err := s.retry(ctx, func() error {
		out = out[:0]
		rows, err := s.pool.Query(ctx, selectAudit, string(id), after, max(limit, 0))
		if err != nil {
			return err
		}
		var (
			a                            lkt.AuditEntry
			at                           int64
			kind, by, action, oper, name string
		)
		_, err = pgx.ForEachRow(rows, []any{&a.Seq, &at, &kind, &by, &name, &action, &oper, &a.Outcome, &a.Version}, func() error {
			a.Community, a.At = id, time.Unix(0, at).UTC()
			a.By = lkt.Principal{Kind: lkt.PrincipalKind(kind), ID: actormap.ActorID(by), Name: name}
			a.Action, a.Operation = lkt.Action(action), oper
			out = append(out, a)
			return nil
		})
		return err
	})
	if err == nil && len(out) == 0 {
		err = s.notFound(ctx, id)
	}
	if err != nil {
		return nil, s.surface("audit of "+string(id), err)
	}
	return out, nil
}

// querySQL says q in SQL. Every filter is an indexed column of
// communities (or the members table), and every index ends in the id, so
// the server walks one index in id order from the cursor (keyset paging)
// and stops after a page: the cost follows the page, not the size of the
// portfolio. A member's own page walks the member's members entries and
// takes each summary from the primary key, which carries it (migration
// 0010), without reading the communities' rows. An entry whose summary
// is NULL there (too large for an index entry, migration 0011) is listed
// with its id, and Query reads its summary from the row (bigSummaries).
// TestPortfolioPlansUseIndexes checks the plans.
func querySQL(q lkt.Query) (string, []any) {
	var b strings.Builder
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	key := "c.id"
	if q.Member != "" {
		key = "m.community"
		b.WriteString(`SELECT m.community, c.summary FROM members m JOIN communities c ON c.id = m.community WHERE m.member = ` + arg(string(q.Member)) +
			` AND m.community > ` + arg(string(q.After)))
	} else {
		b.WriteString(`SELECT c.id, c.summary FROM communities c WHERE c.id > ` + arg(string(q.After)))
	}
	if q.Municipality != "" {
		b.WriteString(` AND c.municipality = ` + arg(q.Municipality))
	}
	if q.Coordinator != "" {
		b.WriteString(` AND c.coordinator = ` + arg(string(q.Coordinator)))
	}
	if q.Status != "" {
		b.WriteString(` AND c.status = ` + arg(string(q.Status)))
	}
	if q.VacantRole {
		b.WriteString(` AND c.vacant_from <= ` + arg(nanos(q.At)))
	}
	if q.ConsentWithdrawn {
		// Literals, so that the partial indexes apply.
		b.WriteString(` AND c.consent = 'withdrawn'`)
	}
	if q.OverdueEvaluation {
		b.WriteString(` AND c.evaluation_due < ` + arg(nanos(q.At)))
	}
	if q.RedPhase {
		b.WriteString(` AND c.phase = 'red'`)
	}
	if q.DueBefore != nil {
		b.WriteString(` AND c.next_due < ` + arg(nanos(*q.DueBefore)))
	}
	b.WriteString(` ORDER BY ` + key + ` LIMIT ` + arg(q.PageLimit()+1))
	return b.String(), args
}

// Query implements lkt.Store.
func (s *Store) Query(ctx context.Context, q lkt.Query) (lkt.Page, error) {
	text, args := querySQL(q)
	limit := q.PageLimit()
	var page lkt.Page
	err := s.retry(ctx, func() error {
		page = lkt.Page{}
		rows, err := s.pool.Query(ctx, text, args...)
		if err != nil {
			return err
		}
		var (
			id   pgtype.DriverBytes // valid for the row only: not copied unless needed
			data []byte
			big  []int // the items whose summary is in summary_big
		)
		_, err = pgx.ForEachRow(rows, []any{&id, &data}, func() error {
			if len(page.Items) == limit {
				page.Next = page.Items[limit-1].ID
				return nil
			}
			var sum lkt.Summary
			if data == nil {
				sum.ID = lkt.ID(id) // copied; read by bigSummaries
				big = append(big, len(page.Items))
			} else if err := json.Unmarshal(data, &sum); err != nil {
				return err
			}
			page.Items = append(page.Items, sum)
			return nil
		})
		if err == nil && len(big) > 0 {
			err = s.bigSummaries(ctx, page.Items, big)
		}
		return err
	})
	if err != nil {
		return lkt.Page{}, s.surface("query", err)
	}
	return page, nil
}
