package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// A save is one statement (saveSQL), atomic on its own: sent without
// BEGIN or COMMIT, in a pipeline with one Sync (one implicit transaction,
// see sendSaves), it is one round trip, shared by the saves sent with it
// (group commit, see group.go). The community's row is written first,
// only over the version the writer expects; every other table is written from its RETURNING, so
// that a stale writer writes nothing, and answers 0 rather than an error.
// No statement touches a row another community's save touches: the
// events get their feed positions after COMMIT (see feed.go).
const (
	// The summary's filters, and open_patient: the key of the rule of one
	// open community per patient (see 0004_one_open_community.sql).
	filterCols = `municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, open_patient`
	// A new community: $1 id, $2 version, $3 snapshot, $4 summary,
	// $5–$13 the filters, $14 updated_at.
	// The summary goes to summary or, if larger than maxIndexedSummary,
	// to summary_big (see summary.go).
	insertCommunity = `INSERT INTO communities (id, version, snapshot, summary, summary_big, ` + filterCols + `, updated_at)
		VALUES ($1, $2, $3, ` + summaryOf4 + `, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING RETURNING id`
	// A stored one, only over the version the writer expects ($2). Under
	// READ COMMITTED a concurrent writer's update makes this one wait,
	// then re-check the version on the row that writer left: one of them
	// updates, the other finds no row and reports a conflict.
	updateCommunity = `UPDATE communities SET (version, snapshot, summary, summary_big, ` + filterCols + `, updated_at)
		= ($3, $4, ` + summaryOf5 + `, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) WHERE id = $1 AND version = $2 RETURNING id`
	selectVersion = `SELECT version FROM communities WHERE id = $1`
	// After the community's row (@up), from its RETURNING: members who
	// left are removed, new ones added, those who stay left alone (all of
	// them when @01 is NULL: the members are those stored, see
	// keepMembers); the
	// audit entries; the events, in their shard, without a feed position
	// yet, with the save's number in the order they are to be numbered in.
	// It answers whether the row was written. @01…@15 are the rest's
	// parameters, numbered after the community's (see saveStatement).
	saveSQL = `WITH up AS (@up),
	gone AS (DELETE FROM members WHERE @01::text[] IS NOT NULL AND community = (SELECT id FROM up) AND member <> ALL (@01::text[])),
	mem AS (INSERT INTO members (member, community) SELECT m, up.id FROM up, unnest(@01::text[]) AS m ON CONFLICT DO NOTHING),
	aud AS (INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		SELECT a.* FROM up, unnest(@02::text[], @03::bigint[], @04::text[], @05::text[], @06::text[], @07::text[], @08::text[], @09::text[], @10::bigint[])
			AS a (community, at, by_kind, by_id, by_name, action, operation, outcome, version)),
	ev AS (INSERT INTO events (community, seq, shard, save_order, at, type, data)
		SELECT up.id, e.seq, @11, o.n, e.at, e.type, e.data
		FROM up, (SELECT nextval('events_save_order') AS n) o, unnest(@12::bigint[], @13::bigint[], @14::text[], @15::bytea[]) AS e (seq, at, type, data))
	SELECT count(*) FROM up`
	insertAudit = `INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[])`
	// After a COMMIT whose answer was lost: the save is stored if the
	// community is at its version with its snapshot.
	selectSaved = `SELECT snapshot FROM communities WHERE id = $1 AND version = $2`
)

