package lkt

import (
	"errors"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// NewMember is the input for a member joining the community.
type NewMember struct {
	ID   actormap.ActorID `json:"id" validate:"required,max=200"`
	Name string           `json:"name" validate:"required,max=200,name"`
	Role roles.Code       `json:"role" validate:"required,role"`
	// Sector defaults to the role's sector; roles that any sector may hold
	// (a private service provider, say) must name it.
	Sector       roles.Sector     `json:"sector,omitempty" validate:"omitempty,sector"`
	Organisation string           `json:"organisation,omitempty" validate:"max=200"`
	Workplace    string           `json:"workplace,omitempty" validate:"max=200"`
	Contact      actormap.Contact `json:"contact"`
	HPR          string           `json:"hpr,omitempty" validate:"omitempty,hpr"`
	// NationalID is the person's national identity number, for a relative
	// or representative: a sign-in whose verified number differs is not
	// this member (RuleIdentityMismatch).
	NationalID             string `json:"nationalId,omitempty" validate:"omitempty,personnumber"`
	OrgNumber              string `json:"orgNumber,omitempty" validate:"omitempty,orgnr"`
	ParentalResponsibility bool   `json:"parentalResponsibility,omitempty"`
	WorksInHome            bool   `json:"worksInHome,omitempty"`
	// Basis is what a legal representative or a parent with parental
	// responsibility speaks for the patient on; required for them, refused
	// for anyone else (RuleRepresentationBasis).
	Basis *RepresentationBasis `json:"basis,omitempty"`
}

// newMember turns input into a member, checking the rules tags cannot say.
func (c *Community) newMember(in NewMember, field string, now time.Time) (Member, error) {
	r, _ := roles.Lookup(in.Role)
	switch r.Kind {
	case roles.KindMandatory:
		return Member{}, invalid(field+".role",
			"is a mandatory role, which is assigned to a member, not a member's own role: give the member's profession (e.g. general-practitioner) and assign the mandatory role",
			"er en obligatorisk rolle, som tildeles et medlem og ikke er medlemmets egen rolle: oppgi yrket (f.eks. general-practitioner) og tildel den obligatoriske rollen",
			"er ei obligatorisk rolle, som blir tildelt eit medlem og ikkje er den eigne rolla til medlemmet: gje opp yrket (t.d. general-practitioner) og tildel den obligatoriske rolla")
	case roles.KindPatient:
		return Member{}, invalid(field+".role", "the patient is at the centre of the community, not a member of it",
			"pasienten står i sentrum av fellesskapet og er ikke et medlem",
			"pasienten står i sentrum av fellesskapet og er ikkje eit medlem")
	}
	sector := in.Sector
	if sector == roles.AnySector {
		sector = r.Sector
	}
	if sector == roles.AnySector {
		return Member{}, invalid(field+".sector", "is required for this role", "må fylles ut for denne rollen",
			"må fyllast ut for denne rolla")
	}
	if r.Sector != roles.AnySector && sector != r.Sector && r.Kind == roles.KindRelative {
		return Member{}, invalid(field+".sector", "relatives belong to the private network", "pårørende hører til det private nettverket",
			"pårørande høyrer til det private nettverket")
	}
	if in.ParentalResponsibility && in.Role != roles.ParentGuardian {
		return Member{}, invalid(field+".parentalResponsibility", "only a parent or guardian holds parental responsibility",
			"bare foresatte har foreldreansvar",
			"berre føresette har foreldreansvar")
	}
	if err := checkBasis(in, field, now); err != nil {
		return Member{}, err
	}
	if in.ID == actormap.PatientID || in.ID == actormap.SharedView {
		return Member{}, invalid(field+".id", "is reserved for the actor map", "er reservert for aktørkartet",
			"er reservert for aktørkartet")
	}
	if isNationalIDKey(in.ID) {
		return Member{}, reservedID(field + ".id")
	}
	if err := c.nationalIDFree(in.NationalID, field+".nationalId", now); err != nil {
		return Member{}, err
	}
	if in.ID == c.s.Patient.ID {
		return Member{}, invalid(field+".id", "is the patient's id", "er pasientens id", "er id-en til pasienten")
	}
	if c.memberIndex(in.ID) >= 0 {
		return Member{}, &Error{Code: Conflict, Field: field + ".id", Rule: "member-exists",
			Message: roles.Labels{EN: "is already a member of the community", NB: "er allerede medlem av fellesskapet",
				NN: "er allereie medlem av fellesskapet"}}
	}
	return Member{
		Actor: actormap.Actor{
			ID: in.ID, Name: in.Name, Role: in.Role, Sector: sector, Organisation: in.Organisation,
			Workplace: in.Workplace, Contact: in.Contact, Status: actormap.Active, WorksInHome: in.WorksInHome,
		},
		HPR: in.HPR, NationalID: in.NationalID, OrgNumber: in.OrgNumber, ParentalResponsibility: in.ParentalResponsibility, JoinedAt: now,
		Basis: clonePtr(in.Basis),
	}, nil
}

// AddMember adds a person to the actor community.
type AddMember struct {
	Member NewMember `json:"member"`
}

func (AddMember) CommandName() string { return "AddMember" }

// AddMember is free of consent only for relatives before consent was ever
// given: the parent or legal representative who is to consent must be in
// the community first. After a withdrawal nobody is added
// (RuleNothingAddedWhileWithdrawn).
func (AddMember) policy() policy { return policy{who: patientSideOrPr, consentFree: true} }

func (cmd AddMember) apply(c *Community, ch change) (EventData, error) {
	if err := c.nothingAddedWhileWithdrawn(ch.now); err != nil {
		return nil, err
	}
	if r, _ := roles.Lookup(cmd.Member.Role); r.Kind != roles.KindRelative && !c.ConsentState(ch.now).Shares() {
		return nil, consentRequired()
	}
	if len(c.s.Members) >= MaxMembers {
		return nil, precondition("too-many-members", fmt.Sprintf("a community has at most %d members, including those who left", MaxMembers),
			fmt.Sprintf("et aktørfellesskap har høyst %d medlemmer, medregnet de som har sluttet", MaxMembers),
			fmt.Sprintf("eit aktørfellesskap har høgst %d medlemmer, medrekna dei som har slutta", MaxMembers))
	}
	if cmd.Member.claimsRepresentation() {
		if err := c.mayAddRepresentative(ch.by, ch.now); err != nil {
			return nil, err
		}
	}
	m, err := c.newMember(cmd.Member, "member", ch.now)
	if err != nil {
		return nil, err
	}
	c.s.Members = append(c.s.Members, m)
	c.memberNotice(m, ch.by, ch.now)
	return MemberAdded{Member: m}, nil
}

// MaxMembers bounds a community's size. The report's largest communities had
// about forty actors; the bound keeps a runaway integration from growing a
// community without limit.
const MaxMembers = 500

// UpdateMember changes a member's details. Role changes are not details: a
// person in a new role leaves and joins again, so history stays true.
type UpdateMember struct {
	MemberID     actormap.ActorID `json:"memberId" validate:"required,max=200"`
	Name         string           `json:"name" validate:"required,max=200,name"`
	Organisation string           `json:"organisation,omitempty" validate:"max=200"`
	Workplace    string           `json:"workplace,omitempty" validate:"max=200"`
	Contact      actormap.Contact `json:"contact"`
	HPR          string           `json:"hpr,omitempty" validate:"omitempty,hpr"`
	OrgNumber    string           `json:"orgNumber,omitempty" validate:"omitempty,orgnr"`
	WorksInHome  bool             `json:"worksInHome,omitempty"`
}

func (UpdateMember) CommandName() string { return "UpdateMember" }
func (UpdateMember) policy() policy      { return policy{who: anyMember} }

func (cmd UpdateMember) apply(c *Community, ch change) (EventData, error) {
	i := c.memberIndex(cmd.MemberID)
	if i < 0 {
		return nil, notFound("memberId", nounMember, cmd.MemberID)
	}
	// Relatives who do not represent the patient may correct their own
	// details only; everyone else may keep the member list up to date.
	if ch.standing == AsRelative && ch.by.ID != cmd.MemberID {
		return nil, forbidden("own-details", "you may only change your own details", "du kan bare endre dine egne opplysninger",
			"du kan berre endre dine eigne opplysningar")
	}
	m := &c.s.Members[i]
	m.Name, m.Organisation, m.Workplace, m.Contact = cmd.Name, cmd.Organisation, cmd.Workplace, cmd.Contact
	m.HPR, m.OrgNumber, m.WorksInHome = cmd.HPR, cmd.OrgNumber, cmd.WorksInHome
	return MemberUpdated{Member: *m}, nil
}

// ChangeMemberStatus marks a member active, on leave, leaving on a date, or
// left. That someone left is a fact and can always be recorded, also of a
// mandatory-role holder with nobody to take over; a successor named in the
// same command takes the role at once. Without one, the role falls vacant
// (at once, or on the leaving date) and the community is told so: the
// plan cannot be revised or agreed while it is vacant, the plan's measures
// for a key helper leaving are activated, and "fill the role" or "name a
// successor before <date>" goes on the coordinator's agenda (see
// FillRoleWithinDays). The report's communities broke when a key helper
// left and nobody took over; refusing the fact would only hide it.
type ChangeMemberStatus struct {
	MemberID actormap.ActorID `json:"memberId" validate:"required,max=200"`
	Status   actormap.Status  `json:"status" validate:"required,status"`
	// LeavingOn is required with status leaving and must not lie in the past.
	LeavingOn *time.Time `json:"leavingOn,omitempty" validate:"required_if=Status leaving"`
	// Successor takes over the member's mandatory role, if they hold one.
	Successor actormap.ActorID `json:"successor,omitempty" validate:"max=200"`
	Reason    string           `json:"reason,omitempty" validate:"max=2000"`
}

func (ChangeMemberStatus) CommandName() string { return "ChangeMemberStatus" }
func (ChangeMemberStatus) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd ChangeMemberStatus) apply(c *Community, ch change) (EventData, error) {
	i := c.memberIndex(cmd.MemberID)
	if i < 0 {
		return nil, notFound("memberId", nounMember, cmd.MemberID)
	}
	m := c.s.Members[i]
	if m.Status == actormap.Left {
		return nil, precondition("member-left", "the member has left; add them again if they return",
			"medlemmet har sluttet; legg dem til på nytt hvis de kommer tilbake",
			"medlemmet har slutta; legg dei til på nytt om dei kjem tilbake")
	}
	if cmd.Status != actormap.Leaving && cmd.LeavingOn != nil {
		return nil, invalid("leavingOn", "is only given with status leaving", "oppgis bare med status «slutter»",
			"blir berre oppgitt med status «sluttar»")
	}
	if cmd.LeavingOn != nil && day(*cmd.LeavingOn).Before(day(ch.now)) {
		return nil, invalid("leavingOn", "lies in the past", "ligger tilbake i tid", "ligg tilbake i tid")
	}
	role, holds := c.HeldBy(m.ID)
	if cmd.Successor != "" && !holds {
		return nil, invalid("successor", "is only named for a member who holds a mandatory role",
			"oppgis bare for et medlem som har en obligatorisk rolle",
			"blir berre oppgitt for eit medlem som har ei obligatorisk rolle")
	}
	goes := cmd.Status == actormap.Left
	var succ *Member
	if holds && cmd.Successor != "" {
		s, err := c.fitHolder(role, cmd.Successor, "successor", ch.now, m.ID)
		if err != nil {
			return nil, err
		}
		succ = &s
	}
	ev := MemberStatusChanged{MemberID: m.ID, Status: cmd.Status, Reason: cmd.Reason}
	if cmd.LeavingOn != nil {
		d := day(*cmd.LeavingOn)
		ev.LeavingOn = &d
	}
	c.s.Members[i].Status, c.s.Members[i].LeavingOn = cmd.Status, ev.LeavingOn
	if goes {
		now := ch.now
		c.s.Members[i].LeftAt = &now
	}
	if succ != nil {
		c.s.Holders[role] = succ.ID
		ev.SuccessorRole, ev.Successor = role, succ.ID
		if role == roles.CoordinatorLeader && c.s.Mandate != nil {
			// The mandate carries over; its anchoring was with the old
			// coordinator's line manager and must be given again.
			c.s.Mandate.Anchoring = nil
		}
		c.filled(role)
	} else if holds && goes {
		delete(c.s.Holders, role)
		since := ch.now
		if m.LeavingOn != nil && m.LeavingOn.Before(since) {
			since = *m.LeavingOn // the role fell vacant on the leaving date
		}
		c.markVacant(role, since)
	}
	if holds && succ == nil && (goes || cmd.Status == actormap.Leaving) && c.s.Status != Draft {
		ev.Measures = c.helperLeaving(ch.now)
	}
	return ev, nil
}

