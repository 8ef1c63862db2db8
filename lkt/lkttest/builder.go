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
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
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

// Principals for the fixture's people, with the claims a real sign-in
// would have verified: the patient's national identity number, the health
// personnel's HPR numbers. The mother's and the outsider's logins verified
// nothing beyond who they are.
var (
	Patient             = verified(PatientID, lkt.Claims{NationalID: patientNIN()})
	Mother              = lkt.Person(MotherID)
	Coordinator         = HealthPersonnel(CoordinatorID, "1000001")
	GP                  = HealthPersonnel(GPID, "1234560")
	ContactPhysician    = HealthPersonnel(ContactPhysicianID, "1000010")
	InternalCoordinator = HealthPersonnel(InternalCoordinatorID, "1000011")
	Outsider            = lkt.Person("someone-else")
)

// Issuer is the issuer of the fixture principals' verified claims.
const Issuer = "lkttest"

// HealthPersonnel returns the principal of person id whom the
// authenticator verified as health personnel with HPR number hpr.
func HealthPersonnel(id actormap.ActorID, hpr string) lkt.Principal {
	return verified(id, lkt.Claims{HPR: hpr, HealthPersonnel: true})
}

// SystemWith returns a system principal configured with rights.
func SystemWith(name string, rights ...lkt.Right) lkt.Principal {
	p := lkt.System(name)
	p.Verified = lkt.Claims{Issuer: Issuer, Rights: lkt.RightsOf(rights...)}
	return p
}

func verified(id actormap.ActorID, c lkt.Claims) lkt.Principal {
	p := lkt.Person(id)
	c.Issuer = Issuer
	p.Verified = c
	return p
}

func patientNIN() string {
	nin, err := ident.SyntheticNumber(PatientBirth, false, 512)
	if err != nil {
		panic(err)
	}
	return nin
}

// Evidence returns a signed form dated at, as consent and acceptances
// recorded on someone else's word need.
func Evidence(at time.Time) *lkt.Evidence {
	return &lkt.Evidence{Kind: lkt.SignedForm, Date: at, Reference: "Archive 2026/17"}
}

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
	// plan adds the plan steps (WithPlan).
	plan bool
}

// NewBuilder returns a builder for the fixture community.
func NewBuilder() Builder {
	return Builder{ID: CommunityID, Patient: lkt.Patient{ID: PatientID, Name: "Jonas Berg", NationalID: patientNIN()}}
}

// Without returns a builder that leaves out the named steps.
func (b Builder) Without(steps ...string) Builder {
	b.skip = append(slices.Clone(b.skip), steps...)
	return b
}

// WithID returns a builder for a community with another id, whose patient
// is another child born about the same day: one with a synthetic national
// identity number of their own (the same for the same id throughout the
// process), since a patient has only one open community
// (lkt.RuleOneOpenCommunity). WithID(CommunityID) is the fixture patient's.
func (b Builder) WithID(id lkt.ID) Builder {
	b.ID = id
	b.Patient.NationalID = nationalIDOf(id)
	return b
}

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
		{ID: MotherID, Name: "Kari Berg", Role: roles.ParentGuardian, ParentalResponsibility: true, Contact: actormap.Contact{Phone: "+47 400 00 001"},
			Basis: ParentalBasis()},
		{ID: GPID, Name: "Per Hauge", Role: roles.GeneralPractitioner, Organisation: "Os legesenter", HPR: "1234560"},
		{ID: ContactPhysicianID, Name: "Ingrid Lunde", Role: roles.SpecialistPhysician, Organisation: "Helse Bergen", Workplace: "Ortopedisk klinikk"},
		{ID: InternalCoordinatorID, Name: "Mona Vik", Role: roles.HospitalNurse, Organisation: "Helse Bergen", Workplace: "Barne- og ungdomsklinikken"},
	}
}

// ParentalBasis is what a fixture parent's parental responsibility rests
// on: the population register, since the child's birth.
func ParentalBasis() *lkt.RepresentationBasis {
	return &lkt.RepresentationBasis{Kind: lkt.BasisPopulationRegister, Authority: "Folkeregisteret", Date: PatientBirth,
		Reference: "Folkeregisteret, foreldreansvar"}
}