// updateMany saves several stored communities in one statement, as
// updateSave saves one: each community's row only over the version its
// writer expects, its members, audit entries and events only if its row
// was written. It answers the ids of the rows written. Its parameters are
// columns, a save a row (see manyArgs): $1–$16 the communities', $17–$18
// the members', $19–$27 the audit entries', $28–$32 the events', $33 the
// communities whose members are written (not those of keepMembers).
//
// One statement for n saves is what makes gathering saves pay on a busy
// server: the statement's fixed cost (the executor, the commit, the round
// trip) is paid once, not n times; a pipeline of n statements shares only
// the round trip and the commit. No two of its saves are of one community
// (sendSaves sends a second save of a community after it, on its own).
//
// Its UPDATE locks the rows in the order of its parameters — a nested
// loop over them, the primary key for each: the plan PostgreSQL makes for
// a table of more than a few pages — which are in the order of their ids;
// the statements sent alone after it lock rows of greater ids (see
// gather). So a pipeline locks its rows in the order of their ids, as a
// pipeline of single statements does, and two pipelines that share
// communities, in this process or another, wait for each other in one
// order and never deadlock (TestTwoServersGatheredSavesLoseNothing, on
// 2 000 communities). On a table of a few pages the planner may hash the
// parameters and scan the table instead, locking rows in the table's
// order: two servers saving the same few communities at the same moment
// then deadlock now and then (in 6 of 12 runs of that test on 4
// communities), which PostgreSQL breaks after deadlock_timeout (1 s by
// default), and the save is retried. Locking the rows in order first
// (a SELECT … FOR NO KEY UPDATE over the ids) removed that, and cost 8
// writers a sixth of their rate (0.52–0.56× raw pgx against 0.66×, four
// runs of each in alternating order): not kept.
const updateMany = `WITH u AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[],
		$6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::text[], $13::bigint[], $14::text[], $15::bigint[], $16::int[])
		AS u (id, expected, version, snapshot, summary, municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, open_patient, updated_at, shard)),
	up AS (UPDATE communities c SET (version, snapshot, summary, summary_big, ` + filterCols + `, updated_at)
		= (u.version, u.snapshot,
			CASE WHEN octet_length(u.summary) <= ` + maxIndexedSummary + ` THEN u.summary END, CASE WHEN octet_length(u.summary) > ` + maxIndexedSummary + ` THEN u.summary END,
			u.municipality, u.status, u.coordinator, u.consent, u.vacant_from, u.evaluation_due, u.phase, u.next_due, u.open_patient, u.updated_at)
		FROM u WHERE c.id = u.id AND c.version = u.expected RETURNING c.id, u.shard),
	m AS (SELECT * FROM unnest($17::text[], $18::text[]) AS m (community, member)),
	gone AS (DELETE FROM members x USING up WHERE x.community = up.id AND up.id = ANY ($33::text[])
		AND NOT EXISTS (SELECT 1 FROM m WHERE m.community = x.community AND m.member = x.member)),
	mem AS (INSERT INTO members (member, community) SELECT m.member, m.community FROM m JOIN up ON up.id = m.community ON CONFLICT DO NOTHING),
	aud AS (INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		SELECT a.* FROM unnest($19::text[], $20::bigint[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::bigint[])
			AS a (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		WHERE a.community IN (SELECT id FROM up)),
	ord AS (SELECT id, shard, nextval('events_save_order') AS n FROM up),
	ev AS (INSERT INTO events (community, seq, shard, save_order, at, type, data)
		SELECT e.community, e.seq, ord.shard, ord.n, e.at, e.type, e.data
		FROM unnest($28::text[], $29::bigint[], $30::bigint[], $31::text[], $32::bytea[]) AS e (community, seq, at, type, data)
		JOIN ord ON ord.id = e.community)
	SELECT id FROM up`

