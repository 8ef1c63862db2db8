package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/adapters/fhir/fhirtest"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
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
		c, err := svc.Get(ctx, lkttest.SystemWith("fhir-export", lkt.RightActInCommunities), it.ID)
		require.NoError(t, err)
		docs[string(it.ID)] = fhir.Export(c, clock.Now(), fhir.Options{})
	}
	rep := fhirtest.RequireValid(t, docs)
	t.Logf("%d demo communities, %d resources valid", n, rep.Resources)
}

// TestServerAnswersFHIR reads a demo community over FHIR from the running
// server, behind a public URL: the CareTeam, then the patient's plans by
// search, each entry's fullUrl under the public URL, all valid.
func TestServerAnswersFHIR(t *testing.T) {
	a, _ := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(t.TempDir(), "demo.db"), Quiet: true, PublicURL: "https://lkt.example.no/"})
	const tok = "demo-marit-coordinator"
	resp, body := get(t, a.URL+"/api/communities", tok)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var page lkt.Page
	require.NoError(t, json.Unmarshal(body, &page))
	require.NotEmpty(t, page.Items)

	docs := map[string]any{}
	fetch := func(name, path string) map[string]any {
		t.Helper()
		resp, body := get(t, a.URL+path, tok)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, body)
		require.Equal(t, "application/fhir+json; charset=utf-8", resp.Header.Get("Content-Type"))
		var v map[string]any
		require.NoError(t, json.Unmarshal(body, &v))
		docs[name] = v
		return v
	}
	fetch("metadata", "/fhir/metadata")
	team := fetch("careteam", "/fhir/CareTeam/"+string(page.Items[0].ID))
	patient := team["subject"].(map[string]any)["reference"].(string)
	plans := fetch("careplans", "/fhir/CarePlan?patient="+url.QueryEscape(patient))
	require.NotEmpty(t, plans["entry"], "the demo community has a plan")
	for _, e := range plans["entry"].([]any) {
		assert.True(t, strings.HasPrefix(e.(map[string]any)["fullUrl"].(string), "https://lkt.example.no/fhir/CarePlan/"))
	}
	fhirtest.RequireValid(t, docs)
}
