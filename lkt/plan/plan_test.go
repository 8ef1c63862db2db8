package plan_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type people map[plan.MemberID]plan.Person

func (p people) Person(id plan.MemberID) (plan.Person, bool) { v, ok := p[id]; return v, ok }

var dir = people{
	"p":    {ID: "p", Name: "Jonas", Role: roles.Patient, Member: true, Active: true},
	"c":    {ID: "c", Name: "Silje", Role: roles.Physiotherapist, Holds: roles.CoordinatorLeader, Member: true, Active: true},
	"gp":   {ID: "gp", Name: "Per", Role: roles.GeneralPractitioner, Holds: roles.GP, Member: true, Active: true},
	"away": {ID: "away", Name: "Anne", Role: roles.Assistant, Member: true},
	"gone": {ID: "gone", Name: "Ola", Role: roles.Assistant},
}

func cx() plan.Context {
	return plan.Context{People: dir, Stories: 1, Now: now, Holders: map[roles.Code]plan.MemberID{roles.CoordinatorLeader: "c", roles.GP: "gp"}}
}

// complete returns a plan with no gaps for dir.
func complete() plan.Plan {
	m := []plan.Measure{{What: "act", Responsible: "c"}}
	return plan.Plan{Sections: plan.Sections{
		Patient: plan.PatientSection{StoryRevision: 1, WhoIs: "Jonas", Challenges: []string{"pain"}},
		Roles: plan.RolesSection{Responsibilities: []plan.Responsibility{{Member: "c", Task: "lead"}, {Member: "gp", Task: "pain"}},
			Mandate: plan.Mandate{ContactPoint: "answers Jonas and his parents", Leading: "leads the meetings"}},
		Communication: plan.CommunicationSection{Lines: []plan.Line{
			{From: "gp", To: []plan.MemberID{"c"}, About: "medication", Channel: plan.ByElectronicMessage, Frequency: "monthly"}}},
		Contingency: plan.ContingencySection{
			Transitions: []plan.Transition{{Kind: plan.Holiday, Planned: true, What: "summer", Measures: m},
				{Kind: plan.AcuteWorsening, What: "worse", Measures: m}},
			Phases: plan.Phases{Green: plan.PhasePlan{Signs: []string{"s"}, Measures: m}, Yellow: plan.PhasePlan{Signs: []string{"s"}, Measures: m},
				Red: plan.PhasePlan{Signs: []string{"s"}, Measures: m}},
		},
		AnnualWheel: plan.AnnualWheel{Activities: []plan.Activity{
			{ID: "eval", Title: "Evaluation meeting", Responsible: "c", Recurrence: plan.Recurrence{Every: 6, Unit: plan.Month}},
			{ID: "adm", Title: "Before admission", Responsible: "c", Recurrence: plan.Recurrence{On: plan.BeforeElectiveAdmission}},
			{ID: "dis", Title: "Before discharge", Responsible: "c", Recurrence: plan.Recurrence{On: plan.BeforeDischarge, WithinDays: 2}},
		}},
		Documentation: plan.DocumentationSection{Entries: []plan.DocEntry{{What: "plan", Who: "c", Where: "here"}}, Stories: "in A"},
		Evaluation:    plan.EvaluationPlan{What: []string{"all"}, How: "meeting", Dates: []time.Time{now.AddDate(0, 6, 0)}, Responsible: "c"},
	}}
}

func TestCompletePlanHasNoGaps(t *testing.T) {
	p := complete()
	require.NoError(t, plan.Validate(p, cx()))
	assert.Empty(t, plan.Gaps(p, cx()))
	assert.NoError(t, plan.Complete(p, cx()))
}

