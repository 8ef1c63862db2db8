package quality_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The pilot municipalities write nynorsk (issue 16.7): a reader asking for
// nn gets nynorsk, not the bokmål fallback of words.Labels.
func TestNynorsk(t *testing.T) {
	_, err := quality.Screen(quality.Screening{Professions: -1})
	var qe *quality.Error
	require.ErrorAs(t, err, &qe)
	assert.Equal(t, "kan ikkje vere negativ", qe.Localized(roles.Nynorsk))
	assert.Equal(t, "kan ikke være negativ", qe.Localized(roles.Bokmal))

	a, err := quality.Screen(quality.Screening{Competences: 2, Professions: 1, Organisations: 1})
	require.NoError(t, err)
	assert.Contains(t, a.Explain(roles.Nynorsk), "nokre kapasitetsfaktorar er ikkje vurderte")
	assert.NotEqual(t, a.Explain(roles.Bokmal), a.Explain(roles.Nynorsk))

	assert.Equal(t, "Engasjement og forplikting", quality.ConstructLabel(quality.CognitiveParticipation, roles.Nynorsk))
	assert.Equal(t, "Problemløysande kommunikasjon", quality.ProblemSolving.Label(roles.Nynorsk))
	for _, d := range quality.Definitions(quality.Survey{}) {
		assert.NotEmpty(t, d.Name.NN, d.Code)
		assert.NotEmpty(t, d.Definition.NN, d.Code)
		assert.NotEmpty(t, d.Numerator.NN, d.Code)
		assert.NotEmpty(t, d.Denominator.NN, d.Code)
	}
}
