package lkt_test

import (
	"context"
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// A plan is drafted, accepted by everyone the report requires, agreed, and
// later revised: the agreed revision stays in force until the revision is
// agreed in turn.
func ExampleDraftPlan() {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	b := lkttest.NewBuilder().WithPlan().Without(lkttest.StepDraftPlan, lkttest.StepAcceptPlan, lkttest.StepAgreePlan)
	c, _ := b.Seed(ctx, svc)
	id := c.ID()

	c, _ = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.DraftPlan{Sections: lkttest.PlanSections(clock.Now())})
	fmt.Println("gaps:", len(c.PlanGaps(1, clock.Now())))
	for _, p := range []lkt.Principal{lkttest.Mother, lkttest.Coordinator, lkttest.GP, lkttest.ContactPhysician} {
		_, _ = svc.Do(ctx, p, id, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: p.ID})
	}
	_, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AgreePlan{Revision: 1})
	fmt.Println(lkt.MessageOf(err, roles.English))

	_, _ = svc.Do(ctx, lkttest.InternalCoordinator, id, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, AcceptedBy: lkttest.InternalCoordinator.ID})
	_, _ = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1,
		LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"},
		// The line manager is not a member: her signature is the evidence.
		Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: clock.Now(), Reference: "Signed plan, archive 2026/88"}})
	_, err = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AgreePlan{Revision: 1})
	fmt.Println(lkt.RuleOf(err))

	// The leaders the plan names are parties too, and by accepting
	// recognise the coordinator role. They are not members: the
	// coordinator records each acceptance on the leader's signature.
	for _, l := range lkttest.PlanSections(clock.Now()).Roles.Leaders {
		_, _ = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AcceptPlan{Revision: 1, Leader: &l,
			Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: clock.Now(), Reference: "Signed plan, " + l.Organisation}})
	}
	c, err = svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, lkt.AgreePlan{Revision: 1})
	fmt.Println("agreed:", err == nil, c.PlanStatus(clock.Now()).InForce)

	s := lkttest.PlanSections(lkttest.Start)
	s.Patient.Challenges = append(s.Patient.Challenges, "Moving to the upper secondary school next year")
	c, _ = svc.Do(ctx, lkttest.Mother, id, lkt.AnyVersion, lkt.RevisePlan{Revision: 1, Sections: s, Note: "School change ahead"})
	st := c.PlanStatus(clock.Now())
	fmt.Println("in force:", st.InForce, "draft:", st.Draft, "to accept:", len(st.Outstanding))
	// Output:
	// gaps: 0
	// the plan binds only when everyone has accepted it; still to accept: Mona Vik (Internal coordinator in the specialist health services); Eva Dale, Bjørnafjorden kommune (line manager); Hans Os, Os legesenter (leader); Randi Berge, Helse Bergen (leader); Nils Tveit, Os ungdomsskule (leader)
	// leader-acceptance-missing
	// agreed: true 1
	// in force: 1 draft: 2 to accept: 9
}

// When the patient moves to the red phase, the plan says exactly who must
// do what, by when; the measures stay open until done.
func ExampleSetPhase() {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	c, _ := lkttest.NewBuilder().WithPlan().Seed(ctx, svc)

	c, err := svc.Do(ctx, lkttest.Mother, c.ID(), lkt.AnyVersion, lkt.SetPhase{Phase: plan.Red, Reason: "Complications after the operation"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range c.OpenMeasures() {
		who, _ := c.Member(actormap.ActorID(m.Responsible))
		fmt.Printf("%s: %s (by %s)\n", who.Name, m.What, m.Due.Format("2 Jan 15:04"))
	}
	for _, it := range c.DueThisWeek(clock.Now()) {
		if it.Kind == plan.ActivityItem {
			fmt.Println("due:", it.Title, it.Due.Format("2 Jan"))
		}
	}
	// Output:
	// Ingrid Lunde: Contact the orthopaedic ward the same day (by 2 Mar 09:00)
	// Mona Vik: Arrange assessment or admission (by 3 Mar 09:00)
	// Silje Nygård: Tell the school and organise extra help at home so the father can stay at work (by 3 Mar 09:00)
	// due: Crisis meeting in the red phase 4 Mar
}
