package http

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/adapters/fhir/fhirtest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
)

// newFHIRFixture serves the fixture community with its plan agreed and a
// second revision drafted, so that the plan has a history.
func newFHIRFixture(t testing.TB) *fixture {
	t.Helper()
	return serveFixture(t, Deps{FHIRBase: "https://lkt.example/fhir"}, func(ctx context.Context, svc *lkt.Service, clock *lkttest.Clock) error {
		if _, err := lkttest.NewBuilder().WithPlan().Seed(ctx, svc); err != nil {
			return err
		}
		_, err := svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion,
			lkt.RevisePlan{Revision: 1, Sections: lkttest.PlanSections(clock.Now()), Note: "After the first evaluation"})
		return err
	})
}

// fhirJSON decodes a FHIR answer after checking its media type.
func fhirJSON(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	require.Equal(t, "application/fhir+json; charset=utf-8", w.Header().Get("Content-Type"), w.Body.String())
	var v map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v), w.Body.String())
	return v
}

// entries returns a Bundle's entries' resource types and ids, "Type/id".
func entries(b map[string]any) []string {
	var out []string
	es, _ := b["entry"].([]any)
	for _, e := range es {
		r := e.(map[string]any)["resource"].(map[string]any)
		id, _ := r["id"].(string)
		out = append(out, r["resourceType"].(string)+"/"+id)
	}
	return out
}

var jonasNIN = url.QueryEscape(fhir.SystemFNR + "|" + lkttest.NewBuilder().Patient.NationalID)

