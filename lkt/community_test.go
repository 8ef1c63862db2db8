package lkt_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// unchanged runs do and asserts that it failed with code and left the
// community exactly as it was, with no new event.
func unchanged(t *testing.T, c *lkt.Community, code lkt.Code, do func() error) error {
	t.Helper()
	before, pending := c.Snapshot(), len(c.Pending())
	err := do()
	require.Error(t, err)
	assert.Equal(t, code, lkt.CodeOf(err), "error: %v", err)
	assert.Equal(t, before, c.Snapshot(), "a refused command must change nothing")
	assert.Len(t, c.Pending(), pending, "a refused command must record no event")
	return err
}

func TestActiveFixtureIsValid(t *testing.T) {
	c, _ := lkttest.Active(t)
	assert.Equal(t, lkt.Active, c.Status())
	assert.Empty(t, c.VacantRoles(lkttest.Start))
	assert.Empty(t, c.Warnings(lkttest.Start))
	assert.Equal(t, lkt.Consented, c.ConsentState(lkttest.Start))
}

func TestActivationNeedsEveryPrecondition(t *testing.T) {
	for _, v := range lkttest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
			c := lkttest.BuildVariant(t, cfg, v)
			err := unchanged(t, c, v.Code, func() error { return c.Do(lkttest.Coordinator, lkt.Activate{}) })
			rules := []string{}
			for _, m := range c.Readiness(lkttest.Start) {
				rules = append(rules, m.Rule)
			}
			assert.Contains(t, rules, v.Rule)
			if v.Code == lkt.PreconditionFailed {
				assert.Equal(t, "activation-preconditions", lkt.RuleOf(err))
			}
			assert.Equal(t, lkt.Draft, c.Status())
		})
	}
}

func TestWithoutConsentNothingButConsentIsWritten(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	c, err := lkt.Create(cfg, lkttest.Coordinator, lkttest.NewBuilder().New())
	require.NoError(t, err)
	unchanged(t, c, lkt.ConsentRequired, func() error { return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkttest.Members()[1]}) })
	unchanged(t, c, lkt.ConsentRequired, func() error {
		return c.Do(lkttest.Coordinator, lkt.RecordInclusion{Criterion: lkt.Informed})
	})
	unchanged(t, c, lkt.ConsentRequired, func() error { return c.Do(lkttest.Coordinator, lkt.Activate{}) })
	assert.Equal(t, lkt.ConsentRequired, lkt.CodeOf(c.CanRead(lkttest.Coordinator, lkttest.Start)))
}

func TestConsentByAge(t *testing.T) {
	turned16Today := time.Date(2010, 3, 2, 0, 0, 0, 0, time.UTC)
	is15 := time.Date(2010, 3, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		birth   time.Time
		givenBy actormap.ActorID
		code    lkt.Code // "" for accepted
		rule    string
	}{
		{"parent consents for a child of 15", is15, lkttest.MotherID, "", ""},
		{"parent refused for a patient who turned 16 today", turned16Today, lkttest.MotherID, lkt.PreconditionFailed, "consent-guardian-16"},
		{"patient of 16 consents", turned16Today, lkttest.PatientID, "", ""},
		{"child of 15 cannot consent alone", is15, lkttest.PatientID, lkt.PreconditionFailed, "consent-under-16"},
		{"a professional cannot consent for the patient", is15, lkttest.CoordinatorID, lkt.PreconditionFailed, "consent-grantor"},
		{"an unknown person cannot consent", is15, "nobody", lkt.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
			in := lkttest.NewBuilder().New()
			in.Patient.NationalID, in.Patient.BirthDate = "", tt.birth
			c, err := lkt.Create(cfg, lkttest.Coordinator, in)
			require.NoError(t, err)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkttest.Members()[0]}), "relatives join before consent")
			// The coordinator records it on the word of GivenBy, with evidence.
			cmd := lkt.GiveConsent{GivenBy: tt.givenBy, Evidence: lkttest.Evidence(lkttest.Start)}
			if tt.code == "" {
				require.NoError(t, c.Do(lkttest.Coordinator, cmd))
				assert.True(t, c.ConsentState(lkttest.Start).Shares())
				return
			}
			err = unchanged(t, c, tt.code, func() error { return c.Do(lkttest.Coordinator, cmd) })
			if tt.rule != "" {
				assert.Equal(t, tt.rule, lkt.RuleOf(err))
			}
		})
	}
}

