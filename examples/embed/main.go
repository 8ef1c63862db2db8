// Command embed is the smallest program that embeds go-lkt: it creates an
// actor community for a fictional patient modelled on the report's
// fieldwork — a widower of 82 after a stroke, moved five times between
// hospital and nursing homes — records his consent, fills the four
// mandatory roles, activates the community, and shows one refusal.
//
//	go run ./examples/embed
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func main() {
	if err := run(os.Stdout, lkt.ClockFunc(time.Now)); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, clock lkt.Clock) error {
	// Demo data only: a synthetic identity number, accepted because this
	// configuration says so. Production leaves AcceptSyntheticIDs off.
	cfg := lkt.Config{Clock: clock, AcceptSyntheticIDs: true}
	birth := time.Date(1944, time.May, 17, 0, 0, 0, 0, time.UTC)
	nin, err := ident.SyntheticNumber(birth, false, 100)
	if err != nil {
		return err
	}

	// Hilde's sign-in verified her as health personnel (HPR): only such a
	// person, or a system configured for it, founds a community.
	coordinator := lkt.Person("hilde")
	coordinator.Verified = lkt.Claims{Issuer: "embed-example", HPR: "1000039", HealthPersonnel: true}
	c, err := lkt.Create(cfg, coordinator, lkt.NewCommunity{
		ID: "c-arne", Municipality: "Os",
		Patient: lkt.Patient{ID: "arne", Name: "Arne Fjeld", NationalID: nin},
		Founder: &lkt.NewMember{ID: "hilde", Name: "Hilde Sande", Role: roles.MunicipalCoordinator, Organisation: "Os kommune"},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Created %s for %s (born %s)\n", c.ID(), c.Patient().Name, c.Patient().BirthDate.Format(time.DateOnly))

	steps := []struct {
		by  lkt.Principal
		cmd lkt.Command
	}{
		{coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "liv", Name: "Liv Fjeld", Role: roles.NextOfKin}}},
		{lkt.Person("arne"), lkt.GiveConsent{GivenBy: "arne", Note: "Consent form read aloud with his daughter present.",
			Relatives: []actormap.ActorID{"liv"}}},
		{coordinator, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly, Note: "Hospital and municipality at the discharge meeting."}},
		{coordinator, lkt.RecordInclusion{Criterion: lkt.BenefitAgreed}},
		{coordinator, lkt.RecordInclusion{Criterion: lkt.Informed}},
		{coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "per", Name: "Per Hauge", Role: roles.GeneralPractitioner, Organisation: "Os legesenter"}}},
		{coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "ingrid", Name: "Ingrid Lunde", Role: roles.SpecialistPhysician, Organisation: "Helse Bergen", Workplace: "Nevrologisk avdeling"}}},
		{coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "mona", Name: "Mona Vik", Role: roles.HospitalNurse, Organisation: "Helse Bergen"}}},
		{coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "heim", Name: "Home nursing, zone 3", Role: roles.HomeNursing, WorksInHome: true}}},
		{coordinator, lkt.AssignRole{Role: roles.GP, MemberID: "per"}},
		{coordinator, lkt.AssignRole{Role: roles.ContactClinician, MemberID: "ingrid"}},
		{coordinator, lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: "mona"}},
		{coordinator, lkt.AppointCoordinator{MemberID: "hilde"}},
		{coordinator, lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "Tor Aas", Title: "Head of health and care", Organisation: "Os kommune"},
			AcknowledgedOn: clock.Now()}},
		{lkt.Person("arne"), lkt.ReviseStory{GoodDay: "Coffee with Liv in the morning, a walk to the bench by the sea, no new faces at the door."}},
		{coordinator, lkt.Activate{}},
	}
	for _, s := range steps {
		if err := c.Do(s.by, s.cmd); err != nil {
			return fmt.Errorf("%s: %w", s.cmd.CommandName(), err)
		}
	}
	fmt.Fprintf(out, "Status: %s, %d members, %d events recorded\n", c.Status(), len(c.Members()), len(c.Pending()))
	for _, r := range roles.MandatoryCodes() {
		h, _ := c.Holder(r)
		fmt.Fprintf(out, "  %-58s %s\n", r.Label(roles.English)+":", h.Name)
	}

	// A member tries to rewrite Arne's story as if it were theirs.
	err = c.Do(lkt.Person("per"), lkt.ReviseStory{GoodDay: "Stable on current medication."})
	fmt.Fprintf(out, "Refused (%s): %s\n", lkt.CodeOf(err), lkt.MessageOf(err, roles.English))
	fmt.Fprintf(out, "Avvist (%s): %s\n", lkt.CodeOf(err), lkt.MessageOf(err, roles.Bokmal))
	return nil
}
