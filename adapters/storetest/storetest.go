package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Run runs the conformance suite against stores made by newStore, which
// must return a new, empty store for each call (and may use t.Cleanup to
// close it).
func Run(t *testing.T, newStore func(t *testing.T) lkt.Store) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore(t)
		Populate(t, s).Verify(t, s)
	})
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, newStore(t)) })
	t.Run("StaleWriterGetsConflict", func(t *testing.T) { testConflict(t, newStore(t)) })
	t.Run("RacingWritersOneWins", func(t *testing.T) { testRacingWriters(t, newStore(t)) })
	t.Run("EventsAreNeverRewritten", func(t *testing.T) { testAppendOnly(t, newStore(t)) })
	t.Run("AuditEntries", func(t *testing.T) { testAudit(t, newStore(t)) })
	t.Run("Portfolio", func(t *testing.T) { testPortfolio(t, newStore(t)) })
	t.Run("PortfolioThroughService", func(t *testing.T) { testServicePortfolio(t, newStore(t)) })
	t.Run("PagingUnderInserts", func(t *testing.T) { testPagingUnderInserts(t, newStore(t)) })
	t.Run("PagingUnderConcurrentInserts", func(t *testing.T) { testPagingConcurrent(t, newStore(t)) })
	t.Run("PlansThroughService", func(t *testing.T) { testPlansThroughService(t, newStore(t)) })
	t.Run("Feed", func(t *testing.T) { testFeed(t, newStore(t)) })
	t.Run("FeedUnderConcurrentWriters", func(t *testing.T) { testFeedConcurrent(t, newStore(t)) })
	t.Run("OneOpenCommunityPerPatient", func(t *testing.T) { testOneOpenCommunity(t, newStore(t)) })
	t.Run("PortfolioByNationalID", func(t *testing.T) { testPortfolioByNationalID(t, newStore(t)) })
	t.Run("Idempotency", func(t *testing.T) { testIdempotency(t, newStore(t)) })
	t.Run("SnapshotJSON", func(t *testing.T) { testSnapshotJSON(t, newStore(t)) })
	t.Run("LargestCommunity", func(t *testing.T) { testLargestCommunity(t, newStore(t)) })
	t.Run("CachingStore", func(t *testing.T) { testCaching(t, newStore(t)) })
}

// testSnapshotJSON: a store that tells the JSON it stored for a snapshot
// (lkt.Save.SnapshotJSON) tells what encoding/json writes for it, for the
// Service's views to answer it as it is; a store need not tell it.
func testSnapshotJSON(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	for _, by := range []lkt.Principal{lkttest.Coordinator, lkttest.Mother} {
		done, err := svc.Do(ctx, by, c.ID(), lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.MotherID, Name: "Kari <Berg> & co"})
		require.NoError(t, err)
		got, ok := done.AppendSnapshotJSON(nil)
		if !ok {
			continue // not told
		}
		assert.Equal(t, mustJSON(t, done.Snapshot()), string(got), "the view's snapshot as encoding/json writes it")
	}
}

func testNotFound(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	_, _, err := s.Load(ctx, "nobody")
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "Load: %v", err)
	_, err = s.Events(ctx, "nobody", 0, 10)
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "Events: %v", err)
	_, err = s.Audit(ctx, "nobody", 0, 10)
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "Audit: %v", err)
	page, err := s.Query(ctx, lkt.Query{})
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	assert.Empty(t, page.Next)

	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	_, err = svc.Get(ctx, lkttest.Coordinator, "nobody")
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "Service.Get: %v", err)
	_, err = svc.Do(ctx, lkttest.Coordinator, "nobody", lkt.AnyVersion, lkt.Activate{})
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "Service.Do: %v", err)
}

// saveOf is the Save the Service would issue for c.
func saveOf(c *lkt.Community, expected int64, at time.Time, by lkt.Principal, op string) lkt.Save {
	ev := c.Pending()
	return lkt.Save{Snapshot: c.Snapshot(), Summary: c.Summary(at), Expected: expected, Events: ev,
		Audit: []lkt.AuditEntry{{Community: c.ID(), At: at, By: by, Action: lkt.Write, Operation: op, Outcome: "ok", Version: expected + int64(len(ev))}}}
}

