package actormap_test

// Tests at the edges of the actor map's rules: each fails when a comparison
// in a rule is negated or its boundary moved by one (issue 16.10; found by
// mutation testing, see the README).

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// A group that talks among itself and only to A is still lost with A: a
// line back to A itself is no second path.
func TestLifebuoyCutsOffAGroupTiedBackToIt(t *testing.T) {
	m := actormap.Map{
		Patient: "P",
		Actors: []actormap.Actor{
			{ID: "a", Name: "A", Role: roles.HomeNursing, Sector: roles.MunicipalHealth, Status: actormap.Active},
			{ID: "b", Name: "B", Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Status: actormap.Active},
			{ID: "c", Name: "C", Role: roles.HospitalNurse, Sector: roles.SpecialistHealth, Status: actormap.Active},
		},
		Ties: []actormap.Tie{
			{From: actormap.PatientID, To: "a", Channel: actormap.InPerson},
			{From: "a", To: "b", Channel: actormap.Phone},
			{From: "b", To: "c", Channel: actormap.Meeting},
			{From: "c", To: "a", Channel: actormap.Phone},
		},
	}
	an, err := m.Risks()
	require.NoError(t, err)
	var cut []actormap.ActorID
	for _, f := range an.Findings {
		if f.Kind == actormap.SinglePoint {
			require.Equal(t, actormap.ActorID("a"), f.Actor.ID)
			for _, r := range f.CutOff {
				cut = append(cut, r.ID)
			}
		}
		// Without anyone holding a mandatory role there is no line to miss.
		assert.NotEqual(t, actormap.NoMandatoryTie, f.Kind)
	}
	assert.ElementsMatch(t, []actormap.ActorID{"b", "c"}, cut)
}

// Two actors who see a line with the same channel but at different
// frequencies disagree about it; the same frequency is no difference.
func TestCompareTieFrequency(t *testing.T) {
	m := small()
	seen := func(owner actormap.ActorID, f actormap.Frequency) actormap.Perspective {
		return actormap.Perspective{Owner: owner, Known: []actormap.Seen{{Actor: "koord"}, {Actor: "gp"}, {Actor: "lege"}}, Ties: []actormap.Tie{
			{From: "koord", To: "lege", Channel: actormap.Phone, Frequency: f},
		}}
	}
	c, err := m.Compare(seen("gp", actormap.Weekly), seen("ass", actormap.Monthly))
	require.NoError(t, err)
	var kinds []actormap.DifferenceKind
	for _, d := range c.Differences {
		kinds = append(kinds, d.Kind)
	}
	assert.Contains(t, kinds, actormap.TieDetails)

	c, err = m.Compare(seen("gp", actormap.Weekly), seen("ass", actormap.Weekly))
	require.NoError(t, err)
	for _, d := range c.Differences {
		assert.NotEqual(t, actormap.TieDetails, d.Kind)
	}
}

// An id of exactly 200 characters is allowed, and the rest of the actor is
// still checked.
func TestLongestIDStillChecksTheName(t *testing.T) {
	m := small()
	m.Actors = append(m.Actors, actormap.Actor{ID: actormap.ActorID(strings.Repeat("x", 200)), Name: "Vera", Role: roles.Assistant, Sector: roles.Education})
	require.NoError(t, m.Validate())

	m.Actors[5].Name = "Vera\x00"
	var e *actormap.Error
	require.True(t, errors.As(m.Validate(), &e))
	assert.Equal(t, actormap.CodeInvalid, e.Code)
	assert.Equal(t, "actors[5].name", e.Field)
}
