package plan_test

// Tests at the edges of the plan's rules: each fails when a comparison in
// a rule is negated or its boundary moved by one (issue 16.10; found by
// mutation testing, see the README).

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Each required text of a section is checked, wherever it stands in its
// list.
func TestEveryRequiredTextIsChecked(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*plan.Sections)
		field string
	}{
		{"a blank challenge", func(s *plan.Sections) { s.Patient.Challenges = []string{"pain", " "} }, "sections.patient.challenges[1]"},
		{"a responsibility without a task", func(s *plan.Sections) { s.Roles.Responsibilities[1].Task = "" }, "sections.roles.responsibilities[1].task"},
		{"a missing role without a need", func(s *plan.Sections) { s.Roles.Missing = []plan.ActorNeed{{Need: "speech therapist"}, {}} }, "sections.roles.missing[1].need"},
		{"a line without its subject", func(s *plan.Sections) { s.Communication.Lines[0].About = "" }, "sections.communication.lines[0].about"},
		{"a line without its frequency", func(s *plan.Sections) { s.Communication.Lines[0].Frequency = "" }, "sections.communication.lines[0].frequency"},
		{"a measure without what is done", func(s *plan.Sections) {
			s.Contingency.Transitions[1].Measures = []plan.Measure{{What: "call", Responsible: "c"}, {Responsible: "c"}}
		}, "sections.contingency.transitions[1].measures[1].what"},
		{"a measure due after a year", func(s *plan.Sections) { s.Contingency.Transitions[1].Measures[0].WithinDays = 366 }, "sections.contingency.transitions[1].measures[0].withinDays"},
		{"an evaluator who is not a member", func(s *plan.Sections) { s.Evaluation.Responsible = "nobody" }, "sections.evaluation.responsible"},
		{"an activity more than MaxEvery units apart", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence.Every = plan.MaxEvery + 1 }, "sections.annualWheel.activities[0].recurrence.every"},
		{"a meeting more than a year after discharge", func(s *plan.Sections) { s.AnnualWheel.Activities[2].Recurrence.WithinDays = 366 }, "sections.annualWheel.activities[2].recurrence.withinDays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete().Clone()
			tt.edit(&p.Sections)
			var pe *plan.Error
			require.ErrorAs(t, plan.Validate(p, cx()), &pe)
			assert.Equal(t, plan.CodeInvalid, pe.Code)
			assert.Equal(t, tt.field, pe.Field)
		})
	}
}

// The largest values each limit allows are valid, and a plan may be
// drafted before the patient's story has a revision.
func TestTheLimitsThemselvesAreValid(t *testing.T) {
	p := complete().Clone()
	p.Sections.Contingency.Transitions[1].Measures[0].WithinDays = 365
	p.Sections.AnnualWheel.Activities[0].Recurrence.Every = plan.MaxEvery
	p.Sections.AnnualWheel.Activities[2].Recurrence.WithinDays = 365
	p.Sections.Patient.StoryRevision = 0
	assert.NoError(t, plan.Validate(p, cx()))
}

// Each holder of a mandatory role needs a responsibility of their own: one
// stated for another member does not count.
func TestEachHolderNeedsTheirOwnResponsibility(t *testing.T) {
	p := complete().Clone()
	p.Sections.Roles.Responsibilities = p.Sections.Roles.Responsibilities[:1] // the coordinator's only
	var about []string
	for _, g := range plan.Gaps(p, cx()) {
		if g.Field == "sections.roles.responsibilities" {
			about = append(about, g.Message.EN)
		}
	}
	require.Len(t, about, 1)
	assert.Contains(t, about[0], "Per", "the GP's")
}

// A clone shares nothing with its original.
func TestCloneCopiesTransitionsAndActivities(t *testing.T) {
	p := complete()
	c := p.Clone()
	c.Sections.Contingency.Transitions[0].What = "changed"
	c.Sections.AnnualWheel.Activities[0].Title = "changed"
	assert.Equal(t, "summer", p.Sections.Contingency.Transitions[0].What)
	assert.Equal(t, "Evaluation meeting", p.Sections.AnnualWheel.Activities[0].Title)
}

// A calendar ref names its activity.
func TestACalendarRefNeedsAnActivity(t *testing.T) {
	_, _, ok := plan.ParseCalendarRef("@2026-06-02T09:00:00Z")
	assert.False(t, ok)
	a, _, ok := plan.ParseCalendarRef("x@2026-06-02T09:00:00Z")
	assert.True(t, ok)
	assert.Equal(t, "x", a)
}

// The written plan lists the roles still missing and those no longer
// needed, with their reasons.
func TestTheWrittenPlanListsMissingAndNotNeededRoles(t *testing.T) {
	d := writtenDoc("en")
	d.Revision.Plan.Sections.Roles.Missing = []plan.ActorNeed{{Need: "Speech therapist", Reason: "waiting list"}}
	d.Revision.Plan.Sections.Roles.NotNeeded = []plan.ActorNeed{{Need: "Home nursing"}}
	var txt bytes.Buffer
	require.NoError(t, plan.RenderText(&txt, d))
	assert.Contains(t, txt.String(), "Speech therapist (waiting list)")
	assert.Contains(t, txt.String(), "Home nursing")
	assert.False(t, strings.Contains(txt.String(), "Home nursing ("), "no reason, no brackets")
}

// The written plan shows no heading over nothing: without leaders, missing
// or unneeded roles, people or meetings there is no block or part for
// them, and a meeting with nobody recorded present says nothing of it.
func TestTheWrittenPlanHasNoEmptyHeadings(t *testing.T) {
	d := writtenDoc("en")
	d.Actors, d.Meetings = nil, nil
	w := plan.Outline(d)
	// Section 2 holds the responsibilities and the mandate, nothing else.
	assert.Len(t, w.Parts[1].Blocks, 2)
	full := plan.Outline(writtenDoc("en"))
	assert.Less(t, len(w.Parts), len(full.Parts), "no part for meetings that were not held")

	d = writtenDoc("en")
	d.Meetings[0].Attended = nil
	last := plan.Outline(d).Parts
	for _, p := range last {
		for _, b := range p.Blocks {
			if strings.HasPrefix(b.Heading, d.Meetings[0].Title) {
				assert.Empty(t, b.Text, "nobody recorded present")
			}
		}
	}
}

// A party is named as who they are: the patient's side by the person who
// accepted, a member with the mandatory role they hold.
func TestPartiesAreNamed(t *testing.T) {
	gp := plan.Party{Kind: plan.AsMember, Member: "gp", Role: roles.GP}.Label(roles.English, dir)
	assert.Contains(t, gp, "Per")
	assert.Contains(t, gp, roles.GP.Label(roles.English))
	assert.Equal(t, "Jonas", plan.Party{Kind: plan.PatientSide, Member: "p"}.Label(roles.English, dir))
	anyone := plan.Party{Kind: plan.PatientSide}.Label(roles.English, dir)
	assert.NotEqual(t, anyone, plan.Party{Kind: plan.AsMember}.Label(roles.English, dir))
}