type stored struct {
	version int64
	snap    string
	events  []lkt.Event
	audit   []lkt.AuditEntry
	summary []lkt.Summary
}

func state(t *testing.T, s lkt.Store, id lkt.ID) stored {
	t.Helper()
	ctx := context.Background()
	snap, v, err := s.Load(ctx, id)
	require.NoError(t, err)
	evs, err := s.Events(ctx, id, 0, lkt.MaxPage)
	require.NoError(t, err)
	au, err := s.Audit(ctx, id, 0, lkt.MaxPage)
	require.NoError(t, err)
	page, err := s.Query(ctx, lkt.Query{Limit: lkt.MaxPage})
	require.NoError(t, err)
	return stored{v, mustJSON(t, snap), evs, au, page.Items}
}

func requireSame(t *testing.T, want, got stored, msg string) {
	t.Helper()
	require.Equal(t, want.version, got.version, msg)
	require.JSONEq(t, want.snap, got.snap, msg)
	requireEvents(t, want.events, got.events, "%s", msg)
	require.Len(t, got.audit, len(want.audit), msg)
	for i := range want.audit {
		require.Equal(t, want.audit[i].Seq, got.audit[i].Seq, msg)
	}
	require.JSONEq(t, mustJSON(t, want.summary), mustJSON(t, got.summary), msg)
}

func testConflict(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	svc := lkt.NewService(s, cfg)
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)

	// Two writers read version N.
	snapA, n, err := s.Load(ctx, Jonas)
	require.NoError(t, err)
	snapB, nB, err := s.Load(ctx, Jonas)
	require.NoError(t, err)
	require.Equal(t, n, nB)
	a, b := lkt.Restore(cfg, snapA, n), lkt.Restore(cfg, snapB, n)
	require.NoError(t, a.Do(lkttest.Coordinator, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"}))
	require.NoError(t, b.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: "Writer B's story"}))

	now := clock.Now()
	require.NoError(t, s.Save(ctx, saveOf(a, n, now, lkttest.Coordinator, "UpdateMember")))
	before := state(t, s, Jonas)
	require.Equal(t, n+1, before.version)

	// The second gets a conflict, and nothing of its save is stored.
	err = s.Save(ctx, saveOf(b, n, now, lkttest.Mother, "ReviseStory"))
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "stale save: %v", err)
	// The rule tells a stale version from other conflicts: the Service
	// retries an AnyVersion command on it alone.
	require.Equal(t, lkt.RuleStaleVersion, lkt.RuleOf(err), "stale save: %v", err)
	requireSame(t, before, state(t, s, Jonas), "after the stale save")
	got, _, err := s.Load(ctx, Jonas)
	require.NoError(t, err)
	m := lkt.Restore(cfg, got, n+1)
	gp, _ := m.Member(lkttest.GPID)
	assert.Equal(t, "Per A. Hauge", gp.Name, "the first writer's change stands")

	// Saving from a version ahead of the store is a conflict too.
	ahead := lkt.Restore(cfg, snapB, n+5)
	require.NoError(t, ahead.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: "From the future"}))
	err = s.Save(ctx, saveOf(ahead, n+5, now, lkttest.Mother, "ReviseStory"))
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "save ahead: %v", err)
	requireSame(t, before, state(t, s, Jonas), "after the save from a version ahead")

	// Creating a community that exists is a conflict.
	c := lkttest.NewBuilder().Build(t, cfg)
	err = s.Save(ctx, saveOf(c, 0, now, lkttest.Coordinator, "Create"))
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "create over an existing one: %v", err)
	requireSame(t, before, state(t, s, Jonas), "after the second create")

	// Updating one that does not exist is a conflict, and creates nothing.
	other := lkt.Restore(cfg, lkttest.NewBuilder().WithID("c-other").Build(t, cfg).Snapshot(), 3)
	require.NoError(t, other.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: "Nobody's"}))
	err = s.Save(ctx, saveOf(other, 3, now, lkttest.Mother, "ReviseStory"))
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "update of a missing one: %v", err)
	_, _, err = s.Load(ctx, "c-other")
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err))
	_, err = s.Events(ctx, "c-other", 0, 10)
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err))
	page, err := s.Query(ctx, lkt.Query{})
	require.NoError(t, err)
	require.Equal(t, []lkt.ID{Jonas}, pageIDs(page.Items))

	// Through the Service: a writer holding an old version is told so.
	_, err = svc.Do(ctx, lkttest.Mother, Jonas, n, lkt.ReviseStory{GoodDay: "late"})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err))
	_, err = svc.Do(ctx, lkttest.Mother, Jonas, n+1, lkt.ReviseStory{GoodDay: "on time"})
	require.NoError(t, err)
}

