package lkt_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// citizen is a person whose citizen sign-in (ID-porten) verified nin, and
// whose authenticator gave them an id of its own, which no community knows
// (the keyed hash of the number, for someone no people file lists).
func citizen(nin string) lkt.Principal {
	p := lkt.Person("nin-0a1b2c3d4e5f")
	p.Verified = lkt.Claims{Issuer: "https://idporten.example", NationalID: nin, CitizenSignIn: true}
	return p
}

var jonasNIN = lkttest.NewBuilder().Patient.NationalID

// planToAccept stores the fixture community with its plan drafted, not yet
// accepted, on a day Jonas is 16 and consents for himself.
func planToAccept(t *testing.T) (*lkt.Service, *lkttest.Store, *lkttest.Clock) {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(clock))
	_, err := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepAgreePlan).Seed(context.Background(), svc)
	require.NoError(t, err)
	clock.Set(sixteen)
	return svc, store, clock
}

// TestThePatientSignedInByNationalIDActsInPerson: Jonas signs in through
// ID-porten and no operator listed him anywhere; the number his sign-in
// verified is the one his community records, so he finds his community,
// consents, accepts the plan and writes his story himself, and every event
// says it was him.
func TestThePatientSignedInByNationalIDActsInPerson(t *testing.T) {
	ctx := context.Background()
	svc, _, _ := planToAccept(t)
	jonas := citizen(jonasNIN)

	page, err := svc.List(ctx, jonas, lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "his portfolio finds his community by his number")
	assert.Equal(t, lkttest.CommunityID, page.Items[0].ID)
	ids, complete, err := svc.PatientCommunities(ctx, jonas, lkt.PatientKey{ID: lkttest.PatientID})
	require.NoError(t, err)
	assert.True(t, complete)
	assert.Equal(t, []lkt.ID{lkttest.CommunityID}, ids)

	c, err := svc.Do(ctx, jonas, lkttest.CommunityID, lkt.AnyVersion,
		lkt.GiveConsent{GivenBy: lkttest.PatientID, Relatives: []actormap.ActorID{lkttest.MotherID}})
	require.NoError(t, err)
	assert.Equal(t, lkt.AsPatient, c.StandingOf(jonas, sixteen))
	k, _ := c.Consent()
	assert.Equal(t, lkttest.PatientID, k.GivenBy)
	assert.Nil(t, k.OnBehalf, "in person, not on his word")

	_, err = svc.Do(ctx, jonas, lkttest.CommunityID, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.PatientID})
	require.NoError(t, err)
	c, err = svc.Do(ctx, jonas, lkttest.CommunityID, lkt.AnyVersion, lkt.ReviseStory{GoodDay: "A good day: school, then games with my friends."})
	require.NoError(t, err)
	story := c.Snapshot().Story
	assert.Equal(t, "A good day: school, then games with my friends.", story[len(story)-1].GoodDay)

	evs, err := svc.History(ctx, jonas, lkttest.CommunityID, 0, 0)
	require.NoError(t, err)
	for _, e := range evs[len(evs)-3:] {
		assert.Equal(t, lkttest.PatientID, e.By.ID, "%s is recorded as Jonas's own act", e.Type())
	}
	v, err := svc.Get(ctx, jonas, lkttest.CommunityID)
	require.NoError(t, err)
	assert.Equal(t, jonasNIN, v.Snapshot().Patient.NationalID, "the patient sees his own details")

	_, err = svc.Do(ctx, jonas, lkttest.CommunityID, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID})
	require.NoError(t, err)
	_, err = svc.Get(ctx, jonas, lkttest.CommunityID)
	assert.NoError(t, err, "he reads his own community after withdrawing")
}

