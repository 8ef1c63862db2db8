package fhir_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// ExampleExport exports a community with an agreed plan as one Bundle: the
// community is read through lkt.Service first, so that authorisation,
// consent and audit have happened, and is then mapped.
func ExampleExport() {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	if _, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc); err != nil {
		panic(err)
	}
	c, err := svc.Get(ctx, lkttest.Coordinator, lkttest.CommunityID)
	if err != nil {
		panic(err)
	}
	b := fhir.Export(c, clock.Now(), fhir.Options{Base: "https://lkt.example/fhir"})

	count := map[string]int{}
	var plan fhir.CarePlan
	for _, e := range b.Entry {
		typ := strings.Split(strings.TrimPrefix(e.FullURL, "https://lkt.example/fhir/"), "/")[0]
		count[typ]++
		if cp, ok := e.Resource.(fhir.CarePlan); ok && cp.ID == "c-jonas-plan" {
			plan = cp
		}
	}
	fmt.Printf("Bundle %s, %d entries\n", b.Type, len(b.Entry))
	for _, typ := range slices.Sorted(maps.Keys(count)) {
		fmt.Printf("  %-17s %d\n", typ, count[typ])
	}

	// The main CarePlan: the plan in force, its sections as activities.
	sections := map[string]int{}
	var order []string
	for _, a := range plan.Activity {
		s := a.Detail.Code.Coding[0].Code
		if sections[s] == 0 {
			order = append(order, s)
		}
		sections[s]++
	}
	fmt.Printf("CarePlan/%s version %s: %s, intent %s, %q, agreed %s\n",
		plan.ID, plan.Meta.VersionID, plan.Status, plan.Intent, plan.Title, plan.Period.Start)
	for _, s := range order {
		fmt.Printf("  activities in section %s: %d\n", s, sections[s])
	}
	// Output:
	// Bundle collection, 35 entries
	//   CarePlan          4
	//   CareTeam          1
	//   Consent           1
	//   EpisodeOfCare     1
	//   Goal              1
	//   Organization      8
	//   Patient           1
	//   Practitioner      7
	//   PractitionerRole  7
	//   Provenance        3
	//   RelatedPerson     1
	// CarePlan/c-jonas-plan version 1: active, intent plan, "Plan for samarbeid", agreed 2026-03-02T09:00:00Z
	//   activities in section roles: 7
	//   activities in section communication: 4
	//   activities in section contingency: 5
	//   activities in section annual-wheel: 6
	//   activities in section documentation: 3
	//   activities in section evaluation: 1
}
