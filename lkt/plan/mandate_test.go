package plan_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The mandate is agreed, not set (issue 16.6): its two main tasks are in
// the plan in the community's words, so the plan is not complete without
// them and every party accepts them with it.
func TestTheMandatesTwoMainTasksAreRequired(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*plan.Mandate)
		field string
	}{
		{"no contact point", func(m *plan.Mandate) { m.ContactPoint = "" }, "sections.roles.mandate.contactPoint"},
		{"a contact point of blanks", func(m *plan.Mandate) { m.ContactPoint = "  " }, "sections.roles.mandate.contactPoint"},
		{"no leading", func(m *plan.Mandate) { m.Leading = "" }, "sections.roles.mandate.leading"},
		{"a leading of blanks", func(m *plan.Mandate) { m.Leading = "\t" }, "sections.roles.mandate.leading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete().Clone()
			tt.edit(&p.Sections.Roles.Mandate)
			require.NoError(t, plan.Validate(p, cx()), "a draft may be incomplete")
			err := plan.Complete(p, cx())
			require.Error(t, err)
			assert.Equal(t, tt.field, err.(*plan.Error).Field, "%v", err)
		})
	}
}

func TestTheWrittenPlanCarriesTheMandate(t *testing.T) {
	for lang, want := range map[roles.Lang][]string{
		roles.English: {"The coordinator's mandate", "Contact point for the patient and relatives: answers Jonas and his parents",
			"Leads the community's work: leads the meetings", "Authority: to intervene when a party does not do what was agreed"},
		roles.Bokmal:  {"Koordinatorens mandat", "Kontaktpunkt for pasienten og de pårørende: answers Jonas", "Myndighet: å gripe inn"},
		roles.Nynorsk: {"Mandatet til koordinatoren", "Kontaktpunkt for pasienten og dei pårørande: answers Jonas", "Mynde: å gripe inn"},
	} {
		d := writtenDoc(lang)
		d.Revision.Plan.Sections.Roles.Mandate.Tasks = []string{"trains new assistants"}
		d.Revision.Plan.Sections.Roles.Mandate.Authority = []string{"calls extra meetings"}
		var txt bytes.Buffer
		require.NoError(t, plan.RenderText(&txt, d))
		want = append(want, ": trains new assistants", ": calls extra meetings")
		for _, w := range want {
			assert.Contains(t, txt.String(), w, "%s", lang)
		}
	}
}

func TestCloneKeepsTheMandateApart(t *testing.T) {
	p := complete()
	p.Sections.Roles.Mandate.Tasks = []string{"train assistants"}
	p.Sections.Roles.Mandate.Authority = []string{"call a meeting"}
	p.Sections.Roles.Leaders = []plan.Leader{{Name: "Randi Berge", Organisation: "Helse Bergen"}}
	q := p.Clone()
	q.Sections.Roles.Leaders[0].Name = "z"
	assert.Equal(t, "Randi Berge", p.Sections.Roles.Leaders[0].Name)
	q.Sections.Roles.Mandate.Tasks[0], q.Sections.Roles.Mandate.Authority[0] = "x", "y"
	assert.Equal(t, "train assistants", p.Sections.Roles.Mandate.Tasks[0])
	assert.Equal(t, "call a meeting", p.Sections.Roles.Mandate.Authority[0])
}

func TestTheWrittenPlanListsTheLeadersWithTheirAcceptance(t *testing.T) {
	for lang, want := range map[roles.Lang][]string{
		roles.English: {"Leaders who recognise the coordinator role and are parties to the plan",
			"Randi Berge: Head of clinic, Helse Bergen; accepted the plan and recognised the coordinator role on 2 March 2026 (recorded on their behalf by Silje (Coordinator and leader of the actor community): signed form, HB 2026/7)",
			"Hans Os: Os legesenter; has not yet accepted the plan",
			"Randi Berge, Helse Bergen (leader), 2 March 2026 (recorded on their behalf by Silje (Coordinator and leader of the actor community): signed form, HB 2026/7)"},
		roles.Bokmal: {"Ledere som anerkjenner koordinatorrollen og er parter i planen",
			"Randi Berge: Head of clinic, Helse Bergen; godtok planen og anerkjente koordinatorrollen 2. mars 2026 (registrert på vegne av dem av Silje (Koordinator og leder av aktørfellesskapet): signert skjema, HB 2026/7)",
			"Hans Os: Os legesenter; har ennå ikke godtatt planen", "Randi Berge, Helse Bergen (leder)"},
		roles.Nynorsk: {"Leiarar som anerkjenner koordinatorrolla og er partar i planen",
			"Randi Berge: Head of clinic, Helse Bergen; godtok planen og anerkjende koordinatorrolla 2. mars 2026",
			"Hans Os: Os legesenter; har enno ikkje godteke planen", "Randi Berge, Helse Bergen (leiar)"},
	} {
		d := writtenDoc(lang)
		d.Revision.Plan.Sections.Roles.Leaders = []plan.Leader{
			{Name: "Randi Berge", Title: "Head of clinic", Organisation: "Helse Bergen"}, {Name: "Hans Os", Organisation: "Os legesenter"}}
		d.Revision.Acceptances = append(d.Revision.Acceptances, plan.Acceptance{
			Party:      plan.Party{Kind: plan.OrganisationLeader, Name: "Randi Berge", Organisation: "Helse Bergen"},
			RecordedBy: "c", At: now, OnBehalf: true, Evidence: &plan.Evidence{Kind: plan.SignedForm, Date: now, Reference: "HB 2026/7"}})
		var txt bytes.Buffer
		require.NoError(t, plan.RenderText(&txt, d))
		for _, w := range want {
			assert.Contains(t, txt.String(), w, "%s", lang)
		}
	}
}

// A leader is a party of their own kind: their acceptance is matched by
// name and organisation, not by a line manager's of the same name.
func TestALeadersAcceptanceSatisfiesOnlyThatLeader(t *testing.T) {
	randi := plan.Leader{Name: " Randi Berge", Title: "Head of clinic", Organisation: "Helse Bergen "}.Party()
	assert.Equal(t, plan.Party{Kind: plan.OrganisationLeader, Name: "Randi Berge", Organisation: "Helse Bergen"}, randi)
	assert.True(t, plan.Party{Kind: plan.OrganisationLeader, Name: "randi berge", Organisation: "HELSE BERGEN"}.Satisfies(randi))
	assert.False(t, plan.Party{Kind: plan.OrganisationLeader, Name: "Randi Berge", Organisation: "Os legesenter"}.Satisfies(randi))
	assert.False(t, plan.Party{Kind: plan.OrganisationLeader, Name: "Hans Os", Organisation: "Helse Bergen"}.Satisfies(randi))
	assert.False(t, plan.Party{Kind: plan.LineManager, Name: "Randi Berge", Organisation: "Helse Bergen"}.Satisfies(randi))
	r := plan.Revision{Acceptances: []plan.Acceptance{{Party: randi, RecordedBy: "c"}}}
	assert.Equal(t, []plan.Party{plan.Leader{Name: "Hans Os", Organisation: "Os legesenter"}.Party()},
		r.Outstanding([]plan.Party{randi, plan.Leader{Name: "Hans Os", Organisation: "Os legesenter"}.Party()}))
}
