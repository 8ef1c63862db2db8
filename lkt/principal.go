package lkt

import "github.com/lkt-rammeverk/go-lkt/lkt/actormap"

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
type Principal struct {
	Kind PrincipalKind    `json:"kind"`
	ID   actormap.ActorID `json:"id"`
	Name string           `json:"name,omitempty"`
}

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
