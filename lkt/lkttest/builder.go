package lkttest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The fixture's people. The patient is modelled on the report's boy of 15
// before his back operation; names and numbers are fictional.
const (
	PatientID             actormap.ActorID = "p-jonas"
	MotherID              actormap.ActorID = "m-kari"
	CoordinatorID         actormap.ActorID = "m-silje"
	GPID                  actormap.ActorID = "m-per"
	ContactPhysicianID    actormap.ActorID = "m-ingrid"
	InternalCoordinatorID actormap.ActorID = "m-mona"
	CommunityID           lkt.ID           = "c-jonas"
)

// PatientBirth is the fixture patient's birth date: 15 on Start, 16 on
// 14 September 2026.
var PatientBirth = time.Date(2010, time.September, 14, 0, 0, 0, 0, time.UTC)

// Principals for the fixture's people.
var (
	Patient             = lkt.Person(PatientID)
	Mother              = lkt.Person(MotherID)
	Coordinator         = lkt.Person(CoordinatorID)
	GP                  = lkt.Person(GPID)
	ContactPhysician    = lkt.Person(ContactPhysicianID)
	InternalCoordinator = lkt.Person(InternalCoordinatorID)
	Outsider            = lkt.Person("someone-else")
)

// Step is one command in building a community, issued by a principal.
type Step struct {
	Name string
	By   lkt.Principal
	Cmd  lkt.Command
}

// Step names, usable with Builder.Without.
const (
	StepConsent             = "consent"
	StepInclusion           = "inclusion"
	StepGP                  = "gp"
	StepContactClinician    = "contact-clinician"
	StepInternalCoordinator = "internal-coordinator"
	StepCoordinator         = "coordinator"
	StepAnchoring           = "anchoring"
	StepStory               = "story"
	StepActivate            = "activate"
)

// Builder builds the fixture community step by step.
type Builder struct {
	ID      lkt.ID
	Patient lkt.Patient
	skip    []string
}

// NewBuilder returns a builder for the fixture community.
func NewBuilder() Builder {
	nin, err := ident.SyntheticNumber(PatientBirth, false, 512)
	if err != nil {
		panic(err)
	}
	return Builder{ID: CommunityID, Patient: lkt.Patient{ID: PatientID, Name: "Jonas Berg", NationalID: nin}}
}

// Without returns a builder that leaves out the named steps.
func (b Builder) Without(steps ...string) Builder {
	b.skip = append(slices.Clone(b.skip), steps...)
	return b
}

// WithID returns a builder for a community with another id.
func (b Builder) WithID(id lkt.ID) Builder { b.ID = id; return b }

// New returns the input that creates the community, founded by the coordinator.
func (b Builder) New() lkt.NewCommunity {
	return lkt.NewCommunity{ID: b.ID, Municipality: "Bjørnafjorden", Patient: b.Patient, Founder: &lkt.NewMember{
		ID: CoordinatorID, Name: "Silje Nygård", Role: roles.Physiotherapist, Organisation: "Bjørnafjorden kommune",
		Workplace: "Rehabiliteringstjenesten", Contact: actormap.Contact{Phone: "+47 555 01 234", Email: "silje.nygard@example.org"},
	}}
}

// Members are the fixture's members besides the founding coordinator.
func Members() []lkt.NewMember {
	return []lkt.NewMember{
		{ID: MotherID, Name: "Kari Berg", Role: roles.ParentGuardian, ParentalResponsibility: true, Contact: actormap.Contact{Phone: "+47 400 00 001"}},
		{ID: GPID, Name: "Per Hauge", Role: roles.GeneralPractitioner, Organisation: "Os legesenter", HPR: "1234560"},
		{ID: ContactPhysicianID, Name: "Ingrid Lunde", Role: roles.SpecialistPhysician, Organisation: "Helse Bergen", Workplace: "Ortopedisk klinikk"},
		{ID: InternalCoordinatorID, Name: "Mona Vik", Role: roles.HospitalNurse, Organisation: "Helse Bergen", Workplace: "Barne- og ungdomsklinikken"},
	}
}

