package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// Tokens for the fixture's people.
const (
	tokCoordinator = "tok-coordinator"
	tokMother      = "tok-mother"
	tokGP          = "tok-gp-per"
	tokOutsider    = "tok-outsider"
	tokPatient     = "tok-patient"
)

// fixture is the pages served by the reference adapter on lkttest's
// active community and a second, draft one, on an in-memory store.
type fixture struct {
	t        *testing.T
	h        http.Handler
	store    *lkttest.Store
	svc      *lkt.Service
	clock    *lkttest.Clock
	tokens   *demoauth.Tokens
	sessions *lkthttp.Sessions
	// sessionOf is the browser session browse started for each token.
	sessionOf map[string]string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(clock))
	ctx := context.Background()
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	_, err = lkttest.NewBuilder().WithID("c-draft").Without(lkttest.StepActivate, lkttest.StepCoordinator, lkttest.StepAnchoring).Seed(ctx, svc)
	require.NoError(t, err)
	toks, err := demoauth.NewTokens([]demoauth.Login{
		{Token: tokCoordinator, Principal: lkttest.Coordinator},
		{Token: tokMother, Principal: lkttest.Mother},
		{Token: tokGP, Principal: lkttest.GP},
		{Token: tokOutsider, Principal: lkttest.Outsider},
		{Token: tokPatient, Principal: lkttest.Patient},
	})
	require.NoError(t, err)
	f := &fixture{t: t, store: store, svc: svc, clock: clock, tokens: toks, sessions: lkthttp.NewSessions(0, clock.Now)}
	f.serve(lkthttp.Deps{})
	return f
}

// serve serves the fixture's service and pages with d's other settings.
func (f *fixture) serve(d lkthttp.Deps) {
	d.Service, d.Auth, d.Sessions, d.Pages = f.svc, f.tokens, f.sessions, New(f.tokens)
	d.Logger = slog.New(slog.DiscardHandler)
	f.h = lkthttp.NewServer(d)
}

// withPlan adds a community with a plan agreed, c-plan.
func withPlan(t *testing.T) *fixture {
	f := newFixture(t)
	_, err := lkttest.NewBuilder().WithID("c-plan").WithPlan().Seed(context.Background(), f.svc)
	require.NoError(t, err)
	return f
}

// browse sends a page request in the session of the fixture's token who
// (started the first time), or a session id.
func (f *fixture) browse(method, path, who string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	cookie := who
	if p, ok := f.tokens.Lookup(who); ok {
		if f.sessionOf == nil {
			f.sessionOf = map[string]string{}
		}
		if f.sessionOf[who] == "" {
			f.sessionOf[who] = f.sessions.Create(p, lkthttp.ProviderSession{})
		}
		cookie = f.sessionOf[who]
	}
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	if cookie != "" {
		r.AddCookie(&http.Cookie{Name: lkthttp.SessionCookie, Value: cookie})
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// bearer sends a request with token as its bearer token, body as JSON.
func (f *fixture) bearer(method, path, token, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("If-Match", "*")
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// signInForm signs in with token through the form and returns the
// session cookie the browser got.
func (f *fixture) signInForm(token string) *http.Cookie {
	f.t.Helper()
	w := f.browse("POST", "/signin", "", url.Values{"token": {token}})
	require.Equal(f.t, http.StatusSeeOther, w.Code, w.Body.String())
	for _, c := range w.Result().Cookies() {
		if c.Name == lkthttp.SessionCookie {
			return c
		}
	}
	f.t.Fatal("no session cookie")
	return nil
}

// stored returns what the store holds for id: snapshot JSON and version.
func (f *fixture) stored(id lkt.ID) (string, int64) {
	f.t.Helper()
	snap, v, err := f.store.Load(context.Background(), id)
	require.NoError(f.t, err)
	b, err := json.Marshal(snap)
	require.NoError(f.t, err)
	return string(b), v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