// manyArgs are updateMany's parameters for saves es.
func (s *Store) manyArgs(es []*encoded) []any {
	n := len(es)
	var (
		ids                = make([]string, 0, n)
		expected, versions = make([]int64, 0, n), make([]int64, 0, n)
		snapshots, sums    = make([][]byte, 0, n), make([][]byte, 0, n)
		filters            [9][]any
		updated            = make([]int64, 0, n)
		shards             = make([]int32, 0, n)
		memC, memM, memOf  []string
		audit              auditRows
		evC, evType        []string
		evSeq, evAt        []int64
		evData             [][]byte
	)
	for _, e := range es {
		ids = append(ids, e.id)
		expected, versions = append(expected, e.expected), append(versions, e.newVer)
		snapshots, sums = append(snapshots, e.snapshot), append(sums, e.sum)
		for j, f := range e.filters {
			filters[j] = append(filters[j], f)
		}
		updated = append(updated, e.updated)
		shards = append(shards, int32(s.shardOf(e.id)))
		if !e.keepMembers {
			memOf = append(memOf, e.id)
			for _, m := range e.members {
				memC, memM = append(memC, e.id), append(memM, m)
			}
		}
		audit.append(&e.audit)
		for range e.ev.seq {
			evC = append(evC, e.id)
		}
		evSeq, evAt = append(evSeq, e.ev.seq...), append(evAt, e.ev.at...)
		evType, evData = append(evType, e.ev.typ...), append(evData, e.ev.data...)
	}
	args := []any{ids, expected, versions, snapshots, sums}
	for _, f := range filters {
		args = append(args, f)
	}
	args = append(args, updated, shards, memC, memM)
	args = append(args, audit.args()...)
	return append(args, evC, evSeq, evAt, evType, evData, memOf)
}

// saveStatement is saveSQL over the community's statement, whose
// parameters are the first n.
func saveStatement(community string, n int) string {
	r := []string{"@up", community}
	for i := 1; i <= 15; i++ {
		r = append(r, fmt.Sprintf("@%02d", i), "$"+strconv.Itoa(n+i))
	}
	return strings.NewReplacer(r...).Replace(saveSQL)
}

var (
	insertSave = saveStatement(insertCommunity, 14)
	updateSave = saveStatement(updateCommunity, 15)
)

// updateOne is updateSave for the commonest save: a stored community's,
// with one event and one audit entry, and its members' rows left alone
// (keepMembers). Its parameters are values, not arrays, and it has no
// statements for the members: PostgreSQL decodes no array, unnests
// nothing and sets up no scan of members. A single writer saves about a
// tenth more per second with it than with updateSave (alternating runs
// of the library on two schemas, one writer: 1.02–1.24×, median 1.10×).
// $16–$24 are the audit entry's columns, $25 the shard, $26–$29 the
// event's seq, at, type and data.
const updateOne = `WITH up AS (` + updateCommunity + `),
	aud AS (INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		SELECT $16::text, $17::bigint, $18::text, $19::text, $20::text, $21::text, $22::text, $23::text, $24::bigint FROM up),
	ev AS (INSERT INTO events (community, seq, shard, save_order, at, type, data)
		SELECT up.id, $26::bigint, $25::int, nextval('events_save_order'), $27::bigint, $28::text, $29::bytea FROM up)
	SELECT count(*) FROM up`

// encoded is a save, encoded before any connection is taken.
type encoded struct {
	id               string
	expected, newVer int64
	snapshot, sum    []byte
	filters          []any
	updated          int64
	members          []string
	// keepMembers: the members are those stored at the expected version
	// (this process saved them, see snapCache.peopleAt), so the save
	// leaves the members' rows alone instead of checking each of them.
	keepMembers bool
	idem        *lkt.Idempotency
	ev          struct {
		seq, at []int64
		typ     []string
		data    [][]byte
	}
	audit auditRows
}

// auditRows are audit entries as the columns of insertAudit.
type auditRows struct {
	community, byKind, byID, byName, action, operation, outcome []string
	at, version                                                 []int64
}

func (a *auditRows) add(e lkt.AuditEntry) {
	a.community = append(a.community, string(e.Community))
	a.at = append(a.at, nanos(e.At))
	a.byKind = append(a.byKind, string(e.By.Kind))
	a.byID = append(a.byID, string(e.By.ID))
	a.byName = append(a.byName, e.By.Name)
	a.action = append(a.action, string(e.Action))
	a.operation = append(a.operation, e.Operation)
	a.outcome = append(a.outcome, e.Outcome)
	a.version = append(a.version, e.Version)
}

