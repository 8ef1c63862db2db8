package oidc

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// APIConfig configures the verification of a provider's access tokens.
type APIConfig struct {
	// Issuer is the provider's issuer URL, exactly as its tokens name it.
	Issuer string
	// JWKSURL is where the provider publishes its keys; the discovery
	// document's jwks_uri (see Discover).
	JWKSURL string
	// Audience is the API's name in the provider (HelseID: the API
	// resource, e.g. "nhn:lkt"); a token must name it in "aud".
	Audience string
	// Scope, if set, must be among the token's scopes.
	Scope string
	// Algorithms allowed; default RS256, PS256 and ES256. "none" never is.
	Algorithms []string
	// Skew is the clock difference allowed on exp, nbf and iat; default
	// DefaultSkew.
	Skew time.Duration
	// Claims names the provider's claims; Directory names its people.
	Claims    ClaimNames
	Directory *Directory
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Client fetches the key set; default http.DefaultClient.
	Client *http.Client
}

// DefaultSkew is the clock difference allowed between provider and server.
const DefaultSkew = time.Minute

var defaultAlgorithms = []string{oidc.RS256, oidc.PS256, oidc.ES256}

// API authenticates API requests by their access tokens.
type API struct {
	cfg  APIConfig
	keys *oidc.RemoteKeySet
	algs []jose.SignatureAlgorithm

	// verified caches the principal of a token whose signature and claims
	// were checked, until the token expires: a client sends the same token
	// with every request for its lifetime, and the signature cannot change.
	mu       sync.Mutex
	verified map[[32]byte]cached
}

type cached struct {
	p   lkt.Principal
	exp time.Time
}

// maxCached bounds the verified-token cache.
const maxCached = 10_000

// NewAPI returns an authenticator for cfg's access tokens.
func NewAPI(cfg APIConfig) (*API, error) {
	switch {
	case cfg.Issuer == "" || cfg.JWKSURL == "":
		return nil, errors.New("oidc: an API needs the issuer and its JWKS URL")
	case cfg.Audience == "":
		return nil, errors.New("oidc: an API needs its audience, or tokens for any API would do")
	case cfg.Directory == nil:
		return nil, errors.New("oidc: an API needs a Directory")
	}
	if len(cfg.Algorithms) == 0 {
		cfg.Algorithms = defaultAlgorithms
	}
	if cfg.Skew == 0 {
		cfg.Skew = DefaultSkew
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx := context.Background()
	if cfg.Client != nil {
		ctx = oidc.ClientContext(ctx, cfg.Client)
	}
	a := &API{cfg: cfg, keys: oidc.NewRemoteKeySet(ctx, cfg.JWKSURL), verified: map[[32]byte]cached{}}
	for _, alg := range cfg.Algorithms {
		if strings.EqualFold(alg, "none") {
			return nil, errors.New("oidc: the algorithm none is never allowed")
		}
		a.algs = append(a.algs, jose.SignatureAlgorithm(alg))
	}
	return a, nil
}

// Authenticate implements lkthttp.Authenticator.
func (a *API) Authenticate(r *http.Request) (lkt.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return lkt.Principal{}, lkthttp.ErrNoCredentials
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return lkt.Principal{}, errors.New("oidc: authorization scheme is not Bearer")
	}
	return a.Verify(r.Context(), strings.TrimSpace(tok))
}

// accessClaims are the registered claims an access token is checked by.
type accessClaims struct {
	Issuer   string   `json:"iss"`
	Subject  string   `json:"sub"`
	Audience audience `json:"aud"`
	Expiry   *float64 `json:"exp"`
	NotBef   *float64 `json:"nbf"`
	IssuedAt *float64 `json:"iat"`
	Scope    any      `json:"scope"`
}

// audience is "aud": a string or a list of them.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = audience{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return errors.New("aud is neither a string nor a list of strings")
	}
	*a = l
	return nil
}

func unix(f float64) time.Time { return time.Unix(0, int64(f*1e9)) }

// Verify checks an access token and returns its principal.
func (a *API) Verify(ctx context.Context, token string) (lkt.Principal, error) {
	now := a.cfg.Now()
	key := sha256.Sum256([]byte(token))
	a.mu.Lock()
	c, ok := a.verified[key]
	a.mu.Unlock()
	if ok && now.Before(c.exp.Add(a.cfg.Skew)) {
		return c.p, nil
	}
	// The algorithm is checked before any key is looked at: an unsigned
	// token (alg none) or one in an algorithm not allowed fails here.
	if _, err := jose.ParseSignedCompact(token, a.algs); err != nil {
		return lkt.Principal{}, fmt.Errorf("oidc: access token: %w", err)
	}
	payload, err := a.keys.VerifySignature(ctx, token)
	if err != nil {
		return lkt.Principal{}, fmt.Errorf("oidc: access token signature: %w", err)
	}
	var std accessClaims
	var raw map[string]any
	if err := json.Unmarshal(payload, &std); err != nil {
		return lkt.Principal{}, fmt.Errorf("oidc: access token claims: %w", err)
	}
	if err := json.Unmarshal(payload, &raw); err != nil {
		return lkt.Principal{}, fmt.Errorf("oidc: access token claims: %w", err)
	}
	exp, err := a.checkClaims(std, now)
	if err != nil {
		return lkt.Principal{}, err
	}
	p, err := a.principal(std.Subject, raw)
	if err != nil {
		return lkt.Principal{}, err
	}
	a.mu.Lock()
	if len(a.verified) >= maxCached {
		for k, v := range a.verified {
			if !now.Before(v.exp) {
				delete(a.verified, k)
			}
		}
		if len(a.verified) >= maxCached {
			clear(a.verified)
		}
	}
	a.verified[key] = cached{p: p, exp: exp}
	a.mu.Unlock()
	return p, nil
}

