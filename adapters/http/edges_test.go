package http

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// refusedUnchanged sends r and asserts a problem with status, code and
// field, and that the stored community is read back unchanged.
func refusedUnchanged(t *testing.T, f *fixture, r req, status int, code, field string) Problem {
	t.Helper()
	before, v := f.stored("c-jonas")
	w := f.do(r)
	p := f.problem(w)
	assert.Equal(t, status, p.Status, w.Body.String())
	assert.Equal(t, code, p.Code, w.Body.String())
	assert.Equal(t, field, p.Field, w.Body.String())
	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2, "version unchanged")
	assert.JSONEq(t, before, after, "stored community unchanged")
	return p
}

// TestAgendaWindowIsBounded: an agenda looks at most 366 days ahead; a
// further to= is refused with a 400 naming the bound.
func TestAgendaWindowIsBounded(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/communities/c-jonas/agenda?to=2226-01-01", "/api/agenda?to=9999-12-31", "/api/agenda?to=2226-01-01T00:00:00Z"} {
		p := refusedUnchanged(t, f, req{method: "GET", path: path, token: tokCoordinator, lang: "en"}, 400, "malformed", "to")
		assert.True(t, strings.Contains(p.Detail, "366 days"), p.Detail)
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas/agenda?to=" + f.clock.Now().AddDate(0, 11, 0).Format("2006-01-02"), token: tokCoordinator})
	assert.Equal(t, 200, w.Code, w.Body.String())
}

// TestStrictJSON: what a lenient decoder would guess at is refused with a
// 400 naming the field, and nothing is stored.
func TestStrictJSON(t *testing.T) {
	const path = "/api/communities/c-jonas/commands/AddMember"
	for _, tc := range []struct {
		name, body, contentType string
		status                  int
		code, field             string
	}{
		{"duplicate key", `{"member":{"id":"m-new","name":"Ny","name":"Annen","role":"school"}}`, "", 400, "malformed", "member.name"},
		{"key in another case", `{"member":{"ID":"m-new","name":"Ny","role":"school"}}`, "", 400, "malformed", "member.ID"},
		{"Go field name", `{"Member":{"id":"m-new","name":"Ny","role":"school"}}`, "", 400, "malformed", "Member"},
		{"invalid UTF-8", "{\"member\":{\"id\":\"m-new\",\"name\":\"Ny \xff\",\"role\":\"school\"}}", "", 400, "malformed", "member.name"},
		{"latin-1 charset", `{"member":{"id":"m-new","name":"Ny","role":"school"}}`, "application/json; charset=iso-8859-1", 415, "unsupported_media", "Content-Type"},
		{"control character", `{"member":{"id":"m-new","name":"Ny\u0007","role":"school"}}`, "", 422, "invalid", "member.name"},
		{"line break in an organisation", `{"member":{"id":"m-new","name":"Ny","organisation":"A\r\nB","role":"school"}}`, "", 422, "invalid", "member.organisation"},
		{"bidi override in a name", `{"member":{"id":"m-new","name":"Ny \u202Eexe","role":"school"}}`, "", 422, "invalid", "member.name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			refusedUnchanged(t, f, req{method: "POST", path: path, token: tokCoordinator, ifMatch: "*", body: tc.body, contentType: tc.contentType},
				tc.status, tc.code, tc.field)
		})
	}
	// UTF-8 named as such passes.
	f := newFixture(t)
	w := f.do(req{method: "POST", path: path, token: tokCoordinator, ifMatch: "*", contentType: "application/json; charset=UTF-8",
		body: `{"member":{"id":"m-new","name":"Åse Ødegård","role":"school"}}`})
	assert.Equal(t, 200, w.Code, w.Body.String())
}

