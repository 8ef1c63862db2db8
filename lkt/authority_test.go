package lkt_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// forgery is one way of making the community say what its people did not
// (issue 15): who tries, what they send, in which community, and the code
// and rule that refuse it.
type forgery struct {
	name string
	// world brings the stored community lkttest.CommunityID to the state
	// the forger meets; nil is the active fixture community.
	world func(t *testing.T, svc *lkt.Service, clock *lkttest.Clock)
	by    lkt.Principal
	cmd   lkt.Command
	code  lkt.Code
	rule  string
}

// TestForgeriesAreRefused tries each forgery of issue 15 through the
// Service and reads the community back from the store: the forgery is
// refused with its code and rule, and the community is exactly as it was.
// Each row reaches its own check, so removing that check fails its row.
func TestForgeriesAreRefused(t *testing.T) {
	var all []forgery
	all = append(all, representationForgeries()...)
	all = append(all, onBehalfForgeries()...)
	all = append(all, careForgeries()...)
	all = append(all, acceptanceForgeries()...)
	all = append(all, storyForgeries()...)
	all = append(all, renewalForgeries()...)
	all = append(all, identityForgeries()...)
	for _, f := range all {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			clock := lkttest.NewClock(lkttest.Start)
			store := lkttest.NewStore()
			svc := lkt.NewService(store, lkttest.Config(clock))
			if f.world == nil {
				f.world = active()
			}
			f.world(t, svc, clock)
			before, version, err := store.Load(ctx, lkttest.CommunityID)
			require.NoError(t, err)

			_, err = svc.Do(ctx, f.by, lkttest.CommunityID, lkt.AnyVersion, f.cmd)
			require.Error(t, err, "the forgery went through")
			assert.Equal(t, f.code, lkt.CodeOf(err), "error: %v", err)
			assert.Equal(t, f.rule, lkt.RuleOf(err), "error: %v", err)

			after, now, err := store.Load(ctx, lkttest.CommunityID)
			require.NoError(t, err)
			assert.Equal(t, version, now, "a refused forgery must record no event")
			assert.Equal(t, before, after, "a refused forgery must change nothing")
		})
	}
}

// active is the active fixture community, then steps.
func active(steps ...lkttest.Step) func(*testing.T, *lkt.Service, *lkttest.Clock) {
	return func(t *testing.T, svc *lkt.Service, clock *lkttest.Clock) {
		t.Helper()
		_, err := lkttest.NewBuilder().Seed(context.Background(), svc)
		require.NoError(t, err)
		apply(t, svc, steps...)
	}
}

func apply(t *testing.T, svc *lkt.Service, steps ...lkttest.Step) {
	t.Helper()
	for _, s := range steps {
		_, err := svc.Do(context.Background(), s.By, lkttest.CommunityID, lkt.AnyVersion, s.Cmd)
		require.NoError(t, err, "step %s", s.Name)
	}
}

// withdrawn is the active fixture community after the mother withdrew
// consent for her son.
var withdrawn = lkttest.Step{Name: "withdraw", By: lkttest.Mother, Cmd: lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID}}

// The school's contact teacher: a member who is not health personnel.
var (
	teacher       = lkt.NewMember{ID: lkttest.TeacherID, Name: "Lars Tveit", Role: roles.School}
	addTeacher    = lkttest.Step{Name: "teacher", By: lkttest.Coordinator, Cmd: lkt.AddMember{Member: teacher}}
	nextOfKin     = lkt.NewMember{ID: "m-gro", Name: "Gro Berg", Role: roles.NextOfKin}
	assessed      = lkt.AssessCapacity{LacksCapacity: true, Basis: "Examined in a consultation on 2026-02-20; written assessment in the GP's record."}
	unverifiedGP  = lkt.Person(lkttest.GPID) // the GP's id, but a sign-in that verified nothing
	impostorGP    = lkttest.HealthPersonnel(lkttest.GPID, "9999990")
	hpNotInCommon = lkttest.HealthPersonnel("m-nobody", "1000099")
)

