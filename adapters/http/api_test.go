package http

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func TestReadCommunityWithETag(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	_, version := f.stored("c-jonas")
	assert.Equal(t, etag(version), w.Header().Get("ETag"))
	v := decodeJSON[CommunityView](t, w)
	assert.Equal(t, lkt.Active, v.Status)
	assert.Equal(t, lkt.Consented, v.Consent)
	assert.Equal(t, "Jonas Berg", v.Community.Patient.Name)
	assert.Empty(t, v.VacantRoles)
	assert.NotEmpty(t, w.Header().Get("X-Request-Id"))
	assert.Equal(t, ContentSecurityPolicy, w.Header().Get("Content-Security-Policy"))
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))

	w = f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokCoordinator, header: map[string]string{"If-None-Match": etag(version)}})
	assert.Equal(t, http.StatusNotModified, w.Code)
}

func TestCommandWithIfMatch(t *testing.T) {
	f := newFixture(t)
	_, v0 := f.stored("c-jonas")
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: etag(v0),
		body: lkt.AddMember{Member: lkt.NewMember{ID: "m-school", Name: "Os skole", Role: roles.School}}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, etag(v0+1), w.Header().Get("ETag"))
	v := decodeJSON[CommunityView](t, w)
	assert.Equal(t, v0+1, v.Version)
	assert.True(t, slices.ContainsFunc(v.Community.Members, func(m lkt.Member) bool { return m.ID == "m-school" }))

	// If-Match: * applies to whatever is current.
	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/Pause", token: tokCoordinator, ifMatch: "*",
		body: lkt.Pause{Reason: "Summer break agreed in the meeting"}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, lkt.Paused, decodeJSON[CommunityView](t, w).Status)

	// The history has both, in order.
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/events?after=" + itoa(v0), token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code)
	var page struct {
		Items []struct {
			Seq  int64  `json:"seq"`
			Type string `json:"type"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &page))
	require.Len(t, page.Items, 2)
	assert.Equal(t, "MemberAdded", page.Items[0].Type)
	assert.Equal(t, "CommunityPaused", page.Items[1].Type)
}

func itoa(n int64) string { return strings.Trim(etag(n), `"`) }

func TestCreateCommunity(t *testing.T) {
	f := newFixture(t)
	nin, err := ident.SyntheticNumber(lkttest.PatientBirth.AddDate(-70, 0, 0), true, 200)
	require.NoError(t, err)
	in := lkt.NewCommunity{ID: "c-new", Municipality: "Alver",
		Patient: lkt.Patient{ID: "p-new", Name: "Olga Nes", NationalID: nin},
		Founder: &lkt.NewMember{ID: lkttest.CoordinatorID, Name: "Silje Nygård", Role: roles.Physiotherapist}}
	w := f.do(req{method: "POST", path: "/api/communities", token: tokCoordinator, body: in})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	assert.Equal(t, "/api/communities/c-new", w.Header().Get("Location"))
	assert.Equal(t, `"1"`, w.Header().Get("ETag"))

	w = f.do(req{method: "POST", path: "/api/communities", token: tokCoordinator, body: in})
	p := f.problem(w)
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Equal(t, lkt.RuleCommunityExists, p.Rule)

	// Another id for the same patient: a shadow community, refused naming
	// the domain's rule (an adapter must not put its own words over it).
	in.ID = "c-shadow"
	w = f.do(req{method: "POST", path: "/api/communities", token: tokCoordinator, body: in})
	p = f.problem(w)
	assert.Equal(t, http.StatusConflict, p.Status)
	assert.Equal(t, lkt.RuleOneOpenCommunity, p.Rule)
	w = f.do(req{method: "GET", path: "/api/communities/c-shadow", token: tokCoordinator})
	assert.Equal(t, http.StatusNotFound, w.Code, "nothing of it stored")
}

func TestPortfolio(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "GET", path: "/api/communities?coordinator=" + string(lkttest.CoordinatorID), token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := decodeJSON[lkt.Page](t, w)
	ids := []lkt.ID{}
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []lkt.ID{"c-jonas"}, ids, "c-draft has no coordinator yet")

	w = f.do(req{method: "GET", path: "/api/communities?status=draft", token: tokSystem})
	require.Equal(t, http.StatusOK, w.Code)
	page = decodeJSON[lkt.Page](t, w)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkt.ID("c-draft"), page.Items[0].ID)

	w = f.do(req{method: "GET", path: "/api/communities?limit=1", token: tokGP})
	page = decodeJSON[lkt.Page](t, w)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkt.ID("c-draft"), page.Next)

	w = f.do(req{method: "GET", path: "/api/communities?member=m-kari", token: tokGP})
	assert.Equal(t, http.StatusForbidden, f.problem(w).Status)
}

