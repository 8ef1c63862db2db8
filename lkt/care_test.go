package lkt_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The § 4-6 case: Olav, 84, with advanced dementia, lives at home with
// help; his daughter Liv is his next of kin; he has no legal
// representative, and nobody can consent for him.
var (
	daughter   = lkt.NewMember{ID: "m-liv", Name: "Liv Brekke", Role: roles.NextOfKin}
	liv        = lkt.Person("m-liv")
	lacks      = lkt.AssessCapacity{LacksCapacity: true, Basis: "Examined at home with the daughter present; MMSE 12; written assessment in the GP's record."}
	careDecree = lkt.RecordCareDecision{NextOfKinHeard: []actor{"m-liv"}, Covers: "Home nursing, personal care and the collaboration of the actor community",
		ReviewOn: lkttest.Start.AddDate(0, 6, 0)}
)

type actor = actormap.ActorID

// elderly is Olav's community before anyone decides: founded by the
// coordinator, his daughter a member, his capacity assessed as lacking,
// then steps.
func elderly(steps ...lkttest.Step) func(*testing.T, *lkt.Service, *lkttest.Clock) {
	return bornOn(time.Date(1941, 5, 17, 0, 0, 0, 0, time.UTC), steps...)
}

// bornOn is elderly for a patient born on birth.
func bornOn(birth time.Time, steps ...lkttest.Step) func(*testing.T, *lkt.Service, *lkttest.Clock) {
	return func(t *testing.T, svc *lkt.Service, _ *lkttest.Clock) {
		t.Helper()
		in := lkttest.NewBuilder().New()
		in.Patient = lkt.Patient{ID: lkttest.PatientID, Name: "Olav Brekke", BirthDate: birth}
		_, err := svc.Create(context.Background(), lkttest.Coordinator, in)
		require.NoError(t, err)
		apply(t, svc, append([]lkttest.Step{
			{Name: "daughter", By: lkttest.Coordinator, Cmd: lkt.AddMember{Member: daughter}},
			{Name: "capacity", By: lkttest.Coordinator, Cmd: lacks},
		}, steps...)...)
	}
}

var decided = lkttest.Step{Name: "decide", By: lkttest.Coordinator, Cmd: careDecree}

// careForgeries are issue 15's forgeries around the § 4-6 decision.
func careForgeries() []forgery {
	return []forgery{
		{name: "a member not verified as health personnel records a § 4-6 decision", world: elderly(),
			by: lkt.Person(lkttest.CoordinatorID), cmd: careDecree, code: lkt.Forbidden, rule: lkt.RuleCareDecisionByHealthPersonnel},
		{name: "a § 4-6 decision for a boy of 15 whose mother consents", by: lkttest.GP, cmd: careDecree,
			code: lkt.PreconditionFailed, rule: lkt.RuleCareDecisionGround},
		{name: "a § 4-6 decision for a patient of 17 who lacks capacity", world: bornOn(lkttest.Start.AddDate(-17, 0, 0)),
			by: lkttest.Coordinator, cmd: careDecree, code: lkt.PreconditionFailed, rule: lkt.RuleCareDecisionGround},
		{name: "a § 4-6 decision for an adult not assessed as lacking capacity", world: elderly(lkttest.Step{Name: "capable", By: lkttest.Coordinator,
			Cmd: lkt.AssessCapacity{LacksCapacity: false, Basis: "Reviewed"}}), by: lkttest.Coordinator, cmd: careDecree,
			code: lkt.PreconditionFailed, rule: lkt.RuleCareDecisionGround},
		{name: "a § 4-6 decision over a legal representative's head", world: elderly(lkttest.Step{Name: "verge", By: lkttest.Coordinator,
			Cmd: lkt.AddMember{Member: guardian()}}), by: lkttest.Coordinator, cmd: careDecree,
			code: lkt.PreconditionFailed, rule: lkt.RuleCareDecisionGround},
		{name: "a § 4-6 decision after the withdrawal", world: active(withdrawn), by: lkttest.GP, cmd: careDecree,
			code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "a next of kin writes the story of a patient who consents", world: active(lkttest.Step{Name: "grandma", By: lkttest.Coordinator,
			Cmd: lkt.AddMember{Member: daughter}}), by: liv, cmd: lkt.ReviseStory{GoodDay: "He likes his coffee."},
			code: lkt.Forbidden, rule: lkt.RuleStoryByNextOfKin},
		{name: "a professional ends the § 4-6 decision on the daughter's word", world: elderly(decided), by: lkttest.Coordinator,
			cmd:  lkt.WithdrawConsent{WithdrawnBy: "m-liv", Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: lkttest.Start, Reference: "Archive 2026/17"}},
			code: lkt.PreconditionFailed, rule: lkt.RuleCareDecisionGround},
	}
}

