package actormap_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The risks of the map and its refusals read in nynorsk, not the bokmål
// fallback: the pilot municipalities write nynorsk (issue 16.7).
func TestNynorsk(t *testing.T) {
	an, err := boy10().Risks()
	require.NoError(t, err)
	var lifebuoy actormap.Finding
	for _, f := range an.Findings {
		if f.Kind == actormap.SinglePoint {
			lifebuoy = f
		}
	}
	nn := lifebuoy.Text(roles.Nynorsk)
	assert.Contains(t, nn, "Mor (Føresett) er eit enkeltpunkt for svikt (ei «livbøye»): den einaste linja mellom")
	assert.NotEqual(t, lifebuoy.Text(roles.Bokmal), nn)
	assert.Contains(t, an.Text(roles.Nynorsk), "Løpande risikoar i aktørkartet:")

	m := boy10()
	m.Actors[0].Role = "nobody"
	err = m.Validate()
	var e *actormap.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, `Aktørkart (actors[0].role): ukjend rolle "nobody"`, e.Localized(roles.Nynorsk))
}
