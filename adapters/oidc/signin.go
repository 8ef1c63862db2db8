package oidc

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/oauth2"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// SignInConfig configures sign-in at one provider.
type SignInConfig struct {
	// Name is the path segment (/signin/<Name>) and Label the button's text.
	Name, Label string
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID is this server's client at the provider.
	ClientID string
	// Key signs the client's assertion (private_key_jwt); KeyID is its
	// "kid" as registered at the provider; Algorithm default RS256.
	Key       crypto.Signer
	KeyID     string
	Algorithm jose.SignatureAlgorithm
	// RedirectURL is this server's callback: <base>/signin/<Name>/callback.
	RedirectURL string
	// Scopes asked for besides "openid" (HelseID: "profile",
	// "helseid://scopes/identity/pid", "helseid://scopes/hpr/hpr_number").
	Scopes []string
	// ACRValues asks for a level of assurance (ID-porten:
	// "idporten-loa-high"); empty for the provider's default.
	ACRValues string
	// AfterLogout is where the provider sends the browser after its
	// logout (post_logout_redirect_uri); empty for the provider's choice.
	AfterLogout string
	Claims      ClaimNames
	Directory   *Directory
	// API, if set, verifies this provider's access tokens: a back-channel
	// logout, or a sign-out here, ends that session's access tokens too
	// (API.Forget).
	API *API
	// Client makes the requests to the provider; default http.DefaultClient.
	Client *http.Client
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// SignIn is an lkthttp.SignIn at one OpenID Connect provider.
type SignIn struct {
	cfg        SignInConfig
	ctx        context.Context // carries Client for go-oidc and oauth2
	oauth      oauth2.Config
	idTokens   *oidc.IDTokenVerifier
	endSession string
	signer     jose.Signer

	mu      sync.Mutex
	pending map[string]pending
	// logouts remembers the logout tokens' ids seen, until they expire, so
	// that a replayed one is refused.
	logouts map[string]time.Time
}

// pending is a sign-in begun and not yet finished.
type pending struct {
	verifier, nonce string
	binding         [32]byte // hash of the browser's cookie
	expires         time.Time
}

// pendingTTL is how long a browser may take at the provider; maxPending
// bounds the sign-ins begun and not finished.
const (
	pendingTTL = 10 * time.Minute
	maxPending = 10_000
)

// NewSignIn discovers the provider and returns its sign-in.
func NewSignIn(ctx context.Context, cfg SignInConfig) (*SignIn, error) {
	switch {
	case cfg.Name == "" || cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "":
		return nil, errors.New("oidc: a sign-in needs a name, the issuer, the client id and the redirect URL")
	case cfg.Key == nil:
		return nil, errors.New("oidc: a sign-in needs the client's private key (private_key_jwt)")
	case cfg.Directory == nil:
		return nil, errors.New("oidc: a sign-in needs a Directory")
	}
	if cfg.Label == "" {
		cfg.Label = cfg.Name
	}
	if cfg.Algorithm == "" {
		cfg.Algorithm = jose.RS256
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Client != nil {
		ctx = oidc.ClientContext(ctx, cfg.Client)
	}
	ctx = context.WithoutCancel(ctx)
	prov, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc: discovery of %s: %w", cfg.Issuer, err)
	}
	var extra struct {
		EndSession string   `json:"end_session_endpoint"`
		JWKSURL    string   `json:"jwks_uri"`
		Algs       []string `json:"id_token_signing_alg_values_supported"`
	}
	if err := prov.Claims(&extra); err != nil || extra.JWKSURL == "" {
		return nil, fmt.Errorf("oidc: discovery of %s names no jwks_uri", cfg.Issuer)
	}
	algs := tokenAlgorithms(extra.Algs)
	ep := prov.Endpoint()
	ep.AuthStyle = oauth2.AuthStyleInParams // client_id in the body, next to the assertion
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: cfg.Algorithm, Key: jose.JSONWebKey{Key: cfg.Key, KeyID: cfg.KeyID}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("oidc: client key: %w", err)
	}
	return &SignIn{
		cfg: cfg, ctx: ctx,
		oauth: oauth2.Config{ClientID: cfg.ClientID, Endpoint: ep, RedirectURL: cfg.RedirectURL,
			Scopes: append([]string{oidc.ScopeOpenID}, cfg.Scopes...)},
		idTokens: oidc.NewVerifier(cfg.Issuer, tokenKeys{set: newKeySet(extra.JWKSURL, cfg.Client, cfg.Now), algs: algs},
			&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now, SupportedSigningAlgs: algNames(algs)}),
		endSession: extra.EndSession,
		signer:     signer,
		pending:    map[string]pending{},
		logouts:    map[string]time.Time{},
	}, nil
}

