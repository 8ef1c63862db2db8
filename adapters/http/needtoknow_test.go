package http

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestNeedToKnowOverHTTP: the patient's national identity number reaches
// health personnel and the patient's side, never the school — also when
// the GP's read of the same version was served first (the snapshot cache
// holds whole snapshots only) — and after a withdrawal the summary tells
// a member only that consent is withdrawn.
func TestNeedToKnowOverHTTP(t *testing.T) {
	nin := lkttest.NewBuilder().Patient.NationalID
	get := func(mw *matrixWorld, w who, path string) string {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Header.Set("Authorization", "Bearer tok-matrix-"+string(w))
		rec := httptest.NewRecorder()
		mw.h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusOK, rec.Code, "%s as %s: %s", path, w, rec.Body.String())
		return rec.Body.String()
	}
	mw := newMatrixWorld(t, given)
	for _, path := range []string{"/api/communities/c-jonas", "/api/communities/c-jonas/events"} {
		for _, w := range []who{gp, school, patient, school, coordinator, school} {
			body := get(mw, w, path)
			if w == school {
				assert.NotContains(t, body, nin, "%s as the school", path)
			} else {
				assert.Contains(t, body, nin, "%s as %s", path, w)
			}
		}
	}
	assert.Contains(t, get(mw, school, "/api/communities/c-jonas"), `"withheld":["patient.nationalId","capacity","notices"]`)
	assert.Contains(t, get(mw, parent, "/api/communities/c-jonas"), `"kind":"representative-added"`, "the patient's side sees who speaks for him")

	mw = newMatrixWorld(t, withdrawn)
	for _, w := range []who{gp, school, systemRights} {
		body := get(mw, w, "/api/communities/c-jonas/summary")
		assert.JSONEq(t, `{"id":"c-jonas","consent":"withdrawn"}`, body, "summary as %s", w)
	}
	assert.True(t, strings.Contains(get(mw, parent, "/api/communities/c-jonas/summary"), `"coordinator":"m-silje"`))
	assert.JSONEq(t, `{"items":[{"id":"c-jonas","consent":"withdrawn"}]}`,
		get(mw, gp, "/api/communities"), "the GP's portfolio")
}

// TestNoticesOnThePatientSidePage: the community's page shows the
// patient's side who joined and who speaks for the patient; a member's
// page shows no notices.
func TestNoticesOnThePatientSidePage(t *testing.T) {
	mw := newMatrixWorld(t, given)
	page := func(w who) string {
		r := httptest.NewRequest(http.MethodGet, "/communities/c-jonas", nil)
		r.Header.Set("Authorization", "Bearer tok-matrix-"+string(w))
		rec := httptest.NewRecorder()
		mw.h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.String()
	}
	mother := page(parent)
	assert.Contains(t, mother, `id="notices"`)
	assert.Contains(t, mother, `data-kind="representative-added"`)
	assert.Contains(t, mother, "Vera Verge")
	assert.NotContains(t, page(school), `id="notices"`)
}