func TestEmptyPlanListsEverySection(t *testing.T) {
	gaps := plan.Gaps(plan.Plan{}, cx())
	sections := map[string]bool{}
	for _, g := range gaps {
		sections[strings.Join(strings.SplitN(g.Field, ".", 3)[:2], ".")] = true
		assert.NotEmpty(t, g.Message.EN)
		assert.NotEmpty(t, g.Message.NB)
	}
	for _, s := range []plan.Section{plan.SectionPatient, plan.SectionRoles, plan.SectionCommunication, plan.SectionContingency,
		plan.SectionAnnualWheel, plan.SectionDocumentation, plan.SectionEvaluation} {
		assert.True(t, sections[string(s)], "no gap reported in %s", s)
	}
	err := plan.Complete(plan.Plan{}, cx())
	assert.Equal(t, plan.CodePreconditionFailed, err.(*plan.Error).Code)
	assert.Equal(t, "sections.patient.storyRevision", err.(*plan.Error).Field)
	assert.Contains(t, err.(*plan.Error).Localized(roles.Bokmal), "1. Pasienten")
}

func TestValidateNamesSectionAndField(t *testing.T) {
	past := now.AddDate(0, 0, -1)
	tests := []struct {
		name  string
		edit  func(*plan.Sections)
		field string
	}{
		{"responsible who is not a member", func(s *plan.Sections) { s.Contingency.Phases.Red.Measures[0].Responsible = "nobody" }, "sections.contingency.phases.red.measures[0].responsible"},
		{"responsible who has left", func(s *plan.Sections) { s.Roles.Responsibilities[0].Member = "gone" }, "sections.roles.responsibilities[0].member"},
		{"measure without a responsible", func(s *plan.Sections) { s.Contingency.Transitions[0].Measures = []plan.Measure{{What: "x"}} }, "sections.contingency.transitions[0].measures[0].responsible"},
		{"recurrence that never fires", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence = plan.Recurrence{} }, "sections.annualWheel.activities[0].recurrence"},
		{"recurrence without a unit", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence = plan.Recurrence{Every: 2} }, "sections.annualWheel.activities[0].recurrence.unit"},
		{"negative interval", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence.Every = -1 }, "sections.annualWheel.activities[0].recurrence.every"},
		{"both calendar and event", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence.On = plan.OnRed }, "sections.annualWheel.activities[0].recurrence"},
		{"unknown event", func(s *plan.Sections) { s.AnnualWheel.Activities[1].Recurrence.On = "full-moon" }, "sections.annualWheel.activities[1].recurrence.on"},
		{"duplicate activity id", func(s *plan.Sections) { s.AnnualWheel.Activities[1].ID = "eval" }, "sections.annualWheel.activities[1].id"},
		{"phase with no measures", func(s *plan.Sections) { s.Contingency.Phases.Red.Measures = nil }, "sections.contingency.phases.red.measures"},
		{"phase with no signs", func(s *plan.Sections) { s.Contingency.Phases.Yellow.Signs = nil }, "sections.contingency.phases.yellow.signs"},
		{"transition with no measures", func(s *plan.Sections) { s.Contingency.Transitions[1].Measures = nil }, "sections.contingency.transitions[1].measures"},
		{"operation marked unplanned", func(s *plan.Sections) {
			s.Contingency.Transitions[0].Kind = plan.Operation
			s.Contingency.Transitions[0].Planned = false
		}, "sections.contingency.transitions[0].planned"},
		{"unknown channel", func(s *plan.Sections) { s.Communication.Lines[0].Channel = "pigeon" }, "sections.communication.lines[0].channel"},
		{"line to nobody", func(s *plan.Sections) { s.Communication.Lines[0].To = nil }, "sections.communication.lines[0].to"},
		{"line to a non-member", func(s *plan.Sections) { s.Communication.Lines[0].To = []plan.MemberID{"c", "x"} }, "sections.communication.lines[0].to[1]"},
		{"story revision that does not exist", func(s *plan.Sections) { s.Patient.StoryRevision = 2 }, "sections.patient.storyRevision"},
		{"evaluation date in the past", func(s *plan.Sections) { s.Evaluation.Dates = []time.Time{past} }, "sections.evaluation.dates[0]"},
		{"evaluation dates out of order", func(s *plan.Sections) { s.Evaluation.Dates = append(s.Evaluation.Dates, now.AddDate(0, 1, 0)) }, "sections.evaluation.dates[1]"},
		{"documentation without a place", func(s *plan.Sections) { s.Documentation.Entries[0].Where = "" }, "sections.documentation.entries[0].where"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete().Clone()
			tt.edit(&p.Sections)
			err := plan.Validate(p, cx())
			require.Error(t, err)
			var pe *plan.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, plan.CodeInvalid, pe.Code, "%v", err)
			assert.Equal(t, tt.field, pe.Field, "%v", err)
			assert.NotEqual(t, pe.Localized(roles.English), pe.Localized(roles.Bokmal))
		})
	}
}

