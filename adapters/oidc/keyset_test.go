package oidc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestAPIFetchesKeysOnlyForAnUnknownKeyID: a token naming a key id the
// key set has never makes the API fetch it again, whatever its signature;
// one naming a key id it lacks does, once, and further unknown key ids
// within minKeyRefresh fetch nothing.
func TestAPIFetchesKeysOnlyForAnUnknownKeyID(t *testing.T) {
	p := newTestProvider(t, nil)
	clock := lkttest.NewClock(time.Now())
	a := newAPI(t, p, func(c *APIConfig) { c.Now = clock.Now })
	stranger, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	auth := func(tok string) error {
		_, err := a.Authenticate(bearer(tok))
		return err
	}
	forged := func(kid string) string {
		return signWith(t, stranger, kid, p.defaults(accessToken(map[string]any{"jti": randomString()})))
	}
	require.NoError(t, auth(p.sign(accessToken(nil))))
	require.Equal(t, int64(1), p.jwksFetch.Load())

	assert.ErrorContains(t, auth(forged(p.kids[0])), "signature")
	assert.Equal(t, int64(1), p.jwksFetch.Load(), "a known key id: no fetch")

	assert.ErrorContains(t, auth(forged("made-up-1")), `no RS256 key with id "made-up-1"`)
	assert.Equal(t, int64(2), p.jwksFetch.Load(), "an unknown key id: one fetch")
	assert.ErrorContains(t, auth(forged("made-up-2")), `no RS256 key with id "made-up-2"`)
	assert.Equal(t, int64(2), p.jwksFetch.Load(), "another, within minKeyRefresh: none")
	require.NoError(t, auth(p.sign(accessToken(map[string]any{"jti": randomString()}))), "known keys still verify")

	clock.Advance(minKeyRefresh)
	assert.Error(t, auth(forged("made-up-3")))
	assert.Equal(t, int64(3), p.jwksFetch.Load(), "after minKeyRefresh, one more")
}

// TestAPIFollowsAKeyRotation: the provider publishes a new key and drops
// the old one; tokens signed with the new key verify (one fetch), tokens
// signed with the old key no longer do.
func TestAPIFollowsAKeyRotation(t *testing.T) {
	p := newTestProvider(t, nil)
	clock := lkttest.NewClock(time.Now())
	a := newAPI(t, p, func(c *APIConfig) { c.Now = clock.Now })
	oldKey, oldKid := p.keys[0], p.kids[0]
	auth := func(tok string) error {
		_, err := a.Authenticate(bearer(tok))
		return err
	}
	byOld := func() string {
		return signWith(t, oldKey, oldKid, p.defaults(accessToken(map[string]any{"jti": randomString()})))
	}
	require.NoError(t, auth(byOld()))

	p.rotate()
	p.retire()
	require.NoError(t, auth(p.sign(accessToken(nil))), "the new key")
	assert.Equal(t, int64(2), p.jwksFetch.Load())
	assert.ErrorContains(t, auth(byOld()), "no RS256 key with id", "the old key is gone")
	clock.Advance(minKeyRefresh)
	assert.ErrorContains(t, auth(byOld()), "no RS256 key with id", "and stays gone after a fetch")
	assert.Equal(t, int64(3), p.jwksFetch.Load())
}

// TestAPIFetchesOnceForManyRequestsWithANewKeyID: requests arriving
// together with tokens of a key just published share one fetch, and each
// is verified.
func TestAPIFetchesOnceForManyRequestsWithANewKeyID(t *testing.T) {
	p := newTestProvider(t, nil)
	a := newAPI(t, p, nil)
	_, err := a.Authenticate(bearer(p.sign(accessToken(nil))))
	require.NoError(t, err)
	p.rotate()
	tokens := make([]string, 16)
	for i := range tokens {
		tokens[i] = p.sign(accessToken(map[string]any{"jti": randomString()}))
	}
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Go(func() { _, errs[i] = a.Authenticate(bearer(tok)) })
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.Equal(t, int64(2), p.jwksFetch.Load())
}

// TestAPIRecoversFromAnUnreachableKeySet: a provider whose key set cannot
// be fetched fails the tokens until it can.
func TestAPIRecoversFromAnUnreachableKeySet(t *testing.T) {
	p := newTestProvider(t, nil)
	clock := lkttest.NewClock(time.Now())
	a := newAPI(t, p, func(c *APIConfig) { c.Now = clock.Now })
	p.jwksDown.Store(true)
	_, err := a.Authenticate(bearer(p.sign(accessToken(nil))))
	assert.ErrorContains(t, err, "fetching the provider's keys")
	p.jwksDown.Store(false)
	_, err = a.Authenticate(bearer(p.sign(accessToken(map[string]any{"jti": randomString()}))))
	assert.NoError(t, err)
}

