package quality_test

import (
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var year2025 = quality.Year(2025, time.UTC)

// handFacts are three communities whose indicators for 2025 are computed by
// hand in TestMeasureHandComputed.
func handFacts() []quality.Facts {
	a := quality.Facts{
		ID: "a", Municipality: "Bergen", ConsentActive: true,
		ConsentGivenAt: day(2024, 12, 1), PlanAgreedAt: day(2025, 1, 11), // 41 days
		MandatoryFilled: roles.MandatoryCodes(),
		Evaluations: []quality.Due{
			{Due: day(2025, 6, 1), Done: day(2025, 5, 30)},  // on time
			{Due: day(2025, 12, 1), Done: day(2025, 12, 5)}, // late
			{Due: day(2026, 3, 1)},                          // outside
		},
		Activities: []quality.Due{
			{Due: day(2025, 3, 1), Done: day(2025, 3, 1)},
			{Due: day(2025, 9, 1)},
			{Due: day(2025, 11, 1), Done: day(2026, 1, 10)}, // done after the period: not done in it
		},
		Stays: []quality.Stay{
			{Admitted: day(2025, 4, 1), Elective: true, MeetingBeforeAdmission: true, Discharged: day(2025, 4, 10), MeetingBeforeDischarge: true},
			{Admitted: day(2025, 8, 1), Discharged: day(2025, 8, 5)},
		},
		Members: []quality.Member{
			{Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Joined: day(2024, 12, 1)},                // 365 days
			{Role: roles.HomeNursing, Sector: roles.MunicipalHealth, Joined: day(2024, 12, 1), Left: day(2025, 7, 2)}, // 182 days, left
			{Role: roles.Physiotherapist, Sector: roles.MunicipalHealth, Joined: day(2025, 7, 2)},                     // 183 days
			{Role: roles.NextOfKin, Sector: roles.PrivateNetwork, Joined: day(2024, 12, 1)},                           // not in turnover
			{Role: roles.SpecialistPhysician, Sector: roles.SpecialistHealth, Joined: day(2025, 1, 1)},                // 365 days
		},
		Phases: []quality.Phase{
			{Colour: quality.Green, From: day(2024, 12, 1), To: day(2025, 3, 1)},
			{Colour: quality.Red, From: day(2025, 3, 1), To: day(2025, 3, 11)}, // 10 days
			{Colour: quality.Green, From: day(2025, 3, 11)},
		},
		Deviations: []quality.Deviation{
			{Opened: day(2025, 5, 1), Closed: day(2025, 5, 3)},
			{Opened: day(2025, 12, 20)}, // open
			{Opened: day(2026, 1, 5)},   // after the period
		},
		Experience: []quality.ItemTally{{Item: "safety", Respondents: 2, Positive: 2, Sum: 9}},
	}
	b := quality.Facts{
		ID: "b", Municipality: "Os", ConsentActive: true,
		ConsentGivenAt: day(2025, 2, 1), PlanAgreedAt: day(2025, 2, 21), // 20 days
		MandatoryFilled: []roles.Code{roles.CoordinatorLeader, roles.GP},
		Evaluations:     []quality.Due{{Due: day(2025, 8, 1), Done: day(2025, 8, 1)}},
		Activities:      []quality.Due{{Due: day(2025, 5, 1), Done: day(2025, 4, 20)}},
		Stays:           []quality.Stay{{Admitted: day(2025, 10, 1), Elective: true}}, // still in hospital
		Members: []quality.Member{
			{Role: roles.MunicipalCoordinator, Sector: roles.MunicipalHealth, Joined: day(2025, 2, 1)},                        // 334 days
			{Role: roles.GeneralPractitioner, Sector: roles.GeneralPractice, Joined: day(2025, 2, 1), Left: day(2025, 12, 1)}, // 303 days, left
		},
		Phases:     []quality.Phase{{Colour: quality.Red, From: day(2025, 12, 1)}}, // 31 days
		Experience: []quality.ItemTally{{Item: "safety", Respondents: 1, Positive: 0, Sum: 2}},
	}
	c := quality.Facts{
		ID: "c", Municipality: "Bergen", ConsentActive: false,
		ConsentGivenAt: day(2024, 6, 1), ConsentWithdrawnAt: day(2025, 3, 1), // 59 days under consent in 2025
		PlanAgreedAt:    day(2024, 7, 1),
		MandatoryFilled: roles.MandatoryCodes(), // not counted: no active consent
		Phases:          []quality.Phase{{Colour: quality.Yellow, From: day(2025, 1, 1)}},
	}
	return []quality.Facts{a, b, c}
}

func seq(fs []quality.Facts) iter.Seq2[quality.Facts, error] {
	return func(yield func(quality.Facts, error) bool) {
		for _, f := range fs {
			if !yield(f, nil) {
				return
			}
		}
	}
}

func TestMeasureHandComputed(t *testing.T) {
	r, err := quality.Measure(seq(handFacts()), year2025, day(2026, 2, 1), quality.Options{})
	require.NoError(t, err)
	assert.Equal(t, 3, r.Communities)

	tests := []struct {
		code       string
		num, den   float64
		value      float64
		defined    bool
		suppressed bool
	}{
		{"mandatory-roles", 1, 2, 0.5, true, false},
		{"actors-per-community", 5, 3, 5.0 / 3, true, false},
		{"actors-per-sector.specialist-health", 1, 3, 1.0 / 3, true, false},
		{"actors-per-sector.municipal-health-care", 2, 3, 2.0 / 3, true, false},
		{"actors-per-sector.gp", 1, 3, 1.0 / 3, true, false},
		{"actors-per-sector.education", 0, 3, 0, true, false},
		{"actors-per-sector.private-network", 1, 3, 1.0 / 3, true, false},
		{"consent-to-plan-days", 0, 2, (20 + 41) / 2.0, true, false},
		{"evaluations-on-time", 2, 3, 2.0 / 3, true, false},
		{"annual-wheel-done", 2, 4, 0.5, true, false},
		{"meeting-before-elective-admission", 1, 2, 0.5, true, false},
		{"meeting-before-discharge", 1, 2, 0.5, true, false},
		{"open-deviations", 1, 3, 1, true, false},
		// 2 leavers over (365+182+183+365 + 334+303) = 1732 member-days.
		{"member-turnover", 2, 1732.0 / 365, 2 / (1732.0 / 365), true, false},
		// (10 + 31) red days of (365 + 334 + 59) days under consent.
		{"red-phase-time", 41, 758, 41.0 / 758, true, false},
		{"experience.safety", 2, 3, 2.0 / 3, true, false},
		{"experience.known", 0, 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			in, ok := r.Indicator(tt.code)
			require.True(t, ok)
			assert.InDelta(t, tt.num, in.Numerator, 1e-9, "numerator")
			assert.InDelta(t, tt.den, in.Denominator, 1e-9, "denominator")
			assert.InDelta(t, tt.value, in.Value, 1e-9, "value")
			assert.Equal(t, tt.defined, in.Defined, "defined")
			assert.Equal(t, tt.suppressed, in.Suppressed, "suppressed")
			assert.Equal(t, year2025, in.Period)
			assert.NotEmpty(t, in.Definition.Definition.EN)
			assert.NotEmpty(t, in.Definition.Definition.NB)
		})
	}
	assert.Len(t, r.Indicators, len(quality.Definitions(quality.Survey{})))
}

