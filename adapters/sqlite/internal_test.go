package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func openT(t *testing.T, path string, opts ...Options) *Store {
	t.Helper()
	var o *Options
	if len(opts) > 0 {
		o = &opts[0]
	}
	s, err := Open(path, o)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// plan returns SQLite's query plan for q, one line per step.
func plan(t *testing.T, s *Store, q lkt.Query) string {
	t.Helper()
	text, args := querySQL(q)
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+text, args...)
	require.NoError(t, err)
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
		lines = append(lines, detail)
	}
	require.NoError(t, rows.Err())
	return strings.Join(lines, "\n")
}

// TestPortfolioQueriesUseIndexes: every portfolio filter is answered from
// an index walked in id order, never by reading every community and never
// by sorting the matches.
func TestPortfolioQueriesUseIndexes(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	ctx := context.Background()
	// Some rows, so the plans are not those of empty tables.
	for i := range 300 {
		id := lkt.ID(fmt.Sprintf("c-%04d", i))
		sum := lkt.Summary{ID: id, Municipality: []string{"Bergen", "Os", "Voss"}[i%3], Status: lkt.Active,
			Coordinator: actormap.ActorID(fmt.Sprintf("m-%d", i%7)), Members: []actormap.ActorID{"m-a", actormap.ActorID(fmt.Sprintf("m-%d", i%7))},
			Consent: lkt.Consented, UpdatedAt: lkttest.Start}
		require.NoError(t, s.Save(ctx, lkt.Save{Snapshot: lkt.Snapshot{ID: id}, Summary: sum}))
	}
	at := lkttest.Start
	cases := []struct {
		q     lkt.Query
		index string
	}{
		{lkt.Query{}, "sqlite_autoindex_communities_1"},
		{lkt.Query{Municipality: "Bergen"}, "communities_municipality"},
		{lkt.Query{Coordinator: "m-1"}, "communities_coordinator"},
		{lkt.Query{Status: lkt.Active}, "communities_status"},
		{lkt.Query{Member: "m-a"}, "PRIMARY KEY"},
		{lkt.Query{VacantRole: true, At: at}, "communities_vacant"},
		{lkt.Query{ConsentWithdrawn: true}, "communities_withdrawn"},
		{lkt.Query{OverdueEvaluation: true, At: at}, "communities_evaluation_due"},
		{lkt.Query{RedPhase: true}, "communities_red"},
		{lkt.Query{Municipality: "Os", RedPhase: true}, "communities_municipality_red"},
		{lkt.Query{DueBefore: &at}, "communities_next_due"},
	}
	for _, c := range cases {
		p := plan(t, s, c.q)
		t.Logf("%+v:\n%s", c.q, p)
		assert.Contains(t, p, c.index, "query %+v", c.q)
		assert.NotContains(t, p, "TEMP B-TREE", "query %+v sorts its matches", c.q)
		for _, line := range strings.Split(p, "\n") {
			if strings.HasPrefix(line, "SCAN ") {
				assert.Contains(t, line, "USING", "query %+v reads a whole table", c.q)
			}
		}
	}
	// A member's query reads each community by its number: one descent.
	assert.Contains(t, plan(t, s, lkt.Query{Member: "m-a", Municipality: "Os"}), "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)")
}

