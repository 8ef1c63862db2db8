package lkt_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Leaders are parties to the plan (issue 16.1): "en nødvendig avtale mellom
// ledere i samarbeidende organisasjoner" (7.1.4), whose leaders "må også
// kjenne til og anerkjenne rollen" (7.1.3). Each leader the plan names
// accepts it, recorded by the coordinator on the leader's word.

// leadersToAccept builds the fixture with its plan drafted and accepted by
// every member and the line manager, but by none of the leaders.
func leadersToAccept(t *testing.T) (*lkt.Community, *lkttest.Clock) {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	return lkttest.NewBuilder().WithPlan().Without(lkttest.StepLeadersAccept, lkttest.StepAgreePlan).Build(t, lkttest.Config(clock)), clock
}

func leader(name, org string) *plan.Leader { return &plan.Leader{Name: name, Organisation: org} }

func TestThePlanBindsOnlyWhenEveryLeaderItNamesHasAccepted(t *testing.T) {
	c, clock := leadersToAccept(t)
	parties := c.PlanParties(1)
	for _, l := range lkttest.PlanSections(clock.Now()).Roles.Leaders {
		assert.Contains(t, parties, plan.Party{Kind: plan.OrganisationLeader, Name: l.Name, Organisation: l.Organisation})
	}
	assert.Len(t, c.PlanStatus(clock.Now()).Outstanding, 3, "the three leaders")

	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, lkt.RuleLeaderAcceptanceMissing, lkt.RuleOf(err), "only leaders are missing: the refusal is named after them")
	assert.Equal(t, []string{lkt.RuleLeaderAcceptanceMissing, lkt.RuleLeaderAcceptanceMissing, lkt.RuleLeaderAcceptanceMissing}, rulesOf(t, err))
	e, _ := errors.AsType[*lkt.Error](err)
	assert.Equal(t, "still to accept the plan and recognise the coordinator role: Hans Os, Os legesenter (leader)", e.Errors[0].Message.EN)
	assert.Equal(t, "gjenstår å godta planen og anerkjenne koordinatorrollen: Randi Berge, Helse Bergen (leder)", e.Errors[1].Message.NB)
	assert.Equal(t, "står att å godta planen og anerkjenne koordinatorrolla: Nils Tveit, Os ungdomsskule (leiar)", e.Errors[2].Message.NN)
	assert.Contains(t, e.Message.NN, "står att: Hans Os, Os legesenter (leiar)")

	signed := lkttest.Evidence(clock.Now())
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: leader("Hans Os", "Os legesenter"), Evidence: signed}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: leader(" randi berge", "HELSE BERGEN"), Evidence: signed}))
	err = unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, []string{lkt.RuleLeaderAcceptanceMissing}, rulesOf(t, err))
	assert.Contains(t, lkt.MessageOf(err, roles.English), "Nils Tveit, Os ungdomsskule (leader)")

	require.NoError(t, c.Do(lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightRecordOnBehalf),
		lkt.AcceptPlan{Revision: 1, Leader: leader("Nils Tveit", "Os ungdomsskule"), Evidence: signed}), "a system configured to record on behalf")
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}))

	r, _ := c.PlanInForce()
	a, ok := r.AcceptanceBy(plan.Party{Kind: plan.OrganisationLeader, Name: "Randi Berge", Organisation: "Helse Bergen"})
	require.True(t, ok)
	assert.Equal(t, plan.Party{Kind: plan.OrganisationLeader, Name: "Randi Berge", Organisation: "Helse Bergen"}, a.Party, "the leader as the plan names them")
	assert.True(t, a.OnBehalf)
	assert.Equal(t, plan.MemberID(lkttest.CoordinatorID), a.RecordedBy)
	require.NotNil(t, a.Evidence)
	assert.Equal(t, signed.Reference, a.Evidence.Reference)
}

// A member's acceptance missing beside a leader's names the refusal, and
// both are listed.
func TestARefusedAgreementListsMembersAndLeadersStillToAccept(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	c := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepLeadersAccept, lkttest.StepAgreePlan).Build(t, lkttest.Config(clock))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, lkt.RuleAcceptanceMissing, lkt.RuleOf(err))
	rules := rulesOf(t, err)
	assert.Len(t, rules, 11, "seven members, the line manager and three leaders: %v", rules)
	assert.Equal(t, lkt.RuleLeaderAcceptanceMissing, rules[10])
	assert.Equal(t, lkt.RuleAcceptanceMissing, rules[0])
}