func testRacingWriters(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	c, err := lkttest.NewBuilder().Seed(ctx, lkt.NewService(s, cfg))
	require.NoError(t, err)
	n := c.Version()

	const writers = 8
	errs := make([]error, writers)
	saves := make([]lkt.Save, writers)
	for i := range writers {
		snap, v, err := s.Load(ctx, Jonas)
		require.NoError(t, err)
		require.Equal(t, n, v)
		w := lkt.Restore(cfg, snap, v)
		require.NoError(t, w.Do(lkttest.Coordinator, lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("Writer %d", i)}))
		saves[i] = saveOf(w, v, clock.Now(), lkttest.Coordinator, "UpdateMember")
	}
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() { errs[i] = s.Save(ctx, saves[i]) })
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, won, "two writers of version %d both succeeded", n)
			won = i
			continue
		}
		require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "writer %d: %v", i, err)
	}
	require.NotEqual(t, -1, won, "no writer succeeded")
	got := state(t, s, Jonas)
	require.Equal(t, n+1, got.version)
	require.Len(t, got.events, int(n+1))
	snap, _, err := s.Load(ctx, Jonas)
	require.NoError(t, err)
	gp, _ := lkt.Restore(cfg, snap, n+1).Member(lkttest.GPID)
	require.Equal(t, fmt.Sprintf("Writer %d", won), gp.Name, "the winner's change is the one stored")
	writes := 0
	for _, a := range got.audit {
		if a.Version == n+1 && a.Action == lkt.Write {
			writes++
		}
	}
	require.Equal(t, 1, writes, "one write audit entry for version %d", n+1)
}

func testAppendOnly(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	first, err := s.Events(ctx, Jonas, 0, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, first, int(c.Version()))
	types := []string{}
	for _, e := range first {
		types = append(types, e.Type())
	}
	assert.Equal(t, "CommunityCreated", types[0])
	assert.Equal(t, "CommunityActivated", types[len(types)-1])

	for i := range 5 {
		clock.Advance(time.Minute)
		_, err := svc.Do(ctx, lkttest.Coordinator, Jonas, c.Version()+int64(i), lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("Per %d", i)})
		require.NoError(t, err)
	}
	all, err := s.Events(ctx, Jonas, 0, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, all, len(first)+5)
	requireEvents(t, first, all[:len(first)], "the first events, after five more saves")
	for i, e := range all[len(first):] {
		assert.Equal(t, "MemberUpdated", e.Type())
		assert.Equal(t, c.Version()+int64(i)+1, e.Seq)
		assert.Equal(t, Jonas, e.Community)
		assert.True(t, e.At.Equal(lkttest.Start.Add(time.Duration(i+1)*time.Minute)), "event time %v", e.At)
	}
	none, err := s.Events(ctx, Jonas, int64(len(all)), 10)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func testAudit(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	_, err = lkttest.NewBuilder().WithID("c-two").Seed(ctx, svc)
	require.NoError(t, err)

	writes, err := s.Audit(ctx, Jonas, 0, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, writes, int(c.Version()), "one audit entry per save")
	for i, a := range writes {
		assert.Equal(t, lkt.Write, a.Action)
		assert.Equal(t, int64(i+1), a.Version)
		assert.Equal(t, "ok", a.Outcome)
		assert.Equal(t, Jonas, a.Community)
	}
	assert.Equal(t, "Create", writes[0].Operation)
	assert.Equal(t, "Activate", writes[len(writes)-1].Operation)

	clock.Advance(time.Hour)
	_, err = svc.Get(ctx, lkttest.GP, Jonas)
	require.NoError(t, err)
	_, err = svc.Get(ctx, lkttest.Outsider, Jonas)
	require.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	// A batch of entries for two communities, as List records them.
	at := clock.Now()
	require.NoError(t, s.RecordAudit(ctx,
		lkt.AuditEntry{Community: Jonas, At: at, By: lkt.System("ehr"), Action: lkt.Read, Operation: "List", Outcome: "ok", Version: c.Version()},
		lkt.AuditEntry{Community: "c-two", At: at, By: lkt.System("ehr"), Action: lkt.Read, Operation: "List", Outcome: "ok", Version: c.Version()},
	))

	all, err := s.Audit(ctx, Jonas, 0, lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, all, len(writes)+3)
	reads := all[len(writes):]
	want := []lkt.AuditEntry{
		{Community: Jonas, At: at, By: lkttest.GP, Action: lkt.Read, Operation: "Get", Outcome: "ok", Version: c.Version()},
		{Community: Jonas, At: at, By: lkttest.Outsider, Action: lkt.Read, Operation: "Get", Outcome: string(lkt.Forbidden), Version: c.Version()},
		{Community: Jonas, At: at, By: lkt.System("ehr"), Action: lkt.Read, Operation: "List", Outcome: "ok", Version: c.Version()},
	}
	requireAudit(t, want, reads, "the reads")
	assert.Greater(t, reads[0].Seq, writes[len(writes)-1].Seq)

	since, err := s.Audit(ctx, Jonas, reads[0].Seq, lkt.MaxPage)
	require.NoError(t, err)
	requireAudit(t, want[1:], since, "after the first read")
	one, err := s.Audit(ctx, Jonas, 0, 1)
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.Equal(t, all[0].Seq, one[0].Seq)

	two, err := s.Audit(ctx, "c-two", 0, lkt.MaxPage)
	require.NoError(t, err)
	for _, a := range two {
		assert.Equal(t, lkt.ID("c-two"), a.Community)
	}
	assert.Equal(t, "List", two[len(two)-1].Operation)
}

