package quality_test

// Tests at the edges of the package's rules: each fails when a comparison
// in a rule is negated or its boundary moved by one (issue 16.10; found by
// mutation testing, see the README).

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// screenLine returns the points Screen gave one input.
func screenLine(t *testing.T, s quality.Screening, input string) int {
	t.Helper()
	r, err := quality.Screen(s)
	require.NoError(t, err)
	for _, l := range r.Lines {
		if l.Input == input {
			return l.Points
		}
	}
	t.Fatalf("no line for %s", input)
	return 0
}

// The age factor of reduced capacity: under 16 or 67 and over gives a point.
func TestScreeningAgeBandEdges(t *testing.T) {
	for age, want := range map[int]int{0: 1, 15: 1, 16: 0, 66: 0, 67: 1, 130: 1} {
		s := quality.Screening{Age: quality.Years(age), Cognition: quality.None, MentalHealth: quality.None, Function: quality.None, Language: quality.None}
		assert.Equal(t, want, screenLine(t, s, "age"), "age %d", age)
	}
	for _, age := range []int{-1, 131} {
		_, err := quality.Screen(quality.Screening{Age: quality.Years(age)})
		var qe *quality.Error
		require.ErrorAs(t, err, &qe, "age %d", age)
		assert.Equal(t, quality.CodeInvalid, qe.Code)
		assert.Equal(t, "age", qe.Field)
	}
}

// A ≥ 5 of 9 is high complexity: exactly 5 is high, 4 is not.
func TestScreeningComplexityThresholdIsInclusive(t *testing.T) {
	five := quality.Screening{Competences: 6, Professions: 4, Organisations: 2} // 2 + 2 + 1
	r, err := quality.Screen(five)
	require.NoError(t, err)
	require.Equal(t, 5, r.Complexity)
	assert.True(t, r.HighComplex)

	four := five
	four.Organisations = 1
	r, err = quality.Screen(four)
	require.NoError(t, err)
	require.Equal(t, 4, r.Complexity)
	assert.False(t, r.HighComplex)
}

// The across-levels point needs specialist services together with
// municipal services or the GP.
func TestScreeningAcrossLevelsNeedsSpecialistAndMunicipalOrGP(t *testing.T) {
	for _, tt := range []struct {
		sectors []roles.Sector
		want    int
	}{
		{[]roles.Sector{roles.SpecialistHealth, roles.GeneralPractice}, 1},
		{[]roles.Sector{roles.SpecialistHealth, roles.MunicipalHealth}, 1},
		{[]roles.Sector{roles.MunicipalHealth, roles.GeneralPractice}, 0},
		{[]roles.Sector{roles.SpecialistHealth, roles.Education}, 0},
	} {
		assert.Equal(t, tt.want, screenLine(t, quality.Screening{Sectors: tt.sectors}, "across-levels"), "%v", tt.sectors)
	}
}

func TestGroupAndDimensionNamesAtTheEnds(t *testing.T) {
	assert.Equal(t, "Mostly healthy", quality.GroupMostlyHealthy.Label(roles.English))
	assert.Equal(t, "6", quality.Group(6).Label(roles.English))
	assert.Equal(t, "0", quality.Group(0).Label(roles.English))

	first, last := quality.Dimensions()[0], quality.Dimensions()[quality.NumDimensions-1]
	for _, d := range []quality.Dimension{first, last} {
		assert.NotContains(t, d.Code(), "dimension(")
		assert.NotEqual(t, d.Code(), d.Label(roles.English))
		assert.NotEqual(t, d.Code(), d.Description(roles.English))
	}
	for _, d := range []quality.Dimension{-1, quality.NumDimensions} {
		code := fmt.Sprintf("dimension(%d)", int(d))
		assert.Equal(t, code, d.Code())
		assert.Equal(t, code, d.Label(roles.English))
		assert.Equal(t, code, d.Description(roles.English))
	}
}