func TestMeasureIsDeterministicAndClipsAtNow(t *testing.T) {
	now := day(2025, 7, 1) // mid-period: later facts have not happened yet
	r1, err := quality.Measure(seq(handFacts()), year2025, now, quality.Options{})
	require.NoError(t, err)
	r2, err := quality.Measure(seq(handFacts()), year2025, now, quality.Options{})
	require.NoError(t, err)
	assert.Equal(t, r1, r2)

	get := func(code string) quality.Indicator { in, _ := r1.Indicator(code); return in }
	// Only a's evaluation due 1 June has fallen due.
	assert.Equal(t, 1.0, get("evaluations-on-time").Denominator)
	// Nobody has left yet (home nursing leaves 2 July; the GP in b on 1 December).
	assert.Equal(t, 0.0, get("member-turnover").Numerator)
	// a: GP, home nursing, next of kin, specialist; b: coordinator and GP.
	assert.Equal(t, 6.0, get("actors-per-community").Numerator)
	// The deviation of 20 December has not been opened.
	assert.Equal(t, 0.0, get("open-deviations").Value)
}

func TestMeasureMunicipalityAndSingleCommunity(t *testing.T) {
	r, err := quality.Measure(seq(handFacts()), year2025, day(2026, 2, 1), quality.Options{Municipality: "Bergen"})
	require.NoError(t, err)
	assert.Equal(t, 2, r.Communities)
	assert.Equal(t, 1, r.Skipped)

	one, err := quality.Community(handFacts()[1], year2025, day(2026, 2, 1), quality.Options{MinRespondents: 1})
	require.NoError(t, err)
	in, _ := one.Indicator("mandatory-roles")
	assert.Equal(t, 0.0, in.Value)
	in, _ = one.Indicator("consent-to-plan-days")
	assert.Equal(t, 20.0, in.Value)
	in, _ = one.Indicator("experience.safety")
	assert.False(t, in.Suppressed)
	assert.Equal(t, 0.0, in.Value)
}

