package lkt_test

import (
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
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

// threeYears is lkttest.ThreeYears: the fixture through three years of its plan.
func threeYears(tb testing.TB) (*lkt.Community, *lkttest.Clock) { return lkttest.ThreeYears(tb) }

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
