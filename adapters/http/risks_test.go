package http

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The actor map's risks reach people: a lifebuoy stands in the API's
// warnings (issue 16.8); the web page shows them too (examples/server).
func TestTheActorMapsRisksAreWarnings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, cmd := range []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-tone", Name: "Tone", Role: roles.AutismTeam}},
		lkt.AddTie{Tie: actormap.Tie{From: lkttest.PatientID, To: lkttest.MotherID, Channel: actormap.InPerson}},
		lkt.AddTie{Tie: actormap.Tie{From: lkttest.MotherID, To: "m-tone", Channel: actormap.Phone}},
	} {
		_, err := f.svc.Do(ctx, lkttest.Coordinator, "c-jonas", lkt.AnyVersion, cmd)
		require.NoError(t, err)
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"rule":"`+lkt.RuleLifebuoy+`"`)
}