// GuardianshipBasis is a guardianship decision appointing a legal
// representative for health and care, dated on.
func GuardianshipBasis(on time.Time) *lkt.RepresentationBasis {
	return &lkt.RepresentationBasis{Kind: lkt.BasisGuardianship, Authority: "Statsforvalteren i Vestland", Date: on,
		Reference: "2026/1234", Scope: "Personal matters, including health and care"}
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
	add(StepConsent, Coordinator, lkt.GiveConsent{GivenBy: MotherID, Note: "Signed consent form at home visit.", Evidence: Evidence(now)})
	for _, m := range members[1:] {
		add("member:"+string(m.ID), Coordinator, lkt.AddMember{Member: m})
	}
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.IdentifiedJointly, Note: "Agreed in the joint intake meeting."})
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.BenefitAgreed})
	add(StepInclusion, Coordinator, lkt.RecordInclusion{Criterion: lkt.Informed})
	add(StepGP, Coordinator, lkt.AssignRole{Role: roles.GP, MemberID: GPID})
	add(StepContactClinician, Coordinator, lkt.AssignRole{Role: roles.ContactClinician, MemberID: ContactPhysicianID})
	add(StepInternalCoordinator, Coordinator, lkt.AssignRole{Role: roles.InternalCoordinator, MemberID: InternalCoordinatorID})
	add(StepCoordinator, Coordinator, lkt.AppointCoordinator{MemberID: CoordinatorID})
	add(StepAnchoring, Coordinator, lkt.AnchorMandate{
		LineManager: lkt.LineManager{Name: "Eva Dale", Title: "Head of rehabilitation", Organisation: "Bjørnafjorden kommune"}, AcknowledgedOn: now})
	add(StepStory, Mother, lkt.ReviseStory{
		GoodDay:    "A good day is when Jonas sleeps through the night, gets to school and plays games with his friends in the evening.",
		Challenges: []string{"Pain and fatigue after sitting", "Assistants keep changing"}})
	add(StepActivate, Coordinator, lkt.Activate{})
	if b.plan {
		out = append(out, b.planSteps(now)...)
	}
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
		{"no consent", StepConsent, lkt.RuleConsentRequired, lkt.ConsentRequired},
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

// Plan step names, usable with Builder.Without on a builder WithPlan.
const (
	StepPlanMembers = "plan-members"
	StepDraftPlan   = "draft-plan"
	StepAcceptPlan  = "accept-plan"
	// StepLeadersAccept records the acceptance of each leader the plan
	// names, on their word with evidence, by the coordinator.
	StepLeadersAccept = "leaders-accept"
	StepAgreePlan     = "agree-plan"
)

// The members the fixture plan adds: the people around Jonas's school day
// and the aids he needs after the operation.
const (
	TeacherID               actormap.ActorID = "m-lars"
	OccupationalTherapistID actormap.ActorID = "m-eli"
	AssistantID             actormap.ActorID = "m-anne"
)

// Teacher is the principal of Jonas's contact teacher.
var Teacher = lkt.Person(TeacherID)

// WithPlan returns a builder that, after activation, adds the plan's
// members and drafts, accepts and agrees the fixture plan (PlanSections).
func (b Builder) WithPlan() Builder { b.plan = true; return b }

// PlanMembers are the members the fixture plan names besides the founding
// ones.
func PlanMembers() []lkt.NewMember {
	return []lkt.NewMember{
		{ID: TeacherID, Name: "Lars Tveit", Role: roles.School, Organisation: "Os ungdomsskule"},
		{ID: OccupationalTherapistID, Name: "Eli Sande", Role: roles.OccupationalTherapist, Organisation: "Bjørnafjorden kommune"},
		{ID: AssistantID, Name: "Anne Moe", Role: roles.Assistant, Organisation: "Bjørnafjorden kommune"},
	}
}

// OperationDay is the day of Jonas's planned back operation in the
// fixture plan: seven weeks after the day the plan is drafted.
func OperationDay(drafted time.Time) time.Time { return drafted.AddDate(0, 0, 49) }

