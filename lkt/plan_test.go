package lkt_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// drafted builds the active fixture with its plan drafted and accepted by
// everyone, but not agreed.
func drafted(t *testing.T) (*lkt.Community, *lkttest.Clock) {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	return lkttest.NewBuilder().WithPlan().Without(lkttest.StepAgreePlan).Build(t, lkttest.Config(clock)), clock
}

func TestDraftPlanRefusesBadInput(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*plan.Sections)
		field string
	}{
		{"responsible not a member", func(s *plan.Sections) { s.Contingency.Phases.Red.Measures[0].Responsible = "m-stranger" }, "sections.contingency.phases.red.measures[0].responsible"},
		{"recurrence that never fires", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Recurrence = plan.Recurrence{} }, "sections.annualWheel.activities[0].recurrence"},
		{"phase with no measures", func(s *plan.Sections) { s.Contingency.Phases.Red.Measures = nil }, "sections.contingency.phases.red.measures"},
		{"evaluation date in the past", func(s *plan.Sections) { s.Evaluation.Dates[0] = lkttest.Start.AddDate(0, 0, -1) }, "sections.evaluation.dates[0]"},
		{"story revision that does not exist", func(s *plan.Sections) { s.Patient.StoryRevision = 7 }, "sections.patient.storyRevision"},
		{"oversized activity title", func(s *plan.Sections) { s.AnnualWheel.Activities[0].Title = string(make([]byte, 501)) }, "sections.annualWheel.activities[0].title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := lkttest.Active(t)
			for _, m := range lkttest.PlanMembers() {
				require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}))
			}
			s := lkttest.PlanSections(clock.Now())
			tt.edit(&s)
			err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, lkt.DraftPlan{Sections: s}) })
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
			assert.NotEqual(t, lkt.MessageOf(err, roles.English), lkt.MessageOf(err, roles.Bokmal))
		})
	}
}

func TestAPlanBindsOnlyWhenAgreed(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, c *lkt.Community, clock *lkttest.Clock)
		code  lkt.Code
		field string
		rule  string
	}{
		{"the GP has not accepted", nil, lkt.PreconditionFailed, "acceptances", "acceptance-missing"},
		{"the mandatory-role holder is on leave", func(t *testing.T, c *lkt.Community, _ *lkttest.Clock) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.OnLeave}))
		}, lkt.PreconditionFailed, "", lkt.RuleMandatoryRoleUnavailable},
		{"the mandate is not anchored", func(t *testing.T, c *lkt.Community, _ *lkttest.Clock) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID}))
		}, lkt.PreconditionFailed, "", "mandate-not-anchored"},
		{"the patient has turned 16 and not renewed consent", func(t *testing.T, c *lkt.Community, clock *lkttest.Clock) {
			clock.Set(lkttest.PatientBirth.AddDate(16, 0, 1))
		}, lkt.PreconditionFailed, "", lkt.RuleConsentRenewal},
		{"consent is withdrawn", func(t *testing.T, c *lkt.Community, _ *lkttest.Clock) {
			require.NoError(t, c.Do(lkttest.Mother, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID}))
		}, lkt.ConsentRequired, "", ""},
		{"a responsible member has left", func(t *testing.T, c *lkt.Community, _ *lkttest.Clock) {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.ChangeMemberStatus{MemberID: lkttest.AssistantID, Status: actormap.Left}))
		}, lkt.PreconditionFailed, "sections.contingency.phases.green.measures[0].responsible", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := lkttest.NewClock(lkttest.Start)
			skip := []string{lkttest.StepAgreePlan}
			b := lkttest.NewBuilder().WithPlan()
			if tt.setup == nil {
				// Leave out every acceptance, then record all but the GP's.
				skip = append(skip, lkttest.StepAcceptPlan)
			}
			c := b.Without(skip...).Build(t, lkttest.Config(clock))
			if tt.setup == nil {
				for _, p := range []lkt.Principal{lkttest.Mother, lkttest.Coordinator, lkttest.ContactPhysician, lkttest.InternalCoordinator, lkttest.Teacher, lkt.Person(lkttest.OccupationalTherapistID)} {
					require.NoError(t, c.Do(p, lkt.AcceptPlan{Revision: 1, AcceptedBy: p.ID}))
				}
				require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, LineManager: &lkt.LineManager{Name: "eva dale", Organisation: "Bjørnafjorden kommune"}, Evidence: lkttest.Evidence(lkttest.Start)}))
			} else {
				tt.setup(t, c, clock)
			}
			err := unchanged(t, c, tt.code, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
			if tt.rule != "" {
				assert.Equal(t, tt.rule, lkt.RuleOf(err), "%v", err)
			}
			_, inForce := c.PlanInForce()
			assert.False(t, inForce)
		})
	}
	c, _ := drafted(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}))
	r, ok := c.PlanInForce()
	require.True(t, ok)
	assert.Equal(t, 1, r.No)
	unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 1}) })
	unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkttest.Mother, lkt.AgreePlan{Revision: 1}) })
}