// TestCareDecisionIsTheGroundForAnAdultWithoutRepresentative walks the
// path the report's most ill elderly need: nobody can consent, the
// responsible health professional decides after hearing the daughter, the
// community works on it, the daughter adds to the story as herself, the
// patient's objection ends it, and a legal representative takes over.
func TestCareDecisionIsTheGroundForAnAdultWithoutRepresentative(t *testing.T) {
	ctx := context.Background()
	svc, _, clock := newService(t)
	elderly()(t, svc, clock)
	id := lkttest.CommunityID
	sum, err := svc.Summary(ctx, lkttest.Coordinator, id)
	require.NoError(t, err)
	require.Equal(t, lkt.NoConsent, sum.Consent)
	_, err = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AddMember{Member: teacher})
	require.Equal(t, lkt.ConsentRequired, lkt.CodeOf(err), "nothing is shared before the decision")

	c, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, careDecree)
	require.NoError(t, err)
	assert.Equal(t, lkt.CareDecided, c.ConsentState(clock.Now()))
	d := c.CareDecisions()
	require.Len(t, d, 1)
	assert.Equal(t, lkttest.CoordinatorID, d[0].DecidedBy)
	assert.Equal(t, "1000001", d[0].HPR)
	assert.Equal(t, []actor{"m-liv"}, d[0].NextOfKinHeard)
	assert.Empty(t, c.PatientNotices(), "the notices are the patient's side's")
	own, err := svc.Get(ctx, lkttest.Patient, id)
	require.NoError(t, err)
	assert.Equal(t, "care-decision", own.PatientNotices()[len(own.PatientNotices())-1].Kind)

	// The community works: the GP joins, the daughter contributes to A as herself.
	_, err = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AddMember{Member: lkttest.Members()[1]})
	require.NoError(t, err)
	c, err = svc.Do(ctx, liv, id, lkt.AnyVersion, lkt.ReviseStory{GoodDay: "Dad's good days start with coffee on the porch."})
	require.NoError(t, err)
	story, _ := c.CurrentStory()
	assert.True(t, story.ByNextOfKin, "marked as the next of kin's")
	assert.Equal(t, liv.ID, story.AuthoredBy.ID)

	// The review date warns; a new decision reviews it.
	clock.Set(careDecree.ReviewOn)
	c, err = svc.Get(ctx, lkttest.GP, id)
	require.NoError(t, err)
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), "care-decision-review-due")
	review := careDecree
	review.ReviewOn = clock.Now().AddDate(0, 6, 0)
	c, err = svc.Do(ctx, lkttest.GP, id, lkt.AnyVersion, review)
	require.NoError(t, err)
	assert.NotContains(t, warningRules(c.Warnings(clock.Now())), "care-decision-review-due")

	// Olav objects: the decision ends, and nothing is shared until a
	// professional decides again.
	c, err = svc.Do(ctx, lkttest.Patient, id, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID, Reason: "Will not have strangers in the house."})
	require.NoError(t, err)
	assert.Equal(t, lkt.NoConsent, c.ConsentState(clock.Now()))
	evs, err := svc.History(ctx, lkttest.Patient, id, c.Version()-1, 1)
	require.NoError(t, err)
	assert.Equal(t, "CareDecisionEnded", evs[0].Type())
	c, err = svc.Do(ctx, lkttest.GP, id, lkt.AnyVersion, review)
	require.NoError(t, err)
	assert.Equal(t, lkt.CareDecided, c.ConsentState(clock.Now()))

	// A legal representative is appointed: the decision gives way, and the
	// representative consents.
	c, err = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AddMember{Member: guardian()})
	require.NoError(t, err)
	assert.Equal(t, lkt.NoConsent, c.ConsentState(clock.Now()))
	c, err = svc.Do(ctx, lkt.Person("m-verge"), id, lkt.AnyVersion, lkt.GiveConsent{GivenBy: "m-verge"})
	require.NoError(t, err)
	assert.Equal(t, lkt.Consented, c.ConsentState(clock.Now()))
}