// TestANationalIDCountsOnlyFromACitizenSignIn: nobody becomes the patient
// by the number alone unless a citizen sign-in verified it — not the
// citizen's id without the claim, not a health professional whose HelseID
// sign-in carries the same number, not another citizen, not an id in the
// form of the number's index key. Each gets nothing: no portfolio, no read,
// no consent.
func TestANationalIDCountsOnlyFromACitizenSignIn(t *testing.T) {
	helseID := lkttest.HealthPersonnel("hpr-9999990", "9999990")
	helseID.Verified.NationalID = jonasNIN
	notCitizen := citizen(jonasNIN)
	notCitizen.Verified.CitizenSignIn = false
	for name, by := range map[string]lkt.Principal{
		"the citizen's id without the verified number":      lkt.Person(citizen(jonasNIN).ID),
		"HelseID's pid equal to the patient's":              helseID,
		"the number verified by a provider not a citizen's": notCitizen,
		"another citizen":                       citizen(synthetic(400)),
		"an id in the form of the number's key": lkt.Person(lkt.NationalIDKey(jonasNIN)),
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			svc, store, _ := planToAccept(t)
			before, version, err := store.Load(ctx, lkttest.CommunityID)
			require.NoError(t, err)

			page, err := svc.List(ctx, by, lkt.Query{})
			if err == nil {
				assert.Empty(t, page.Items)
			} else {
				assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
			}
			_, err = svc.Get(ctx, by, lkttest.CommunityID)
			assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
			_, err = svc.Do(ctx, by, lkttest.CommunityID, lkt.AnyVersion, lkt.GiveConsent{GivenBy: lkttest.PatientID})
			assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
			_, err = svc.Do(ctx, by, lkttest.CommunityID, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.PatientID})
			assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))

			after, now, err := store.Load(ctx, lkttest.CommunityID)
			require.NoError(t, err)
			assert.Equal(t, version, now)
			assert.Equal(t, before, after)
		})
	}
}

// TestRelativesAreKnownByTheirRecordedNumber: a representative and a
// relative whose numbers the community records are known by them at a
// citizen sign-in, with their own standing; once they leave, or for a
// professional whose number is on record, the number makes nobody anything.
func TestRelativesAreKnownByTheirRecordedNumber(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	gro := nextOfKin
	gro.NationalID = synthetic(331)
	nurse := lkt.NewMember{ID: "m-eli", Name: "Eli Sande", Role: roles.HomeNursing, NationalID: synthetic(332)}
	for _, m := range []lkt.NewMember{recordedGuardian(), gro, nurse} {
		_, err := svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.AddMember{Member: m})
		require.NoError(t, err)
	}
	c, err := svc.Get(ctx, lkttest.GP, lkttest.CommunityID)
	require.NoError(t, err)
	now := clock.Now()
	assert.Equal(t, lkt.AsRepresentative, c.StandingOf(citizen(synthetic(321)), now))
	assert.Equal(t, lkt.AsRelative, c.StandingOf(citizen(synthetic(331)), now))
	assert.Equal(t, lkt.AsOutsider, c.StandingOf(citizen(synthetic(332)), now), "a professional signs in as one")

	page, err := svc.List(ctx, citizen(synthetic(321)), lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "the representative finds the community by her number")
	_, err = svc.Do(ctx, citizen(synthetic(321)), lkttest.CommunityID, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: recordedGuardian().ID})
	require.NoError(t, err, "she acts in person")
	_, err = svc.Do(ctx, citizen(synthetic(321)), lkttest.CommunityID, lkt.AnyVersion, lkt.GiveConsent{GivenBy: recordedGuardian().ID})
	require.NoError(t, err)

	_, err = svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion,
		lkt.ChangeMemberStatus{MemberID: gro.ID, Status: actormap.Left, Reason: "moved away"})
	require.NoError(t, err)
	c, err = svc.Get(ctx, lkttest.GP, lkttest.CommunityID)
	require.NoError(t, err)
	assert.Equal(t, lkt.AsOutsider, c.StandingOf(citizen(synthetic(331)), clock.Now()), "a relative who left")
	page, err = svc.List(ctx, citizen(synthetic(331)), lkt.Query{})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "nor does her number find it any more")
}

// TestANationalIDIsOnePerson: a number is recorded for one person in a
// community, and no id may take the form of a number's key.
func TestANationalIDIsOnePerson(t *testing.T) {
	c, _ := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: recordedGuardian()}))
	twin := nextOfKin
	for _, nin := range []string{jonasNIN, synthetic(321)} {
		twin.NationalID = nin
		err := unchanged(t, c, lkt.Conflict, func() error { return c.Do(lkttest.Coordinator, lkt.AddMember{Member: twin}) })
		assert.Equal(t, lkt.RuleNationalIDOnce, lkt.RuleOf(err))
		assert.Equal(t, "member.nationalId", lkt.FieldOf(err))
		for _, l := range []roles.Lang{roles.English, roles.Bokmal, roles.Nynorsk} {
			assert.NotEmpty(t, lkt.MessageOf(err, l))
		}
	}
	keyed := nextOfKin
	keyed.ID = lkt.NationalIDKey(synthetic(333))
	err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, lkt.AddMember{Member: keyed}) })
	assert.Equal(t, "member.id", lkt.FieldOf(err))

	in := lkttest.NewBuilder().WithID("c-keyed").New()
	in.Patient.ID = lkt.NationalIDKey(in.Patient.NationalID)
	_, err = lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, in)
	assert.Equal(t, "patient.id", lkt.FieldOf(err))
}
