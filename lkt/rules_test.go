package lkt_test

import (
	"slices"
	"strings"
	"time"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Activation means something (issue 16.3): what binds or sets the plan in
// motion needs an active community, so the inclusion criteria of report
// 8.3 cannot be skipped, and a paused collaboration is on hold.
func TestOnlyAnActiveCommunityAgreesPhasesAndStays(t *testing.T) {
	day := lkttest.Start.AddDate(0, 0, 1)
	open := func(t *testing.T, c *lkt.Community) {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordAdmission{At: day, Planned: true}))
	}
	tests := []struct {
		name  string
		build func(t *testing.T) *lkt.Community
		cmd   lkt.Command
	}{
		{"agreeing a plan in a draft", func(t *testing.T) *lkt.Community {
			// The plan drafted and accepted by everyone, the community never activated.
			return lkttest.NewBuilder().WithPlan().Without(lkttest.StepActivate, lkttest.StepAgreePlan).
				Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start)))
		}, lkt.AgreePlan{Revision: 1}},
		{"agreeing a plan while paused", func(t *testing.T) *lkt.Community {
			c, _ := drafted(t)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "abroad for a term"}))
			return c
		}, lkt.AgreePlan{Revision: 1}},
		{"setting a phase while paused", pausedWithPlan(nil), lkt.SetPhase{Phase: plan.Red, Reason: "pain"}},
		{"recording an admission while paused", pausedWithPlan(nil), lkt.RecordAdmission{At: day, Planned: true}},
		{"recording a discharge while paused", pausedWithPlan(open), lkt.RecordDischarge{At: day.AddDate(0, 0, 5), Planned: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t)
			err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, tt.cmd) })
			assert.Equal(t, lkt.RuleCommunityActive, lkt.RuleOf(err), "%v", err)
		})
	}
}

// pausedWithPlan builds the fixture with its agreed plan, runs then (if
// any) and pauses it.
func pausedWithPlan(then func(*testing.T, *lkt.Community)) func(t *testing.T) *lkt.Community {
	return func(t *testing.T) *lkt.Community {
		c, _ := lkttest.WithAgreedPlan(t)
		if then != nil {
			then(t, c)
		}
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.Pause{Reason: "abroad for a term"}))
		return c
	}
}

// Agreeing and activating share one list of what it takes to bind.
func TestAgreeingChecksWhatActivationChecks(t *testing.T) {
	c, clock := drafted(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID}))
	assert.Contains(t, warningRules(c.Readiness(clock.Now())), lkt.RuleMandateNotAnchored)
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	assert.Equal(t, lkt.RuleMandateNotAnchored, lkt.RuleOf(err))
}

// A planned admission before any plan is agreed sets the framework's
// meetings in motion (issue 16.4): the boy of 15's operation must not
// again come without a meeting before it and before discharge.
func TestStaysMakeTheFrameworksMeetingsDueWithOrWithoutAPlan(t *testing.T) {
	admitted := lkttest.Start.AddDate(0, 0, 14)
	expected := admitted.AddDate(0, 0, 6)
	ic, coord := plan.MemberID(lkttest.InternalCoordinatorID), plan.MemberID(lkttest.CoordinatorID)
	type meeting struct {
		activity    string
		responsible plan.MemberID
		due         time.Time
	}
	tests := []struct {
		name  string
		build func(t *testing.T) *lkt.Community
		cmd   lkt.RecordAdmission
		want  []meeting
	}{
		{"planned, no plan yet", activeOnly, lkt.RecordAdmission{At: admitted, Planned: true, ExpectedDischarge: &expected}, []meeting{
			{"framework:before-elective-admission", ic, admitted}, {"framework:before-discharge", ic, expected}}},
		{"unplanned, no plan yet: the meeting before discharge", activeOnly, lkt.RecordAdmission{At: lkttest.Start}, []meeting{
			{"framework:before-discharge", ic, lkttest.Start.AddDate(0, 0, plan.DischargeMeetingWithinDays)}}},
		{"the internal coordinator gone: the coordinator owns them", func(t *testing.T) *lkt.Community {
			c := activeOnly(t)
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.InternalCoordinatorID, Status: actormap.Left}))
			return c
		}, lkt.RecordAdmission{At: admitted, Planned: true}, []meeting{
			{"framework:before-elective-admission", coord, admitted},
			{"framework:before-discharge", coord, admitted.AddDate(0, 0, plan.DischargeMeetingWithinDays)}}},
		{"the plan in force's own meetings, not the framework's twice", func(t *testing.T) *lkt.Community {
			c, _ := lkttest.WithAgreedPlan(t)
			return c
		}, lkt.RecordAdmission{At: admitted, Planned: true, ExpectedDischarge: &expected}, []meeting{
			{"before-admission", ic, admitted}, {"before-discharge", ic, expected}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.build(t)
			require.NoError(t, c.Do(lkttest.Coordinator, tt.cmd))
			var got []meeting
			for _, o := range c.Execution().Obligations {
				got = append(got, meeting{o.Activity, o.Responsible, o.Due})
			}
			assert.Equal(t, tt.want, got)
			items := c.Agenda(lkttest.Start, admitted.AddDate(0, 1, 0))
			for _, o := range c.Execution().Obligations {
				i := slices.IndexFunc(items, func(it plan.Item) bool { return it.Ref == o.Ref })
				require.GreaterOrEqual(t, i, 0, "%s is on the agenda", o.Ref)
				if strings.HasPrefix(o.Activity, plan.FrameworkActivity) {
					require.NotNil(t, items[i].Message)
					assert.NotEmpty(t, items[i].Message.NN, "the framework's meeting is named in nynorsk too")
				}
			}
		})
	}
	t.Run("a meeting held fulfils the framework's meeting", func(t *testing.T) {
		c := activeOnly(t)
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordAdmission{At: admitted, Planned: true}))
		ref := c.Execution().Obligations[0].Ref
		require.NoError(t, c.Do(lkttest.InternalCoordinator, lkt.RecordMeeting{Held: lkttest.Start, Title: "Before the operation",
			Attended: []actormap.ActorID{lkttest.MotherID, lkttest.InternalCoordinatorID}, Fulfils: ref}))
		assert.False(t, slices.ContainsFunc(c.Agenda(lkttest.Start, admitted.AddDate(0, 1, 0)), func(it plan.Item) bool { return it.Ref == ref }))
	})
}

