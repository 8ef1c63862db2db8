package lkt_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// rulesOf returns the rules of err's Errors, and checks each has a message.
func rulesOf(t *testing.T, err error) []string {
	t.Helper()
	e, ok := errors.AsType[*lkt.Error](err)
	require.True(t, ok, "%v", err)
	var out []string
	for _, d := range e.Errors {
		assert.NotEmpty(t, d.Message.EN, d.Rule)
		assert.NotEmpty(t, d.Message.NB, d.Rule)
		assert.NotEmpty(t, d.Message.NN, d.Rule)
		assert.Equal(t, lkt.PreconditionFailed, d.Code, d.Rule)
		out = append(out, d.Rule)
	}
	return out
}

// TestRefusedActivationListsEveryPrecondition: a refused activation
// carries each unmet precondition as an error of its own (rule, field,
// message), not only one sentence.
func TestRefusedActivationListsEveryPrecondition(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	c := lkttest.NewBuilder().Without(lkttest.StepGP, lkttest.StepAnchoring, lkttest.StepInclusion, lkttest.StepActivate).Build(t, cfg)
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.Activate{}) })
	assert.Equal(t, lkt.RuleActivationPreconditions, lkt.RuleOf(err))
	rules := rulesOf(t, err)
	assert.Contains(t, rules, lkt.RuleMandatoryRoleVacant)
	assert.Contains(t, rules, lkt.RuleMandateNotAnchored)
	assert.Contains(t, rules, lkt.RuleInclusionIncomplete)
	assert.Len(t, rules, len(c.Readiness(lkttest.Start)), "one error for each thing Readiness lists")
	e, _ := errors.AsType[*lkt.Error](err)
	for _, d := range e.Errors {
		assert.NotEmpty(t, d.Field, d.Rule)
	}
}

// TestRefusedAgreementListsEveryPrecondition: a refused agreement lists
// what does not bind, each gap of the plan and each party still to accept.
func TestRefusedAgreementListsEveryPrecondition(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	c := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepAgreePlan).Build(t, lkttest.Config(clock))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, lkt.RuleAcceptanceMissing, lkt.RuleOf(err))
	rules := rulesOf(t, err)
	assert.Len(t, rules, 8, "seven members and the line manager still to accept: %v", rules)
	for _, r := range rules {
		assert.Equal(t, lkt.RuleAcceptanceMissing, r)
	}

	// With the GP gone too, the agreement lists the vacant role as well as
	// every acceptance still missing, the vacancy first.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Reason: "Moved away."}))
	err = unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	rules = rulesOf(t, err)
	require.NotEmpty(t, rules)
	assert.Equal(t, lkt.RuleMandatoryRoleVacant, rules[0])
	assert.Equal(t, rules[0], lkt.RuleOf(err))
	assert.Contains(t, rules, lkt.RuleAcceptanceMissing)
}

// TestEmptyAcceptedByIsRefused: an acceptance names whose it is; an empty
// acceptedBy is refused naming the rule, and nothing is recorded.
func TestEmptyAcceptedByIsRefused(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	c := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepAgreePlan).Build(t, lkttest.Config(clock))
	for _, p := range []lkt.Principal{lkttest.GP, lkttest.Mother, lkttest.Coordinator} {
		err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(p, lkt.AcceptPlan{Revision: 1}) })
		assert.Equal(t, "acceptedBy", lkt.FieldOf(err))
		assert.Equal(t, lkt.RuleAcceptedByRequired, lkt.RuleOf(err))
	}
	require.NoError(t, c.Do(lkttest.GP, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID}))
}

// TestParentsConsentAfter16IsRefusedWhoeverSendsIt: once the patient is
// 16, a parent's consent is refused with consent-guardian-16 — sent by the
// parent themself as well as recorded by the coordinator on their word.
func TestParentsConsentAfter16IsRefusedWhoeverSendsIt(t *testing.T) {
	c, clock := lkttest.Active(t)
	birthday := time.Date(2026, 9, 14, 12, 0, 0, 0, time.UTC)
	clock.Set(birthday)
	for _, tc := range []struct {
		name string
		by   lkt.Principal
		cmd  lkt.GiveConsent
		code lkt.Code
	}{
		// The parent may not (Forbidden); for the coordinator it is a rule
		// of the framework that the consent does not meet.
		{"the parent", lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.MotherID}, lkt.Forbidden},
		{"the coordinator on the parent's word", lkttest.Coordinator, lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(birthday)}, lkt.PreconditionFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := unchanged(t, c, tc.code, func() error { return c.Do(tc.by, tc.cmd) })
			assert.Equal(t, lkt.RuleConsentGuardian16, lkt.RuleOf(err))
			assert.Contains(t, lkt.MessageOf(err, roles.English), "16")
		})
	}
	// A relative who is no parent is still refused for their standing.
	err := unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.PatientID}) })
	assert.NotEqual(t, lkt.RuleConsentGuardian16, lkt.RuleOf(err))
}

// TestCommonRefusalsSpeakNynorsk: the refusals every client meets first
// read in nynorsk, not in bokmål.
func TestCommonRefusalsSpeakNynorsk(t *testing.T) {
	c, _ := lkttest.Active(t)
	for name, err := range map[string]error{
		"outsider":  c.Do(lkttest.Outsider, lkt.Pause{Reason: "x"}),
		"standing":  c.Do(lkttest.Patient, lkt.Activate{}),
		"stale":     lkt.ConflictError("c-1", 3, 4),
		"store":     lkt.UnavailableError(nil),
		"not shown": c.CanRead(lkttest.Outsider, lkttest.Start),
	} {
		require.Error(t, err, name)
		nb, nn := lkt.MessageOf(err, roles.Bokmal), lkt.MessageOf(err, roles.Nynorsk)
		assert.NotEqual(t, nb, nn, "%s: %s", name, nn)
	}
}