// fitHolder checks that member id can take mandatory role r: an active
// member whose own role and sector fit, holding no other mandatory role
// (except, when replacing, the role being handed over by leaving).
func (c *Community) fitHolder(r roles.Code, id actormap.ActorID, field string, now time.Time, leaving actormap.ActorID) (Member, error) {
	m, ok := c.Member(id)
	if !ok {
		return Member{}, notFound(field, nounMember, id)
	}
	if m.Status != actormap.Active {
		return Member{}, invalid(field, "must be an active member (not on leave, leaving or left)",
			"må være et aktivt medlem (ikke i permisjon, på vei ut eller sluttet)",
			"må vere eit aktivt medlem (ikkje i permisjon, på veg ut eller slutta)")
	}
	if err := roles.Fits(r, roles.Holder{Role: m.Role, Sector: m.Sector}); err != nil {
		if mis, ok := errors.AsType[*Error](err); ok {
			out := *mis
			out.Field = field
			return Member{}, &out
		}
		return Member{}, WrapInternal(err)
	}
	if held, ok := c.HeldBy(id); ok && held != r && id != leaving {
		return Member{}, &Error{Code: Invalid, Field: field, Rule: "one-mandatory-role-each",
			Message: roles.Labels{
				EN: fmt.Sprintf("%s already holds the mandatory role %q; each of the four mandatory roles needs its own person", m.Name, held.Label(roles.English)),
				NB: fmt.Sprintf("%s har allerede den obligatoriske rollen «%s»; hver av de fire obligatoriske rollene trenger sin egen person", m.Name, held.Label(roles.Bokmal)),
				NN: fmt.Sprintf("%s har allereie den obligatoriske rolla «%s»; kvar av dei fire obligatoriske rollene treng sin eigen person", m.Name, held.Label(roles.Nynorsk)),
			}}
	}
	return m, nil
}