func TestKeptEvaluationDatesMayHavePassed(t *testing.T) {
	p := complete()
	past := now.AddDate(0, -1, 0)
	p.Sections.Evaluation.Dates = []time.Time{past, now.AddDate(0, 1, 0)}
	c := cx()
	require.Error(t, plan.Validate(p, c))
	c.Kept = []time.Time{past}
	require.NoError(t, plan.Validate(p, c))
}

func TestGapsAtAgreement(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*plan.Plan)
		field string
	}{
		{"a mandatory-role holder without a responsibility", func(p *plan.Plan) { p.Sections.Roles.Responsibilities = p.Sections.Roles.Responsibilities[:1] }, "sections.roles.responsibilities"},
		{"no unplanned change", func(p *plan.Plan) { p.Sections.Contingency.Transitions = p.Sections.Contingency.Transitions[:1] }, "sections.contingency.transitions"},
		{"red phase not written", func(p *plan.Plan) { p.Sections.Contingency.Phases.Red = plan.PhasePlan{} }, "sections.contingency.phases.red.signs"},
		{"no meeting before discharge", func(p *plan.Plan) { p.Sections.AnnualWheel.Activities = p.Sections.AnnualWheel.Activities[:2] }, "sections.annualWheel.activities"},
		{"no calendar activity", func(p *plan.Plan) { p.Sections.AnnualWheel.Activities = p.Sections.AnnualWheel.Activities[1:] }, "sections.annualWheel.activities"},
		{"stories not agreed", func(p *plan.Plan) { p.Sections.Documentation.Stories = "" }, "sections.documentation.stories"},
		{"no evaluation date", func(p *plan.Plan) { p.Sections.Evaluation.Dates = nil }, "sections.evaluation.dates"},
		{"responsible on leave", func(p *plan.Plan) { p.Sections.Contingency.Phases.Green.Measures[0].Responsible = "away" }, "sections.contingency.phases.green.measures[0].responsible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete().Clone()
			tt.edit(&p)
			require.NoError(t, plan.Validate(p, cx()), "a draft may be incomplete")
			err := plan.Complete(p, cx())
			require.Error(t, err)
			assert.Equal(t, plan.CodePreconditionFailed, err.(*plan.Error).Code)
			assert.Equal(t, tt.field, err.(*plan.Error).Field, "%v", err)
		})
	}
}

func TestCloneDoesNotAlias(t *testing.T) {
	p := complete()
	q := p.Clone()
	q.Sections.Contingency.Phases.Red.Measures[0].What = "changed"
	q.Sections.Communication.Lines[0].To[0] = "x"
	assert.Equal(t, "act", p.Sections.Contingency.Phases.Red.Measures[0].What)
	assert.Equal(t, plan.MemberID("c"), p.Sections.Communication.Lines[0].To[0])
}

func TestRecurrenceEach(t *testing.T) {
	naive := func(r plan.Recurrence, anchor, from, to time.Time) []time.Time {
		var out []time.Time
		base, n := anchor, 1
		if r.From != nil {
			base, n = *r.From, 0
		}
		for ; ; n++ {
			var d time.Time
			switch r.Unit {
			case plan.Day:
				d = base.AddDate(0, 0, r.Every*n)
			case plan.Week:
				d = base.AddDate(0, 0, 7*r.Every*n)
			case plan.Month:
				d = base.AddDate(0, r.Every*n, 0)
			default:
				d = base.AddDate(r.Every*n, 0, 0)
			}
			if !d.Before(to) {
				return out
			}
			if !d.Before(from) {
				out = append(out, d)
			}
		}
	}
	first := time.Date(2026, 1, 28, 8, 0, 0, 0, time.UTC)
	for _, r := range []plan.Recurrence{
		{Every: 1, Unit: plan.Day}, {Every: 2, Unit: plan.Week}, {Every: 1, Unit: plan.Month}, {Every: 6, Unit: plan.Month},
		{Every: 1, Unit: plan.Year}, {Every: 3, Unit: plan.Month, From: &first},
	} {
		for _, skip := range []int{0, 40, 400, 1100} {
			from, to := now.AddDate(0, 0, skip), now.AddDate(3, 1, 0)
			var got []time.Time
			r.Each(now, from, to, func(d time.Time) bool { got = append(got, d); return true })
			assert.Equal(t, naive(r, now, from, to), got, "%+v from +%d days", r, skip)
		}
	}
}

