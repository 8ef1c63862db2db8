package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// maxBatch bounds how many queued writes share one transaction.
const maxBatch = 128

// op is one write waiting for the writer.
type op struct {
	ctx       context.Context
	fn        func(w *wconn) error
	committed func()     // run by the writer once fn's transaction committed; may be nil
	done      chan error // the outcome, or errLead
}

// errLead tells a waiting op's caller that it is now the writer.
var errLead = errors.New("sqlite: lead")

// write queues o and waits until o.fn is committed (or refused). fn may
// run more than once, in successive transactions, if a write batched with
// it fails the transaction or is refused; it must only issue SQL.
// o.committed, if not nil, runs after the commit and before write returns,
// in commit order.
//
// There is no writer goroutine: the caller that finds the writer idle
// becomes the writer and commits its own write, so a lone writer pays no
// hand-over between goroutines. Writes queued meanwhile are committed by
// the next writer — the caller of the oldest of them — all together, in
// one transaction (group commit).
func (s *Store) write(o *op) error {
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	if err := o.ctx.Err(); err != nil {
		return err
	}
	o.done = make(chan error, 1)
	s.wmu.Lock()
	if s.closed {
		s.wmu.Unlock()
		return ErrClosed
	}
	s.queue = append(s.queue, o)
	if s.writing {
		s.wmu.Unlock()
		// Once queued, the outcome is reported whatever ctx does: a
		// caller must not be told "cancelled" about a write that was
		// stored.
		if err := <-o.done; err != errLead {
			return err
		}
		s.wmu.Lock()
	}
	s.writing = true
	s.lead()
	return <-o.done
}

// lead commits the oldest queued writes (the caller's among them) as the
// writer, then hands the writer's part to the caller of the next queued
// write, if any. s.wmu is held on entry and released on return.
func (s *Store) lead() {
	n := min(len(s.queue), maxBatch)
	batch := make([]*op, n)
	copy(batch, s.queue)
	s.queue = append(s.queue[:0], s.queue[n:]...)
	s.wmu.Unlock()
	for len(batch) > 0 {
		batch = s.commit(batch)
	}
	s.wmu.Lock()
	handOver := len(s.queue) > 0
	if handOver {
		s.queue[0].done <- errLead
	} else {
		s.writing = false
		s.idle.Broadcast()
	}
	s.wmu.Unlock()
	if handOver {
		// Let the next writer start now, not after this caller has
		// answered its own request: every queued write waits for it.
		runtime.Gosched()
	}
}

// commit runs batch in one transaction and reports to each op. If an op
// fails (an I/O error, a full disk) or is refused (a conflict), the
// transaction is rolled back: that op gets the error, and the others are
// returned to be run again in a new transaction.
func (s *Store) commit(batch []*op) (again []*op) {
	var (
		ok        []*op
		taken     []journalRecord // journalled audit entries this transaction moves
		committed bool
		start     time.Time
	)
	err := s.onWriter(func(w *wconn) error {
		// Statements run on a background context (see wconn): cancelling
		// one statement of an explicit transaction makes SQLite roll back
		// all of it.
		start = time.Now()
		if _, err := w.exec("BEGIN IMMEDIATE"); err != nil {
			return err
		}
		clear(s.inTx)
		// Audit entries journalled before this transaction come before
		// its writes (see auditJournal).
		if s.journal != nil {
			if taken = s.journal.take(); len(taken) > 0 {
				if err := moveJournal(w, taken); err != nil {
					s.rollback(w)
					return err
				}
			}
		}
		ok = make([]*op, 0, len(batch))
		for i, o := range batch {
			if err := o.ctx.Err(); err != nil {
				o.done <- err
				continue
			}
			// No savepoint per op (two statements more per write). An op
			// that fails or is refused (a conflict; rare) ends the
			// transaction, in case it wrote anything first, and the
			// others run again in a new one.
			if err := o.fn(w); err != nil {
				again = s.abort(w, o, err, ok, batch[i+1:])
				ok = nil
				return nil
			}
			ok = append(ok, o)
		}
		if len(ok) == 0 && len(taken) == 0 {
			s.rollback(w)
			return nil
		}
		if _, err := w.exec("COMMIT"); err != nil {
			s.rollback(w)
			return err
		}
		committed = true
		s.stats.commits.Add(1)
		s.stats.commitNanos.Add(int64(time.Since(start)))
		return nil
	})
	if err != nil || committed {
		s.health.wrote(classify(err))
	}
	if len(taken) > 0 {
		if committed {
			_ = s.journal.moved(taken) // a file not emptied is emptied by a later move
		} else {
			s.journal.giveBack(taken)
		}
	}
	if err != nil {
		err = classify(err)
		if ok == nil {
			ok = batch // BEGIN or the move failed: nobody was told
		}
		for _, o := range ok {
			o.done <- err
		}
		return nil
	}
	if len(ok) == 0 {
		return again
	}
	for _, o := range ok {
		if o.committed != nil {
			o.committed()
		}
		o.done <- nil
	}
	return nil
}

