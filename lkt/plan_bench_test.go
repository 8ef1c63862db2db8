package lkt_test

import (
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// BenchmarkAgreePlan agrees the complete fixture plan, accepted by all
// eight parties: every section validated, every responsible person looked
// up, every acceptance matched. Each iteration restores a fresh copy of the
// community (the copy is part of the figure).
func BenchmarkAgreePlan(b *testing.B) {
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	tmpl := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAgreePlan).Build(b, cfg)
	for b.Loop() {
		c := lkt.Restore(cfg, tmpl.Snapshot(), tmpl.Version())
		if err := c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// threeYears runs the fixture community through three years of its plan:
// the wheel's activities done, a planned stay with its meetings every four
// months, a red phase twice a year, a monthly meeting with two decisions,
// each evaluation held and the plan revised each half-year with new dates.
func threeYears(tb testing.TB) (*lkt.Community, *lkttest.Clock) {
	c, clock := lkttest.WithAgreedPlan(tb)
	must := func(by lkt.Principal, cmd lkt.Command) {
		tb.Helper()
		if err := c.Do(by, cmd); err != nil {
			tb.Fatalf("%s on %s: %v", cmd.CommandName(), clock.Now().Format(time.DateOnly), err)
		}
	}
	also := []plan.MemberID{plan.MemberID(lkttest.TeacherID), plan.MemberID(lkttest.OccupationalTherapistID)}
	parties := []lkt.Principal{lkttest.Mother, lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician, lkttest.InternalCoordinator, lkttest.Teacher, lkt.Person(lkttest.OccupationalTherapistID)}
	end := lkttest.Start.AddDate(3, 0, 0)
	for month := 1; ; month++ {
		next := lkttest.Start.AddDate(0, month, 0).Add(-24 * time.Hour)
		if next.After(end) {
			break
		}
		clock.Set(next)
		now := clock.Now()
		// Jonas turns 16 in September 2026 and consents for himself; from
		// then on he, not his mother, speaks for the patient side.
		side := lkttest.Mother
		if month >= 7 {
			side, parties[0] = lkttest.Patient, lkttest.Patient
		}
		if month == 7 {
			must(lkttest.Patient, lkt.GiveConsent{GivenBy: lkttest.PatientID})
		}
		// A monthly meeting; last month's decisions are done.
		for _, d := range c.OpenDecisions() {
			must(lkttest.Coordinator, lkt.CompleteDecision{ID: d.ID})
		}
		must(lkttest.Coordinator, lkt.RecordMeeting{Held: now, Title: "Monthly meeting", Attended: []actormap.ActorID{lkttest.MotherID, lkttest.CoordinatorID},
			Decisions: []lkt.NewDecision{{What: "a", Responsible: lkttest.GPID, Due: now.AddDate(0, 0, 20)}, {What: "b", Responsible: lkttest.TeacherID, Due: now.AddDate(0, 0, 25)}}})
		if month%4 == 0 {
			adm, dis := now.Add(time.Hour), now.Add(5*24*time.Hour)
			must(lkttest.InternalCoordinator, lkt.RecordAdmission{At: adm, Planned: true, ExpectedDischarge: &dis})
			must(lkttest.InternalCoordinator, lkt.RecordDischarge{At: dis, Planned: true})
		}
		if month%6 == 3 {
			must(side, lkt.SetPhase{Phase: plan.Red, Reason: "acute"})
			for _, m := range c.OpenMeasures() {
				must(lkttest.Coordinator, lkt.CompleteMeasure{ID: m.ID})
			}
			must(lkttest.Coordinator, lkt.SetPhase{Phase: plan.Green, Reason: "stable"})
		}
		// Whatever has fallen due by now is done (or, one time in five, missed).
		for i, it := range c.Overdue(now) {
			switch {
			case it.Kind == plan.EvaluationItem:
				d := it.Due
				must(lkttest.Coordinator, lkt.RecordEvaluation{Date: &d, Findings: "ok"})
			case it.Kind == plan.ActivityItem && i%5 == 4:
				must(lkttest.Coordinator, lkt.RecordActivity{Ref: it.Ref, Outcome: plan.Missed})
			case it.Kind == plan.ActivityItem:
				must(lkttest.Coordinator, lkt.RecordActivity{Ref: it.Ref, Outcome: plan.Done})
			}
		}
		if month%6 == 0 {
			s := lkttest.PlanSections(lkttest.Start)
			s.Evaluation.Dates = []time.Time{now.AddDate(0, 3, 0), now.AddDate(0, 6, 0)}
			rev, _ := c.PlanInForce()
			must(lkttest.Coordinator, lkt.RevisePlan{Revision: len(c.PlanRevisions()), Sections: s, AlsoAccepting: also, Note: "half-yearly revision"})
			for _, p := range parties {
				must(p, lkt.AcceptPlan{Revision: rev.No + 1})
			}
			must(lkttest.Coordinator, lkt.AcceptPlan{Revision: rev.No + 1, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}})
			must(lkttest.Coordinator, lkt.AgreePlan{Revision: rev.No + 1})
		}
	}
	return c, clock
}

func TestThreeYearHistoryLeavesNothingOverdue(t *testing.T) {
	c, clock := threeYears(t)
	x := c.Execution()
	if len(x.Meetings) < 36 || len(x.Records) < 30 || len(c.PlanRevisions()) != 7 {
		t.Fatalf("history too thin: %d meetings, %d records, %d revisions", len(x.Meetings), len(x.Records), len(c.PlanRevisions()))
	}
	if od := c.Overdue(clock.Now()); len(od) != 0 {
		t.Fatalf("overdue: %+v", od)
	}
}

// BenchmarkDueThisWeek computes what is due this week across a community
// with a three-year history: 36 meetings with 72 decisions, 9 stays, 6 red
// phases with 18 measures, 33 obligations, 46 logged activities, 7 plan
// revisions — about 300 events.
func BenchmarkDueThisWeek(b *testing.B) {
	c, clock := threeYears(b)
	now := clock.Now()
	for b.Loop() {
		_ = c.DueThisWeek(now)
	}
}

// BenchmarkSummaryThreeYears is the summary a Store indexes on every save
// of the same community, NextDue and EvaluationDue included.
func BenchmarkSummaryThreeYears(b *testing.B) {
	c, clock := threeYears(b)
	now := clock.Now()
	for b.Loop() {
		_ = c.Summary(now)
	}
}