func activeOnly(t *testing.T) *lkt.Community {
	c, _ := lkttest.Active(t)
	return c
}

// Risks reach people (issue 16.8): the actor map's risks stand in
// Warnings, and a lifebuoy with no transition for them is a plan gap.
func TestActorMapRisksAreWarnings(t *testing.T) {
	tie := func(a, b actormap.ActorID, planned bool) actormap.Tie {
		return actormap.Tie{From: a, To: b, Channel: actormap.Phone, Planned: planned}
	}
	p, mo, co, gp, cp, ic := lkttest.PatientID, lkttest.MotherID, lkttest.CoordinatorID, lkttest.GPID, lkttest.ContactPhysicianID, lkttest.InternalCoordinatorID
	// everyone linked to the patient's side and to the coordinator more than one way
	sound := []actormap.Tie{tie(p, mo, false), tie(p, co, false), tie(mo, co, false), tie(co, gp, false), tie(co, cp, false),
		tie(co, ic, false), tie(p, gp, false), tie(mo, cp, false), tie(mo, ic, false)}
	tests := []struct {
		name  string
		ties  []actormap.Tie
		tone  bool // add Tone of the autism team
		rule  string
		names []string // whom the warnings of rule name, in order
	}{
		{"a sound map", sound, false, "", nil},
		{"a lifebuoy", append(sound, tie(gp, "m-tone", false)), true, lkt.RuleLifebuoy, []string{"Per Hauge"}},
		{"an actor nobody on the patient's side knows", sound, true, lkt.RuleActorUnknown, []string{"Tone"}},
		{"a holder with no line to the coordinator", []actormap.Tie{tie(p, mo, false), tie(p, co, false), tie(mo, co, false), tie(co, gp, false),
			tie(co, cp, false), tie(p, gp, false), tie(mo, cp, false), tie(mo, ic, false), tie(p, ic, false)}, false, lkt.RuleNoLineToCoordinator, []string{"Mona Vik"}},
		{"a planned line is not yet a line", append(sound[:5:5], tie(co, ic, true), tie(p, gp, false), tie(mo, cp, false), tie(mo, ic, false), tie(p, ic, false)),
			false, lkt.RuleNoLineToCoordinator, []string{"Mona Vik"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := lkttest.Active(t)
			if tt.tone {
				require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-tone", Name: "Tone", Role: roles.AutismTeam}}))
			}
			for _, x := range tt.ties {
				require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: x}))
			}
			var got []string
			for _, w := range c.Warnings(clock.Now()) {
				switch w.Rule {
				case lkt.RuleLifebuoy, lkt.RuleActorUnknown, lkt.RuleNoLineToCoordinator:
					assert.Equal(t, tt.rule, w.Rule, "%s", w.Message.EN)
					assert.NotEqual(t, w.Message.EN, w.Message.NB)
					got = append(got, w.Message.EN)
				}
			}
			require.Len(t, got, len(tt.names), "%v", got)
			for i, n := range tt.names {
				assert.Contains(t, got[i], n)
			}
		})
	}
}

