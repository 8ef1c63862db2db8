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
	"unsafe"

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
	// MaxTokenAge is how long a session the provider ended is remembered
	// (Forget): at least the lifetime of the provider's access tokens;
	// default DefaultMaxTokenAge.
	MaxTokenAge time.Duration
}

// DefaultMaxTokenAge is longer than HelseID's and ID-porten's access
// tokens live.
const DefaultMaxTokenAge = 24 * time.Hour

// DefaultSkew is the clock difference allowed between provider and server.
const DefaultSkew = time.Minute

var defaultAlgorithms = []string{oidc.RS256, oidc.PS256, oidc.ES256}

// API authenticates API requests by their access tokens.
type API struct {
	cfg  APIConfig
	keys *keySet
	algs []jose.SignatureAlgorithm

	// verified caches the principal of a token whose signature and claims
	// were checked, keyed by the SHA-256 of the whole token, until the
	// token expires: a client sends the same token with every request for
	// its lifetime, and the signature cannot change. Each API has its own,
	// so a token verified for one audience is never taken for another's.
	mu       sync.Mutex
	verified map[[32]byte]cached
	// endedSIDs and endedSubs are the sessions the provider ended
	// (Forget), until their tokens have all expired: a session id until
	// then, a subject with the time it was ended.
	endedSIDs map[string]time.Time
	endedSubs map[string]ended
}

type cached struct {
	p        lkt.Principal
	exp      time.Time
	sub, sid string
}

type ended struct{ at, until time.Time }

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
	if cfg.MaxTokenAge == 0 {
		cfg.MaxTokenAge = DefaultMaxTokenAge
	}
	a := &API{cfg: cfg, keys: newKeySet(cfg.JWKSURL, cfg.Client, cfg.Now), verified: map[[32]byte]cached{},
		endedSIDs: map[string]time.Time{}, endedSubs: map[string]ended{}}
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

func unix(f float64) time.Time { return time.Unix(0, int64(f*1e9)) }

// Verify checks an access token and returns its principal.
func (a *API) Verify(ctx context.Context, token string) (lkt.Principal, error) {
	return a.verify(ctx, token, sum256(token))
}