func TestActorMapFormats(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas/actormap", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	m := decodeJSON[actormap.Map](t, w)
	assert.Equal(t, "Jonas Berg", m.Patient)
	assert.Len(t, m.Holders, 4)

	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/actormap.svg", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "image/svg+xml", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Body.String(), "<svg")
	assert.Contains(t, w.Body.String(), "Jonas Berg")

	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/actormap.dot", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "graph")

	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/actormap/risks", token: tokCoordinator})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())

	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/actormap/scenario", token: tokCoordinator,
		body: actormap.Scenario{Name: "GP retires", Kind: actormap.Departure, Leave: []actormap.ActorID{lkttest.GPID}}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	res := decodeJSON[ScenarioResult](t, w)
	assert.True(t, slices.ContainsFunc(res.Analysis.Findings, func(f actormap.Finding) bool {
		return f.Kind == actormap.VacantRole && f.Role == roles.GP
	}), res.Text)

	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/actormap/scenario.svg", token: tokCoordinator,
		body: actormap.Scenario{Name: "GP retires", Leave: []actormap.ActorID{lkttest.GPID}}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "<svg")

	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/actormap/comparison", token: tokCoordinator,
		body: ComparisonRequest{A: actormap.Perspective{Owner: lkttest.MotherID, Known: []actormap.Seen{{Actor: lkttest.GPID}}}}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.NotEmpty(t, decodeJSON[ComparisonResult](t, w).Text)
}

func TestHistoryAuditSummaryStoryMembers(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"summary", "story", "members", "events?limit=2", "audit?after=1"} {
		w := f.do(req{method: "GET", path: "/api/communities/c-jonas/" + p, token: tokCoordinator})
		assert.Equal(t, http.StatusOK, w.Code, p+": "+w.Body.String())
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas/events?limit=2", token: tokCoordinator})
	assert.Equal(t, int64(2), decodeJSON[EventPage](t, w).Next)
	// The GP may read the community but not its audit trail.
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/audit", token: tokGP})
	assert.Equal(t, lkt.RuleAuditReader, f.problem(w).Rule)
}

func TestProblemLanguage(t *testing.T) {
	f := newFixture(t)
	body := lkt.ReviseStory{GoodDay: "Stable."}
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/ReviseStory", token: tokGP, ifMatch: "*", body: body})
	nb := f.problem(w)
	assert.Equal(t, http.StatusForbidden, nb.Status)
	assert.Equal(t, "forbidden", nb.Code)
	assert.Equal(t, lkt.RuleStoryOwner, nb.Rule)
	assert.Contains(t, nb.Detail, "fortellingen eies av pasienten")
	assert.Equal(t, "nb", w.Header().Get("Content-Language"))

	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/ReviseStory", token: tokGP, ifMatch: "*", body: body, lang: "en-GB,en;q=0.9,nb;q=0.5"})
	en := f.problem(w)
	assert.Contains(t, en.Detail, "the story belongs to the patient")
	assert.Equal(t, ProblemTypeBase+"forbidden", en.Type)
}

func TestHealthAndReady(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, http.StatusOK, f.do(req{method: "GET", path: "/healthz"}).Code)
	assert.Equal(t, http.StatusOK, f.do(req{method: "GET", path: "/readyz"}).Code)
	f.srv.ready = func(ctx context.Context) error { return errors.New("store down") }
	w := f.do(req{method: "GET", path: "/readyz"})
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.NotContains(t, w.Body.String(), "store down")
}

// TestOpenAPICoversRoutes keeps the document true: every route registered
// in routes.go is documented, and every documented operation is served.
func TestOpenAPICoversRoutes(t *testing.T) {
	f := newFixture(t)
	var registered []string
	for _, r := range f.srv.routes {
		if strings.Contains(r, " ") { // the /api/ fallback has no method
			registered = append(registered, r)
		}
	}
	var documented []string
	for _, op := range operations() {
		documented = append(documented, op.key)
	}
	slices.Sort(registered)
	slices.Sort(documented)
	assert.Equal(t, registered, documented)

	w := f.do(req{method: "GET", path: "/openapi.json"})
	require.Equal(t, http.StatusOK, w.Code)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	n := 0
	for _, ops := range doc.Paths {
		n += len(ops)
	}
	assert.Equal(t, len(registered), n, "every operation lands in the document once")
	// LKT_OPENAPI_OUT writes the document for the linter in .ci/run.
	if out := os.Getenv("LKT_OPENAPI_OUT"); out != "" {
		require.NoError(t, os.WriteFile(out, OpenAPI(), 0o644))
	}
	// Every command route's body schema is the command's.
	cmd := doc.Paths["/api/communities/{id}/commands/GiveConsent"]["post"].(map[string]any)
	assert.Contains(t, mustJSON(t, cmd["requestBody"]), "GiveConsent")
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
