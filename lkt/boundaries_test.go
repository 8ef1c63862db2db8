package lkt_test

// Tests at the edges of the community's rules: each fails when a
// comparison in a rule is negated or its boundary moved by one (issue
// 16.10; found by mutation testing, see the README).

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// § 4-6 is for adults: on the 18th birthday the patient is one.
func TestCareDecisionOnThe18thBirthday(t *testing.T) {
	svc, _, clock := newService(t)
	bornOn(clock.Now().AddDate(-lkt.AdultAge, 0, 0))(t, svc, clock)
	c, err := svc.Do(context.Background(), lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, careDecree)
	require.NoError(t, err)
	assert.Equal(t, lkt.CareDecided, c.ConsentState(clock.Now()))
}

// A legal representative consents for a patient of 16 or more only when
// the patient lacks capacity; for a younger patient they consent.
func TestLegalRepresentativeConsentFrom16(t *testing.T) {
	for _, tt := range []struct {
		name  string
		birth time.Time
		rule  string
	}{
		{"16 today", lkttest.Start.AddDate(-lkt.HealthMajorityAge, 0, 0), "consent-representative"},
		{"16 tomorrow", lkttest.Start.AddDate(-lkt.HealthMajorityAge, 0, 1), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := lkttest.NewBuilder().New()
			in.Patient.NationalID, in.Patient.BirthDate = "", tt.birth
			c, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, in)
			require.NoError(t, err)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: guardian()}))
			give := func() error {
				return c.Do(lkttest.Coordinator, lkt.GiveConsent{GivenBy: "m-verge", Evidence: lkttest.Evidence(lkttest.Start)})
			}
			if tt.rule == "" {
				require.NoError(t, give())
				k, _ := c.Consent()
				assert.Equal(t, lkt.GrantedByRepresentative, k.Grantor)
				return
			}
			err = unchanged(t, c, lkt.PreconditionFailed, give)
			assert.Equal(t, tt.rule, lkt.RuleOf(err))
		})
	}
}

// A birth date 130 years ago is accepted, 131 years ago is not.
func TestPatientAgeUpTo130(t *testing.T) {
	for years, ok := range map[int]bool{130: true, 131: false} {
		in := lkttest.NewBuilder().New()
		in.Patient.NationalID, in.Patient.BirthDate = "", lkttest.Start.AddDate(-years, 0, 0)
		_, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, in)
		if ok {
			assert.NoError(t, err, "%d years", years)
			continue
		}
		assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "%d years", years)
		assert.Equal(t, "patient.birthDate", fieldOf(err))
	}
}

func fieldOf(err error) string {
	var e *lkt.Error
	if !errors.As(err, &e) {
		return ""
	}
	return e.Field
}

// Every member is found, the first one included: a second member with the
// founder's id is refused, and the founder's own details can be updated.
func TestTheFirstMemberIsAMemberToo(t *testing.T) {
	c, _ := lkttest.Active(t)
	first := c.Members()[0]
	err := unchanged(t, c, lkt.Conflict, func() error {
		return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: first.ID, Name: "Someone Else", Role: roles.NextOfKin}})
	})
	assert.Equal(t, "member-exists", lkt.RuleOf(err))

	require.NoError(t, c.Do(lkttest.Coordinator, lkt.UpdateMember{MemberID: first.ID, Name: first.Name + " Berg"}))
	m, ok := c.Member(first.ID)
	require.True(t, ok)
	assert.Equal(t, first.Name+" Berg", m.Name)
}

// A community has at most MaxMembers members: the last one fits.
func TestMaxMembersIsTheLastThatFits(t *testing.T) {
	c, _ := lkttest.Active(t)
	for i := len(c.Members()); i < lkt.MaxMembers; i++ {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{
			ID: actormap.ActorID(fmt.Sprintf("m-%d", i)), Name: "Relative Number", Role: roles.NextOfKin}}), "member %d", i)
	}
	require.Len(t, c.Members(), lkt.MaxMembers)
	err := unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-one-too-many", Name: "Relative Number", Role: roles.NextOfKin}})
	})
	assert.Equal(t, "too-many-members", lkt.RuleOf(err))
}

// Relatives belong to the private network whatever sector is given.
func TestARelativeIsInThePrivateNetwork(t *testing.T) {
	c, _ := lkttest.Active(t)
	err := unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-aunt", Name: "Aunt Berg", Role: roles.NextOfKin, Sector: roles.Education}})
	})
	assert.Equal(t, "member.sector", fieldOf(err))
}