func TestALeadersAcceptanceIsRecordedOnTheirWordByTheCoordinator(t *testing.T) {
	randi := leader("Randi Berge", "Helse Bergen")
	tests := []struct {
		name  string
		by    lkt.Principal
		cmd   lkt.AcceptPlan
		code  lkt.Code
		rule  string
		field string
	}{
		{"a member records a leader's acceptance", lkttest.GP,
			lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Forbidden, lkt.RuleOnBehalfByCoordinator, ""},
		{"the patient's mother records a leader's acceptance", lkttest.Mother,
			lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Forbidden, lkt.RuleOnBehalfByCoordinator, ""},
		{"a system not configured to record on behalf", lkttest.SystemWith("ehr", lkt.RightActInCommunities),
			lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Forbidden, lkt.RuleOnBehalfByCoordinator, ""},
		{"an outsider", lkttest.Outsider,
			lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Forbidden, "not-a-member", ""},
		{"without evidence", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: randi}, lkt.Invalid, lkt.RuleEvidenceRequired, "evidence"},
		{"on evidence dated tomorrow", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start.AddDate(0, 0, 1))}, lkt.Invalid, lkt.RuleEvidenceRequired, "evidence.date"},
		{"a leader the plan does not name", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: leader("Ola Nordmann", "Helse Bergen"), Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "", "leader"},
		{"the right name at another organisation", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: leader("Randi Berge", "Os legesenter"), Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "", "leader"},
		{"a leader and a member at once", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: randi, AcceptedBy: lkttest.CoordinatorID, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "", "leader"},
		{"a leader and the line manager at once", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 1, Leader: randi, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"},
				Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "", "leader"},
		{"a revision that is not the newest", lkttest.Coordinator,
			lkt.AcceptPlan{Revision: 2, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.NotFound, "", "revision"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := leadersToAccept(t)
			err := unchanged(t, c, tt.code, func() error { return c.Do(tt.by, tt.cmd) })
			assert.Equal(t, tt.rule, lkt.RuleOf(err), "%v", err)
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
			for _, lang := range []roles.Lang{roles.English, roles.Bokmal, roles.Nynorsk} {
				assert.NotEmpty(t, lkt.MessageOf(err, lang))
			}
		})
	}
	t.Run("twice", func(t *testing.T) {
		c, _ := leadersToAccept(t)
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: randi, Evidence: lkttest.Evidence(lkttest.Start)}))
		unchanged(t, c, lkt.PreconditionFailed, func() error {
			return c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: leader("randi berge", "helse bergen"), Evidence: lkttest.Evidence(lkttest.Start)})
		})
	})
	t.Run("the wrong leader's message in three languages", func(t *testing.T) {
		c, _ := leadersToAccept(t)
		err := c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: leader("Ola Nordmann", "Helse Bergen"), Evidence: lkttest.Evidence(lkttest.Start)})
		assert.Contains(t, lkt.MessageOf(err, roles.English), "Ola Nordmann, Helse Bergen is not a leader this revision of the plan names")
		assert.Contains(t, lkt.MessageOf(err, roles.Bokmal), "er ikke en leder denne versjonen av planen navngir")
		assert.Contains(t, lkt.MessageOf(err, roles.Nynorsk), "er ikkje ein leiar denne versjonen av planen namngjev")
	})
}

// The written plan lists each leader with their acceptance: when, who
// recorded it and on what evidence, or that it is awaited.
func TestTheWrittenPlanListsEachLeadersAcceptance(t *testing.T) {
	c, clock := leadersToAccept(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, Leader: leader("Randi Berge", "Helse Bergen"),
		Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: clock.Now(), Reference: "HB arkiv 2026/7"}}))
	var txt bytes.Buffer
	require.NoError(t, c.WritePlan(&txt, 1, lkt.PlanText, roles.Nynorsk, clock.Now()))
	assert.Contains(t, txt.String(), "Randi Berge: Head of the paediatric clinic, Helse Bergen; godtok planen og anerkjende koordinatorrolla ")
	assert.Contains(t, txt.String(), "(registrert på vegner av dei av Silje Nygård (Koordinator og leiar av aktørfellesskapet): signert skjema, HB arkiv 2026/7)")
	assert.Contains(t, txt.String(), "Hans Os: Medical director, Os legesenter; har enno ikkje godteke planen")
}

// A leader written without a name is nobody: not a party, and nobody's
// acceptance is recorded for them.
func TestALeaderWithoutANameIsNoParty(t *testing.T) {
	c, clock := leadersToAccept(t)
	s := lkttest.PlanSections(clock.Now())
	s.Roles.Leaders = append(s.Roles.Leaders, plan.Leader{Name: " ", Organisation: "Os kommune"})
	r, _ := c.PlanRevision(1)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, AlsoAccepting: r.Plan.AlsoAccepting, Note: "a blank leader"}))
	assert.NotContains(t, c.PlanParties(2), plan.Party{Kind: plan.OrganisationLeader, Organisation: "Os kommune"})
	assert.Len(t, c.PlanParties(2), 11, "the patient side, four holders, the line manager, two more members, three leaders")
	err := unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 2, Leader: leader("", "Os kommune"), Evidence: lkttest.Evidence(clock.Now())})
	})
	assert.Equal(t, "leader", lkt.FieldOf(err))
}