func TestCycleMoves(t *testing.T) {
	var c plan.Cycle
	work := func(to plan.Stage) plan.StageWork {
		return plan.StageWork{Stage: to, Goals: []string{"goal"}, Measures: []string{"measure"}, HowMeasured: "count"}
	}
	move := func(to plan.Stage) error {
		step, err := c.Move(work(to), false, "notes", "c", now)
		if err == nil {
			c.Apply(step)
		}
		return err
	}
	require.NoError(t, move(plan.StagePlan))
	require.NoError(t, move(plan.StageDo))
	require.NoError(t, move(plan.StagePlan), "going back is allowed")
	assert.True(t, c.Steps[2].Back)
	err := move(plan.StageEvaluate)
	require.Error(t, err)
	assert.Equal(t, plan.CodePreconditionFailed, err.(*plan.Error).Code, "stages are not skipped")
	assert.Equal(t, plan.CodeInvalid, move(plan.StagePlan).(*plan.Error).Code, "standing still")
	assert.Equal(t, plan.CodeInvalid, move("dance").(*plan.Error).Code)
	_, err = c.Move(work(plan.StageDo), false, "", "c", now)
	assert.Equal(t, "outcome", err.(*plan.Error).Field)
	for _, s := range []plan.Stage{plan.StageDo, plan.StageEvaluate, plan.StageFollowUp, plan.StagePlan} {
		require.NoError(t, move(s))
	}
	stage, round := c.Current()
	assert.Equal(t, plan.StagePlan, stage)
	assert.Equal(t, 2, round, "after following up a new round begins")
}

func TestRenderBothLanguages(t *testing.T) {
	p := complete()
	agreed := now
	rev := plan.Revision{No: 2, Plan: p, AgreedAt: &agreed,
		Acceptances: []plan.Acceptance{{Party: plan.Party{Kind: plan.AsMember, Member: "gp", Role: roles.GP}, At: now}}}
	for lang, want := range map[roles.Lang][]string{
		roles.English: {"Plan for collaboration for Jonas", "Revision 2, agreed 2 March 2026", "4. Transitions and contingency", "Red — acute", "every 6 months", "Per (GP)"},
		roles.Bokmal:  {"Felles plan for samarbeid for Jonas", "Versjon 2, avtalt 2. mars 2026", "4. Overganger og beredskap", "Rød — akutt", "hver 6. måned", "Per (Fastlege)"},
	} {
		var txt, html bytes.Buffer
		doc := plan.Document{Patient: "Jonas", Revision: rev, People: dir, Lang: lang, AsOf: now}
		require.NoError(t, plan.RenderText(&txt, doc))
		require.NoError(t, plan.RenderHTML(&html, doc))
		for _, w := range want {
			assert.Contains(t, txt.String(), w)
			assert.Contains(t, html.String(), w)
		}
		assert.NotContains(t, txt.String(), "{")
		assert.NotContains(t, txt.String(), "<no value>")
	}
	p.Sections.Patient.WhoIs = "<script>alert(1)</script>"
	var html bytes.Buffer
	require.NoError(t, plan.RenderHTML(&html, plan.Document{Patient: "Jonas", Revision: plan.Revision{No: 1, Plan: p}, People: dir, Lang: roles.Bokmal, AsOf: now.AddDate(1, 0, 0)}))
	assert.NotContains(t, html.String(), "<script>")
	assert.Contains(t, html.String(), "utkast")
	assert.Contains(t, html.String(), "FORFALT", "a passed evaluation date shows as overdue")
}
