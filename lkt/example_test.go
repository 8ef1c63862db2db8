package lkt_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// An integrator creates a community for a patient, records consent, fills
// the four mandatory roles and activates it. In production the Config's
// clock is lkt.ClockFunc(time.Now) and synthetic identity numbers are off.
func Example() {
	cfg := lkt.Config{Clock: lkt.ClockFunc(func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) })}
	// The authenticator verified her as health personnel (HelseID, say):
	// only such a person, or a system configured for it, founds a community.
	coordinator := lkt.Person("silje")
	coordinator.Verified = lkt.Claims{Issuer: "https://helseid.example", HPR: "1000004", HealthPersonnel: true}

	c, err := lkt.Create(cfg, coordinator, lkt.NewCommunity{
		ID: "c-1", Municipality: "Bjørnafjorden",
		Patient: lkt.Patient{ID: "arne", Name: "Arne Fjeld", BirthDate: time.Date(1944, 5, 17, 0, 0, 0, 0, time.UTC)},
		Founder: &lkt.NewMember{ID: "silje", Name: "Silje Nygård", Role: roles.Physiotherapist},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	steps := []lkt.Command{
		// Arne consented aloud with his daughter present: the founder
		// records it on his word, with that evidence.
		lkt.GiveConsent{GivenBy: "arne", Evidence: &lkt.Evidence{Kind: lkt.Verbal, Date: cfg.Clock.Now(),
			Reference: "Journal note 2026-03-02", Witness: "Liv Fjeld (daughter)"}},
		lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly},
		lkt.RecordInclusion{Criterion: lkt.BenefitAgreed},
		lkt.RecordInclusion{Criterion: lkt.Informed},
		lkt.AddMember{Member: lkt.NewMember{ID: "per", Name: "Per Hauge", Role: roles.GeneralPractitioner}},
		lkt.AddMember{Member: lkt.NewMember{ID: "ingrid", Name: "Ingrid Lunde", Role: roles.SpecialistPhysician}},
		lkt.AddMember{Member: lkt.NewMember{ID: "mona", Name: "Mona Vik", Role: roles.HospitalNurse}},
		lkt.AssignRole{Role: roles.GP, MemberID: "per"},
		lkt.AssignRole{Role: roles.ContactClinician, MemberID: "ingrid"},
		lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: "mona"},
		lkt.AppointCoordinator{MemberID: "silje"},
		lkt.AnchorMandate{LineManager: lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"}, AcknowledgedOn: cfg.Clock.Now()},
		lkt.Activate{},
	}
	for _, cmd := range steps {
		if err := c.Do(coordinator, cmd); err != nil {
			fmt.Println(cmd.CommandName(), err)
			return
		}
	}
	fmt.Println(c.Status(), len(c.Pending()), "events")

	// Someone outside the community cannot change it.
	err = c.Do(lkt.Person("stranger"), lkt.Pause{Reason: "curious"})
	fmt.Println(lkt.CodeOf(err))
	// Output:
	// active 14 events
	// forbidden
}

// Activation lists everything that is still missing, in words a coordinator
// can act on.
func ExampleCommunity_Readiness() {
	clock := lkttest.NewClock(lkttest.Start)
	c, _ := lkt.Create(lkttest.Config(clock), lkttest.Coordinator, lkttest.NewBuilder().New())
	for _, m := range c.Readiness(clock.Now()) {
		fmt.Println("-", m.Message.In(roles.Bokmal))
	}
	// Output:
	// - samtykke er ikke gitt ennå
	// - den obligatoriske rollen Koordinator og leder av aktørfellesskapet er ikke besatt
	// - den obligatoriske rollen Fastlege er ikke besatt
	// - den obligatoriske rollen Kontaktlege eller kontaktpsykolog er ikke besatt
	// - den obligatoriske rollen Intern koordinator i spesialisthelsetjenesten er ikke besatt
	// - inkludering ikke registrert: identifisert i fellesskap av tjenesteaktørene
	// - inkludering ikke registrert: aktørene er enige om at pasienten kan ha nytte av det
	// - inkludering ikke registrert: pasient og pårørende informert
}

// Withdrawing consent stops sharing at once; the patient still reads.
func ExampleWithdrawConsent() {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	c, _ := lkttest.NewBuilder().Seed(ctx, svc)

	_, err := svc.Do(ctx, lkttest.Mother, c.ID(), c.Version(), lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
	fmt.Println("withdrawn:", err == nil)
	_, err = svc.Get(ctx, lkttest.GP, c.ID())
	fmt.Println("GP reads:", lkt.CodeOf(err))
	_, err = svc.Get(ctx, lkttest.Mother, c.ID())
	fmt.Println("mother reads:", err == nil)
	// Output:
	// withdrawn: true
	// GP reads: consent_required
	// mother reads: true
}