// The first party's acceptance, like any other, is recorded once.
func TestTheFirstAcceptanceIsNotRecordedTwice(t *testing.T) {
	c, _ := lkttest.NewBuilder().WithPlan().Without(lkttest.StepAgreePlan).Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start))), 0
	rev, ok := c.PlanRevision(1)
	require.True(t, ok)
	first := rev.Acceptances[0].Party
	require.Equal(t, plan.MemberID(lkttest.MotherID), first.Member)
	err := unchanged(t, c, lkt.PreconditionFailed, func() error {
		return c.Do(lkttest.Mother, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.MotherID})
	})
	assert.Equal(t, "already-accepted", lkt.RuleOf(err))
}

// A mandatory role held by nobody is warned about in an active community;
// a draft shows what is missing in its readiness instead.
func TestVacantRoleWarningsOnlyOnceActive(t *testing.T) {
	draft, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, lkttest.NewBuilder().New())
	require.NoError(t, err)
	require.NotEmpty(t, draft.VacantRoles(lkttest.Start))
	assert.NotContains(t, warningRules(draft.Warnings(lkttest.Start)), lkt.RuleMandatoryRoleVacant)

	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Reason: "moved"}))
	assert.Contains(t, warningRules(c.Warnings(clock.Now())), lkt.RuleMandatoryRoleVacant)
}

// Filling one vacant role keeps the date the other fell vacant.
func TestFillingOneRoleKeepsTheOthersVacancyDate(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Left, Reason: "moved"}))
	clock.Advance(24 * time.Hour)
	left := clock.Now()
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.ContactPhysicianID, Status: actormap.Left, Reason: "retired"}))
	clock.Advance(24 * time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-new-gp", Name: "Nils Lege", Role: roles.GeneralPractitioner,
		Organisation: "Os legesenter"}}))
	require.NoError(t, c.Do(lkttest.Mother, lkt.AssignRole{Role: roles.GP, MemberID: "m-new-gp"}))
	since, vacant := c.VacantSince(roles.ContactClinician, clock.Now())
	require.True(t, vacant)
	assert.Equal(t, left, since)
}

// Each inclusion criterion is met by its own record only.
func TestInclusionCriteriaAreMetOneByOne(t *testing.T) {
	c := lkttest.NewBuilder().Without(lkttest.StepInclusion, lkttest.StepActivate).Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	all := lkt.Criteria()
	require.Len(t, all, 3)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordInclusion{Criterion: all[1]}))
	assert.Equal(t, []lkt.Criterion{all[0], all[2]}, c.MissingInclusion())
}

// A line in the plan between someone else and the mother is not the
// coordinator's contact.
func TestAPlanLineOfAnotherMemberIsNotTheCoordinatorsContact(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	b := lkttest.NewBuilder().WithPlan()
	c, err := lkt.Create(lkttest.Config(clock), lkttest.Coordinator, b.New())
	require.NoError(t, err)
	for _, st := range b.Steps(clock.Now()) {
		if d, ok := st.Cmd.(lkt.DraftPlan); ok {
			var keep []plan.Line
			for _, l := range d.Sections.Communication.Lines {
				if l.From != plan.MemberID(lkttest.CoordinatorID) {
					keep = append(keep, l)
				}
			}
			d.Sections.Communication.Lines = keep
			st.Cmd = d
		}
		require.NoError(t, c.Do(st.By, st.Cmd), st.Name)
	}
	later := lkttest.Start.AddDate(0, 0, lkt.CoordinatorContactWithinDays+1)
	assert.Len(t, filterRules(c.Warnings(later), lkt.RuleCoordinatorClose), 1)
}

// The indicator facts: a community without consent has no consent date;
// an activity done has its time, the evaluation and activity still open
// on the agenda count as not done, each as what it is.
func TestQualityFactsOfActivitiesAndEvaluations(t *testing.T) {
	draft, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, lkttest.NewBuilder().New())
	require.NoError(t, err)
	assert.True(t, draft.QualityFacts(lkttest.Start).ConsentGivenAt.IsZero())

	c, clock := lkttest.WithAgreedPlan(t)
	due := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	at := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	f := c.QualityFacts(at)
	require.Len(t, f.Evaluations, 1)
	require.Len(t, f.Activities, 1)
	assert.Equal(t, due, f.Evaluations[0].Due)
	assert.Equal(t, due, f.Activities[0].Due)
	assert.True(t, f.Activities[0].Done.IsZero())

	clock.Set(due.Add(-24 * time.Hour))
	require.NoError(t, c.Do(lkttest.Teacher, lkt.RecordActivity{Ref: "school-meeting@2026-06-02T09:00:00Z", Outcome: plan.Done}))
	f = c.QualityFacts(at)
	require.Len(t, f.Activities, 1)
	assert.Equal(t, due.Add(-24*time.Hour), f.Activities[0].Done)
}

