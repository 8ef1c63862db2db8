package oidc

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

const testAudience = "nhn:lkt"

// helseIDUser are the claims HelseID gives the fixture's GP.
var helseIDUser = map[string]any{
	"helseid://claims/hpr/hpr_number":             "1234560",
	"helseid://claims/identity/pid":               "13116900216",
	"helseid://claims/client/claims/orgnr_parent": "974600951",
	"name": "Per Hauge",
}

func newAPI(t *testing.T, p *testProvider, mod func(*APIConfig)) *API {
	t.Helper()
	cfg := APIConfig{Issuer: p.issuer(), JWKSURL: p.issuer() + "/jwks", Audience: testAudience, Claims: HelseIDClaims,
		Directory: &Directory{ByHPR: map[string]actormap.ActorID{"1234560": lkttest.GPID}}}
	if mod != nil {
		mod(&cfg)
	}
	a, err := NewAPI(cfg)
	require.NoError(t, err)
	return a
}

func accessToken(extra map[string]any) map[string]any {
	c := map[string]any{"aud": testAudience, "scope": []string{"openid", "nhn:lkt/api"}, "client_id": "ehr"}
	for k, v := range helseIDUser {
		c[k] = v
	}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

func bearer(tok string) *http.Request {
	r := httptest.NewRequest("GET", "/api/communities", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

func TestAPIVerifiesAHelseIDAccessToken(t *testing.T) {
	p := newTestProvider(t, nil)
	a := newAPI(t, p, func(c *APIConfig) { c.Scope = "nhn:lkt/api" })
	who, err := a.Authenticate(bearer(p.sign(accessToken(nil))))
	require.NoError(t, err)
	assert.Equal(t, lkt.Principal{Kind: lkt.PersonPrincipal, ID: lkttest.GPID, Name: "Per Hauge", Verified: lkt.Claims{
		Issuer: p.issuer(), NationalID: "13116900216", HPR: "1234560", HealthPersonnel: true, OrgNumber: "974600951"}}, who)

	_, err = a.Authenticate(httptest.NewRequest("GET", "/", nil))
	assert.ErrorIs(t, err, lkthttp.ErrNoCredentials)
}

func TestAPIRefusesBadTokens(t *testing.T) {
	p := newTestProvider(t, nil)
	a := newAPI(t, p, func(c *APIConfig) { c.Scope = "nhn:lkt/api" })
	stranger, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	now := time.Now()
	good := p.sign(accessToken(nil))
	parts := strings.Split(good, ".")
	for _, tc := range []struct{ name, token, want string }{
		{"wrong issuer", p.sign(accessToken(map[string]any{"iss": "https://evil.example"})), "issuer"},
		{"wrong audience", p.sign(accessToken(map[string]any{"aud": "another-api"})), "not \"nhn:lkt\""},
		{"audience list without ours", p.sign(accessToken(map[string]any{"aud": []string{"a", "b"}})), "not \"nhn:lkt\""},
		{"expired beyond the skew", p.sign(accessToken(map[string]any{"exp": now.Add(-2 * time.Minute).Unix()})), "expired"},
		{"no expiry", p.sign(accessToken(map[string]any{"exp": nil})), "without expiry"},
		{"expiry not a number", p.sign(accessToken(map[string]any{"exp": "tomorrow"})), "exp is not a number"},
		{"audience not a string", p.sign(accessToken(map[string]any{"aud": 7})), "aud is neither"},
		{"audience list with a number", p.sign(accessToken(map[string]any{"aud": []any{"nhn:lkt", 7}})), "aud is neither"},
		{"issuer not a string", p.sign(accessToken(map[string]any{"iss": 1})), "iss is not a string"},
		{"not valid yet", p.sign(accessToken(map[string]any{"nbf": now.Add(5 * time.Minute).Unix()})), "nbf"},
		{"issued in the future", p.sign(accessToken(map[string]any{"iat": now.Add(5 * time.Minute).Unix()})), "iat"},
		{"no subject", p.sign(accessToken(map[string]any{"sub": nil})), "subject"},
		{"scope missing", p.sign(accessToken(map[string]any{"scope": "openid"})), "scope"},
		{"unsigned (alg none)", unsigned(p.defaults(accessToken(nil))), `signed with "none"`},
		{"HMAC with the public key as secret", hmacSigned(t, p.defaults(accessToken(nil))), `signed with "HS256"`},
		{"a critical header extension", signJWS(t, p.keys[0], mustJSON(t, map[string]any{"alg": "RS256", "kid": p.kids[0], "crit": []string{"x"}, "x": 1}), mustJSON(t, p.defaults(accessToken(nil)))), "crit"},
		{"an unencoded payload (b64)", signJWS(t, p.keys[0], mustJSON(t, map[string]any{"alg": "RS256", "kid": p.kids[0], "b64": true}), mustJSON(t, p.defaults(accessToken(nil)))), "b64"},
		{"four parts", good + ".x", "not a compact JWS"},
		{"header not base64url", "*" + good, "header is not base64url"},
		{"payload not base64url", parts[0] + ".*" + parts[1] + "." + parts[2], "payload is not base64url"},
		{"signature not base64url", parts[0] + "." + parts[1] + ".*" + parts[2], "signature is not base64url"},
		{"signature cut short", parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-4], "signature"},
		{"alg named twice", signJWS(t, p.keys[0], []byte(`{"alg":"RS256","kid":"`+p.kids[0]+`","alg":"RS256"}`), mustJSON(t, p.defaults(accessToken(nil)))), "header is not a JSON object"},
		{"a claim named twice", signJWS(t, p.keys[0], []byte(`{"alg":"RS256","kid":"`+p.kids[0]+`"}`), append(mustJSON(t, p.defaults(accessToken(nil)))[:1], `"aud":"another-api",`+string(mustJSON(t, p.defaults(accessToken(nil)))[1:])...)), "duplicate"},
		{"JWS JSON serialization", `{"payload":"e30","signatures":[]}`, "not a compact JWS"},
		{"signed by a key the provider never published", signWith(t, stranger, p.kids[0], p.defaults(accessToken(nil))), "signature"},
		{"payload changed after signing", parts[0] + "." + base64.RawURLEncoding.EncodeToString(mustJSON(t, p.defaults(accessToken(map[string]any{"helseid://claims/hpr/hpr_number": "9999999"})))) + "." + parts[2], "signature"},
		{"not a JWT", "demo-marit-coordinator", "access token"},
		{"a person the directory cannot name", p.sign(accessToken(map[string]any{"helseid://claims/hpr/hpr_number": nil})), "no id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Authenticate(bearer(tc.token))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// An algorithm the API was not configured for.
	ps := newAPI(t, p, func(c *APIConfig) { c.Algorithms = []string{"PS256"} })
	_, err = ps.Authenticate(bearer(good))
	assert.ErrorContains(t, err, `signed with "RS256", not an algorithm allowed`)
	// Within the allowed skew an expired token still passes.
	_, err = a.Authenticate(bearer(p.sign(accessToken(map[string]any{"exp": now.Add(-30 * time.Second).Unix()}))))
	assert.NoError(t, err)
}

// TestIssuersTakeEachProvidersOwnAudience: with HelseID's and ID-porten's
// access tokens both taken, each is verified by its own provider's API:
// its keys, its audience, its claims. A token for the other provider's
// audience, from an issuer not configured, or naming one issuer while
// signed by the other is refused; a citizen's token carries the number as
// a citizen sign-in's, and one API's cache holds nothing the other verified.
func TestIssuersTakeEachProvidersOwnAudience(t *testing.T) {
	const citizenAudience = "https://lkt.example.no/api"
	helseID, idPorten, other := newTestProvider(t, nil), newTestProvider(t, nil), newTestProvider(t, nil)
	dir := &Directory{ByHPR: map[string]actormap.ActorID{"1234560": lkttest.GPID}, Key: []byte("a key of at least thirty-two bytes, for the test")}
	hAPI := newAPI(t, helseID, func(c *APIConfig) { c.Directory = dir })
	cAPI := newAPI(t, idPorten, func(c *APIConfig) {
		c.Audience, c.Claims, c.Directory = citizenAudience, IDPortenClaims, dir
	})
	auth := Issuers(hAPI, cAPI)
	nin := lkttest.NewBuilder().Patient.NationalID
	citizen := map[string]any{"aud": citizenAudience, "pid": nin, "scope": "openid"}

	gp, err := auth.Authenticate(bearer(helseID.sign(accessToken(nil))))
	require.NoError(t, err)
	assert.Equal(t, lkttest.GPID, gp.ID)
	assert.False(t, gp.Verified.CitizenSignIn, "HelseID's pid is no citizen's sign-in")
	jonas, err := auth.Authenticate(bearer(idPorten.sign(citizen)))
	require.NoError(t, err)
	assert.Equal(t, lkt.Claims{Issuer: idPorten.issuer(), NationalID: nin, CitizenSignIn: true}, jonas.Verified)
	assert.Len(t, hAPI.verified, 1, "each API caches only what it verified")
	assert.Len(t, cAPI.verified, 1)

	for _, tc := range []struct{ name, token, want string }{
		{"ID-porten's token for HelseID's audience", idPorten.sign(map[string]any{"aud": testAudience, "pid": nin}), `not "` + citizenAudience + `"`},
		{"HelseID's token for the citizens' audience", helseID.sign(accessToken(map[string]any{"aud": citizenAudience})), `not "` + testAudience + `"`},
		{"an issuer not configured", other.sign(citizen), "does not take"},
		{"ID-porten's issuer, signed by HelseID", helseID.sign(map[string]any{"iss": idPorten.issuer(), "aud": citizenAudience, "pid": nin}), "signature"},
		{"no issuer", helseID.sign(accessToken(map[string]any{"iss": nil})), "does not take"},
		{"not a JWT", "demo-marit-coordinator", "not a JWT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := auth.Authenticate(bearer(tc.token))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Len(t, hAPI.verified, 1, "a refused token is cached nowhere")
	assert.Len(t, cAPI.verified, 1)
}

// TestAPIForgetsAnEndedSession: once the provider ended a session, its
// access tokens are dropped from the cache and refused — by session id,
// or, without one, every token of the subject issued until then — while
// other sessions' tokens, and the subject's tokens issued later, pass.
func TestAPIForgetsAnEndedSession(t *testing.T) {
	p := newTestProvider(t, nil)
	clock := lkttest.NewClock(time.Now().Truncate(time.Second))
	a := newAPI(t, p, func(c *APIConfig) { c.Now = clock.Now })
	token := func(sub, sid string) string {
		c := map[string]any{"sub": sub, "iat": clock.Now().Unix(), "exp": clock.Now().Add(time.Hour).Unix(), "jti": randomString()}
		if sid != "" {
			c["sid"] = sid
		}
		return p.sign(accessToken(c))
	}
	perA, perB, other := token("per", "sid-a"), token("per", "sid-b"), token("kari", "")
	for _, tok := range []string{perA, perB, other} {
		_, err := a.Authenticate(bearer(tok))
		require.NoError(t, err)
	}
	require.Len(t, a.verified, 3)

	a.Forget("per", "sid-a")
	_, err := a.Authenticate(bearer(perA))
	assert.ErrorContains(t, err, "session the provider ended")
	_, err = a.Authenticate(bearer(perB))
	assert.NoError(t, err, "his other session goes on")

	a.Forget("kari", "")
	_, err = a.Authenticate(bearer(other))
	assert.ErrorContains(t, err, "session the provider ended")
	clock.Advance(time.Second)
	_, err = a.Authenticate(bearer(token("kari", "")))
	assert.NoError(t, err, "a token issued after she signed in again")
	assert.Len(t, a.verified, 2, "the ended sessions' tokens are not cached")

	clock.Advance(DefaultMaxTokenAge + DefaultSkew)
	a.Forget("nobody", "sid-x")
	assert.Len(t, a.endedSIDs, 1, "ended sessions are forgotten once their tokens have expired")
	assert.Empty(t, a.endedSubs)
}

// TestLogoutEndsTheSessionsAccessTokens: the provider's back-channel
// logout of a session, and a sign-out here, end the API's tokens of that
// session too (SignInConfig.API).
func TestLogoutEndsTheSessionsAccessTokens(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p := newTestProvider(t, &key.PublicKey)
	p.user = map[string]any{"sub": "per", "sid": "sid-9", "helseid://claims/hpr/hpr_number": "1234560"}
	srv, _, _ := signInAndAPIServer(t, p, key)
	read := func(tok string) int {
		resp, _ := getJSON(t, http.DefaultClient, srv.URL+"/api/communities/"+string(lkttest.CommunityID), tok)
		return resp.StatusCode
	}
	tok := p.sign(accessToken(map[string]any{"sub": "per", "sid": "sid-9"}))
	require.Equal(t, http.StatusOK, read(tok))
	logout := map[string]any{"aud": testClient, "jti": randomString(), "sub": "per", "sid": "sid-9",
		"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}}
	resp, err := http.PostForm(srv.URL+"/signin/helseid/logout", url.Values{"logout_token": {p.sign(logout)}})
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, http.StatusUnauthorized, read(tok), "the provider ended the session")

	// Signed in again (a new session), then signed out here.
	p.user["sid"] = "sid-10"
	b := browser(t)
	resp, err = b.Get(srv.URL + "/signin/helseid")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, "/", resp.Request.URL.Path)
	tok = p.sign(accessToken(map[string]any{"sub": "per", "sid": "sid-10"}))
	require.Equal(t, http.StatusOK, read(tok))
	resp, err = b.PostForm(srv.URL+"/signout", url.Values{})
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, read(tok), "signing out here ended it")
}

func TestAPIRejectsACachedTokenOnceExpired(t *testing.T) {
	p := newTestProvider(t, nil)
	clock := lkttest.NewClock(time.Now())
	a := newAPI(t, p, func(c *APIConfig) { c.Now = clock.Now })
	tok := p.sign(accessToken(map[string]any{"exp": clock.Now().Add(time.Minute).Unix()}))
	_, err := a.Authenticate(bearer(tok))
	require.NoError(t, err)
	clock.Advance(2*time.Minute + time.Second)
	_, err = a.Authenticate(bearer(tok))
	assert.ErrorContains(t, err, "expired")
}

func TestAPIFetchesKeysAgainForAnUnknownKeyID(t *testing.T) {
	p := newTestProvider(t, nil)
	a := newAPI(t, p, nil)
	for range 5 {
		_, err := a.Authenticate(bearer(p.sign(accessToken(map[string]any{"jti": randomString()}))))
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), p.jwksFetch.Load(), "the key set is cached")
	p.rotate()
	_, err := a.Authenticate(bearer(p.sign(accessToken(nil))))
	require.NoError(t, err, "a token signed with a key published since is verified")
	assert.Equal(t, int64(2), p.jwksFetch.Load(), "fetched once more, for the new key id")
}

func TestNewAPIRefusesWeakConfiguration(t *testing.T) {
	d := &Directory{}
	for _, cfg := range []APIConfig{
		{JWKSURL: "http://127.0.0.1/jwks", Audience: "a", Directory: d},
		{Issuer: "http://127.0.0.1", JWKSURL: "http://127.0.0.1/jwks", Directory: d},
		{Issuer: "http://127.0.0.1", JWKSURL: "http://127.0.0.1/jwks", Audience: "a", Directory: d, Algorithms: []string{"none"}},
	} {
		_, err := NewAPI(cfg)
		assert.Error(t, err)
	}
}

func TestDirectory(t *testing.T) {
	d := &Directory{ByHPR: map[string]actormap.ActorID{"1234560": "m-per"}, ByNationalID: map[string]actormap.ActorID{"13116900216": "olav"}, Key: []byte("k")}
	id := func(c lkt.Claims) actormap.ActorID {
		v, err := d.ID(c)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, actormap.ActorID("m-per"), id(lkt.Claims{HPR: "1234560", NationalID: "13116900216"}), "an HPR number listed")
	assert.Equal(t, actormap.ActorID("olav"), id(lkt.Claims{NationalID: "13116900216"}))
	assert.Equal(t, actormap.ActorID("hpr-7654321"), id(lkt.Claims{HPR: "7654321"}))
	nin := id(lkt.Claims{NationalID: "01010112345"})
	assert.Regexp(t, `^nin-[0-9a-f]{24}$`, nin)
	assert.NotContains(t, string(nin), "01010112345")
	_, err := (&Directory{}).ID(lkt.Claims{NationalID: "01010112345"})
	assert.ErrorIs(t, err, ErrUnknownPerson, "without a key an unlisted citizen has no id")
}

// signInServer serves the HTTP adapter on the lkttest fixture with a
// HelseID-like sign-in at p; it returns the server and the sign-in.
func signInServer(t *testing.T, p *testProvider, key *rsa.PrivateKey) (*httptest.Server, *SignIn) {
	t.Helper()
	srv, si, _ := signInAndAPIServer(t, p, key)
	return srv, si
}

// signInAndAPIServer is signInServer whose API also takes p's access
// tokens, the sign-in ending their sessions (SignInConfig.API).
func signInAndAPIServer(t *testing.T, p *testProvider, key *rsa.PrivateKey) (*httptest.Server, *SignIn, *API) {
	t.Helper()
	api := newAPI(t, p, nil)
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(context.Background(), svc)
	require.NoError(t, err)
	var si *SignIn
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	si, err = NewSignIn(context.Background(), SignInConfig{
		Name: "helseid", Label: "HelseID", Issuer: p.issuer(), ClientID: testClient, Key: key, KeyID: "client-1",
		RedirectURL: srv.URL + "/signin/helseid/callback", Scopes: []string{"profile", "helseid://scopes/hpr/hpr_number"},
		Claims: HelseIDClaims, Directory: &Directory{ByHPR: map[string]actormap.ActorID{"1234560": lkttest.GPID}}, API: api,
	})
	require.NoError(t, err)
	mux.Handle("/", lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: api, Logger: slog.New(slog.DiscardHandler), SignIns: []lkthttp.SignIn{si}, Pages: &testPages{}}))
	return srv, si, api
}

func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar}
}

