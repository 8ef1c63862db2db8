package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestMigratesAPopulatedSchema2 builds a database at schema version 2
// holding the conformance fixture (communities, snapshots, members, events
// and an audit trail), opens it with this build, and finds everything
// there: 0003 moves the audit trail into its clustered table with the
// same seqs, new entries come after them, and history stays append-only.
func TestMigratesAPopulatedSchema2(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s := openT(t, src)
	f := storetest.Populate(t, s)
	require.NoError(t, s.Close())

	// The same rows in a file at schema version 2.
	path := filepath.Join(dir, "v2.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	ms, err := migrations()
	require.NoError(t, err)
	require.Greater(t, len(ms), 2)
	for _, m := range ms[:2] {
		require.NoError(t, apply(ctx, db, m, 2))
	}
	_, err = db.Exec(`ATTACH DATABASE ? AS src`, src)
	require.NoError(t, err)
	for _, q := range []string{
		`INSERT INTO communities SELECT * FROM src.communities`,
		`INSERT INTO snapshots SELECT * FROM src.snapshots`,
		`INSERT INTO members SELECT * FROM src.members`,
		`INSERT INTO events SELECT * FROM src.events`,
		// A rowid audit trail, as 0001 made it: seq is the rowid.
		`INSERT INTO audit (seq, community, at, by_kind, by_id, by_name, action, operation, outcome, version)
			SELECT seq, community, at, by_kind, by_id, by_name, action, operation, outcome, version FROM src.audit ORDER BY seq`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	var entries, maxSeq int64
	require.NoError(t, db.QueryRow(`SELECT count(*), max(seq) FROM audit`).Scan(&entries, &maxSeq))
	require.Positive(t, entries)
	var idx int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'audit_community'`).Scan(&idx))
	require.Equal(t, 1, idx, "a schema-2 file")
	_, err = db.Exec(`DETACH DATABASE src`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s = openT(t, path)
	v, err := currentVersion(ctx, s.r)
	require.NoError(t, err)
	assert.Equal(t, len(ms), v)
	f.Verify(t, s)
	var withoutRowid int
	require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM pragma_index_list('audit') WHERE origin = 'pk'`).Scan(&withoutRowid))
	assert.Equal(t, 1, withoutRowid, "audit is keyed by (community, seq)")
	var n, next int64
	require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM audit`).Scan(&n))
	require.NoError(t, s.r.QueryRow(`SELECT next FROM audit_seq`).Scan(&next))
	assert.Equal(t, entries, n)
	assert.Equal(t, maxSeq+1, next)

	// New entries come after every migrated one.
	require.NoError(t, s.RecordAudit(ctx, lkt.AuditEntry{Community: storetest.Jonas, At: f.Clock.Now(),
		By: lkt.System("upgrade"), Action: lkt.Read, Operation: "AfterUpgrade", Outcome: "ok", Version: f.Versions[storetest.Jonas]}))
	au, err := s.Audit(ctx, storetest.Jonas, 0, lkt.MaxPage)
	require.NoError(t, err)
	assert.Greater(t, au[len(au)-1].Seq, maxSeq)
	assert.Equal(t, "AfterUpgrade", au[len(au)-1].Operation)
	for _, q := range []string{"UPDATE audit SET outcome = 'x'", "DELETE FROM audit",
		"UPDATE audit_seq SET next = 1", "DELETE FROM audit_seq"} {
		_, err := s.w.Exec(q)
		require.Error(t, err, q)
	}
	integrity(t, s)
}

func integrity(t *testing.T, s *Store) {
	t.Helper()
	var res string
	require.NoError(t, s.r.QueryRow("PRAGMA integrity_check").Scan(&res))
	require.Equal(t, "ok", res)
}

// allSeqs returns every audit seq in the file, by community, in seq order.
func allSeqs(t *testing.T, s *Store) map[string][]int64 {
	t.Helper()
	rows, err := s.r.Query(`SELECT community, seq FROM audit ORDER BY community, seq`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var c string
		var seq int64
		require.NoError(t, rows.Scan(&c, &seq))
		out[c] = append(out[c], seq)
	}
	require.NoError(t, rows.Err())
	return out
}

func entry(c lkt.ID, op string) lkt.AuditEntry {
	return lkt.AuditEntry{Community: c, At: lkttest.Start, By: lkt.System("t"), Action: lkt.Read, Operation: op, Outcome: "ok"}
}

// TestAuditSeqOnlyGrows: audit seqs are unique and follow the order in
// which entries were recorded — across concurrent writers sharing
// transactions, a refused write that had reserved seqs, restarts,
// and two stores (as two processes would) writing the same file in turn.
func TestAuditSeqOnlyGrows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	var last int64 // the greatest seq recorded so far
	maxSeq := func(s *Store) int64 {
		var m sql.NullInt64
		require.NoError(t, s.r.QueryRow(`SELECT max(seq) FROM audit`).Scan(&m))
		return m.Int64
	}
	// record writes entries in order, one RecordAudit each, and checks
	// each got a greater seq than anything before it.
	record := func(s *Store, c lkt.ID, n int) {
		for i := range n {
			require.NoError(t, s.RecordAudit(ctx, entry(c, strconv.Itoa(i))))
			au, err := s.Audit(ctx, c, last, lkt.MaxPage)
			require.NoError(t, err)
			require.Len(t, au, 1, "the entry just recorded is the only one after %d", last)
			last = au[0].Seq
		}
	}

	// Concurrent writers: each writer's entries in its own order, all
	// seqs distinct; big batches take more than one block.
	s := openT(t, path, Options{Shared: true})
	const writers, each = 8, 40
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			c := lkt.ID(fmt.Sprintf("c-%d", w))
			for i := range each {
				n := 1
				if i%10 == 9 {
					n = seqBlockSize + 7
				}
				batch := make([]lkt.AuditEntry, n)
				for k := range batch {
					batch[k] = entry(c, fmt.Sprintf("%04d-%04d", i, k))
				}
				if err := s.RecordAudit(ctx, batch...); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for w := range writers {
		au, err := s.Audit(ctx, lkt.ID(fmt.Sprintf("c-%d", w)), 0, lkt.MaxPage*1000)
		require.NoError(t, err)
		for i, a := range au {
			require.False(t, seen[a.Seq], "seq %d twice", a.Seq)
			seen[a.Seq] = true
			if i > 0 {
				require.Less(t, au[i-1].Operation, a.Operation, "writer %d: recorded later, seq smaller", w)
			}
		}
	}
	last = maxSeq(s)
	record(s, "c-x", 3)

	// A write that reserved seqs and was then refused (a conflict in a
	// shared transaction, which is rolled back) leaves nothing behind that a later entry
	// could collide with or fall below: not in the same transaction, and
	// not when another store then takes the block the rolled-back one had.
	rolledBack := func() *op {
		return &op{ctx: ctx, done: make(chan error, 1), fn: func(tx *wconn) error {
			if err := s.insertAudit(tx, []lkt.AuditEntry{entry("c-rolled-back", "x")}); err != nil {
				return err
			}
			return lkt.ConflictError("c-rolled-back", 0, 1)
		}}
	}
	then := func(fn func(tx *wconn) error) *op { return &op{ctx: ctx, done: make(chan error, 1), fn: fn} }
	s.seq.valid = false
	conflicted, ok := rolledBack(), then(func(tx *wconn) error {
		return s.insertAudit(tx, []lkt.AuditEntry{entry("c-x", "after rollback")})
	})
	commitAll(t, s, []*op{conflicted, ok})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(<-conflicted.done))
	require.NoError(t, <-ok.done)
	au, err := s.Audit(ctx, "c-x", last, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, au, 1)
	last = au[0].Seq
	record(s, "c-x", 2)

	s.seq.valid = false
	conflicted, ok = rolledBack(), then(func(*wconn) error { return nil })
	commitAll(t, s, []*op{conflicted, ok})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(<-conflicted.done))
	require.NoError(t, <-ok.done)
	other := openT(t, path, Options{Shared: true})
	for range 2 {
		record(other, "c-z", 1)
		record(s, "c-z", 1)
	}
	require.NoError(t, other.Close())
	_, err = s.Audit(ctx, "c-rolled-back", 0, lkt.MaxPage)
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err))

	// Restarts.
	for range 3 {
		require.NoError(t, s.Close())
		s = openT(t, path, Options{Shared: true})
		record(s, "c-x", 2)
	}

	// Two stores on one file, writing in turn: each takes its seqs above
	// the other's.
	other = openT(t, path, Options{Shared: true})
	for i := range 6 {
		record(s, "c-y", 1+i%2)
		record(other, "c-y", 1)
	}
	require.NoError(t, other.Close())
	record(s, "c-y", 2)

	// Every community's trail is in recording order and no seq repeats.
	all := map[int64]bool{}
	for c, seqs := range allSeqs(t, s) {
		for i, q := range seqs {
			require.False(t, all[q], "%s: seq %d twice", c, q)
			all[q] = true
			if i > 0 {
				require.Greater(t, q, seqs[i-1])
			}
		}
	}
	var next int64
	require.NoError(t, s.r.QueryRow(`SELECT next FROM audit_seq`).Scan(&next))
	assert.Greater(t, next, maxSeq(s))
	integrity(t, s)
}
