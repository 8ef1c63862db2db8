package quality_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
)

// The indicators 8.3 names that were missing (issue 16.11): competence and
// resources (structure), participation and user involvement (process),
// shared responsibility (result), each computed by hand.
func TestCompetenceParticipationAndSharedResponsibility(t *testing.T) {
	all := quality.Competences()
	facts := []quality.Facts{
		{ID: "a", CoordinatorHeld: true, CoordinatorCompetence: all, CoordinatorHoursPerMonth: 10,
			Meetings: []quality.Meeting{
				{Held: day(2025, 2, 1), Attendees: 5, PatientSide: true},
				{Held: day(2025, 5, 1), Attendees: 3},
				{Held: day(2026, 2, 1), Attendees: 9, PatientSide: true}, // after the period
			},
			Decisions: []quality.Decision{
				{Made: day(2025, 2, 1), Coordinator: true},
				{Made: day(2025, 2, 1)},
				{Made: day(2025, 5, 1)},
				{Made: day(2024, 5, 1)}, // before the period
			}},
		{ID: "b", CoordinatorHeld: true, CoordinatorCompetence: all[:3], // no leadership recorded
			Meetings:  []quality.Meeting{{Held: day(2025, 3, 1), Attendees: 4, PatientSide: true}},
			Decisions: []quality.Decision{{Made: day(2025, 3, 1), Coordinator: true}}},
		{ID: "c", CoordinatorCompetence: all, CoordinatorHoursPerMonth: 20}, // no coordinator now: not counted
	}
	r, err := quality.Measure(seq(facts), year2025, day(2026, 6, 1), quality.Options{})
	require.NoError(t, err)
	for code, want := range map[string][2]float64{
		"coordinator-competence": {1, 2},
		"coordinator-time":       {1, 2},
		"meeting-participation":  {12, 3},
		"user-involvement":       {2, 3},
		"shared-responsibility":  {2, 4},
	} {
		in, ok := r.Indicator(code)
		require.True(t, ok, code)
		assert.Equal(t, want, [2]float64{in.Numerator, in.Denominator}, code)
		assert.True(t, in.Defined, code)
		assert.NotEqual(t, in.Name.EN, in.Name.NB, code)
	}
	cats := map[string]quality.Category{}
	for _, d := range quality.Definitions(quality.Survey{}) {
		cats[d.Code] = d.Category
	}
	assert.Equal(t, quality.Structure, cats["coordinator-competence"])
	assert.Equal(t, quality.Structure, cats["coordinator-time"])
	assert.Equal(t, quality.Process, cats["meeting-participation"])
	assert.Equal(t, quality.Process, cats["user-involvement"])
	assert.Equal(t, quality.Result, cats["shared-responsibility"])
}

func TestCompetenceFactsAreChecked(t *testing.T) {
	tests := []struct {
		name  string
		f     quality.Facts
		field string
	}{
		{"unknown competence", quality.Facts{ID: "x", CoordinatorCompetence: []quality.Competence{"juggling"}}, "facts[x].coordinatorCompetence[0]"},
		{"negative hours", quality.Facts{ID: "x", CoordinatorHoursPerMonth: -1}, "facts[x].coordinatorHoursPerMonth"},
		{"meeting without a time", quality.Facts{ID: "x", Meetings: []quality.Meeting{{Attendees: 2}}}, "facts[x].meetings[0]"},
		{"negative attendance", quality.Facts{ID: "x", Meetings: []quality.Meeting{{Held: day(2025, 1, 2), Attendees: -1}}}, "facts[x].meetings[0]"},
		{"decision without a time", quality.Facts{ID: "x", Decisions: []quality.Decision{{}}}, "facts[x].decisions[0].made"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quality.Community(tt.f, year2025, day(2026, 1, 1), quality.Options{})
			require.Error(t, err)
			assert.Equal(t, tt.field, err.(*quality.Error).Field)
		})
	}
	_, err := quality.Community(quality.Facts{ID: "ok", CoordinatorCompetence: quality.Competences(), CoordinatorHoursPerMonth: 4,
		Meetings: []quality.Meeting{{Held: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}}}, year2025, day(2026, 1, 1), quality.Options{})
	assert.NoError(t, err)
}
