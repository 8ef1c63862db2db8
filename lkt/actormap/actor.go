package actormap

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ActorID identifies a person in an actor community. It is the integrator's
// identifier for that person (a user id in their identity system), so the
// same person has the same id in every community they belong to.
type ActorID string

// Status is where an actor stands in the community.
type Status string

// Actor statuses. An actor who has left stays on the map's history but no
// longer counts as a member.
const (
	Active  Status = "active"   // taking part
	OnLeave Status = "on-leave" // temporarily away (sick leave, parental leave)
	Leaving Status = "leaving"  // will leave on LeavingOn
	Left    Status = "left"     // no longer part of the community
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Active, OnLeave, Leaving, Left:
		return true
	}
	return false
}

// Contact is how to reach an actor.
type Contact struct {
	Phone string `json:"phone,omitempty" validate:"omitempty,max=40,printascii"`
	Email string `json:"email,omitempty" validate:"omitempty,max=254,email"`
	Note  string `json:"note,omitempty" validate:"max=500"` // e.g. "weekdays 08–15, not Fridays"
}

// Actor is one person on the actor map: role, sector, organisation,
// workplace, contact details and status (report 7.1.2: "arbeidssted, status,
// rolle og kontaktinformasjon").
type Actor struct {
	ID           ActorID      `json:"id" validate:"required,max=200"`
	Name         string       `json:"name" validate:"required,max=200"`
	Role         roles.Code   `json:"role" validate:"required,role"`
	Sector       roles.Sector `json:"sector" validate:"required,sector"`
	Organisation string       `json:"organisation,omitempty" validate:"max=200"`
	Workplace    string       `json:"workplace,omitempty" validate:"max=200"`
	Contact      Contact      `json:"contact"`
	Status       Status       `json:"status"`
	// LeavingOn is the day an actor with status Leaving leaves.
	LeavingOn *time.Time `json:"leavingOn,omitempty"`
	// WorksInHome marks actors who work in the patient's home (assistants,
	// home nursing, relief), counted separately in the report's fig. 9.
	WorksInHome bool `json:"worksInHome,omitempty"`
}

// IsActive reports whether the actor takes part on day at: active, or
// leaving on a later day. Actors on leave are members but not available.
func (a Actor) IsActive(at time.Time) bool {
	switch a.Status {
	case Active:
		return true
	case Leaving:
		return a.LeavingOn == nil || at.Before(*a.LeavingOn)
	}
	return false
}

// IsMember reports whether the actor still belongs to the community on day
// at (everyone but those who have left).
func (a Actor) IsMember(at time.Time) bool {
	switch a.Status {
	case Left:
		return false
	case Leaving:
		return a.LeavingOn == nil || at.Before(*a.LeavingOn)
	}
	return true
}

// Map is an actor map: the patient in the centre and the actors around them.
type Map struct {
	// Patient is the name shown in the centre.
	Patient string `json:"patient"`
	// Actors are the community's members, in the order they joined.
	Actors []Actor `json:"actors"`
	// Holders gives, for each mandatory role, the actor who holds it; a
	// missing key is a vacant mandatory role.
	Holders map[roles.Code]ActorID `json:"holders"`
	// Ties are the lines of communication, existing and planned.
	Ties []Tie `json:"ties,omitempty"`
	// Situations place the actors by proximity in named phases or situations.
	Situations []Situation `json:"situations,omitempty"`
	// Perspectives are the map as individual members (or the patient) see it.
	Perspectives []Perspective `json:"perspectives,omitempty"`
}

// Actor returns the actor with id.
func (m Map) Actor(id ActorID) (Actor, bool) {
	for _, a := range m.Actors {
		if a.ID == id {
			return a, true
		}
	}
	return Actor{}, false
}

// Vacant returns the mandatory roles that have no holder, in the report's order.
func (m Map) Vacant() []roles.Code {
	var out []roles.Code
	for _, c := range roles.MandatoryCodes() {
		if _, ok := m.Holders[c]; !ok {
			out = append(out, c)
		}
	}
	return out
}
