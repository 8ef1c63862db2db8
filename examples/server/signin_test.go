package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

// writeKey writes a new RSA private key as PEM and returns the file.
func writeKey(t *testing.T, dir string) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	b, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	f := filepath.Join(dir, "client-key.pem")
	require.NoError(t, os.WriteFile(f, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: b}), 0o600))
	return f
}

// discoveryOnly serves a provider's discovery document and an empty key
// set: enough for the server to start and send browsers there.
func discoveryOnly(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			_ = json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "authorization_endpoint": srv.URL + "/auth",
				"token_endpoint": srv.URL + "/token", "jwks_uri": srv.URL + "/jwks", "end_session_endpoint": srv.URL + "/session/end",
				"id_token_signing_alg_values_supported": []string{"RS256"}})
		case "/jwks":
			_, _ = w.Write([]byte(`{"keys":[]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestConfigSignIn: HelseID and ID-porten are configured by variables
// like every other option; the discovery document's URL stands for the
// issuer.
func TestConfigSignIn(t *testing.T) {
	dir := t.TempDir()
	key := writeKey(t, dir)
	people := filepath.Join(dir, "people.json")
	require.NoError(t, os.WriteFile(people, []byte(`{"hpr": {"1234560": "marit"}, "nationalId": {"13116900216": "olav"}}`), 0o600))
	c, err := parseConfig(nil, env(map[string]string{
		"LKT_HELSEID_ISSUER": "https://helseid-sts.nhn.no", "LKT_HELSEID_CLIENT_ID": "lkt", "LKT_HELSEID_KEY": key,
		"LKT_HELSEID_AUDIENCE": "nhn:lkt", "LKT_HELSEID_SCOPE": "nhn:lkt/api",
		"LKT_IDPORTEN_ISSUER": "https://idporten.no/.well-known/openid-configuration", "LKT_IDPORTEN_CLIENT_ID": "lkt-citizen",
		"LKT_IDPORTEN_KEY": key, "LKT_IDPORTEN_ACR": "idporten-loa-high",
		"LKT_IDPORTEN_AUDIENCE": "https://lkt.example.no/api", "LKT_IDPORTEN_SCOPE": "lkt:citizen",
		"LKT_PEOPLE": people, "LKT_PUBLIC_URL": "https://lkt.example.no",
	}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, app.Provider{Issuer: "https://helseid-sts.nhn.no", ClientID: "lkt", KeyFile: key, Audience: "nhn:lkt", Scope: "nhn:lkt/api"}, c.HelseID)
	assert.Equal(t, app.Provider{Issuer: "https://idporten.no/.well-known/openid-configuration", ClientID: "lkt-citizen", KeyFile: key, ACR: "idporten-loa-high",
		Audience: "https://lkt.example.no/api", Scope: "lkt:citizen"}, c.IDPorten)
	assert.Equal(t, "https://lkt.example.no", c.PublicURL)

	// The API alone: HelseID's access tokens, ID-porten's, or both; no sign-in.
	_, err = parseConfig([]string{"-helseid-issuer", "https://helseid-sts.nhn.no", "-helseid-audience", "nhn:lkt"}, env(nil), io.Discard)
	assert.NoError(t, err)
	_, err = parseConfig([]string{"-idporten-issuer", "https://idporten.no", "-idporten-audience", "https://lkt.example.no/api"}, env(nil), io.Discard)
	assert.NoError(t, err)
}

// TestConfigRefusesBadSignIn: each incomplete or wrong provider setting
// is named at start.
func TestConfigRefusesBadSignIn(t *testing.T) {
	dir := t.TempDir()
	key := writeKey(t, dir)
	pub := filepath.Join(dir, "pub.json")
	require.NoError(t, os.WriteFile(pub, []byte(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`), 0o600))
	people := filepath.Join(dir, "people.json")
	require.NoError(t, os.WriteFile(people, []byte(`{"hpr": {"1234560": ""}}`), 0o600))
	short := filepath.Join(dir, "short.key")
	require.NoError(t, os.WriteFile(short, []byte("tooshort\n"), 0o600))
	const iss = "https://helseid-sts.nhn.no"
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"issuer over plain http", []string{"-helseid-issuer", "http://helseid.example", "-helseid-audience", "a"}, `-helseid-issuer (LKT_HELSEID_ISSUER) "http://helseid.example": must be https://`},
		{"issuer not a URL", []string{"-idporten-issuer", "idporten", "-idporten-client-id", "c", "-idporten-key", key}, `-idporten-issuer (LKT_IDPORTEN_ISSUER) "idporten": is not an issuer URL`},
		{"client without issuer", []string{"-helseid-client-id", "c", "-helseid-key", key}, `-helseid-issuer (LKT_HELSEID_ISSUER) is missing`},
		{"client without key", []string{"-helseid-issuer", iss, "-helseid-client-id", "c"}, `-helseid-key (LKT_HELSEID_KEY) is missing`},
		{"key without client", []string{"-idporten-issuer", "https://idporten.no", "-idporten-key", key}, `-idporten-client-id (LKT_IDPORTEN_CLIENT_ID) is missing`},
		{"issuer alone", []string{"-helseid-issuer", iss}, `-helseid-issuer (LKT_HELSEID_ISSUER) alone does nothing`},
		{"key file missing", []string{"-helseid-issuer", iss, "-helseid-client-id", "c", "-helseid-key", filepath.Join(dir, "none.pem")}, `-helseid-key (LKT_HELSEID_KEY) "` + filepath.Join(dir, "none.pem") + `": is not a usable private key`},
		{"public key", []string{"-helseid-issuer", iss, "-helseid-client-id", "c", "-helseid-key", pub}, `is not a usable private key: a public key`},
		{"scope without audience", []string{"-helseid-issuer", iss, "-helseid-client-id", "c", "-helseid-key", key, "-helseid-scope", "s"}, `-helseid-scope (LKT_HELSEID_SCOPE) "s": is for access tokens`},
		{"ID-porten scope without audience", []string{"-idporten-issuer", "https://idporten.no", "-idporten-client-id", "c", "-idporten-key", key, "-idporten-scope", "s"}, `-idporten-scope (LKT_IDPORTEN_SCOPE) "s": is for access tokens: give -idporten-audience too`},
		{"ID-porten issuer alone", []string{"-idporten-issuer", "https://idporten.no"}, `-idporten-client-id and -idporten-key for sign-in, -idporten-audience for the API, or both`},
		{"public URL", []string{"-public-url", "lkt.example.no"}, `-public-url (LKT_PUBLIC_URL) "lkt.example.no": is not an http:// or https:// URL`},
		{"people file with an empty id", []string{"-people", people}, `-people (LKT_PEOPLE) "` + people + `": cannot be used: an empty number or id`},
		{"national id key too short", []string{"-national-id-key", short}, `holds 8 bytes; the key needs at least 32`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(tc.args, env(nil), io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestServerWithProviders: configured with HelseID and ID-porten, the
// server offers both on its sign-in page instead of the demo logins,
// sends the browser to the provider with PKCE and a redirect URI under
// its public URL, and takes no demo token.
func TestServerWithProviders(t *testing.T) {
	dir := t.TempDir()
	p := discoveryOnly(t)
	key := writeKey(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "a.db"), Quiet: true,
		PublicURL: "https://lkt.example.no",
		HelseID:   app.Provider{Issuer: p.URL + "/.well-known/openid-configuration", ClientID: "lkt", KeyFile: key, Audience: "nhn:lkt"},
		IDPorten:  app.Provider{Issuer: p.URL, ClientID: "lkt-citizen", KeyFile: key, ACR: "idporten-loa-high"},
	}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	assert.Empty(t, a.Logins, "no demo logins beside a real provider")
	require.Len(t, a.SignIns, 2)

	resp, body := get(t, a.URL+"/signin", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `href="/signin/helseid"`)
	assert.Contains(t, string(body), `href="/signin/idporten"`)
	assert.NotContains(t, string(body), "demo-marit-coordinator")

	resp, _ = get(t, a.URL+"/api/communities", "demo-marit-coordinator")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "demo tokens are off")

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct{ name, client, acr string }{{"helseid", "lkt", ""}, {"idporten", "lkt-citizen", "idporten-loa-high"}} {
		resp, err := noRedirect.Get(a.URL + "/signin/" + tc.name)
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		u, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		assert.Equal(t, p.URL+"/auth", u.Scheme+"://"+u.Host+u.Path)
		q := u.Query()
		assert.Equal(t, tc.client, q.Get("client_id"))
		assert.Equal(t, "https://lkt.example.no/signin/"+tc.name+"/callback", q.Get("redirect_uri"))
		assert.Equal(t, "S256", q.Get("code_challenge_method"))
		assert.Equal(t, tc.acr, q.Get("acr_values"))
	}
}

// TestServerRefusesAnUnreachableProvider: a provider whose discovery
// fails stops the server at start, naming it.
func TestServerRefusesAnUnreachableProvider(t *testing.T) {
	dir := t.TempDir()
	p := discoveryOnly(t)
	_, err := app.Start(context.Background(), app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "a.db"), Quiet: true,
		HelseID: app.Provider{Issuer: p.URL + "/elsewhere", ClientID: "lkt", KeyFile: writeKey(t, dir)}}, io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HelseID: oidc: discovery of "+p.URL+"/elsewhere")
}