// representationForgeries are issue 15's forgeries of who speaks for the
// patient: capacity assessed by anyone, and people added after the
// patient's side withdrew consent.
func representationForgeries() []forgery {
	return []forgery{
		{name: "the school assesses capacity", world: active(addTeacher), by: lkttest.Teacher, cmd: assessed,
			code: lkt.Forbidden, rule: lkt.RuleCapacityByHealthPersonnel},
		{name: "a member who says they are the GP, unverified, assesses capacity", by: unverifiedGP, cmd: assessed,
			code: lkt.Forbidden, rule: lkt.RuleCapacityByHealthPersonnel},
		{name: "health personnel with another HPR number than the member's assesses capacity", by: impostorGP, cmd: assessed,
			code: lkt.Forbidden, rule: lkt.RuleHPRMismatch},
		{name: "health personnel outside the community assesses capacity", by: hpNotInCommon, cmd: assessed,
			code: lkt.Forbidden, rule: "not-a-member"},
		{name: "the GP assesses capacity after the withdrawal", world: active(withdrawn), by: lkttest.GP, cmd: assessed,
			code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "a next of kin is added after the withdrawal", world: active(withdrawn), by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: nextOfKin}, code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "a legal representative is added after the withdrawal", world: active(withdrawn), by: lkttest.Coordinator,
			cmd:  lkt.AddMember{Member: lkt.NewMember{ID: "m-verge", Name: "Odd Verge", Role: roles.LegalRepresentative}},
			code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "a professional is added after the withdrawal", world: active(withdrawn), by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: teacher}, code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "a next of kin is imported after the withdrawal", world: active(withdrawn), by: lkttest.SystemWith("ehr", lkt.RightActInCommunities),
			cmd:  lkt.ImportMembers{Source: "EHR", Members: []lkt.ImportedMember{{Member: nextOfKin}}},
			code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
		{name: "the school adds a legal representative", world: active(addTeacher), by: lkttest.Teacher,
			cmd: lkt.AddMember{Member: guardian()}, code: lkt.Forbidden, rule: lkt.RuleRepresentationByCoordinator},
		{name: "the GP adds a parent with parental responsibility", by: lkttest.GP,
			cmd: lkt.AddMember{Member: father()}, code: lkt.Forbidden, rule: lkt.RuleRepresentationByCoordinator},
		{name: "the mother adds a legal representative", by: lkttest.Mother,
			cmd: lkt.AddMember{Member: guardian()}, code: lkt.Forbidden, rule: lkt.RuleRepresentationByCoordinator},
		{name: "a system imports a legal representative", by: lkttest.SystemWith("ehr", lkt.RightActInCommunities),
			cmd:  lkt.ImportMembers{Source: "EHR", Members: []lkt.ImportedMember{{Member: guardian()}}},
			code: lkt.Forbidden, rule: lkt.RuleRepresentationByCoordinator},
		{name: "the coordinator adds a legal representative without a guardianship decision", by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: without(guardian(), nil)}, code: lkt.Invalid, rule: lkt.RuleRepresentationBasis},
		{name: "the coordinator adds a legal representative on a parental basis", by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: without(guardian(), lkttest.ParentalBasis())}, code: lkt.Invalid, rule: lkt.RuleRepresentationBasis},
		{name: "the coordinator adds a legal representative on a decision with no scope", by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: without(guardian(), &lkt.RepresentationBasis{Kind: lkt.BasisGuardianship, Authority: "Statsforvalteren",
				Date: lkttest.Start, Reference: "2026/1"})}, code: lkt.Invalid, rule: lkt.RuleRepresentationBasis},
		{name: "the coordinator adds a parent with parental responsibility and no basis", by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: without(father(), nil)}, code: lkt.Invalid, rule: lkt.RuleRepresentationBasis},
		{name: "the coordinator adds a parent on a decision dated in the future", by: lkttest.Coordinator,
			cmd: lkt.AddMember{Member: without(father(), &lkt.RepresentationBasis{Kind: lkt.BasisCourtDecision, Authority: "Bergen tingrett",
				Date: lkttest.Start.AddDate(0, 1, 0), Reference: "26-1234TVI-BBYR"})}, code: lkt.Invalid, rule: lkt.RuleRepresentationBasis},
	}
}

// guardian is a legal representative appointed by a guardianship decision.
func guardian() lkt.NewMember {
	return lkt.NewMember{ID: "m-verge", Name: "Odd Verge", Role: roles.LegalRepresentative, Basis: lkttest.GuardianshipBasis(lkttest.Start.AddDate(0, -1, 0))}
}

// father is a parent with parental responsibility recorded in the
// population register.
func father() lkt.NewMember {
	return lkt.NewMember{ID: "m-jon", Name: "Jon Berg", Role: roles.ParentGuardian, ParentalResponsibility: true, Basis: lkttest.ParentalBasis()}
}

// without returns m with basis b instead of its own.
func without(m lkt.NewMember, b *lkt.RepresentationBasis) lkt.NewMember { m.Basis = b; return m }

