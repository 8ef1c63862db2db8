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
)

// The tests in this file hold checks that an outside review could remove
// without any test failing (issue 16, point 10): each fails when its check
// is taken out.

func TestActingOnADeviationNeedsAnAnchoredMandate(t *testing.T) {
	c, _ := lkttest.WithAgreedPlan(t)
	require.NoError(t, c.Do(lkttest.Mother, lkt.RecordDeviation{Member: lkttest.OccupationalTherapistID, What: "The shower chair was not delivered"}))
	// A revised mandate is anchored anew: until then the coordinator has
	// no authority to intervene.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID}))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.ActOnDeviation{No: 1, Action: "Called the assistive technology office"})
	})
	assert.Equal(t, lkt.RuleMandateNotAnchored, lkt.RuleOf(err))
}

func TestAMandatoryHolderOnLeaveIsAWarning(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	assert.NotContains(t, warningRules(c.Warnings(clock.Now())), lkt.RuleMandatoryRoleUnavailable)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.OnLeave}))
	rules := warningRules(c.Warnings(clock.Now()))
	assert.Contains(t, rules, lkt.RuleMandatoryRoleUnavailable)
	assert.Contains(t, rules, "plan-responsible-unavailable", "the GP has tasks in the plan and does not take part now")
}

func TestADraftAndTheRedPhaseAreWarnings(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	rules := warningRules(c.Warnings(clock.Now()))
	assert.NotContains(t, rules, "plan-draft")
	assert.NotContains(t, rules, "red-phase")
	assert.NotContains(t, rules, "plan-responsible-unavailable")

	require.NoError(t, c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Red, Reason: "Severe pain"}))
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), "red-phase")

	in, ok := c.PlanInForce()
	require.True(t, ok)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: in.No, Sections: in.Plan.Sections, Note: "after the operation"}))
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), "plan-draft")
}

func TestResumingChecksTheActivationRulesAgain(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "Jonas is abroad for the summer."}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Reason: "moved"}))
	require.NotEmpty(t, c.VacantRoles(clock.Now()))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.Resume{}) })
	assert.Equal(t, lkt.RuleActivationPreconditions, lkt.RuleOf(err))
}

// The indicators of 8.3 count a hospital stay's collaboration meetings only
// when they were held: the facts come from the meetings that fulfilled the
// stay's obligations.
func TestTheIndicatorFactsCountTheMeetingsOfAStay(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	at := func(d int) time.Time { return clock.Now().AddDate(0, 0, d) }
	admitted, expected := at(20), at(30)
	require.NoError(t, c.Do(lkttest.InternalCoordinator, lkt.RecordAdmission{At: admitted, Planned: true, ExpectedDischarge: &expected}))
	ev := c.Pending()[len(c.Pending())-1].Data.(lkt.AdmissionRecorded)
	require.Len(t, ev.Obligations, 2)
	stay := func() (before, discharge bool) {
		f := c.QualityFacts(clock.Now())
		require.Len(t, f.Stays, 1)
		return f.Stays[0].MeetingBeforeAdmission, f.Stays[0].MeetingBeforeDischarge
	}
	b, d := stay()
	assert.False(t, b)
	assert.False(t, d)

	clock.Set(at(18))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordMeeting{Held: clock.Now(), Title: "Before the operation",
		Attended: []actormap.ActorID{lkttest.PatientID, lkttest.CoordinatorID}, Fulfils: ev.Obligations[0].Ref}))
	b, d = stay()
	assert.True(t, b, "the meeting before admission was held")
	assert.False(t, d)

	clock.Set(expected.AddDate(0, 0, -1))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordMeeting{Held: clock.Now(), Title: "Before discharge",
		Attended: []actormap.ActorID{lkttest.PatientID, lkttest.CoordinatorID}, Fulfils: ev.Obligations[1].Ref}))
	b, d = stay()
	assert.True(t, b)
	assert.True(t, d, "the meeting before discharge was held")
}
