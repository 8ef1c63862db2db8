package lkt_test

import (
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// An adult who lacks capacity and has no legal representative: the
// responsible health professional decides under § 4-6 after hearing the
// daughter, and the community works on that decision.
func ExampleRecordCareDecision() {
	clock := lkttest.NewClock(lkttest.Start)
	in := lkttest.NewBuilder().New()
	in.Patient = lkt.Patient{ID: "olav", Name: "Olav Brekke", BirthDate: time.Date(1941, 5, 17, 0, 0, 0, 0, time.UTC)}
	c, err := lkt.Create(lkttest.Config(clock), lkttest.Coordinator, in)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cmd := range []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "liv", Name: "Liv Brekke", Role: roles.NextOfKin}},
		lkt.AssessCapacity{LacksCapacity: true, Basis: "Examined at home; written assessment in the record."},
		lkt.RecordCareDecision{NextOfKinHeard: []actormap.ActorID{"liv"}, Covers: "Home nursing and the community's collaboration",
			ReviewOn: lkttest.Start.AddDate(0, 6, 0)},
	} {
		if err := c.Do(lkttest.Coordinator, cmd); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(c.ConsentState(clock.Now()))
	// Liv adds to the story in her own name.
	if err := c.Do(lkt.Person("liv"), lkt.ReviseStory{GoodDay: "Coffee on the porch."}); err != nil {
		fmt.Println(err)
		return
	}
	s, _ := c.CurrentStory()
	fmt.Println(s.ByNextOfKin)
	// Output:
	// care-decision
	// true
}

// A member who is not health personnel sees the community without the
// patient's national identity number and capacity assessments, and is
// told so.
func ExampleCommunity_ViewFor() {
	clock := lkttest.NewClock(lkttest.Start)
	b := lkttest.NewBuilder()
	c, err := lkt.Create(lkttest.Config(clock), lkttest.Coordinator, b.New())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range b.Steps(clock.Now()) {
		if err := c.Do(s.By, s.Cmd); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-lars", Name: "Lars Tveit", Role: roles.School}}); err != nil {
		fmt.Println(err)
		return
	}
	school := c.ViewFor(lkt.Person("m-lars"), clock.Now())
	fmt.Println(school.Patient().NationalID == "", school.Withheld())
	gp := c.ViewFor(lkttest.GP, clock.Now())
	fmt.Println(gp.Patient().NationalID != "", gp.Withheld())
	// Output:
	// true [patient.nationalId capacity notices]
	// true [notices]
}