// TestNewMembersAreNoticedByThePatientSide: whoever joins, the patient's
// side is told at once, and a representative's notice names the basis
// they speak for the patient on.
func TestNewMembersAreNoticedByThePatientSide(t *testing.T) {
	c, clock := lkttest.Active(t)
	n := len(c.PatientNotices())
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: nextOfKin}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: father()}))
	got := c.PatientNotices()[n:]
	require.Len(t, got, 2)
	assert.Equal(t, "member-added", got[0].Kind)
	assert.Equal(t, nextOfKin.ID, got[0].About)
	assert.Equal(t, clock.Now(), got[0].At)
	assert.Equal(t, "representative-added", got[1].Kind)
	assert.Equal(t, lkttest.CoordinatorID, got[1].By)
	assert.Contains(t, got[1].Message.EN, "Folkeregisteret, foreldreansvar", "the notice names the basis")
	// … in the reader's words, not by its code.
	assert.Contains(t, got[1].Message.EN, "on the basis of the population register (")
	assert.Contains(t, got[1].Message.NN, "talar for pasienten, med grunnlag i folkeregisteret (")
	for _, l := range []string{got[1].Message.EN, got[1].Message.NB, got[1].Message.NN} {
		assert.NotContains(t, l, string(lkt.BasisPopulationRegister), l)
	}
	ev := c.Pending()[len(c.Pending())-1].Data.(lkt.MemberAdded)
	assert.Equal(t, lkttest.ParentalBasis(), ev.Member.Basis, "the event carries the basis")
	// The founder acts as coordinator only until one is appointed.
	draft := lkttest.NewBuilder().Without(lkttest.StepCoordinator, lkttest.StepAnchoring, lkttest.StepActivate).Build(t, lkttest.Config(clock))
	require.NoError(t, draft.Do(lkttest.Coordinator, lkt.AddMember{Member: guardian()}), "the founder, before a coordinator is appointed")
}

// TestCapacityIsAssessedByHealthPersonnelAndKept shows the path that
// works: the GP, verified, assesses with a basis and a review date; a
// later assessment reviews it; all are kept, and a passed review date
// warns.
func TestCapacityIsAssessedByHealthPersonnelAndKept(t *testing.T) {
	c, clock := lkttest.Active(t)
	review := lkttest.Start.AddDate(0, 6, 0)
	require.NoError(t, c.Do(lkttest.GP, lkt.AssessCapacity{LacksCapacity: true, Basis: "Consultation", ReviewOn: &review}))
	assert.True(t, c.Patient().LacksCapacity)
	assert.NotContains(t, warningRules(c.Warnings(clock.Now())), "capacity-review-due")
	clock.Set(review)
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), "capacity-review-due")
	require.NoError(t, c.Do(lkttest.ContactPhysician, lkt.AssessCapacity{LacksCapacity: false, Basis: "Reviewed at the clinic"}))
	assert.False(t, c.Patient().LacksCapacity)
	got := c.CapacityAssessments()
	require.Len(t, got, 2)
	assert.Equal(t, []actormap.ActorID{lkttest.GPID, lkttest.ContactPhysicianID}, []actormap.ActorID{got[0].AssessedBy, got[1].AssessedBy})
	assert.Equal(t, "1234560", got[0].HPR, "the HPR number the sign-in verified")
	assert.NotContains(t, warningRules(c.Warnings(clock.Now())), "capacity-review-due", "the review was made")
}

// dayAfter is one day after the fixture's start: when the forger comes
// after a withdrawal.
var dayAfter = lkttest.Start.Add(24 * time.Hour)

// withdrawnDayAfter is the active fixture community the day after the
// mother withdrew consent for her son.
func withdrawnDayAfter(t *testing.T, svc *lkt.Service, clock *lkttest.Clock) {
	active(withdrawn)(t, svc, clock)
	clock.Set(dayAfter)
}

// impostor signed in with a national identity number that is not the
// patient's, and claims the patient's id.
func impostor() lkt.Principal {
	nin, err := ident.SyntheticNumber(lkttest.PatientBirth, false, 513)
	if err != nil {
		panic(err)
	}
	p := lkt.Person(lkttest.PatientID)
	p.Verified = lkt.Claims{Issuer: lkttest.Issuer, NationalID: nin}
	return p
}

// onBehalfForgeries are issue 15's forgeries of acting on someone else's
// word: consent and its withdrawal recorded by anyone, without evidence,
// or restored after the patient's side withdrew it.
func onBehalfForgeries() []forgery {
	motherSigned := lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(lkttest.Start)}
	signedAfter := lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(dayAfter)}
	return []forgery{
		{name: "a member who is not the coordinator records consent on the mother's word", by: lkttest.GP,
			cmd: motherSigned, code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "a system not configured for it records consent on the mother's word", by: lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightReadFeed),
			cmd: motherSigned, code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the coordinator records consent on the mother's word without evidence", by: lkttest.Coordinator,
			cmd: lkt.GiveConsent{GivenBy: lkttest.MotherID}, code: lkt.Invalid, rule: lkt.RuleEvidenceRequired},
		{name: "after the withdrawal a member records a new consent naming the mother", world: withdrawnDayAfter, by: lkttest.GP,
			cmd: signedAfter, code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "after the withdrawal a system records a new consent naming the mother", world: withdrawnDayAfter, by: lkttest.SystemWith("ehr", lkt.RightActInCommunities),
			cmd: signedAfter, code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "after the withdrawal the coordinator restores consent on the form signed before it", world: withdrawnDayAfter, by: lkttest.Coordinator,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(lkttest.Start.Add(-time.Hour))},
			code: lkt.Forbidden, rule: lkt.RuleWithdrawalIsPatients},
		{name: "after the withdrawal the coordinator dates a consent today on the form signed before it", world: withdrawnDayAfter, by: lkttest.Coordinator,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.MotherID, GivenAt: dayAfter, Evidence: lkttest.Evidence(lkttest.Start.Add(-time.Hour))},
			code: lkt.Forbidden, rule: lkt.RuleWithdrawalIsPatients},
		{name: "after the withdrawal the coordinator backdates a consent to before it", world: withdrawnDayAfter, by: lkttest.Coordinator,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.MotherID, GivenAt: lkttest.Start.Add(-time.Hour), Evidence: lkttest.Evidence(dayAfter)},
			code: lkt.Forbidden, rule: lkt.RuleWithdrawalIsPatients},
		{name: "a member who is not the coordinator records a withdrawal on the mother's word", by: lkttest.GP,
			cmd:  lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Evidence: lkttest.Evidence(lkttest.Start)},
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the coordinator records a withdrawal on the mother's word without evidence", by: lkttest.Coordinator,
			cmd: lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID}, code: lkt.Invalid, rule: lkt.RuleEvidenceRequired},
		{name: "a login verified as someone else acts as the patient", by: impostor(),
			cmd: lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID}, code: lkt.Forbidden, rule: lkt.RuleIdentityMismatch},
	}
}