// TestFHIRReadsAndSearches reads and searches the fixture community as a
// FHIR client would, and has both validators check every answer: the
// CapabilityStatement, resources, search sets, the history and the
// OperationOutcomes.
func TestFHIRReadsAndSearches(t *testing.T) {
	f := newFHIRFixture(t)
	docs := map[string]any{}
	get := func(name, path, token string, status int) map[string]any {
		t.Helper()
		w := f.do(req{method: "GET", path: path, token: token})
		require.Equal(t, status, w.Code, "%s: %s", path, w.Body.String())
		v := fhirJSON(t, w)
		docs[name] = v
		return v
	}

	cs := get("metadata", "/fhir/metadata", "", http.StatusOK)
	assert.Equal(t, "CapabilityStatement", cs["resourceType"])
	assert.Equal(t, "https://lkt.example/fhir", cs["implementation"].(map[string]any)["url"])

	ct := get("careteam", "/fhir/CareTeam/c-jonas", tokGP, http.StatusOK)
	assert.Equal(t, "CareTeam", ct["resourceType"])
	assert.Equal(t, "c-jonas", ct["id"])

	for _, typ := range []string{"EpisodeOfCare/c-jonas", "Goal/c-jonas-goal", "Consent/c-jonas-consent-1", "CarePlan/c-jonas-plan-red"} {
		r := get(typ, "/fhir/"+typ, tokGP, http.StatusOK)
		assert.Equal(t, typ, r["resourceType"].(string)+"/"+r["id"].(string))
	}

	// The main CarePlan is the plan in force: revision 1, with revision 2
	// drafted; its ETag is its version.
	w := f.do(req{method: "GET", path: "/fhir/CarePlan/c-jonas-plan", token: tokGP})
	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, `W/"1"`, w.Header().Get("ETag"))
	cp := fhirJSON(t, w)
	docs["careplan"] = cp
	assert.Equal(t, "active", cp["status"])

	search := get("search-careplan", "/fhir/CarePlan?patient.identifier="+jonasNIN, tokGP, http.StatusOK)
	assert.Equal(t, "searchset", search["type"])
	assert.ElementsMatch(t, []string{"CarePlan/c-jonas-plan", "CarePlan/c-jonas-plan-green", "CarePlan/c-jonas-plan-yellow", "CarePlan/c-jonas-plan-red"}, entries(search))
	assert.EqualValues(t, 4, search["total"])
	byID := get("search-careplan-id", "/fhir/CarePlan?_id=c-jonas-plan", tokGP, http.StatusOK)
	assert.Equal(t, []string{"CarePlan/c-jonas-plan"}, entries(byID))
	byRef := get("search-careteam", "/fhir/CareTeam?patient=Patient/"+string(lkttest.PatientID), tokSystem, http.StatusOK)
	assert.Equal(t, []string{"CareTeam/c-jonas"}, entries(byRef))
	consents := get("search-consent", "/fhir/Consent?patient.identifier="+jonasNIN, tokCoordinator, http.StatusOK)
	assert.Equal(t, []string{"Consent/c-jonas-consent-1"}, entries(consents))
	// Another patient's number finds nothing.
	none := get("search-none", "/fhir/CarePlan?patient.identifier="+url.QueryEscape(fhir.SystemFNR+"|01010012356"), tokGP, http.StatusOK)
	assert.Empty(t, entries(none))

	// The plan's history: every revision, newest first.
	hist := get("history", "/fhir/CarePlan/c-jonas-plan/_history", tokGP, http.StatusOK)
	assert.Equal(t, "history", hist["type"])
	var versions []string
	for _, e := range hist["entry"].([]any) {
		versions = append(versions, e.(map[string]any)["resource"].(map[string]any)["meta"].(map[string]any)["versionId"].(string))
	}
	assert.Equal(t, []string{"2", "1"}, versions)
	v2 := get("vread-2", "/fhir/CarePlan/c-jonas-plan/_history/2", tokGP, http.StatusOK)
	assert.Equal(t, "draft", v2["status"])

	pat := get("patient", "/fhir/Patient/"+string(lkttest.PatientID), tokGP, http.StatusOK)
	assert.Equal(t, "Patient", pat["resourceType"])
	all := get("everything", "/fhir/Patient/"+string(lkttest.PatientID)+"/$everything", tokGP, http.StatusOK)
	assert.Contains(t, entries(all), "CarePlan/c-jonas-plan")
	assert.Contains(t, entries(all), "Provenance/c-jonas-prov-1")
	assert.EqualValues(t, 1, all["total"], "the Patient is the match, the rest are included")

	// Errors are OperationOutcomes with the JSON API's statuses.
	out := get("401", "/fhir/CarePlan/c-jonas-plan", "", http.StatusUnauthorized)
	assert.Equal(t, "login", issue(out)["code"])
	out = get("403", "/fhir/CareTeam/c-jonas", tokOutsider, http.StatusForbidden)
	assert.Equal(t, "forbidden", issue(out)["code"])
	out = get("404", "/fhir/CarePlan/c-nobody-plan", tokGP, http.StatusNotFound)
	assert.Equal(t, "not-found", issue(out)["code"])
	get("404-version", "/fhir/CarePlan/c-jonas-plan/_history/9", tokGP, http.StatusNotFound)
	get("404-phase-history", "/fhir/CarePlan/c-jonas-plan-red/_history", tokGP, http.StatusNotFound)
	get("404-type", "/fhir/Observation/x", tokGP, http.StatusNotFound)
	out = get("400-param", "/fhir/CarePlan?patient.identifier="+jonasNIN+"&status=active", tokGP, http.StatusBadRequest)
	assert.Equal(t, []any{"status"}, issue(out)["expression"], "the unknown parameter is named")
	out = get("400-system", "/fhir/CarePlan?patient.identifier="+url.QueryEscape("urn:oid:1.2.3|x"), tokGP, http.StatusBadRequest)
	assert.Equal(t, []any{"patient.identifier"}, issue(out)["expression"])
	get("400-none", "/fhir/CarePlan", tokGP, http.StatusBadRequest)

	w = f.do(req{method: "POST", path: "/fhir/CarePlan", token: tokGP, body: "{}", contentType: "application/fhir+json"})
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	assert.Equal(t, "GET", w.Header().Get("Allow"))
	docs["405"] = fhirJSON(t, w)

	rep := fhirtest.RequireValid(t, docs)
	t.Logf("%d answers, %d resources valid", len(docs), rep.Resources)
}

func issue(o map[string]any) map[string]any {
	return o["issue"].([]any)[0].(map[string]any)
}