func TestLegalRepresentativeConsentsOnlyWhenPatientLacksCapacity(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	in := lkttest.NewBuilder().New()
	in.Patient.NationalID, in.Patient.BirthDate = "", time.Date(1941, 5, 1, 0, 0, 0, 0, time.UTC)
	c, err := lkt.Create(cfg, lkttest.Coordinator, in)
	require.NoError(t, err)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-verge", Name: "Odd Verge", Role: roles.LegalRepresentative,
		Basis: lkttest.GuardianshipBasis(lkttest.Start.AddDate(0, -1, 0))}}))
	err = unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: "m-verge", Evidence: lkttest.Evidence(lkttest.Start)})
	})
	assert.Equal(t, "consent-representative", lkt.RuleOf(err))

	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AssessCapacity{LacksCapacity: true, Basis: "Assessment by the GP, 2026-02-20."}))
	err = unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: lkttest.PatientID, Evidence: lkttest.Evidence(lkttest.Start)})
	})
	assert.Equal(t, "consent-capacity", lkt.RuleOf(err))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: "m-verge", Evidence: lkttest.Evidence(lkttest.Start)}))
	k, _ := c.Consent()
	assert.Equal(t, lkt.GrantedByRepresentative, k.Grantor)
	// The patient may still withdraw it himself.
	require.NoError(t, c.Do(lkttest.Patient, lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID}))
	assert.Equal(t, lkt.Withdrawn, c.ConsentState(lkttest.Start))
}

func TestTurning16RequiresRenewal(t *testing.T) {
	c, clock := lkttest.Active(t)
	assert.Equal(t, lkt.Consented, c.ConsentState(clock.Now()))
	birthday := time.Date(2026, 9, 14, 12, 0, 0, 0, time.UTC)
	clock.Set(birthday)
	assert.Equal(t, lkt.RenewalRequired, c.ConsentState(birthday))
	assert.True(t, c.ConsentState(birthday).Shares(), "care must not stop on a birthday")
	assert.Contains(t, warningRules(c.Warnings(birthday)), lkt.RuleConsentRenewal)
	// The mother is no longer the patient's representative, and can no
	// longer consent for him.
	assert.Equal(t, lkt.AsRelative, c.StandingOf(lkttest.Mother, birthday))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(birthday)})
	})
	assert.Equal(t, "consent-guardian-16", lkt.RuleOf(err))
	// Jonas renews it himself.
	require.NoError(t, c.Do(lkttest.Patient, lkt.GiveConsent{GivenBy: lkttest.PatientID}))
	assert.Equal(t, lkt.Consented, c.ConsentState(birthday))
	k, _ := c.Consent()
	assert.Equal(t, lkt.GrantedByPatient, k.Grantor)
}

func warningRules(ws []lkt.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Rule)
	}
	return out
}