func TestMedianHistogram(t *testing.T) {
	mk := func(days ...int) []quality.Facts {
		var fs []quality.Facts
		for i, d := range days {
			c := day(2025, 1, 1)
			// Hours beyond whole days are rounded down.
			fs = append(fs, quality.Facts{ID: string(rune('a' + i)), ConsentGivenAt: c, PlanAgreedAt: c.Add(time.Duration(d)*24*time.Hour + 23*time.Hour)})
		}
		return fs
	}
	tests := []struct {
		name   string
		days   []int
		median float64
		capped bool
	}{
		{"odd", []int{5, 1, 9}, 5, false},
		{"even", []int{1, 2, 10, 30}, 6, false},
		{"ties", []int{3, 3, 3, 4}, 3, false},
		{"zero", []int{0}, 0, false},
		{"beyond range", []int{2000, 3000, 1}, quality.MedianMaxDays + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := quality.Period{From: day(2025, 1, 1), To: day(2040, 1, 1)}
			r, err := quality.Measure(seq(mk(tt.days...)), p, day(2040, 1, 1), quality.Options{})
			require.NoError(t, err)
			in, _ := r.Indicator("consent-to-plan-days")
			assert.Equal(t, tt.median, in.Value)
			assert.Equal(t, tt.capped, in.Capped)
		})
	}
}

func TestPortfolioRefusesBadFactsAndKeepsState(t *testing.T) {
	good := handFacts()[0]
	tests := []struct {
		name  string
		edit  func(f *quality.Facts)
		field string
	}{
		{"no id", func(f *quality.Facts) { f.ID = "" }, "facts.id"},
		{"plan before consent", func(f *quality.Facts) { f.PlanAgreedAt = day(2024, 1, 1) }, "facts[a].planAgreedAt"},
		{"withdrawn before given", func(f *quality.Facts) { f.ConsentWithdrawnAt = day(2024, 1, 1) }, "facts[a].consentWithdrawnAt"},
		{"not a mandatory role", func(f *quality.Facts) { f.MandatoryFilled = []roles.Code{roles.School} }, "facts[a].mandatoryFilled[0]"},
		{"discharge before admission", func(f *quality.Facts) {
			f.Stays = []quality.Stay{{Admitted: day(2025, 2, 2), Discharged: day(2025, 2, 1)}}
		}, "facts[a].stays[0].discharged"},
		{"unknown sector", func(f *quality.Facts) {
			f.Members = []quality.Member{{Role: roles.School, Sector: "school", Joined: day(2025, 1, 1)}}
		}, "facts[a].members[0]"},
		{"unknown colour", func(f *quality.Facts) { f.Phases = []quality.Phase{{Colour: "blue", From: day(2025, 1, 1)}} }, "facts[a].phases[0].colour"},
		{"overlapping phases", func(f *quality.Facts) {
			f.Phases = []quality.Phase{{Colour: quality.Red, From: day(2025, 1, 1)}, {Colour: quality.Green, From: day(2025, 2, 1)}}
		}, "facts[a].phases[1]"},
		{"unknown experience item", func(f *quality.Facts) {
			f.Experience = []quality.ItemTally{{Item: "x", Respondents: 1, Positive: 1, Sum: 5}}
		}, "facts[a].experience[0]"},
		{"experience out of scale", func(f *quality.Facts) {
			f.Experience = []quality.ItemTally{{Item: "safety", Respondents: 1, Positive: 1, Sum: 6}}
		}, "facts[a].experience[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf, err := quality.NewPortfolio(year2025, day(2026, 2, 1), quality.Options{})
			require.NoError(t, err)
			require.NoError(t, pf.Add(handFacts()[1]))
			before := pf.Report()

			f := good
			tt.edit(&f)
			err = pf.Add(f)
			var qe *quality.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, quality.CodeInvalid, qe.Code)
			assert.Equal(t, tt.field, qe.Field)
			assert.Equal(t, before, pf.Report(), "nothing counted")
		})
	}
}

func TestMeasureStopsAtSourceError(t *testing.T) {
	boom := &quality.Error{Code: "unavailable", Message: roles.Labels{EN: "store down"}}
	src := func(yield func(quality.Facts, error) bool) {
		if !yield(handFacts()[0], nil) {
			return
		}
		yield(quality.Facts{}, boom)
	}
	_, err := quality.Measure(src, year2025, day(2026, 1, 1), quality.Options{})
	assert.ErrorIs(t, err, boom)

	_, err = quality.Measure(seq(nil), quality.Period{From: day(2025, 1, 1), To: day(2024, 1, 1)}, day(2026, 1, 1), quality.Options{})
	assert.Error(t, err)
	_, err = quality.Measure(seq(nil), year2025, time.Time{}, quality.Options{})
	assert.Error(t, err)
}
