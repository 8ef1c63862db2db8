package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/adapters/fhir/fhirtest"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestDemoCommunitiesExportValidFHIR exports every demo community as a FHIR
// Bundle and has both validators check it against R4 and no-basis.
func TestDemoCommunitiesExportValidFHIR(t *testing.T) {
	ctx := context.Background()
	store := lkttest.NewStore()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(store, lkttest.Config(clock))
	n, err := demo.Load(ctx, svc)
	require.NoError(t, err)
	page, err := store.Query(ctx, lkt.Query{Limit: 1000})
	require.NoError(t, err)
	require.Len(t, page.Items, n)
	docs := map[string]any{}
	for _, it := range page.Items {
		c, err := svc.Get(ctx, lkt.System("fhir-export"), it.ID)
		require.NoError(t, err)
		docs[string(it.ID)] = fhir.Export(c, clock.Now(), fhir.Options{})
	}
	rep := fhirtest.RequireValid(t, docs)
	t.Logf("%d demo communities, %d resources valid", n, rep.Resources)
}