// foundings are the forgeries of founding a community.
var foundings = []struct {
	name string
	by   lkt.Principal
	hpr  string // the HPR number the founder gives
	rule string
}{
	{"a school member declares themself a GP", lkt.Person(lkttest.TeacherID), "1234560", lkt.RuleFounderVerified},
	{"a relative declares themself a GP", lkttest.Mother, "", lkt.RuleFounderVerified},
	{"a login claiming to be health personnel without an HPR number", lkt.Principal{Kind: lkt.PersonPrincipal, ID: lkttest.TeacherID,
		Verified: lkt.Claims{Issuer: lkttest.Issuer, HealthPersonnel: true}}, "", lkt.RuleFounderVerified},
	{"health personnel give another's HPR number", lkttest.HealthPersonnel(lkttest.TeacherID, "1000004"), "1234560", lkt.RuleFounderVerified},
	{"a system not configured to create communities", lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightRecordOnBehalf, lkt.RightReadFeed), "", lkt.RuleFounderVerified},
}

// TestForgedFoundingsAreRefused: nobody founds a community on a claim the
// authenticator did not verify; nothing is created.
func TestForgedFoundingsAreRefused(t *testing.T) {
	for _, f := range foundings {
		t.Run(f.name, func(t *testing.T) {
			in := lkttest.NewBuilder().New()
			in.Founder.ID, in.Founder.Role, in.Founder.HPR = f.by.ID, roles.GeneralPractitioner, f.hpr
			c, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), f.by, in)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err), "%v", err)
			assert.Equal(t, f.rule, lkt.RuleOf(err), "%v", err)
		})
	}
	// The same founding by verified health personnel, and by a system
	// configured for it, goes through.
	for _, by := range []lkt.Principal{lkttest.HealthPersonnel(lkttest.TeacherID, "1234560"), lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightCreateCommunities)} {
		in := lkttest.NewBuilder().New()
		in.Founder.ID, in.Founder.Role, in.Founder.HPR = by.ID, roles.GeneralPractitioner, by.Verified.HPR
		if by.Kind == lkt.SystemPrincipal {
			in.Founder = nil
		}
		_, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), by, in)
		require.NoError(t, err, by.ID)
	}
}

// TestOnBehalfIsMarked: consent and its withdrawal recorded on someone
// else's word carry who recorded them, for whom, and the evidence.
func TestOnBehalfIsMarked(t *testing.T) {
	c, clock := lkttest.Active(t)
	k, _ := c.Consent()
	require.NotNil(t, k.OnBehalf, "the fixture's consent was recorded by the founder on the mother's word")
	assert.Equal(t, lkttest.MotherID, k.OnBehalf.For)
	assert.Equal(t, lkttest.Coordinator, k.OnBehalf.RecordedBy)
	assert.Equal(t, lkt.SignedForm, k.OnBehalf.Evidence.Kind)

	ev := &lkt.Evidence{Kind: lkt.DigitalConsent, System: "Helsenorge", Reference: "hn-7781", Date: clock.Now()}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Evidence: ev}))
	last := c.Pending()[len(c.Pending())-1].Data.(lkt.ConsentWithdrawn)
	require.NotNil(t, last.OnBehalf)
	assert.Equal(t, *ev, last.OnBehalf.Evidence)
	k, _ = c.Consent()
	assert.Equal(t, last.OnBehalf, k.WithdrawalOnBehalf)

	// Evidence after the withdrawal brings consent back; the mother in
	// person does so without any.
	clock.Advance(time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(clock.Now())}))
	require.NoError(t, c.Do(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID}))
	require.NoError(t, c.Do(lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.MotherID}))
	k, _ = c.Consent()
	assert.Nil(t, k.OnBehalf, "given in person")
	// Evidence is refused where nobody acts on another's word, and a
	// digital consent names its system.
	err := c.Do(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Evidence: lkttest.Evidence(clock.Now())})
	assert.Equal(t, lkt.RuleEvidenceRequired, lkt.RuleOf(err))
	err = c.Do(lkttest.Coordinator, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID,
		Evidence: &lkt.Evidence{Kind: lkt.DigitalConsent, Reference: "x", Date: clock.Now()}})
	assert.Equal(t, "evidence.system", lkt.FieldOf(err))
}

