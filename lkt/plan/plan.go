package plan

import (
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// MemberID identifies the patient or a member of the actor community: the
// same identifier package lkt uses for them.
type MemberID string

// Person is what the plan needs to know about someone it names. Package lkt
// supplies it through a Directory.
type Person struct {
	ID   MemberID
	Name string
	// Role is the person's own role; roles.Patient for the patient.
	Role roles.Code
	// Holds is the mandatory role the person holds, "" if none.
	Holds roles.Code
	// Member is true while the person is part of the community (the
	// patient always is).
	Member bool
	// Active is true while the person takes part: a member who has not
	// left and is not on leave.
	Active bool
}

// Directory looks up the people a plan names.
type Directory interface {
	Person(id MemberID) (Person, bool)
}

// Plan is element D, the community's plan for collaboration ("felles plan
// for samarbeid"): its seven sections and who must accept it.
type Plan struct {
	Sections Sections `json:"sections"`
	// AlsoAccepting are members who must accept the plan besides those the
	// report requires (the patient or a representative, the four
	// mandatory-role holders and the line manager who anchored the
	// coordinator's mandate). The community decides; often it is everyone
	// with a task in the plan.
	AlsoAccepting []MemberID `json:"alsoAccepting,omitempty" validate:"max=100,dive,max=200"`
}

// Sections are the seven sections report 7.1.4 lists.
type Sections struct {
	Patient       PatientSection       `json:"patient"`
	Roles         RolesSection         `json:"roles"`
	Communication CommunicationSection `json:"communication"`
	Contingency   ContingencySection   `json:"contingency"`
	AnnualWheel   AnnualWheel          `json:"annualWheel"`
	Documentation DocumentationSection `json:"documentation"`
	Evaluation    EvaluationPlan       `json:"evaluation"`
}

// PatientSection is section 1: who the patient is and the challenges in
// the shared zone ("samsonen"), drawn from element A.
type PatientSection struct {
	// StoryRevision is the revision of the patient's story (element A) the
	// section is based on.
	StoryRevision int `json:"storyRevision"`
	// WhoIs says who the patient is, in words agreed with them.
	WhoIs string `json:"whoIs" validate:"max=20000,multiline"`
	// Challenges are the challenges the community works on together.
	Challenges []string `json:"challenges" validate:"max=50,dive,max=2000"`
}

// RolesSection is section 2: what each member is responsible for, and the
// actors the community agrees are missing or no longer needed.
type RolesSection struct {
	Responsibilities []Responsibility `json:"responsibilities" validate:"max=200,dive"`
	Missing          []ActorNeed      `json:"missing,omitempty" validate:"max=50,dive"`
	NotNeeded        []ActorNeed      `json:"notNeeded,omitempty" validate:"max=50,dive"`
	// Mandate is the coordinator's mandate as the community agrees it: the
	// plan "vil også fungere som et mandat" for the coordinator (7.1.4), so
	// every party accepts it with the plan.
	Mandate Mandate `json:"mandate"`
	// Leaders are, for each organisation taking part, the leader who knows
	// and recognises the coordinator role and is a party to the plan: the
	// plan is "en nødvendig avtale mellom ledere i samarbeidende
	// organisasjoner" (7.1.4). The coordinator's own organisation is covered
	// by the line manager who anchored the mandate. Each leader named must
	// accept the revision (an OrganisationLeader party) before it binds.
	Leaders []Leader `json:"leaders,omitempty" validate:"max=50,dive"`
}

// Leader is an organisation's leader who recognises the coordinator role
// and is a party to the plan.
type Leader struct {
	Name         string `json:"name" validate:"max=200"`
	Title        string `json:"title,omitempty" validate:"max=200"`
	Organisation string `json:"organisation" validate:"max=200"`
}

// LeaderFor returns the plan's leader for organisation org (compared
// without case and surrounding blanks).
func (r RolesSection) LeaderFor(org string) (Leader, bool) {
	for _, l := range r.Leaders {
		if strings.EqualFold(strings.TrimSpace(l.Organisation), strings.TrimSpace(org)) && strings.TrimSpace(l.Name) != "" {
			return l, true
		}
	}
	return Leader{}, false
}

// Party is the leader as a party who must accept the plan.
func (l Leader) Party() Party {
	return Party{Kind: OrganisationLeader, Name: strings.TrimSpace(l.Name), Organisation: strings.TrimSpace(l.Organisation)}
}

// Mandate is the coordinator and leader's mandate in the community's own
// words (report 7.1.3). Its two main tasks are required: being the central
// contact point for the patient and relatives, and leading the community's
// work. The authority to intervene when a party does not do what was
// agreed goes with every mandate and is not written here.
type Mandate struct {
	// ContactPoint says how the coordinator is the central contact point
	// for the patient and relatives.
	ContactPoint string `json:"contactPoint" validate:"max=2000"`
	// Leading says how the coordinator leads the community's work.
	Leading string `json:"leading" validate:"max=2000"`
	// Tasks are further tasks the community gives the coordinator.
	Tasks []string `json:"tasks,omitempty" validate:"max=50,dive,max=2000"`
	// Authority lists what the coordinator may decide.
	Authority []string `json:"authority,omitempty" validate:"max=50,dive,max=2000"`
}

// Responsibility is what one member is responsible for.
type Responsibility struct {
	Member MemberID `json:"member" validate:"max=200"`
	Task   string   `json:"task" validate:"max=2000"`
}

// ActorNeed is an actor (role or function) the community agrees is missing,
// or one it no longer needs.
type ActorNeed struct {
	// Need names the role or function, e.g. "occupational therapist for
	// the school".
	Need string `json:"need" validate:"max=500"`
	// Role is the catalogue role, if there is one.
	Role roles.Code `json:"role,omitempty" validate:"max=100"`
	// Member is the member no longer needed, if it is a person.
	Member MemberID `json:"member,omitempty" validate:"max=200"`
	Reason string   `json:"reason,omitempty" validate:"max=2000"`
}

// Channel is how information travels between actors.
type Channel string

// The channels the report's communities use.
const (
	ByMeeting           Channel = "meeting"            // samarbeidsmøte, ansvarsgruppemøte
	ByPhone             Channel = "phone"              // telefon
	ByElectronicMessage Channel = "electronic-message" // PLO-melding, dialogmelding
	ByDischargeSummary  Channel = "discharge-summary"  // epikrise
	ByReferral          Channel = "referral"           // henvisning
	ByLetter            Channel = "letter"             // brev
	ByVideo             Channel = "video"              // video
	ByContactBook       Channel = "contact-book"       // kontaktbok, meldingsbok
)

// Channels lists the channels in a fixed order.
func Channels() []Channel {
	return []Channel{ByMeeting, ByPhone, ByElectronicMessage, ByDischargeSummary, ByReferral, ByLetter, ByVideo, ByContactBook}
}

// Valid reports whether ch is a known channel.
func (ch Channel) Valid() bool { return slices.Contains(Channels(), ch) }

// CommunicationSection is section 3: who informs whom, about what, through
// which channel, how often.
type CommunicationSection struct {
	Lines []Line `json:"lines" validate:"max=200,dive"`
}

// Line is one line of communication.
type Line struct {
	From    MemberID   `json:"from" validate:"max=200"`
	To      []MemberID `json:"to" validate:"max=50,dive,max=200"`
	About   string     `json:"about" validate:"max=2000"`
	Channel Channel    `json:"channel" validate:"max=50"`
	// Frequency is how often, e.g. "weekly", "after every outpatient visit".
	Frequency string `json:"frequency" validate:"max=200"`
}

// ChangeKind is a kind of change in the patient's life the community
// prepares for (report 6.2.5 and 7.1.4).
type ChangeKind string

// Planned and unplanned changes.
const (
	Operation      ChangeKind = "operation"       // planned operation or intervention
	SchoolChange   ChangeKind = "school-change"   // new school, kindergarten to school …
	ChildToAdult   ChangeKind = "child-to-adult"  // from child to adult services
	Holiday        ChangeKind = "holiday"         // holidays ("ferieavvikling")
	AcuteWorsening ChangeKind = "acute-worsening" // unexpected worsening, acute events
	HelperLeaving  ChangeKind = "helper-leaving"  // a key helper leaves, the actor map changes
	ActorIllness   ChangeKind = "actor-illness"   // sick leave among the actors
	NewIllness     ChangeKind = "new-illness"     // new illness
	OtherChange    ChangeKind = "other"           // anything else; say whether it is planned
)

var plannedKinds = map[ChangeKind]bool{Operation: true, SchoolChange: true, ChildToAdult: true, Holiday: true}
var unplannedKinds = map[ChangeKind]bool{AcuteWorsening: true, HelperLeaving: true, ActorIllness: true, NewIllness: true}

// Valid reports whether k is a known kind of change.
func (k ChangeKind) Valid() bool { return plannedKinds[k] || unplannedKinds[k] || k == OtherChange }

// ContingencySection is section 4: transitions and contingency — "who does
// what if…" — and the phase model.
type ContingencySection struct {
	Transitions []Transition `json:"transitions" validate:"max=100,dive"`
	Phases      Phases       `json:"phases"`
}

// Transition is a planned or unplanned change and who does what then.
type Transition struct {
	Kind ChangeKind `json:"kind" validate:"max=50"`
	// Planned must agree with Kind: operations, school changes, the move to
	// adult services and holidays are planned; the others are not.
	Planned bool   `json:"planned"`
	What    string `json:"what" validate:"max=2000"`
	// When is the expected date of a planned change, if known.
	When *time.Time `json:"when,omitempty"`
	// Actor is the member whose leaving or illness the change plans for,
	// if it is about one person: "hvem gjør hva hvis Tone slutter". A
	// lifebuoy on the actor map needs such a transition (see Gaps).
	Actor    MemberID  `json:"actor,omitempty" validate:"max=200"`
	Measures []Measure `json:"measures" validate:"max=100,dive"`
}

// Covers reports whether t plans for member id falling away: a key helper
// leaving or illness among the actors, naming them.
func (t Transition) Covers(id MemberID) bool {
	return t.Actor == id && (t.Kind == HelperLeaving || t.Kind == ActorIllness)
}

// Measure is one thing one member does: "who does what".
type Measure struct {
	What        string   `json:"what" validate:"max=2000"`
	Responsible MemberID `json:"responsible" validate:"max=200"`
	// WithinDays is how soon after the measure is activated it must be
	// done; 0 means at once.
	WithinDays int `json:"withinDays,omitempty"`
}

// Phase is a phase of the phase model ("forløpsfasemodellen", report 4.5).
type Phase string

// The phase model's phases.
const (
	Green  Phase = "green"  // stable working phase: measures defined and followed
	Yellow Phase = "yellow" // unstable: existing measures reinforced
	Red    Phase = "red"    // acute: further reinforcement, contact with specialist services
)

// PhaseOrder lists the phases from stable to acute.
func PhaseOrder() []Phase { return []Phase{Green, Yellow, Red} }

// Valid reports whether p is a phase of the model.
func (p Phase) Valid() bool { return p == Green || p == Yellow || p == Red }

// Phases holds the phase model: for each phase, the signs that mark it and
// the measures, each with a responsible member.
type Phases struct {
	Green  PhasePlan `json:"green"`
	Yellow PhasePlan `json:"yellow"`
	Red    PhasePlan `json:"red"`
}

// Of returns the plan for phase p.
func (ps Phases) Of(p Phase) PhasePlan {
	switch p {
	case Green:
		return ps.Green
	case Yellow:
		return ps.Yellow
	case Red:
		return ps.Red
	}
	return PhasePlan{}
}

// PhasePlan is one phase: its signs and measures.
type PhasePlan struct {
	Signs    []string  `json:"signs" validate:"max=50,dive,max=2000"`
	Measures []Measure `json:"measures" validate:"max=100,dive"`
}

// AnnualWheel is section 5, the annual wheel ("årshjul"): the minimum
// package of mandatory activities with their recurrence.
type AnnualWheel struct {
	Activities []Activity `json:"activities" validate:"max=100,dive"`
}

// Activity is one mandatory activity of the annual wheel.
type Activity struct {
	// ID is a stable key, unique in the plan and kept across revisions,
	// e.g. "evaluation-meeting"; the log refers to it.
	ID          string     `json:"id" validate:"max=100"`
	Title       string     `json:"title" validate:"max=500"`
	Responsible MemberID   `json:"responsible" validate:"max=200"`
	Recurrence  Recurrence `json:"recurrence"`
}

// DocumentationSection is section 6: what is documented, by whom and
// where, and how the patient's stories are kept.
type DocumentationSection struct {
	Entries []DocEntry `json:"entries" validate:"max=100,dive"`
	// Stories says, as agreed with the patient, how and where their stories
	// are kept and why — so that records do not "write the person down"
	// (report 7.2).
	Stories string `json:"stories" validate:"max=20000,multiline"`
}

// DocEntry is one documentation agreement.
type DocEntry struct {
	What  string   `json:"what" validate:"max=2000"`
	Who   MemberID `json:"who" validate:"max=200"`
	Where string   `json:"where" validate:"max=500"`
}

// EvaluationPlan is section 7: what is evaluated, when and how.
type EvaluationPlan struct {
	What []string `json:"what" validate:"max=50,dive,max=2000"`
	How  string   `json:"how" validate:"max=5000,multiline"`
	// Dates are the evaluation dates, in order. A date must lie in the
	// future when it is set.
	Dates       []time.Time `json:"dates" validate:"max=100"`
	Responsible MemberID    `json:"responsible" validate:"max=200"`
}

// Clone returns a deep copy of p.
func (p Plan) Clone() Plan {
	out := p
	out.AlsoAccepting = slices.Clone(p.AlsoAccepting)
	s := &out.Sections
	s.Patient.Challenges = slices.Clone(p.Sections.Patient.Challenges)
	s.Roles.Responsibilities = slices.Clone(p.Sections.Roles.Responsibilities)
	s.Roles.Missing = slices.Clone(p.Sections.Roles.Missing)
	s.Roles.NotNeeded = slices.Clone(p.Sections.Roles.NotNeeded)
	s.Roles.Leaders = slices.Clone(p.Sections.Roles.Leaders)
	s.Roles.Mandate.Tasks = slices.Clone(p.Sections.Roles.Mandate.Tasks)
	s.Roles.Mandate.Authority = slices.Clone(p.Sections.Roles.Mandate.Authority)
	if p.Sections.Communication.Lines != nil {
		s.Communication.Lines = make([]Line, len(p.Sections.Communication.Lines))
		for i, l := range p.Sections.Communication.Lines {
			l.To = slices.Clone(l.To)
			s.Communication.Lines[i] = l
		}
	}
	if p.Sections.Contingency.Transitions != nil {
		s.Contingency.Transitions = make([]Transition, len(p.Sections.Contingency.Transitions))
		for i, t := range p.Sections.Contingency.Transitions {
			t.Measures = slices.Clone(t.Measures)
			if t.When != nil {
				w := *t.When
				t.When = &w
			}
			s.Contingency.Transitions[i] = t
		}
	}
	for _, ph := range []*PhasePlan{&s.Contingency.Phases.Green, &s.Contingency.Phases.Yellow, &s.Contingency.Phases.Red} {
		ph.Signs, ph.Measures = slices.Clone(ph.Signs), slices.Clone(ph.Measures)
	}
	if p.Sections.AnnualWheel.Activities != nil {
		s.AnnualWheel.Activities = make([]Activity, len(p.Sections.AnnualWheel.Activities))
		for i, a := range p.Sections.AnnualWheel.Activities {
			if a.Recurrence.From != nil {
				f := *a.Recurrence.From
				a.Recurrence.From = &f
			}
			s.AnnualWheel.Activities[i] = a
		}
	}
	s.Documentation.Entries = slices.Clone(p.Sections.Documentation.Entries)
	s.Evaluation.What = slices.Clone(p.Sections.Evaluation.What)
	s.Evaluation.Dates = slices.Clone(p.Sections.Evaluation.Dates)
	return out
}

// Activity returns the annual-wheel activity with id.
func (p Plan) Activity(id string) (Activity, bool) {
	for _, a := range p.Sections.AnnualWheel.Activities {
		if a.ID == id {
			return a, true
		}
	}
	return Activity{}, false
}

// Responsible lists every member the plan makes responsible for something,
// once each, in the order they first appear.
func (p Plan) Responsible() []MemberID {
	var out []MemberID
	add := func(id MemberID) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	s := p.Sections
	for _, r := range s.Roles.Responsibilities {
		add(r.Member)
	}
	for _, t := range s.Contingency.Transitions {
		for _, m := range t.Measures {
			add(m.Responsible)
		}
	}
	for _, ph := range PhaseOrder() {
		for _, m := range s.Contingency.Phases.Of(ph).Measures {
			add(m.Responsible)
		}
	}
	for _, a := range s.AnnualWheel.Activities {
		add(a.Responsible)
	}
	for _, d := range s.Documentation.Entries {
		add(d.Who)
	}
	add(s.Evaluation.Responsible)
	return out
}

// Revision is one version of the plan. Every revision is kept: a change to
// an agreed plan is a new revision, which must be agreed again; until then
// the agreed one stays in force.
type Revision struct {
	No        int       `json:"no"`
	Plan      Plan      `json:"plan"`
	DraftedAt time.Time `json:"draftedAt"`
	DraftedBy MemberID  `json:"draftedBy"`
	// Note says why the plan was drafted or revised.
	Note        string       `json:"note,omitempty"`
	Acceptances []Acceptance `json:"acceptances,omitempty"`
	// AgreedAt is when the revision was agreed and began to bind.
	AgreedAt *time.Time `json:"agreedAt,omitempty"`
	AgreedBy MemberID   `json:"agreedBy,omitempty"`
}

// Agreed reports whether the revision has been agreed.
func (r Revision) Agreed() bool { return r.AgreedAt != nil }

// Clone returns a deep copy of r.
func (r Revision) Clone() Revision {
	r.Plan = r.Plan.Clone()
	r.Acceptances = slices.Clone(r.Acceptances)
	for i, a := range r.Acceptances {
		if a.Evidence != nil {
			e := *a.Evidence
			r.Acceptances[i].Evidence = &e
		}
	}
	if r.AgreedAt != nil {
		a := *r.AgreedAt
		r.AgreedAt = &a
	}
	return r
}

// PartyKind is in which capacity someone accepts a plan.
type PartyKind string

// Parties to a plan.
const (
	PatientSide PartyKind = "patient-side" // the patient, or a representative for them
	AsMember    PartyKind = "member"       // a member of the community
	LineManager PartyKind = "line-manager" // a line manager anchoring a mandate
	// OrganisationLeader is the leader of an organisation taking part, who
	// recognises the coordinator role and is a party to the plan (7.1.3,
	// 7.1.4); named in RolesSection.Leaders.
	OrganisationLeader PartyKind = "leader"
)

// Party is someone whose acceptance a plan needs or has.
type Party struct {
	Kind PartyKind `json:"kind"`
	// Member is who accepted (patient side and members); for a required
	// member, who must.
	Member MemberID `json:"member,omitempty"`
	// Role is the mandatory role a required member holds, for labels.
	Role roles.Code `json:"role,omitempty"`
	// Name and Organisation name a line manager or an organisation's
	// leader, who are not members.
	Name         string `json:"name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

// Satisfies reports whether acceptance by p satisfies the requirement q.
func (p Party) Satisfies(q Party) bool {
	if p.Kind != q.Kind {
		return false
	}
	switch p.Kind {
	case PatientSide:
		return true
	case LineManager, OrganisationLeader:
		return strings.EqualFold(strings.TrimSpace(p.Name), strings.TrimSpace(q.Name)) &&
			strings.EqualFold(strings.TrimSpace(p.Organisation), strings.TrimSpace(q.Organisation))
	}
	return p.Member == q.Member
}

// Label names the party in lang, using d for members' names.
func (p Party) Label(lang roles.Lang, d Directory) string {
	switch {
	case p.Kind == LineManager:
		return p.Name + ", " + p.Organisation + " (" + roles.Labels{EN: "line manager", NB: "linjeleder", NN: "linjeleiar"}.In(lang) + ")"
	case p.Kind == OrganisationLeader:
		return p.Name + ", " + p.Organisation + " (" + roles.Labels{EN: "leader", NB: "leder", NN: "leiar"}.In(lang) + ")"
	case p.Kind == PatientSide && p.Member == "":
		return roles.Labels{EN: "the patient or their representative", NB: "pasienten eller pasientens representant", NN: "pasienten eller representanten til pasienten"}.In(lang)
	}
	per, ok := lookup(d, p.Member)
	if !ok {
		per = Person{Name: string(p.Member)}
	}
	switch {
	case per.Role == roles.Patient:
		return per.Name
	case p.Kind == PatientSide:
		return per.Name + " (" + roles.Labels{EN: "for the patient", NB: "på vegne av pasienten", NN: "på vegner av pasienten"}.In(lang) + ")"
	case p.Role != "":
		return per.Name + " (" + p.Role.Label(lang) + ")"
	case per.Role != "":
		return per.Name + " (" + per.Role.Label(lang) + ")"
	}
	return per.Name
}

// Acceptance records that a party accepted a revision.
type Acceptance struct {
	Party Party `json:"party"`
	// RecordedBy is who recorded it: the party themself (a representative
	// for the patient), or the one who recorded it on the party's word.
	RecordedBy MemberID  `json:"recordedBy"`
	At         time.Time `json:"at"`
	// OnBehalf marks an acceptance recorded on the party's word by someone
	// else (the coordinator, or a system configured for it), with the
	// Evidence it rests on; the line manager's and the leaders' always are.
	OnBehalf bool      `json:"onBehalf,omitempty"`
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Outstanding returns the parties in required whose acceptance r lacks.
func (r Revision) Outstanding(required []Party) []Party {
	var out []Party
	for _, q := range required {
		if !r.AcceptedBy(q) {
			out = append(out, q)
		}
	}
	return out
}

// AcceptedBy reports whether r holds an acceptance satisfying q.
func (r Revision) AcceptedBy(q Party) bool {
	_, ok := r.AcceptanceBy(q)
	return ok
}

// AcceptanceBy returns r's acceptance satisfying q.
func (r Revision) AcceptanceBy(q Party) (Acceptance, bool) {
	for _, a := range r.Acceptances {
		if a.Party.Satisfies(q) {
			return a, true
		}
	}
	return Acceptance{}, false
}
