package quality_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

func scores(pairs ...int) [quality.NumDimensions]int {
	var s [quality.NumDimensions]int
	for i := 0; i < len(pairs); i += 2 {
		s[pairs[i]] = pairs[i+1]
	}
	return s
}

func TestRelationalCoordinationHandComputed(t *testing.T) {
	c, err := quality.NewRCCollector(2)
	require.NoError(t, err)
	F, T, R := int(quality.Frequent), int(quality.Timely), int(quality.MutualRespect)
	for _, r := range []quality.RCResponse{
		{Community: "c1", Respondent: "gp1", Role: roles.GP, Ratings: []quality.RCRatings{
			{About: roles.CoordinatorLeader, Scores: scores(F, 5, T, 4)},
			{About: roles.HomeNursing, Scores: scores(F, 3)},
		}},
		{Community: "c2", Respondent: "gp2", Role: roles.GP, Ratings: []quality.RCRatings{
			{About: roles.CoordinatorLeader, Scores: scores(F, 3, T, 2)},
		}},
		{Community: "c1", Respondent: "co1", Role: roles.CoordinatorLeader, Ratings: []quality.RCRatings{
			{About: roles.GP, Scores: scores(F, 4, R, 5)},
		}},
	} {
		require.NoError(t, c.Submit(true, r))
	}
	res := c.Results()
	assert.Equal(t, 3, res.Respondents)

	dims := res.Dimensions
	require.Len(t, dims, quality.NumDimensions)
	// Frequent: 5, 3, 3, 4 from three respondents.
	assert.Equal(t, quality.RCFigure{Score: 15.0 / 4, Respondents: 3, Ratings: 4}, dims[quality.Frequent].RCFigure)
	// Timely: 4, 2 from two respondents.
	assert.Equal(t, quality.RCFigure{Score: 3, Respondents: 2, Ratings: 2}, dims[quality.Timely].RCFigure)
	// Mutual respect: one respondent, suppressed.
	assert.Equal(t, quality.RCFigure{Respondents: 1, Ratings: 1, Suppressed: true}, dims[quality.MutualRespect].RCFigure)
	assert.Equal(t, quality.RCFigure{Respondents: 0, Ratings: 0, Suppressed: true}, dims[quality.SharedGoals].RCFigure)

	// Overall: mean of the dimension means 3.75, 3 and 5.
	assert.InDelta(t, (3.75+3+5)/3, res.Overall.Score, 1e-9)
	assert.Equal(t, 3, res.Overall.Respondents)
	assert.Equal(t, 7, res.Overall.Ratings)

	require.Len(t, res.Ties, 3)
	assert.Equal(t, [2]roles.Code{roles.CoordinatorLeader, roles.GP}, [2]roles.Code{res.Ties[0].From, res.Ties[0].To})
	assert.True(t, res.Ties[0].Suppressed, "one coordinator answered")
	assert.Zero(t, res.Ties[0].Score)

	gpCo := res.Ties[1]
	assert.Equal(t, [2]roles.Code{roles.GP, roles.CoordinatorLeader}, [2]roles.Code{gpCo.From, gpCo.To})
	assert.Equal(t, 2, gpCo.Respondents)
	assert.InDelta(t, 3.5, gpCo.Score, 1e-9) // frequent 4, timely 3
	assert.Equal(t, 4.0, gpCo.Dimensions[quality.Frequent].Score)
	assert.Equal(t, 3.0, gpCo.Dimensions[quality.Timely].Score)

	assert.Equal(t, roles.HomeNursing, res.Ties[2].To)
	assert.True(t, res.Ties[2].Suppressed)
}

func TestRelationalCoordinationRefusesAndStoresNothing(t *testing.T) {
	ok := quality.RCResponse{Community: "c1", Respondent: "gp1", Role: roles.GP,
		Ratings: []quality.RCRatings{{About: roles.CoordinatorLeader, Scores: scores(0, 4)}}}
	tests := []struct {
		name    string
		consent bool
		r       quality.RCResponse
		code    words.Code
		field   string
	}{
		{"no consent", false, ok, quality.CodeConsentRequired, "consent"},
		{"own role", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.GP, Scores: scores(0, 4)}}}, quality.CodeInvalid, "ratings[0].about"},
		{"out of scale", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.CoordinatorLeader, Scores: scores(int(quality.SharedGoals), 6)}}}, quality.CodeInvalid, "ratings[0].scores.shared-goals"},
		{"negative", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.CoordinatorLeader, Scores: scores(0, -1)}}}, quality.CodeInvalid, "ratings[0].scores.frequent"},
		{"valid first rating, bad second", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.CoordinatorLeader, Scores: scores(0, 4)}, {About: roles.HomeNursing, Scores: scores(0, 9)}}}, quality.CodeInvalid, "ratings[1].scores.frequent"},
		{"role rated twice", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.HomeNursing, Scores: scores(0, 4)}, {About: roles.HomeNursing, Scores: scores(1, 4)}}}, quality.CodeInvalid, "ratings[1].about"},
		{"nothing answered", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP,
			Ratings: []quality.RCRatings{{About: roles.HomeNursing}}}, quality.CodeInvalid, "ratings[0].scores"},
		{"no ratings", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: roles.GP}, quality.CodeInvalid, "ratings"},
		{"unknown role", true, quality.RCResponse{Community: "c1", Respondent: "gp2", Role: "doctor",
			Ratings: []quality.RCRatings{{About: roles.HomeNursing, Scores: scores(0, 4)}}}, quality.CodeInvalid, "role"},
		{"duplicate", true, ok, quality.CodeConflict, "respondent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := quality.NewRCCollector(1)
			require.NoError(t, err)
			require.NoError(t, c.Submit(true, ok))
			before := c.Results()

			err = c.Submit(tt.consent, tt.r)
			var qe *quality.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, tt.code, qe.Code)
			assert.Equal(t, tt.field, qe.Field)
			assert.Equal(t, before, c.Results(), "nothing stored")
		})
	}
}

func TestRCTexts(t *testing.T) {
	def := quality.DefaultRCTexts()
	assert.Equal(t, quality.SharedGoals.Description(roles.English), def[quality.SharedGoals].EN)
	loaded, err := quality.LoadRCTexts(map[string]roles.Labels{"shared-goals": {EN: "Licensed text", NB: "Lisensiert tekst"}})
	require.NoError(t, err)
	assert.Equal(t, "Lisensiert tekst", loaded[quality.SharedGoals].In(roles.Bokmal))
	assert.Equal(t, def[quality.Frequent], loaded[quality.Frequent])
	_, err = quality.LoadRCTexts(map[string]roles.Labels{"trust": {EN: "x"}})
	assert.Error(t, err)
	for _, d := range quality.Dimensions() {
		assert.NotEmpty(t, d.Label(roles.Bokmal))
		assert.NotEmpty(t, d.Code())
	}
}
