package http

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	am "github.com/lkt-rammeverk/go-lkt/adapters/http/accessmatrix"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestNeedToKnowOverHTTP: the patient's national identity number reaches
// health personnel and the patient's side, never the school — also when
// the GP's read of the same version was served first (the snapshot cache
// holds whole snapshots only) — and after a withdrawal the summary tells
// a member only that consent is withdrawn.
func TestNeedToKnowOverHTTP(t *testing.T) {
	nin := lkttest.NewBuilder().Patient.NationalID
	get := func(mw *am.World, w am.Who, path string) string {
		rec := mw.Send(httptest.NewRequest(http.MethodGet, path, nil), w)
		require.Equal(t, http.StatusOK, rec.Code, "%s as %s: %s", path, w, rec.Body.String())
		return rec.Body.String()
	}
	mw := am.NewWorld(t, am.Given, serveAPI)
	for _, path := range []string{"/api/communities/c-jonas", "/api/communities/c-jonas/events"} {
		for _, w := range []am.Who{am.GP, am.School, am.Patient, am.School, am.Coordinator, am.School} {
			body := get(mw, w, path)
			if w == am.School {
				assert.NotContains(t, body, nin, "%s as the school", path)
			} else {
				assert.Contains(t, body, nin, "%s as %s", path, w)
			}
		}
	}
	assert.Contains(t, get(mw, am.School, "/api/communities/c-jonas"), `"withheld":["patient.nationalId","capacity","notices"]`)
	assert.Contains(t, get(mw, am.Parent, "/api/communities/c-jonas"), `"kind":"representative-added"`, "the patient's side sees who speaks for him")

	mw = am.NewWorld(t, am.Withdrawn, serveAPI)
	for _, w := range []am.Who{am.GP, am.School, am.SystemRights} {
		body := get(mw, w, "/api/communities/c-jonas/summary")
		assert.JSONEq(t, `{"id":"c-jonas","consent":"withdrawn"}`, body, "summary as %s", w)
	}
	assert.True(t, strings.Contains(get(mw, am.Parent, "/api/communities/c-jonas/summary"), `"coordinator":"m-silje"`))
	assert.JSONEq(t, `{"items":[{"id":"c-jonas","consent":"withdrawn"}]}`,
		get(mw, am.GP, "/api/communities"), "the GP's portfolio")
}
