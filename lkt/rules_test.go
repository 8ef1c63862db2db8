package lkt_test

import (
	"slices"
	"strings"
	"time"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
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

// A planned admission before any plan is agreed sets the framework's
// meetings in motion (issue 16.4): the boy of 15's operation must not
// again come without a meeting before it and before discharge.
func TestStaysMakeTheFrameworksMeetingsDueWithOrWithoutAPlan(t *testing.T) {
	admitted := lkttest.Start.AddDate(0, 0, 14)
	expected := admitted.AddDate(0, 0, 6)
	ic, coord := plan.MemberID(lkttest.InternalCoordinatorID), plan.MemberID(lkttest.CoordinatorID)
	type meeting struct {
		activity    string
		responsible plan.MemberID
		due         time.Time
	}
	tests := []struct {
		name  string
		build func(t *testing.T) *lkt.Community
		cmd   lkt.RecordAdmission
		want  []meeting
	}{
		{"planned, no plan yet", activeOnly, lkt.RecordAdmission{At: admitted, Planned: true, ExpectedDischarge: &expected}, []meeting{
			{"framework:before-elective-admission", ic, admitted}, {"framework:before-discharge", ic, expected}}},
		{"unplanned, no plan yet: the meeting before discharge", activeOnly, lkt.RecordAdmission{At: lkttest.Start}, []meeting{
			{"framework:before-discharge", ic, lkttest.Start.AddDate(0, 0, plan.DischargeMeetingWithinDays)}}},
		{"the internal coordinator gone: the coordinator owns them", func(t *testing.T) *lkt.Community {
			c := activeOnly(t)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Left}))
			return c
		}, lkt.RecordAdmission{At: admitted, Planned: true}, []meeting{
			{"framework:before-elective-admission", coord, admitted},
			{"framework:before-discharge", coord, admitted.AddDate(0, 0, plan.DischargeMeetingWithinDays)}}},
		{"the plan in force's own meetings, not the framework's twice", func(t *testing.T) *lkt.Community {
			c, _ := lkttest.WithAgreedPlan(t)
			return c
		}, lkt.RecordAdmission{At: admitted, Planned: true, ExpectedDischarge: &expected}, []meeting{
			{"before-admission", ic, admitted}, {"before-discharge", ic, expected}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t)
			require.NoError(t, c.Do(lkttest.Coordinator, tt.cmd))
			var got []meeting
			for _, o := range c.Execution().Obligations {
				got = append(got, meeting{o.Activity, o.Responsible, o.Due})
			}
			assert.Equal(t, tt.want, got)
			items := c.Agenda(lkttest.Start, admitted.AddDate(0, 1, 0))
			for _, o := range c.Execution().Obligations {
				i := slices.IndexFunc(items, func(it plan.Item) bool { return it.Ref == o.Ref })
				require.GreaterOrEqual(t, i, 0, "%s is on the agenda", o.Ref)
				if strings.HasPrefix(o.Activity, plan.FrameworkActivity) {
					require.NotNil(t, items[i].Message)
					assert.NotEmpty(t, items[i].Message.NN, "the framework's meeting is named in nynorsk too")
				}
			}
		})
	}
	t.Run("a meeting held fulfils the framework's meeting", func(t *testing.T) {
		c := activeOnly(t)
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordAdmission{At: admitted, Planned: true}))
		ref := c.Execution().Obligations[0].Ref
		require.NoError(t, c.Do(lkttest.InternalCoordinator, lkt.RecordMeeting{Held: lkttest.Start, Title: "Before the operation",
			Attended: []actormap.ActorID{lkttest.MotherID, lkttest.InternalCoordinatorID}, Fulfils: ref}))
		assert.False(t, slices.ContainsFunc(c.Agenda(lkttest.Start, admitted.AddDate(0, 1, 0)), func(it plan.Item) bool { return it.Ref == ref }))
	})
}

func activeOnly(t *testing.T) *lkt.Community {
	c, _ := lkttest.Active(t)
	return c
}