// planDrafted is the active fixture community with its plan drafted and
// nobody's acceptance recorded, then steps.
func planDrafted(steps ...lkttest.Step) func(*testing.T, *lkt.Service, *lkttest.Clock) {
	return func(t *testing.T, svc *lkt.Service, clock *lkttest.Clock) {
		t.Helper()
		_, err := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAcceptPlan, lkttest.StepAgreePlan).Seed(context.Background(), svc)
		require.NoError(t, err)
		apply(t, svc, steps...)
	}
}

// acceptanceForgeries are issue 15's forgeries of agreement: one member
// recording others' acceptances, and a plan agreed on one person's word.
func acceptanceForgeries() []forgery {
	signed := lkttest.Evidence(lkttest.Start)
	evaDale := &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}
	return []forgery{
		{name: "the GP records the patient's acceptance", world: planDrafted(), by: lkttest.GP,
			cmd:  lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.PatientID, Evidence: signed},
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the GP records the contact physician's acceptance", world: planDrafted(), by: lkttest.GP,
			cmd:  lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.ContactPhysicianID, Evidence: signed},
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the mother records the GP's acceptance", world: planDrafted(), by: lkttest.Mother,
			cmd:  lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID, Evidence: signed},
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the school records the line manager's acceptance", world: planDrafted(), by: lkttest.Teacher,
			cmd: lkt.AcceptPlan{Revision: 1, LineManager: evaDale, Evidence: signed}, code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "a system not configured for it records the GP's acceptance", world: planDrafted(), by: lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightReadFeed),
			cmd:  lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID, Evidence: signed},
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the coordinator records the line manager's acceptance without evidence", world: planDrafted(), by: lkttest.Coordinator,
			cmd: lkt.AcceptPlan{Revision: 1, LineManager: evaDale}, code: lkt.Invalid, rule: lkt.RuleEvidenceRequired},
		{name: "the coordinator records the GP's acceptance without evidence", world: planDrafted(), by: lkttest.Coordinator,
			cmd: lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID}, code: lkt.Invalid, rule: lkt.RuleEvidenceRequired},
		{name: "the coordinator records the GP's acceptance on a signed form", world: planDrafted(), by: lkttest.Coordinator,
			cmd: lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID, Evidence: signed}, code: lkt.Forbidden, rule: lkt.RuleOwnAcceptance},
		{name: "a system configured to record on behalf records the contact physician's acceptance", world: planDrafted(),
			by:  lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightRecordOnBehalf),
			cmd: lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.ContactPhysicianID, Evidence: signed}, code: lkt.Forbidden, rule: lkt.RuleOwnAcceptance},
	}
}

// TestAcceptancesOnBehalfAreMarked: an acceptance recorded on the party's
// word carries the evidence, in the state and in the written plan; the
// fixture's plan, accepted by each party but the line manager and the
// leaders in person, is agreed.
func TestAcceptancesOnBehalfAreMarked(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	r, ok := c.PlanInForce()
	require.True(t, ok)
	var lm plan.Acceptance
	for _, a := range r.Acceptances {
		switch a.Party.Kind {
		case plan.LineManager:
			lm = a
		case plan.OrganisationLeader:
			assert.True(t, a.OnBehalf, "%s accepted on their word", a.Party.Name)
			assert.Equal(t, plan.MemberID(lkttest.CoordinatorID), a.RecordedBy)
			require.NotNil(t, a.Evidence)
		default:
			assert.False(t, a.OnBehalf, "%s accepted in person", a.Party.Member)
		}
	}
	require.True(t, lm.OnBehalf)
	require.NotNil(t, lm.Evidence)
	assert.Equal(t, lkt.SignedForm, lm.Evidence.Kind)
	var b strings.Builder
	require.NoError(t, c.WritePlan(&b, r.No, lkt.PlanText, roles.English, clock.Now()))
	assert.Regexp(t, `Eva Dale.*\(recorded on their behalf by Silje Nygård.*: signed form, Bjørnafjorden kommune, arkivsak 2026/88\)`, b.String())
}