func TestSignInWithCodeFlowPKCEAndPrivateKeyJWT(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p := newTestProvider(t, &key.PublicKey)
	p.user = map[string]any{"sub": "per", "sid": "sid-1", "helseid://claims/hpr/hpr_number": "1234560", "name": "Per Hauge"}
	srv, _ := signInServer(t, p, key)
	b := browser(t)

	resp, err := b.Get(srv.URL + "/signin")
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Contains(t, string(page), `href="/signin/helseid"`)

	resp, err = b.Get(srv.URL + "/signin/helseid")
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(page))
	assert.Equal(t, "/", resp.Request.URL.Path, "back on the portfolio, signed in")
	assert.Contains(t, string(page), "Per Hauge")
	assert.Contains(t, string(page), `href="/communities/`+string(lkttest.CommunityID))

	// Signing out revokes the session and goes on to the provider's logout.
	nr := *b
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = nr.PostForm(srv.URL+"/signout", url.Values{})
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	// A page refreshing to the provider's logout: the sign-out form may
	// post only to this origin, and browsers hold its redirects to that.
	next := regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`).FindStringSubmatch(string(page))
	require.NotNil(t, next, string(page))
	assert.True(t, strings.HasPrefix(html.UnescapeString(next[1]), p.issuer()+"/logout?"), next[1])
	assert.Contains(t, next[1], "id_token_hint=")
	resp, err = nr.Get(srv.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, "/signin", resp.Header.Get("Location"))
}

func TestSignInRefusesAClientWithoutItsKey(t *testing.T) {
	registered, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p := newTestProvider(t, &registered.PublicKey)
	p.user = map[string]any{"helseid://claims/hpr/hpr_number": "1234560"}
	srv, _ := signInServer(t, p, other)
	resp, err := browser(t).Get(srv.URL + "/signin/helseid")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the provider refused the assertion, so no session")
}

func TestSignInRefusesReplaysAndForeignBrowsers(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p := newTestProvider(t, &key.PublicKey)
	p.user = map[string]any{"helseid://claims/hpr/hpr_number": "1234560"}
	srv, si := signInServer(t, p, key)

	// The callback URL an attacker captured works once, in the browser
	// that began it, and never again.
	b := browser(t)
	nr := *b
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nr.Get(srv.URL + "/signin/helseid")
	require.NoError(t, err)
	_ = resp.Body.Close()
	resp, err = nr.Get(resp.Header.Get("Location"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	callback := resp.Header.Get("Location")
	require.Contains(t, callback, "/signin/helseid/callback?")

	other := browser(t)
	resp, err = other.Get(callback)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "another browser cannot finish it")
	resp, err = nr.Get(callback)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the state was used up by the first attempt")

	// An ID token minted for another sign-in (another nonce), or replayed
	// once its nonce is spent, is refused.
	idt := p.sign(map[string]any{"aud": testClient, "nonce": "nonce-of-another-sign-in", "helseid://claims/hpr/hpr_number": "1234560"})
	_, _, err = si.verifyIDToken(context.Background(), idt, "this-sign-ins-nonce")
	assert.ErrorContains(t, err, "nonce")
	_, _, err = si.verifyIDToken(context.Background(), idt, "nonce-of-another-sign-in")
	assert.NoError(t, err, "the same token with its own nonce passes: the nonce is what ties it")
	// An ID token for another client is refused.
	_, _, err = si.verifyIDToken(context.Background(), p.sign(map[string]any{"aud": "other-client", "nonce": "n", "helseid://claims/hpr/hpr_number": "1234560"}), "n")
	assert.Error(t, err)
}

// signedInAsPer signs Per (session sid-7) in at a HelseID-like provider
// and returns the provider, the server and the signed-in browser.
func signedInAsPer(t *testing.T) (*testProvider, *httptest.Server, *http.Client) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p := newTestProvider(t, &key.PublicKey)
	p.user = map[string]any{"sub": "per", "sid": "sid-7", "helseid://claims/hpr/hpr_number": "1234560"}
	srv, _ := signInServer(t, p, key)
	b := browser(t)
	resp, err := b.Get(srv.URL + "/signin/helseid")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, "/", resp.Request.URL.Path)
	return p, srv, b
}

func TestBackChannelLogoutEndsTheSession(t *testing.T) {
	p, srv, b := signedInAsPer(t)

	logout := func(claims map[string]any) int {
		c := map[string]any{"aud": testClient, "jti": randomString(), "sid": "sid-7",
			"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}}
		for k, v := range claims {
			c[k] = v
		}
		resp, err := http.PostForm(srv.URL+"/signin/helseid/logout", url.Values{"logout_token": {p.sign(c)}})
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusBadRequest, logout(map[string]any{"aud": "other-client"}), "for another client")
	assert.Equal(t, http.StatusBadRequest, logout(map[string]any{"events": nil}), "not a logout token")
	resp, err := b.Get(srv.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, "/", resp.Request.URL.Path, "still signed in")

	jti := randomString()
	assert.Equal(t, http.StatusOK, logout(map[string]any{"jti": jti}))
	assert.Equal(t, http.StatusBadRequest, logout(map[string]any{"jti": jti}), "replayed")
	resp, err = b.Get(srv.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, "/signin", resp.Request.URL.Path, "the provider's logout ended the session here")
}

// unsigned is claims as a JWT with alg none.
func unsigned(claims map[string]any) string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	b, _ := json.Marshal(claims)
	return h + "." + base64.RawURLEncoding.EncodeToString(b) + "."
}

// hmacSigned is claims signed HS256 with a made-up secret: the algorithm
// confusion attack needs the verifier to accept HS256 at all, and it must not.
func hmacSigned(t *testing.T, claims map[string]any) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, nil)
	require.NoError(t, err)
	tok, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(t, err)
	return tok
}

// signJWS signs any claims RS256 under any header.
func signJWS(t *testing.T, k *rsa.PrivateKey, header, claims []byte) string {
	in := base64.RawURLEncoding.EncodeToString(header) + "." + base64.RawURLEncoding.EncodeToString(claims)
	h := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, h[:])
	require.NoError(t, err)
	return in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}
