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
		{name: "a next of kin is imported after the withdrawal", world: active(withdrawn), by: lkt.System("ehr"),
			cmd:  lkt.ImportMembers{Source: "EHR", Members: []lkt.ImportedMember{{Member: nextOfKin}}},
			code: lkt.ConsentRequired, rule: lkt.RuleNothingAddedWhileWithdrawn},
	}
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
