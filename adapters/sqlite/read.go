package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// readStmts are prepared on the read pool.
type readStmts struct {
	load, exists, events, auditFrom, audit, auditAfter *sql.Stmt
	feed, feedEvent                                    *sql.Stmt
}

func (rs *readStmts) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&rs.load, `SELECT version, data FROM snapshots WHERE id = ?`},
		{&rs.exists, `SELECT 1 FROM snapshots WHERE id = ?`},
		{&rs.events, selectEvents},
		{&rs.auditFrom, selectAuditFrom},
		{&rs.audit, selectAudit},
		{&rs.auditAfter, selectAuditAfter},
		{&rs.feed, selectFeed},
		{&rs.feedEvent, selectFeedEvent},
	} {
		st, err := db.PrepareContext(ctx, p.q)
		if err != nil {
			return fmt.Errorf("sqlite: prepare %q: %w", p.q, err)
		}
		*p.st = st
	}
	return nil
}

// History is read off the index history_community, in the order it was
// written (see 0004_history.sql): a page is one or two ranges of it.
const (
	selectEvents = `SELECT data FROM history WHERE community = ? AND at_version > ? AND kind = 'e' ORDER BY at_version LIMIT ?`
	// A page of audit entries continues from the entry before it, at
	// at_version v: the rest of v's entries, then those of later versions.
	selectAuditFrom = `SELECT at_version FROM history WHERE seq = ? AND community = ? AND kind = 'a'`
	auditCols       = `at_version, seq, at, by_kind, by_id, by_name, action, operation, outcome, version`
	selectAudit     = `SELECT * FROM (SELECT ` + auditCols + ` FROM history
			WHERE community = ?1 AND at_version = ?2 AND seq > ?3 AND kind = 'a' ORDER BY seq LIMIT ?4)
		UNION ALL SELECT * FROM (SELECT ` + auditCols + ` FROM history
			WHERE community = ?1 AND at_version > ?2 AND kind = 'a' ORDER BY at_version, seq LIMIT ?4)
		ORDER BY at_version, seq LIMIT ?4`
	// From the start, or after a seq that is not one of the community's
	// entries (correct, but a walk from its first entry).
	selectAuditAfter = `SELECT ` + auditCols + ` FROM history
		WHERE community = ?1 AND seq > ?2 AND kind = 'a' ORDER BY at_version, seq LIMIT ?3`
)

// Load implements lkt.Store.
func (s *Store) Load(ctx context.Context, id lkt.ID) (lkt.Snapshot, int64, error) {
	if s.sole {
		// Every write to the file goes through this Store and updates the
		// cache as it commits: an entry is the stored state.
		if snap, version, ok := s.cache.cached(id); ok {
			return snap, version, nil
		}
	}
	m := s.cache.mark()
	var (
		version int64
		data    []byte
	)
	err := s.rs.load.QueryRowContext(ctx, string(id)).Scan(&version, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return lkt.Snapshot{}, 0, lkt.NotFoundError(id)
	}
	if err != nil {
		return lkt.Snapshot{}, 0, fmt.Errorf("sqlite: load %s: %w", id, err)
	}
	if snap, ok := s.cache.get(id, data); ok {
		return snap, version, nil
	}
	var snap lkt.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return lkt.Snapshot{}, 0, fmt.Errorf("sqlite: load %s: %w", id, err)
	}
	if s.cache != nil {
		s.cache.fill(m, id, version, data, cloneSnapshot(snap))
	}
	return snap, version, nil
}

// notFound reports whether community id is missing, for reads that found
// no rows and must tell "none yet" from "no such community".
func (s *Store) notFound(ctx context.Context, id lkt.ID) error {
	var one int
	err := s.rs.exists.QueryRowContext(ctx, string(id)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return lkt.NotFoundError(id)
	}
	return err
}

// Events implements lkt.Store.
func (s *Store) Events(ctx context.Context, id lkt.ID, after int64, limit int) ([]lkt.Event, error) {
	rows, err := s.rs.events.QueryContext(ctx, string(id), after, max(limit, 0))
	if err != nil {
		return nil, fmt.Errorf("sqlite: events of %s: %w", id, err)
	}
	defer rows.Close()
	var out []lkt.Event
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var e lkt.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, fmt.Errorf("sqlite: events of %s: %w", id, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: events of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, s.notFound(ctx, id)
	}
	return out, nil
}

