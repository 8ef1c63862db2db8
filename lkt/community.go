package lkt

import (
	"maps"
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ID identifies an actor community.
type ID string

// Status is where a community is in its lifecycle.
type Status string

// The lifecycle: a community is drafted (consent, members, roles), activated
// once every precondition holds, may be paused and resumed, and is closed
// for good. Closed communities keep all their data and history.
const (
	Draft  Status = "draft"
	Active Status = "active"
	Paused Status = "paused"
	Closed Status = "closed"
)

// Patient is the person the community serves ("pasient/bruker").
type Patient struct {
	// ID is the integrator's identifier for the patient as a person; a
	// principal with this id acts as the patient.
	ID   actormap.ActorID `json:"id" validate:"required,max=200"`
	Name string           `json:"name" validate:"required,max=200,name"`
	// NationalID is the national identity number or D-number; the birth
	// date is derived from it when given.
	NationalID string `json:"nationalId,omitempty" validate:"omitempty,personnumber"`
	// BirthDate is required when there is no NationalID; if both are
	// given they must agree.
	BirthDate time.Time `json:"birthDate"`
	// LacksCapacity is set by a health professional's assessment
	// (AssessCapacity; every one is kept in Snapshot.Capacity): the patient
	// cannot consent, a legal representative does.
	LacksCapacity bool `json:"lacksCapacity,omitempty"`
}

// Member is one person in the actor community: an actor on the map plus
// what the community needs to know about them.
type Member struct {
	actormap.Actor
	// HPR is the health personnel register number, for health personnel.
	HPR string `json:"hpr,omitempty" validate:"omitempty,hpr"`
	// NationalID is the member's national identity number, if recorded
	// (relatives, representatives): matched against a sign-in's verified
	// number, and shown only to those who see personal details.
	NationalID string `json:"nationalId,omitempty" validate:"omitempty,personnumber"`
	// OrgNumber is the employing organisation's number (Enhetsregisteret).
	OrgNumber string `json:"orgNumber,omitempty" validate:"omitempty,orgnr"`
	// ParentalResponsibility marks a parent or guardian who holds parental
	// responsibility ("foreldreansvar") and so consents for a child under 16.
	ParentalResponsibility bool `json:"parentalResponsibility,omitempty"`
	// Basis is what a representative speaks for the patient on.
	Basis    *RepresentationBasis `json:"basis,omitempty"`
	JoinedAt time.Time            `json:"joinedAt"`
	// LeftAt is when the member was marked as left; continuity of relations
	// (member turnover) is measured from JoinedAt and LeftAt.
	LeftAt *time.Time `json:"leftAt,omitempty"`
}

// Snapshot is a community's whole state as plain data: what a Store keeps
// and what readers get. Changing a Snapshot changes nothing; commands do.
type Snapshot struct {
	ID           ID              `json:"id"`
	Municipality string          `json:"municipality"`
	Status       Status          `json:"status"`
	Patient      Patient         `json:"patient"`
	Consents     []Consent       `json:"consents"`
	Story        []StoryRevision `json:"story"`
	// Capacity is every assessment of the patient's capacity to consent,
	// oldest first; Patient.LacksCapacity is the latest one's finding.
	Capacity []CapacityAssessment `json:"capacity,omitempty"`
	// CareDecisions are the § 4-6 decisions, oldest first.
	CareDecisions []CareDecision                  `json:"careDecisions,omitempty"`
	Members       []Member                        `json:"members"`
	Holders       map[roles.Code]actormap.ActorID `json:"holders"`
	// Founder is the person who founded the community; before a
	// coordinator is appointed they act as one. Empty if a system founded it.
	Founder actormap.ActorID `json:"founder,omitempty"`
	// Notices are for the patient's side: who joined, who speaks for the
	// patient and on what basis (see PatientNotices).
	Notices []PatientNotice `json:"notices,omitempty"`
	// Vacated is when each mandatory role fell vacant because its holder
	// left with no successor; cleared when the role is filled.
	Vacated     map[roles.Code]time.Time `json:"vacated,omitempty"`
	Mandate     *Mandate                 `json:"mandate,omitempty"`
	Inclusion   []InclusionStep          `json:"inclusion"`
	CreatedAt   time.Time                `json:"createdAt"`
	ActivatedAt *time.Time               `json:"activatedAt,omitempty"`
	ClosedAt    *time.Time               `json:"closedAt,omitempty"`
	// StatusReason is why the community was last paused or closed.
	StatusReason string `json:"statusReason,omitempty"`
	// Ties are the communication lines of the actor map (B); the patient's
	// end is actormap.PatientID.
	Ties []actormap.Tie `json:"ties,omitempty"`
	// Situations place actors by proximity for a situation or phase.
	Situations []actormap.Situation `json:"situations,omitempty"`
	// Perspectives are the map as each member sees it.
	Perspectives []actormap.Perspective `json:"perspectives,omitempty"`
	// Plans holds every revision of the plan for collaboration (element
	// D), oldest first; none is ever overwritten.
	Plans []plan.Revision `json:"plans,omitempty"`
	// Execution is element E: the improvement cycle, the patient's phase
	// and the measures it activated, hospital stays, and the log of what
	// the community does.
	Execution plan.Execution `json:"execution"`
	// Withheld names what a reader's view leaves out (Community.ViewFor);
	// never set in a stored snapshot.
	Withheld []string `json:"withheld,omitempty"`
}

// Clone returns a deep copy of s: it shares no slice, map or pointer with
// it, so either can be changed without touching the other.
func (s Snapshot) Clone() Snapshot { return s.clone() }

// clone returns a deep copy, so a Snapshot handed out never aliases the
// aggregate's state.
func (s Snapshot) clone() Snapshot {
	out := s
	out.Plans, out.Execution = clonePlans(s.Plans), s.Execution.Clone()
	out.ActivatedAt, out.ClosedAt = clonePtr(s.ActivatedAt), clonePtr(s.ClosedAt)
	out.Consents = slices.Clone(s.Consents)
	for i := range out.Consents {
		k := &out.Consents[i]
		k.Relatives = slices.Clone(k.Relatives)
		k.WithdrawnAt, k.OnBehalf, k.WithdrawalOnBehalf = clonePtr(k.WithdrawnAt), clonePtr(k.OnBehalf), clonePtr(k.WithdrawalOnBehalf)
	}
	out.Capacity = slices.Clone(s.Capacity)
	for i := range out.Capacity {
		out.Capacity[i].ReviewOn = clonePtr(out.Capacity[i].ReviewOn)
	}
	out.CareDecisions = slices.Clone(s.CareDecisions)
	for i := range out.CareDecisions {
		d := &out.CareDecisions[i]
		d.NextOfKinHeard, d.EndedAt = slices.Clone(d.NextOfKinHeard), clonePtr(d.EndedAt)
	}
	out.Story = slices.Clone(s.Story)
	for i := range out.Story {
		out.Story[i] = out.Story[i].clone()
	}
	out.Members = slices.Clone(s.Members)
	for i := range out.Members {
		m := &out.Members[i]
		m.LeavingOn, m.LeftAt, m.Basis = clonePtr(m.LeavingOn), clonePtr(m.LeftAt), clonePtr(m.Basis)
	}
	out.Holders = maps.Clone(s.Holders)
	out.Notices = slices.Clone(s.Notices)
	out.Withheld = slices.Clone(s.Withheld)
	out.Vacated = maps.Clone(s.Vacated)
	if s.Mandate != nil {
		m := s.Mandate.clone()
		out.Mandate = &m
	}
	out.Inclusion = slices.Clone(s.Inclusion)
	out.Ties = slices.Clone(s.Ties)
	out.Situations = slices.Clone(s.Situations)
	for i, x := range out.Situations {
		out.Situations[i].Placements, out.Situations[i].Absent = slices.Clone(x.Placements), slices.Clone(x.Absent)
	}
	out.Perspectives = slices.Clone(s.Perspectives)
	for i, p := range out.Perspectives {
		out.Perspectives[i].Known, out.Perspectives[i].Ties, out.Perspectives[i].Holders = slices.Clone(p.Known), slices.Clone(p.Ties), maps.Clone(p.Holders)
	}
	return out
}

// Community is one patient's actor community ("aktørfellesskap") across the
// framework's elements: consent, the patient's story (A), the members and
// mandatory roles (B), the coordinator and mandate (C), and its lifecycle.
//
// Every change goes through Do, which checks the rules, changes state and
// records an Event. A Community is not safe for concurrent use; the Service
// gives each request its own copy and the Store settles races.
type Community struct {
	s       Snapshot
	version int64
	pending []Event
	cfg     Config
	// ground is set in a reader's view that withholds the capacity
	// assessments (ViewFor): what the consent state rests on, so that the
	// view's consent state is the community's.
	ground *careGround
	// viewedAt is the instant a reader's view was taken at (ViewFor).
	viewedAt time.Time
	// savedJSON is the JSON of the state as the Service last saved it, as
	// encoding/json writes it, if the store told it (Save.SnapshotJSON);
	// nil once the state changes other than by redact's top-level
	// members (see AppendSnapshotJSON). A pointer, so that Community stays
	// within its allocation size class: every load makes one.
	savedJSON *[]byte
}

// careGround is what a § 4-6 decision's being in force rests on.
type careGround struct {
	lacksCapacity bool
	decisions     []CareDecision
}

// NewCommunity is the input for creating a community.
type NewCommunity struct {
	// ID is 1 to 100 letters a–z, digits, '.', '_' and '-' (see ValidID).
	ID           ID      `json:"id" validate:"required,communityid"`
	Municipality string  `json:"municipality" validate:"required,max=100"`
	Patient      Patient `json:"patient"`
	// Founder is the professional who starts the community; they become its
	// first member. Required unless a system principal creates it.
	Founder *NewMember `json:"founder,omitempty"`
}

// Create starts a community in draft. Consent comes next: nothing is shared
// until the patient (or whoever may consent for them) has given it.
func Create(cfg Config, by Principal, in NewCommunity) (*Community, error) {
	synthetic := cfg.AcceptSyntheticIDs
	if err := checkFounder(by, in); err != nil {
		return nil, err
	}
	if err := validate(in, synthetic); err != nil {
		return nil, err
	}
	now := cfg.now()
	if isNationalIDKey(in.Patient.ID) {
		return nil, reservedID("patient.id")
	}
	p, err := completePatient(in.Patient, synthetic, now)
	if err != nil {
		return nil, err
	}
	c := &Community{cfg: cfg, s: Snapshot{
		ID: in.ID, Municipality: in.Municipality, Status: Draft, Patient: p,
		Holders: map[roles.Code]actormap.ActorID{}, CreatedAt: now,
	}}
	switch {
	case by.Kind == SystemPrincipal:
	case in.Founder == nil:
		return nil, invalid("founder", "is required: the professional who creates the community becomes its first member",
			"må fylles ut: fagpersonen som oppretter fellesskapet blir dets første medlem",
			"må fyllast ut: fagpersonen som opprettar fellesskapet, blir det første medlemmet i det")
	case in.Founder.ID != by.ID:
		return nil, forbidden("founder-is-creator", "the founder must be the person creating the community",
			"grunnleggeren må være personen som oppretter fellesskapet",
			"grunnleggjaren må vere personen som opprettar fellesskapet")
	}
	var founder *Member
	if in.Founder != nil {
		m, err := c.newMember(*in.Founder, "founder", now)
		if err != nil {
			return nil, err
		}
		if r, _ := roles.Lookup(m.Role); r.Kind != roles.KindProfessional {
			return nil, invalid("founder.role", "must be a professional role: the community is started by a service",
				"må være en fagrolle: fellesskapet startes av en tjeneste",
				"må vere ei fagrolle: fellesskapet blir starta av ei teneste")
		}
		founder = &m
		c.s.Members = append(c.s.Members, m)
		c.s.Founder = m.ID
	}
	c.record(by, now, CommunityCreated{Municipality: in.Municipality, Patient: p, Founder: founder})
	return c, nil
}

// completePatient validates the patient and derives the birth date.
func completePatient(p Patient, synthetic bool, now time.Time) (Patient, error) {
	if p.NationalID != "" {
		pn, err := ident.ParsePersonNumber(p.NationalID, ident.Options{AllowSynthetic: synthetic})
		if err != nil {
			return p, invalid("patient.nationalId", err.Error(), "er ikke et gyldig fødselsnummer eller D-nummer",
				"er ikkje eit gyldig fødselsnummer eller D-nummer")
		}
		if !p.BirthDate.IsZero() && !day(p.BirthDate).Equal(pn.BirthDate) {
			return p, invalid("patient.birthDate", "does not match the national identity number",
				"stemmer ikke med fødselsnummeret",
				"stemmer ikkje med fødselsnummeret")
		}
		p.BirthDate = pn.BirthDate
	}
	if p.BirthDate.IsZero() {
		return p, invalid("patient.birthDate", "is required when no national identity number is given",
			"må fylles ut når fødselsnummer mangler",
			"må fyllast ut når fødselsnummer manglar")
	}
	p.BirthDate = day(p.BirthDate)
	if p.BirthDate.After(now) {
		return p, invalid("patient.birthDate", "lies in the future", "ligger fram i tid", "ligg fram i tid")
	}
	if ageOn(p.BirthDate, now) > 130 {
		return p, invalid("patient.birthDate", "is more than 130 years ago", "er mer enn 130 år siden", "er meir enn 130 år sidan")
	}
	return p, nil
}

// Restore rebuilds a community from a stored snapshot at version. Stores
// call it; the snapshot is trusted to have been produced by go-lkt.
func Restore(cfg Config, s Snapshot, version int64) *Community {
	if s.Holders == nil {
		s.Holders = map[roles.Code]actormap.ActorID{}
	}
	return &Community{cfg: cfg, s: s, version: version}
}

// ID returns the community's id.
func (c *Community) ID() ID { return c.s.ID }

// Version is the number of events stored for the community: the version a
// Store compares against on save.
func (c *Community) Version() int64 { return c.version }

// Status returns the lifecycle status.
func (c *Community) Status() Status { return c.s.Status }

// Snapshot returns a deep copy of the whole state.
func (c *Community) Snapshot() Snapshot { return c.s.clone() }

// Encoder encodes a value: a json.Encoder, say.
type Encoder interface{ Encode(v any) error }

// EncodeSnapshot encodes the state with enc as it would encode Snapshot's
// copy, without making the copy: an adapter answering a community encodes
// it once and keeps nothing. enc must not keep or change what it is given.
func (c *Community) EncodeSnapshot(enc Encoder) error { return enc.Encode(&c.s) }

// Patient returns the patient.
func (c *Community) Patient() Patient { return c.s.Patient }

// Municipality returns the municipality the community belongs to.
func (c *Community) Municipality() string { return c.s.Municipality }

// Members returns every member, including those who have left.
func (c *Community) Members() []Member { return slices.Clone(c.s.Members) }

// Member returns the member with id.
func (c *Community) Member(id actormap.ActorID) (Member, bool) {
	i := c.memberIndex(id)
	if i < 0 {
		return Member{}, false
	}
	return c.s.Members[i], true
}

func (c *Community) memberIndex(id actormap.ActorID) int {
	return slices.IndexFunc(c.s.Members, func(m Member) bool { return m.ID == id })
}

// Holder returns the member holding mandatory role r.
func (c *Community) Holder(r roles.Code) (Member, bool) {
	id, ok := c.s.Holders[r]
	if !ok {
		return Member{}, false
	}
	return c.Member(id)
}

// HeldBy returns the mandatory role held by member id, if any.
func (c *Community) HeldBy(id actormap.ActorID) (roles.Code, bool) {
	for _, r := range roles.MandatoryCodes() {
		if c.s.Holders[r] == id {
			return r, true
		}
	}
	return "", false
}

// VacantRoles returns the mandatory roles with no holder who is still a
// member on day at, in the report's order. A holder who has left, or whose
// leaving date has passed, leaves the role vacant.
func (c *Community) VacantRoles(at time.Time) []roles.Code {
	codes := roles.MandatoryCodes()
	var out []roles.Code
	for _, r := range codes {
		if i := c.holderIndex(r); i < 0 || !c.s.Members[i].IsMember(at) {
			if out == nil {
				out = make([]roles.Code, 0, len(codes)) // once, not growing
			}
			out = append(out, r)
		}
	}
	return out
}

// holderIndex is the index in Members of the holder of mandatory role r,
// or -1: Holder without copying the member.
func (c *Community) holderIndex(r roles.Code) int {
	id, ok := c.s.Holders[r]
	if !ok {
		return -1
	}
	return c.memberIndex(id)
}

// ActorMap returns the community as an actor map on day at: the patient in
// the centre, every member (those who have left marked so, which is how a
// tie to someone who left shows up as broken), the holders of the mandatory
// roles, the ties, situations and perspectives.
func (c *Community) ActorMap(at time.Time) actormap.Map {
	s := c.s.clone()
	m := actormap.Map{Patient: s.Patient.Name, Holders: map[roles.Code]actormap.ActorID{},
		Ties: s.Ties, Situations: s.Situations, Perspectives: s.Perspectives}
	for _, mem := range s.Members {
		a := mem.Actor
		if !a.IsMember(at) {
			a.Status = actormap.Left // a leaving date that has passed
		}
		m.Actors = append(m.Actors, a)
	}
	for r, id := range s.Holders {
		if mem, ok := c.Member(id); ok && mem.IsMember(at) {
			m.Holders[r] = id
		}
	}
	return m
}

// StandingOf tells what principal p is in this community on day at.
func (c *Community) StandingOf(p Principal, at time.Time) Standing {
	if p.Kind == SystemPrincipal {
		if !p.actsInCommunities() {
			return AsOutsider // a system configured only to read the feed or found communities
		}
		return AsSystem
	}
	p = c.known(p, at)
	if p.ID == "" {
		return AsOutsider
	}
	if c.identityMismatch(p) {
		return AsOutsider
	}
	if p.ID == c.s.Patient.ID {
		return AsPatient
	}
	m, ok := c.Member(p.ID)
	if !ok || !m.IsMember(at) {
		return AsOutsider
	}
	if c.represents(m, at) {
		return AsRepresentative
	}
	if r, _ := roles.Lookup(m.Role); r.Kind == roles.KindRelative {
		return AsRelative
	}
	return AsProfessional
}

// known returns p as the community knows them on day at: a person whose
// citizen sign-in (Claims.CitizenSignIn) verified the national identity
// number recorded for the patient, or for a relative who is a member
// (representatives included), carries that person's id, whatever id their
// authenticator gave them; anyone else is known by the id they carry.
// Every public method that takes a principal starts from it, so that
// standing, the rules that compare ids and the events recorded all see the
// one person.
func (c *Community) known(p Principal, at time.Time) Principal {
	nin := p.Verified.NationalID
	if p.Kind != PersonPrincipal || !p.Verified.CitizenSignIn || nin == "" {
		return p
	}
	if nin == c.s.Patient.NationalID {
		p.ID = c.s.Patient.ID
		return p
	}
	if m, ok := c.relativeByNationalID(nin, at); ok {
		p.ID = m.ID
	}
	return p
}

// relativeByNationalID returns the member on day at whose role is a
// relative's (a representative's included) and whose recorded national
// identity number is nin. A professional is known by their HPR sign-in,
// never by a citizen's.
func (c *Community) relativeByNationalID(nin string, at time.Time) (Member, bool) {
	for _, m := range c.s.Members {
		if r, _ := roles.Lookup(m.Role); m.NationalID == nin && r.Kind == roles.KindRelative && m.IsMember(at) {
			return m, true
		}
	}
	return Member{}, false
}

// identityMismatch reports whether p claims, by id, to be the patient or a
// member whose recorded national identity number is not the one p's
// sign-in verified (RuleIdentityMismatch). A principal without a verified
// number (a token the operator configured), or a person recorded without
// one, is known by id alone.
func (c *Community) identityMismatch(p Principal) bool {
	nin := p.Verified.NationalID
	if p.Kind != PersonPrincipal || nin == "" {
		return false
	}
	recorded := c.s.Patient.NationalID
	if p.ID != c.s.Patient.ID {
		m, _ := c.Member(p.ID)
		recorded = m.NationalID
	}
	return recorded != "" && nin != recorded
}

// represents reports whether member m speaks for the patient: a legal
// representative always; a parent or guardian with parental responsibility
// while the patient is under 16, the age of health-law majority.
func (c *Community) represents(m Member, at time.Time) bool {
	switch m.Role {
	case roles.LegalRepresentative:
		return true
	case roles.ParentGuardian:
		return m.ParentalResponsibility && c.patientAge(at) < HealthMajorityAge
	}
	return false
}

// HealthMajorityAge is the age of health-law majority
// ("helserettslig myndighetsalder", pasient- og brukerrettighetsloven § 4-3):
// from 16 the patient consents for themself.
const HealthMajorityAge = 16

func (c *Community) patientAge(at time.Time) int { return ageOn(c.s.Patient.BirthDate, at) }

// record appends an event for a change that has been applied.
func (c *Community) record(by Principal, at time.Time, data EventData) {
	c.pending = append(c.pending, Event{
		Community: c.s.ID,
		Seq:       c.version + int64(len(c.pending)) + 1,
		At:        at,
		By:        by,
		Data:      data,
	})
}

// Pending returns the events recorded since the community was loaded or last
// marked saved, in order.
func (c *Community) Pending() []Event { return slices.Clone(c.pending) }

// MarkSaved tells the community its pending events are stored: the version
// moves past them. Stores and the Service call it after a successful save.
func (c *Community) MarkSaved() {
	c.version += int64(len(c.pending))
	c.pending = nil
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