func TestAcceptance(t *testing.T) {
	tests := []struct {
		name  string
		by    lkt.Principal
		cmd   lkt.AcceptPlan
		code  lkt.Code
		field string
	}{
		{"acceptance by a non-member", lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, AcceptedBy: "m-stranger", Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "acceptedBy"},
		{"an outsider accepting", lkttest.Outsider, lkt.AcceptPlan{Revision: 1}, lkt.Forbidden, ""},
		{"the wrong line manager", lkttest.Coordinator, lkt.AcceptPlan{Revision: 1, LineManager: &lkt.LineManager{Name: "Someone", Organisation: "Elsewhere"}, Evidence: lkttest.Evidence(lkttest.Start)}, lkt.Invalid, "lineManager"},
		{"a revision that does not exist", lkttest.Coordinator, lkt.AcceptPlan{Revision: 4}, lkt.NotFound, "revision"},
		{"twice", lkttest.GP, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID}, lkt.PreconditionFailed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := drafted(t)
			err := unchanged(t, c, tt.code, func() error { return c.Do(tt.by, tt.cmd) })
			assert.Equal(t, tt.field, lkt.FieldOf(err), "%v", err)
		})
	}
	t.Run("a relative speaks only for themself", func(t *testing.T) {
		c, _ := drafted(t)
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-aunt", Name: "Aunt", Role: roles.FamilyMember}}))
		unchanged(t, c, lkt.Forbidden, func() error { return c.Do(lkt.Person("m-aunt"), lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID}) })
	})
	t.Run("an incomplete plan cannot be accepted", func(t *testing.T) {
		c, clock := lkttest.Active(t)
		for _, m := range lkttest.PlanMembers() {
			require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}))
		}
		s := lkttest.PlanSections(clock.Now())
		s.Documentation.Stories = ""
		s.Roles.Responsibilities = nil
		s.Contingency.Transitions = nil
		s.Communication.Lines = nil
		s.Contingency.Phases.Green = plan.PhasePlan{}
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.DraftPlan{Sections: s}), "a draft may be incomplete")
		err := unchanged(t, c, lkt.PreconditionFailed, func() error { return c.Do(lkttest.GP, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.GPID}) })
		assert.Equal(t, "sections.roles.responsibilities", lkt.FieldOf(err))
		assert.NotEmpty(t, c.PlanGaps(1, clock.Now()))
	})
}

func TestRevisionKeepsTheAgreedPlanInForce(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	clock.Advance(24 * time.Hour)
	s := lkttest.PlanSections(lkttest.Start)
	s.Contingency.Transitions[0].Measures = append(s.Contingency.Transitions[0].Measures,
		plan.Measure{What: "Check the wheelchair fits the school bus", Responsible: plan.MemberID(lkttest.OccupationalTherapistID)})
	unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s}) })
	also := []plan.MemberID{plan.MemberID(lkttest.TeacherID), plan.MemberID(lkttest.OccupationalTherapistID)}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, AlsoAccepting: also, Note: "Transport after the operation"}))

	r, _ := c.PlanInForce()
	assert.Equal(t, 1, r.No, "the agreed revision stays in force until the new one is agreed")
	st := c.PlanStatus(clock.Now())
	assert.Equal(t, 1, st.InForce)
	assert.Equal(t, 2, st.Draft)
	assert.Len(t, st.Outstanding, 11, "acceptances do not carry over to a new revision")
	err := unchanged(t, c, lkt.Conflict, func() error {
		return c.Do(lkttest.Coordinator, lkt.RevisePlan{Revision: 1, Sections: s, Note: "again"})
	})
	assert.Equal(t, "plan-superseded", lkt.RuleOf(err))

	for _, p := range []lkt.Principal{lkttest.Patient, lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician, lkttest.InternalCoordinator, lkttest.Teacher, lkt.Person(lkttest.OccupationalTherapistID)} {
		require.NoError(t, c.Do(p, lkt.AcceptPlan{Revision: 2, AcceptedBy: p.ID}), "%s", p.ID)
	}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AcceptPlan{Revision: 2, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, Evidence: lkttest.Evidence(lkttest.Start)}))
	for _, a := range lkttest.LeaderAcceptances(2, s, clock.Now()) {
		require.NoError(t, c.Do(lkttest.Coordinator, a))
	}
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AgreePlan{Revision: 2}))
	r, _ = c.PlanInForce()
	assert.Equal(t, 2, r.No)
	assert.Len(t, c.PlanRevisions(), 2, "every revision is kept")
	assert.Equal(t, lkttest.Start.AddDate(0, 3, 0), *c.PlanStatus(clock.Now()).EvaluationDue, "the evaluation dates set in revision 1 may stay")
}