// storyForgeries are issue 15's forgeries of the patient's story: members
// writing revisions "on behalf" that would become the current story.
func storyForgeries() []forgery {
	told := func(ev *lkt.Evidence) lkt.ReviseStory {
		return lkt.ReviseStory{GoodDay: "A good day is a quiet day at home.", OnBehalf: true, ToldBy: lkttest.PatientID, Evidence: ev}
	}
	signed := lkttest.Evidence(lkttest.Start)
	pending := lkttest.Step{Name: "on behalf", By: lkttest.Coordinator, Cmd: told(signed)}
	return []forgery{
		{name: "the GP records a story revision on the patient's behalf", by: lkttest.GP, cmd: told(signed),
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the school records a story revision on the patient's behalf", world: active(addTeacher), by: lkttest.Teacher, cmd: told(signed),
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "a system not configured for it records a story revision", by: lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightReadFeed), cmd: told(signed),
			code: lkt.Forbidden, rule: lkt.RuleOnBehalfByCoordinator},
		{name: "the coordinator records a story revision without evidence", by: lkttest.Coordinator, cmd: told(nil),
			code: lkt.Invalid, rule: lkt.RuleEvidenceRequired},
		{name: "the coordinator confirms the revision she recorded", world: active(pending), by: lkttest.Coordinator,
			cmd: lkt.ConfirmStory{Revision: 2}, code: lkt.Forbidden, rule: "standing"},
		{name: "a system confirms a revision it recorded", world: active(lkttest.Step{Name: "on behalf", By: lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightRecordOnBehalf), Cmd: told(signed)}),
			by: lkttest.SystemWith("ehr", lkt.RightActInCommunities, lkt.RightRecordOnBehalf), cmd: lkt.ConfirmStory{Revision: 2}, code: lkt.Forbidden, rule: "standing"},
		{name: "the mother confirms the story she wrote herself, to make an older revision current", by: lkttest.Mother,
			cmd: lkt.ConfirmStory{Revision: 1}, code: lkt.PreconditionFailed, rule: lkt.RuleStoryConfirmed},
	}
}

// TestTheStoryStaysThePatients: a revision recorded on the patient's
// behalf is kept and shown as awaiting confirmation; the current story is
// the patient side's until they confirm it.
func TestTheStoryStaysThePatients(t *testing.T) {
	c, clock := lkttest.Active(t)
	mine, _ := c.CurrentStory()
	ev := &lkt.Evidence{Kind: lkt.Verbal, Date: clock.Now(), Reference: "Home visit note", Witness: "Kari Berg"}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ReviseStory{GoodDay: "Jonas: a good day has no pain at school.", OnBehalf: true, ToldBy: lkttest.PatientID, Evidence: ev}))
	cur, _ := c.CurrentStory()
	assert.Equal(t, mine, cur, "the story on the patient's behalf is not the current one")
	waiting := c.StoryAwaitingConfirmation()
	require.Len(t, waiting, 1)
	assert.True(t, waiting[0].Pending)
	assert.Equal(t, ev, waiting[0].Evidence)

	require.NoError(t, c.Do(lkttest.Mother, lkt.ConfirmStory{Revision: waiting[0].No}))
	cur, _ = c.CurrentStory()
	assert.Equal(t, "Jonas: a good day has no pain at school.", cur.GoodDay)
	assert.Equal(t, lkttest.MotherID, cur.ConfirmedBy)
	assert.Empty(t, c.StoryAwaitingConfirmation())
	assert.Equal(t, "StoryConfirmed", c.Pending()[len(c.Pending())-1].Type())
	// Confirmed once only.
	assert.Equal(t, lkt.RuleStoryConfirmed, lkt.RuleOf(c.Do(lkttest.Patient, lkt.ConfirmStory{Revision: cur.No})))
}

// sixteen is a day when the fixture's patient, Jonas, is 16.
var sixteen = time.Date(2026, time.October, 1, 9, 0, 0, 0, time.UTC)

// turned16 is the active fixture community (the mother's consent) on a
// day Jonas is 16 and has not renewed it, then steps.
func turned16(steps ...lkttest.Step) func(*testing.T, *lkt.Service, *lkttest.Clock) {
	return func(t *testing.T, svc *lkt.Service, clock *lkttest.Clock) {
		t.Helper()
		active(lkttest.Step{Name: "grandmother", By: lkttest.Coordinator, Cmd: lkt.AddMember{Member: nextOfKin}})(t, svc, clock)
		clock.Set(sixteen)
		apply(t, svc, steps...)
	}
}

// renewalForgeries are issue 15's forgeries around the patient's 16th
// birthday: the parents keep deciding, or keep taking part unasked.
func renewalForgeries() []forgery {
	renewsNamingNobody := lkttest.Step{Name: "renews", By: lkttest.Patient, Cmd: lkt.GiveConsent{GivenBy: lkttest.PatientID}}
	return []forgery{
		{name: "the coordinator records the mother's consent for her son of 16", world: turned16(), by: lkttest.Coordinator,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(sixteen)},
			code: lkt.PreconditionFailed, rule: lkt.RuleConsentGuardian16},
		{name: "the mother, not named when her son renewed consent, changes the community", world: turned16(renewsNamingNobody), by: lkttest.Mother,
			cmd:  lkt.UpdateMember{MemberID: lkttest.MotherID, Name: "Kari Berg", Contact: actormap.Contact{Phone: "+47 400 00 009"}},
			code: lkt.Forbidden, rule: lkt.RuleRelativesNamedByPatient},
		{name: "the mother's consent for her son of 15 names the relatives who read", world: active(lkttest.Step{Name: "grandmother", By: lkttest.Coordinator,
			Cmd: lkt.AddMember{Member: nextOfKin}}), by: lkttest.Mother,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.MotherID, Relatives: []actormap.ActorID{nextOfKin.ID}},
			code: lkt.Invalid, rule: lkt.RuleRelativesNamedByPatient},
		{name: "the patient names the GP among the relatives", world: turned16(), by: lkttest.Patient,
			cmd:  lkt.GiveConsent{GivenBy: lkttest.PatientID, Relatives: []actormap.ActorID{lkttest.GPID}},
			code: lkt.Invalid, rule: lkt.RuleRelativesNamedByPatient},
	}
}