// relatives adds n relatives to c and returns their ids.
func relatives(t *testing.T, c *lkt.Community, n int) []actormap.ActorID {
	t.Helper()
	var ids []actormap.ActorID
	for i := range n {
		id := actormap.ActorID(fmt.Sprintf("m-rel-%d", i))
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: id, Name: "Relative Number", Role: roles.NextOfKin}}))
		ids = append(ids, id)
	}
	return ids
}

// The actor map's limits: the last line, situation and perspective that
// fit are accepted, the next refused; a situation or perspective already
// there, the first one included, is replaced, not added, even at the limit.
func TestActorMapLimitsAndReplacingTheFirst(t *testing.T) {
	t.Run("ties", func(t *testing.T) {
		c, _ := lkttest.Active(t)
		ids := relatives(t, c, 30)
		channels := []actormap.Channel{actormap.Meeting, actormap.Phone, actormap.Message, actormap.Video, actormap.Letter, actormap.InPerson}
		n := len(c.ActorMap(lkttest.Start).Ties)
	fill:
		for _, ch := range channels {
			for i := range ids {
				for j := i + 1; j < len(ids); j++ {
					if n == lkt.MaxTies {
						break fill
					}
					require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: ids[i], To: ids[j], Channel: ch}}))
					n++
				}
			}
		}
		err := unchanged(t, c, lkt.PreconditionFailed, func() error {
			return c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: ids[0], To: lkttest.PatientID, Channel: actormap.OtherChannel, About: "postcards"}})
		})
		assert.Equal(t, "too-many-ties", lkt.RuleOf(err))

		first := c.ActorMap(lkttest.Start).Ties[0]
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RemoveTie{From: first.From, To: first.To, Channel: first.Channel}))
		assert.Len(t, c.ActorMap(lkttest.Start).Ties, lkt.MaxTies-1)
	})
	t.Run("situations", func(t *testing.T) {
		c, _ := lkttest.Active(t)
		place := func(name string, ring actormap.Proximity) error {
			return c.Do(lkttest.Coordinator, lkt.PlaceActors{Situation: actormap.Situation{Name: name,
				Placements: []actormap.Placement{{Actor: lkttest.GPID, Proximity: ring}}}})
		}
		for i := range lkt.MaxSituations {
			require.NoError(t, place(fmt.Sprintf("situation %d", i), 1))
		}
		err := unchanged(t, c, lkt.PreconditionFailed, func() error { return place("one too many", 1) })
		assert.Equal(t, "too-many-situations", lkt.RuleOf(err))
		require.NoError(t, place("situation 0", 2))
		sits := c.ActorMap(lkttest.Start).Situations
		require.Len(t, sits, lkt.MaxSituations)
		assert.Equal(t, actormap.Proximity(2), sits[0].Placements[0].Proximity)
	})
	t.Run("perspectives", func(t *testing.T) {
		c, _ := lkttest.Active(t)
		ids := relatives(t, c, lkt.MaxPerspectives+1)
		see := func(owner actormap.ActorID, known actormap.ActorID) error {
			return c.Do(lkttest.Coordinator, lkt.RecordPerspective{Perspective: actormap.Perspective{Owner: owner, Known: []actormap.Seen{{Actor: known}}}})
		}
		for _, id := range ids[:lkt.MaxPerspectives] {
			require.NoError(t, see(id, lkttest.GPID))
		}
		err := unchanged(t, c, lkt.PreconditionFailed, func() error { return see(ids[lkt.MaxPerspectives], lkttest.GPID) })
		assert.Equal(t, "too-many-perspectives", lkt.RuleOf(err))
		require.NoError(t, see(ids[0], lkttest.MotherID))
		ps := c.ActorMap(lkttest.Start).Perspectives
		require.Len(t, ps, lkt.MaxPerspectives)
		assert.Equal(t, lkttest.MotherID, ps[0].Known[0].Actor)
	})
}

