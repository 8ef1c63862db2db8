package oidc

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/oidc/oidctest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The tests in this file run against oidc-provider (package oidctest), a
// real OpenID provider configured like HelseID and like ID-porten: the
// whole authorization code flow, the provider's own checks of PKCE and of
// the client's assertion, its tokens verified here, and its back-channel
// logout.

// realSetup is the HTTP adapter on the lkttest fixture, with sign-in at a
// real provider of the given profile and, for HelseID, its access tokens
// for the API.
type realSetup struct {
	srv      *httptest.Server
	provider *oidctest.Provider
	signIn   *SignIn
	api      *API
	key      *rsa.PrivateKey
	svc      *lkt.Service
	clock    *lkttest.Clock

	mu           sync.Mutex
	logoutTokens []string // posted to the back-channel logout URI
}

func (s *realSetup) loggedOut() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.logoutTokens)
}

const (
	realClient   = "lkt-web"
	realAudience = "nhn:lkt"
	realScope    = "nhn:lkt/api"
)

func startReal(t *testing.T, profile string, accounts map[string]map[string]any) *realSetup {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	s := &realSetup{key: key}
	mux := http.NewServeMux()
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	cfg := oidctest.Config{Profile: profile, Accounts: accounts, Clients: []oidctest.Client{{
		ID: realClient, Key: key, KeyID: "lkt-web-1",
		RedirectURIs:           []string{s.srv.URL + "/signin/" + profile + "/callback", s.srv.URL + "/test/callback"},
		PostLogoutRedirectURIs: []string{s.srv.URL + "/signin"},
		BackChannelLogoutURI:   s.srv.URL + "/signin/" + profile + "/logout",
	}}}
	claims, scopes := IDPortenClaims, []string(nil)
	if profile == oidctest.HelseID {
		cfg.Resource = &oidctest.Resource{Audience: realAudience, Scope: realScope}
		claims, scopes = HelseIDClaims, []string{"profile", "helseid://scopes/identity/pid", "helseid://scopes/hpr/hpr_number"}
	}
	s.provider = oidctest.Start(t, cfg)

	s.clock = lkttest.NewClock(lkttest.Start)
	s.svc = lkt.NewService(lkttest.NewStore(), lkttest.Config(s.clock))
	// The plan drafted and accepted by the others, not agreed yet: the
	// patient's acceptance is awaited.
	_, err = lkttest.NewBuilder().WithPlan().Without(lkttest.StepAgreePlan).Seed(context.Background(), s.svc)
	require.NoError(t, err)
	dir := &Directory{
		ByHPR:        map[string]actormap.ActorID{"1234560": lkttest.GPID},
		ByNationalID: map[string]actormap.ActorID{lkttest.NewBuilder().Patient.NationalID: lkttest.PatientID},
		Key:          []byte("a key of at least thirty-two bytes, for the test"),
	}
	s.signIn, err = NewSignIn(context.Background(), SignInConfig{
		Name: profile, Label: profile, Issuer: s.provider.Issuer, ClientID: realClient, Key: key, KeyID: "lkt-web-1",
		RedirectURL: s.srv.URL + "/signin/" + profile + "/callback", Scopes: scopes, AfterLogout: s.srv.URL + "/signin",
		Claims: claims, Directory: dir,
	})
	require.NoError(t, err, s.provider.Log())
	var auth lkthttp.Authenticator = lkthttp.AuthenticatorFunc(func(*http.Request) (lkt.Principal, error) {
		return lkt.Principal{}, lkthttp.ErrNoCredentials
	})
	if profile == oidctest.HelseID {
		d, err := Discover(context.Background(), s.provider.Issuer, nil)
		require.NoError(t, err)
		s.api, err = NewAPI(APIConfig{Issuer: d.Issuer, JWKSURL: d.JWKSURL, Audience: realAudience, Scope: realScope,
			Claims: HelseIDClaims, Directory: dir})
		require.NoError(t, err)
		auth = s.api
	}
	h := lkthttp.NewServer(lkthttp.Deps{Service: s.svc, Auth: auth, Logger: slog.New(slog.DiscardHandler),
		SignIns: []lkthttp.SignIn{s.signIn}, Pages: &testPages{}})
	mux.Handle("/", h)
	mux.Handle("POST /signin/{provider}/logout", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil {
			s.mu.Lock()
			s.logoutTokens = append(s.logoutTokens, r.PostForm.Get("logout_token"))
			s.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	return s
}

// gpAtHelseID is the fixture's GP as HelseID knows him.
var gpAtHelseID = map[string]any{
	"helseid://claims/hpr/hpr_number":             "1234560",
	"helseid://claims/identity/pid":               "13116900216",
	"helseid://claims/client/claims/orgnr_parent": "974600951",
	"name": "Per Hauge",
}

func TestRealHelseIDSignsAProfessionalIn(t *testing.T) {
	s := startReal(t, oidctest.HelseID, map[string]map[string]any{"per": gpAtHelseID})
	b := browser(t)
	resp, page := s.provider.SignIn(t, b, s.srv.URL+"/signin/helseid", "per")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Equal(t, s.srv.URL+"/", resp.Request.URL.String(), "back on the portfolio, signed in")
	assert.Contains(t, page, "Per Hauge")
	assert.Contains(t, page, `href="/communities/`+string(lkttest.CommunityID))

	// What the server now knows of him is what HelseID signed.
	resp, body := getJSON(t, b, s.srv.URL+"/api/communities/"+string(lkttest.CommunityID), "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
}

// TestRealHelseIDRequiresPKCEAndTheClientsKey: the provider refuses an
// authorization request without PKCE, and a token request whose
// assertion another key signed; neither gives a session here.
func TestRealHelseIDRequiresPKCEAndTheClientsKey(t *testing.T) {
	s := startReal(t, oidctest.HelseID, map[string]map[string]any{"per": gpAtHelseID})
	noPKCE := s.provider.Issuer + "/auth?" + url.Values{"client_id": {realClient}, "response_type": {"code"}, "scope": {"openid"},
		"redirect_uri": {s.srv.URL + "/signin/helseid/callback"}, "state": {"s"}, "nonce": {"n"}}.Encode()
	nr := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := nr.Get(noPKCE)
	require.NoError(t, err)
	_ = resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	require.NotNil(t, loc)
	assert.Equal(t, "invalid_request", loc.Query().Get("error"), "PKCE is required: %s", loc)
	assert.Contains(t, loc.Query().Get("error_description"), "PKCE")

	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	s.signIn.signer = mustSigner(t, other, "lkt-web-1")
	resp, page := s.provider.SignIn(t, browser(t), s.srv.URL+"/signin/helseid", "per")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the provider refused the assertion: %s", page)
	assert.Contains(t, page, "kunne ikke verifiseres")
}

// TestRealHelseIDAccessTokensReadTheAPI: an access token the provider
// issued to the client (code flow, PKCE, private_key_jwt) reads the API
// as the GP; the provider's ID token is no access token.
func TestRealHelseIDAccessTokensReadTheAPI(t *testing.T) {
	s := startReal(t, oidctest.HelseID, map[string]map[string]any{"per": gpAtHelseID})
	b := browser(t)
	conf := s.signIn.oauth
	conf.RedirectURL = s.srv.URL + "/test/callback"
	conf.Scopes = append(conf.Scopes, realScope)
	verifier := oauth2.GenerateVerifier()
	var code string
	b.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(r.URL.String(), conf.RedirectURL) {
			code = r.URL.Query().Get("code")
			return http.ErrUseLastResponse
		}
		return nil
	}
	s.provider.SignIn(t, b, conf.AuthCodeURL("state", oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("resource", realAudience)), "per")
	require.NotEmpty(t, code, s.provider.Log())
	assertion, err := s.signIn.clientAssertion()
	require.NoError(t, err)
	tok, err := conf.Exchange(context.Background(), code, oauth2.VerifierOption(verifier),
		oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
		oauth2.SetAuthURLParam("client_assertion", assertion), oauth2.SetAuthURLParam("resource", realAudience))
	require.NoError(t, err)
	require.Equal(t, 2, strings.Count(tok.AccessToken, "."), "a JWT access token")

	resp, body := getJSON(t, http.DefaultClient, s.srv.URL+"/api/communities/"+string(lkttest.CommunityID), tok.AccessToken)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	who, err := s.api.Verify(context.Background(), tok.AccessToken)
	require.NoError(t, err)
	assert.Equal(t, lkt.Principal{Kind: lkt.PersonPrincipal, ID: lkttest.GPID, Name: "Per Hauge", Verified: lkt.Claims{
		Issuer: s.provider.Issuer, HPR: "1234560", HealthPersonnel: true, NationalID: "13116900216", OrgNumber: "974600951"}}, who)

	idToken, _ := tok.Extra("id_token").(string)
	resp, _ = getJSON(t, http.DefaultClient, s.srv.URL+"/api/communities/"+string(lkttest.CommunityID), idToken)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "an ID token is for the client, not for the API")
}

// TestRealIDPortenPatientConsentsInPerson: the patient, turned 16, signs
// in at ID-porten; the national identity number it vouches for is matched
// to the community's patient, who renews the consent his mother gave,
// withdraws it and gives it again, writes his story and accepts the plan,
// in person. A citizen whom the number does not match cannot.
func TestRealIDPortenPatientConsentsInPerson(t *testing.T) {
	nin := lkttest.NewBuilder().Patient.NationalID
	s := startReal(t, oidctest.IDPorten, map[string]map[string]any{
		"jonas":    {"pid": nin},
		"stranger": {"pid": "01010112345"},
	})
	s.clock.Set(lkttest.PatientBirth.AddDate(16, 0, 1).Add(9 * time.Hour))
	patient := browser(t)
	resp, page := s.provider.SignIn(t, patient, s.srv.URL+"/signin/idporten", "jonas")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	require.Equal(t, s.srv.URL+"/", resp.Request.URL.String())

	consent := func() lkt.ConsentState {
		c, err := s.svc.Get(context.Background(), lkttest.Patient, lkttest.CommunityID)
		require.NoError(t, err)
		return c.ConsentState(s.clock.Now())
	}
	require.Equal(t, lkt.RenewalRequired, consent(), "his mother's consent is to be renewed by him")
	resp, body := command(t, patient, s.srv.URL, "GiveConsent", `{"givenBy":"`+string(lkttest.PatientID)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	require.Equal(t, lkt.Consented, consent())
	resp, body = getJSON(t, patient, s.srv.URL+"/api/communities/"+string(lkttest.CommunityID), "")
	require.Equal(t, http.StatusOK, resp.StatusCode, "the patient reads their community: %s", body)

	resp, body = command(t, patient, s.srv.URL, "WithdrawConsent", `{"withdrawnBy":"`+string(lkttest.PatientID)+`","reason":"I want to think it over"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, lkt.Withdrawn, consent())
	evs, err := s.svc.History(context.Background(), lkttest.Patient, lkttest.CommunityID, 0, lkt.MaxPage)
	require.NoError(t, err)
	assert.Equal(t, lkttest.PatientID, evs[len(evs)-1].By.ID, "recorded as the patient's own act")

	resp, body = command(t, patient, s.srv.URL, "GiveConsent", `{"givenBy":"`+string(lkttest.PatientID)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, "the patient in person brings consent back: %s", body)
	assert.Equal(t, lkt.Consented, consent())

	// His story is his to write, and the plan his to accept, in person.
	resp, body = command(t, patient, s.srv.URL, "ReviseStory", `{"goodDay":"A good day is gaming with my friends after school."}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = command(t, patient, s.srv.URL, "AcceptPlan", `{"revision":1,"acceptedBy":"`+string(lkttest.PatientID)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	c, err := s.svc.Get(context.Background(), lkttest.Patient, lkttest.CommunityID)
	require.NoError(t, err)
	story, ok := c.CurrentStory()
	require.True(t, ok)
	assert.Equal(t, "A good day is gaming with my friends after school.", story.GoodDay)
	assert.Equal(t, lkttest.PatientID, story.AuthoredBy.ID)
	assert.False(t, story.OnBehalf, "written by him, not on his behalf")
	evs, err = s.svc.History(context.Background(), lkttest.Patient, lkttest.CommunityID, 0, lkt.MaxPage)
	require.NoError(t, err)
	accepted := evs[len(evs)-1]
	assert.Equal(t, "PlanAccepted", accepted.Data.EventType())
	assert.Equal(t, lkttest.PatientID, accepted.By.ID, "his own acceptance")

	stranger := browser(t)
	resp, page = s.provider.SignIn(t, stranger, s.srv.URL+"/signin/idporten", "stranger")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	resp, body = command(t, stranger, s.srv.URL, "WithdrawConsent", `{"withdrawnBy":"`+string(lkttest.PatientID)+`"}`)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "another citizen is not the patient: %s", body)
}

// TestRealIDPortenPatientUnlistedActsInPerson: no operator listed Jonas
// anywhere — the directory gives him the keyed hash of his number, an id
// no community knows. The number ID-porten verified is the one his
// community records, so his portfolio lists it and he consents, accepts
// the plan and writes his story in person, each recorded as his own act.
func TestRealIDPortenPatientUnlistedActsInPerson(t *testing.T) {
	nin := lkttest.NewBuilder().Patient.NationalID
	s := startReal(t, oidctest.IDPorten, map[string]map[string]any{"jonas": {"pid": nin}})
	s.signIn.cfg.Directory.ByNationalID = nil // no people file
	s.clock.Set(lkttest.PatientBirth.AddDate(16, 0, 1).Add(9 * time.Hour))
	patient := browser(t)
	resp, page := s.provider.SignIn(t, patient, s.srv.URL+"/signin/idporten", "jonas")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	require.Equal(t, s.srv.URL+"/", resp.Request.URL.String())
	assert.Contains(t, page, `href="/communities/`+string(lkttest.CommunityID), "his portfolio finds his community by his number")

	resp, body := command(t, patient, s.srv.URL, "GiveConsent", `{"givenBy":"`+string(lkttest.PatientID)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = command(t, patient, s.srv.URL, "AcceptPlan", `{"revision":1,"acceptedBy":"`+string(lkttest.PatientID)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = command(t, patient, s.srv.URL, "ReviseStory", `{"goodDay":"A good day: nobody asks me twice."}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)

	c, err := s.svc.Get(context.Background(), lkttest.Patient, lkttest.CommunityID)
	require.NoError(t, err)
	k, _ := c.Consent()
	assert.Equal(t, lkttest.PatientID, k.GivenBy)
	assert.Nil(t, k.OnBehalf, "in person")
	evs, err := s.svc.History(context.Background(), lkttest.Patient, lkttest.CommunityID, 0, lkt.MaxPage)
	require.NoError(t, err)
	for _, e := range evs[len(evs)-3:] {
		assert.Equal(t, lkttest.PatientID, e.By.ID, "%s is his own act", e.Type())
		assert.True(t, e.By.Verified.CitizenSignIn)
	}
}

// TestRealHelseIDNumberMakesNobodyThePatient: a health professional whose
// HelseID sign-in carries the patient's national identity number (as pid)
// is not the patient: only a citizen sign-in's number counts. He reads
// nothing and consents to nothing.
func TestRealHelseIDNumberMakesNobodyThePatient(t *testing.T) {
	nin := lkttest.NewBuilder().Patient.NationalID
	s := startReal(t, oidctest.HelseID, map[string]map[string]any{"odd": {
		"helseid://claims/hpr/hpr_number": "9999990", "helseid://claims/identity/pid": nin, "name": "Odd Lie"}})
	s.signIn.cfg.Directory.ByNationalID = nil
	s.clock.Set(lkttest.PatientBirth.AddDate(16, 0, 1).Add(9 * time.Hour))
	b := browser(t)
	resp, page := s.provider.SignIn(t, b, s.srv.URL+"/signin/helseid", "odd")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.NotContains(t, page, `href="/communities/`+string(lkttest.CommunityID))
	resp, body := getJSON(t, b, s.srv.URL+"/api/communities/"+string(lkttest.CommunityID), "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
	resp, body = command(t, b, s.srv.URL, "GiveConsent", `{"givenBy":"`+string(lkttest.PatientID)+`"}`)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
}

func mustSigner(t *testing.T, k *rsa.PrivateKey, kid string) jose.Signer {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: k, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	return s
}

func getJSON(t *testing.T, c *http.Client, u, token string) (*http.Response, string) {
	t.Helper()
	r, err := http.NewRequest("GET", u, nil)
	require.NoError(t, err)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func command(t *testing.T, c *http.Client, base, name, body string) (*http.Response, string) {
	t.Helper()
	r, err := http.NewRequest("POST", base+"/api/communities/"+string(lkttest.CommunityID)+"/commands/"+name, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("If-Match", "*")
	resp, err := c.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestRealBackChannelLogout: a professional signed in here signs out at
// the provider (from another application, say); the provider posts a
// signed logout token to this server's back-channel logout URI, and the
// session here ends with it. A logout token posted again is refused.
func TestRealBackChannelLogout(t *testing.T) {
	s := startReal(t, oidctest.HelseID, map[string]map[string]any{"per": gpAtHelseID})
	b := browser(t)
	resp, page := s.provider.SignIn(t, b, s.srv.URL+"/signin/helseid", "per")
	require.Equal(t, s.srv.URL+"/", resp.Request.URL.String(), page)
	resp, _ = getJSON(t, b, s.srv.URL+"/", "")
	require.Equal(t, s.srv.URL+"/", resp.Request.URL.String(), "signed in")

	resp, page = s.provider.SignOut(t, b)
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	tokens := s.loggedOut()
	require.Len(t, tokens, 1, "the provider sent one logout token: %s", s.provider.Log())

	resp, _ = getJSON(t, b, s.srv.URL+"/", "")
	assert.Equal(t, s.srv.URL+"/signin", resp.Request.URL.String(), "the session here ended with the provider's")

	resp, err := http.PostForm(s.srv.URL+"/signin/helseid/logout", url.Values{"logout_token": {tokens[0]}})
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a logout token is good once")
}
