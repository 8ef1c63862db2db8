package lkt_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The overview says what each of the community's own answers says on the
// same day, though it computes what they share once: drafts short of
// activation, an active community, one with an agreed plan, and three
// years of its life, day by day around each month's end.
func TestOverviewSaysWhatEachPartSays(t *testing.T) {
	check := func(t *testing.T, c *lkt.Community, at time.Time) {
		t.Helper()
		o := c.Overview(at)
		assert.Equal(t, at, o.At)
		assert.Equal(t, c.ID(), o.ID)
		assert.Equal(t, c.Version(), o.Version)
		assert.Equal(t, c.Status(), o.Status)
		assert.Equal(t, c.ConsentState(at), o.Consent)
		assert.Equal(t, orEmpty(c.VacantRoles(at)), o.VacantRoles)
		if c.Status() == lkt.Draft {
			assert.Equal(t, orEmpty(c.Readiness(at)), o.Readiness)
		} else {
			assert.Empty(t, o.Readiness)
		}
		assert.Equal(t, orEmpty(c.Warnings(at)), o.Warnings)
		assert.Equal(t, c.PlanStatus(at), o.Plan.Status)
		assert.Equal(t, len(c.PlanRevisions()), o.Plan.Revisions)
		inForce, ok := c.PlanInForce()
		assert.Equal(t, ok, o.Plan.InForce != nil)
		if ok {
			assert.Equal(t, inForce, *o.Plan.InForce)
		}
		draft, ok := c.PlanDraft()
		assert.Equal(t, ok, o.Plan.Draft != nil)
		if ok {
			assert.Equal(t, draft, *o.Plan.Draft)
		}
		x := o.Execution
		assert.Equal(t, orEmpty(c.DueThisWeek(at)), x.DueThisWeek)
		assert.Equal(t, orEmpty(c.Overdue(at)), x.Overdue)
		assert.Equal(t, orEmpty(c.OpenMeasures()), x.OpenMeasures)
		assert.Equal(t, orEmpty(c.OpenDecisions()), x.OpenDecisions)
		assert.Equal(t, c.Execution(), x.Execution)
		ph, since := c.Phase()
		assert.Equal(t, ph, x.Phase)
		assert.Equal(t, ph != "", x.PhaseSince != nil)
		if x.PhaseSince != nil {
			assert.Equal(t, since, *x.PhaseSince)
		}
		assert.Equal(t, orEmpty(c.PatientNotices()), o.PatientNotices)
		assert.Same(t, c, o.Community)
		assert.Equal(t, o.Plan, c.PlanView(at))
		assert.Equal(t, o.Execution, c.ExecutionView(at))
		for no := range len(c.PlanRevisions()) + 1 {
			rv, ok := c.PlanRevisionView(no, at)
			r, found := c.PlanRevision(no)
			require.Equal(t, found, ok)
			if ok {
				parties := c.PlanParties(no)
				assert.Equal(t, lkt.RevisionView{Revision: r, Parties: parties, Outstanding: orEmpty(r.Outstanding(parties)),
					Gaps: orEmpty(c.PlanGaps(no, at))}, rv)
			}
		}
	}
	for _, v := range lkttest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			clock := lkttest.NewClock(lkttest.Start)
			c := lkttest.BuildVariant(t, lkttest.Config(clock), v)
			check(t, c, clock.Now())
		})
	}
	t.Run("active", func(t *testing.T) {
		c, clock := lkttest.Active(t)
		check(t, c, clock.Now())
	})
	t.Run("agreed plan", func(t *testing.T) {
		c, clock := lkttest.WithAgreedPlan(t)
		check(t, c, clock.Now())
	})
	t.Run("three years", func(t *testing.T) {
		c, clock := lkttest.ThreeYears(t)
		for at := lkttest.Start; !at.After(clock.Now()); at = at.AddDate(0, 1, 0) {
			for _, d := range []int{-1, 0, 3} {
				check(t, c, at.AddDate(0, 0, d))
			}
		}
	})
}