// Name implements lkthttp.SignIn.
func (s *SignIn) Name() string { return s.cfg.Name }

// Label implements lkthttp.SignIn.
func (s *SignIn) Label() string { return s.cfg.Label }

func (s *SignIn) cookieName() string { return "lkt_oidc_" + s.cfg.Name }

func random() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// Begin implements lkthttp.SignIn: it remembers a state, a nonce and a
// PKCE verifier, binds them to the browser with a short-lived cookie, and
// sends the browser to the provider.
func (s *SignIn) Begin(w http.ResponseWriter, r *http.Request) {
	state, nonce, binding := random(), random(), random()
	verifier := oauth2.GenerateVerifier()
	now := s.cfg.Now()
	s.mu.Lock()
	if len(s.pending) >= maxPending {
		for k, p := range s.pending {
			if !now.Before(p.expires) {
				delete(s.pending, k)
			}
		}
	}
	full := len(s.pending) >= maxPending
	if !full {
		s.pending[state] = pending{verifier: verifier, nonce: nonce, binding: sha256.Sum256([]byte(binding)), expires: now.Add(pendingTTL)}
	}
	s.mu.Unlock()
	if full {
		w.Header().Set("Retry-After", "60")
		http.Error(w, "too many sign-ins in progress; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: binding, Path: "/signin/" + s.cfg.Name, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https", MaxAge: int(pendingTTL / time.Second)})
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)}
	if s.cfg.ACRValues != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", s.cfg.ACRValues))
	}
	http.Redirect(w, r, s.oauth.AuthCodeURL(state, opts...), http.StatusFound)
}

// Finish implements lkthttp.SignIn: the state must be one this server
// began, in this browser, not yet finished nor expired; the code is
// exchanged with the PKCE verifier and the client's signed assertion; the
// ID token must be signed by the provider, for this client, unexpired,
// and carry the nonce of this sign-in.
func (s *SignIn) Finish(w http.ResponseWriter, r *http.Request) (lkt.Principal, lkthttp.ProviderSession, error) {
	var none lkthttp.ProviderSession
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return lkt.Principal{}, none, fmt.Errorf("oidc: the provider answered %s: %s", e, q.Get("error_description"))
	}
	state := q.Get("state")
	s.mu.Lock()
	p, ok := s.pending[state]
	delete(s.pending, state) // a state is good for one answer
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/signin/" + s.cfg.Name, HttpOnly: true, MaxAge: -1})
	if !ok || state == "" {
		return lkt.Principal{}, none, errors.New("oidc: unknown or used state")
	}
	if !s.cfg.Now().Before(p.expires) {
		return lkt.Principal{}, none, errors.New("oidc: the sign-in took too long")
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return lkt.Principal{}, none, errors.New("oidc: the sign-in was begun in another browser")
	}
	if b := sha256.Sum256([]byte(c.Value)); subtle.ConstantTimeCompare(b[:], p.binding[:]) != 1 {
		return lkt.Principal{}, none, errors.New("oidc: the sign-in was begun in another browser")
	}
	assertion, err := s.clientAssertion()
	if err != nil {
		return lkt.Principal{}, none, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, 15*time.Second)
	defer cancel()
	tok, err := s.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(p.verifier),
		oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
		oauth2.SetAuthURLParam("client_assertion", assertion))
	if err != nil {
		return lkt.Principal{}, none, fmt.Errorf("oidc: token request: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return lkt.Principal{}, none, errors.New("oidc: no ID token in the token response")
	}
	return s.verifyIDToken(ctx, raw, p.nonce)
}