// portfolio makes n communities with varied summaries, in random order.
func portfolio(rng *rand.Rand, n int, at time.Time) []lkt.Summary {
	munis := []string{"Bergen", "Os", "Voss"}
	coords := []actormap.ActorID{"m-a", "m-b", ""}
	statuses := []lkt.Status{lkt.Draft, lkt.Active, lkt.Paused, lkt.Closed}
	consents := []lkt.ConsentState{lkt.NoConsent, lkt.Consented, lkt.Withdrawn, lkt.RenewalRequired}
	people := []actormap.ActorID{"m-a", "m-b", "m-c", "m-d", "m-e"}
	out := make([]lkt.Summary, 0, n)
	for _, i := range rng.Perm(n) {
		s := summaryFor(rng, lkt.ID(fmt.Sprintf("c-%04d", i)), at, munis, coords, statuses, consents, people)
		out = append(out, s)
	}
	return out
}

func summaryFor(rng *rand.Rand, id lkt.ID, at time.Time, munis []string, coords []actormap.ActorID,
	statuses []lkt.Status, consents []lkt.ConsentState, people []actormap.ActorID) lkt.Summary {
	s := lkt.Summary{ID: id, Municipality: munis[rng.IntN(len(munis))], Status: statuses[rng.IntN(len(statuses))],
		PatientName: "Patient " + string(id), Coordinator: coords[rng.IntN(len(coords))],
		Consent: consents[rng.IntN(len(consents))], UpdatedAt: at}
	// The patient finds their community as a member does (Summary.People):
	// usually someone of their own, sometimes a person who is a member or
	// the patient elsewhere.
	switch s.Patient = actormap.ActorID("p-" + id); rng.IntN(6) {
	case 0:
		s.Patient = "m-f"
	case 1:
		s.Patient = "m-a"
	}
	for _, p := range people {
		if p == s.Coordinator || rng.IntN(3) == 0 {
			s.Members = append(s.Members, p)
		}
	}
	switch rng.IntN(4) {
	case 0:
		s.VacantRoles = []roles.Code{roles.GP}
	case 1:
		d := at.AddDate(0, 0, rng.IntN(21)-10)
		s.HoldersLeaveOn = &d
	}
	// The plan (D) and its execution (E).
	if rng.IntN(3) > 0 {
		d := at.AddDate(0, 0, rng.IntN(41)-20)
		s.EvaluationDue = &d
	}
	if rng.IntN(2) == 0 {
		d := at.Add(time.Duration(rng.IntN(20*24)-10*24) * time.Hour)
		s.NextDue = &d
	}
	s.Phase = []string{"", "green", "yellow", "red"}[rng.IntN(4)]
	return s
}