// Community ids: the ends of each allowed range, and the characters just
// outside them; 1 to MaxIDLength characters.
func TestValidIDAtTheEndsOfItsRanges(t *testing.T) {
	for _, ok := range []string{"a", "z", "A", "Z", "0", "9", "a.b_c-d", strings.Repeat("x", lkt.MaxIDLength)} {
		assert.True(t, lkt.ValidID(lkt.ID(ok)), "%q", ok)
	}
	for _, bad := range []string{"", "`", "{", "@", "[", "/", ":", "-a", strings.Repeat("x", lkt.MaxIDLength+1)} {
		assert.False(t, lkt.ValidID(lkt.ID(bad)), "%q", bad)
	}
}

// A name holds no character that reorders text (U+202A–U+202E,
// U+2066–U+2069, the ends included), and no text holds invalid UTF-8.
func TestNamesRefuseReorderingAndBrokenText(t *testing.T) {
	c, _ := lkttest.Active(t)
	for _, name := range []string{"Eva\u202ANes", "Eva\u202ENes", "Eva\u2066Nes", "Eva\u2069Nes", "Eva\x80Nes", "Eva\xffNes", "\x80", "\xff\xfe"} {
		err := unchanged(t, c, lkt.Invalid, func() error {
			return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-eva", Name: name, Role: roles.NextOfKin}})
		})
		assert.Equal(t, "member.name", fieldOf(err), "%q", name)
	}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-eva", Name: "Eva Nes", Role: roles.NextOfKin}}))
}

// Free text holds up to MaxText characters.
func TestTextUpToMaxText(t *testing.T) {
	c, clock := lkttest.Active(t)
	meeting := func(notes string) lkt.RecordMeeting {
		return lkt.RecordMeeting{Held: clock.Now(), Title: "Home visit", Attended: []actormap.ActorID{lkttest.CoordinatorID, lkttest.MotherID}, Notes: notes}
	}
	err := unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, meeting(strings.Repeat("å", lkt.MaxText+1)))
	})
	assert.Equal(t, "notes", fieldOf(err))
	require.NoError(t, c.Do(lkttest.Coordinator, meeting(strings.Repeat("å", lkt.MaxText))))
}

// An idempotency key is 1 to MaxIdempotencyKey printable ASCII
// characters, '!' to '~'.
func TestIdempotencyKeyAtTheEnds(t *testing.T) {
	for _, ok := range []string{"!", "~", "a", strings.Repeat("k", lkt.MaxIdempotencyKey)} {
		assert.True(t, lkt.ValidIdempotencyKey(ok), "%q", ok)
	}
	for _, bad := range []string{"", " ", "\x7f", "k k", "nøkkel", strings.Repeat("k", lkt.MaxIdempotencyKey+1)} {
		assert.False(t, lkt.ValidIdempotencyKey(bad), "%q", bad)
	}
}

// A key is remembered for IdempotencyWindow: at its end the same request
// is a new command.
func TestIdempotencyWindowEnds(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	meeting := lkt.RecordMeeting{Held: lkttest.Start, Title: "Home visit", Attended: []actormap.ActorID{lkttest.CoordinatorID, lkttest.MotherID}}
	_, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, "k-1", meeting)
	require.NoError(t, err)
	require.False(t, replayed)

	clock.Advance(lkt.IdempotencyWindow - time.Second)
	_, replayed, err = svc.DoOnce(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, "k-1", meeting)
	require.NoError(t, err)
	assert.True(t, replayed, "within the window")

	clock.Advance(time.Second)
	again, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, "k-1", meeting)
	require.NoError(t, err)
	assert.False(t, replayed, "at the window's end")
	assert.Len(t, again.Execution().Meetings, 2)
}

// The service's answers keep their codes: a community id taken, a second
// open community for one patient, an unknown id, a stale version.
func TestServiceConflictsAndNotFoundKeepTheirCodes(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)

	_, err := svc.Create(ctx, lkttest.Coordinator, lkttest.NewBuilder().New())
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))
	assert.Equal(t, lkt.RuleCommunityExists, lkt.RuleOf(err), "the same id")

	second := lkttest.NewBuilder().WithID("c-jonas-2").New()
	second.Patient = lkttest.NewBuilder().New().Patient
	_, err = svc.Create(ctx, lkttest.Coordinator, second)
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))
	assert.Equal(t, lkt.RuleOneOpenCommunity, lkt.RuleOf(err), "the same patient")

	_, err = svc.Get(ctx, lkttest.Coordinator, "c-nobody")
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err))

	meeting := lkt.RecordMeeting{Held: lkttest.Start, Title: "Home visit", Attended: []actormap.ActorID{lkttest.CoordinatorID, lkttest.MotherID}}
	_, err = svc.Do(ctx, lkttest.Coordinator, c.ID(), c.Version(), meeting)
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Coordinator, c.ID(), c.Version(), meeting)
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))
	assert.Equal(t, lkt.RuleStaleVersion, lkt.RuleOf(err))
}