// append adds b's entries to a's.
func (a *auditRows) append(b *auditRows) {
	a.community = append(a.community, b.community...)
	a.at = append(a.at, b.at...)
	a.byKind = append(a.byKind, b.byKind...)
	a.byID = append(a.byID, b.byID...)
	a.byName = append(a.byName, b.byName...)
	a.action = append(a.action, b.action...)
	a.operation = append(a.operation, b.operation...)
	a.outcome = append(a.outcome, b.outcome...)
	a.version = append(a.version, b.version...)
}

func (a *auditRows) args() []any {
	return []any{a.community, a.at, a.byKind, a.byID, a.byName, a.action, a.operation, a.outcome, a.version}
}

func encode(in lkt.Save) (*encoded, error) {
	id := in.Snapshot.ID
	if id == "" || in.Summary.ID != id {
		return nil, fmt.Errorf("the snapshot (%q) and summary (%q) must name the same community", id, in.Summary.ID)
	}
	if in.Expected > 0 && len(in.Events) == 0 {
		// Another server's cached copy of the community is safe to decide
		// on only because every save moves the version (lkt.CachingStore).
		return nil, errors.New("a save of a stored community must record at least one event: its version is what other servers' writers check")
	}
	e := &encoded{id: string(id), expected: in.Expected, newVer: in.Expected + int64(len(in.Events)), updated: nanos(in.Summary.UpdatedAt), idem: in.Idempotency}
	var err error
	if e.snapshot, err = json.Marshal(in.Snapshot); err != nil {
		return nil, err
	}
	if e.sum, err = json.Marshal(in.Summary); err != nil {
		return nil, err
	}
	s := in.Summary
	var open *string
	if p := in.OpenPatient(); p != "" {
		open = &p
	}
	e.filters = []any{s.Municipality, string(s.Status), string(s.Coordinator), string(s.Consent),
		vacantFrom(s), optNanos(s.EvaluationDue), s.Phase, optNanos(s.NextDue), open}
	people := s.People()
	e.members = make([]string, len(people))
	for i, m := range people {
		e.members[i] = string(m)
	}
	for i, ev := range in.Events {
		if ev.Community != id || ev.Seq != in.Expected+int64(i)+1 {
			return nil, fmt.Errorf("event %d is %s#%d, want %s#%d", i, ev.Community, ev.Seq, id, in.Expected+int64(i)+1)
		}
		data, err := json.Marshal(ev)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", ev.Seq, err)
		}
		e.ev.seq = append(e.ev.seq, ev.Seq)
		e.ev.at = append(e.ev.at, nanos(ev.At))
		e.ev.typ = append(e.ev.typ, ev.Type())
		e.ev.data = append(e.ev.data, data)
	}
	for _, a := range in.Audit {
		e.audit.add(a)
	}
	return e, nil
}

// Save implements lkt.Store: the community's row, its members, the events
// and the audit entries in one transaction, committed (and so, with
// PostgreSQL's default synchronous_commit, on disk) before Save returns.
//
// A save is one statement, atomic on its own, so it needs no BEGIN and
// no COMMIT: it is sent in a pipeline ending in one Sync, which
// PostgreSQL runs as one implicit transaction (see commitBatch). Saves
// made at the same time in this process share that pipeline (group
// commit, see queueSave): one round trip and one flush of the log for all
// of them. A save with an idempotency key is refused whole when its key is
// taken, which takes a decision between statements: it is sent alone, in
// a transaction of its own (saveTx).
//
// A transient failure before the commit (a serialization failure, a lost
// connection, a server shutting down) is retried from the start: nothing
// committed. If the connection is lost when the commit may have happened,
// the store asks the database whether the save is stored before it either
// reports success or tries again (see resolve).
func (s *Store) Save(ctx context.Context, in lkt.Save) error {
	e, err := encode(in)
	if err != nil {
		return fmt.Errorf("postgres: save %s: %w", in.Snapshot.ID, err)
	}
	if people, ok := s.cache.peopleAt(in.Snapshot.ID, e.expected); ok && slices.Equal(people, e.members) {
		e.keepMembers = true
	}
	err = s.retry(ctx, func() error {
		var err error
		if e.idem != nil {
			err = s.saveTx(ctx, e)
		} else if err = s.queueSave(ctx, e); errors.Is(err, errBatchFailed) {
			// Another save of the batch failed it: this one alone.
			err = s.sendSaves(ctx, []*encoded{e})[0]
		}
		switch {
		case errors.Is(err, errCommitLost):
			return s.resolve(ctx, e, err)
		case errors.Is(err, errNotWritten):
			return s.conflict(ctx, e)
		}
		return err
	})
	if err == nil && len(e.ev.seq) > 0 {
		s.wakeNumberer()
	}
	if err == nil && in.SnapshotJSON != nil {
		*in.SnapshotJSON = e.snapshot // what encoding/json writes; never changed (the cache shares it)
	}
	if err == nil && s.cache != nil {
		// What was stored, for the next Load (in this process, the next
		// command on the community) to use without decoding.
		s.cache.put(in.Snapshot.ID, e.newVer, e.snapshot, in.Snapshot.Clone(), e.members)
	}
	return s.surface("save "+e.id, err)
}