func TestWithdrawalStopsSharingAndKeepsEverything(t *testing.T) {
	c, clock := lkttest.Active(t)
	now := clock.Now()
	before := c.Snapshot()
	require.NoError(t, c.Do(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "We need a break."}))

	assert.Equal(t, lkt.Withdrawn, c.ConsentState(now))
	for _, p := range []lkt.Principal{lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician, lkttest.SystemWith("ehr", lkt.RightActInCommunities)} {
		assert.Equal(t, lkt.ConsentRequired, lkt.CodeOf(c.CanRead(p, now)), "%s must not read", p.ID)
		err := c.Do(p, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge"})
		assert.Equal(t, lkt.ConsentRequired, lkt.CodeOf(err), "%s must not write", p.ID)
	}
	assert.NoError(t, c.CanRead(lkttest.Patient, now), "the patient always reads")
	assert.NoError(t, c.CanRead(lkttest.Mother, now), "a representative always reads")

	after := c.Snapshot()
	assert.Equal(t, before.Members, after.Members, "nothing recorded is deleted")
	assert.Equal(t, before.Story, after.Story)
	assert.Equal(t, before.Holders, after.Holders)
	last := c.Pending()[len(c.Pending())-1]
	assert.Equal(t, "ConsentWithdrawn", last.Type(), "the withdrawal is itself recorded")
	assert.Equal(t, lkttest.Mother, last.By)
	assert.Contains(t, warningRules(c.Warnings(now)), lkt.RuleConsentWithdrawn)

	// Consent can be given again, and sharing resumes: on the mother's
	// word, with evidence dated after she withdrew.
	clock.Advance(time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: lkttest.MotherID, Evidence: lkttest.Evidence(clock.Now())}))
	assert.NoError(t, c.CanRead(lkttest.GP, clock.Now()))
	assert.Len(t, c.Snapshot().Consents, 2, "both consents are kept")
}

func TestMandatoryRoleSuccessorMustFit(t *testing.T) {
	c, clock := lkttest.Active(t)
	// A successor who does not fit is refused too.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-nurse", Name: "Home Nurse", Role: roles.HomeNursing}}))
	unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Successor: "m-nurse"})
	})

	// A fitting successor takes over in the same command.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-gp2", Name: "Anne Moe", Role: roles.GeneralPractitioner}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Successor: "m-gp2"}))
	h, _ := c.Holder(roles.GP)
	assert.Equal(t, actormap.ActorID("m-gp2"), h.ID)
	assert.Empty(t, c.VacantRoles(clock.Now()))
	old, _ := c.Member(lkttest.GPID)
	assert.Equal(t, actormap.Left, old.Status, "the old GP is kept, marked as left")
}

func TestCoordinatorSuccessorMustRenewAnchoring(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-ot", Name: "Lise Ek", Role: roles.OccupationalTherapist}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.CoordinatorID, Status: actormap.Left, Successor: "m-ot"}))
	m, ok := c.Mandate()
	require.True(t, ok)
	assert.Nil(t, m.Anchoring, "anchoring was with the old coordinator's line manager")
	assert.True(t, m.MayIntervene)
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), "mandate-not-anchored")
}

func TestLeavingHolderIsFlaggedAndVacantAfterTheDate(t *testing.T) {
	c, clock := lkttest.Active(t)
	leaving := lkttest.Start.AddDate(0, 1, 0)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Leaving, LeavingOn: &leaving}))
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), lkt.RuleMandatoryHolderLeaving)
	assert.Empty(t, c.VacantRoles(clock.Now()))
	assert.Equal(t, []roles.Code{roles.InternalCoordinator}, c.VacantRoles(leaving))
	assert.True(t, c.Summary(clock.Now()).VacantOn(leaving))
	assert.False(t, c.Summary(clock.Now()).VacantOn(clock.Now()))
}

func TestInDraftAHolderMayLeaveAndTheRoleFallsVacant(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	c := lkttest.NewBuilder().Without(lkttest.StepActivate).Build(t, cfg)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left}))
	assert.Equal(t, []roles.Code{roles.GP}, c.VacantRoles(lkttest.Start))
}