// PlanSections is the plan that would have prevented what the report tells
// of the boy of 15 (6.2.5): a planned back operation with aids and help
// ready at discharge, assistants trained before they are needed, school
// from home arranged, and a phase model that says who does what when it
// does not go as planned. Dates are counted from drafted.
func PlanSections(drafted time.Time) plan.Sections {
	op := OperationDay(drafted)
	m := func(id actormap.ActorID) plan.MemberID { return plan.MemberID(id) }
	return plan.Sections{
		Patient: plan.PatientSection{
			StoryRevision: 1,
			WhoIs: "Jonas is 15 and lives with his parents in Os. He loves gaming with his friends in the evening. " +
				"He has a progressive neuromuscular condition with scoliosis, and a back operation is planned this spring.",
			Challenges: []string{"Pain and fatigue after sitting", "Assistants keep changing",
				"Getting to school and staying in touch with friends around the operation"},
		},
		Roles: plan.RolesSection{
			Responsibilities: []plan.Responsibility{
				{Member: m(CoordinatorID), Task: "Leads the community; Jonas's and his parents' one point of contact; trains new assistants with the occupational therapist"},
				{Member: m(GPID), Task: "Pain treatment and medication at home; follows up after discharge"},
				{Member: m(ContactPhysicianID), Task: "The operation and its aftercare; tells the GP and the coordinator what help Jonas will need afterwards"},
				{Member: m(InternalCoordinatorID), Task: "Admission and discharge dates; brings the hospital's physiotherapist into the meetings"},
				{Member: m(MotherID), Task: "Tells the coordinator when Jonas's days change; speaks for Jonas with him"},
				{Member: m(TeacherID), Task: "School and school from home, with the class kept in touch"},
				{Member: m(OccupationalTherapistID), Task: "Aids and equipment at home and at school, in place before discharge"},
			},
			Missing: []plan.ActorNeed{{Need: "Hospital physiotherapist at the paediatric surgery ward",
				Reason: "The parents asked for dialogue between the municipal physiotherapist and the surgeon's team"}},
			Mandate: plan.Mandate{
				ContactPoint: "Silje is the one Jonas and his parents call first, about anything in the plan; she answers within a working day",
				Leading:      "Silje leads the collaboration meetings, follows up what was agreed and calls the community together when something changes",
				Tasks:        []string{"Trains new assistants with the occupational therapist"},
			},
			Leaders: []plan.Leader{
				{Name: "Hans Os", Title: "Medical director", Organisation: "Os legesenter"},
				{Name: "Randi Berge", Title: "Head of the paediatric clinic", Organisation: "Helse Bergen"},
				{Name: "Nils Tveit", Title: "Head teacher", Organisation: "Os ungdomsskule"},
			},
		},
		Communication: plan.CommunicationSection{Lines: []plan.Line{
			{From: m(ContactPhysicianID), To: []plan.MemberID{m(GPID), m(CoordinatorID)}, About: "the operation, complications and the help needed afterwards", Channel: plan.ByDischargeSummary, Frequency: "at every discharge"},
			{From: m(InternalCoordinatorID), To: []plan.MemberID{m(CoordinatorID)}, About: "admission and discharge dates", Channel: plan.ByElectronicMessage, Frequency: "as soon as a date is set"},
			{From: m(CoordinatorID), To: []plan.MemberID{m(MotherID)}, About: "what is agreed and what is ready", Channel: plan.ByPhone, Frequency: "weekly around the operation, monthly otherwise"},
			{From: m(TeacherID), To: []plan.MemberID{m(MotherID)}, About: "school work and the class", Channel: plan.ByContactBook, Frequency: "weekly"},
		}},
		Contingency: plan.ContingencySection{
			Transitions: []plan.Transition{
				{Kind: plan.Operation, Planned: true, What: "Back operation (scoliosis) at the paediatric surgery ward", When: &op, Measures: []plan.Measure{
					{What: "Aids for care and transfers tried out and in place at home and at school", Responsible: m(OccupationalTherapistID), WithinDays: 0},
					{What: "New assistants trained in care and transfers before discharge", Responsible: m(CoordinatorID)},
					{What: "School from home arranged with digital participation in class", Responsible: m(TeacherID)},
				}},
				{Kind: plan.HelperLeaving, What: "An assistant leaves", Measures: []plan.Measure{
					{What: "Recruit and train a successor with two weeks' overlap", Responsible: m(CoordinatorID), WithinDays: 14},
				}},
				{Kind: plan.ActorIllness, What: "The coordinator is ill or away", Measures: []plan.Measure{
					{What: "Stands in as Jonas's point of contact", Responsible: m(InternalCoordinatorID), WithinDays: 1},
				}},
			},
			Phases: plan.Phases{
				Green: plan.PhasePlan{Signs: []string{"Sleeps through the night", "At school most days"},
					Measures: []plan.Measure{{What: "Daily help at school", Responsible: m(AssistantID)}}},
				Yellow: plan.PhasePlan{Signs: []string{"Pain rising", "Missing school more than two days a week"},
					Measures: []plan.Measure{
						{What: "Review the pain medication", Responsible: m(GPID), WithinDays: 2},
						{What: "Call a collaboration meeting", Responsible: m(CoordinatorID), WithinDays: 7},
					}},
				Red: plan.PhasePlan{Signs: []string{"Complications after the operation", "Cannot sit or be moved without severe pain"},
					Measures: []plan.Measure{
						{What: "Contact the orthopaedic ward the same day", Responsible: m(ContactPhysicianID)},
						{What: "Arrange assessment or admission", Responsible: m(InternalCoordinatorID), WithinDays: 1},
						{What: "Tell the school and organise extra help at home so the father can stay at work", Responsible: m(CoordinatorID), WithinDays: 1},
					}},
			},
		},
		AnnualWheel: plan.AnnualWheel{Activities: []plan.Activity{
			{ID: "evaluation-meeting", Title: "Evaluation meeting", Responsible: m(CoordinatorID), Recurrence: plan.Recurrence{Every: 6, Unit: plan.Month}},
			{ID: "school-meeting", Title: "Meeting with the school", Responsible: m(TeacherID), Recurrence: plan.Recurrence{Every: 3, Unit: plan.Month}},
			{ID: "before-admission", Title: "Collaboration meeting before the elective admission", Responsible: m(InternalCoordinatorID), Recurrence: plan.Recurrence{On: plan.BeforeElectiveAdmission}},
			{ID: "before-discharge", Title: "Collaboration meeting before discharge", Responsible: m(InternalCoordinatorID), Recurrence: plan.Recurrence{On: plan.BeforeDischarge, WithinDays: 3}},
			{ID: "home-visit", Title: "Home visit after discharge", Responsible: m(CoordinatorID), Recurrence: plan.Recurrence{On: plan.AfterDischarge, WithinDays: 7}},
			{ID: "red-meeting", Title: "Crisis meeting in the red phase", Responsible: m(CoordinatorID), Recurrence: plan.Recurrence{On: plan.OnRed, WithinDays: 2}},
		}},
		Documentation: plan.DocumentationSection{
			Entries: []plan.DocEntry{
				{What: "This plan and its revisions", Who: m(CoordinatorID), Where: "go-lkt, shared with every member"},
				{What: "Meeting notes and decisions", Who: m(CoordinatorID), Where: "go-lkt meeting log"},
				{What: "Treatment and the operation", Who: m(ContactPhysicianID), Where: "Hospital record (DIPS)"},
			},
			Stories: "Jonas's own story stays in his words in element A and is not copied into the records. " +
				"Members refer to its revision instead of retelling it.",
		},
		Evaluation: plan.EvaluationPlan{
			What:        []string{"Were aids and help ready at discharge?", "Is Jonas back at school and with his friends?", "Did everyone do what was agreed?"},
			How:         "In the evaluation meeting, with Jonas and his parents, going through the log and the deviations",
			Dates:       []time.Time{drafted.AddDate(0, 3, 0), drafted.AddDate(0, 6, 0)},
			Responsible: m(CoordinatorID),
		},
	}
}

