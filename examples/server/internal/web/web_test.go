package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func TestPagesSignInAndBrowse(t *testing.T) {
	f := newFixture(t)
	w := f.browse("GET", "/", "", nil)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/signin", w.Header().Get("Location"))

	w = f.browse("GET", "/signin", "", nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "Logg inn")

	w = f.browse("POST", "/signin", "", url.Values{"token": {"wrong-token"}})
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Contains(t, w.Body.String(), "ukjent token")

	w = f.browse("POST", "/signin", "", url.Values{"token": {tokCoordinator}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	var session string
	for _, c := range w.Result().Cookies() {
		if c.Name == lkthttp.SessionCookie {
			session = c.Value
			assert.True(t, c.HttpOnly)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
		}
	}
	require.Len(t, session, 43, "a session id of 256 random bits")
	assert.NotContains(t, w.Header().Values("Set-Cookie")[0], tokCoordinator, "the cookie never holds the token")

	w = f.browse("GET", "/", session, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "Mine aktørfellesskap")
	assert.Contains(t, w.Body.String(), `href="/communities/c-jonas"`)

	w = f.browse("GET", "/communities/c-jonas", session, nil)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{"Min gode dag", "Jonas sleeps through the night", "Aktørkart", "/api/communities/c-jonas/actormap.svg",
		"Koordinator og mandat", "Silje Nygård", "Forankret hos", "Eva Dale", "Fastlege"} {
		assert.Contains(t, body, want)
	}
	assert.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))

	w = f.browse("GET", "/communities/c-jonas?lang=en", session, nil)
	assert.Contains(t, w.Body.String(), "My good day")

	w = f.browse("GET", "/communities/c-jonas", tokOutsider, nil)
	assert.Equal(t, http.StatusForbidden, w.Code)
}

func TestPageFormsShowErrorsInTheForm(t *testing.T) {
	f := newFixture(t)
	before, v := f.stored("c-jonas")
	version := itoa(v)

	// A member whose id is taken: the error is shown in the member form, in bokmål.
	w := f.browse("POST", "/communities/c-jonas/members", tokCoordinator,
		url.Values{"version": {version}, "id": {"m-per"}, "name": {"Per igjen"}, "role": {"school"}})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), `id="error-member"`)
	assert.Contains(t, w.Body.String(), "er allerede medlem av fellesskapet")

	// A stale page: someone changed the community since it was shown.
	w = f.browse("POST", "/communities/c-jonas/members", tokCoordinator,
		url.Values{"version": {"1"}, "id": {"m-new"}, "name": {"Ny"}, "role": {"school"}})
	assert.Equal(t, http.StatusPreconditionFailed, w.Code)
	assert.Contains(t, w.Body.String(), "er endret av noen andre")

	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2)
	assert.JSONEq(t, before, after)

	// A valid member goes in and the browser returns to the page.
	w = f.browse("POST", "/communities/c-jonas/members", tokCoordinator,
		url.Values{"version": {version}, "id": {"m-new"}, "name": {"Nora Ny"}, "role": {"school"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, "/communities/c-jonas#member", w.Header().Get("Location"))
	w = f.browse("GET", "/communities/c-jonas", tokCoordinator, nil)
	assert.Contains(t, w.Body.String(), "Nora Ny")
}

// TestStoryOnBehalfAwaitsConfirmation: a revision the coordinator records
// on the patient's word, with evidence, is marked as recorded on behalf and
// pending; the page keeps the patient side's story and says a revision
// awaits confirmation, until the mother confirms it.
func TestStoryOnBehalfAwaitsConfirmation(t *testing.T) {
	f := newFixture(t)
	w := f.bearer("POST", "/api/communities/c-jonas/commands/ReviseStory", tokCoordinator,
		`{"goodDay":"Jonas: no pain at school.","onBehalf":true,"toldBy":"p-jonas","evidence":{"kind":"verbal","date":"2026-03-02","reference":"Home visit note","witness":"Kari Berg"}}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	c, err := f.svc.Get(context.Background(), lkttest.GP, "c-jonas")
	require.NoError(t, err)
	story := c.Story()
	require.Len(t, story, 2)
	assert.True(t, story[1].Pending)
	assert.Equal(t, lkt.Verbal, story[1].Evidence.Kind)

	page := f.bearer("GET", "/communities/c-jonas", tokGP, "").Body.String()
	assert.Contains(t, page, `id="story-waiting"`)
	assert.Contains(t, page, "Jonas sleeps through the night", "the confirmed story stays current")
	assert.NotContains(t, page, "Jonas: no pain at school.")

	w = f.bearer("POST", "/api/communities/c-jonas/commands/ConfirmStory", tokMother, `{"revision":2}`)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page = f.bearer("GET", "/communities/c-jonas", tokGP, "").Body.String()
	assert.NotContains(t, page, `id="story-waiting"`)
	assert.Contains(t, page, "Jonas: no pain at school.")
}

// TestConsentFormCarriesEvidence: the coordinator records consent on the
// mother's word through the page, with the evidence the form carries;
// without it the form shows the refusal.
func TestConsentFormCarriesEvidence(t *testing.T) {
	f := newFixture(t)
	_, v := f.stored("c-jonas")
	form := url.Values{"version": {strconv.FormatInt(v, 10)}, "givenBy": {"m-kari"}}
	w := f.browse("POST", "/communities/c-jonas/consent", tokCoordinator, form)
	require.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), "evidence")

	form.Set("evidenceKind", "verbal")
	form.Set("evidenceDate", "2026-03-02")
	form.Set("evidenceReference", "Journal note")
	form.Set("evidenceWitness", "Per Hauge")
	w = f.browse("POST", "/communities/c-jonas/consent", tokCoordinator, form)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	c, err := f.svc.Get(context.Background(), lkttest.Coordinator, "c-jonas")
	require.NoError(t, err)
	k, _ := c.Consent()
	require.NotNil(t, k.OnBehalf)
	assert.Equal(t, "Per Hauge", k.OnBehalf.Evidence.Witness)
}
