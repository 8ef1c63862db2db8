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

// TestTheBoyOf15BeforeHisBackOperation works through the report's case
// (6.2.5): a boy of 15 whose planned back operation led to complications,
// no aids at discharge, half a year of school from home and a father on sick
// leave. With the plan lkttest.PlanSections agreed, the same spring runs:
// the admission makes the meetings due, the meeting before admission
// decides who readies what, the complications move Jonas to red and the
// plan says who does what, the discharge waits for the meeting, and the
// evaluation finds nothing left undone.
func TestTheBoyOf15BeforeHisBackOperation(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	at := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 10, 0, 0, 0, time.UTC) }
	do := func(on time.Time, by lkt.Principal, cmd lkt.Command) lkt.EventData {
		t.Helper()
		clock.Set(on)
		require.NoError(t, c.Do(by, cmd), "%s on %s", cmd.CommandName(), on.Format(time.DateOnly))
		evs := c.Pending()
		return evs[len(evs)-1].Data
	}
	operation := lkttest.OperationDay(lkttest.Start) // 20 April
	expected := operation.AddDate(0, 0, 10)

	// The assistant who knows Jonas gives notice: the plan's "helper
	// leaving" measure tells the coordinator to train a successor.
	leaving := at(time.April, 30)
	do(at(time.March, 9), lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.AssistantID, Status: actormap.Leaving, LeavingOn: &leaving})

	// The hospital sets the date: the elective admission makes both
	// collaboration meetings due.
	adm := do(at(time.March, 16), lkttest.InternalCoordinator, lkt.RecordAdmission{At: operation, Planned: true, Ward: "Paediatric surgery", ExpectedDischarge: &expected}).(lkt.AdmissionRecorded)
	require.Len(t, adm.Obligations, 2)
	before, beforeDischarge := adm.Obligations[0], adm.Obligations[1]
	assert.Equal(t, "before-admission", before.Activity)
	assert.Equal(t, operation, before.Due)
	assert.Equal(t, expected, beforeDischarge.Due)
	assert.Equal(t, plan.MemberID(lkttest.InternalCoordinatorID), before.Responsible)

	// The meeting before admission: everyone in one room, each decision
	// with an owner and a date — what was missing in the report's case.
	meeting := do(at(time.April, 14), lkttest.Coordinator, lkt.RecordMeeting{
		Held: at(time.April, 14), Title: "Before the back operation", Fulfils: before.Ref,
		Attended: []actormap.ActorID{lkttest.PatientID, lkttest.MotherID, lkttest.CoordinatorID, lkttest.ContactPhysicianID,
			lkttest.InternalCoordinatorID, lkttest.TeacherID, lkttest.OccupationalTherapistID},
		Decisions: []lkt.NewDecision{
			{What: "Shower chair and transfer aids delivered and tried out", Responsible: lkttest.OccupationalTherapistID, Due: at(time.April, 28)},
			{What: "Two new assistants trained in care and transfers", Responsible: lkttest.CoordinatorID, Due: at(time.April, 28)},
			{What: "School from home with video into class", Responsible: lkttest.TeacherID, Due: at(time.April, 27)},
		},
	}).(lkt.MeetingRecorded)
	require.NotNil(t, meeting.Fulfilled)
	assert.Len(t, c.OpenDecisions(), 3)
	week := refs(c.DueThisWeek(at(time.April, 27)))
	assert.Contains(t, week, beforeDischarge.Ref, "the week before the expected discharge")
	assert.Contains(t, week, meeting.Meeting.Decisions[0].ID)

	// Complications two days after the operation: his mother calls red.
	red := do(at(time.April, 22), lkttest.Mother, lkt.SetPhase{Phase: plan.Red, Reason: "Severe pain, cannot sit"}).(lkt.PhaseChanged)
	require.Len(t, red.Measures, 3)
	require.Len(t, red.Obligations, 1)
	for _, m := range red.Measures {
		assert.NotEmpty(t, m.Responsible)
		assert.Contains(t, refs(c.Agenda(clock.Now(), clock.Now().AddDate(0, 0, 2))), m.ID)
	}
	do(at(time.April, 22), lkttest.ContactPhysician, lkt.CompleteMeasure{ID: red.Measures[0].ID, Note: "Reviewed by the surgeon"})
	do(at(time.April, 23), lkttest.InternalCoordinator, lkt.CompleteMeasure{ID: red.Measures[1].ID})
	do(at(time.April, 23), lkttest.Coordinator, lkt.CompleteMeasure{ID: red.Measures[2].ID, Note: "Home nursing in the evenings; the father stays at work"})
	do(at(time.April, 23), lkttest.Coordinator, lkt.RecordMeeting{Held: at(time.April, 23), Title: "Crisis meeting", Fulfils: red.Obligations[0].Ref,
		Attended: []actormap.ActorID{lkttest.MotherID, lkttest.CoordinatorID, lkttest.ContactPhysicianID, lkttest.InternalCoordinatorID}})
	assert.Empty(t, c.OpenMeasures())

	// Discharge is postponed to 5 May: the meeting before it moves along.
	dis := do(at(time.April, 25), lkttest.InternalCoordinator, lkt.RecordDischarge{At: at(time.May, 5), Planned: true}).(lkt.DischargeRecorded)
	require.Len(t, dis.Rescheduled, 1)
	assert.Equal(t, at(time.May, 5), dis.Rescheduled[0].Due)
	require.Len(t, dis.Obligations, 1, "the home visit after discharge")

	for _, d := range c.OpenDecisions() {
		by := map[plan.MemberID]lkt.Principal{plan.MemberID(lkttest.OccupationalTherapistID): lkt.Person(lkttest.OccupationalTherapistID),
			plan.MemberID(lkttest.CoordinatorID): lkttest.Coordinator, plan.MemberID(lkttest.TeacherID): lkttest.Teacher}[d.Responsible]
		do(at(time.April, 27), by, lkt.CompleteDecision{ID: d.ID})
	}
	// The assistant leaves on 30 April; her successor, trained in time,
	// takes over her place in the plan. The agreed plan stays in force
	// until the revision is agreed.
	do(at(time.April, 27), lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-nora", Name: "Nora Lie", Role: roles.Assistant, Organisation: "Bjørnafjorden kommune"}})
	s := lkttest.PlanSections(lkttest.Start)
	s.Contingency.Phases.Green.Measures[0].Responsible = "m-nora"
	also := []plan.MemberID{plan.MemberID(lkttest.TeacherID), plan.MemberID(lkttest.OccupationalTherapistID)}
	do(at(time.April, 27), lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, AlsoAccepting: also, Note: "Nora takes over from Anne"})
	for _, p := range []lkt.Principal{lkttest.Mother, lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician, lkttest.InternalCoordinator, lkttest.Teacher, lkt.Person(lkttest.OccupationalTherapistID)} {
		do(at(time.April, 28), p, lkt.AcceptPlan{Revision: 2, AcceptedBy: p.ID})
	}
	do(at(time.April, 28), lkttest.Coordinator, lkt.AcceptPlan{Revision: 2, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, Evidence: lkttest.Evidence(lkttest.Start)})
	for _, a := range lkttest.LeaderAcceptances(2, s, at(time.April, 28)) {
		do(at(time.April, 28), lkttest.Coordinator, a)
	}
	do(at(time.April, 28), lkttest.Coordinator, lkt.AgreePlan{Revision: 2})
	do(at(time.May, 1), lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.AssistantID, Status: actormap.Left})

	do(at(time.May, 4), lkttest.InternalCoordinator, lkt.RecordMeeting{Held: at(time.May, 4), Title: "Before discharge", Fulfils: beforeDischarge.Ref,
		Attended: []actormap.ActorID{lkttest.MotherID, lkttest.CoordinatorID, lkttest.InternalCoordinatorID, lkttest.OccupationalTherapistID}})
	do(at(time.May, 6), lkttest.Coordinator, lkt.SetPhase{Phase: plan.Yellow, Reason: "Home, pain easing"})
	for _, m := range c.OpenMeasures() {
		p := map[plan.MemberID]lkt.Principal{plan.MemberID(lkttest.GPID): lkttest.GP, plan.MemberID(lkttest.CoordinatorID): lkttest.Coordinator}[m.Responsible]
		do(at(time.May, 8), p, lkt.CompleteMeasure{ID: m.ID})
	}
	do(at(time.May, 10), lkttest.Coordinator, lkt.RecordActivity{Ref: dis.Obligations[0].Ref, Outcome: plan.Done, Note: "Aids in place; Jonas back at school part-time"})
	do(at(time.May, 20), lkttest.Coordinator, lkt.SetPhase{Phase: plan.Green, Reason: "Back at school"})

	// The first evaluation, and the community moves on in the cycle.
	do(at(time.June, 1), lkttest.Teacher, lkt.RecordActivity{Ref: "school-meeting@2026-06-02T09:00:00Z", Outcome: plan.Done})
	do(at(time.June, 2), lkttest.Coordinator, lkt.RecordEvaluation{Findings: "Everything agreed was ready at discharge; Jonas was back at school within three weeks."})
	for _, s := range []plan.Stage{plan.StagePlan, plan.StageDo, plan.StageEvaluate} {
		do(at(time.June, 2), lkttest.Coordinator, lkt.AdvanceCycle{To: s, Outcome: "Done: " + string(s),
			Goals: []string{"Jonas at school most days"}, Measures: []string{"Assistant at school"}, HowMeasured: "Days at school a week, from the contact book"})
	}

	assert.Empty(t, c.Overdue(clock.Now()), "nothing the plan demanded was left undone")
	assert.Empty(t, c.PlanWarnings(clock.Now()))
	x := c.Execution()
	assert.Len(t, x.Meetings, 3)
	assert.Len(t, x.Phases, 3)
	assert.False(t, x.Stays[0].Open())
	stage, round := x.Cycle.Current()
	assert.Equal(t, plan.StageEvaluate, stage)
	assert.Equal(t, 1, round)
	assert.Equal(t, lkttest.Start.AddDate(0, 6, 0), *c.Summary(clock.Now()).NextDue, "next: the six-monthly evaluation meeting")
}

func refs(items []plan.Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Ref)
	}
	return out
}
