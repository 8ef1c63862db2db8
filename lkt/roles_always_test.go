package lkt_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func roleItem(items []plan.Item, ref string) (plan.Item, bool) {
	for _, it := range items {
		if it.Kind == plan.RoleItem && it.Ref == ref {
			return it, true
		}
	}
	return plan.Item{}, false
}

// An abrupt departure is a fact: it is recorded, and the vacancy then
// blocks the plan, activates "key helper leaves" and goes on the agenda.
func TestAbruptDepartureOfAHolderIsRecordedAndTheVacancyBites(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	now := clock.Now()
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Reason: "moved away at a day's notice"}))
	assert.Equal(t, []roles.Code{roles.GP}, c.VacantRoles(now))
	ev := c.Pending()[len(c.Pending())-1].Data.(lkt.MemberStatusChanged)
	require.NotEmpty(t, ev.Measures, "the plan's measures for a key helper leaving are activated")
	for _, m := range ev.Measures {
		assert.Equal(t, plan.HelperLeaving, m.Transition)
	}
	assert.Subset(t, c.OpenMeasures(), ev.Measures)

	it, ok := roleItem(c.Agenda(now, now.AddDate(1, 0, 0)), "fill-role:gp")
	require.True(t, ok, "fill the role is on the agenda")
	assert.Equal(t, plan.MemberID(lkttest.CoordinatorID), it.Responsible, "on the coordinator's agenda")
	assert.Equal(t, now.Truncate(24*time.Hour).AddDate(0, 0, lkt.FillRoleWithinDays), it.Due)
	assert.False(t, it.Overdue)
	require.NotNil(t, it.Message)
	assert.NotEmpty(t, it.Message.NN)
	later := it.Due.Add(time.Hour)
	it, _ = roleItem(c.Agenda(later, later), "fill-role:gp")
	assert.True(t, it.Overdue, "overdue after the due date")
	assert.Contains(t, c.Overdue(later), it)
	assert.Equal(t, it.Due, *c.Summary(now).NextDue, "the summary's next due counts the role")
	assert.Contains(t, warningRules(c.Warnings(now)), "mandatory-role-vacant")

	// Revising the plan is refused while the role is vacant.
	r, _ := c.PlanInForce()
	err := unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: r.No, Sections: r.Plan.Sections, Note: "without a GP"})
	})
	assert.Equal(t, "mandatory-role-vacant", lkt.RuleOf(err))

	// Filling the role takes it off the agenda and lifts the block.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-gp2", Name: "Anne Moe", Role: roles.GeneralPractitioner}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AssignRole{Role: roles.GP, MemberID: "m-gp2"}))
	_, ok = roleItem(c.Agenda(later, later), "fill-role:gp")
	assert.False(t, ok)
	assert.Empty(t, c.Snapshot().Vacated)
	err = c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: r.No, Sections: r.Plan.Sections, Note: "new GP"})
	assert.Equal(t, "sections.roles.responsibilities[1].member", lkt.FieldOf(err), "now only the old GP's tasks in the plan stand in the way")
}

func TestAgreeingIsRefusedWhileARoleIsVacant(t *testing.T) {
	c, _ := lkttest.WithAgreedPlan(t)
	r, _ := c.PlanInForce()
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: r.No, Sections: r.Plan.Sections, Note: "again"}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Left}))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: r.No + 1}) })
	assert.Equal(t, "mandatory-role-vacant", lkt.RuleOf(err))
}

func TestFutureDepartureAsksForASuccessorBeforeTheDate(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	now := clock.Now()
	leaving := lkttest.Start.AddDate(0, 1, 0)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Leaving, LeavingOn: &leaving}))
	ev := c.Pending()[len(c.Pending())-1].Data.(lkt.MemberStatusChanged)
	assert.NotEmpty(t, ev.Measures, "a departure known ahead activates the measures at once")
	it, ok := roleItem(c.Agenda(now, leaving.AddDate(0, 0, 1)), "name-successor:internal-coordinator")
	require.True(t, ok)
	day := leaving.Truncate(24 * time.Hour) // a leaving date is a day
	assert.Equal(t, day, it.Due)
	assert.Contains(t, it.Title, "successor")
	_, ok = roleItem(c.Agenda(now, leaving.AddDate(1, 0, 0)), "fill-role:internal-coordinator")
	assert.False(t, ok, "not vacant yet")

	// When the date passes with nobody named, the role is vacant and to fill.
	after := leaving.AddDate(0, 0, 1)
	assert.Equal(t, []roles.Code{roles.InternalCoordinator}, c.VacantRoles(after))
	it, ok = roleItem(c.Agenda(after, after.AddDate(1, 0, 0)), "fill-role:internal-coordinator")
	require.True(t, ok)
	assert.Equal(t, day.AddDate(0, 0, lkt.FillRoleWithinDays), it.Due)
	_, ok = roleItem(c.Agenda(after, after.AddDate(1, 0, 0)), "name-successor:internal-coordinator")
	assert.False(t, ok)

	// Recording later that they left keeps the date the role fell vacant.
	clock.Set(after)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Left}))
	since, vacant := c.VacantSince(roles.InternalCoordinator, after)
	assert.True(t, vacant)
	assert.Equal(t, day, since)
}

func TestDraftCommunityHasNoRoleItems(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	c := lkttest.NewBuilder().Without(lkttest.StepActivate).Build(t, cfg)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left}))
	_, ok := roleItem(c.Agenda(lkttest.Start, lkttest.Start.AddDate(1, 0, 0)), "fill-role:gp")
	assert.False(t, ok, "a draft's open roles are readiness, not agenda")
}