// Audit implements lkt.Store.
func (s *Store) Audit(ctx context.Context, id lkt.ID, after int64, limit int) ([]lkt.AuditEntry, error) {
	// Entries recorded before this call are in the trail (see
	// auditJournal).
	if err := s.moveAudit(ctx); err != nil {
		return nil, fmt.Errorf("sqlite: audit of %s: %w", id, err)
	}
	// The entry before the page never changes, so the page itself is one
	// statement: one snapshot of the trail, which concurrent writes only
	// extend.
	var from int64
	err := s.rs.auditFrom.QueryRowContext(ctx, after, string(id)).Scan(&from)
	var rows *sql.Rows
	switch {
	case err == nil:
		rows, err = s.rs.audit.QueryContext(ctx, string(id), from, after, max(limit, 0))
	case errors.Is(err, sql.ErrNoRows):
		rows, err = s.rs.auditAfter.QueryContext(ctx, string(id), after, max(limit, 0))
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit of %s: %w", id, err)
	}
	defer rows.Close()
	var out []lkt.AuditEntry
	for rows.Next() {
		var (
			a                   lkt.AuditEntry
			at, atVersion       int64
			kind, by, action    string
			name, oper, outcome string
		)
		if err := rows.Scan(&atVersion, &a.Seq, &at, &kind, &by, &name, &action, &oper, &outcome, &a.Version); err != nil {
			return nil, err
		}
		a.Community, a.At = id, time.Unix(0, at).UTC()
		a.By = lkt.Principal{Kind: lkt.PrincipalKind(kind), ID: actormap.ActorID(by), Name: name}
		a.Action, a.Operation, a.Outcome = lkt.Action(action), oper, outcome
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: audit of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, s.notFound(ctx, id)
	}
	return out, nil
}

// querySQL says q in SQL. Every filter is an indexed column of
// communities (or the members table), and every index ends in the id, so
// SQLite walks one index in id order from the cursor and stops after a
// page: the cost follows the page, not the size of the portfolio.
func querySQL(q lkt.Query) (string, []any) {
	var b strings.Builder
	var args []any
	key := "c.id"
	if q.Member != "" {
		key = "m.community"
		// By the community's number: one descent per community listed
		// (see 0006_community_numbers.sql).
		b.WriteString(`SELECT c.summary FROM members m JOIN communities c ON c.n = m.n WHERE m.member = ? AND m.community > ?`)
		args = append(args, string(q.Member), string(q.After))
	} else {
		b.WriteString(`SELECT c.summary FROM communities c WHERE c.id > ?`)
		args = append(args, string(q.After))
	}
	if q.Municipality != "" {
		b.WriteString(` AND c.municipality = ?`)
		args = append(args, q.Municipality)
	}
	if q.Coordinator != "" {
		b.WriteString(` AND c.coordinator = ?`)
		args = append(args, string(q.Coordinator))
	}
	if q.Status != "" {
		b.WriteString(` AND c.status = ?`)
		args = append(args, string(q.Status))
	}
	if q.VacantRole {
		b.WriteString(` AND c.vacant_from <= ?`)
		args = append(args, nanos(q.At))
	}
	if q.ConsentWithdrawn {
		// A literal, so that the partial index on withdrawn consent applies.
		b.WriteString(` AND c.consent = 'withdrawn'`)
	}
	if q.OverdueEvaluation {
		b.WriteString(` AND c.evaluation_due < ?`)
		args = append(args, nanos(q.At))
	}
	if q.RedPhase {
		b.WriteString(` AND c.phase = 'red'`)
	}
	if q.DueBefore != nil {
		b.WriteString(` AND c.next_due < ?`)
		args = append(args, nanos(*q.DueBefore))
	}
	b.WriteString(` ORDER BY ` + key + ` LIMIT ?`)
	args = append(args, q.PageLimit()+1)
	return b.String(), args
}

// Query implements lkt.Store.
func (s *Store) Query(ctx context.Context, q lkt.Query) (lkt.Page, error) {
	text, args := querySQL(q)
	st, err := s.stmt(ctx, text)
	if err != nil {
		return lkt.Page{}, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return lkt.Page{}, fmt.Errorf("sqlite: query: %w", err)
	}
	defer rows.Close()
	limit := q.PageLimit()
	var page lkt.Page
	for rows.Next() {
		if len(page.Items) == limit {
			page.Next = page.Items[limit-1].ID
			break
		}
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return lkt.Page{}, err
		}
		var sum lkt.Summary
		if err := json.Unmarshal(data, &sum); err != nil {
			return lkt.Page{}, fmt.Errorf("sqlite: query: %w", err)
		}
		page.Items = append(page.Items, sum)
	}
	if err := rows.Err(); err != nil {
		return lkt.Page{}, fmt.Errorf("sqlite: query: %w", err)
	}
	return page, nil
}

// stmt returns the read pool's prepared statement for text. Queries come
// in a few dozen shapes, so they are prepared once each.
func (s *Store) stmt(ctx context.Context, text string) (*sql.Stmt, error) {
	if st, ok := s.qs.Load(text); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.r.PrepareContext(ctx, text)
	if err != nil {
		return nil, fmt.Errorf("sqlite: query: %w", err)
	}
	if prev, loaded := s.qs.LoadOrStore(text, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}
