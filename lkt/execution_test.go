package lkt_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

func TestExecutionRefusesBadInput(t *testing.T) {
	day := 24 * time.Hour
	past, future := lkttest.Start.Add(-day), lkttest.Start.Add(3*day)
	tests := []struct {
		name  string
		by    lkt.Principal
		cmd   lkt.Command
		code  lkt.Code
		field string
	}{
		{"decision without an owner", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{lkttest.GPID},
			Decisions: []lkt.NewDecision{{What: "x", Due: future}}}, lkt.Invalid, "decisions[0].responsible"},
		{"decision without a date", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{lkttest.GPID},
			Decisions: []lkt.NewDecision{{What: "x", Responsible: lkttest.GPID}}}, lkt.Invalid, "decisions[0].due"},
		{"decision owned by a non-member", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{lkttest.GPID},
			Decisions: []lkt.NewDecision{{What: "x", Responsible: "m-stranger", Due: future}}}, lkt.Invalid, "decisions[0].responsible"},
		{"decision due before the meeting", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{lkttest.GPID},
			Decisions: []lkt.NewDecision{{What: "x", Responsible: lkttest.GPID, Due: past.Add(-day)}}}, lkt.Invalid, "decisions[0].due"},
		{"attendee not a member", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{"m-stranger"}}, lkt.Invalid, "attended[0]"},
		{"meeting in the future", lkttest.Coordinator, lkt.RecordMeeting{Held: future, Title: "M", Attended: []actormap.ActorID{lkttest.GPID}}, lkt.Invalid, "held"},
		{"meeting fulfilling nothing due", lkttest.Coordinator, lkt.RecordMeeting{Held: past, Title: "M", Attended: []actormap.ActorID{lkttest.GPID}, Fulfils: "nothing#1"}, lkt.Invalid, "fulfils"},
		{"unknown phase", lkttest.Coordinator, lkt.SetPhase{Phase: "blue", Reason: "x"}, lkt.Invalid, "phase"},
		{"phase without a reason", lkttest.Coordinator, lkt.SetPhase{Phase: plan.Red}, lkt.Invalid, "reason"},
		{"unplanned admission in the future", lkttest.Coordinator, lkt.RecordAdmission{At: future}, lkt.Invalid, "at"},
		{"discharge with no stay", lkttest.Coordinator, lkt.RecordDischarge{At: past}, lkt.PreconditionFailed, ""},
		{"activity that is not on the wheel", lkttest.Coordinator, lkt.RecordActivity{Ref: "party@2026-06-02T09:00:00Z", Outcome: plan.Done}, lkt.Invalid, "ref"},
		{"activity missed before it is due", lkttest.Coordinator, lkt.RecordActivity{Ref: "school-meeting@2026-06-02T09:00:00Z", Outcome: plan.Missed}, lkt.Invalid, "outcome"},
		{"deviation by a non-member", lkttest.Coordinator, lkt.RecordDeviation{Member: "m-stranger", What: "x"}, lkt.Invalid, "member"},
		{"acting on a deviation when not the coordinator", lkttest.GP, lkt.ActOnDeviation{No: 1, Action: "x"}, lkt.Forbidden, ""},
		{"completing an unknown measure", lkttest.Coordinator, lkt.CompleteMeasure{ID: "measure:9"}, lkt.NotFound, "id"},
		{"skipping a stage of the cycle", lkttest.Coordinator, lkt.AdvanceCycle{To: plan.StageDo, Outcome: "x", Goals: []string{"g"}, Measures: []string{"m"}, HowMeasured: "h"}, lkt.PreconditionFailed, "to"},
		{"the cycle moved by someone else than the coordinator", lkttest.GP, lkt.AdvanceCycle{To: plan.StagePlan, Outcome: "x", Goals: []string{"g"}, Measures: []string{"m"}, HowMeasured: "h"}, lkt.Forbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := lkttest.WithAgreedPlan(t)
			err := unchanged(t, c, tt.code, func() error { return c.Do(tt.by, tt.cmd) })
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
		})
	}
	t.Run("no phase without an agreed plan", func(t *testing.T) {
		c, _ := lkttest.Active(t)
		err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Mother, lkt.SetPhase{Phase: plan.Red, Reason: "pain"}) })
		assert.Equal(t, "no-agreed-plan", lkt.RuleOf(err))
	})
}