// A text in one language is enough (the other falls back), for every
// dimension and survey item, the first included.
func TestOneLanguageTextIsEnough(t *testing.T) {
	first := quality.Dimensions()[0].Code()
	texts, err := quality.LoadRCTexts(map[string]roles.Labels{first: {EN: "Talks often"}})
	require.NoError(t, err)
	assert.Equal(t, "Talks often", texts[0].EN)
	_, err = quality.LoadRCTexts(map[string]roles.Labels{first: {}})
	assert.Error(t, err)

	s := quality.DefaultExperienceSurvey()
	s, err = s.WithText(s.Items[0].Code, roles.Labels{EN: "I feel safe."})
	require.NoError(t, err)
	assert.NoError(t, s.Validate())
	assert.Equal(t, "I feel safe.", s.Items[0].Text.EN)

	s, err = s.WithText(s.Items[1].Code, roles.Labels{NB: "De som hjelper meg, kjenner meg."})
	require.NoError(t, err)
	assert.NoError(t, s.Validate())

	// An item named in one language keeps its name in the indicator.
	s.Items[0].Name = roles.Labels{EN: "Safety"}
	s.Items[1].Name = roles.Labels{NB: "Kjent"}
	names := map[string]roles.Labels{}
	for _, d := range quality.Definitions(s) {
		names[d.Code] = d.Name
	}
	assert.Contains(t, names["experience."+s.Items[0].Code].EN, "Safety")
	assert.Contains(t, names["experience."+s.Items[1].Code].NB, "Kjent")
}

// Zero respondents means the default suppression; the scale ends 1 and 5
// are answers.
func TestCollectorsAcceptTheScaleEnds(t *testing.T) {
	rc, err := quality.NewRCCollector(0)
	require.NoError(t, err)
	require.NoError(t, rc.Submit(true, quality.RCResponse{Community: "c1", Respondent: "gp1", Role: roles.GP,
		Ratings: []quality.RCRatings{{About: roles.CoordinatorLeader, Scores: scores(0, quality.ScaleMin)},
			{About: roles.HomeNursing, Scores: scores(0, quality.ScaleMax)}}}))

	s := quality.DefaultExperienceSurvey()
	c, err := quality.NewCollector(s, 0)
	require.NoError(t, err)
	require.NoError(t, c.Submit(true, quality.Response{Community: "c1", Respondent: "p1", Role: roles.Patient,
		Answers: map[string]int{s.Items[0].Code: quality.ScaleMin, s.Items[1].Code: quality.ScaleMax}}))
	assert.Equal(t, 1, c.Respondents())
}

// Time set aside counts a coordinator with hours, not one without.
func TestCoordinatorTimeCountsHours(t *testing.T) {
	for hours, want := range map[int]float64{0: 0, 1: 1} {
		f := quality.Facts{ID: "a", CoordinatorHeld: true, CoordinatorHoursPerMonth: hours}
		r, err := quality.Measure(seq([]quality.Facts{f}), year2025, day(2026, 1, 1), quality.Options{})
		require.NoError(t, err)
		in, ok := r.Indicator("coordinator-time")
		require.True(t, ok)
		assert.Equal(t, [2]float64{want, 1}, [2]float64{in.Numerator, in.Denominator}, "%d hours", hours)
	}
}

// Experience tallies where every answer is 1, or every answer 5 and
// positive, fit the scale.
func TestExperienceTalliesAtTheScaleEnds(t *testing.T) {
	for _, tally := range []quality.ItemTally{
		{Item: "safety", Respondents: 3, Positive: 0, Sum: 3 * quality.ScaleMin},
		{Item: "safety", Respondents: 3, Positive: 3, Sum: 3 * quality.ScaleMax},
	} {
		f := quality.Facts{ID: "a", Experience: []quality.ItemTally{tally}}
		_, err := quality.Measure(seq([]quality.Facts{f}), year2025, day(2026, 1, 1), quality.Options{})
		assert.NoError(t, err, "%+v", tally)
	}
}

// A median of exactly MedianMaxDays is exact, not capped.
func TestMedianAtTheEndOfTheRangeIsExact(t *testing.T) {
	c := day(2025, 1, 1)
	f := quality.Facts{ID: "a", ConsentGivenAt: c, PlanAgreedAt: c.AddDate(0, 0, quality.MedianMaxDays)}
	p := quality.Period{From: day(2025, 1, 1), To: day(2040, 1, 1)}
	r, err := quality.Measure(seq([]quality.Facts{f}), p, day(2040, 1, 1), quality.Options{})
	require.NoError(t, err)
	in, _ := r.Indicator("consent-to-plan-days")
	assert.Equal(t, float64(quality.MedianMaxDays), in.Value)
	assert.False(t, in.Capped)
}