// TestDates: a date is accepted where a date is meant; an absurd year or
// an unparsable date is refused naming the field, in words that quote no
// Go layout.
func TestDates(t *testing.T) {
	f := newFixture(t)
	const path = "/api/communities/c-jonas/commands/ChangeMemberStatus"
	for _, body := range []string{
		`{"memberId":"m-per","status":"leaving","leavingOn":"0002-01-01"}`,
		`{"memberId":"m-per","status":"leaving","leavingOn":"9999-12-31T00:00:00Z"}`,
		`{"memberId":"m-per","status":"leaving","leavingOn":"1.1.2027"}`,
		`{"memberId":"m-per","status":"leaving","leavingOn":"2027-02-30"}`,
	} {
		for _, lang := range []string{"en", "nb", "nn"} {
			p := refusedUnchanged(t, f, req{method: "POST", path: path, token: tokCoordinator, ifMatch: "*", body: body, lang: lang}, 400, "malformed", "leavingOn")
			assert.NotContains(t, p.Detail, "2006", body)
			assert.NotContains(t, p.Detail, "Z07", body)
			assert.NotContains(t, p.Detail, "parsing time", body)
		}
	}
	day := f.clock.Now().AddDate(0, 2, 0).Format("2006-01-02")
	w := f.do(req{method: "POST", path: path, token: tokCoordinator, ifMatch: "*",
		body: `{"memberId":"m-per","status":"leaving","leavingOn":"` + day + `"}`})
	assert.Equal(t, 200, w.Code, w.Body.String())
	snap, _ := f.stored("c-jonas")
	assert.Contains(t, snap, day+"T00:00:00Z", "the date is stored as that day")
}

// TestIfMatchStarUnderConcurrency: four writes sent at the same moment with
// If-Match: * all succeed — * means the version current when the write is
// applied — and each one's change is read back.
func TestIfMatchStarUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	_, v0 := f.stored("c-jonas")
	const writers = 4
	codes := make([]int, writers)
	bodies := make([]string, writers)
	var wg sync.WaitGroup
	for i := range writers {
		body, err := json.Marshal(lkt.AddMember{Member: lkt.NewMember{ID: actormap.ActorID("m-teacher-" + strconv.Itoa(i)), Name: "Teacher", Role: roles.School}})
		require.NoError(t, err)
		wg.Go(func() {
			w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*", body: body})
			codes[i], bodies[i] = w.Code, w.Body.String()
		})
	}
	wg.Wait()
	for i := range writers {
		assert.Equal(t, http.StatusOK, codes[i], bodies[i])
	}
	snap, v := f.stored("c-jonas")
	assert.Equal(t, v0+writers, v)
	for i := range writers {
		assert.Contains(t, snap, `"m-teacher-`+strconv.Itoa(i)+`"`)
	}
}

// TestPatientFindsTheirCommunity: the patient and their representative
// find the community in the portfolio, as members do.
func TestPatientFindsTheirCommunity(t *testing.T) {
	f := newFixture(t)
	for _, tok := range []string{tokPatient, tokMother} {
		w := f.do(req{method: "GET", path: "/api/communities", token: tok})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		page := decodeJSON[lkt.Page](t, w)
		require.Len(t, page.Items, 2, tok)
		for i, id := range []lkt.ID{"c-draft", "c-jonas"} {
			assert.Equal(t, id, page.Items[i].ID, tok)
			assert.Equal(t, "Jonas Berg", page.Items[i].PatientName, tok)
		}
	}
}

// TestPagesAreBounded: every page and window of a log or portfolio has a
// documented bound; past it the request is refused with 400 naming the
// parameter and the bound, and nothing is read.
func TestPagesAreBounded(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ path, field, bound string }{
		{"/api/communities/c-jonas/events?limit=501", "limit", "500"},
		{"/api/communities/c-jonas/events?limit=-1", "limit", "500"},
		{"/api/communities/c-jonas/events?after=-1", "after", "0"},
		{"/api/communities/c-jonas/audit?limit=100000", "limit", "500"},
		{"/api/communities/c-jonas/audit?after=x", "after", "0"},
		{"/api/communities?limit=501", "limit", "500"},
		{"/api/communities?dueBefore=9999-12-31", "dueBefore", "2200"},
		{"/api/communities?dueBefore=0002-01-01", "dueBefore", "1850"},
		{"/api/feed?limit=501", "limit", "500"},
		{"/api/feed?wait=31", "wait", "30"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			p := refusedUnchanged(t, f, req{method: "GET", path: tc.path, token: tokSystem, lang: "en"}, 400, "malformed", tc.field)
			assert.Contains(t, p.Detail, tc.bound)
		})
	}
	// At the bound, it is answered.
	for _, path := range []string{"/api/communities/c-jonas/events?limit=500", "/api/communities/c-jonas/audit?limit=500", "/api/communities?limit=500"} {
		w := f.do(req{method: "GET", path: path, token: tokSystem})
		assert.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}
}

