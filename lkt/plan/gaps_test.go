package plan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// TestEachMissingPartIsAGap takes one required part out of a complete plan
// at a time: each must be reported as a gap naming its field, or the plan
// could be agreed without it (report 7.1.4, the seven sections of the
// plan for collaboration).
func TestEachMissingPartIsAGap(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*plan.Sections)
		field string
		says  string
	}{
		{"who the patient is", func(s *plan.Sections) { s.Patient.WhoIs = "  " }, "patient.whoIs", "who the patient is"},
		{"the challenges", func(s *plan.Sections) { s.Patient.Challenges = nil }, "patient.challenges", "challenges"},
		{"a planned change", func(s *plan.Sections) {
			s.Contingency.Transitions = slices.DeleteFunc(s.Contingency.Transitions, func(t plan.Transition) bool { return t.Planned })
		}, "contingency.transitions", "planned change"},
		{"an unplanned change", func(s *plan.Sections) {
			s.Contingency.Transitions = slices.DeleteFunc(s.Contingency.Transitions, func(t plan.Transition) bool { return !t.Planned })
		}, "contingency.transitions", "unplanned change"},
		{"the meeting before an elective admission", func(s *plan.Sections) {
			s.AnnualWheel.Activities = slices.DeleteFunc(s.AnnualWheel.Activities, func(a plan.Activity) bool { return a.Recurrence.On == plan.BeforeElectiveAdmission })
		}, "annualWheel.activities", "before every elective admission"},
		{"the meeting before discharge", func(s *plan.Sections) {
			s.AnnualWheel.Activities = slices.DeleteFunc(s.AnnualWheel.Activities, func(a plan.Activity) bool { return a.Recurrence.On == plan.BeforeDischarge })
		}, "annualWheel.activities", "before every discharge"},
		{"what is documented", func(s *plan.Sections) { s.Documentation.Entries = nil }, "documentation.entries", "documented"},
		{"what is evaluated", func(s *plan.Sections) { s.Evaluation.What = nil }, "evaluation.what", "what is evaluated"},
		{"how it is evaluated", func(s *plan.Sections) { s.Evaluation.How = " " }, "evaluation.how", "how the plan is evaluated"},
		{"who evaluates", func(s *plan.Sections) { s.Evaluation.Responsible = "" }, "evaluation.responsible", "responsible for the evaluation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete()
			tt.edit(&p.Sections)
			var found bool
			for _, g := range plan.Gaps(p, cx()) {
				if g.Field == "sections."+tt.field && strings.Contains(g.Message.EN, tt.says) {
					found = true
					assert.NotEmpty(t, g.Message.NB)
				}
			}
			assert.True(t, found, "no gap %s saying %q in %+v", tt.field, tt.says, plan.Gaps(p, cx()))
			assert.Error(t, plan.Complete(p, cx()), "a plan without %s cannot bind", tt.name)
		})
	}
}

// TestGapsSpeakNynorsk: every gap a plan can have reads in English,
// bokmål and nynorsk, with no formatting left unfilled.
func TestGapsSpeakNynorsk(t *testing.T) {
	c := cx()
	c.Lifebuoys = []plan.MemberID{"c"}
	c.Organisations = []string{"Alver kommune"}
	p := plan.Plan{Sections: plan.Sections{Roles: plan.RolesSection{Responsibilities: []plan.Responsibility{{Member: "nobody", Task: "x"}}}}}
	gaps := plan.Gaps(p, c)
	assert.GreaterOrEqual(t, len(gaps), 20)
	for _, g := range gaps {
		for _, text := range []string{g.Message.EN, g.Message.NB, g.Message.NN} {
			assert.NotEmpty(t, text, g.Field)
			assert.NotContains(t, text, "%!", g.Field)
		}
		assert.NotEqual(t, g.Message.NB, g.Message.NN, "%s: nynorsk, not bokmål", g.Field)
	}
}
