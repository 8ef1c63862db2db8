package lkttest

import (
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// ThreeYears runs the fixture community through three years of its plan:
// the wheel's activities done, a planned stay with its meetings every four
// months, a red phase twice a year, a monthly meeting with two decisions,
// each evaluation held and the plan revised each half-year with new dates.
func ThreeYears(tb testing.TB) (*lkt.Community, *Clock) {
	c, clock := WithAgreedPlan(tb)
	must := func(by lkt.Principal, cmd lkt.Command) {
		tb.Helper()
		if err := c.Do(by, cmd); err != nil {
			tb.Fatalf("%s on %s: %v", cmd.CommandName(), clock.Now().Format(time.DateOnly), err)
		}
	}
	also := []plan.MemberID{plan.MemberID(TeacherID), plan.MemberID(OccupationalTherapistID)}
	parties := []lkt.Principal{Mother, Coordinator, GP, ContactPhysician, InternalCoordinator, Teacher, lkt.Person(OccupationalTherapistID)}
	end := Start.AddDate(3, 0, 0)
	for month := 1; ; month++ {
		next := Start.AddDate(0, month, 0).Add(-24 * time.Hour)
		if next.After(end) {
			break
		}
		clock.Set(next)
		now := clock.Now()
		// Jonas turns 16 in September 2026 and consents for himself; from
		// then on he, not his mother, speaks for the patient side.
		side := Mother
		if month >= 7 {
			side, parties[0] = Patient, Patient
		}
		if month == 7 {
			must(Patient, lkt.GiveConsent{GivenBy: PatientID})
		}
		// A monthly meeting; last month's decisions are done.
		for _, d := range c.OpenDecisions() {
			must(Coordinator, lkt.CompleteDecision{ID: d.ID})
		}
		must(Coordinator, lkt.RecordMeeting{Held: now, Title: "Monthly meeting", Attended: []actormap.ActorID{MotherID, CoordinatorID},
			Decisions: []lkt.NewDecision{{What: "a", Responsible: GPID, Due: now.AddDate(0, 0, 20)}, {What: "b", Responsible: TeacherID, Due: now.AddDate(0, 0, 25)}}})
		if month%4 == 0 {
			adm, dis := now.Add(time.Hour), now.Add(5*24*time.Hour)
			must(InternalCoordinator, lkt.RecordAdmission{At: adm, Planned: true, ExpectedDischarge: &dis})
			must(InternalCoordinator, lkt.RecordDischarge{At: dis, Planned: true})
		}
		if month%6 == 3 {
			must(side, lkt.SetPhase{Phase: plan.Red, Reason: "acute"})
			for _, m := range c.OpenMeasures() {
				must(Coordinator, lkt.CompleteMeasure{ID: m.ID})
			}
			must(Coordinator, lkt.SetPhase{Phase: plan.Green, Reason: "stable"})
		}
		// Whatever has fallen due by now is done (or, one time in five, missed).
		for i, it := range c.Overdue(now) {
			switch {
			case it.Kind == plan.EvaluationItem:
				d := it.Due
				must(Coordinator, lkt.RecordEvaluation{Date: &d, Findings: "ok"})
			case it.Kind == plan.ActivityItem && i%5 == 4:
				must(Coordinator, lkt.RecordActivity{Ref: it.Ref, Outcome: plan.Missed})
			case it.Kind == plan.ActivityItem:
				must(Coordinator, lkt.RecordActivity{Ref: it.Ref, Outcome: plan.Done})
			}
		}
		if month%6 == 0 {
			s := PlanSections(Start)
			s.Evaluation.Dates = []time.Time{now.AddDate(0, 3, 0), now.AddDate(0, 6, 0)}
			rev, _ := c.PlanInForce()
			must(Coordinator, lkt.RevisePlan{Revision: len(c.PlanRevisions()), Sections: s, AlsoAccepting: also, Note: "half-yearly revision"})
			for _, p := range parties {
				must(p, lkt.AcceptPlan{Revision: rev.No + 1, AcceptedBy: p.ID})
			}
			must(Coordinator, lkt.AcceptPlan{Revision: rev.No + 1, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, Evidence: Evidence(Start)})
			for _, a := range LeaderAcceptances(rev.No+1, s, Start) {
				must(Coordinator, a)
			}
			must(Coordinator, lkt.AgreePlan{Revision: rev.No + 1})
		}
	}
	return c, clock
}