var (
	// errCommitLost marks a commit whose answer never came.
	errCommitLost = errors.New("connection lost during COMMIT")
	// errNotWritten: the save's statement found the community at another
	// version (or, for a new one, already there) and wrote nothing.
	errNotWritten = errors.New("not written")
	// errBatchFailed: a statement of the pipeline the save was in failed,
	// so PostgreSQL rolled back all of it; the save is to be sent alone.
	errBatchFailed = errors.New("another save of its batch failed")
)

// conflict reports e's save as not written: a lkt.Conflict with the
// version the community is at.
func (s *Store) conflict(ctx context.Context, e *encoded) error {
	var actual int64
	if err := s.pool.QueryRow(ctx, selectVersion, e.id).Scan(&actual); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return lkt.ConflictError(lkt.ID(e.id), e.expected, actual)
}

// statement is e's save statement and its parameters.
func (s *Store) statement(e *encoded) (string, []any) {
	if e.expected > 0 && e.keepMembers && len(e.ev.seq) == 1 && len(e.audit.community) == 1 && !s.generalSaves {
		a := &e.audit
		return updateOne, append(append([]any{e.id, e.expected, e.newVer, e.snapshot, e.sum}, e.filters...), e.updated,
			a.community[0], a.at[0], a.byKind[0], a.byID[0], a.byName[0], a.action[0], a.operation[0], a.outcome[0], a.version[0],
			s.shardOf(e.id), e.ev.seq[0], e.ev.at[0], e.ev.typ[0], e.ev.data[0])
	}
	var members any = e.members
	if e.keepMembers {
		members = nil // NULL: see saveSQL
	}
	rest := []any{members}
	rest = append(rest, e.audit.args()...)
	rest = append(rest, s.shardOf(e.id), e.ev.seq, e.ev.at, e.ev.typ, e.ev.data)
	if e.expected == 0 {
		return insertSave, append(append([]any{e.id, e.newVer, e.snapshot, e.sum}, e.filters...), append([]any{e.updated}, rest...)...)
	}
	return updateSave, append(append([]any{e.id, e.expected, e.newVer, e.snapshot, e.sum}, e.filters...), append([]any{e.updated}, rest...)...)
}

