package http

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

func withPlan(t *testing.T) *fixture {
	f := newFixture(t)
	_, err := lkttest.NewBuilder().WithID("c-plan").WithPlan().Seed(context.Background(), f.svc)
	require.NoError(t, err)
	return f
}

// TestMoveToRedActivatesMeasures: the phase change answers the community
// with the red phase's measures open — who must do what, by when.
func TestMoveToRedActivatesMeasures(t *testing.T) {
	f := withPlan(t)
	w := f.do(req{method: "GET", path: "/api/communities/c-plan/plan", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	pv := decodeJSON[PlanView](t, w)
	require.NotNil(t, pv.InForce)
	assert.Equal(t, 1, pv.Status.InForce)

	_, v := f.stored("c-plan")
	w = f.do(req{method: "POST", path: "/api/communities/c-plan/commands/SetPhase", token: tokCoordinator, ifMatch: etag(v),
		body: lkt.SetPhase{Phase: plan.Red, Reason: "Complications after the operation"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	view := decodeJSON[CommunityView](t, w)
	assert.Equal(t, plan.Red, view.Phase)
	require.NotEmpty(t, view.OpenMeasures)
	for _, m := range view.OpenMeasures {
		assert.Equal(t, plan.Red, m.Phase)
		assert.NotEmpty(t, m.Responsible)
	}
	assert.Contains(t, mustJSON(t, view.Warnings), "red-phase")

	w = f.do(req{method: "GET", path: "/api/communities/c-plan/execution", token: tokGP})
	require.Equal(t, http.StatusOK, w.Code)
	ex := decodeJSON[ExecutionView](t, w)
	assert.Equal(t, plan.Red, ex.Phase)
	assert.Len(t, ex.OpenMeasures, len(view.OpenMeasures))

	// The coordinator's agenda has the measures.
	w = f.do(req{method: "GET", path: "/api/agenda?to=2027-01-01", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "c-plan")
	w = f.do(req{method: "GET", path: "/api/communities?redPhase=true", token: tokCoordinator})
	page := decodeJSON[lkt.Page](t, w)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkt.ID("c-plan"), page.Items[0].ID)
}

func TestPlanReads(t *testing.T) {
	f := withPlan(t)
	for _, p := range []string{"plan/revisions/1", "plan.html", "plan.txt?revision=1", "agenda?to=2026-12-31", "execution"} {
		w := f.do(req{method: "GET", path: "/api/communities/c-plan/" + p, token: tokMother})
		assert.Equal(t, http.StatusOK, w.Code, p+": "+w.Body.String())
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-plan/plan.pdf?lang=nn", token: tokMother})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/pdf", w.Header().Get("Content-Type"))
	assert.Equal(t, "nn", w.Header().Get("Content-Language"))
	assert.True(t, strings.HasPrefix(w.Body.String(), "%PDF-"))
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/plan.pdf", token: tokMother})
	assert.Equal(t, lkt.RuleNoAgreedPlan, f.problem(w).Rule, "no plan in force: a problem document, not an empty PDF")
	w = f.do(req{method: "GET", path: "/api/communities/c-plan/plan/revisions/7", token: tokMother})
	assert.Equal(t, http.StatusNotFound, f.problem(w).Status)
	w = f.do(req{method: "GET", path: "/api/communities/c-plan/plan/revisions/x", token: tokMother})
	assert.Equal(t, http.StatusBadRequest, f.problem(w).Status)
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/plan.html", token: tokMother})
	assert.Equal(t, lkt.RuleNoAgreedPlan, f.problem(w).Rule)
	// A phase change without an agreed plan is refused and changes nothing.
	before, v := f.stored("c-jonas")
	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/SetPhase", token: tokCoordinator, ifMatch: etag(v),
		body: lkt.SetPhase{Phase: plan.Yellow, Reason: "Pain rising"}})
	assert.Equal(t, lkt.RuleNoAgreedPlan, f.problem(w).Rule)
	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2)
	assert.JSONEq(t, before, after)
}

// TestPlanGapsInTheRequestsLanguage: a revision's gaps are answered as
// field and message in the language asked for — nynorsk too — not as the
// domain's labels.
func TestPlanGapsInTheRequestsLanguage(t *testing.T) {
	f := withPlan(t)
	s := lkttest.PlanSections(f.clock.Now())
	s.Patient.WhoIs = ""
	s.Evaluation.How = ""
	w := f.do(req{method: "POST", path: "/api/communities/c-plan/commands/RevisePlan", token: tokCoordinator, ifMatch: "*",
		body: lkt.RevisePlan{Revision: 1, Sections: s, Note: "incomplete"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	for lang, says := range map[string]string{"en": "say who the patient is", "nb": "beskriv hvem pasienten er", "nn": "skriv kven pasienten er"} {
		w := f.do(req{method: "GET", path: "/api/communities/c-plan/plan/revisions/2", token: tokCoordinator, lang: lang})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.NotContains(t, w.Body.String(), `"EN"`)
		v := decodeJSON[RevisionView](t, w)
		require.Len(t, v.Gaps, 2, lang)
		assert.Equal(t, GapView{"sections.patient.whoIs", says}, v.Gaps[0], lang)
	}
}