// TestFrom16ThePatientDecidesAboutTheParents: while renewal is pending the
// mother keeps reading as the earlier consent allowed, but no longer
// speaks for her son; when he consents he names the relatives who keep
// taking part, and the others are shut out.
func TestFrom16ThePatientDecidesAboutTheParents(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: nextOfKin}))
	grandma := lkt.Person(nextOfKin.ID)
	clock.Set(sixteen)
	require.Equal(t, lkt.RenewalRequired, c.ConsentState(sixteen))
	assert.Equal(t, lkt.AsRelative, c.StandingOf(lkttest.Mother, sixteen), "she no longer speaks for him")
	assert.NoError(t, c.CanRead(lkttest.Mother, sixteen), "pending renewal she keeps what her consent allowed")
	err := c.Do(lkttest.Mother, lkt.GiveConsent{GivenBy: lkttest.MotherID})
	assert.Equal(t, lkt.RuleConsentGuardian16, lkt.RuleOf(err))
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))

	// Jonas renews it, naming his mother only.
	require.NoError(t, c.Do(lkttest.Patient, lkt.GiveConsent{GivenBy: lkttest.PatientID, Relatives: []actormap.ActorID{lkttest.MotherID}}))
	k, _ := c.Consent()
	assert.Equal(t, []actormap.ActorID{lkttest.MotherID}, k.Relatives)
	assert.NoError(t, c.CanRead(lkttest.Mother, sixteen))
	assert.Equal(t, lkt.RuleRelativesNamedByPatient, lkt.RuleOf(c.CanRead(grandma, sixteen)))
	assert.NoError(t, c.CanRead(lkttest.GP, sixteen), "professionals share as before")

	// A later consent naming nobody shuts the mother out as well.
	require.NoError(t, c.Do(lkttest.Patient, lkt.GiveConsent{GivenBy: lkttest.PatientID}))
	assert.Equal(t, lkt.RuleRelativesNamedByPatient, lkt.RuleOf(c.CanRead(lkttest.Mother, sixteen)))
}

// synthetic returns a synthetic national identity number for a person
// born on 5 May 1975, the seq'th of that day.
func synthetic(seq int) string {
	nin, err := ident.SyntheticNumber(time.Date(1975, 5, 5, 0, 0, 0, 0, time.UTC), false, seq)
	if err != nil {
		panic(err)
	}
	return nin
}

// recordedGuardian is the guardian with her national identity number on
// record.
func recordedGuardian() lkt.NewMember {
	g := guardian()
	g.NationalID = synthetic(321)
	return g
}

// identityForgeries: a sign-in verified as someone else claims the id of a
// member whose national identity number the community records.
func identityForgeries() []forgery {
	addGuardian := lkttest.Step{Name: "guardian", By: lkttest.Coordinator, Cmd: lkt.AddMember{Member: recordedGuardian()}}
	other := lkt.Person(recordedGuardian().ID)
	other.Verified = lkt.Claims{Issuer: lkttest.Issuer, NationalID: synthetic(322)}
	return []forgery{
		{name: "a login verified as someone else acts as the legal representative", world: active(addGuardian), by: other,
			cmd: lkt.WithdrawConsent{WithdrawnBy: recordedGuardian().ID}, code: lkt.Forbidden, rule: lkt.RuleIdentityMismatch},
	}
}

// TestMembersAreMatchedByNationalID: the guardian whose sign-in verified
// her own number acts as herself; her number is shown only to those who
// see personal details.
func TestMembersAreMatchedByNationalID(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: recordedGuardian()}))
	herself := lkt.Person(recordedGuardian().ID)
	herself.Verified = lkt.Claims{Issuer: lkttest.Issuer, NationalID: synthetic(321)}
	assert.Equal(t, lkt.AsRepresentative, c.StandingOf(herself, clock.Now()))
	someoneElse := herself
	someoneElse.Verified.NationalID = synthetic(322)
	assert.Equal(t, lkt.AsOutsider, c.StandingOf(someoneElse, clock.Now()))

	m, _ := c.ViewFor(lkttest.Teacher, clock.Now()).Member(herself.ID)
	assert.Empty(t, m.NationalID, "the school does not see it")
	m, _ = c.ViewFor(lkttest.GP, clock.Now()).Member(herself.ID)
	assert.Equal(t, synthetic(321), m.NationalID, "health personnel do")
	ev := c.EventsFor(lkttest.Teacher, clock.Now(), c.Pending()[len(c.Pending())-1:])
	assert.Empty(t, ev[0].Data.(lkt.MemberAdded).Member.NationalID)
}

