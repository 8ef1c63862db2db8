package lkt_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func TestActorMapCommandsKeepAValidMap(t *testing.T) {
	c, clock := lkttest.Active(t)
	// The patient can be named by his own id; the map calls him PatientID.
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: lkttest.PatientID, To: lkttest.MotherID, Channel: actormap.InPerson, Frequency: actormap.Daily}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: lkttest.MotherID, To: lkttest.GPID, Channel: actormap.Phone, Frequency: actormap.Monthly}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: lkttest.CoordinatorID, To: lkttest.ContactPhysicianID, Channel: actormap.Message, Planned: true}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.PlaceActors{Situation: actormap.Situation{Name: "before the operation",
		Placements: []actormap.Placement{{Actor: lkttest.ContactPhysicianID, Proximity: actormap.Closest}}}}))
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RecordPerspective{Perspective: actormap.Perspective{Owner: lkttest.GPID,
		Known: []actormap.Seen{{Actor: lkttest.MotherID}}, Ties: []actormap.Tie{{From: lkttest.GPID, To: lkttest.MotherID, Channel: actormap.Phone}}}}))

	m := c.ActorMap(clock.Now())
	require.NoError(t, m.Validate())
	assert.Equal(t, actormap.PatientID, m.Ties[0].From)
	gp, ok := m.Perspective(lkttest.GPID)
	require.True(t, ok)
	cmp, err := m.Compare(gp, m.Shared())
	require.NoError(t, err)
	assert.Contains(t, cmp.Text(roles.English), "Mona Vik", "the GP does not know the internal coordinator")
	risks, err := m.Risks()
	require.NoError(t, err)
	assert.NotEmpty(t, risks.Findings)

	// The same line twice is a conflict; removing it works once.
	unchanged(t, c, lkt.Conflict, func() error {
		return c.Do(lkttest.Coordinator, lkt.AddTie{Tie: actormap.Tie{From: lkttest.GPID, To: lkttest.MotherID, Channel: actormap.Phone}})
	})
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.RemoveTie{From: lkttest.GPID, To: lkttest.MotherID, Channel: actormap.Phone}))
	unchanged(t, c, lkt.NotFound, func() error {
		return c.Do(lkttest.Coordinator, lkt.RemoveTie{From: lkttest.GPID, To: lkttest.MotherID, Channel: actormap.Phone})
	})
}

func TestActorMapCommandsRefuseBadInput(t *testing.T) {
	tests := []struct {
		name  string
		cmd   lkt.Command
		field string
	}{
		{"tie to itself", lkt.AddTie{Tie: actormap.Tie{From: lkttest.GPID, To: lkttest.GPID, Channel: actormap.Phone}}, "tie"},
		{"tie to a stranger", lkt.AddTie{Tie: actormap.Tie{From: lkttest.GPID, To: "stranger", Channel: actormap.Phone}}, "tie.to"},
		{"tie with an unknown channel", lkt.AddTie{Tie: actormap.Tie{From: lkttest.GPID, To: lkttest.MotherID, Channel: "pigeon"}}, "tie.channel"},
		{"ring off the scale", lkt.PlaceActors{Situation: actormap.Situation{Name: "x", Placements: []actormap.Placement{{Actor: lkttest.GPID, Proximity: 9}}}}, "situation.placements[0].proximity"},
		{"perspective of a non-member", lkt.RecordPerspective{Perspective: actormap.Perspective{Owner: "stranger"}}, "perspective.owner"},
		{"perspective of the shared view", lkt.RecordPerspective{Perspective: actormap.Perspective{Owner: actormap.SharedView}}, "perspective.owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := lkttest.Active(t)
			err := unchanged(t, c, lkt.Invalid, func() error { return c.Do(lkttest.Coordinator, tt.cmd) })
			assert.True(t, strings.HasPrefix(lkt.FieldOf(err), tt.field), "field %q, want prefix %q (%v)", lkt.FieldOf(err), tt.field, err)
		})
	}
	// Reserved ids cannot be members.
	c, _ := lkttest.Active(t)
	err := unchanged(t, c, lkt.Invalid, func() error {
		return c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: actormap.PatientID, Name: "X", Role: roles.School}})
	})
	assert.Equal(t, "member.id", lkt.FieldOf(err))
}

// The report's boy of 10: the mother is the only channel between the autism
// team and the GP. Built through the community's own commands, the standing
// risk list names her as a single point of failure.
func TestBoyOf10MotherIsTheOnlyChannel(t *testing.T) {
	c, clock := lkttest.Active(t)
	require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "m-tone", Name: "Tone", Role: roles.AutismTeam}}))
	ties := []actormap.Tie{
		{From: lkttest.PatientID, To: lkttest.MotherID, Channel: actormap.InPerson, Frequency: actormap.Daily},
		{From: lkttest.MotherID, To: "m-tone", Channel: actormap.Phone, Frequency: actormap.Weekly},
		{From: lkttest.MotherID, To: lkttest.GPID, Channel: actormap.Phone, Frequency: actormap.Monthly},
		{From: "m-tone", To: lkttest.ContactPhysicianID, Channel: actormap.Message},
		{From: lkttest.GPID, To: lkttest.CoordinatorID, Channel: actormap.Message},
		{From: lkttest.ContactPhysicianID, To: lkttest.InternalCoordinatorID, Channel: actormap.Meeting},
	}
	for _, tie := range ties {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddTie{Tie: tie}))
	}
	risks, err := c.ActorMap(clock.Now()).Risks()
	require.NoError(t, err)
	var lifebuoys []string
	for _, f := range risks.Findings {
		if f.Kind == actormap.SinglePoint {
			lifebuoys = append(lifebuoys, f.Actor.Name)
		}
	}
	assert.Contains(t, lifebuoys, "Kari Berg")
}