// planSteps adds the plan's members and drafts, accepts and agrees the plan.
func (b Builder) planSteps(now time.Time) []Step {
	var out []Step
	add := func(name string, by lkt.Principal, cmd lkt.Command) {
		if !slices.Contains(b.skip, name) {
			out = append(out, Step{name, by, cmd})
		}
	}
	for _, m := range PlanMembers() {
		add(StepPlanMembers, Coordinator, lkt.AddMember{Member: m})
	}
	add(StepDraftPlan, Coordinator, lkt.DraftPlan{Sections: PlanSections(now),
		AlsoAccepting: []plan.MemberID{plan.MemberID(TeacherID), plan.MemberID(OccupationalTherapistID)},
		Note:          "Drafted with Jonas and his mother before the operation."})
	for _, p := range []lkt.Principal{Mother, Coordinator, GP, ContactPhysician, InternalCoordinator, Teacher, lkt.Person(OccupationalTherapistID)} {
		add(StepAcceptPlan, p, lkt.AcceptPlan{Revision: 1, AcceptedBy: p.ID})
	}
	add(StepAcceptPlan, Coordinator, lkt.AcceptPlan{Revision: 1, LineManager: &lkt.LineManager{Name: "Eva Dale", Organisation: "Bjørnafjorden kommune"},
		Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: now, Reference: "Bjørnafjorden kommune, arkivsak 2026/88"}})
	if !slices.Contains(b.skip, StepDraftPlan) {
		// The leaders accept the drafted plan; without it there is nothing
		// to accept.
		for _, a := range LeaderAcceptances(1, PlanSections(now), now) {
			add(StepLeadersAccept, Coordinator, a)
		}
	}
	add(StepAgreePlan, Coordinator, lkt.AgreePlan{Revision: 1})
	return out
}

// LeaderAcceptances are the acceptances of the leaders sections name, each
// on a signed plan dated at, for the coordinator to record on revision rev.
func LeaderAcceptances(rev int, sections plan.Sections, at time.Time) []lkt.AcceptPlan {
	var out []lkt.AcceptPlan
	for _, l := range sections.Roles.Leaders {
		out = append(out, lkt.AcceptPlan{Revision: rev, Leader: &l,
			Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: at, Reference: "Signed plan, " + l.Organisation}})
	}
	return out
}

// WithAgreedPlan builds the active fixture community with its agreed plan
// on a fresh clock.
func WithAgreedPlan(t testing.TB) (*lkt.Community, *Clock) {
	t.Helper()
	clock := NewClock(Start)
	return NewBuilder().WithPlan().Build(t, Config(clock)), clock
}
