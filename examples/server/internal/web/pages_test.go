package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	am "github.com/lkt-rammeverk/go-lkt/adapters/http/accessmatrix"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestPatientFindsTheirCommunityOnThePortfolio: the patient and their
// representative find the community on the / page, as members do.
func TestPatientFindsTheirCommunityOnThePortfolio(t *testing.T) {
	f := newFixture(t)
	for _, tok := range []string{tokPatient, tokMother} {
		w := f.browse("GET", "/", tok, nil)
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		assert.Contains(t, w.Body.String(), `href="/communities/c-jonas"`, tok)
		assert.Contains(t, w.Body.String(), `href="/communities/c-draft"`, tok)
	}
}

// TestThePageShowsTheRedPhasesMeasures: after a move to red the community
// page shows the phase and its open measures.
func TestThePageShowsTheRedPhasesMeasures(t *testing.T) {
	f := withPlan(t)
	c, err := f.svc.Do(context.Background(), lkttest.Coordinator, "c-plan", lkt.AnyVersion,
		lkt.SetPhase{Phase: plan.Red, Reason: "Complications after the operation"})
	require.NoError(t, err)
	open := c.OpenMeasures()
	require.NotEmpty(t, open)
	w := f.browse("GET", "/communities/c-plan", tokCoordinator, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), open[0].What)
	assert.Contains(t, w.Body.String(), `class="badge phase-red"`)
}

// The actor map's risks reach people: a lifebuoy stands on the page
// (issue 16.8).
func TestPageShowsTheActorMapsRisks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, cmd := range lkttest.Lifebuoy() {
		_, err := f.svc.Do(ctx, lkttest.Coordinator, "c-jonas", lkt.AnyVersion, cmd)
		require.NoError(t, err)
	}
	w := f.browse("GET", "/communities/c-jonas", tokCoordinator, nil)
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `data-rule="`+lkt.RuleLifebuoy+`"`)
	assert.Contains(t, w.Body.String(), `data-rule="`+lkt.RuleNoLineToCoordinator+`"`)
}

// TestNoticesOnThePatientSidePage: the community's page shows the
// patient's side who joined and who speaks for the patient; a member's
// page shows no notices.
func TestNoticesOnThePatientSidePage(t *testing.T) {
	mw := am.NewWorld(t, am.Given, servePages)
	page := func(w am.Who) string {
		rec := mw.Send(httptest.NewRequest(http.MethodGet, "/communities/c-jonas", nil), w)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.String()
	}
	mother := page(am.Parent)
	assert.Contains(t, mother, `id="notices"`)
	assert.Contains(t, mother, `data-kind="representative-added"`)
	assert.Contains(t, mother, "Vera Verge")
	assert.NotContains(t, page(am.School), `id="notices"`)
}

// The translated page templates give, byte for byte, what the plain
// templates give, for every page, language and form error.
func TestTranslatedPagesAreThePlainPages(t *testing.T) {
	for lang, tmpl := range pagesByLang {
		for _, tt := range tmpl.Templates() {
			if tt.Tree != nil && tt.Tree.Root != nil {
				assert.NotContains(t, tt.Tree.Root.String(), `.T "`, "%s in %s: a label left to translate per request", tt.Name(), lang)
			}
		}
	}
	// A label html/template escapes: the sign-in page without demo logins.
	for _, lang := range []roles.Lang{roles.Bokmal, roles.Nynorsk, roles.English} {
		var got, want bytes.Buffer
		require.NoError(t, pagesFor(lang).ExecuteTemplate(&got, "signin.html", &page{Lang: lang}))
		require.NoError(t, pages.ExecuteTemplate(&want, "signin.html", &page{Lang: lang}))
		assert.Equal(t, want.String(), got.String())
		if lang == roles.English {
			assert.Contains(t, got.String(), "organisation&#39;s identity provider")
		}
	}
	type shown struct {
		code int
		body string
	}
	browseAll := func() []shown {
		f := newFixture(t)
		_, v := f.stored("c-jonas")
		var out []shown
		for _, q := range []string{"", "?lang=en", "?lang=nn", "?lang=nb"} {
			for _, p := range []string{"/communities/c-jonas", "/communities/c-draft", "/communities/nope", "/", "/signin"} {
				w := f.browse("GET", p+q, tokCoordinator, nil)
				out = append(out, shown{w.Code, w.Body.String()})
			}
			w := f.browse("GET", "/communities/c-jonas"+q, tokOutsider, nil)
			out = append(out, shown{w.Code, w.Body.String()})
			for _, form := range []struct {
				path string
				v    url.Values
			}{
				{"/communities/c-jonas/members", url.Values{"version": {itoa(v)}, "id": {"m-per"}, "name": {"Per"}, "role": {"school"}}},
				{"/communities/c-jonas/members", url.Values{"version": {"1"}, "id": {"m-new"}, "name": {"Ny"}, "role": {"school"}}},
				{"/communities/c-jonas/phase", url.Values{"version": {itoa(v)}, "phase": {"purple"}}},
				{"/communities/c-jonas/consent", url.Values{"version": {itoa(v)}, "givenBy": {"nobody"}}},
				{"/communities/c-draft/activate", url.Values{"version": {"x"}}},
				{"/communities/c-jonas/plan/agree", url.Values{"version": {itoa(v)}, "revision": {"99"}}},
			} {
				w := f.browse("POST", form.path+q, tokCoordinator, form.v)
				out = append(out, shown{w.Code, w.Body.String()})
			}
		}
		return out
	}
	translated := browseAll()
	defer func(m map[roles.Lang]*template.Template) { pagesByLang = m }(pagesByLang)
	pagesByLang = nil // every language falls back to the plain templates
	plain := browseAll()
	require.Equal(t, len(plain), len(translated))
	for i := range plain {
		assert.Equal(t, plain[i], translated[i])
	}
	assert.True(t, strings.Contains(plain[0].body, `<option value="school">`), "the role options are listed")
}

// TestPagesCarryTheSecurityHeaders: the pages are mounted behind the
// adapter's middleware, so every page answers with its headers, the
// Content-Security-Policy the templates are written to pass among them.
func TestPagesCarryTheSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/signin", "/communities/c-jonas", "/static/style.css", "/communities/nope"} {
		w := f.browse("GET", path, tokCoordinator, nil)
		assert.Equal(t, lkthttp.ContentSecurityPolicy, w.Header().Get("Content-Security-Policy"), path)
		assert.Equal(t, "DENY", w.Header().Get("X-Frame-Options"), path)
		assert.NotEmpty(t, w.Header().Get("X-Request-Id"), path)
	}
	// A form from another origin is refused before the pages see it.
	r := httptest.NewRequest("POST", "/communities/c-jonas/members", strings.NewReader("version=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusForbidden, w.Code)
}