// Steps returns the commands that take the created community to active.
func (b Builder) Steps(now time.Time) []Step {
	var out []Step
	add := func(name string, by lkt.Principal, cmd lkt.Command) {
		if !slices.Contains(b.skip, name) {
			out = append(out, Step{name, by, cmd})
		}
	}
	members := Members()
	// The mother joins first: she consents for her son, who is under 16.
	add("member:"+string(MotherID), Coordinator, lkt.AddMember{Member: members[0]})
	add(StepConsent, Coordinator, lkt.GiveConsent{GivenBy: MotherID, Note: "Signed consent form at home visit."})
	for _, m := range members[1:] {
		add("member:"+string(m.ID), Coordinator, lkt.AddMember{Member: m})
	}
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly, Note: "Agreed in the joint intake meeting."})
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.BenefitAgreed})
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.Informed})
	add(StepGP, Coordinator, lkt.AssignRole{Role: roles.GP, MemberID: GPID})
	add(StepContactClinician, Coordinator, lkt.AssignRole{Role: roles.ContactClinician, MemberID: ContactPhysicianID})
	add(StepInternalCoordinator, Coordinator, lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: InternalCoordinatorID})
	add(StepCoordinator, Coordinator, lkt.AppointCoordinator{MemberID: CoordinatorID, Tasks: []string{
		"Central contact point for Jonas and his parents",
		"Lead the actor community's work and meetings",
	}})
	add(StepAnchoring, Coordinator, lkt.AnchorMandate{
		LineManager: lkt.LineManager{Name: "Eva Dale", Title: "Head of rehabilitation", Organisation: "Bjørnafjorden kommune"}, AcknowledgedOn: now})
	add(StepStory, Mother, lkt.ReviseStory{
		GoodDay:    "A good day is when Jonas sleeps through the night, gets to school and plays games with his friends in the evening.",
		Challenges: []string{"Pain and fatigue after sitting", "Assistants keep changing"}})
	add(StepActivate, Coordinator, lkt.Activate{})
	return out
}

// Build creates the community and applies every step not left out. It
// fails the test if any step fails.
func (b Builder) Build(t testing.TB, cfg lkt.Config) *lkt.Community {
	t.Helper()
	c, err := lkt.Create(cfg, Coordinator, b.New())
	if err != nil {
		t.Fatalf("lkttest: create: %v", err)
	}
	for _, s := range b.Steps(cfg.Clock.Now()) {
		if err := c.Do(s.By, s.Cmd); err != nil {
			t.Fatalf("lkttest: step %s (%s): %v", s.Name, s.Cmd.CommandName(), err)
		}
	}
	return c
}

// Seed creates the community through svc and applies the steps, so that
// it is stored with its events and audit trail.
func (b Builder) Seed(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
	c, err := svc.Create(ctx, Coordinator, b.New())
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	for _, s := range b.Steps(svc.Config().Clock.Now()) {
		if c, err = svc.Do(ctx, s.By, b.ID, lkt.AnyVersion, s.Cmd); err != nil {
			return nil, fmt.Errorf("step %s: %w", s.Name, err)
		}
	}
	return c, nil
}

// Active builds the valid, active fixture community on a fresh clock.
func Active(t testing.TB) (*lkt.Community, *Clock) {
	t.Helper()
	clock := NewClock(Start)
	return NewBuilder().Build(t, Config(clock)), clock
}

// Variant is one way a community falls short of activation.
type Variant struct {
	Name string
	// Without is the step the variant leaves out.
	Without string
	// Rule is the rule activation reports as missing.
	Rule string
	// Code is the code activation is refused with.
	Code lkt.Code
}

// Variants lists the invalid variants: each builds a draft community that
// cannot be activated, for one reason.
func Variants() []Variant {
	return []Variant{
		{"no consent", StepConsent, "consent-required", lkt.ConsentRequired},
		{"inclusion not recorded", StepInclusion, "inclusion-incomplete", lkt.PreconditionFailed},
		{"GP vacant", StepGP, "mandatory-role-vacant", lkt.PreconditionFailed},
		{"contact physician vacant", StepContactClinician, "mandatory-role-vacant", lkt.PreconditionFailed},
		{"internal coordinator vacant", StepInternalCoordinator, "mandatory-role-vacant", lkt.PreconditionFailed},
		{"coordinator vacant", StepCoordinator, "mandatory-role-vacant", lkt.PreconditionFailed},
		{"mandate not anchored", StepAnchoring, "mandate-not-anchored", lkt.PreconditionFailed},
	}
}

// BuildVariant builds variant v in draft (activation left out).
func BuildVariant(t testing.TB, cfg lkt.Config, v Variant) *lkt.Community {
	t.Helper()
	skip := []string{StepActivate, v.Without}
	if v.Without == StepCoordinator {
		skip = append(skip, StepAnchoring) // no mandate to anchor
	}
	if v.Without == StepConsent {
		// Without consent nothing but relatives and consent can be
		// written: the community holds its founder and the mother.
		return NewBuilder().Without(keep("member:"+string(MotherID), NewBuilder().Steps(cfg.Clock.Now()))...).Build(t, cfg)
	}
	return NewBuilder().Without(skip...).Build(t, cfg)
}

// keep returns the names of all steps except those named in except.
func keep(except string, steps []Step) []string {
	var out []string
	for _, s := range steps {
		if s.Name != except {
			out = append(out, s.Name)
		}
	}
	return out
}