func TestMovingToRedActivatesItsMeasures(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	require.NoError(t, c.Do(lkttest.Mother, lkt.SetPhase{Phase: plan.Red, Reason: "Cannot sit after the operation"}))
	ev := c.Pending()[len(c.Pending())-1].Data.(lkt.PhaseChanged)
	require.Len(t, ev.Measures, 3)
	who := map[plan.MemberID]string{}
	for _, m := range ev.Measures {
		who[m.Responsible] = m.What
	}
	assert.Equal(t, "Contact the orthopaedic ward the same day", who[plan.MemberID(lkttest.ContactPhysicianID)])
	assert.Equal(t, ev.Measures, c.OpenMeasures())
	require.Len(t, ev.Obligations, 1, "the crisis meeting of the annual wheel")
	assert.Equal(t, clock.Now().AddDate(0, 0, 2), ev.Obligations[0].Due)

	// Back to yellow and red again: open red measures are not duplicated.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Yellow, Reason: "Better"}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Red, Reason: "Worse again"}))
	assert.Len(t, c.OpenMeasures(), 5)
	unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Red, Reason: "x"}) })

	// A relative who does not represent the patient completes only their own tasks.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-aunt", Name: "Aunt", Role: "family-member"}}))
	unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkt.Person("m-aunt"), lkt.CompleteMeasure{ID: ev.Measures[0].ID}) })
	require.NoError(t, c.Do(lkttest.ContactPhysician, lkt.CompleteMeasure{ID: ev.Measures[0].ID, Note: "Ward called"}))
	unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.ContactPhysician, lkt.CompleteMeasure{ID: ev.Measures[0].ID}) })
	assert.Len(t, c.OpenMeasures(), 4)
	ph, _ := c.Phase()
	assert.Equal(t, plan.Red, ph)
	assert.Equal(t, "red", c.Summary(clock.Now()).Phase)
}

func TestOnlyTheCoordinatorActsOnDeviations(t *testing.T) {
	c, _ := lkttest.WithAgreedPlan(t)
	require.NoError(t, c.Do(lkttest.Mother, lkt.RecordDeviation{Member: lkttest.OccupationalTherapistID, What: "The shower chair was not delivered before discharge"}))
	unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkttest.GP, lkt.ActOnDeviation{No: 1, Action: "x"}) })
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ActOnDeviation{No: 1, Action: "Called the head of the assistive technology office", Close: true}))
	unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.ActOnDeviation{No: 1, Action: "x"}) })
	unchanged(t, c, lkt.NotFound, func() error { return c.Do(lkttest.Coordinator, lkt.ActOnDeviation{No: 2, Action: "x"}) })
}

func TestPortfolioQueries(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	for _, id := range []lkt.ID{"c-1", "c-2", "c-3"} {
		b := lkttest.NewBuilder().WithID(id)
		if id != "c-3" {
			b = b.WithPlan()
		}
		_, err := b.Seed(ctx, svc)
		require.NoError(t, err)
	}
	_, err := svc.Do(ctx, lkttest.Mother, "c-2", lkt.AnyVersion, lkt.SetPhase{Phase: plan.Red, Reason: "Acute pain"})
	require.NoError(t, err)

	ids := func(q lkt.Query) []lkt.ID {
		page, err := svc.List(ctx, lkttest.Coordinator, q)
		require.NoError(t, err)
		var out []lkt.ID
		for _, it := range page.Items {
			out = append(out, it.ID)
		}
		return out
	}
	assert.Equal(t, []lkt.ID{"c-2"}, ids(lkt.Query{RedPhase: true}))
	assert.Empty(t, ids(lkt.Query{OverdueEvaluation: true}))
	week := lkttest.Start.AddDate(0, 0, 7)
	assert.Equal(t, []lkt.ID{"c-2"}, ids(lkt.Query{DueBefore: &week}), "the red measures are due this week")

	clock.Set(lkttest.Start.AddDate(0, 3, 1))
	assert.Equal(t, []lkt.ID{"c-1", "c-2"}, ids(lkt.Query{OverdueEvaluation: true}))
	agenda, err := svc.CoordinatorAgenda(ctx, lkttest.Coordinator, clock.Now().AddDate(0, 0, 7))
	require.NoError(t, err)
	require.Len(t, agenda, 2)
	assert.Equal(t, plan.Red, agenda[1].Phase)
	var overdue int
	for _, it := range agenda[1].Items {
		if it.Overdue {
			overdue++
		}
	}
	assert.Equal(t, 6, overdue, "three red measures, the crisis meeting, the school meeting and the evaluation")
}
