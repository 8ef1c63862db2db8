package http

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestBadInput sends what a careless or hostile client sends. Each request
// gets its status and a problem document naming the code (and the field or
// rule where there is one), and the stored community is unchanged: same
// snapshot, same version, no new events.
func TestBadInput(t *testing.T) {
	const cmdPath = "/api/communities/c-jonas/commands/AddMember"
	member := `{"member":{"id":"m-new","name":"Ny Person","role":"school"}}`
	cases := []struct {
		name   string
		r      req
		status int
		code   string
		field  string
		rule   string
	}{
		{"malformed JSON", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `{"member":`},
			400, "malformed", "member", ""},
		{"not JSON at all", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `member=x`},
			400, "malformed", "", ""},
		{"empty body", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: ``},
			400, "malformed", "", ""},
		{"wrong type", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `{"member":{"id":42,"name":"x","role":"school"}}`},
			400, "malformed", "member.id", ""},
		{"array instead of object", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `[1,2]`},
			400, "malformed", "", ""},
		{"unknown field", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `{"member":{"id":"m-new","name":"x","role":"school","admin":true}}`},
			400, "malformed", "member.admin", ""},
		// The coordinator's tasks are agreed in the plan (sections.roles.mandate),
		// not set at appointment: a client still sending them is told so.
		{"tasks at appointment", req{method: "POST", path: "/api/communities/c-jonas/commands/AppointCoordinator", token: tokCoordinator, ifMatch: "*",
			body: `{"memberId":"m-silje","tasks":["Lead"]}`}, 400, "malformed", "tasks", ""},
		{"trailing data", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: member + `{"again":1}`},
			400, "malformed", "", ""},
		{"trailing garbage", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: member + `]`},
			400, "malformed", "", ""},
		{"bad time", req{method: "POST", path: "/api/communities/c-jonas/commands/GiveConsent", token: tokCoordinator, ifMatch: "*", body: `{"givenBy":"m-kari","givenAt":"yesterday"}`},
			400, "malformed", "givenAt", ""},
		{"huge body", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `{"member":{"id":"m-new","name":"` + strings.Repeat("x", 70<<10) + `","role":"school"}}`},
			413, "too_large", "", ""},
		{"wrong content type", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: member, contentType: "text/plain"},
			415, "unsupported_media", "Content-Type", ""},
		{"invalid value", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "*", body: `{"member":{"id":"m-new","name":"x","role":"wizard"}}`},
			422, "invalid", "member.role", ""},
		{"missing If-Match", req{method: "POST", path: cmdPath, token: tokCoordinator, body: member},
			428, "if_match_required", "If-Match", ""},
		{"malformed If-Match", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: "seven", body: member},
			400, "malformed", "If-Match", ""},
		{"weak If-Match", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: `W/"1"`, body: member},
			400, "malformed", "If-Match", ""},
		{"stale If-Match", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: `"3"`, body: member},
			412, "stale", "version", lkt.RuleStaleVersion},
		{"future If-Match", req{method: "POST", path: cmdPath, token: tokCoordinator, ifMatch: `"9999"`, body: member},
			412, "stale", "version", lkt.RuleStaleVersion},
		{"unauthenticated write", req{method: "POST", path: cmdPath, ifMatch: "*", body: member},
			401, "unauthenticated", "", ""},
		{"unknown token", req{method: "POST", path: cmdPath, token: "not-a-token", ifMatch: "*", body: member},
			401, "unauthenticated", "", ""},
		{"unauthenticated read", req{method: "GET", path: "/api/communities/c-jonas"},
			401, "unauthenticated", "", ""},
		{"outsider reads", req{method: "GET", path: "/api/communities/c-jonas", token: tokOutsider},
			403, "forbidden", "", lkt.RuleNotAMember},
		{"outsider writes", req{method: "POST", path: cmdPath, token: tokOutsider, ifMatch: "*", body: member},
			403, "forbidden", "", lkt.RuleNotAMember},
		{"relative may not add members", req{method: "POST", path: "/api/communities/c-jonas/commands/RecordInclusion", token: tokMother, ifMatch: "*", body: `{"criterion":"informed"}`},
			403, "forbidden", "", lkt.RuleStanding},
		{"rule not met", req{method: "POST", path: "/api/communities/c-jonas/commands/Activate", token: tokCoordinator, ifMatch: "*", body: `{}`},
			409, "precondition_failed", "", lkt.RuleLifecycle},
		{"unknown community read", req{method: "GET", path: "/api/communities/c-nobody", token: tokCoordinator},
			404, "not_found", "id", ""},
		{"unknown community write", req{method: "POST", path: "/api/communities/c-nobody/commands/AddMember", token: tokCoordinator, ifMatch: "*", body: member},
			404, "not_found", "id", ""},
		{"unknown member", req{method: "POST", path: "/api/communities/c-jonas/commands/UpdateMember", token: tokCoordinator, ifMatch: "*", body: `{"memberId":"m-nobody","name":"x"}`},
			404, "not_found", "memberId", ""},
		{"unknown path", req{method: "GET", path: "/api/nothing-here", token: tokCoordinator},
			404, "not_found", "", ""},
		{"wrong method", req{method: "DELETE", path: "/api/communities/c-jonas", token: tokCoordinator},
			405, "method_not_allowed", "", ""},
		{"bad query", req{method: "GET", path: "/api/communities?vacantRole=maybe", token: tokCoordinator},
			400, "malformed", "vacantRole", ""},
		{"cross-origin form post", req{method: "POST", path: "/communities/c-jonas/members", token: tokCoordinator, body: "version=1&id=x&name=y&role=school",
			contentType: "application/x-www-form-urlencoded", header: map[string]string{"Sec-Fetch-Site": "cross-site"}},
			403, "forbidden", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before, v := f.stored("c-jonas")
			w := f.do(tc.r)
			p := f.problem(w)
			assert.Equal(t, tc.status, p.Status, w.Body.String())
			assert.Equal(t, tc.code, p.Code)
			assert.Equal(t, tc.field, p.Field)
			assert.Equal(t, tc.rule, p.Rule)
			assert.NotEmpty(t, p.Detail)
			assert.NotEmpty(t, p.Title)
			assert.Equal(t, ProblemTypeBase+tc.code, p.Type)
			assert.Equal(t, tc.r.path[:strings.IndexByte(tc.r.path+"?", '?')], p.Instance)
			assert.NotEmpty(t, p.RequestID)
			after, v2 := f.stored("c-jonas")
			assert.Equal(t, v, v2, "version unchanged")
			assert.JSONEq(t, before, after, "stored community unchanged")

			// Every refusal reads in nynorsk, not the bokmål fallback (issue 17).
			nb, nn := tc.r, tc.r
			nb.lang, nn.lang = "nb", "nn"
			pnb, pnn := f.problem(f.do(nb)), f.problem(f.do(nn))
			assert.NotEqual(t, pnb.Detail, pnn.Detail, "nynorsk detail")
		})
	}
}

