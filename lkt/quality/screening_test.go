package quality_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func TestScreen(t *testing.T) {
	hospitalMunicipalGP := []roles.Sector{roles.SpecialistHealth, roles.MunicipalHealth, roles.GeneralPractice}
	tests := []struct {
		name        string
		in          quality.Screening
		a, b        int
		group       quality.Group
		recommended bool
		borderline  bool
		incomplete  bool
	}{
		{
			// A: 5 competences 1 + 4 professions 2 + 3 orgs 1 + 3 sectors 2 + across 1 = 7.
			// B: age 84 → 1, cognition moderate 1, function severe 2 = 4.
			name: "most ill elderly",
			in: quality.Screening{Competences: 5, Professions: 4, Organisations: 3, Sectors: hospitalMunicipalGP,
				Age: quality.Years(84), Cognition: quality.Moderate, MentalHealth: quality.None, Function: quality.Severe, Language: quality.None},
			a: 7, b: 4, group: quality.GroupComplexReduced, recommended: true,
		},
		{
			// Same A = 7; B: age 70 → 1, function severe 2 = 3; acute → group 2.
			name: "stroke",
			in: quality.Screening{Competences: 5, Professions: 4, Organisations: 3, Sectors: hospitalMunicipalGP,
				Age: quality.Years(70), Cognition: quality.None, MentalHealth: quality.None, Function: quality.Severe, Language: quality.None, Acute: true},
			a: 7, b: 3, group: quality.GroupAcute, borderline: true,
		},
		{
			// A: 2 competences 0 + 2 professions 1 + 2 orgs 1 + 2 sectors 1 + no municipal/GP 0 = 3.
			// B: age 10 → 1, mental health moderate 1 = 2 (on the threshold: borderline).
			name: "child with mental illness",
			in: quality.Screening{Competences: 2, Professions: 2, Organisations: 2, Sectors: []roles.Sector{roles.Education, roles.SpecialistHealth},
				Age: quality.Years(10), Cognition: quality.None, MentalHealth: quality.Moderate, Function: quality.None, Language: quality.None},
			a: 3, b: 2, group: quality.GroupSimpleReduced, borderline: true,
		},
		{
			// A: 4 → 1, 3 → 1, 3 → 1, 3 sectors 2, across 1 = 6 (borderline); B: 0.
			name: "several chronic diseases, good capacity",
			in: quality.Screening{Competences: 4, Professions: 3, Organisations: 3, Sectors: hospitalMunicipalGP,
				Age: quality.Years(55), Cognition: quality.None, MentalHealth: quality.None, Function: quality.None, Language: quality.None},
			a: 6, b: 0, group: quality.GroupComplexCapable, borderline: true,
		},
		{
			// Acute but not complex: the course has no effect. A: 1 org 0, 1 sector 0.
			name: "mostly healthy, acute but simple",
			in: quality.Screening{Competences: 1, Professions: 1, Organisations: 1, Sectors: []roles.Sector{roles.GeneralPractice},
				Age: quality.Years(30), Cognition: quality.None, MentalHealth: quality.None, Function: quality.None, Language: quality.None, Acute: true},
			a: 0, b: 0, group: quality.GroupMostlyHealthy,
		},
		{
			// Family and repeated sectors do not count: 1 sector → 0. Nothing assessed on B.
			name: "incomplete",
			in:   quality.Screening{Sectors: []roles.Sector{roles.PrivateNetwork, roles.MunicipalHealth, roles.MunicipalHealth}},
			a:    0, b: 0, group: quality.GroupMostlyHealthy, incomplete: true,
		},
		{
			// Severe language barrier alone (2) reduces capacity; A 9 of 9.
			name: "maximum complexity, language barrier",
			in: quality.Screening{Competences: 8, Professions: 5, Organisations: 6, Sectors: roles.Sectors(),
				Age: quality.Years(40), Cognition: quality.None, MentalHealth: quality.None, Function: quality.None, Language: quality.Severe},
			a: 9, b: 2, group: quality.GroupComplexReduced, recommended: true, borderline: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := quality.Screen(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.a, r.Complexity, "A")
			assert.Equal(t, tt.b, r.Reduction, "B")
			assert.Equal(t, tt.group, r.Group)
			assert.Equal(t, tt.recommended, r.Recommended, "recommended")
			assert.Equal(t, tt.borderline, r.Borderline, "borderline")
			assert.Equal(t, tt.incomplete, r.Incomplete, "incomplete")

			// Transparency: every input is listed once and the points add up.
			require.Len(t, r.Lines, 11)
			sum := map[string]int{}
			for _, l := range r.Lines {
				sum[l.Dimension] += l.Points
				assert.NotEmpty(t, l.Effect.EN)
				assert.NotEmpty(t, l.Effect.NB)
			}
			assert.Equal(t, tt.a, sum["A"])
			assert.Equal(t, tt.b, sum["B"])
			assert.NotEmpty(t, r.Reasons)
		})
	}
}

func TestScreenRejectsBadInput(t *testing.T) {
	tests := []struct {
		name  string
		in    quality.Screening
		field string
	}{
		{"negative count", quality.Screening{Professions: -1}, "professions"},
		{"unknown sector", quality.Screening{Sectors: []roles.Sector{"hospital"}}, "sectors[0]"},
		{"any-sector is not a sector", quality.Screening{Sectors: []roles.Sector{roles.AnySector}}, "sectors[0]"},
		{"age out of range", quality.Screening{Age: quality.Years(200)}, "age"},
		{"unknown level", quality.Screening{Cognition: "mild"}, "cognition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quality.Screen(tt.in)
			var qe *quality.Error
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, quality.CodeInvalid, qe.Code)
			assert.Equal(t, tt.field, qe.Field)
			assert.NotEmpty(t, qe.Localized(roles.Bokmal))
			assert.NotEmpty(t, qe.Message.NN, "every refusal has its own nynorsk text")
			assert.True(t, errors.Is(err, &quality.Error{Code: quality.CodeInvalid}))
		})
	}
}