func TestALifebuoyWithoutATransitionIsAPlanGap(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-tone", Name: "Tone", Role: roles.AutismTeam}}))
	// Tone is known only through the mother: the mother is Tone's lifebuoy.
	for _, x := range []actormap.Tie{
		{From: lkttest.PatientID, To: lkttest.MotherID, Channel: actormap.InPerson},
		{From: lkttest.MotherID, To: "m-tone", Channel: actormap.Phone},
	} {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: x}))
	}
	r, _ := c.PlanInForce()
	gapsOf := func(s plan.Sections) []string {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: len(c.PlanRevisions()), Sections: s, Note: "the map"}))
		var out []string
		for _, g := range c.PlanGaps(len(c.PlanRevisions()), clock.Now()) {
			out = append(out, g.Field+": "+g.Message.EN)
		}
		return out
	}
	assert.Len(t, filterRules(c.Warnings(clock.Now()), lkt.RuleLifebuoy), 1, "Kari, on every reader's screen")
	gaps := gapsOf(r.Plan.Sections)
	require.Len(t, gaps, 1, "%v", gaps)
	assert.Contains(t, gaps[0], "sections.contingency.transitions: Kari Berg is a lifebuoy")

	// A transition for something else naming her does not cover her.
	s := r.Plan.Clone().Sections
	s.Contingency.Transitions = append(s.Contingency.Transitions, plan.Transition{Kind: plan.AcuteWorsening, What: "Kari is worn out",
		Actor: plan.MemberID(lkttest.MotherID), Measures: []plan.Measure{{What: "Relief at home", Responsible: plan.MemberID(lkttest.CoordinatorID)}}})
	assert.Len(t, gapsOf(s), 1)

	s.Contingency.Transitions[len(s.Contingency.Transitions)-1].Kind = plan.ActorIllness
	assert.Empty(t, gapsOf(s), "who does what if Kari falls ill")
}

func filterRules(ws []lkt.Warning, rule string) []lkt.Warning {
	var out []lkt.Warning
	for _, w := range ws {
		if w.Rule == rule {
			out = append(out, w)
		}
	}
	return out
}

// The coordinator close to the patient (issue 16.5, report 7.1.3).
func TestCoordinatorOutOfTouchWithThePatientIsWarned(t *testing.T) {
	later := lkttest.Start.AddDate(0, 0, lkt.CoordinatorContactWithinDays+1)
	co, mo, gp := lkttest.CoordinatorID, lkttest.MotherID, lkttest.GPID
	tie := func(a, b actormap.ActorID, planned bool) lkt.Command {
		return lkt.AddTie{Tie: actormap.Tie{From: a, To: b, Channel: actormap.Phone, Planned: planned}}
	}
	meeting := func(ids ...actormap.ActorID) lkt.Command {
		return lkt.RecordMeeting{Held: lkttest.Start, Title: "Home visit", Attended: ids}
	}
	tests := []struct {
		name  string
		plan  bool
		at    time.Time
		cmds  []lkt.Command
		warns bool
	}{
		{"no line, no meeting", false, later, nil, true},
		{"not yet: the coordinator is newly appointed", false, later.AddDate(0, 0, -2), nil, false},
		{"a line to the mother, who speaks for Jonas", false, later, []lkt.Command{tie(mo, co, false)}, false},
		{"a line to Jonas himself", false, later, []lkt.Command{tie(co, lkttest.PatientID, false)}, false},
		{"only a planned line", false, later, []lkt.Command{tie(co, mo, true)}, true},
		{"a line to the GP only", false, later, []lkt.Command{tie(co, gp, false)}, true},
		{"a meeting with the mother", false, later, []lkt.Command{meeting(co, mo)}, false},
		{"a meeting with the GP only", false, later, []lkt.Command{meeting(co, gp)}, true},
		{"a meeting of the mother without the coordinator", false, later, []lkt.Command{meeting(gp, mo)}, true},
		{"the plan in force's line from the coordinator to the mother", true, later, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := lkttest.Active(t)
			if tt.plan {
				c, clock = lkttest.WithAgreedPlan(t)
			}
			for _, cmd := range tt.cmds {
				require.NoError(t, c.Do(lkttest.Coordinator, cmd))
			}
			clock.Set(tt.at)
			got := filterRules(c.Warnings(tt.at), lkt.RuleCoordinatorClose)
			if !tt.warns {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Contains(t, got[0].Message.EN, "Silje Nygård")
			assert.Contains(t, got[0].Message.NB, "nær og god kontakt")
		})
	}
}