// A member who may not see the patient's capacity assessments and § 4-6
// decisions (a school) reads a community that works on such a decision:
// the decision is withheld from their view, but the overview's consent
// state, its check and its warnings are the community's.
func TestOverviewOfAViewJudgesConsentAsTheCommunity(t *testing.T) {
	ctx := context.Background()
	svc, _, clock := newService(t)
	elderly(decided, addTeacher)(t, svc, clock)
	o, err := svc.Overview(ctx, lkt.Person(lkttest.TeacherID), lkttest.CommunityID)
	require.NoError(t, err)
	assert.Contains(t, o.Community.Withheld(), lkt.WithheldCapacity)
	assert.Empty(t, o.Community.CareDecisions())
	assert.Equal(t, lkt.CareDecided, o.Consent)
	assert.Equal(t, lkt.CareDecided, o.Community.ConsentState(clock.Now()))
	assert.NotContains(t, warningRules(o.Warnings), lkt.RuleConsentRequired)
}

// The Service's overview is of the reader's view, and refuses as Get does.
func TestServiceOverviewIsTheReadersView(t *testing.T) {
	ctx := context.Background()
	svc, store, clock, c := seeded(t)
	before := len(auditOf(t, store, c.ID()))
	_, err := svc.Overview(ctx, lkttest.Outsider, c.ID())
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	o, err := svc.Overview(ctx, lkttest.GP, c.ID())
	require.NoError(t, err)
	assert.Equal(t, clock.Now(), o.At)
	assert.Contains(t, o.Community.Withheld(), lkt.WithheldNotices)
	assert.Empty(t, o.PatientNotices, "the notices are the patient's side's")
	got := auditOf(t, store, c.ID())[before:]
	require.Len(t, got, 2)
	assert.Equal(t, "forbidden", got[0].Outcome)
	assert.Equal(t, "Get", got[1].Operation)
	mine, err := svc.Overview(ctx, lkttest.Mother, c.ID())
	require.NoError(t, err)
	assert.NotEmpty(t, mine.PatientNotices)

	// The views the Service answers know their instant, for an adapter
	// that answers more of the community on the same day.
	assert.Equal(t, o.At, o.Community.ViewedAt())
	clock.Advance(time.Hour)
	got2, err := svc.Get(ctx, lkttest.GP, c.ID())
	require.NoError(t, err)
	assert.Equal(t, clock.Now(), got2.ViewedAt())
	clock.Advance(time.Hour)
	done, err := svc.Do(ctx, lkttest.Mother, c.ID(), lkt.AnyVersion, lkt.ReviseStory{GoodDay: "Football after school."})
	require.NoError(t, err)
	assert.Equal(t, clock.Now(), done.ViewedAt())
	built, _ := lkttest.Active(t)
	assert.True(t, built.ViewedAt().IsZero(), "a community that is not a view")
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// An adapter shows a community through its overview: one read, every
// part judged at the same instant, nothing computed twice.
func ExampleService_Overview() {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	if _, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc); err != nil {
		fmt.Println(err)
		return
	}
	clock.Set(lkttest.Start.AddDate(0, 3, 1)) // a day after the plan's first evaluation date and the school's meeting
	o, err := svc.Overview(ctx, lkttest.Coordinator, lkttest.CommunityID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.At.Format(time.DateOnly), o.Status, o.Consent)
	fmt.Println("plan in force:", o.Plan.Status.InForce, "of", o.Plan.Revisions)
	for _, w := range o.Warnings {
		fmt.Println("-", w.Rule+":", w.Message.In(roles.English))
	}
	for _, it := range o.Execution.Overdue {
		fmt.Println("overdue since", it.Due.Format(time.DateOnly)+":", it.Title)
	}
	// Output:
	// 2026-06-03 active active
	// plan in force: 1 of 1
	// - evaluation-overdue: the plan was to be evaluated on 2026-06-02 and has not been
	// overdue since 2026-06-02: evaluation of the plan for collaboration
	// overdue since 2026-06-02: Meeting with the school
}

// EncodeSnapshot encodes what Snapshot returns, without the copy.
func TestEncodeSnapshotIsSnapshotsJSON(t *testing.T) {
	c, _ := lkttest.WithAgreedPlan(t)
	var got, want bytes.Buffer
	require.NoError(t, c.EncodeSnapshot(json.NewEncoder(&got)))
	require.NoError(t, json.NewEncoder(&want).Encode(c.Snapshot()))
	assert.Equal(t, want.String(), got.String())
}