// TestRefusalsCarryTheirErrors: a refused activation lists each unmet
// precondition in the problem's errors (rule, field, message in the
// request's language), and nothing is stored.
func TestRefusalsCarryTheirErrors(t *testing.T) {
	f := newFixture(t)
	// c-draft has no coordinator; with its GP gone, two roles are vacant.
	w := f.do(req{method: "POST", path: "/api/communities/c-draft/commands/ChangeMemberStatus", token: tokCoordinator, ifMatch: "*",
		body: `{"memberId":"m-per","status":"left","reason":"Moved away"}`})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	before, v := f.stored("c-draft")
	for _, lang := range []string{"en", "nb"} {
		w := f.do(req{method: "POST", path: "/api/communities/c-draft/commands/Activate", token: tokCoordinator, ifMatch: "*", body: "{}", lang: lang})
		p := f.problem(w)
		assert.Equal(t, http.StatusConflict, p.Status)
		assert.Equal(t, lkt.RuleActivationPreconditions, p.Rule)
		require.NotEmpty(t, p.Errors, w.Body.String())
		rules := map[string]bool{}
		for _, e := range p.Errors {
			assert.NotEmpty(t, e.Field, e.Rule)
			assert.NotEmpty(t, e.Message, e.Rule)
			rules[e.Rule] = true
		}
		assert.True(t, rules[lkt.RuleMandatoryRoleVacant], "%v", p.Errors)
		require.Len(t, p.Errors, 2, "%v", p.Errors)
		if lang == "nb" {
			assert.Contains(t, p.Errors[1].Message, "Fastlege")
		} else {
			assert.Contains(t, p.Errors[1].Message, "the mandatory role GP is vacant")
		}
	}
	after, v2 := f.stored("c-draft")
	assert.Equal(t, v, v2)
	assert.JSONEq(t, before, after)

}

// TestIdempotencyKey: a command retried with its Idempotency-Key after a
// lost answer gets the first answer instead of 412, and is applied once;
// the same key with another body is refused; a malformed key is 400.
func TestIdempotencyKey(t *testing.T) {
	f := newFixture(t)
	_, v0 := f.stored("c-jonas")
	body := `{"member":{"id":"m-school","name":"Os skule","role":"school"}}`
	send := func(key, body string) *httptest.ResponseRecorder {
		return f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: etag(v0),
			body: body, header: map[string]string{"Idempotency-Key": key}})
	}
	w := send("3f1c-retry", body)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Empty(t, w.Header().Get("Idempotency-Replayed"))
	assert.Equal(t, etag(v0+1), w.Header().Get("ETag"))
	first := w.Body.String()

	// The answer was lost; the client sends the same request again.
	w = send("3f1c-retry", body)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "true", w.Header().Get("Idempotency-Replayed"))
	assert.Equal(t, etag(v0+1), w.Header().Get("ETag"))
	assert.Equal(t, v0+1, decodeJSON[CommunityView](t, w).Version)
	snap, v := f.stored("c-jonas")
	assert.Equal(t, v0+1, v, "applied once")
	assert.Equal(t, 1, strings.Count(snap, `"id":"m-school"`))

	// Someone else changes the community; a retry still reads the first
	// answer, not the newer state.
	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: etag(v0 + 1),
		body: `{"member":{"id":"m-later","name":"Later","role":"school"}}`})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	w = send("3f1c-retry", body)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "true", w.Header().Get("Idempotency-Replayed"))
	assert.Equal(t, etag(v0+1), w.Header().Get("ETag"), "the version the command made")
	assert.JSONEq(t, first, w.Body.String(), "the first answer, byte for byte in meaning")
	_, v = f.stored("c-jonas")
	assert.Equal(t, v0+2, v, "the retry applied nothing")

	// Without the key the retry is stale, as before.
	w = f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: etag(v0), body: body})
	assert.Equal(t, http.StatusPreconditionFailed, w.Code)

	// The key names one command: another body with it is refused.
	p := refusedUnchanged(t, f, req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*",
		body: `{"member":{"id":"m-other","name":"Another","role":"school"}}`, header: map[string]string{"Idempotency-Key": "3f1c-retry"}}, 409, "conflict", "Idempotency-Key")
	assert.Equal(t, lkt.RuleIdempotencyKeyReused, p.Rule)
	for _, key := range []string{"", "has space", strings.Repeat("k", lkt.MaxIdempotencyKey+1), "ключ"} {
		refusedUnchanged(t, f, req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*",
			body: body, header: map[string]string{"Idempotency-Key": key}}, 400, "malformed", "Idempotency-Key")
	}
}