// saveSummary stores a minimal community with summary s.
func saveSummary(ctx context.Context, st lkt.Store, s lkt.Summary, expected int64) error {
	s.Version = expected + 1
	return st.Save(ctx, lkt.Save{
		Snapshot: lkt.Snapshot{ID: s.ID, Municipality: s.Municipality, Status: s.Status, Patient: lkt.Patient{ID: s.Patient, Name: s.PatientName},
			Holders: map[roles.Code]actormap.ActorID{}, CreatedAt: s.UpdatedAt},
		Summary:  s,
		Expected: expected,
		Events: []lkt.Event{{Community: s.ID, Seq: expected + 1, At: s.UpdatedAt, By: lkt.System("storetest"),
			Data: lkt.CommunityCreated{Municipality: s.Municipality}}},
		Audit: []lkt.AuditEntry{{Community: s.ID, At: s.UpdatedAt, By: lkt.System("storetest"), Action: lkt.Write,
			Operation: "Create", Outcome: "ok", Version: expected + 1}},
	})
}

// portfolioQueries are the queries every store must answer as
// lkt.Query.Matches does.
func portfolioQueries(at time.Time) []lkt.Query {
	return []lkt.Query{
		{},
		{Municipality: "Bergen"},
		{Municipality: "Nowhere"},
		{Coordinator: "m-a"},
		{Coordinator: "m-b"},
		{Member: "m-c"},
		{Member: "m-a"},
		{Member: "m-nobody"},
		{Member: "m-f"},
		{Member: "p-c-0007"},
		{Member: "m-f", Status: lkt.Active},
		{Status: lkt.Active},
		{Status: lkt.Closed},
		{VacantRole: true, At: at},
		{VacantRole: true, At: at.AddDate(0, 0, 5)},
		{VacantRole: true, At: at.AddDate(0, 0, -30)},
		{VacantRole: true, At: at.AddDate(0, 0, 30)},
		{ConsentWithdrawn: true},
		{Municipality: "Bergen", Member: "m-b"},
		{Coordinator: "m-b", VacantRole: true, At: at},
		{Member: "m-a", ConsentWithdrawn: true},
		{Municipality: "Os", Status: lkt.Active, VacantRole: true, At: at.AddDate(0, 0, 3)},
		{Member: "m-d", Coordinator: "m-a", Municipality: "Voss"},
		{Member: "m-e", VacantRole: true, At: at},
		{OverdueEvaluation: true, At: at},
		{OverdueEvaluation: true, At: at.AddDate(0, 0, 10)},
		{OverdueEvaluation: true, At: at.AddDate(0, 0, -30)},
		{RedPhase: true},
		{DueBefore: &at},
		{DueBefore: ptr(at.AddDate(0, 0, 5))},
		{Coordinator: "m-a", OverdueEvaluation: true, At: at},
		{Member: "m-b", RedPhase: true},
		{Municipality: "Bergen", RedPhase: true, OverdueEvaluation: true, At: at.AddDate(0, 0, 3)},
		{Member: "m-c", DueBefore: ptr(at.AddDate(0, 0, 2)), VacantRole: true, At: at},
	}
}

func ptr[T any](v T) *T { return &v }