// TestMigratesAnOlderDatabase opens a database at schema version 1 with
// data in it, and finds the data there and the new columns in use.
func TestMigratesAnOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	ms, err := migrations()
	require.NoError(t, err)
	require.Greater(t, len(ms), 1)
	require.NoError(t, apply(ctx, db, ms[0], len(ms)))
	_, err = db.Exec(`INSERT INTO communities (id, municipality, status, coordinator, consent, updated_at, summary)
		VALUES ('c-old', 'Os', 'active', '', 'active', 0, '{"id":"c-old","municipality":"Os","status":"active","members":null,"consent":"active","version":1,"updatedAt":"2026-03-02T09:00:00Z"}')`)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s := openT(t, path)
	v, err := currentVersion(ctx, s.r)
	require.NoError(t, err)
	assert.Equal(t, len(ms), v)
	page, err := s.Query(ctx, lkt.Query{Municipality: "Os"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	page, err = s.Query(ctx, lkt.Query{RedPhase: true})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
}

// TestDiskFull fills the database to its size limit (as a full disk
// would): the caller hears a clear error, lkt.Unavailable (503 with
// Retry-After: the same save may pass later), the Store reports itself not
// ready, nothing stored before is harmed, and once there is room again
// saves go on and it is ready again.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	// Audit entries synced before RecordAudit returns: no journal move is
	// left to pass in the background once there is room again, which
	// would make the store ready before the test's own save.
	s := openT(t, path, Options{AuditSync: -1})
	clock := lkttest.NewClock(lkttest.Start)
	s.health.now = clock.Now
	f := storetest.Populate(t, s)
	require.NoError(t, s.Ready(ctx))
	var pages int
	require.NoError(t, s.w.QueryRow("PRAGMA page_count").Scan(&pages))
	_, err := s.w.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages))
	require.NoError(t, err)

	// A community too big for the room left: a new one, and a new
	// revision of one that exists.
	big := strings.Repeat("A long story. ", 40_000)
	huge := func(id lkt.ID, expected int64) lkt.Save {
		snap := f.Snapshots[storetest.Jonas]
		snap.ID = id
		if id != storetest.Jonas {
			snap.Patient.NationalID = lkttest.NationalID(1) // another patient
		}
		snap.Story = append(snap.Story, lkt.StoryRevision{No: len(snap.Story) + 1, GoodDay: big})
		sum := f.Summaries[storetest.Jonas]
		sum.ID = id
		return lkt.Save{Snapshot: snap, Summary: sum, Expected: expected,
			Events: []lkt.Event{{Community: id, Seq: expected + 1, At: f.Clock.Now(), By: lkttest.Mother, Data: lkt.StoryRevised{}}},
			Audit:  []lkt.AuditEntry{{Community: id, At: f.Clock.Now(), By: lkttest.Mother, Action: lkt.Write, Operation: "ReviseStory", Outcome: "ok", Version: expected + 1}}}
	}
	for _, sv := range []lkt.Save{huge("c-huge", 0), huge(storetest.Jonas, f.Versions[storetest.Jonas])} {
		err = s.Save(ctx, sv)
		require.ErrorIs(t, err, ErrDiskFull, "%s", sv.Snapshot.ID)
		assert.Equal(t, lkt.Unavailable, lkt.CodeOf(err))
		assert.Contains(t, err.Error(), "full")
		t.Log(err)
		require.ErrorIs(t, s.Ready(ctx), ErrDiskFull, "not ready after a failed save")
	}
	f.Verify(t, s)
	_, _, err = s.Load(ctx, "c-huge")
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err))

	_, err = s.w.Exec("PRAGMA max_page_count = 1073741823")
	require.NoError(t, err)
	require.Error(t, s.Ready(ctx), "still not ready: nothing has been written since")
	require.NoError(t, s.Save(ctx, huge("c-huge", 0)))
	require.NoError(t, s.Ready(ctx), "ready once a save passed")
	require.NoError(t, s.Close())
	var res string
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	require.NoError(t, db.QueryRow("PRAGMA integrity_check").Scan(&res))
	assert.Equal(t, "ok", res)
}

// TestBatchedWritesAreIndependent: a conflict in one write of a shared
// transaction leaves the others stored.
func TestBatchedWritesAreIndependent(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	sum := func(id lkt.ID) lkt.Summary { return lkt.Summary{ID: id, UpdatedAt: time.Unix(0, 0)} }
	ops := make([]*op, 0, 6)
	for i := range 6 {
		id := lkt.ID(fmt.Sprintf("c-%d", i%3)) // each id twice: the second create conflicts
		o := &op{ctx: ctx, done: make(chan error, 1)}
		o.fn = func(w *wconn) error {
			var n int64
			_, err := w.queryRow("SELECT count(*) FROM snapshots WHERE id = ?", []any{string(id)}, &n)
			if err != nil || n > 0 {
				return lkt.ConflictError(id, 0, 1)
			}
			_, err = w.exec("INSERT INTO communities (id, municipality, status, coordinator, consent, updated_at, summary) VALUES (?, '', '', '', '', 0, ?)", string(id), mustJSON(t, sum(id)))
			if err == nil {
				_, err = w.exec("INSERT INTO snapshots (id, version, data) VALUES (?, 0, '{}')", string(id))
			}
			return err
		}
		ops = append(ops, o)
	}
	commitAll(t, s, ops)
	for i, o := range ops {
		err := <-o.done
		if i < 3 {
			assert.NoError(t, err)
		} else {
			assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))
		}
	}
	page, err := s.Query(ctx, lkt.Query{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 3)
}

// commitAll commits ops as the writer does: a batch, then what a failed
// or refused op sent back, until none is left. Each round reports at least
// one op, so there are at most as many rounds as ops.
func commitAll(t *testing.T, s *Store, ops []*op) {
	t.Helper()
	rounds := 0
	for batch := ops; len(batch) > 0; batch = s.commit(batch) {
		rounds++
		require.LessOrEqual(t, rounds, len(ops), "every round reports at least one op")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// TestRebuildingMigrationChecksForeignKeys: a migration that rebuilds
// tables runs with foreign keys off, so it is checked before it commits:
// one that leaves a row referring to nothing is refused and changes
// nothing, and foreign keys are on again afterwards.
func TestRebuildingMigrationChecksForeignKeys(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	next := SchemaVersion() + 1
	bad := migration{version: next, name: "orphan", sql: rebuildsTables + "\nINSERT INTO members (member, community, n) VALUES ('m-x', 'c-none', 0);"}
	err := apply(ctx, s.w, bad, next)
	require.ErrorContains(t, err, "refers to nothing")
	var n int
	require.NoError(t, s.w.QueryRow(`SELECT count(*) FROM members WHERE member = 'm-x'`).Scan(&n))
	assert.Zero(t, n)
	v, err := currentVersion(ctx, s.w)
	require.NoError(t, err)
	assert.Equal(t, next-1, v)
	var on int
	require.NoError(t, s.w.QueryRow(`PRAGMA foreign_keys`).Scan(&on))
	assert.Equal(t, 1, on)
}