// A system is part of a community only if it was configured to take part
// (RightActInCommunities): one configured to read the feed, or with no
// rights at all, neither changes nor reads any community — an outside
// review closed a child's community and set its phase with such a login.
func TestASystemNotConfiguredToTakePartIsNoMember(t *testing.T) {
	for _, by := range []lkt.Principal{lkttest.SystemWith("bare"), lkttest.SystemWith("warehouse", lkt.RightReadFeed, lkt.RightCreateCommunities)} {
		c, clock := lkttest.WithAgreedPlan(t)
		for _, cmd := range []lkt.Command{
			lkt.SetPhase{Phase: plan.Red, Reason: "x"},
			lkt.Close{Reason: "x"},
			lkt.AddMember{Member: lkt.NewMember{ID: "m-x", Name: "X", Role: "physiotherapist"}},
		} {
			err := unchanged(t, c, lkt.Forbidden, func() error { return c.Do(by, cmd) })
			assert.Equal(t, "not-a-member", lkt.RuleOf(err), cmd.CommandName())
		}
		assert.Equal(t, lkt.Forbidden, lkt.CodeOf(c.CanRead(by, clock.Now())))
		assert.Equal(t, lkt.AsOutsider, c.StandingOf(by, clock.Now()))
	}
	c, clock := lkttest.WithAgreedPlan(t)
	assert.Equal(t, lkt.AsSystem, c.StandingOf(lkttest.SystemWith("ehr", lkt.RightActInCommunities), clock.Now()))
}

// TestARelativeNotNamedLearnsOnlyTheConsentState: through the Service, a
// relative the patient did not name reads neither the community nor more
// of its summary than its id and consent state.
func TestARelativeNotNamedLearnsOnlyTheConsentState(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	turned16(lkttest.Step{Name: "renews", By: lkttest.Patient, Cmd: lkt.GiveConsent{GivenBy: lkttest.PatientID}})(t, svc, clock)
	_, err := svc.Get(ctx, lkttest.Mother, lkttest.CommunityID)
	assert.Equal(t, lkt.RuleRelativesNamedByPatient, lkt.RuleOf(err))
	sum, err := svc.Summary(ctx, lkttest.Mother, lkttest.CommunityID)
	require.NoError(t, err)
	assert.Equal(t, lkt.Summary{ID: lkttest.CommunityID, Consent: lkt.Consented}, sum)
	sum, err = svc.Summary(ctx, lkttest.GP, lkttest.CommunityID)
	require.NoError(t, err)
	assert.NotEmpty(t, sum.Members, "members who share read it all")

	// The portfolio tells the mother no more than the summary does.
	page, err := svc.List(ctx, lkttest.Mother, lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkt.Summary{ID: lkttest.CommunityID, Consent: lkt.Consented}, page.Items[0])
	page, err = svc.List(ctx, lkttest.Mother, lkt.Query{Municipality: "Bjørnafjorden"})
	require.NoError(t, err)
	assert.Empty(t, page.Items, "being selected by a filter would tell what the filter asked")
	page, err = svc.List(ctx, lkttest.GP, lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.NotEmpty(t, page.Items[0].Members)
}

// The patient's side accepting in person takes the place of an acceptance
// the coordinator recorded on their word: a plan once accepted on one
// person's records is not stuck (an outside review found it was).
func TestAnAcceptanceInPersonReplacesOneOnBehalf(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	planDrafted(lkttest.Step{Name: "on the mother's word", By: lkttest.Coordinator,
		Cmd: lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.MotherID, Evidence: lkttest.Evidence(lkttest.Start)}})(t, svc, clock)
	mine := func() plan.Acceptance {
		c, err := svc.Get(ctx, lkttest.Mother, lkttest.CommunityID)
		require.NoError(t, err)
		r, ok := c.PlanRevision(1)
		require.True(t, ok)
		for _, a := range r.Acceptances {
			if a.Party.Member == plan.MemberID(lkttest.MotherID) {
				return a
			}
		}
		t.Fatal("no acceptance of the mother's")
		return plan.Acceptance{}
	}
	require.True(t, mine().OnBehalf)
	_, err := svc.Do(ctx, lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.MotherID})
	require.NoError(t, err)
	a := mine()
	assert.False(t, a.OnBehalf)
	assert.Nil(t, a.Evidence)
	assert.Equal(t, plan.MemberID(lkttest.MotherID), a.RecordedBy)
	_, err = svc.Do(ctx, lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.MotherID})
	assert.Equal(t, lkt.PreconditionFailed, lkt.CodeOf(err), "accepting twice in person")
}
