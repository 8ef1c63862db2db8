package lkt_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// bokmalOnly are words a nynorsk text never uses: where one shows, the
// text was copied from bokmål.
var bokmalOnly = []string{"ikke", "ennå", "bare", "hva", "hvem", "hvordan", "hvis", "noen", "noe",
	"et", "en", "mer", "fra", "være", "gjøre", "finnes", "allerede", "ble", "hverandre"}

// assertNynorsk checks that nn reads as nynorsk: not empty, not the
// bokmål text, and without a word only bokmål uses.
func assertNynorsk(t *testing.T, name, nb, nn string) {
	t.Helper()
	if !assert.NotEmpty(t, nn, name) {
		return
	}
	assert.NotEqual(t, nb, nn, "%s: the nynorsk is the bokmål", name)
	for w := range strings.FieldsFuncSeq(strings.ToLower(nn), func(r rune) bool { return !unicode.IsLetter(r) }) {
		assert.NotContains(t, bokmalOnly, w, "%s: %q in %q", name, w, nn)
	}
}

// TestRefusalsReadInNynorsk: a nynorsk reader (the pilot municipalities
// write nynorsk) reads a refusal, and each precondition it lists, in
// nynorsk — never the bokmål it used to fall back to.
func TestRefusalsReadInNynorsk(t *testing.T) {
	active, _ := lkttest.Active(t)
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	unready := lkttest.NewBuilder().Without(lkttest.StepGP, lkttest.StepAnchoring, lkttest.StepInclusion, lkttest.StepActivate).Build(t, cfg)
	draft := lkttest.NewBuilder().Without(lkttest.StepActivate).Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	unaccepted := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepAgreePlan).
		Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for _, tc := range []struct {
		name string
		c    *lkt.Community
		by   lkt.Principal
		cmd  lkt.Command
		rule string // of the refusal, where it names one
		each int    // how many preconditions it lists, at least
	}{
		{name: "consent forged by the patient for the mother", c: active, by: lkttest.Patient,
			cmd: lkt.GiveConsent{GivenBy: lkttest.MotherID}, rule: "consent-by-self"},
		{name: "consent on the patient's word without evidence", c: active, by: lkttest.Coordinator,
			cmd: lkt.GiveConsent{GivenBy: lkttest.PatientID}, rule: lkt.RuleEvidenceRequired},
		{name: "activation with several preconditions unmet", c: unready, by: lkttest.Coordinator,
			cmd: lkt.Activate{}, rule: lkt.RuleActivationPreconditions, each: 3},
		{name: "agreement nobody accepted", c: unaccepted, by: lkttest.Coordinator,
			cmd: lkt.AgreePlan{Revision: 1}, rule: lkt.RuleAcceptanceMissing, each: 8},
		{name: "a phase set in a draft community", c: draft, by: lkttest.Coordinator,
			cmd: lkt.SetPhase{Phase: plan.Yellow, Reason: "Worse."}, rule: lkt.RuleCommunityActive},
		{name: "a required field left out", c: active, by: lkttest.Coordinator, cmd: lkt.Pause{}},
		{name: "no such member", c: active, by: lkttest.Coordinator,
			cmd: lkt.ChangeMemberStatus{MemberID: "nobody", Status: actormap.Left}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Do(tc.by, tc.cmd)
			require.Error(t, err)
			if tc.rule != "" {
				assert.Equal(t, tc.rule, lkt.RuleOf(err))
			}
			assertNynorsk(t, "message", lkt.MessageOf(err, roles.Bokmal), lkt.MessageOf(err, roles.Nynorsk))
			e, ok := errors.AsType[*lkt.Error](err)
			require.True(t, ok)
			assert.GreaterOrEqual(t, len(e.Errors), tc.each)
			for _, d := range e.Errors {
				assertNynorsk(t, d.Rule, d.Localized(roles.Bokmal), d.Localized(roles.Nynorsk))
			}
		})
	}
}

// TestWarningsReadInNynorsk: what every reader of the community is warned
// of reads in nynorsk too.
func TestWarningsReadInNynorsk(t *testing.T) {
	c := lkttest.NewBuilder().Without(lkttest.StepGP, lkttest.StepAnchoring, lkttest.StepInclusion, lkttest.StepActivate).
		Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ws := append(c.Warnings(lkttest.Start), c.Readiness(lkttest.Start)...)
	require.NotEmpty(t, ws)
	for _, w := range ws {
		assertNynorsk(t, w.Rule, w.Message.NB, w.Message.NN)
	}
}