// sendSaves sends the saves' statements in one pipeline with one Sync,
// which PostgreSQL runs as one implicit transaction, committed after the
// last statement: one round trip, one flush of the log. It returns each
// save's outcome:
//
//   - nil: stored;
//   - errNotWritten: its statement wrote nothing (a stale version), which
//     is no error to PostgreSQL: the others are stored. A later save of
//     the same community in the pipeline sees the earlier one's row, so
//     of two saves over one version the second is not written;
//   - errBatchFailed, for every save of a pipeline of several, if a
//     statement failed (a unique violation, say): PostgreSQL rolled back
//     all of them, and each is sent again alone, so that one save's
//     failure is never another's;
//   - a transient error, for every save, if the server aborted the
//     transaction for a reason of the moment (it did not commit);
//   - errCommitLost, for every save, if the connection failed once the
//     pipeline was sent: it may have committed.
func (s *Store) sendSaves(ctx context.Context, es []*encoded) []error {
	out := make([]error, len(es))
	fail := func(err error) []error {
		for i := range out {
			out[i] = err
		}
		return out
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fail(err)
	}
	defer conn.Release()
	// In the order of the communities' ids, so that two pipelines (of two
	// processes) lock the rows they share in the same order and never
	// deadlock; two saves of one community keep their order.
	order := make([]int, len(es))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(es[a].id, es[b].id) })
	many, alone := gather(es, order)
	b := &pgx.Batch{}
	if len(many) > 0 {
		b.Queue(updateMany, s.manyArgs(many)...)
	}
	for _, i := range alone {
		sql, args := s.statement(es[i])
		b.Queue(sql, args...)
	}
	if s.beforeCommit != "" {
		b.Queue(s.beforeCommit)
	}
	s.batches.Add(1)
	br := conn.SendBatch(ctx, b)
	written := make([]int64, len(es))
	if len(many) > 0 {
		err = s.readWritten(br, es, written)
	}
	for _, i := range alone {
		if err != nil {
			break
		}
		err = br.QueryRow().Scan(&written[i])
	}
	if err == nil && s.beforeCommit != "" {
		_, err = br.Exec()
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	var pe *pgconn.PgError
	switch {
	case err == nil:
	case errors.As(err, &pe) && !transient(err) && len(es) > 1:
		return fail(errBatchFailed)
	case errors.As(err, &pe) && isOpenPatientTaken(err):
		return fail(lkt.OneOpenCommunityError())
	case errors.As(err, &pe), pgconn.SafeToRetry(err):
		return fail(err) // the server refused it, or it was never sent: not committed
	default:
		return fail(fmt.Errorf("%w: %w", errCommitLost, err))
	}
	for i, w := range written {
		if w != 1 {
			out[i] = errNotWritten
		}
	}
	return out
}

// gather splits saves es, taken in order (of their communities' ids),
// into those sent in one updateMany statement and those sent alone, each
// in its own statement, in order, after it. updateMany takes the saves of
// stored communities from the first on, up to the first save of a new
// community or of a community saved twice in the pipeline: of two saves
// of one community, the second must see the first's row, as it does one
// statement later; and every save after that one goes alone too, so that
// the rows are locked in the order of their ids (see updateMany). With
// fewer than two to gather, all are sent alone.
func gather(es []*encoded, order []int) (many []*encoded, alone []int) {
	saves := make(map[string]int, len(es))
	for _, e := range es {
		saves[e.id]++
	}
	n := 0
	for _, i := range order {
		if e := es[i]; e.expected == 0 || saves[e.id] > 1 {
			break
		}
		n++
	}
	if n < 2 {
		return nil, order
	}
	for _, i := range order[:n] {
		many = append(many, es[i])
	}
	return many, order[n:]
}

// readWritten reads updateMany's answer, the ids of the rows it wrote,
// and marks the saves of es it wrote in written.
func (s *Store) readWritten(br pgx.BatchResults, es []*encoded, written []int64) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	at := make(map[string]int, len(es))
	for i, e := range es {
		at[e.id] = i
	}
	var id string
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		written[at[id]] = 1
		return nil
	})
	return err
}

