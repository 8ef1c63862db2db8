package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// testPlansThroughService drives the plan (D) and its execution (E) through
// the Service on the store under test: the agreed plan, the red phase with
// its activated measures, an admission and its obligations survive a round
// trip, and the portfolio queries that depend on them — active red phase,
// overdue evaluation, something due before a date, a coordinator's agenda —
// return exactly the right communities.
func testPlansThroughService(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	const withPlan, without lkt.ID = "c-plan", "c-noplan"
	_, err := lkttest.NewBuilder().WithID(withPlan).WithPlan().Seed(ctx, svc)
	require.NoError(t, err)
	_, err = lkttest.NewBuilder().WithID(without).Seed(ctx, svc)
	require.NoError(t, err)
	sys := lkttest.SystemWith("portfolio", lkt.RightActInCommunities)
	ids := func(q lkt.Query) []lkt.ID {
		t.Helper()
		page, err := svc.List(ctx, sys, q)
		require.NoError(t, err)
		return pageIDs(page.Items)
	}

	assert.Empty(t, ids(lkt.Query{RedPhase: true}), "nobody is in the red phase yet")
	clock.Advance(24 * time.Hour)
	red, err := svc.Do(ctx, lkttest.Coordinator, withPlan, lkt.AnyVersion, lkt.SetPhase{Phase: plan.Red, Reason: "Complications after the operation."})
	require.NoError(t, err)
	require.NotEmpty(t, red.OpenMeasures(), "the red phase activates its measures")
	assert.Equal(t, []lkt.ID{withPlan}, ids(lkt.Query{RedPhase: true}))

	// Everything the command changed comes back from the store.
	loaded, err := svc.Get(ctx, lkttest.Coordinator, withPlan)
	require.NoError(t, err)
	assert.Equal(t, red.Snapshot(), loaded.Snapshot())
	assert.Equal(t, red.Version(), loaded.Version())
	inForce, ok := loaded.PlanInForce()
	require.True(t, ok)
	assert.True(t, inForce.Agreed())
	ph, _ := loaded.Phase()
	assert.Equal(t, plan.Red, ph)

	// Open measures are due within days: the community shows up for "due
	// this week", and in the coordinator's agenda.
	week := clock.Now().AddDate(0, 0, 7)
	assert.Equal(t, []lkt.ID{withPlan}, ids(lkt.Query{DueBefore: &week}))
	agenda, err := svc.CoordinatorAgenda(ctx, lkttest.Coordinator, week)
	require.NoError(t, err)
	require.Len(t, agenda, 1)
	assert.Equal(t, withPlan, agenda[0].ID)

	// Back to green; the first evaluation date (three months after the
	// plan was drafted) passes without an evaluation: overdue, and only
	// from the day after it.
	_, err = svc.Do(ctx, lkttest.Coordinator, withPlan, lkt.AnyVersion, lkt.SetPhase{Phase: plan.Green, Reason: "Stable again."})
	require.NoError(t, err)
	assert.Empty(t, ids(lkt.Query{RedPhase: true}))
	firstEvaluation := lkttest.Start.AddDate(0, 3, 0)
	clock.Set(firstEvaluation.Add(-time.Hour))
	assert.Empty(t, ids(lkt.Query{OverdueEvaluation: true}), "not overdue before the date")
	clock.Set(firstEvaluation.AddDate(0, 0, 1))
	assert.Equal(t, []lkt.ID{withPlan}, ids(lkt.Query{OverdueEvaluation: true}), "overdue once the date has passed")
	assert.Equal(t, []lkt.ID{withPlan}, ids(lkt.Query{OverdueEvaluation: true, Coordinator: lkttest.CoordinatorID}))

	// The history holds every event, in order, typed.
	evs, err := svc.History(ctx, lkttest.Coordinator, withPlan, 0, lkt.MaxPage)
	require.NoError(t, err)
	types := map[string]bool{}
	for i, e := range evs {
		assert.Equal(t, int64(i+1), e.Seq)
		types[e.Type()] = true
	}
	for _, want := range []string{"PlanDrafted", "PlanAgreed", "PhaseChanged"} {
		assert.True(t, types[want], "history holds %s", want)
	}
}