// The parties accept the mandate with the plan: without its two main tasks
// the plan cannot be accepted (issue 16.6).
func TestAPlanWithoutTheMandateCannotBeAccepted(t *testing.T) {
	c, clock := lkttest.NewBuilder().WithPlan().Without(lkttest.StepDraftPlan, lkttest.StepAcceptPlan, lkttest.StepAgreePlan).
		Build(t, lkttest.Config(lkttest.NewClock(lkttest.Start))), lkttest.Start
	s := lkttest.PlanSections(clock)
	s.Roles.Mandate = plan.Mandate{}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.DraftPlan{Sections: s}))
	err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.GP, lkt.AcceptPlan{Revision: 1}) })
	assert.Equal(t, "sections.roles.mandate.contactPoint", lkt.FieldOf(err))
}

// The community feeds the indicators 8.3 named and the code lacked (issue
// 16.11): the coordinator's competence and time, who takes part in the
// meetings, and who the decisions are given to.
func TestQualityFactsCarryCompetenceParticipationAndSharedResponsibility(t *testing.T) {
	c, clock := lkttest.Active(t)
	f := c.QualityFacts(clock.Now())
	assert.True(t, f.CoordinatorHeld)
	assert.Empty(t, f.CoordinatorCompetence)
	assert.Zero(t, f.CoordinatorHoursPerMonth)

	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID,
		Competence: []quality.Competence{quality.Improvement, quality.Leadership}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AnchorMandate{
		LineManager: lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, AcknowledgedOn: clock.Now(), HoursPerMonth: 12}))
	held := clock.Now().Add(-time.Hour)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordMeeting{Held: held, Title: "Home visit",
		Attended: []actormap.ActorID{lkttest.MotherID, lkttest.CoordinatorID, lkttest.GPID},
		Decisions: []lkt.NewDecision{
			{What: "Call the school", Responsible: lkttest.CoordinatorID, Due: clock.Now().AddDate(0, 0, 7)},
			{What: "Review the medication", Responsible: lkttest.GPID, Due: clock.Now().AddDate(0, 0, 7)},
		}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordMeeting{Held: held, Title: "Professionals only",
		Attended: []actormap.ActorID{lkttest.CoordinatorID, lkttest.GPID}}))

	f = c.QualityFacts(clock.Now())
	assert.Equal(t, []quality.Competence{quality.Improvement, quality.Leadership}, f.CoordinatorCompetence)
	assert.Equal(t, 12, f.CoordinatorHoursPerMonth)
	assert.Equal(t, []quality.Meeting{{Held: held, Attendees: 3, PatientSide: true}, {Held: held, Attendees: 2}}, f.Meetings)
	assert.Equal(t, []quality.Decision{{Made: held, Coordinator: true}, {Made: held}}, f.Decisions)

	unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID,
			Competence: []quality.Competence{"juggling"}})
	})
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.CoordinatorID, Status: actormap.Left}))
	f = c.QualityFacts(clock.Now())
	assert.False(t, f.CoordinatorHeld, "no coordinator now")
	assert.Equal(t, []quality.Decision{{Made: held}, {Made: held}}, f.Decisions)
}

// The coordinator moves the cycle with the goals, measures and how measured
// of the stage entered, and may keep the stage left running (issue 16.9).
func TestAdvanceCycleCarriesGoalsAndKeepsStagesRunning(t *testing.T) {
	c, _ := lkttest.WithAgreedPlan(t)
	err := unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.AdvanceCycle{To: plan.StagePlan, Outcome: "Needs recognised"})
	})
	assert.Equal(t, "goals", lkt.FieldOf(err))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AdvanceCycle{To: plan.StagePlan, Outcome: "Needs recognised",
		Goals: []string{"Jonas back at school"}, Measures: []string{"School from home"}, HowMeasured: "Days at school a week"}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AdvanceCycle{To: plan.StageDo, Outcome: "Goals set; measures still being planned", Keep: true,
		Goals: []string{"Assistants trained"}, Measures: []string{"Training with the occupational therapist"}, HowMeasured: "Assistants signed off"}))
	x := c.Execution()
	assert.Equal(t, []plan.Stage{plan.StagePlan, plan.StageDo}, x.Cycle.RunningStages())
	assert.Equal(t, "Days at school a week", x.Cycle.Running[0].HowMeasured)
}