// saveTx stores a save with an idempotency key in a transaction of its
// own: the key first, then the save, and COMMIT only if the key was free
// and the save written.
func (s *Store) saveTx(ctx context.Context, e *encoded) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	committed := false
	defer func() {
		if !committed && !conn.Conn().IsClosed() {
			_, _ = conn.Exec(context.Background(), "ROLLBACK") // a pool connection is returned outside any transaction
		}
	}()
	args, err := idempotencyArgs(e.idem)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(forgetIdempotency, args[0], args[8])
	b.Queue(upsertIdempotency, args...)
	sql, sargs := s.statement(e)
	b.Queue(sql, sargs...)
	var keyTaken bool
	var written int64
	var tag pgconn.CommandTag
	br := conn.SendBatch(ctx, b)
	if _, err = br.Exec(); err == nil {
		if _, err = br.Exec(); err == nil {
			tag, err = br.Exec()
			keyTaken = err == nil && tag.RowsAffected() == 0
		}
	}
	if err == nil {
		err = br.QueryRow().Scan(&written)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if isOpenPatientTaken(err) {
		return lkt.OneOpenCommunityError()
	}
	if err != nil {
		return err
	}
	if written != 1 {
		return errNotWritten
	}
	if keyTaken {
		return lkt.IdempotencyKeyTakenError()
	}
	if s.beforeCommit != "" {
		if _, err := conn.Exec(ctx, s.beforeCommit); err != nil {
			return err
		}
	}
	tag, err = conn.Exec(ctx, "COMMIT")
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return err // the server refused it: not committed
		}
		return fmt.Errorf("%w: %w", errCommitLost, err)
	}
	committed = true
	if tag.String() != "COMMIT" {
		return pgx.ErrTxCommitRollback
	}
	return nil
}

// resolve finds out whether a save whose COMMIT lost its answer is
// stored: if the community is at the save's version with its snapshot, it
// is (the snapshot holds the events' authors and times, so another
// writer's save does not look the same). If it is not, the save did not
// commit and is tried again, which is safe; if the database cannot be
// asked within the retries, the caller is told the outcome is unknown.
func (s *Store) resolve(ctx context.Context, e *encoded, cause error) error {
	var stored []byte
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx, selectSaved, e.id, e.newVer).Scan(&stored)
	})
	switch {
	case err == nil && bytes.Equal(stored, e.snapshot):
		return nil
	case err == nil || errors.Is(err, pgx.ErrNoRows):
		return cause // not stored (or another save is): retry, which reports a conflict if so
	}
	return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
}

// RecordAudit implements lkt.Store: the entries are inserted in one
// statement, committed on its own before RecordAudit returns. It is
// retried only if the statement never reached the server, so that an
// entry is not recorded twice.
func (s *Store) RecordAudit(ctx context.Context, entries ...lkt.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	var rows auditRows
	for _, a := range entries {
		rows.add(a)
	}
	var lost error // the statement was sent and the answer lost: it may have committed
	err := s.retry(ctx, func() error {
		_, err := s.pool.Exec(ctx, insertAudit, rows.args()...)
		var pe *pgconn.PgError
		if err != nil && transient(err) && !errors.As(err, &pe) && !pgconn.SafeToRetry(err) {
			lost = err
			return nil
		}
		return err
	})
	if lost != nil {
		return lkt.UnavailableError(fmt.Errorf("postgres: record audit (the entries may or may not be stored): %w", lost))
	}
	return s.surface("record audit", err)
}

var (
	minTime = time.Unix(0, math.MinInt64+1)
	maxTime = time.Unix(0, math.MaxInt64)
)

// nanos stores a time as unix nanoseconds, clamped to what fits.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return math.MinInt64 + 1
	case t.After(maxTime):
		return math.MaxInt64
	}
	return t.UnixNano()
}

// optNanos stores an optional time; NULL for none.
func optNanos(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	n := nanos(*t)
	return &n
}

// vacantFrom is the moment from which s has a vacant mandatory role, so
// that lkt.Summary.VacantOn(at) is "vacant_from <= at" in SQL: always if a
// role is vacant now, from the day a holder leaves, or never (NULL).
func vacantFrom(s lkt.Summary) *int64 {
	if len(s.VacantRoles) > 0 {
		n := int64(math.MinInt64)
		return &n
	}
	return optNanos(s.HoldersLeaveOn)
}
