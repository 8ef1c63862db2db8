package lkt

import (
	"fmt"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ImportMembers adds the members another system (an EHR's care team) knows,
// with the mandatory roles they hold, in one step: either all of them join
// or none does. A person already a member with the same details is left as
// is, so importing the same team twice changes nothing; one with other
// details is a conflict, never an overwrite. The coordinator and leader is
// appointed with a mandate (AppointCoordinator), which an import cannot
// give: that role is accepted only if the person already holds it.
type ImportMembers struct {
	// Source names where the members come from, for the record.
	Source  string           `json:"source,omitempty" validate:"max=200"`
	Members []ImportedMember `json:"members" validate:"max=500,dive"`
	Roles   []RoleHolder     `json:"roles,omitempty" validate:"max=4,dive"`
}

// ImportedMember is one member to import and, if the source says so, when
// they joined (the time of the import if zero).
type ImportedMember struct {
	Member   NewMember `json:"member"`
	JoinedAt time.Time `json:"joinedAt"`
}

// RoleHolder names who holds a mandatory role.
type RoleHolder struct {
	Role     roles.Code       `json:"role" validate:"required,oneof=gp contact-clinician internal-coordinator coordinator-leader"`
	MemberID actormap.ActorID `json:"memberId" validate:"required,max=200"`
}

func (ImportMembers) CommandName() string { return "ImportMembers" }
func (ImportMembers) policy() policy      { return policy{who: patientSideOrPr, consentFree: true} }

// MembersImported records an import: who joined and which roles changed hands.
type MembersImported struct {
	Source  string         `json:"source,omitempty"`
	Members []Member       `json:"members"`
	Roles   []RoleAssigned `json:"roles,omitempty"`
}

func (MembersImported) EventType() string { return "MembersImported" }

func init() { RegisterEvent[MembersImported]() }

func (cmd ImportMembers) apply(c *Community, ch change) (EventData, error) {
	saved := c.s.clone()
	ev, err := cmd.applyAll(c, ch)
	if err != nil {
		c.s = saved // nothing imported on any error
		return nil, err
	}
	return ev, nil
}

func (cmd ImportMembers) applyAll(c *Community, ch change) (EventData, error) {
	ev := MembersImported{Source: cmd.Source}
	for i, im := range cmd.Members {
		field := fmt.Sprintf("members[%d]", i)
		if !im.JoinedAt.IsZero() && im.JoinedAt.After(ch.now) {
			return nil, invalid(field+".joinedAt", "lies in the future", "ligger fram i tid", "ligg fram i tid")
		}
		if m, ok := c.Member(im.Member.ID); ok {
			if sameMember(m, im.Member) {
				continue
			}
			return nil, &Error{Code: Conflict, Field: field + ".member.id", Rule: "member-exists",
				Message: roles.Labels{EN: "is already a member of the community with other details; update the member instead",
					NB: "er allerede medlem av fellesskapet med andre opplysninger; endre medlemmet i stedet",
					NN: "er allereie medlem av fellesskapet med andre opplysningar; endre medlemmet i staden"}}
		}
		data, err := AddMember{Member: im.Member}.apply(c, ch)
		if err != nil {
			return nil, prefixField(err, "member", field+".member")
		}
		m := data.(MemberAdded).Member
		if !im.JoinedAt.IsZero() {
			m.JoinedAt = im.JoinedAt.UTC()
			c.s.Members[c.memberIndex(m.ID)].JoinedAt = m.JoinedAt
		}
		ev.Members = append(ev.Members, m)
	}
	for i, r := range cmd.Roles {
		field := fmt.Sprintf("roles[%d]", i)
		if c.s.Holders[r.Role] == r.MemberID {
			continue
		}
		if r.Role == roles.CoordinatorLeader {
			return nil, &Error{Code: PreconditionFailed, Field: field + ".role", Rule: "coordinator-needs-mandate",
				Message: roles.Labels{EN: "the coordinator and leader is appointed with a mandate (AppointCoordinator), which an import cannot give",
					NB: "koordinator og leder utnevnes med et mandat (AppointCoordinator), som en import ikke kan gi",
					NN: "koordinator og leiar blir utnemnde med eit mandat (AppointCoordinator), som ein import ikkje kan gje"}}
		}
		data, err := AssignRole(r).apply(c, ch)
		if err != nil {
			return nil, prefixField(err, "memberId", field+".memberId")
		}
		ev.Roles = append(ev.Roles, data.(RoleAssigned))
	}
	return ev, nil
}

// sameMember reports whether importing in would change nothing about m. A
// source that says nothing of a representative's basis (a FHIR CareTeam
// has no place for it) does not contradict the one recorded.
func sameMember(m Member, in NewMember) bool {
	sector := in.Sector
	if sector == roles.AnySector {
		r, _ := roles.Lookup(in.Role)
		sector = r.Sector
	}
	return m.Name == in.Name && m.Role == in.Role && m.Sector == sector && m.Organisation == in.Organisation &&
		m.Workplace == in.Workplace && m.Contact == in.Contact && m.HPR == in.HPR && m.NationalID == in.NationalID && m.OrgNumber == in.OrgNumber &&
		m.ParentalResponsibility == in.ParentalResponsibility && m.WorksInHome == in.WorksInHome &&
		(in.Basis == nil || (m.Basis != nil && *m.Basis == *in.Basis))
}

// prefixField moves an error's field from a single command's input to its
// place in the import.
func prefixField(err error, from, to string) error {
	if e, ok := err.(*Error); ok && (e.Field == from || strings.HasPrefix(e.Field, from+".")) {
		cp := *e
		cp.Field = to + strings.TrimPrefix(e.Field, from)
		return &cp
	}
	return err
}
