package plan_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// A refused plan and a refused move in the cycle read in nynorsk, with the
// nynorsk words for phase and stage, not the bokmål fallback (issue 16.7).
func TestRefusalsSpeakNynorsk(t *testing.T) {
	p := complete()
	p.Sections.Contingency.Phases.Red = plan.PhasePlan{Signs: []string{"fever"}}
	err := plan.Validate(p, cx())
	var pe *plan.Error
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "4. Overgangar og beredskap (sections.contingency.phases.red.measures): "+
		"ein fase utan tiltak: oppgi kven som gjer kva i raud fase", pe.Localized(roles.Nynorsk))
	assert.NotEqual(t, pe.Localized(roles.Bokmal), pe.Localized(roles.Nynorsk))

	_, err = plan.Cycle{}.Move(plan.StageWork{Stage: plan.StageDo, Goals: []string{"g"}, Measures: []string{"m"}, HowMeasured: "h"}, false, "notes", "c", now)
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "Plan for samarbeid (to): fasar blir ikkje hoppa over: etter førebu kjem planleggje", pe.Localized(roles.Nynorsk))
}