// TestConsentWithdrawn: once the mother withdraws consent for her son,
// members can neither read nor change the community, the patient side
// still reads it, and nothing is lost.
func TestConsentWithdrawn(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/WithdrawConsent", token: tokMother, ifMatch: "*",
		body: lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID}})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	before, v := f.stored("c-jonas")

	for _, r := range []req{
		{method: "GET", path: "/api/communities/c-jonas", token: tokGP},
		{method: "GET", path: "/api/communities/c-jonas/actormap.svg", token: tokGP},
		{method: "GET", path: "/api/communities/c-jonas/events", token: tokCoordinator},
		{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: etag(v),
			body: `{"member":{"id":"m-new","name":"Ny Person","role":"school"}}`},
		{method: "POST", path: "/api/communities/c-jonas/commands/RecordInclusion", token: tokCoordinator, ifMatch: etag(v),
			body: `{"criterion":"informed"}`},
	} {
		w := f.do(r)
		p := f.problem(w)
		assert.Equal(t, http.StatusForbidden, p.Status, r.path)
		assert.Equal(t, "consent_required", p.Code, r.path)
		rule := lkt.RuleConsentRequired
		if strings.HasSuffix(r.path, "/AddMember") {
			rule = lkt.RuleNothingAddedWhileWithdrawn // nobody is added after a withdrawal, relatives neither
		}
		assert.Equal(t, rule, p.Rule, r.path)
	}
	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2)
	assert.JSONEq(t, before, after)

	// The mother still reads; the summary tells members why nothing is shared.
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokMother})
	require.Equal(t, http.StatusOK, w.Code)
	view := decodeJSON[CommunityView](t, w)
	assert.Equal(t, lkt.Withdrawn, view.Consent)
	assert.Equal(t, lkt.RuleConsentWithdrawn, view.Warnings[0].Rule)
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas/summary", token: tokGP})
	require.Equal(t, http.StatusOK, w.Code)
	sum := decodeJSON[lkt.Summary](t, w)
	assert.Equal(t, lkt.Withdrawn, sum.Consent)
	assert.Empty(t, sum.PatientName)
}

// TestInternalErrorsDoNotLeak: a failing store answers 500 with a generic
// message, never the cause.
func TestInternalErrorsDoNotLeak(t *testing.T) {
	f := newFixture(t)
	f.store.FailSave = errSecret
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*",
		body: `{"member":{"id":"m-new","name":"Ny Person","role":"school"}}`, lang: "en"})
	p := f.problem(w)
	assert.Equal(t, http.StatusInternalServerError, p.Status)
	assert.Equal(t, "internal", p.Code)
	assert.Equal(t, "an internal error occurred", p.Detail)
	assert.NotContains(t, w.Body.String(), "secret")
}

var errSecret = &secretErr{}

type secretErr struct{}

func (*secretErr) Error() string { return "disk /var/secret/db is full" }

// TestUnavailableStoreAnswers503: a store that is unreachable for the
// moment answers 503 with Retry-After, without the cause, and nothing is
// saved.
func TestUnavailableStoreAnswers503(t *testing.T) {
	f := newFixture(t)
	before, v := f.stored("c-jonas")
	f.store.FailSave = lkt.UnavailableError(errSecret)
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*",
		body: `{"member":{"id":"m-new","name":"Ny Person","role":"school"}}`, lang: "en"})
	p := f.problem(w)
	assert.Equal(t, http.StatusServiceUnavailable, p.Status)
	assert.Equal(t, "unavailable", p.Code)
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.NotContains(t, w.Body.String(), "secret")
	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2)
	assert.JSONEq(t, before, after)
}