// verifyIDToken checks an ID token against the nonce of its sign-in.
func (s *SignIn) verifyIDToken(ctx context.Context, raw, nonce string) (lkt.Principal, lkthttp.ProviderSession, error) {
	var none lkthttp.ProviderSession
	idt, err := s.idTokens.Verify(ctx, raw)
	if err != nil {
		return lkt.Principal{}, none, fmt.Errorf("oidc: ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return lkt.Principal{}, none, errors.New("oidc: ID token's nonce is not this sign-in's")
	}
	var all map[string]any
	if err := idt.Claims(&all); err != nil {
		return lkt.Principal{}, none, fmt.Errorf("oidc: ID token claims: %w", err)
	}
	claims, name := s.cfg.Claims.verifiedClaims(idt.Issuer, all)
	id, err := s.cfg.Directory.ID(claims)
	if err != nil {
		return lkt.Principal{}, none, err
	}
	sid, _ := all["sid"].(string)
	return lkt.Principal{Kind: lkt.PersonPrincipal, ID: id, Name: name, Verified: claims},
		lkthttp.ProviderSession{Issuer: idt.Issuer, Subject: idt.Subject, SID: sid, IDToken: raw}, nil
}

// clientAssertion is the client's proof of itself at the token endpoint
// (RFC 7523): a short-lived JWT signed with its key, for the provider.
func (s *SignIn) clientAssertion() (string, error) {
	now := s.cfg.Now()
	c := jwt.Claims{
		Issuer: s.cfg.ClientID, Subject: s.cfg.ClientID, ID: random(),
		Audience: jwt.Audience{s.cfg.Issuer, s.oauth.Endpoint.TokenURL},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Minute)),
	}
	a, err := jwt.Signed(s.signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("oidc: client assertion: %w", err)
	}
	return a, nil
}

// LoggedOut implements lkthttp.SignIn: the body's logout_token must be a
// logout token (OpenID Connect Back-Channel Logout 1.0) signed by the
// provider for this client, unexpired and not seen before.
func (s *SignIn) LoggedOut(r *http.Request) (lkthttp.ProviderSession, error) {
	var none lkthttp.ProviderSession
	if err := r.ParseForm(); err != nil {
		return none, err
	}
	raw := r.PostForm.Get("logout_token")
	if raw == "" {
		return none, errors.New("oidc: no logout_token")
	}
	lt, err := s.idTokens.VerifyLogout(r.Context(), raw)
	if err != nil {
		return none, fmt.Errorf("oidc: logout token: %w", err)
	}
	now := s.cfg.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, exp := range s.logouts {
		if !now.Before(exp) {
			delete(s.logouts, k)
		}
	}
	if _, seen := s.logouts[lt.TokenID]; seen || lt.TokenID == "" {
		return none, errors.New("oidc: logout token replayed or without jti")
	}
	exp := lt.Expiry
	if exp.IsZero() || exp.Before(now.Add(pendingTTL)) {
		exp = now.Add(pendingTTL)
	}
	s.logouts[lt.TokenID] = exp
	if s.cfg.API != nil {
		s.cfg.API.Forget(lt.Subject, lt.SessionID)
	}
	return lkthttp.ProviderSession{Issuer: lt.Issuer, Subject: lt.Subject, SID: lt.SessionID}, nil
}

// EndSession implements lkthttp.SignIn: the provider's end_session
// endpoint for a session of this provider, with the ID token as hint.
func (s *SignIn) EndSession(ps lkthttp.ProviderSession, afterLogout string) string {
	if ps.Issuer != s.cfg.Issuer {
		return ""
	}
	if s.cfg.API != nil {
		s.cfg.API.Forget(ps.Subject, ps.SID)
	}
	if s.endSession == "" {
		return ""
	}
	v := url.Values{"client_id": {s.cfg.ClientID}}
	if ps.IDToken != "" {
		v.Set("id_token_hint", ps.IDToken)
	}
	if afterLogout == "" {
		afterLogout = s.cfg.AfterLogout
	}
	if afterLogout != "" {
		v.Set("post_logout_redirect_uri", afterLogout)
	}
	return s.endSession + "?" + v.Encode()
}

var _ lkthttp.SignIn = (*SignIn)(nil)

// tokenAlgorithms are the algorithms an ID or logout token may be signed
// with: those the provider's discovery names for ID tokens (RS256, which
// OpenID Connect requires every provider to support, if it names none),
// but never none and never an HMAC, whose key is no key of the key set.
func tokenAlgorithms(named []string) []jose.SignatureAlgorithm {
	var algs []jose.SignatureAlgorithm
	for _, a := range named {
		if !strings.EqualFold(a, "none") && !strings.HasPrefix(strings.ToUpper(a), "HS") {
			algs = append(algs, jose.SignatureAlgorithm(a))
		}
	}
	if len(algs) == 0 {
		algs = []jose.SignatureAlgorithm{jose.RS256}
	}
	return algs
}

func algNames(algs []jose.SignatureAlgorithm) []string {
	out := make([]string, len(algs))
	for i, a := range algs {
		out[i] = string(a)
	}
	return out
}