// TestFHIRKeepsConsentAndAudit: a FHIR read is audited as every read is,
// and after the patient's side withdraws consent a professional reads
// nothing: a read is refused, a search names why the community is left
// out, while the mother still reads her son's plan.
func TestFHIRKeepsConsentAndAudit(t *testing.T) {
	f := newFHIRFixture(t)
	ctx := context.Background()
	audited := func() []lkt.AuditEntry {
		t.Helper()
		a, err := f.store.Audit(ctx, lkttest.CommunityID, 0, lkt.MaxPage)
		require.NoError(t, err)
		return a
	}
	before := len(audited())
	w := f.do(req{method: "GET", path: "/fhir/CarePlan?patient.identifier=" + jonasNIN, token: tokGP})
	require.Equal(t, http.StatusOK, w.Code)
	a := audited()
	require.Len(t, a, before+1, "one read of the community, audited")
	assert.Equal(t, lkt.AuditEntry{Community: lkttest.CommunityID, By: lkttest.GP, Action: lkt.Read, Operation: "Get", Outcome: "ok"},
		lkt.AuditEntry{Community: a[before].Community, By: a[before].By, Action: a[before].Action, Operation: a[before].Operation, Outcome: a[before].Outcome})

	_, err := f.svc.Do(ctx, lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
	require.NoError(t, err)

	w = f.do(req{method: "GET", path: "/fhir/CarePlan/c-jonas-plan", token: tokGP})
	require.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
	assert.Equal(t, "suppressed", issue(fhirJSON(t, w))["code"])
	refused := audited()
	assert.Equal(t, string(lkt.ConsentRequired), refused[len(refused)-1].Outcome, "the refused read is audited too")

	w = f.do(req{method: "GET", path: "/fhir/CarePlan?patient.identifier=" + jonasNIN, token: tokGP, lang: "en"})
	require.Equal(t, http.StatusOK, w.Code)
	b := fhirJSON(t, w)
	assert.Empty(t, entries(b)[:len(entries(b))-1], "no CarePlan, only the outcome")
	assert.Equal(t, []string{"OperationOutcome/"}, entries(b))
	assert.Contains(t, strings.ToLower(w.Body.String()), "consent")

	w = f.do(req{method: "GET", path: "/fhir/CarePlan/c-jonas-plan", token: tokMother})
	require.Equal(t, http.StatusOK, w.Code, "the patient's side reads their own plan whatever the consent")
	assert.Equal(t, "CarePlan", fhirJSON(t, w)["resourceType"])
}

// TestFHIRCommunityOf: every resource id the routes read by leads back to
// its community, and nothing else does.
func TestFHIRCommunityOf(t *testing.T) {
	for _, tc := range []struct {
		typ, id string
		want    lkt.ID
	}{
		{"CareTeam", "c-jonas", "c-jonas"},
		{"EpisodeOfCare", "c-jonas", "c-jonas"},
		{"CarePlan", "c-jonas-plan", "c-jonas"},
		{"CarePlan", "c-jonas-plan-" + string(plan.Yellow), "c-jonas"},
		{"CarePlan", "c-plan-plan", "c-plan"},
		{"Consent", "c-jonas-consent-12", "c-jonas"},
		{"Goal", "c-jonas-goal", "c-jonas"},
		{"CarePlan", "c-jonas", ""},
		{"Consent", "c-jonas-consent-x", ""},
		{"Goal", "c-jonas", ""},
		{"Task", "c-jonas-measure-1", ""},
		{"CareTeam", "h-0123", "h-0123"},
		{"CareTeam", "../etc", ""},
	} {
		got, ok := fhir.CommunityOf(tc.typ, tc.id)
		assert.Equal(t, tc.want, got, "%s/%s", tc.typ, tc.id)
		assert.Equal(t, tc.want != "", ok, "%s/%s", tc.typ, tc.id)
	}
}

// FuzzFHIRSearch sends arbitrary queries to the FHIR search: every answer
// is a searchset Bundle (200) or an OperationOutcome naming a bad
// parameter (400), never a 5xx or another body.
func FuzzFHIRSearch(f *testing.F) {
	for _, seed := range []string{
		"patient.identifier=" + jonasNIN, "patient=Patient/p-jonas", "subject=p-jonas&_id=c-jonas-plan", "_id=c-jonas-plan-red",
		"patient.identifier=%7C", "patient=a/b/c", "patient=Patient/", "_id=&patient=x", "status=active", "patient.identifier=a,b",
		"_format=xml&patient=p-jonas", "patient=p-jonas&patient=p-other", "subject.identifier=urn:oid:1|2", "%zz", "lang=en&_id=c-jonas",
	} {
		f.Add("CarePlan", seed)
		f.Add("Consent", seed)
	}
	fx := newFHIRFixture(f)
	f.Fuzz(func(t *testing.T, typ, query string) {
		if typ != "CarePlan" && typ != "Consent" && typ != "CareTeam" {
			typ = "CareTeam"
		}
		r := httptest.NewRequest("GET", "/fhir/"+typ, nil)
		r.URL.RawQuery = query
		r.Header.Set("Authorization", "Bearer "+tokGP)
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		var body struct {
			ResourceType string `json:"resourceType"`
			Type         string `json:"type"`
			Issue        []struct {
				Expression []string `json:"expression"`
			} `json:"issue"`
		}
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), "%s?%s: %s", typ, query, w.Body.String())
		switch w.Code {
		case http.StatusOK:
			require.Equal(t, "searchset", body.Type, query)
		case http.StatusBadRequest:
			require.Equal(t, "OperationOutcome", body.ResourceType, query)
			require.NotEmpty(t, body.Issue[0].Expression, "%s: the bad parameter is named", query)
		default:
			t.Fatalf("%s?%s: %d %s", typ, query, w.Code, w.Body.String())
		}
	})
}
