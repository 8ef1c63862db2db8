package http

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The actor map's risks reach people: a lifebuoy stands in the API's
// warnings (issue 16.8); the web page shows them too (examples/server).
func TestTheActorMapsRisksAreWarnings(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, cmd := range lkttest.Lifebuoy() {
		_, err := f.svc.Do(ctx, lkttest.Coordinator, "c-jonas", lkt.AnyVersion, cmd)
		require.NoError(t, err)
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `"rule":"`+lkt.RuleLifebuoy+`"`)
}