func (a *API) checkClaims(c accessClaims, now time.Time) (time.Time, error) {
	skew := a.cfg.Skew
	switch {
	case c.Issuer != a.cfg.Issuer:
		return time.Time{}, fmt.Errorf("oidc: access token from issuer %q, not %q", c.Issuer, a.cfg.Issuer)
	case !slices.Contains(c.Audience, a.cfg.Audience):
		return time.Time{}, fmt.Errorf("oidc: access token for %q, not %q", []string(c.Audience), a.cfg.Audience)
	case c.Expiry == nil:
		return time.Time{}, errors.New("oidc: access token without expiry")
	case !now.Before(unix(*c.Expiry).Add(skew)):
		return time.Time{}, fmt.Errorf("oidc: access token expired at %s", unix(*c.Expiry).UTC().Format(time.RFC3339))
	case c.NotBef != nil && now.Add(skew).Before(unix(*c.NotBef)):
		return time.Time{}, errors.New("oidc: access token not valid yet (nbf)")
	case c.IssuedAt != nil && now.Add(skew).Before(unix(*c.IssuedAt)):
		return time.Time{}, errors.New("oidc: access token issued in the future (iat)")
	case c.Subject == "":
		return time.Time{}, errors.New("oidc: access token without subject")
	}
	if a.cfg.Scope != "" && !hasScope(c.Scope, a.cfg.Scope) {
		return time.Time{}, fmt.Errorf("oidc: access token without scope %q", a.cfg.Scope)
	}
	return unix(*c.Expiry), nil
}

// hasScope reports whether scope is among the token's: a space-separated
// string (RFC 9068) or a list (HelseID).
func hasScope(v any, scope string) bool {
	switch s := v.(type) {
	case string:
		return slices.Contains(strings.Fields(s), scope)
	case []any:
		return slices.Contains(s, any(scope))
	}
	return false
}

func (a *API) principal(sub string, raw map[string]any) (lkt.Principal, error) {
	claims, name := a.cfg.Claims.verifiedClaims(a.cfg.Issuer, raw)
	id, err := a.cfg.Directory.ID(claims)
	if err != nil {
		return lkt.Principal{}, err
	}
	return lkt.Principal{Kind: lkt.PersonPrincipal, ID: id, Name: name, Verified: claims}, nil
}

// Issuers authenticates the access tokens of several providers, each with
// the API configured for its issuer — HelseID's for health personnel's
// systems, ID-porten's for citizens' apps — each with its own audience,
// scope, claims and cache. The issuer the token names, read before
// anything is verified, only chooses the API that then verifies it all
// (signature against that provider's keys, issuer, audience, expiry): a
// token naming one provider and signed by another fails that provider's
// signature check. A token naming no issuer configured is refused.
func Issuers(apis ...*API) lkthttp.Authenticator {
	if len(apis) == 1 {
		return apis[0]
	}
	byIssuer := map[string]*API{}
	for _, a := range apis {
		byIssuer[a.cfg.Issuer] = a
	}
	return lkthttp.AuthenticatorFunc(func(r *http.Request) (lkt.Principal, error) {
		h := r.Header.Get("Authorization")
		if h == "" {
			return lkt.Principal{}, lkthttp.ErrNoCredentials
		}
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return lkt.Principal{}, errors.New("oidc: authorization scheme is not Bearer")
		}
		tok = strings.TrimSpace(tok)
		iss, err := unverifiedIssuer(tok)
		if err != nil {
			return lkt.Principal{}, err
		}
		a, ok := byIssuer[iss]
		if !ok {
			return lkt.Principal{}, fmt.Errorf("oidc: access token from issuer %q, which this server does not take", iss)
		}
		return a.Verify(r.Context(), tok)
	})
}

// unverifiedIssuer reads "iss" from a JWT's payload without verifying
// anything: it only chooses who verifies the token.
func unverifiedIssuer(tok string) (string, error) {
	_, rest, _ := strings.Cut(tok, ".")
	payload, _, ok := strings.Cut(rest, ".")
	if !ok {
		return "", errors.New("oidc: access token is not a JWT")
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return "", errors.New("oidc: access token payload is not base64url")
	}
	var c struct {
		Issuer string `json:"iss"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", errors.New("oidc: access token payload is not a JSON object")
	}
	return c.Issuer, nil
}

// Either authenticates with the first of auths that the request's
// credentials are for: a bearer token that is a JWT goes to api, anything
// else to fallback (e.g. the demo tokens, or systems' own tokens).
func Either(api lkthttp.Authenticator, fallback lkthttp.Authenticator) lkthttp.Authenticator {
	return lkthttp.AuthenticatorFunc(func(r *http.Request) (lkt.Principal, error) {
		if h := r.Header.Get("Authorization"); strings.Count(h, ".") == 2 || fallback == nil {
			return api.Authenticate(r)
		}
		return fallback.Authenticate(r)
	})
}
