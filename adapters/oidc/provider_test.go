package oidc

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/require"
)

// testProvider is an in-process OpenID provider for the unit tests: it
// publishes its keys, signs tokens with any claims a test wants, and runs
// the authorization code flow the way HelseID does (PKCE required, the
// client authenticated by private_key_jwt). The tests against a real
// provider (oidc-provider, in testdata/provider) cover the same flow
// end to end.
type testProvider struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	keys   []*rsa.PrivateKey // published; the last one signs
	kids   []string
	client crypto.PublicKey // the registered client's key
	// id token claims the next code exchange returns, besides iss, aud,
	// exp, iat and nonce.
	user      map[string]any
	codes     map[string]codeGrant
	jwksFetch atomic.Int64
	// jwksDown makes the key set's URL answer 503.
	jwksDown atomic.Bool
}

type codeGrant struct{ challenge, nonce, redirect string }

const testClient = "lkt-test-client"

func newTestProvider(t *testing.T, client crypto.PublicKey) *testProvider {
	t.Helper()
	p := &testProvider{t: t, client: client, codes: map[string]codeGrant{}}
	p.rotate()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{
			"issuer": p.issuer(), "authorization_endpoint": p.issuer() + "/authorize", "token_endpoint": p.issuer() + "/token",
			"jwks_uri": p.issuer() + "/jwks", "end_session_endpoint": p.issuer() + "/logout",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		p.jwksFetch.Add(1)
		if p.jwksDown.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		var set jose.JSONWebKeySet
		for i, k := range p.keys {
			set.Keys = append(set.Keys, jose.JSONWebKey{Key: &k.PublicKey, KeyID: p.kids[i], Algorithm: "RS256", Use: "sig"})
		}
		writeJSON(w, set)
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("code_challenge_method") != "S256" || q.Get("client_id") != testClient || q.Get("response_type") != "code" {
			http.Error(w, "PKCE (S256), the client and the code flow are required", http.StatusBadRequest)
			return
		}
		code := randomString()
		p.mu.Lock()
		p.codes[code] = codeGrant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: q.Get("redirect_uri")}
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		f := r.PostForm
		p.mu.Lock()
		g, ok := p.codes[f.Get("code")]
		delete(p.codes, f.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case !ok:
			tokenError(w, "invalid_grant")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
			tokenError(w, "invalid_grant") // PKCE
		case f.Get("redirect_uri") != g.redirect:
			tokenError(w, "invalid_grant")
		case f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || !p.clientAssertionOK(f.Get("client_assertion")):
			tokenError(w, "invalid_client")
		default:
			claims := map[string]any{"aud": testClient, "nonce": g.nonce}
			for k, v := range p.user {
				claims[k] = v
			}
			writeJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": p.sign(claims)})
		}
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *testProvider) issuer() string { return p.srv.URL }

// rotate publishes a new signing key, keeping the old ones published.
func (p *testProvider) rotate() {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(p.t, err)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append(p.keys, k)
	p.kids = append(p.kids, randomString()[:8])
}

// retire stops publishing every key but the newest.
func (p *testProvider) retire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys, p.kids = p.keys[len(p.keys)-1:], p.kids[len(p.kids)-1:]
}

// sign signs claims with the current key; iss, sub, iat and exp are
// filled in unless given.
func (p *testProvider) sign(claims map[string]any) string {
	p.mu.Lock()
	k, kid := p.keys[len(p.keys)-1], p.kids[len(p.kids)-1]
	p.mu.Unlock()
	return signWith(p.t, k, kid, p.defaults(claims))
}

func (p *testProvider) defaults(claims map[string]any) map[string]any {
	out := map[string]any{"iss": p.issuer(), "sub": "subject-1", "iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
	for k, v := range claims {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func signWith(t *testing.T, k *rsa.PrivateKey, kid string, claims map[string]any) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: k, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	tok, err := jwt.Signed(s).Claims(claims).Serialize()
	require.NoError(t, err)
	return tok
}

// clientAssertionOK checks a private_key_jwt assertion as a provider does.
func (p *testProvider) clientAssertionOK(a string) bool {
	tok, err := jwt.ParseSigned(a, []jose.SignatureAlgorithm{jose.RS256, jose.PS256, jose.ES256})
	if err != nil {
		return false
	}
	var c jwt.Claims
	if tok.Claims(p.client, &c) != nil {
		return false
	}
	return c.Issuer == testClient && c.Subject == testClient && c.ID != "" &&
		c.ValidateWithLeeway(jwt.Expected{AnyAudience: jwt.Audience{p.issuer()}, Time: time.Now()}, time.Minute) == nil
}

func tokenError(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func randomString() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