func TestMandatoryRolesNeedHoldersWhoFit(t *testing.T) {
	extra := []lkt.NewMember{
		{ID: "m-physio", Name: "Municipal Physio", Role: roles.Physiotherapist},
		{ID: "m-hosp-physio", Name: "Private Physician", Role: roles.PrivateServiceProvider, Sector: roles.MunicipalHealth},
		{ID: "m-psy", Name: "Psychologist", Role: roles.Psychologist},
		{ID: "m-home", Name: "Home nurse", Role: roles.HomeNursing},
		{ID: "m-aunt", Name: "Aunt", Role: roles.FamilyMember},
	}
	tests := []struct {
		name string
		cmd  lkt.Command
		code lkt.Code
		rule string
	}{
		{"GP must be a general practitioner", lkt.AssignRole{Role: roles.GP, MemberID: "m-physio"}, lkt.Invalid, "mandatory-role-fit"},
		{"contact clinician must work in specialist health", lkt.AssignRole{Role: roles.ContactClinician, MemberID: "m-hosp-physio"}, lkt.Invalid, "mandatory-role-fit"},
		{"contact clinician may be a psychologist", lkt.AssignRole{Role: roles.ContactClinician, MemberID: "m-psy"}, "", ""},
		{"internal coordinator must work in specialist health", lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: "m-home"}, lkt.Invalid, "mandatory-role-fit"},
		{"coordinator must be a professional", lkt.AppointCoordinator{MemberID: "m-aunt"}, lkt.Invalid, "mandatory-role-fit"},
		{"a municipal physiotherapist can coordinate", lkt.AppointCoordinator{MemberID: "m-physio"}, "", ""},
		{"one person holds one mandatory role", lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: lkttest.ContactPhysicianID}, lkt.Invalid, "one-mandatory-role-each"},
		{"the coordinator role is appointed, not assigned", lkt.AssignRole{Role: roles.CoordinatorLeader, MemberID: "m-physio"}, lkt.Invalid, ""},
		{"a non-member cannot hold a role", lkt.AssignRole{Role: roles.GP, MemberID: "nobody"}, lkt.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := lkttest.Active(t)
			for _, m := range extra {
				require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}))
			}
			if tt.code == "" {
				assert.NoError(t, c.Do(lkttest.Coordinator, tt.cmd))
				return
			}
			err := unchanged(t, c, tt.code, func() error { return c.Do(lkttest.Coordinator, tt.cmd) })
			if tt.rule != "" {
				assert.Equal(t, tt.rule, lkt.RuleOf(err))
			}
		})
	}
}

func TestStoryBelongsToThePatient(t *testing.T) {
	c, _ := lkttest.Active(t)
	first, _ := c.CurrentStory()

	unchanged(t, c, lkt.Forbidden, func() error {
		return c.Do(lkttest.GP, lkt.ReviseStory{GoodDay: "Sleeps well."})
	})
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ReviseStory{GoodDay: "Jonas says a good day has no pain at school.", OnBehalf: true, ToldBy: lkttest.PatientID,
		Evidence: &lkt.Evidence{Kind: lkt.Verbal, Date: lkttest.Start, Reference: "Home visit", Witness: "Kari Berg"}}))
	require.NoError(t, c.Do(lkttest.Patient, lkt.ReviseStory{GoodDay: "Gaming with friends after school, no pain."}))

	story := c.Story()
	require.Len(t, story, 3)
	assert.Equal(t, first, story[0], "earlier revisions are never overwritten")
	assert.True(t, story[1].OnBehalf)
	assert.Equal(t, lkttest.PatientID, story[1].ToldBy)
	assert.Equal(t, lkttest.Coordinator, story[1].AuthoredBy)
	assert.False(t, story[2].OnBehalf)
	assert.Equal(t, []int{1, 2, 3}, []int{story[0].No, story[1].No, story[2].No})

	// An integration not configured to record on behalf never writes it.
	unchanged(t, c, lkt.Forbidden, func() error {
		return c.Do(lkttest.SystemWith("ehr", lkt.RightActInCommunities), lkt.ReviseStory{GoodDay: "x", OnBehalf: true, ToldBy: lkttest.PatientID, Evidence: lkttest.Evidence(lkttest.Start)})
	})
	// On behalf of someone who cannot speak for the patient: refused.
	unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.ReviseStory{GoodDay: "x", OnBehalf: true, ToldBy: lkttest.ContactPhysicianID, Evidence: lkttest.Evidence(lkttest.Start)})
	})
}

