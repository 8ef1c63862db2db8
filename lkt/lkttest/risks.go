package lkttest

import (
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Lifebuoy are the coordinator's commands that make the fixture's actor
// map fragile: Tone of the autism team joins, reached only through the
// mother (lkt.RuleLifebuoy) and with no line to the coordinator
// (lkt.RuleNoLineToCoordinator).
func Lifebuoy() []lkt.Command {
	return []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-tone", Name: "Tone", Role: roles.AutismTeam}},
		lkt.AddTie{Tie: actormap.Tie{From: PatientID, To: MotherID, Channel: actormap.InPerson}},
		lkt.AddTie{Tie: actormap.Tie{From: MotherID, To: "m-tone", Channel: actormap.Phone}},
	}
}