// abort rolls the transaction back after o failed or was refused, reports
// that to o and returns the ops to run again.
func (s *Store) abort(w *wconn, o *op, err error, done, rest []*op) []*op {
	s.rollback(w)
	err = classify(err)
	s.health.wrote(err)
	o.done <- err
	return append(done, rest...)
}

// rollback ends the transaction, which a failed COMMIT can leave open.
func (s *Store) rollback(w *wconn) { _, _ = w.exec("ROLLBACK") }

// filterCols are the summary's indexed columns, in statement order, and
// open_patient, the key of the rule of one open community per patient.
const filterCols = `municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, open_patient`

// The writer's statements (see wconn).
const (
	// The stored version, filters and members, in one statement.
	selectStored = `SELECT s.version, ` + filterCols + `,
		(SELECT json_group_array(member) FROM members WHERE community = s.id)
		FROM snapshots s JOIN communities c ON c.id = s.id WHERE s.id = ?`
	insertCommunity = `INSERT INTO communities (id, ` + filterCols + `, updated_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	updateSummary   = `UPDATE communities SET updated_at = ?, summary = ? WHERE id = ?`
	updateFilters   = `UPDATE communities SET (` + filterCols + `, updated_at, summary) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`
	insertSnapshot  = `INSERT INTO snapshots (id, version, data) VALUES (?, ?, ?)`
	// Only over the version the writer expects: the writer's knowledge of
	// what is stored is checked by the database too.
	updateSnapshot = `UPDATE snapshots SET version = ?, data = ? WHERE id = ? AND version = ?`
	insertMember   = `INSERT OR IGNORE INTO members (member, community, n) VALUES (?1, ?2, (SELECT n FROM communities WHERE id = ?2))`
	deleteMember   = `DELETE FROM members WHERE member = ? AND community = ?`
	// An audit entry recorded on its own: at_version is the version
	// stored now (see 0004_history.sql).
	insertAuditEntry = `INSERT INTO history (community, at_version, kind, at, by_kind, by_id, by_name, action, operation, outcome, version)
		VALUES (?1, coalesce((SELECT version FROM snapshots WHERE id = ?1), 0), 'a', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`
)

// stored is what a community's rows hold, as the writer stored them: its
// version, its summary's filters and its members. The writer keeps it in
// the cache with the snapshot (it is the file's only writer),
// so that a save writes what changed without first reading the rows back.
type stored struct {
	version int64
	filters filters
	members []string
}

// filters are a summary's indexed column values, comparable with ==.
type filters struct {
	municipality, status, coordinator, consent string
	vacantFrom, evaluationDue                  sql.NullInt64
	phase                                      string
	nextDue                                    sql.NullInt64
	openPatient                                sql.NullString // lkt.Save.OpenPatient, NULL for ""
}

func filtersOf(in lkt.Save) filters {
	s := in.Summary
	open := in.OpenPatient()
	return filters{s.Municipality, string(s.Status), string(s.Coordinator), string(s.Consent),
		vacantFrom(s), optNanos(s.EvaluationDue), s.Phase, optNanos(s.NextDue), sql.NullString{String: open, Valid: open != ""}}
}

func (f filters) args() []any {
	return []any{f.municipality, f.status, f.coordinator, f.consent, f.vacantFrom, f.evaluationDue, f.phase, f.nextDue, f.openPatient}
}

type encodedEvent struct {
	seq  int64
	typ  string
	at   int64
	data []byte
}

// Save implements lkt.Store. Everything is encoded before the write is
// queued, so the writer's transaction only runs SQL.
func (s *Store) Save(ctx context.Context, in lkt.Save) error {
	id := in.Snapshot.ID
	if id == "" || in.Summary.ID != id {
		return fmt.Errorf("sqlite: save: the snapshot (%q) and summary (%q) must name the same community", id, in.Summary.ID)
	}
	snap, err := json.Marshal(in.Snapshot)
	if err != nil {
		return fmt.Errorf("sqlite: save %s: %w", id, err)
	}
	if in.SnapshotJSON != nil {
		*in.SnapshotJSON = snap // the database keeps its own copy
	}
	sum, err := json.Marshal(in.Summary)
	if err != nil {
		return fmt.Errorf("sqlite: save %s: %w", id, err)
	}
	events := make([]encodedEvent, len(in.Events))
	for i, e := range in.Events {
		if e.Community != id || e.Seq != in.Expected+int64(i)+1 {
			return fmt.Errorf("sqlite: save %s: event %d is %s#%d, want %s#%d", id, i, e.Community, e.Seq, id, in.Expected+int64(i)+1)
		}
		data, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("sqlite: save %s: event %d: %w", id, e.Seq, err)
		}
		events[i] = encodedEvent{e.Seq, e.Type(), nanos(e.At), data}
	}
	now := &stored{version: in.Expected + int64(len(in.Events)), filters: filtersOf(in)}
	for _, m := range in.Summary.People() {
		now.members = append(now.members, string(m))
	}
	// A copy for the cache, made here rather than in the writer, where
	// every write waits for it: in.Snapshot is the live community's.
	var cached lkt.Snapshot
	if s.cache != nil {
		cached = cloneSnapshot(in.Snapshot)
	}
	updated := nanos(in.Summary.UpdatedAt)
	err = s.write(&op{ctx: ctx, fn: func(w *wconn) error {
		was, err := s.storedState(w, id)
		if err != nil {
			return err
		}
		if in.Idempotency != nil {
			if err := saveIdempotency(w, in.Idempotency); err != nil {
				return err
			}
		}
		if was == nil {
			if in.Expected != 0 {
				return lkt.ConflictError(id, in.Expected, 0)
			}
			args := append(append([]any{string(id)}, now.filters.args()...), updated, sum)
			if _, err := w.exec(insertCommunity, args...); err != nil {
				return openPatientTaken(err)
			}
			if _, err := w.exec(insertSnapshot, string(id), now.version, snap); err != nil {
				return err
			}
		} else {
			if in.Expected == 0 || was.version != in.Expected {
				return lkt.ConflictError(id, in.Expected, was.version)
			}
			// An update touches only what changed, so that a save
			// rewrites the pages of the indexes whose values moved and
			// no others.
			if now.filters == was.filters {
				_, err = w.exec(updateSummary, updated, sum, string(id))
			} else {
				_, err = w.exec(updateFilters, append(now.filters.args(), updated, sum, string(id))...)
			}
			if err != nil {
				return openPatientTaken(err)
			}
			n, err := w.exec(updateSnapshot, now.version, snap, string(id), in.Expected)
			if err != nil {
				return err
			}
			if n != 1 {
				return fmt.Errorf("community %s is not stored at version %d, as this Store last wrote it: has another program written the file?", id, in.Expected)
			}
		}
		if err := saveMembers(w, id, now.members, was); err != nil {
			return err
		}
		if err := s.appendHistory(w, id, now.version, events, in.Audit); err != nil {
			return err
		}
		s.inTx[id] = now
		return nil
	}, committed: func() {
		// The next Load of id, typically the next command's, finds the
		// snapshot decoded, and the next save what it needs to know.
		s.cache.put(id, now.version, snap, cached, now)
	}})
	return surface(fmt.Sprintf("save %s", id), err)
}

// storedState returns what community id's rows hold (nil if there are
// none), within the writer's transaction: what this transaction wrote, or
// what the writer last stored (the cache keeps it; every write to the
// file goes through this Store), or else what the rows say.
func (s *Store) storedState(w *wconn, id lkt.ID) (*stored, error) {
	if st := s.inTx[id]; st != nil {
		return st, nil
	}
	if st := s.cache.stored(id); st != nil {
		return st, nil
	}
	var (
		st      stored
		members []byte
	)
	f := &st.filters
	found, err := w.queryRow(selectStored, []any{string(id)}, &st.version, &f.municipality, &f.status, &f.coordinator,
		&f.consent, &f.vacantFrom, &f.evaluationDue, &f.phase, &f.nextDue, &f.openPatient, &members)
	if err != nil || !found {
		return nil, err
	}
	if err := json.Unmarshal(members, &st.members); err != nil {
		return nil, fmt.Errorf("members of %s: %w", id, err)
	}
	return &st, nil
}

// openPatientTaken turns the unique index on open_patient refusing a row
// into the domain's refusal (lkt.RuleOneOpenCommunity); other errors pass.
func openPatientTaken(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE && strings.Contains(se.Error(), "open_patient") {
		return lkt.OneOpenCommunityError()
	}
	return err
}

// saveMembers brings the members rows of community id, which held was's
// (none if was is nil), in line with members, adding and removing only
// the difference.
func saveMembers(w *wconn, id lkt.ID, members []string, was *stored) error {
	var old []string
	if was != nil {
		old = was.members
	}
	if slices.Equal(old, members) {
		return nil
	}
	gone := make(map[string]bool, len(old))
	for _, m := range old {
		gone[m] = true
	}
	for _, m := range members {
		if gone[m] {
			delete(gone, m)
			continue
		}
		if _, err := w.exec(insertMember, m, string(id)); err != nil {
			return err
		}
	}
	for m := range gone {
		if _, err := w.exec(deleteMember, m, string(id)); err != nil {
			return err
		}
	}
	return nil
}

// historyRows is how many rows one insert into history takes at most:
// 13 parameters a row, well within SQLite's limit.
const historyRows = 64

// appendHistory appends the events and audit entries of a save of
// community id, which made it version, in as few statements as it can:
// typically one, for an event and its audit entry. Entries about another
// community are recorded as RecordAudit records them.
func (s *Store) appendHistory(w *wconn, id lkt.ID, version int64, events []encodedEvent, audit []lkt.AuditEntry) error {
	args := make([]any, 0, 7*(len(events)+len(audit)))
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		_, err := w.exec(s.historyInsert(rows), args...)
		args, rows = args[:0], 0
		return err
	}
	add := func(row ...any) error {
		args = append(args, row...)
		if rows++; rows == historyRows {
			return flush()
		}
		return nil
	}
	for _, e := range events {
		if err := add(string(id), e.seq, "e", e.at, e.typ, e.data, nil, nil, nil, nil, nil, nil, nil); err != nil {
			return err
		}
	}
	for _, a := range audit {
		if a.Community != id {
			if err := recordAudit(w, a); err != nil {
				return err
			}
			continue
		}
		if err := add(string(id), version, "a", nanos(a.At), nil, nil, string(a.By.Kind), string(a.By.ID), a.By.Name,
			string(a.Action), a.Operation, a.Outcome, a.Version); err != nil {
			return err
		}
	}
	return flush()
}

// historyInsert is the insert of n rows into history.
func (s *Store) historyInsert(n int) string {
	if q := s.historySQL[n]; q != "" {
		return q
	}
	q := multiRow(`INSERT INTO history (community, at_version, kind, at, type, data, by_kind, by_id, by_name, action, operation, outcome, version) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", n)
	s.historySQL[n] = q
	return q
}

// multiRow is insert followed by n copies of row, separated by commas:
// an insert of n rows in one statement.
func multiRow(insert, row string, n int) string {
	var b strings.Builder
	b.WriteString(insert)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

func recordAudit(w *wconn, a lkt.AuditEntry) error {
	_, err := w.exec(insertAuditEntry, string(a.Community), nanos(a.At), string(a.By.Kind), string(a.By.ID), a.By.Name,
		string(a.Action), a.Operation, a.Outcome, a.Version)
	return err
}

// RecordAudit implements lkt.Store. It returns once the entries are
// stored and safe if the process dies: appended to the audit journal, or,
// with a negative Options.AuditSync (and for ":memory:"), committed and
// synced. The package doc tells how journalled entries reach the disk.
func (s *Store) RecordAudit(ctx context.Context, entries ...lkt.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	if s.journal != nil {
		err := s.journal.record(entries)
		if transient(err) {
			return lkt.UnavailableError(err)
		}
		return err
	}
	fn := func(w *wconn) error {
		for _, a := range entries {
			if err := recordAudit(w, a); err != nil {
				return err
			}
		}
		return nil
	}
	return surface("record audit", s.write(&op{ctx: ctx, fn: fn}))
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
func optNanos(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: nanos(*t), Valid: true}
}

// vacantFrom is the moment from which s has a vacant mandatory role, so
// that lkt.Summary.VacantOn(at) is "vacant_from <= at" in SQL: always if a
// role is vacant now, from the day a holder leaves, or never (NULL).
func vacantFrom(s lkt.Summary) sql.NullInt64 {
	if len(s.VacantRoles) > 0 {
		return sql.NullInt64{Int64: math.MinInt64, Valid: true}
	}
	return optNanos(s.HoldersLeaveOn)
}
