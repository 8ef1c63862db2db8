package lkttest_test

import (
	"context"
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// An integrator's test seeds the valid fixture community through a Service
// over the in-memory Store, on a clock the test sets.
func ExampleBuilder_Seed() {
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))

	c, err := lkttest.NewBuilder().Seed(context.Background(), svc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Status(), c.ConsentState(clock.Now()), len(c.VacantRoles(clock.Now())))
	// Output: active active 0
}

// Each variant is a community that falls short of activation for one
// reason, and names the rule activation reports.
func ExampleVariants() {
	for _, v := range lkttest.Variants()[:2] {
		fmt.Printf("%s: %s (%s)\n", v.Name, v.Rule, v.Code)
	}
	// Output:
	// no consent: consent-required (consent_required)
	// inclusion not recorded: inclusion-incomplete (precondition_failed)
}

// A patient has one open community, so a second community about the
// fixture's patient is refused; WithID builds one about another child.
func ExampleBuilder_WithID() {
	ctx := context.Background()
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(lkttest.NewClock(lkttest.Start)))
	if _, err := lkttest.NewBuilder().Seed(ctx, svc); err != nil {
		fmt.Println(err)
		return
	}
	shadow := lkttest.NewBuilder()
	shadow.ID = "c-shadow" // the same patient
	_, err := svc.Create(ctx, lkttest.Coordinator, shadow.New())
	fmt.Println(lkt.CodeOf(err), lkt.RuleOf(err))

	_, err = lkttest.NewBuilder().WithID("c-other").Seed(ctx, svc)
	fmt.Println(err)
	// Output:
	// conflict one-open-community-per-patient
	// <nil>
}