// sum256 is the SHA-256 of s without copying s: sha256.Sum256([]byte(s))
// allocates and copies a token longer than 32 bytes on every request
// (a tenth of a first-seen token's verification, CPU profile), though
// SHA-256 only reads it.
func sum256(s string) [32]byte {
	return sha256.Sum256(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// cachedPrincipal is the principal of the token whose SHA-256 is key if
// this API verified it and it has not expired.
func (a *API) cachedPrincipal(key [32]byte, now time.Time) (lkt.Principal, bool) {
	a.mu.Lock()
	c, ok := a.verified[key]
	a.mu.Unlock()
	if ok && now.Before(c.exp.Add(a.cfg.Skew)) {
		return c.p, true
	}
	return lkt.Principal{}, false
}

// verify is Verify of a token whose SHA-256 is key.
func (a *API) verify(ctx context.Context, token string, key [32]byte) (lkt.Principal, error) {
	now := a.cfg.Now()
	if p, ok := a.cachedPrincipal(key, now); ok {
		return p, nil
	}
	payload, err := a.keys.verifyJWS(ctx, "access token", token, a.algs)
	if err != nil {
		return lkt.Principal{}, err
	}
	// Read in one pass, keeping only the claims checked and the
	// provider's own: no map of every claim is built (it was a seventh of
	// a first-seen token's verification, and most of its allocations).
	std, err := readAccessClaims(payload, a.cfg.Claims, a.cfg.Scope != "")
	if err != nil {
		return lkt.Principal{}, fmt.Errorf("oidc: access token claims: %w", err)
	}
	exp, err := a.checkClaims(std, now)
	if err != nil {
		return lkt.Principal{}, err
	}
	p, err := a.principal(std)
	if err != nil {
		return lkt.Principal{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	// Checked under the lock the cache is filled under, so that a token
	// verified while its session is being ended is not cached after Forget
	// emptied the cache of it.
	if a.sessionEnded(std) {
		return lkt.Principal{}, errors.New("oidc: access token of a session the provider ended")
	}
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
	a.verified[key] = cached{p: p, exp: exp, sub: std.Subject, sid: std.SID}
	return p, nil
}

// sessionEnded reports whether c's session was ended (Forget): its sid,
// or its subject before the token was issued. Called with a.mu held.
func (a *API) sessionEnded(c accessClaims) bool {
	if _, ok := a.endedSIDs[c.SID]; ok && c.SID != "" {
		return true
	}
	e, ok := a.endedSubs[c.Subject]
	return ok && (!c.IssuedAt.set || !c.IssuedAt.time().After(e.at))
}

// Forget ends, for this API, a session the provider ended (a back-channel
// logout) or that was signed out of here: the access tokens of session sid
// or, without a sid, every token of subject sub issued until now, are
// dropped from the cache and refused from now on, for MaxTokenAge, by which
// time they have expired. SignIn calls it for its API (SignInConfig.API).
func (a *API) Forget(sub, sid string) {
	if sub == "" && sid == "" {
		return
	}
	now := a.cfg.Now()
	until := now.Add(a.cfg.MaxTokenAge + a.cfg.Skew)
	a.mu.Lock()
	defer a.mu.Unlock()
	for k, c := range a.verified {
		if (sid != "" && c.sid == sid) || (sid == "" && c.sub == sub) {
			delete(a.verified, k)
		}
	}
	for k, u := range a.endedSIDs {
		if !now.Before(u) {
			delete(a.endedSIDs, k)
		}
	}
	for k, e := range a.endedSubs {
		if !now.Before(e.until) {
			delete(a.endedSubs, k)
		}
	}
	if sid != "" {
		a.endedSIDs[sid] = until
	} else {
		a.endedSubs[sub] = ended{at: now, until: until}
	}
}

func (a *API) checkClaims(c accessClaims, now time.Time) (time.Time, error) {
	skew := a.cfg.Skew
	switch {
	case c.Issuer != a.cfg.Issuer:
		return time.Time{}, fmt.Errorf("oidc: access token from issuer %q, not %q", c.Issuer, a.cfg.Issuer)
	case !slices.Contains(c.Audience, a.cfg.Audience):
		return time.Time{}, fmt.Errorf("oidc: access token for %q, not %q", c.Audience, a.cfg.Audience)
	case !c.Expiry.set:
		return time.Time{}, errors.New("oidc: access token without expiry")
	case !now.Before(c.Expiry.time().Add(skew)):
		return time.Time{}, fmt.Errorf("oidc: access token expired at %s", c.Expiry.time().UTC().Format(time.RFC3339))
	case c.NotBef.set && now.Add(skew).Before(c.NotBef.time()):
		return time.Time{}, errors.New("oidc: access token not valid yet (nbf)")
	case c.IssuedAt.set && now.Add(skew).Before(c.IssuedAt.time()):
		return time.Time{}, errors.New("oidc: access token issued in the future (iat)")
	case c.Subject == "":
		return time.Time{}, errors.New("oidc: access token without subject")
	}
	// Scopes are read only when the API requires one: a space-separated
	// string (RFC 9068) or a list (HelseID).
	if a.cfg.Scope != "" && !slices.Contains(c.Scopes, a.cfg.Scope) {
		return time.Time{}, fmt.Errorf("oidc: access token without scope %q", a.cfg.Scope)
	}
	return c.Expiry.time(), nil
}

func (a *API) principal(c accessClaims) (lkt.Principal, error) {
	claims, name := a.cfg.Claims.fromFacts(a.cfg.Issuer, c.facts)
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
		// A token one of them verified is in its cache: the token is not
		// decoded again to find whose it is, on every request.
		key := sum256(tok)
		for _, a := range apis {
			if p, ok := a.cachedPrincipal(key, a.cfg.Now()); ok {
				return p, nil
			}
		}
		iss, err := unverifiedIssuer(tok)
		if err != nil {
			return lkt.Principal{}, err
		}
		a, ok := byIssuer[iss]
		if !ok {
			return lkt.Principal{}, fmt.Errorf("oidc: access token from issuer %q, which this server does not take", iss)
		}
		return a.verify(r.Context(), tok, key)
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
