package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestTwoServersOneDatabase: two Stores with their own pools (as two
// application servers have) on one schema. A save acknowledged by one is
// what the other reads next; two writers of one version get one success
// and one conflict; and many writers on both, redoing their change on a
// conflict, lose no update.
func TestTwoServersOneDatabase(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	svcA, svcB := lkt.NewService(a, cfg), lkt.NewService(b, cfg)
	c, err := lkttest.NewBuilder().Seed(ctx, svcA)
	require.NoError(t, err)
	id := c.ID()

	// Read-your-writes across servers.
	for i := range 5 {
		got, err := svcA.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("Per %d", i)})
		require.NoError(t, err)
		seen, err := svcB.Get(ctx, lkttest.Coordinator, id)
		require.NoError(t, err)
		require.Equal(t, got.Version(), seen.Version(), "B reads what A acknowledged")
		gp, _ := seen.Member(lkttest.GPID)
		require.Equal(t, fmt.Sprintf("Per %d", i), gp.Name)
		svcA, svcB = svcB, svcA
	}

	// Two writers of one version, one on each server.
	n := c.Version() + 5
	_, errA := svcA.Do(ctx, lkttest.Coordinator, id, n, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "A"})
	_, errB := svcB.Do(ctx, lkttest.Coordinator, id, n, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "B"})
	require.NoError(t, errA)
	require.Equal(t, lkt.Conflict, lkt.CodeOf(errB), "%v", errB)

	// Many writers on both servers, each redoing its change on a conflict:
	// every acknowledged change is one version, one event, one audit entry.
	const writers, each = 8, 5
	var acked atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		svc := []*lkt.Service{svcA, svcB}[w%2]
		wg.Go(func() {
			for i := 0; i < each; {
				_, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("w%d-%d", w, i)})
				if lkt.CodeOf(err) == lkt.Conflict {
					continue
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				acked.Add(1)
				i++
			}
		})
	}
	wg.Wait()
	_, v, err := b.Load(ctx, id)
	require.NoError(t, err)
	require.Equal(t, n+1+acked.Load(), v, "every acknowledged change is a version")
	evs, err := a.Events(ctx, id, n+1, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, evs, int(acked.Load()))
	names := map[string]bool{}
	for _, e := range evs {
		u, ok := e.Data.(lkt.MemberUpdated)
		require.True(t, ok, "%T", e.Data)
		require.False(t, names[u.Member.Name], "%s applied twice", u.Member.Name)
		names[u.Member.Name] = true
	}
	au, err := b.Audit(ctx, id, 0, lkt.MaxPage)
	require.NoError(t, err)
	writes := 0
	for _, e := range au {
		if e.Action == lkt.Write && e.Version > n+1 {
			writes++
		}
	}
	require.Equal(t, int(acked.Load()), writes, "one write audit entry per acknowledged change")
}

// TestMigrationsFromSeveralProcessesAtOnce: Stores opening a new schema at
// the same moment apply each migration once.
func TestMigrationsFromSeveralProcessesAtOnce(t *testing.T) {
	schema := testSchema(t)
	var wg sync.WaitGroup
	stores := make([]*Store, 4)
	errs := make([]error, 4)
	for i := range stores {
		wg.Go(func() {
			stores[i], errs[i] = Open(context.Background(), testDSN(t), &Options{Schema: schema, MaxConns: 2})
		})
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "store %d", i)
		defer stores[i].Close()
	}
	var n, max int
	require.NoError(t, stores[0].pool.QueryRow(context.Background(), `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &max))
	assert.Equal(t, SchemaVersion(), n)
	assert.Equal(t, SchemaVersion(), max)

	// A schema from a newer go-lkt is refused.
	_, err := stores[0].pool.Exec(context.Background(), `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')`, SchemaVersion()+1)
	require.NoError(t, err)
	_, err = Open(context.Background(), testDSN(t), &Options{Schema: schema, MaxConns: 1})
	require.ErrorIs(t, err, ErrSchemaTooNew)
}

// TestHistoryIsAppendOnly: the database itself refuses to rewrite events
// and audit entries.
func TestHistoryIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	require.NoError(t, s.Save(ctx, minimalSave("c-1", 0, "x")))
	for _, q := range []string{`UPDATE events SET type = 'x'`, `UPDATE events SET feed = feed + 1`, `DELETE FROM events`, `UPDATE audit SET outcome = 'x'`, `DELETE FROM audit`} {
		_, err := s.pool.Exec(ctx, q)
		require.Error(t, err, q)
		assert.True(t, strings.Contains(err.Error(), "append-only"), "%s: %v", q, err)
	}
}

// TestTwoServersGatheredSavesLoseNothing: writers on two Stores (two
// servers' pools) save the same few communities at once, so that each
// server's pipelines gather saves of several of them into one statement
// (updateMany) whose rows the other server's pipelines write too. Every
// acknowledged save is one version with its event and audit entry, none is
// lost or doubled, and no two pipelines deadlock: each locks its rows in
// the order of their ids.
func TestTwoServersGatheredSavesLoseNothing(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	stores := []*Store{openTest(t, schema, &Options{MaxConns: 4}), openTest(t, schema, &Options{MaxConns: 4})}
	ids := []lkt.ID{"c-1", "c-2", "c-3", "c-4"}
	for _, id := range ids {
		require.NoError(t, stores[0].Save(ctx, minimalSave(id, 0, "first")))
	}
	// A table of a real size, analyzed, so that the saves get the plan a
	// real table gets (see updateMany): on 4 rows the planner may scan it
	// and lock rows in its order.
	for i := range 2000 {
		require.NoError(t, stores[0].Save(ctx, minimalSave(lkt.ID(fmt.Sprintf("x-%04d", i)), 0, "other")))
	}
	_, err := stores[0].pool.Exec(ctx, `ANALYZE communities`)
	require.NoError(t, err)
	const writers, each = 16, 12
	acked := make([]atomic.Int64, len(ids))
	var batchesBefore int64
	for _, s := range stores {
		batchesBefore += s.batches.Load()
	}
	var wg sync.WaitGroup
	for w := range writers {
		s := stores[w%2]
		wg.Go(func() {
			for i := 0; i < each; {
				k := (w + i) % len(ids)
				_, at, err := s.Load(ctx, ids[k])
				if err != nil {
					t.Errorf("load: %v", err)
					return
				}
				err = s.Save(ctx, minimalSave(ids[k], at, fmt.Sprintf("w%d-%d", w, i)))
				if lkt.CodeOf(err) == lkt.Conflict {
					continue
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				acked[k].Add(1)
				i++
			}
		})
	}
	wg.Wait()
	var total int64
	for k, id := range ids {
		n := acked[k].Load()
		total += n
		_, v, err := stores[1].Load(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, 1+n, v, "%s: every acknowledged save is a version", id)
		c, m, e, a := storedCounts(t, stores[0], string(id))
		assert.Equal(t, [4]int{1, 1, int(1 + n), int(1 + n)}, [4]int{c, m, e, a}, id)
	}
	assert.Equal(t, int64(writers*each), total)
	var deadlocks, batches int64
	for _, s := range stores {
		deadlocks += s.deadlocks.Load()
		batches += s.batches.Load()
	}
	t.Logf("%d saves acknowledged in %d pipelines", total, batches-batchesBefore)
	assert.Zero(t, deadlocks, "deadlocks between pipelines")
}