func TestOutsidersAreForbidden(t *testing.T) {
	c, clock := lkttest.Active(t)
	cmds := []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.School}},
		lkt.ReviseStory{GoodDay: "x"},
		lkt.GiveConsent{GivenBy: lkttest.PatientID},
		lkt.WithdrawConsent{WithdrawnBy: lkttest.PatientID},
		lkt.Close{Reason: "x"},
		lkt.AddMember{}, // invalid input too: an outsider learns nothing but "forbidden"
	}
	for _, cmd := range cmds {
		unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkttest.Outsider, cmd) })
	}
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(c.CanRead(lkttest.Outsider, clock.Now())))
	// A member who has left is an outsider from then on.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-teacher", Name: "Teacher", Role: roles.School}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: "m-teacher", Status: actormap.Left}))
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(c.CanRead(lkt.Person("m-teacher"), clock.Now())))
}

func TestBadInputIsInvalidAndNamesTheField(t *testing.T) {
	leavingPast := lkttest.Start.AddDate(0, 0, -1)
	tests := []struct {
		name  string
		cmd   lkt.Command
		field string
	}{
		{"empty member name", lkt.AddMember{Member: lkt.NewMember{ID: "x", Role: roles.School}}, "member.name"},
		{"unknown role code", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: "wizard"}}, "member.role"},
		{"unknown sector", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.School, Sector: "space"}}, "member.sector"},
		{"mandatory role as own role", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.GP}}, "member.role"},
		{"bad e-mail", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.School, Contact: actormap.Contact{Email: "not-mail"}}}, "member.contact.email"},
		{"bad HPR number", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.GeneralPractitioner, HPR: "1234567"}}, "member.hpr"},
		{"bad organisation number", lkt.AddMember{Member: lkt.NewMember{ID: "x", Name: "X", Role: roles.School, OrgNumber: "123456789"}}, "member.orgNumber"},
		{"oversized story", lkt.ReviseStory{GoodDay: strings.Repeat("a", lkt.MaxText+1), OnBehalf: true, ToldBy: lkttest.PatientID}, "goodDay"},
		{"empty story", lkt.ReviseStory{OnBehalf: true, ToldBy: lkttest.PatientID}, "goodDay"},
		{"leaving date in the past", lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Leaving, LeavingOn: &leavingPast}, "leavingOn"},
		{"leaving without a date", lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Leaving}, "leavingOn"},
		{"unknown status", lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: "gone"}, "status"},
		{"anchoring before the mandate", lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "E", Organisation: "O"}, AcknowledgedOn: lkttest.Start.AddDate(-1, 0, 0)}, "acknowledgedOn"},
		{"anchoring in the future", lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "E", Organisation: "O"}, AcknowledgedOn: lkttest.Start.AddDate(0, 0, 2)}, "acknowledgedOn"},
		{"anchoring without a manager", lkt.AnchorMandate{AcknowledgedOn: lkttest.Start}, "lineManager.name"},
		{"consent in the future", lkt.GiveConsent{GivenBy: lkttest.MotherID, GivenAt: lkttest.Start.Add(time.Hour), Evidence: lkttest.Evidence(lkttest.Start)}, "givenAt"},
		{"unknown inclusion criterion", lkt.RecordInclusion{Criterion: "vibes"}, "criterion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := lkttest.Active(t)
			err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, tt.cmd) })
			assert.Equal(t, tt.field, lkt.FieldOf(err), "error: %v", err)
			assert.NotEmpty(t, lkt.MessageOf(err, roles.Bokmal))
			assert.NotEqual(t, lkt.MessageOf(err, roles.English), lkt.MessageOf(err, roles.Bokmal), "messages in both languages")
		})
	}
}

