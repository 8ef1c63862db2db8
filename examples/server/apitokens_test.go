package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
)

// tokenIssuer is a provider that only publishes its discovery document
// and keys, and signs access tokens as a test asks.
type tokenIssuer struct {
	*httptest.Server
	key *rsa.PrivateKey
}

func newTokenIssuer(t *testing.T) *tokenIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ti := &tokenIssuer{key: key}
	ti.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]any{"issuer": ti.URL, "authorization_endpoint": ti.URL + "/auth",
				"token_endpoint": ti.URL + "/token", "jwks_uri": ti.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}})
		case "/jwks":
			_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ti.Close)
	return ti
}

func (ti *tokenIssuer) sign(t *testing.T, claims map[string]any) string {
	t.Helper()
	c := map[string]any{"iss": ti.URL, "sub": "s-1", "iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
	for k, v := range claims {
		c[k] = v
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: ti.key, KeyID: "k1"}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	tok, err := jwt.Signed(s).Claims(c).Serialize()
	require.NoError(t, err)
	return tok
}

// TestServerTakesHelseIDAndIDPortenAccessTokens: with an audience for each
// provider, the API takes HelseID's access tokens for HelseID's audience
// and ID-porten's for its own. Olav, whom no people file lists, reads his
// community with an ID-porten token carrying his number; a token for the
// other provider's audience is refused, and a professional whose HelseID
// token carries Olav's number is not Olav.
func TestServerTakesHelseIDAndIDPortenAccessTokens(t *testing.T) {
	const helseIDAudience, citizenAudience = "nhn:lkt", "https://lkt.example.no/api"
	dir := t.TempDir()
	helseID, idPorten := newTokenIssuer(t), newTokenIssuer(t)
	people := filepath.Join(dir, "people.json")
	require.NoError(t, os.WriteFile(people, []byte(`{"hpr": {"1234560": "marit"}}`), 0o600))
	ninKey := filepath.Join(dir, "nin.key")
	require.NoError(t, os.WriteFile(ninKey, []byte("a secret of at least thirty-two bytes, for the test"), 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "a.db"), Quiet: true, People: people, NationalIDKey: ninKey,
		HelseID:  app.Provider{Issuer: helseID.URL, Audience: helseIDAudience},
		IDPorten: app.Provider{Issuer: idPorten.URL, Audience: citizenAudience},
	}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	snap, _, err := a.Store.Load(context.Background(), demo.Olav)
	require.NoError(t, err)
	olavNIN := snap.Patient.NationalID
	require.NotEmpty(t, olavNIN)

	olav := idPorten.sign(t, map[string]any{"aud": citizenAudience, "pid": olavNIN})
	resp, body := get(t, a.URL+"/api/communities", olav)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), `"id":"`+string(demo.Olav)+`"`, "his own community, found by his number")
	assert.NotContains(t, string(body), string(demo.Emil))
	resp, body = get(t, a.URL+"/api/communities/"+string(demo.Olav), olav)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), olavNIN, "the patient sees his own number")

	marit := helseID.sign(t, map[string]any{"aud": helseIDAudience, "helseid://claims/hpr/hpr_number": "1234560"})
	resp, body = get(t, a.URL+"/api/communities/"+string(demo.Emil), marit)
	assert.Equal(t, http.StatusOK, resp.StatusCode, string(body))

	for name, tok := range map[string]string{
		"ID-porten's token for HelseID's audience":   idPorten.sign(t, map[string]any{"aud": helseIDAudience, "pid": olavNIN}),
		"HelseID's token for the citizens' audience": helseID.sign(t, map[string]any{"aud": citizenAudience, "helseid://claims/hpr/hpr_number": "1234560"}),
		"a token for no audience of ours":            idPorten.sign(t, map[string]any{"aud": "another-api", "pid": olavNIN}),
	} {
		resp, body := get(t, a.URL+"/api/communities", tok)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "%s: %s", name, body)
	}

	notOlav := helseID.sign(t, map[string]any{"aud": helseIDAudience, "helseid://claims/hpr/hpr_number": "9999990",
		"helseid://claims/identity/pid": olavNIN})
	resp, body = get(t, a.URL+"/api/communities/"+string(demo.Olav), notOlav)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "HelseID's number makes nobody the patient: %s", body)
	resp, body = get(t, a.URL+"/api/communities", notOlav)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.False(t, strings.Contains(string(body), string(demo.Olav)), "nor lists his community: %s", body)
}