// checkQuery pages through q with limit and compares with want.
func checkQuery(t *testing.T, s lkt.Store, q lkt.Query, limit int, all map[lkt.ID]lkt.Summary) {
	t.Helper()
	ctx := context.Background()
	var want []lkt.ID
	for id, sum := range all {
		if q.Matches(sum) {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	q.Limit = limit
	pageSize := q.PageLimit()
	var got []lkt.ID
	for pages := 0; ; pages++ {
		require.Less(t, pages, len(all)+2, "query %+v does not end", q)
		page, err := s.Query(ctx, q)
		require.NoError(t, err, "query %+v", q)
		require.LessOrEqual(t, len(page.Items), pageSize, "page size of %+v", q)
		for _, it := range page.Items {
			require.JSONEq(t, mustJSON(t, all[it.ID]), mustJSON(t, it), "summary of %s", it.ID)
			got = append(got, it.ID)
		}
		if page.Next == "" {
			break
		}
		require.Len(t, page.Items, pageSize, "a page before the last is full: %+v", q)
		require.Equal(t, page.Items[len(page.Items)-1].ID, page.Next, "the cursor is the last item")
		q.After = page.Next
	}
	require.Equal(t, want, got, "query %+v, limit %d", q, limit)
}

func testPortfolio(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	at := lkttest.Start
	rng := rand.New(rand.NewPCG(7, 11))
	all := map[lkt.ID]lkt.Summary{}
	for _, sum := range portfolio(rng, 90, at) {
		require.NoError(t, saveSummary(ctx, s, sum, 0))
		sum.Version = 1
		all[sum.ID] = sum
	}
	run := func(t *testing.T) {
		for _, q := range portfolioQueries(at) {
			for _, limit := range []int{0, 1, 7, lkt.MaxPage + 1} {
				checkQuery(t, s, q, limit, all)
			}
		}
	}
	t.Run("Initial", run)

	// A third change: the indexes must follow every filter column,
	// members who leave included.
	munis := []string{"Bergen", "Os", "Voss", "Fjell"}
	coords := []actormap.ActorID{"m-a", "m-b", "m-c", ""}
	statuses := []lkt.Status{lkt.Active, lkt.Closed}
	consents := []lkt.ConsentState{lkt.Consented, lkt.Withdrawn}
	people := []actormap.ActorID{"m-a", "m-c", "m-e", "m-f"}
	ids := slices.Sorted(func(yield func(lkt.ID) bool) {
		for id := range all {
			if !yield(id) {
				return
			}
		}
	})
	for i, id := range ids {
		if i%3 != 0 {
			continue
		}
		sum := summaryFor(rng, id, at.Add(time.Hour), munis, coords, statuses, consents, people)
		sum.PatientName = all[id].PatientName
		require.NoError(t, saveSummary(ctx, s, sum, 1))
		sum.Version = 2
		all[id] = sum
	}
	t.Run("AfterUpdates", run)
}

func testServicePortfolio(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	f := Populate(t, s)
	svc := lkt.NewService(s, f.Config())
	sys := lkttest.SystemWith("portfolio", lkt.RightActInCommunities)
	cases := []struct {
		name string
		by   lkt.Principal
		q    lkt.Query
		want []lkt.ID
	}{
		// A community whose consent is withdrawn tells a reader who is not
		// the patient's side only that: a page selected by anything but
		// membership and consent leaves it out (lkt.Service.List).
		{"all, for a system", sys, lkt.Query{}, f.IDs},
		{"by coordinator", sys, lkt.Query{Coordinator: lkttest.CoordinatorID}, []lkt.ID{GPLeaving, GPVacant, Jonas}},
		{"by member", sys, lkt.Query{Member: lkttest.GPID}, []lkt.ID{GPLeaving, NoCoordinator, Jonas, Withdrawn}},
		{"a member's own", lkttest.GP, lkt.Query{}, []lkt.ID{GPLeaving, NoCoordinator, Jonas, Withdrawn}},
		{"by municipality", sys, lkt.Query{Municipality: "Bergen"}, []lkt.ID{GPVacant}},
		{"with a vacant mandatory role", sys, lkt.Query{VacantRole: true}, []lkt.ID{GPVacant, NoCoordinator}},
		{"with consent withdrawn", sys, lkt.Query{ConsentWithdrawn: true}, []lkt.ID{Withdrawn}},
		{"active", sys, lkt.Query{Status: lkt.Active}, []lkt.ID{GPLeaving, Jonas}},
		{"a coordinator's drafts in Bergen", lkttest.Coordinator, lkt.Query{Municipality: "Bergen", Status: lkt.Draft}, []lkt.ID{GPVacant}},
		{"not a member anywhere", lkttest.Outsider, lkt.Query{}, []lkt.ID{}},
		{"the patient's own", lkttest.Patient, lkt.Query{}, f.PatientOf(lkttest.PatientID)},
		{"by patient", sys, lkt.Query{Member: lkttest.PatientID}, f.PatientOf(lkttest.PatientID)},
	}
	require.NotEmpty(t, f.PatientOf(lkttest.PatientID))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := svc.List(ctx, c.by, c.q)
			require.NoError(t, err)
			want := slices.Sorted(slices.Values(c.want))
			if len(want) == 0 {
				assert.Empty(t, page.Items)
				return
			}
			assert.Equal(t, want, pageIDs(page.Items), "in ID order")
		})
	}
	// The GP of GPLeaving leaves on LeavingOn: from that day the role is
	// vacant, without anyone saving the community again.
	f.Clock.Set(LeavingOn)
	page, err := svc.List(ctx, sys, lkt.Query{VacantRole: true})
	require.NoError(t, err)
	assert.Equal(t, []lkt.ID{GPLeaving, GPVacant, NoCoordinator}, pageIDs(page.Items), "vacant once the GP has left")
	f.Clock.Set(LeavingOn.Add(-time.Nanosecond))
	page, err = svc.List(ctx, sys, lkt.Query{VacantRole: true})
	require.NoError(t, err)
	assert.Equal(t, []lkt.ID{GPVacant, NoCoordinator}, pageIDs(page.Items), "not vacant the moment before")
}

