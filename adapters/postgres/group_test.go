package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// together saves every one of saves on s in one pipeline, in this order:
// it makes s's group commit look busy, queues the saves one after the
// other, and ends the pipeline it pretended was in flight. wait returns
// each save's outcome.
func together(t *testing.T, s *Store, saves ...lkt.Save) (wait func() []error) {
	t.Helper()
	s.saves.mu.Lock()
	require.Zero(t, s.saves.inFlight)
	s.saves.inFlight = s.saves.max // as if pipelines were in flight
	s.saves.mu.Unlock()
	queued := func() int {
		s.saves.mu.Lock()
		defer s.saves.mu.Unlock()
		return len(s.saves.waiting)
	}
	errs := make([]error, len(saves))
	var wg sync.WaitGroup
	for i, in := range saves {
		wg.Go(func() { errs[i] = s.Save(context.Background(), in) })
		for queued() <= i {
			runtime.Gosched()
		}
	}
	s.saves.mu.Lock()
	s.handOver()
	s.saves.inFlight -= s.saves.max - 1
	s.saves.mu.Unlock()
	return func() []error { wg.Wait(); return errs }
}

// withPatient is in with its patient's national identity number set: an
// open community holds it (RuleOneOpenCommunity).
func withPatient(in lkt.Save, nationalID string) lkt.Save {
	in.Snapshot.Patient.NationalID = nationalID
	return in
}

// TestPipelineConflictInTheMiddle: of three saves in one pipeline the
// middle one is stale; it alone is a conflict, with the version the
// community is at, and the others are stored, in one round trip.
func TestPipelineConflictInTheMiddle(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	for _, id := range []lkt.ID{"c-1", "c-2", "c-3"} {
		require.NoError(t, s.Save(ctx, minimalSave(id, 0, "first")))
	}
	before := s.batches.Load()
	errs := together(t, s, minimalSave("c-1", 1, "a"), minimalSave("c-2", 5, "stale"), minimalSave("c-3", 1, "c"))()
	assert.Equal(t, int64(1), s.batches.Load()-before, "one pipeline")
	assert.NoError(t, errs[0])
	require.Equal(t, lkt.Conflict, lkt.CodeOf(errs[1]), "%v", errs[1])
	assert.Equal(t, lkt.ConflictError("c-2", 5, 1), errs[1])
	assert.NoError(t, errs[2])
	assertStored(t, s, map[string][4]int{"c-1": {1, 1, 2, 2}, "c-2": {1, 1, 1, 1}, "c-3": {1, 1, 2, 2}})
}

// TestPipelineWithAFailingSave: a save of the pipeline fails (a second
// open community of one patient): PostgreSQL rolls the pipeline back,
// each save is sent again alone, the failing one gets its own error and
// the others are stored.
func TestPipelineWithAFailingSave(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	require.NoError(t, s.Save(ctx, withPatient(minimalSave("c-taken", 0, "first"), "01010112345")))
	before := s.batches.Load()
	errs := together(t, s, minimalSave("c-1", 0, "a"), withPatient(minimalSave("c-2", 0, "b"), "01010112345"), minimalSave("c-3", 0, "c"))()
	assert.Equal(t, int64(4), s.batches.Load()-before, "one pipeline, then each alone")
	assert.NoError(t, errs[0])
	assert.Equal(t, lkt.RuleOneOpenCommunity, lkt.RuleOf(errs[1]), "%v", errs[1])
	assert.NoError(t, errs[2])
	assertStored(t, s, map[string][4]int{"c-1": {1, 1, 1, 1}, "c-2": {0, 0, 0, 0}, "c-3": {1, 1, 1, 1}})
}