// TestKeysAreUsedForTheirAlgorithmOnly: a key published for encryption,
// or for another algorithm, verifies nothing.
func TestKeysAreUsedForTheirAlgorithmOnly(t *testing.T) {
	k := rsaTestKeys()[0]
	set, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &k.PublicKey, KeyID: "enc", Use: "enc"},
		{Key: &k.PublicKey, KeyID: "ps", Algorithm: "PS256"},
		{Key: &k.PublicKey, KeyID: "rs", Algorithm: "RS256", Use: "sig"},
		{Key: &k.PublicKey, KeyID: "any"},
	}})
	require.NoError(t, err)
	ks, err := parseKeys(set)
	require.NoError(t, err)
	ids := func(kid string, alg jose.SignatureAlgorithm) (out []string) {
		for _, v := range ks.find(kid, alg) {
			out = append(out, v.jwk.KeyID)
		}
		return out
	}
	assert.Empty(t, ids("enc", jose.RS256))
	assert.Empty(t, ids("ps", jose.RS256))
	assert.Equal(t, []string{"ps"}, ids("ps", jose.PS256))
	assert.Equal(t, []string{"rs", "any"}, ids("", jose.RS256), "without a key id, every key for the algorithm")
}

// TestAPIVerifiesPS256AndES256 through go-jose, with keys from the same
// key set, each for its algorithm only.
func TestAPIVerifiesPS256AndES256(t *testing.T) {
	rk := rsaTestKeys()[0]
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	set, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &rk.PublicKey, KeyID: "ps", Algorithm: "PS256", Use: "sig"},
		{Key: &ek.PublicKey, KeyID: "es", Algorithm: "ES256", Use: "sig"},
	}})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(set) }))
	t.Cleanup(srv.Close)
	a, err := NewAPI(APIConfig{Issuer: srv.URL, JWKSURL: srv.URL, Audience: testAudience, Claims: HelseIDClaims,
		Directory: &Directory{ByHPR: map[string]actormap.ActorID{"1234560": lkttest.GPID}}})
	require.NoError(t, err)
	claims := accessToken(map[string]any{"iss": srv.URL, "sub": "s", "exp": time.Now().Add(time.Minute).Unix()})
	sign := func(alg jose.SignatureAlgorithm, key any, kid string) string {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, nil)
		require.NoError(t, err)
		claims["jti"] = randomString()
		tok, err := jwt.Signed(s).Claims(claims).Serialize()
		require.NoError(t, err)
		return tok
	}
	for _, tok := range []string{sign(jose.PS256, rk, "ps"), sign(jose.ES256, ek, "es")} {
		who, err := a.Authenticate(bearer(tok))
		require.NoError(t, err)
		assert.Equal(t, lkttest.GPID, who.ID)
	}
	_, err = a.Authenticate(bearer(sign(jose.RS256, rk, "ps")))
	assert.ErrorContains(t, err, `no RS256 key with id "ps"`, "a key published for PS256 verifies no RS256")
	payloadSwapped := strings.Split(sign(jose.ES256, ek, "es"), ".")
	other := strings.Split(sign(jose.ES256, ek, "es"), ".")
	_, err = a.Authenticate(bearer(payloadSwapped[0] + "." + other[1] + "." + payloadSwapped[2]))
	assert.ErrorContains(t, err, "signature")
}

// TestLogoutTokensWithBadSignaturesFetchNoKeys: anyone may post a logout
// token; one signed by a stranger must not make the server fetch its
// provider's keys again (go-oidc's RemoteKeySet did, on every one), and
// made-up key ids make it fetch at most once per minKeyRefresh.
func TestLogoutTokensWithBadSignaturesFetchNoKeys(t *testing.T) {
	p, srv, b := signedInAsPer(t)
	fetched := p.jwksFetch.Load()
	require.Positive(t, fetched, "the ID token was verified with the provider's keys")

	stranger, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	post := func(kid string) int {
		claims := p.defaults(map[string]any{"aud": testClient, "jti": randomString(), "sid": "sid-7",
			"events": map[string]any{"http://schemas.openid.net/event/backchannel-logout": map[string]any{}}})
		resp, err := http.PostForm(srv.URL+"/signin/helseid/logout", url.Values{"logout_token": {signWith(t, stranger, kid, claims)}})
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	for range 5 {
		assert.Equal(t, http.StatusBadRequest, post(p.kids[0]))
	}
	assert.Equal(t, fetched, p.jwksFetch.Load(), "a known key id with a bad signature: no fetch")
	for i := range 5 {
		assert.Equal(t, http.StatusBadRequest, post(fmt.Sprintf("made-up-%d", i)))
	}
	assert.LessOrEqual(t, p.jwksFetch.Load(), fetched+1, "made-up key ids: at most one fetch within minKeyRefresh")

	resp, err := b.Get(srv.URL + "/")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, "/", resp.Request.URL.Path, "still signed in")
}
