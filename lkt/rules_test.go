package lkt_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// Activation means something (issue 16.3): what binds or sets the plan in
// motion needs an active community, so the inclusion criteria of report
// 8.3 cannot be skipped, and a paused collaboration is on hold.
func TestOnlyAnActiveCommunityAgreesPhasesAndStays(t *testing.T) {
	day := lkttest.Start.AddDate(0, 0, 1)
	open := func(t *testing.T, c *lkt.Community) {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordAdmission{At: day, Planned: true}))
	}
	tests := []struct {
		name  string
		build func(t *testing.T) *lkt.Community
		cmd   lkt.Command
	}{
		{"agreeing a plan in a draft", func(t *testing.T) *lkt.Community {
			// The plan drafted and accepted by everyone, the community never activated.
			return lkttest.NewBuilder().WithPlan().Without(lkttest.StepActivate, lkttest.StepAgreePlan).
				Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
		}, lkt.AgreePlan{Revision: 1}},
		{"agreeing a plan while paused", func(t *testing.T) *lkt.Community {
			c, _ := drafted(t)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "abroad for a term"}))
			return c
		}, lkt.AgreePlan{Revision: 1}},
		{"setting a phase while paused", pausedWithPlan(nil), lkt.SetPhase{Phase: plan.Red, Reason: "pain"}},
		{"recording an admission while paused", pausedWithPlan(nil), lkt.RecordAdmission{At: day, Planned: true}},
		{"recording a discharge while paused", pausedWithPlan(open), lkt.RecordDischarge{At: day.AddDate(0, 0, 5), Planned: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t)
			err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, tt.cmd) })
			assert.Equal(t, lkt.RuleCommunityActive, lkt.RuleOf(err), "%v", err)
		})
	}
}

// pausedWithPlan builds the fixture with its agreed plan, runs then (if
// any) and pauses it.
func pausedWithPlan(then func(*testing.T, *lkt.Community)) func(t *testing.T) *lkt.Community {
	return func(t *testing.T) *lkt.Community {
		c, _ := lkttest.WithAgreedPlan(t)
		if then != nil {
			then(t, c)
		}
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "abroad for a term"}))
		return c
	}
}

// Agreeing and activating share one list of what it takes to bind.
func TestAgreeingChecksWhatActivationChecks(t *testing.T) {
	c, clock := drafted(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID, Tasks: []string{"Lead"}}))
	assert.Contains(t, warningRules(c.Readiness(clock.Now())), lkt.RuleMandateNotAnchored)
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, lkt.RuleMandateNotAnchored, lkt.RuleOf(err))
}
