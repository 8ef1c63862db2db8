package lkt

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// PrincipalKind tells persons from systems.
type PrincipalKind string

// Kinds of principal.
const (
	PersonPrincipal PrincipalKind = "person" // a human: the patient, a relative, a professional
	SystemPrincipal PrincipalKind = "system" // an integration acting on its own behalf
)

// Principal is who asks: the identity an adapter authenticated. For a
// person, ID is the same identifier the community uses for them (patient id
// or member id), which is how the domain finds what they may do.
//
// Verified holds what the authenticator itself verified (an identity
// provider's signed claims, a configured system's rights). The domain trusts
// Verified and nothing else a caller says about themself: a member who
// claims to be a GP is health personnel only if Verified says so.
type Principal struct {
	Kind     PrincipalKind    `json:"kind"`
	ID       actormap.ActorID `json:"id"`
	Name     string           `json:"name,omitempty"`
	Verified Claims           `json:"verified,omitzero"`
}

// Claims are the facts about a principal that the authenticator verified.
// An authenticator fills only what its identity provider vouches for: an
// ID-porten login carries NationalID, a HelseID login HPR, HealthPersonnel
// and the organisation, a configured system its Rights.
type Claims struct {
	// Issuer names who verified the claims ("demo", an OpenID issuer URL).
	Issuer string `json:"issuer,omitempty"`
	// NationalID is the person's national identity number or D-number.
	NationalID string `json:"nationalId,omitempty"`
	// CitizenSignIn is true when the person signed in themself at a
	// provider for citizens (ID-porten), which verified NationalID: only
	// then does the number alone make them the community's patient or the
	// relative it is recorded for (Community.StandingOf). A number another
	// provider carries (HelseID's pid of a health professional) only has
	// to agree with what is recorded (RuleIdentityMismatch).
	CitizenSignIn bool `json:"citizenSignIn,omitempty"`
	// HPR is the person's number in the health personnel register.
	HPR string `json:"hpr,omitempty"`
	// HealthPersonnel is true when the person holds an authorisation or
	// licence as health personnel in the HPR (helsepersonelloven § 48).
	HealthPersonnel bool `json:"healthPersonnel,omitempty"`
	// Organisation and OrgNumber name the organisation the person acts for.
	Organisation string `json:"organisation,omitempty"`
	OrgNumber    string `json:"orgNumber,omitempty"`
	// Rights are what a system principal was configured to do.
	Rights Rights `json:"rights,omitzero"`
}

// Right is something a system principal was configured to do.
type Right string

// Rights a system can be configured with.
const (
	// RightCreateCommunities lets a system found communities.
	RightCreateCommunities Right = "create-communities"
	// RightRecordOnBehalf lets a system record consent, acceptances and
	// story revisions on another person's word, with evidence.
	RightRecordOnBehalf Right = "record-on-behalf"
	// RightReadFeed lets a system read the change feed across communities.
	RightReadFeed Right = "read-feed"
	// RightActInCommunities lets a system take part in every community as
	// a member does: read what members read while consent shares, and issue
	// the commands professionals issue (an EHR integration). A system
	// without it is no member of any community: it may hold other rights
	// (read the feed, found communities) and nothing more.
	RightActInCommunities Right = "act-in-communities"
)

// allRights lists every Right; a right's bit in Rights is its index.
var allRights = []Right{RightCreateCommunities, RightRecordOnBehalf, RightReadFeed, RightActInCommunities}

// Rights is a set of rights. It is a plain value, so a principal can be
// copied into a community's state and events without sharing memory; in
// JSON it is the list of the rights' names.
type Rights uint8

// RightsOf returns the set of rs; names that are not a Right are ignored
// (ParseRight tells them apart).
func RightsOf(rs ...Right) Rights {
	var s Rights
	for _, r := range rs {
		if i := slices.Index(allRights, r); i >= 0 {
			s |= 1 << i
		}
	}
	return s
}

// ParseRight returns the Right named name.
func ParseRight(name string) (Right, error) {
	if r := Right(name); slices.Contains(allRights, r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown right %q: the rights are %v", name, allRights)
}

// Has reports whether the set holds r.
func (s Rights) Has(r Right) bool { return s&RightsOf(r) != 0 }

// List returns the set's rights in a fixed order.
func (s Rights) List() []Right {
	var out []Right
	for i, r := range allRights {
		if s&(1<<i) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// MarshalJSON encodes the set as the list of its rights' names.
func (s Rights) MarshalJSON() ([]byte, error) {
	l := s.List()
	if l == nil {
		l = []Right{}
	}
	return json.Marshal(l)
}

// UnmarshalJSON decodes a list of rights' names, refusing unknown ones.
func (s *Rights) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	var out Rights
	for _, n := range names {
		r, err := ParseRight(n)
		if err != nil {
			return err
		}
		out |= RightsOf(r)
	}
	*s = out
	return nil
}

// Has reports whether the claims include right r.
func (c Claims) Has(r Right) bool { return c.Rights.Has(r) }

// Person returns the principal of the person with id.
func Person(id actormap.ActorID) Principal { return Principal{Kind: PersonPrincipal, ID: id} }

// System returns a system principal, e.g. System("ehr-sync").
func System(name string) Principal {
	return Principal{Kind: SystemPrincipal, ID: actormap.ActorID("system:" + name), Name: name}
}

// Standing is what a principal is in one community.
type Standing string

// Standings, from the patient outwards.
const (
	AsPatient        Standing = "patient"        // the patient themself
	AsRepresentative Standing = "representative" // guardian with parental responsibility (patient under 16) or legal representative
	AsRelative       Standing = "relative"       // a relative who does not represent the patient
	AsProfessional   Standing = "professional"   // a member working in a service
	AsSystem         Standing = "system"         // an integration
	AsOutsider       Standing = "outsider"       // not part of this community
)

// patientSide reports whether s speaks for the patient.
func (s Standing) patientSide() bool { return s == AsPatient || s == AsRepresentative }

// actsInCommunities reports whether p is a system configured to take part
// in communities (RightActInCommunities).
func (p Principal) actsInCommunities() bool {
	return p.Kind == SystemPrincipal && p.Verified.Has(RightActInCommunities)
}