func TestCreateRefusesBadPatients(t *testing.T) {
	cfg := lkttest.Config(lkttest.NewClock(lkttest.Start))
	tests := []struct {
		name  string
		edit  func(*lkt.NewCommunity)
		field string
	}{
		{"empty name", func(n *lkt.NewCommunity) { n.Patient.Name = "" }, "patient.name"},
		{"impossible identity number", func(n *lkt.NewCommunity) { n.Patient.NationalID = "31029912345" }, "patient.nationalId"},
		{"birth date disagrees with identity number", func(n *lkt.NewCommunity) { n.Patient.BirthDate = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) }, "patient.birthDate"},
		{"no birth date at all", func(n *lkt.NewCommunity) { n.Patient.NationalID = "" }, "patient.birthDate"},
		{"birth in the future", func(n *lkt.NewCommunity) {
			n.Patient.NationalID, n.Patient.BirthDate = "", lkttest.Start.AddDate(1, 0, 0)
		}, "patient.birthDate"},
		{"no founder", func(n *lkt.NewCommunity) { n.Founder = nil }, "founder"},
		{"founder with a relative's role", func(n *lkt.NewCommunity) { n.Founder.Role = roles.NextOfKin }, "founder.role"},
		{"missing municipality", func(n *lkt.NewCommunity) { n.Municipality = "" }, "municipality"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := lkttest.NewBuilder().New()
			f := *in.Founder
			in.Founder = &f
			tt.edit(&in)
			_, err := lkt.Create(cfg, lkttest.Coordinator, in)
			require.Error(t, err)
			assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "%v", err)
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
		})
	}
}

func TestSyntheticNumbersOnlyWhenConfiguredForTesting(t *testing.T) {
	prod := lkt.Config{Clock: lkttest.NewClock(lkttest.Start)}
	_, err := lkt.Create(prod, lkttest.Coordinator, lkttest.NewBuilder().New())
	require.Error(t, err)
	assert.Equal(t, "patient.nationalId", lkt.FieldOf(err))
	assert.Contains(t, err.Error(), "synthetic")
}

func TestLifecycle(t *testing.T) {
	c, _ := lkttest.Active(t)
	unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.Activate{}) })
	unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.Resume{}) })
	unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, lkt.Pause{}) })
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "Jonas is abroad for the summer."}))
	assert.Equal(t, lkt.Paused, c.Status())
	require.NoError(t, c.Do(lkttest.Mother, lkt.Resume{}))
	assert.Equal(t, lkt.Active, c.Status())
	require.NoError(t, c.Do(lkttest.Patient, lkt.Close{Reason: "Moved to another county."}))
	assert.Equal(t, lkt.Closed, c.Status())
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.Pause{Reason: "x"}) })
	assert.Equal(t, "community-closed", lkt.RuleOf(err))
	// Only professionals activate; a relative who is not a representative
	// may not pause.
	c2, _ := lkttest.Active(t)
	require.NoError(t, c2.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-aunt", Name: "Aunt", Role: roles.FamilyMember}}))
	unchanged(t, c2, lkt.Forbidden, func() error { return c2.Do(lkt.Person("m-aunt"), lkt.Pause{Reason: "x"}) })
}

func TestEveryChangeRecordsATypedEvent(t *testing.T) {
	c, _ := lkttest.Active(t)
	evs := c.Pending()
	require.NotEmpty(t, evs)
	assert.Equal(t, "CommunityCreated", evs[0].Type())
	assert.Equal(t, "CommunityActivated", evs[len(evs)-1].Type())
	for i, e := range evs {
		assert.Equal(t, int64(i+1), e.Seq)
		assert.Equal(t, lkttest.Start, e.At)
		assert.NotEmpty(t, e.By.ID)
	}
	c.MarkSaved()
	assert.Equal(t, int64(len(evs)), c.Version())
	assert.Empty(t, c.Pending())
}

func TestActorMapShowsTheCommunity(t *testing.T) {
	c, clock := lkttest.Active(t)
	m := c.ActorMap(clock.Now())
	assert.Equal(t, "Jonas Berg", m.Patient)
	assert.Len(t, m.Actors, 5)
	assert.Empty(t, m.Vacant())
	assert.Equal(t, lkttest.GPID, m.Holders[roles.GP])
}