// TestPipelineSameCommunityTwice: two saves of one community in one
// pipeline. Over the same version, the second sees the first and is a
// conflict; the second over the version the first makes is stored after
// it.
func TestPipelineSameCommunityTwice(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	require.NoError(t, s.Save(ctx, minimalSave("c-1", 0, "first")))

	errs := together(t, s, minimalSave("c-1", 1, "a"), minimalSave("c-1", 1, "b"))()
	assert.NoError(t, errs[0])
	assert.Equal(t, lkt.ConflictError("c-1", 1, 2), errs[1])
	snap, v, err := s.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "a", snap.Patient.Name, "the first one's")

	// Two new communities of one id, then one after the other.
	errs = together(t, s, minimalSave("c-2", 0, "a"), minimalSave("c-2", 0, "b"), minimalSave("c-1", 2, "c"), minimalSave("c-1", 3, "d"))()
	assert.NoError(t, errs[0])
	assert.Equal(t, lkt.ConflictError("c-2", 0, 1), errs[1])
	assert.NoError(t, errs[2])
	assert.NoError(t, errs[3])
	c, m, e, a := storedCounts(t, s, "c-1")
	assert.Equal(t, [4]int{1, 1, 4, 4}, [4]int{c, m, e, a})
	page := readAll(t, s)
	var seqs []int64
	for _, e := range page {
		if e.Event.Community == "c-1" {
			seqs = append(seqs, e.Event.Seq)
		}
	}
	assert.Equal(t, []int64{1, 2, 3, 4}, seqs, "in the feed in Seq order")
}

// readAll reads s's whole feed.
func readAll(t *testing.T, s *Store) []lkt.FeedEntry {
	t.Helper()
	all, _ := readFeed(t, s, "", 100)
	return all
}

// TestPipelineKilledMidway: the backend of a pipeline of three saves is
// terminated after their statements and before the commit. Without
// retries each save fails as lkt.Unavailable and nothing of any is stored;
// with retries each is stored once.
func TestPipelineKilledMidway(t *testing.T) {
	for _, retries := range []int{-1, 0} {
		schema := testSchema(t)
		s := openTest(t, schema, &Options{MaxConns: 4, Retries: retries})
		h := holdSaves(t, s, schema)
		wait := together(t, s, minimalSave("c-1", 0, "a"), minimalSave("c-2", 0, "b"), minimalSave("c-3", 0, "c"))
		terminate(t, h.waiting())
		h.release()
		for i, err := range wait() {
			if retries < 0 {
				assert.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "save %d: %v", i, err)
			} else {
				assert.NoError(t, err, "save %d", i)
			}
		}
		want := [4]int{1, 1, 1, 1}
		if retries < 0 {
			want = [4]int{}
		}
		for _, id := range []string{"c-1", "c-2", "c-3"} {
			c, m, e, a := storedCounts(t, s, id)
			assert.Equal(t, want, [4]int{c, m, e, a}, "%s, retries %d", id, retries)
		}
		assert.Len(t, readAll(t, s), 3+min(retries, 0)*3, "the feed")
	}
}

// TestResolveLostCommit: after a commit whose answer was lost, a save is
// reported stored only if the community is at its version with its
// snapshot; another save of the same version (the second of a pipeline)
// is not.
func TestResolveLostCommit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	require.NoError(t, s.Save(ctx, minimalSave("c-1", 0, "first")))
	stored, other := minimalSave("c-1", 1, "a"), minimalSave("c-1", 1, "b")
	require.NoError(t, s.Save(ctx, stored))
	for _, tc := range []struct {
		in     lkt.Save
		stored bool
	}{{stored, true}, {other, false}, {minimalSave("c-2", 0, "never"), false}} {
		e, err := encode(tc.in)
		require.NoError(t, err)
		err = s.resolve(ctx, e, errCommitLost)
		if tc.stored {
			assert.NoError(t, err)
		} else {
			assert.ErrorIs(t, err, errCommitLost)
		}
	}
}

// TestSaveTellsSnapshotJSON: a stored save tells the snapshot's JSON it
// stored (lkt.Save.SnapshotJSON), what encoding/json writes, so that the
// answer to a command does not encode it again; a refused one does not.
func TestSaveTellsSnapshotJSON(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	var told []byte
	in := minimalSave("c-1", 0, "first")
	in.SnapshotJSON = &told
	require.NoError(t, s.Save(ctx, in))
	want, err := json.Marshal(in.Snapshot)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(told))

	var refused []byte
	stale := minimalSave("c-1", 0, "again")
	stale.SnapshotJSON = &refused
	require.Equal(t, lkt.Conflict, lkt.CodeOf(s.Save(ctx, stale)))
	assert.Nil(t, refused)
}