func TestEvaluationOverdueIsVisibleAndQueryable(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	first := lkttest.Start.AddDate(0, 3, 0)
	assert.False(t, c.PlanStatus(clock.Now()).EvaluationOverdue)
	q := lkt.Query{OverdueEvaluation: true}
	q.At = clock.Now()
	assert.False(t, q.Matches(c.Summary(clock.Now())))

	clock.Set(first.Add(24 * time.Hour))
	st := c.PlanStatus(clock.Now())
	assert.True(t, st.EvaluationOverdue)
	assert.Equal(t, first, *st.EvaluationDue)
	assert.Contains(t, warningRules(c.PlanWarnings(clock.Now())), "evaluation-overdue")
	q.At = clock.Now()
	assert.True(t, q.Matches(c.Summary(clock.Now())))
	var txt bytes.Buffer
	require.NoError(t, c.WritePlan(&txt, 0, lkt.PlanText, roles.English, clock.Now()))
	assert.Contains(t, txt.String(), "OVERDUE")

	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordEvaluation{Findings: "Aids were ready; school from home worked."}))
	assert.False(t, c.PlanStatus(clock.Now()).EvaluationOverdue)
	assert.False(t, q.Matches(c.Summary(clock.Now())))
	unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.RecordEvaluation{Date: &first, Findings: "again"})
	})
}

func TestThePatientGetsThePlanInWriting(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	_, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc)
	require.NoError(t, err)
	for lang, heading := range map[roles.Lang]string{roles.Bokmal: "Felles plan for samarbeid for Jonas Berg", roles.English: "Plan for collaboration for Jonas Berg",
		roles.Nynorsk: "Felles plan for samarbeid for Jonas Berg"} {
		txt, err := svc.PlanDocument(ctx, lkttest.Patient, lkttest.CommunityID, 0, lkt.PlanText, lang)
		require.NoError(t, err)
		assert.Contains(t, txt, heading)
		html, err := svc.PlanDocument(ctx, lkttest.Mother, lkttest.CommunityID, 0, lkt.PlanHTML, lang)
		require.NoError(t, err)
		assert.Contains(t, html, "<h1>"+heading)
	}
	_, err = svc.PlanDocument(ctx, lkttest.Outsider, lkttest.CommunityID, 0, lkt.PlanText, roles.Bokmal)
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))

	// What the patient asked to have in writing besides the sections: the
	// story the plan rests on, every member with workplace and contact
	// details, and the meetings' decisions.
	doc, err := svc.WrittenPlan(ctx, lkttest.Patient, lkttest.CommunityID, 0, roles.Nynorsk)
	require.NoError(t, err)
	c, err := svc.Get(ctx, lkttest.Patient, lkttest.CommunityID)
	require.NoError(t, err)
	story, _ := c.CurrentStory()
	assert.Equal(t, story.GoodDay, doc.Story.GoodDay)
	assert.NotEmpty(t, doc.Story.GoodDay)
	assert.Len(t, doc.Actors, len(c.Members()))
	assert.Equal(t, roles.Nynorsk, plan.Outline(doc).Lang)
	_, err = svc.WrittenPlan(ctx, lkttest.Outsider, lkttest.CommunityID, 0, roles.Bokmal)
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	_, err = svc.PlanDocument(ctx, lkttest.Patient, lkttest.CommunityID, 0, "pdf", roles.Bokmal)
	assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "the domain renders text and HTML; PDF is the adapter's")
}

func TestPlanEventsRoundTrip(t *testing.T) {
	c, clock := lkttest.WithAgreedPlan(t)
	clock.Advance(time.Hour)
	require.NoError(t, c.Do(lkttest.Mother, lkt.SetPhase{Phase: plan.Red, Reason: "Severe pain"}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AdvanceCycle{To: plan.StagePlan, Outcome: "Needs recognised",
		Goals: []string{"Jonas back at school"}, Measures: []string{"School from home"}, HowMeasured: "Days at school a week"}))
	for _, e := range c.Pending() {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		var back lkt.Event
		require.NoError(t, json.Unmarshal(b, &back), "%s", e.Type())
		assert.Equal(t, e.Data, back.Data, "%s", e.Type())
	}
}