// Leaders per organisation (issue 16.1): the plan names, for each
// organisation taking part, the leader who recognises the coordinator role
// and is a party to it; the coordinator's own is the anchoring line manager.
func TestThePlanNamesALeaderForEveryOrganisationTakingPart(t *testing.T) {
	leaderGaps := func(c *lkt.Community, no int, at time.Time) []string {
		var out []string
		for _, g := range c.PlanGaps(no, at) {
			if g.Field == "sections.roles.leaders" {
				out = append(out, g.Message.EN)
			}
		}
		return out
	}
	tests := []struct {
		name  string
		edit  func(t *testing.T, c *lkt.Community, s *plan.Sections)
		wants []string // organisations named in the gaps
	}{
		{"every leader named", nil, nil},
		{"the hospital's leader missing", func(_ *testing.T, _ *lkt.Community, s *plan.Sections) {
			s.Roles.Leaders = slices.DeleteFunc(s.Roles.Leaders, func(l plan.Leader) bool { return l.Organisation == "Helse Bergen" })
		}, []string{"Helse Bergen"}},
		{"a leader without a name", func(_ *testing.T, _ *lkt.Community, s *plan.Sections) { s.Roles.Leaders[0].Name = " " }, []string{"Os legesenter"}},
		{"organisations compared without case", func(_ *testing.T, _ *lkt.Community, s *plan.Sections) {
			s.Roles.Leaders[1].Organisation = " helse bergen"
		}, nil},
		{"a new organisation joins", func(t *testing.T, c *lkt.Community, _ *plan.Sections) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-nav", Name: "Siv Nav", Role: roles.NAV, Organisation: "NAV Bjørnafjorden"}}))
		}, []string{"NAV Bjørnafjorden"}},
		{"a member on leave does not bring their organisation in", func(t *testing.T, c *lkt.Community, s *plan.Sections) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.TeacherID, Status: actormap.OnLeave}))
			s.Roles.Leaders = slices.DeleteFunc(s.Roles.Leaders, func(l plan.Leader) bool { return l.Organisation == "Os ungdomsskule" })
		}, nil},
		{"a relative's employer is not taking part", func(t *testing.T, c *lkt.Community, _ *plan.Sections) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-uncle", Name: "Odd Berg", Role: roles.NextOfKin, Organisation: "Equinor"}}))
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := lkttest.WithAgreedPlan(t)
			r, _ := c.PlanInForce()
			s := r.Plan.Clone().Sections
			if tt.edit != nil {
				tt.edit(t, c, &s)
			}
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, AlsoAccepting: r.Plan.AlsoAccepting, Note: "leaders"}))
			got := leaderGaps(c, 2, clock.Now())
			require.Len(t, got, len(tt.wants), "%v", got)
			for i, org := range tt.wants {
				assert.Contains(t, got[i], org)
			}
			if len(tt.wants) > 0 {
				err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.GP, lkt.AcceptPlan{Revision: 2}) })
				assert.Equal(t, "sections.roles.leaders", lkt.FieldOf(err))
			}
		})
	}
	t.Run("the coordinator's organisation is the anchoring line manager's", func(t *testing.T) {
		c, clock := lkttest.WithAgreedPlan(t)
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AnchorMandate{
			LineManager: lkt.LineManager{Name: "Kim Lie", Organisation: "Vestland fylkeskommune"}, AcknowledgedOn: clock.Now()}))
		r, _ := c.PlanInForce()
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: r.Plan.Sections, AlsoAccepting: r.Plan.AlsoAccepting, Note: "new manager"}))
		got := leaderGaps(c, 2, clock.Now())
		require.Len(t, got, 1, "Bjørnafjorden kommune's members now need their own leader")
		assert.Contains(t, got[0], "Bjørnafjorden kommune")
	})
}

// A line in the plan in force counts whichever way it runs.
func TestAPlanLineFromTheMotherToTheCoordinatorIsContact(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	b := lkttest.NewBuilder().WithPlan()
	c, err := lkt.Create(cfg, lkttest.Coordinator, b.New())
	require.NoError(t, err)
	for _, st := range b.Steps(clock.Now()) {
		if d, ok := st.Cmd.(lkt.DraftPlan); ok {
			lines := d.Sections.Communication.Lines
			for i := range lines {
				if lines[i].From == plan.MemberID(lkttest.CoordinatorID) {
					lines[i].From, lines[i].To = plan.MemberID(lkttest.MotherID), []plan.MemberID{plan.MemberID(lkttest.CoordinatorID)}
				}
			}
			st.Cmd = d
		}
		require.NoError(t, c.Do(st.By, st.Cmd), st.Name)
	}
	later := lkttest.Start.AddDate(0, 0, lkt.CoordinatorContactWithinDays+1)
	assert.Empty(t, filterRules(c.Warnings(later), lkt.RuleCoordinatorClose))
}
