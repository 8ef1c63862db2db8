package plan_test

import (
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// The coordinator's weekly view: the agenda items due in the calendar week
// that holds a day, and those of them already overdue.
func ExampleBetween() {
	tuesday := time.Date(2027, 3, 9, 14, 0, 0, 0, time.UTC)
	from, to := plan.WeekOf(tuesday)
	items := []plan.Item{
		{Due: time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC), Overdue: true},
		{Due: time.Date(2027, 3, 12, 9, 0, 0, 0, time.UTC)},
		{Due: time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)},
	}
	fmt.Println(from.Format("Mon 2 Jan"), "to", to.Format("Mon 2 Jan"))
	fmt.Println(len(plan.Between(items, from, to)), "due this week,", len(plan.Overdue(items)), "overdue")
	// Output:
	// Mon 8 Mar to Mon 15 Mar
	// 2 due this week, 1 overdue
}

// The phase model's phases in order of severity, as the contingency plan
// sets them out: green (stable), yellow (unstable), red (acute).
func ExamplePhaseOrder() {
	for _, p := range plan.PhaseOrder() {
		fmt.Println(p, p.Valid())
	}
	fmt.Println(plan.Phase("blue").Valid())
	// Output:
	// green true
	// yellow true
	// red true
	// false
}