// TestProblemTitlesInEveryLanguage: every problem's title reads in
// English, bokmål and nynorsk.
func TestProblemTitlesInEveryLanguage(t *testing.T) {
	for code := range statusOf {
		l := titles[code]
		assert.NotEmpty(t, l.EN, code)
		assert.NotEmpty(t, l.NB, code)
		assert.NotEmpty(t, l.NN, code)
	}
	// The readiness of a draft in nynorsk.
	f := newFixture(t)
	w := f.do(req{method: "POST", path: "/api/communities/c-draft/commands/Activate", token: tokCoordinator, ifMatch: "*", body: "{}", lang: "nn"})
	p := f.problem(w)
	assert.Equal(t, "Ein regel i rammeverket er ikkje oppfylt", p.Title)
	require.NotEmpty(t, p.Errors)
	assert.Contains(t, p.Errors[0].Message, "ikkje", "%v", p.Errors)
}

// TestHTTPErrorsSpeakNynorsk: the adapter's own messages are in nynorsk
// (newHTTPError requires the text, so the compiler finds a missing one).
func TestHTTPErrorsSpeakNynorsk(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "GET", path: "/api/communities?status=odd", token: tokCoordinator, lang: "nn"})
	assert.Contains(t, w.Body.String(), "må vere draft")

	// The strict decoder names the kind of value in each language.
	wrong := req{method: "POST", path: "/api/communities/c-jonas/commands/AddMember", token: tokCoordinator, ifMatch: "*",
		body: `{"member":{"id":42,"name":"x","role":"school"}}`}
	for lang, want := range map[string]string{"en": "must be a string", "nb": "må være en tekst", "nn": "må vere ein tekst"} {
		wrong.lang = lang
		assert.Equal(t, want, f.problem(f.do(wrong)).Detail, lang)
	}
}

// TestFrameworkItemsSpeakTheReadersLanguage: an item the framework puts
// on the agenda (fill a role left vacant) reads in the request's language
// — its title, not an object of three languages — in the community's,
// execution and coordinator agendas alike.
func TestFrameworkItemsSpeakTheReadersLanguage(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/ChangeMemberStatus", token: tokCoordinator, ifMatch: "*",
		body: `{"memberId":"` + string(lkttest.GPID) + `","status":"left","reason":"moved away"}`})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	to := f.clock.Now().AddDate(0, 2, 0).Format("2006-01-02")
	titles := map[string]string{}
	for _, lang := range []string{"en", "nb", "nn"} {
		for _, path := range []string{"/api/communities/c-jonas/agenda?to=" + to, "/api/agenda?to=" + to} {
			body := f.do(req{method: "GET", path: path, token: tokCoordinator, lang: lang}).Body.String()
			assert.NotContains(t, body, `"message"`, "%s %s", lang, path)
			var items []plan.Item
			if strings.HasPrefix(path, "/api/agenda") {
				var page []lkt.CommunityAgenda
				require.NoError(t, json.Unmarshal([]byte(body), &page), body)
				require.Len(t, page, 1, body)
				items = page[0].Items
			} else {
				require.NoError(t, json.Unmarshal([]byte(body), &items), body)
			}
			i := slices.IndexFunc(items, func(it plan.Item) bool { return it.Ref == "fill-role:gp" })
			require.GreaterOrEqual(t, i, 0, "fill the role is on the agenda: %s", body)
			titles[lang] = items[i].Title
		}
	}
	assert.NotEqual(t, titles["nb"], titles["nn"])
	assert.NotEqual(t, titles["en"], titles["nb"])
	assert.Contains(t, titles["nn"], "rolla", "nynorsk: %q", titles["nn"])

	// The notices to the patient's side too.
	w = f.do(req{method: "GET", path: "/api/communities/c-jonas", token: tokMother, lang: "nn"})
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	v := decodeJSON[CommunityView](t, w)
	require.NotEmpty(t, v.PatientNotices)
	for _, n := range v.PatientNotices {
		assert.NotEmpty(t, n.Message, "a notice says what happened, in the reader's language")
	}
}
