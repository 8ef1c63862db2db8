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
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestMigratesPopulatedOlderSchemas builds databases at schema versions 2,
// 3 and 5, each holding the conformance fixture (communities, snapshots,
// members, events and an audit trail) as that schema stored it, opens each
// with this build, and finds everything there: the audit entries keep
// their seqs, new entries come after them, every trail pages as it reads
// whole, every member row carries its community's number, and history
// stays append-only.
func TestMigratesPopulatedOlderSchemas(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	s := openT(t, src)
	f := storetest.Populate(t, s)
	require.NoError(t, s.Close())
	ms, err := migrations()
	require.NoError(t, err)
	require.Greater(t, len(ms), 3)

	for _, version := range []int{2, 3, 5} {
		t.Run(fmt.Sprint("schema ", version), func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("v%d.db", version))
			db, err := sql.Open("sqlite", path)
			require.NoError(t, err)
			db.SetMaxOpenConns(1)
			for _, m := range ms[:version] {
				require.NoError(t, apply(ctx, db, m, version))
			}
			_, err = db.Exec(`ATTACH DATABASE ? AS src`, src)
			require.NoError(t, err)
			const cols = `id, municipality, status, coordinator, consent, vacant_from, updated_at, summary, evaluation_due, phase, next_due`
			copies := []string{
				`INSERT INTO communities (` + cols + `) SELECT ` + cols + ` FROM src.communities`,
				`INSERT INTO snapshots SELECT * FROM src.snapshots`,
				// Older schemas kept members only; 0009 adds the patients,
				// 0012 the keys of the national identity numbers.
				`INSERT INTO members (member, community) SELECT member, community FROM src.members m
					WHERE member <> (SELECT json_extract(CAST(data AS TEXT), '$.patient.id') FROM src.snapshots s WHERE s.id = m.community)
					AND member NOT LIKE 'national-id:%'`,
			}
			if version < 4 {
				copies = append(copies,
					`INSERT INTO events (community, seq, type, at, data)
						SELECT community, at_version, type, at, data FROM src.history WHERE kind = 'e'`,
					`INSERT INTO audit (seq, community, at, by_kind, by_id, by_name, action, operation, outcome, version)
						SELECT seq, community, at, by_kind, by_id, by_name, action, operation, outcome, version
						FROM src.history WHERE kind = 'a' ORDER BY seq`)
			} else {
				copies = append(copies, `INSERT INTO history SELECT * FROM src.history`)
			}
			for _, q := range copies {
				_, err := db.Exec(q)
				require.NoError(t, err, q)
			}
			if version == 3 {
				_, err = db.Exec(`UPDATE audit_seq SET next = (SELECT max(seq) + 1000 FROM audit)`)
				require.NoError(t, err)
			}
			var entries, maxSeq int64
			trail := `SELECT count(*), max(seq) FROM audit`
			if version >= 4 {
				trail = `SELECT count(*), max(seq) FROM history WHERE kind = 'a'`
			}
			require.NoError(t, db.QueryRow(trail).Scan(&entries, &maxSeq))
			require.Positive(t, entries)
			_, err = db.Exec(`DETACH DATABASE src`)
			require.NoError(t, err)
			require.NoError(t, db.Close())

			s := openT(t, path)
			v, err := currentVersion(ctx, s.r)
			require.NoError(t, err)
			assert.Equal(t, len(ms), v)
			f.Verify(t, s)
			var n int64
			require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM history WHERE kind = 'a'`).Scan(&n))
			assert.Equal(t, entries, n)
			// Every member row carries its community's number (0006).
			var members, numbered int64
			require.NoError(t, s.r.QueryRow(`SELECT count(*), count(c.n) FROM members m LEFT JOIN communities c ON c.n = m.n AND c.id = m.community`).Scan(&members, &numbered))
			assert.Positive(t, members)
			assert.Equal(t, members, numbered)
			for _, id := range f.IDs {
				checkHistoryPages(t, s, id)
			}
			// The patient finds their communities (0009).
			page, err := s.Query(ctx, lkt.Query{Member: lkttest.PatientID})
			require.NoError(t, err)
			var mine []lkt.ID
			for _, it := range page.Items {
				mine = append(mine, it.ID)
			}
			assert.Equal(t, f.PatientOf(lkttest.PatientID), mine)
			// And by their national identity number (0012).
			nin := f.Snapshots[storetest.Jonas].Patient.NationalID
			page, err = s.Query(ctx, lkt.Query{Member: lkt.NationalIDKey(nin)})
			require.NoError(t, err)
			mine, want := nil, []lkt.ID(nil)
			for _, it := range page.Items {
				mine = append(mine, it.ID)
			}
			for _, id := range f.IDs {
				if f.Snapshots[id].Patient.NationalID == nin {
					want = append(want, id)
				}
			}
			assert.NotEmpty(t, want)
			assert.Equal(t, want, mine)

			// New entries come after every migrated one.
			require.NoError(t, s.RecordAudit(ctx, lkt.AuditEntry{Community: storetest.Jonas, At: f.Clock.Now(),
				By: lkt.System("upgrade"), Action: lkt.Read, Operation: "AfterUpgrade", Outcome: "ok", Version: f.Versions[storetest.Jonas]}))
			au, err := s.Audit(ctx, storetest.Jonas, 0, lkt.MaxPage)
			require.NoError(t, err)
			assert.Greater(t, au[len(au)-1].Seq, maxSeq)
			assert.Equal(t, "AfterUpgrade", au[len(au)-1].Operation)
			checkHistoryPages(t, s, storetest.Jonas)
			for _, q := range []string{"UPDATE history SET outcome = 'x'", "DELETE FROM history"} {
				_, err := s.w.Exec(q)
				require.ErrorContains(t, err, "append-only", q)
			}
			integrity(t, s)
		})
	}
}

func integrity(t *testing.T, s *Store) {
	t.Helper()
	var res string
	require.NoError(t, s.r.QueryRow("PRAGMA integrity_check").Scan(&res))
	require.Equal(t, "ok", res)
}

// checkHistoryPages reads community id's events and audit trail whole and
// page by page, with pages of 1 to 3, and checks they agree, in order.
func checkHistoryPages(t *testing.T, s *Store, id lkt.ID) {
	t.Helper()
	ctx := context.Background()
	events, err := s.Events(ctx, id, 0, 1<<20)
	require.NoError(t, err)
	audit, err := s.Audit(ctx, id, 0, 1<<20)
	require.NoError(t, err)
	for i := range audit {
		require.Equal(t, id, audit[i].Community)
		if i > 0 {
			require.Greater(t, audit[i].Seq, audit[i-1].Seq, "%s: audit in seq order", id)
		}
	}
	for i := range events {
		require.Equal(t, int64(i+1), events[i].Seq, "%s: events in seq order", id)
	}
	for size := 1; size <= 3; size++ {
		ev := readPages(t, size, func(after int64) ([]lkt.Event, error) { return s.Events(ctx, id, after, size) },
			func(e lkt.Event) int64 { return e.Seq })
		require.Equal(t, events, ev, "%s: events in pages of %d", id, size)
		au := readPages(t, size, func(after int64) ([]lkt.AuditEntry, error) { return s.Audit(ctx, id, after, size) },
			func(a lkt.AuditEntry) int64 { return a.Seq })
		require.Equal(t, audit, au, "%s: audit in pages of %d", id, size)
	}
}

// readPages reads pages of at most size with page until one is empty,
// each after the seq of the last item before it.
func readPages[T any](t *testing.T, size int, page func(after int64) ([]T, error), seq func(T) int64) []T {
	t.Helper()
	var all []T
	for after := int64(0); ; {
		p, err := page(after)
		require.NoError(t, err)
		if len(p) == 0 {
			return all
		}
		require.LessOrEqual(t, len(p), size)
		all, after = append(all, p...), seq(p[len(p)-1])
	}
}

func entry(c lkt.ID, op string) lkt.AuditEntry {
	return lkt.AuditEntry{Community: c, At: lkttest.Start, By: lkt.System("t"), Action: lkt.Read, Operation: op, Outcome: "ok"}
}

// TestAuditSeqOnlyGrows: audit seqs are unique and follow the order in
// which entries were recorded — across concurrent writers sharing
// transactions, a refused write that had recorded entries, restarts, and
// two stores (as two processes would) writing the same file in turn.
func TestAuditSeqOnlyGrows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	var last int64 // the greatest seq recorded so far
	maxSeq := func(s *Store) int64 {
		var m sql.NullInt64
		require.NoError(t, s.r.QueryRow(`SELECT max(seq) FROM history WHERE kind = 'a'`).Scan(&m))
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
	// seqs distinct.
	// Each entry committed on its own (no journal), so that every
	// RecordAudit is a transaction racing the others.
	strict := Options{AuditSync: -1}
	s := openT(t, path, strict)
	const writers, each = 8, 40
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			c := lkt.ID(fmt.Sprintf("c-%d", w))
			for i := range each {
				n := 1 + i%3*50
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

	// A write that recorded an entry and was then refused (a conflict in
	// a shared transaction, which is rolled back) leaves nothing behind
	// that a later entry could collide with or fall below.
	refused := &op{ctx: ctx, done: make(chan error, 1), fn: func(w *wconn) error {
		if err := recordAudit(w, entry("c-rolled-back", "x")); err != nil {
			return err
		}
		return lkt.ConflictError("c-rolled-back", 0, 1)
	}}
	ok := &op{ctx: ctx, done: make(chan error, 1), fn: func(w *wconn) error {
		return recordAudit(w, entry("c-x", "after rollback"))
	}}
	commitAll(t, s, []*op{refused, ok})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(<-refused.done))
	require.NoError(t, <-ok.done)
	au, err := s.Audit(ctx, "c-x", last, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, au, 1)
	last = au[0].Seq
	record(s, "c-x", 2)
	_, err = s.Audit(ctx, "c-rolled-back", 0, lkt.MaxPage)
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err))

	// Restarts.
	for range 3 {
		require.NoError(t, s.Close())
		s = openT(t, path, strict)
		record(s, "c-x", 2)
	}
	// And journalled, after them.
	require.NoError(t, s.Close())
	s = openT(t, path)
	record(s, "c-y", 2)
	integrity(t, s)
}

// TestHistoryPagesFollowWriting: a community's events and audit entries,
// written in every order the Service writes them — saves, reads recorded
// while the version moves on, an entry recorded late about a version
// already superseded, entries about communities that do not exist — page
// exactly as they read whole.
func TestHistoryPagesFollowWriting(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	ids := []lkt.ID{"c-a", "c-b"}
	for _, id := range ids {
		_, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc)
		require.NoError(t, err)
	}
	for i := range 30 {
		id := ids[i%2]
		_, err := svc.Get(ctx, lkttest.Coordinator, id)
		require.NoError(t, err)
		if i%3 == 0 {
			_, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion,
				lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: strconv.Itoa(i)}})
			require.NoError(t, err)
		}
		if i%7 == 0 {
			// A read of version 1, recorded only now.
			require.NoError(t, s.RecordAudit(ctx, lkt.AuditEntry{Community: id, At: clock.Now(), By: lkt.System("late"),
				Action: lkt.Read, Operation: "Late", Outcome: "ok", Version: 1}))
		}
		require.NoError(t, s.RecordAudit(ctx, entry("c-none", strconv.Itoa(i))))
	}
	for _, id := range append(ids, "c-none") {
		if id != "c-none" {
			checkHistoryPages(t, s, id)
			continue
		}
		au, err := s.Audit(ctx, id, 0, 1)
		require.NoError(t, err)
		require.Len(t, au, 1)
		// A cursor from another community's trail still pages correctly.
		rest, err := s.Audit(ctx, ids[0], au[0].Seq, lkt.MaxPage)
		require.NoError(t, err)
		for _, a := range rest {
			require.Greater(t, a.Seq, au[0].Seq)
		}
		all, err := s.Audit(ctx, ids[0], 0, lkt.MaxPage)
		require.NoError(t, err)
		var after []lkt.AuditEntry
		for _, a := range all {
			if a.Seq > au[0].Seq {
				after = append(after, a)
			}
		}
		require.Equal(t, after, rest)
	}
}

// TestMigrationAddsNationalIDKeysToMembers: a database written before 0012
// has no members rows for the keys of the national identity numbers; 0012
// adds them from the snapshots — the patient's, and each relative's still
// a member, not one who left — so a citizen's sign-in finds the community.
func TestMigrationAddsNationalIDKeysToMembers(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "a.db"))
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	jonas, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	aunt := lkt.NewMember{ID: "m-aunt", Name: "Liv Berg", Role: roles.NextOfKin, NationalID: lkttest.NationalID(901)}
	gone := lkt.NewMember{ID: "m-gone", Name: "Ola Berg", Role: roles.FamilyMember, NationalID: lkttest.NationalID(902)}
	for _, cmd := range []lkt.Command{lkt.AddMember{Member: aunt}, lkt.AddMember{Member: gone},
		lkt.ChangeMemberStatus{MemberID: gone.ID, Status: actormap.Left}} {
		_, err := svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, cmd)
		require.NoError(t, err)
	}
	find := func(nin string) []lkt.ID { return storetest.CommunitiesKnowing(t, s, nin) }
	nin := jonas.Snapshot().Patient.NationalID

	// As before 0012: no keys.
	_, err = s.w.Exec(`DELETE FROM members WHERE member LIKE 'national-id:%'`)
	require.NoError(t, err)
	require.Empty(t, find(nin))
	require.Empty(t, find(aunt.NationalID))

	ms, err := migrations()
	require.NoError(t, err)
	require.Equal(t, "citizens_find_their_community", ms[11].name)
	_, err = s.w.Exec(ms[11].sql) // its statements; apply skips it below a later version
	require.NoError(t, err)
	assert.Equal(t, []lkt.ID{lkttest.CommunityID}, find(nin), "by the patient's number")
	assert.Equal(t, []lkt.ID{lkttest.CommunityID}, find(aunt.NationalID), "by a relative's")
	assert.Empty(t, find(gone.NationalID), "not by one who left")
}