// TestGroupCommitManyWriters: many writers on a Store with one pipeline
// in flight (a pool of two), each on a community of its own and all on
// one they share, redoing a save that conflicts: every acknowledged save
// is stored once, none is lost, and the feed holds every event once.
func TestGroupCommitManyWriters(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", &Options{MaxConns: 2})
	require.Equal(t, 1, s.saves.max)
	require.NoError(t, s.Save(ctx, minimalSave("c-shared", 0, "first")))
	const writers, each = 16, 8
	var shared, tried atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			own := lkt.ID(fmt.Sprintf("c-own-%02d", w))
			for v := range int64(each) {
				if err := s.Save(ctx, minimalSave(own, v, "own")); err != nil {
					t.Errorf("%s@%d: %v", own, v, err)
					return
				}
				for {
					_, at, err := s.Load(ctx, "c-shared")
					if err != nil {
						t.Errorf("load: %v", err)
						return
					}
					tried.Add(1)
					err = s.Save(ctx, minimalSave("c-shared", at, fmt.Sprintf("w%d", w)))
					if lkt.CodeOf(err) == lkt.Conflict {
						continue
					}
					if err != nil {
						t.Errorf("shared@%d: %v", at, err)
						return
					}
					shared.Add(1)
					break
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d saves sent in %d pipelines", 1+writers*each+tried.Load(), s.batches.Load())
	for w := range writers {
		c, m, e, a := storedCounts(t, s, fmt.Sprintf("c-own-%02d", w))
		assert.Equal(t, [4]int{1, 1, each, each}, [4]int{c, m, e, a})
	}
	_, v, err := s.Load(ctx, "c-shared")
	require.NoError(t, err)
	assert.Equal(t, 1+shared.Load(), v, "every acknowledged save of the shared community, once")
	c, m, e, a := storedCounts(t, s, "c-shared")
	assert.Equal(t, [4]int{1, 1, int(v), int(v)}, [4]int{c, m, e, a})
	seen := map[feedKey]bool{}
	for _, f := range readAll(t, s) {
		k := feedKey{f.Event.Community, f.Event.Seq}
		assert.False(t, seen[k], "%v twice", k)
		seen[k] = true
	}
	assert.Len(t, seen, writers*each+int(v))
}

// TestPipelineGathersSavesInOneStatement: the saves of stored communities
// in a pipeline are one statement (updateMany). Each community gets its
// own members (those who left removed, new ones added, none crossing to
// another community), events, audit entries and summary (a large one
// beside the indexes); a stale save among them writes nothing of its own.
func TestPipelineGathersSavesInOneStatement(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	withMembers := func(in lkt.Save, members ...actormap.ActorID) lkt.Save {
		in.Summary.Members = members
		return in
	}
	require.NoError(t, s.Save(ctx, withMembers(minimalSave("c-1", 0, "first"), "m-a", "m-b")))
	require.NoError(t, s.Save(ctx, withMembers(minimalSave("c-2", 0, "first"), "m-a", "m-c")))
	require.NoError(t, s.Save(ctx, withMembers(minimalSave("c-3", 0, "first"), "m-a")))

	big := withMembers(minimalSave("c-2", 1, "big"), "m-a", "m-c")
	big.Summary.Coordinator = actormap.ActorID(strings.Repeat("x", 3000))
	before := s.batches.Load()
	errs := together(t, s,
		withMembers(minimalSave("c-1", 1, "a"), "m-b", "m-d"),
		big,
		withMembers(minimalSave("c-3", 7, "stale"), "m-z"))()
	assert.Equal(t, int64(1), s.batches.Load()-before, "one pipeline")
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	assert.Equal(t, lkt.ConflictError("c-3", 7, 1), errs[2])

	members := func(id string) []string {
		rows, err := s.pool.Query(ctx, `SELECT member FROM members WHERE community = $1 ORDER BY member`, id)
		require.NoError(t, err)
		out, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return out
	}
	assert.Equal(t, []string{"m-b", "m-d"}, members("c-1"))
	assert.Equal(t, []string{"m-a", "m-c"}, members("c-2"))
	assert.Equal(t, []string{"m-a"}, members("c-3"))
	assertStored(t, s, map[string][4]int{"c-1": {1, 2, 2, 2}, "c-2": {1, 2, 2, 2}, "c-3": {1, 1, 1, 1}})

	var small, large int
	require.NoError(t, s.pool.QueryRow(ctx, `SELECT count(summary), count(summary_big) FROM communities WHERE id = 'c-2'`).Scan(&small, &large))
	assert.Equal(t, [2]int{0, 1}, [2]int{small, large}, "the large summary beside the indexes")
	page, err := s.Query(ctx, lkt.Query{Municipality: "Bergen", Limit: 10})
	require.NoError(t, err)
	require.Len(t, page.Items, 3)
	assert.Equal(t, big.Summary.Coordinator, page.Items[1].Coordinator)

	var seqs []string
	for _, e := range readAll(t, s) {
		seqs = append(seqs, fmt.Sprintf("%s#%d", e.Event.Community, e.Event.Seq))
	}
	assert.ElementsMatch(t, []string{"c-1#1", "c-2#1", "c-3#1", "c-1#2", "c-2#2"}, seqs)
}

// TestGatherTakesAPrefix: updateMany takes the saves of stored
// communities from the first, in the order of their ids, up to the first
// new community or community saved twice; the rest go alone, after it, so
// that every row is locked in the order of the ids.
func TestGatherTakesAPrefix(t *testing.T) {
	save := func(id string, expected int64) *encoded { return &encoded{id: id, expected: expected} }
	for _, c := range []struct {
		name  string
		es    []*encoded
		many  []string
		alone []int
	}{
		{"all stored", []*encoded{save("a", 1), save("b", 3), save("c", 2)}, []string{"a", "b", "c"}, []int{}},
		{"a second save", []*encoded{save("a", 1), save("b", 1), save("c", 1), save("c", 2), save("d", 1)}, []string{"a", "b"}, []int{2, 3, 4}},
		{"a new one", []*encoded{save("a", 1), save("b", 1), save("c", 0), save("d", 1)}, []string{"a", "b"}, []int{2, 3}},
		{"too few to gather", []*encoded{save("a", 1), save("b", 0), save("c", 1)}, nil, []int{0, 1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			order := make([]int, len(c.es))
			for i := range order {
				order[i] = i
			}
			many, alone := gather(c.es, order)
			var ids []string
			for _, e := range many {
				ids = append(ids, e.id)
			}
			assert.Equal(t, c.many, ids)
			assert.Equal(t, c.alone, alone)
		})
	}
}

// TestCommonSaveStoresWhatTheGeneralOneDoes: a save of a stored
// community with one event and one audit entry and its members kept is
// sent as updateOne, and stores the same rows as updateSave does: the
// community's, its event and its audit entry, column for column. A stale
// one writes nothing and is a conflict.
func TestCommonSaveStoresWhatTheGeneralOneDoes(t *testing.T) {
	ctx := context.Background()
	lean, general := openTest(t, "", nil), openTest(t, "", nil)
	general.generalSaves = true
	save := func(expected int64, by string) lkt.Save {
		in := minimalSave("c-1", expected, by)
		in.Audit[0].At = in.Audit[0].At.Add(time.Millisecond) // no column the same as another's
		in.Audit[0].Version += 10
		return in
	}
	for _, s := range []*Store{lean, general} {
		require.NoError(t, s.Save(ctx, save(0, "first")))
		require.NoError(t, s.Save(ctx, save(1, "second")))
		require.NoError(t, s.Save(ctx, save(2, "third")))
		assert.Equal(t, lkt.ConflictError("c-1", 2, 3), s.Save(ctx, save(2, "stale")))
	}

	e, err := encode(minimalSave("c-1", 3, "fourth"))
	require.NoError(t, err)
	e.keepMembers = true
	sql, _ := lean.statement(e)
	assert.Equal(t, updateOne, sql, "the common save")
	sql, _ = general.statement(e)
	assert.Equal(t, updateSave, sql)
	e.keepMembers = false
	sql, _ = lean.statement(e)
	assert.Equal(t, updateSave, sql, "members to write")
	_, kept := lean.cache.peopleAt("c-1", 3)
	assert.True(t, kept, "the saves above kept their members")

	rows := func(s *Store) []string {
		var out []string
		for _, q := range []string{
			`SELECT row(c.*)::text FROM communities c`,
			`SELECT row(community, seq, shard, at, type, data)::text FROM events ORDER BY seq`,
			`SELECT row(community, at, by_kind, by_id, by_name, action, operation, outcome, version)::text FROM audit ORDER BY seq`,
			`SELECT row(m.*)::text FROM members m ORDER BY member`,
		} {
			r, err := s.pool.Query(ctx, q)
			require.NoError(t, err)
			got, err := pgx.CollectRows(r, pgx.RowTo[string])
			require.NoError(t, err)
			out = append(out, got...)
		}
		return out
	}
	got := rows(lean)
	assert.Len(t, got, 1+3+3+1)
	assert.Equal(t, rows(general), got)
}