// AssignRole gives one of the mandatory roles GP, contact
// physician/psychologist or internal coordinator to a member who fits it.
// The coordinator and leader is appointed with a mandate (AppointCoordinator).
type AssignRole struct {
	Role     roles.Code       `json:"role" validate:"required,oneof=gp contact-clinician internal-coordinator"`
	MemberID actormap.ActorID `json:"memberId" validate:"required,max=200"`
}

func (AssignRole) CommandName() string { return "AssignRole" }
func (AssignRole) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd AssignRole) apply(c *Community, ch change) (EventData, error) {
	m, err := c.fitHolder(cmd.Role, cmd.MemberID, "memberId", ch.now, "")
	if err != nil {
		return nil, err
	}
	prev := c.s.Holders[cmd.Role]
	c.s.Holders[cmd.Role] = m.ID
	c.filled(cmd.Role)
	return RoleAssigned{Role: cmd.Role, MemberID: m.ID, Previous: prev}, nil
}

// reservedID refuses an id in the form of a NationalIDKey: a person with it
// would find the communities of whoever holds that number.
func reservedID(field string) *Error {
	return &Error{Code: Invalid, Field: field, Message: roles.Labels{
		EN: "may not start with " + nationalIDKeyPrefix + ", which is reserved for national identity numbers",
		NB: "kan ikke begynne med " + nationalIDKeyPrefix + ", som er reservert for fødselsnumre",
		NN: "kan ikkje byrje med " + nationalIDKeyPrefix + ", som er reservert for fødselsnummer"}}
}

// nationalIDFree checks that nin, a number to record for a new member, is
// nobody's in the community on day at: not the patient's, not a member's
// still in it. A citizen's sign-in is matched to the one person whose number
// it verified (Community.StandingOf); two people with one number would make
// that match a guess.
func (c *Community) nationalIDFree(nin, field string, at time.Time) error {
	if nin == "" {
		return nil
	}
	taken := nin == c.s.Patient.NationalID
	for _, m := range c.s.Members {
		taken = taken || (m.NationalID == nin && m.IsMember(at))
	}
	if !taken {
		return nil
	}
	return &Error{Code: Conflict, Field: field, Rule: RuleNationalIDOnce, Message: roles.Labels{
		EN: "is already recorded for the patient or for another member: one national identity number is one person",
		NB: "er allerede registrert på pasienten eller på et annet medlem: ett fødselsnummer er én person",
		NN: "er alt registrert på pasienten eller på eit anna medlem: eitt fødselsnummer er éin person"}}
}

// RuleNationalIDOnce: a national identity number is recorded for one
// person in a community, the patient or one member, so that a citizen's
// sign-in is known as exactly one of them.
const RuleNationalIDOnce = "national-id-once"