// Listing communities is a read of each listed, and audited as one.
func TestListingIsAudited(t *testing.T) {
	ctx := context.Background()
	svc, store, _, c := seeded(t)
	before, err := store.Audit(ctx, c.ID(), 0, 1000)
	require.NoError(t, err)
	page, err := svc.List(ctx, lkttest.Coordinator, lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	after, err := store.Audit(ctx, c.ID(), 0, 1000)
	require.NoError(t, err)
	require.Len(t, after, len(before)+1)
	last := after[len(after)-1]
	assert.Equal(t, "List", last.Operation)
	assert.Equal(t, lkt.Read, last.Action)
	assert.Equal(t, lkttest.CoordinatorID, last.By.ID)
}

// Only an open community holds its patient's key.
func TestAClosedCommunityHoldsNoPatientKey(t *testing.T) {
	s := lkt.Save{Snapshot: lkt.Snapshot{Status: lkt.Active, Patient: lkt.Patient{NationalID: "15076500565"}}}
	assert.Equal(t, "15076500565", s.OpenPatient())
	s.Snapshot.Status = lkt.Closed
	assert.Empty(t, s.OpenPatient())
}

// A record of a stay's meeting names the plan's activity it fulfils.
func TestARecordedObligationNamesItsActivity(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	admitted := clock.Now().AddDate(0, 0, 20)
	require.NoError(t, c.Do(lkttest.InternalCoordinator, lkt.RecordAdmission{At: admitted, Planned: true}))
	ob := c.Pending()[len(c.Pending())-1].Data.(lkt.AdmissionRecorded).Obligations[0]
	require.Contains(t, ob.Ref, "#")
	require.NoError(t, c.Do(lkttest.InternalCoordinator, lkt.RecordActivity{Ref: ob.Ref, Outcome: plan.Done}))
	recs := c.Execution().Records
	assert.Equal(t, ob.Activity, recs[len(recs)-1].Activity)
}

// An import's refusal keeps the field of the member's own refusal under
// the member's place in the import, and adds none to a refusal of the
// whole command.
func TestImportRefusalsKeepTheirFields(t *testing.T) {
	c, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, lkttest.NewBuilder().New())
	require.NoError(t, err)
	gp := lkttest.Members()[1]
	err = unchanged(t, c, lkt.ConsentRequired, func() error {
		return c.Do(lkttest.Coordinator, lkt.ImportMembers{Members: []lkt.ImportedMember{{Member: gp}}})
	})
	assert.Empty(t, fieldOf(err), "no consent is no member's fault")

	bad := gp
	bad.Name = "Per\x00"
	err = unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.ImportMembers{Members: []lkt.ImportedMember{{Member: lkttest.Members()[0]}, {Member: bad}}})
	})
	assert.Contains(t, fieldOf(err), "members[1]")
}

// A representative's notice names the authority that appointed them.
func TestARepresentativesNoticeNamesTheAuthority(t *testing.T) {
	in := lkttest.NewBuilder().New()
	in.Patient.NationalID, in.Patient.BirthDate = "", time.Date(1941, 5, 1, 0, 0, 0, 0, time.UTC)
	c, err := lkt.Create(lkttest.Config(lkttest.NewClock(lkttest.Start)), lkttest.Coordinator, in)
	require.NoError(t, err)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: guardian()}))
	notices := c.PatientNotices()
	last := notices[len(notices)-1]
	require.Equal(t, "representative-added", last.Kind)
	for _, text := range []string{last.Message.EN, last.Message.NB, last.Message.NN} {
		assert.Contains(t, text, guardian().Basis.Authority)
	}
}

// TestStaleVersionIsNotToldToWhoMayNotWrite: someone who may not change
// the community is refused as such, whatever version they name; a stale
// version would tell them the version the community is at.
func TestStaleVersionIsNotToldToWhoMayNotWrite(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	cmd := lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge"}
	for _, expected := range []int64{c.Version(), c.Version() + 7, 1} {
		_, err := svc.Do(ctx, lkttest.Outsider, c.ID(), expected, cmd)
		assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err), "version %d: %v", expected, err)
		assert.NotContains(t, err.Error(), strconv.FormatInt(c.Version(), 10), "version %d", expected)
	}
	_, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), c.Version()+7, cmd)
	assert.Equal(t, lkt.RuleStaleVersion, lkt.RuleOf(err), "who may write still hears it is stale")
}