// testPagingUnderInserts interleaves pages and inserts in a fixed order:
// after each page one community is added before the cursor (it must not
// appear) and one after it (it must).
func testPagingUnderInserts(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	at := lkttest.Start
	rng := rand.New(rand.NewPCG(3, 5))
	base := lkt.Summary{Municipality: "Bergen", Status: lkt.Active, Consent: lkt.Consented, UpdatedAt: at, Members: []actormap.ActorID{"m-a"}}
	add := func(id lkt.ID) {
		sum := base
		sum.ID = id
		require.NoError(t, saveSummary(ctx, s, sum, 0))
	}
	var before []lkt.ID
	for i := range 30 {
		id := lkt.ID(fmt.Sprintf("c-%03d-5", i*10))
		before = append(before, id)
	}
	for _, i := range rng.Perm(len(before)) {
		add(before[i])
	}
	q := lkt.Query{Member: "m-a", Municipality: "Bergen", Limit: 4}
	var got, added []lkt.ID
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100)
		page, err := s.Query(ctx, q)
		require.NoError(t, err)
		got = append(got, pageIDs(page.Items)...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
		// "!" and "+" sort before digits: behind sorts just before the
		// cursor, ahead just after it and before the next community.
		behind, ahead := page.Next[:len(page.Next)-1]+"!", page.Next+"+"
		add(behind)
		add(ahead)
		added = append(added, ahead)
	}
	require.True(t, slices.IsSorted(got), "pages in ID order: %v", got)
	require.Len(t, slices.Compact(slices.Clone(got)), len(got), "no community twice: %v", got)
	want := append(slices.Clone(before), added...)
	slices.Sort(want)
	require.Equal(t, want, got, "every community present from the start, and every one added ahead of the cursor")
}

// testPagingConcurrent pages while another goroutine inserts: no
// community present from the start may be skipped or repeated.
func testPagingConcurrent(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	at := lkttest.Start
	base := lkt.Summary{Municipality: "Voss", Status: lkt.Draft, Consent: lkt.NoConsent, UpdatedAt: at}
	var before []lkt.ID
	for i := range 40 {
		sum := base
		sum.ID = lkt.ID(fmt.Sprintf("c-%03d", i*2))
		before = append(before, sum.ID)
		require.NoError(t, saveSummary(ctx, s, sum, 0))
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 40 {
			select {
			case <-done:
				return
			default:
			}
			sum := base
			sum.ID = lkt.ID(fmt.Sprintf("c-%03d", i*2+1))
			if err := saveSummary(ctx, s, sum, 0); err != nil {
				t.Errorf("insert %s: %v", sum.ID, err)
				return
			}
		}
	})
	var got []lkt.ID
	q := lkt.Query{Municipality: "Voss", Limit: 3}
	for {
		page, err := s.Query(ctx, q)
		require.NoError(t, err)
		got = append(got, pageIDs(page.Items)...)
		if page.Next == "" {
			break
		}
		q.After = page.Next
	}
	close(done)
	wg.Wait()
	require.True(t, slices.IsSorted(got))
	require.Len(t, slices.Compact(slices.Clone(got)), len(got), "no community twice")
	for _, id := range before {
		require.Contains(t, got, id)
	}
}
