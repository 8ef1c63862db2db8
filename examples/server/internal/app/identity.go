package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/oidc"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
)

// Provider is an OpenID Connect provider the server signs people in at.
type Provider struct {
	// Issuer is the provider's issuer URL (or its discovery document's
	// URL, which ends in /.well-known/openid-configuration).
	Issuer string
	// ClientID is this server's client at the provider and KeyFile the
	// client's private key (private_key_jwt), a JWK or PEM file.
	ClientID, KeyFile string
	// Audience, if set, makes the API accept the provider's access tokens
	// for this audience (HelseID's API resource, the audience ID-porten
	// issues tokens for); Scope, if set, must be among their scopes. Each
	// provider's tokens are verified against its own keys and audience.
	Audience, Scope string
	// ACR asks for a level of assurance at sign-in ("" for the
	// provider's default).
	ACR string
}

func (p Provider) configured() bool { return p != Provider{} }

// The providers' sign-in names (/signin/helseid, /signin/idporten) and the
// scopes asked for: HelseID's scopes for the HPR number and the national
// identity number, ID-porten's openid, whose ID token carries "pid".
const (
	HelseIDName  = "helseid"
	IDPortenName = "idporten"
)

var helseIDScopes = []string{"profile", "helseid://scopes/identity/pid", "helseid://scopes/hpr/hpr_number"}

// People is the file the People option names: who the providers' people
// are in the communities. A health professional unlisted is "hpr-" and
// their HPR number; a citizen unlisted a keyed hash of their national
// identity number (oidc.Directory).
//
//	{"hpr": {"1234560": "marit"}, "nationalId": {"12345678901": "olav"}}
type People struct {
	HPR        map[string]actormap.ActorID `json:"hpr"`
	NationalID map[string]actormap.ActorID `json:"nationalId"`
}

// ReadPeople reads a People file, refusing unknown fields and empty ids.
func ReadPeople(path string) (People, error) {
	var p People
	f, err := os.Open(path)
	if err != nil {
		return p, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("not a people file ({\"hpr\": {...}, \"nationalId\": {...}}): %w", err)
	}
	for _, m := range []map[string]actormap.ActorID{p.HPR, p.NationalID} {
		for k, id := range m {
			if k == "" || id == "" {
				return p, fmt.Errorf("an empty number or id (%q: %q)", k, id)
			}
		}
	}
	return p, nil
}

// ReadNationalIDKey reads the key file: at least 32 bytes, surrounding
// white space trimmed.
func ReadNationalIDKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = []byte(strings.TrimSpace(string(b)))
	if len(b) < 32 {
		return nil, fmt.Errorf("holds %d bytes; the key needs at least 32", len(b))
	}
	return b, nil
}

// identity builds the server's authenticator and sign-ins: the providers'
// sign-ins with their redirect URIs under public, HelseID's access tokens
// for the API if it has an audience, and tokens (a logins file, or the
// demo logins) for every bearer token that is not a JWT.
func identity(ctx context.Context, cfg Config, public string, tokens *demoauth.Tokens) (lkthttp.Authenticator, []lkthttp.SignIn, error) {
	var fallback lkthttp.Authenticator
	if tokens != nil {
		fallback = tokens
	}
	if !cfg.HelseID.configured() && !cfg.IDPorten.configured() {
		return fallback, nil, nil
	}
	dir := &oidc.Directory{}
	if cfg.People != "" {
		p, err := ReadPeople(cfg.People)
		if err != nil {
			return nil, nil, fmt.Errorf("people: %w", err)
		}
		dir.ByHPR, dir.ByNationalID = p.HPR, p.NationalID
	}
	if cfg.NationalIDKey != "" {
		k, err := ReadNationalIDKey(cfg.NationalIDKey)
		if err != nil {
			return nil, nil, fmt.Errorf("national id key: %w", err)
		}
		dir.Key = k
	}
	client := &http.Client{Timeout: 15 * time.Second}
	public = strings.TrimSuffix(public, "/")
	var signIns []lkthttp.SignIn
	var apis []*oidc.API
	for _, p := range []struct {
		name, label string
		prov        Provider
		claims      oidc.ClaimNames
		scopes      []string
	}{
		{HelseIDName, "HelseID", cfg.HelseID, oidc.HelseIDClaims, helseIDScopes},
		{IDPortenName, "ID-porten", cfg.IDPorten, oidc.IDPortenClaims, nil},
	} {
		if !p.prov.configured() {
			continue
		}
		issuer := oidc.IssuerOf(p.prov.Issuer)
		// The API first: the sign-in ends its tokens with the session.
		var api *oidc.API
		if p.prov.Audience != "" {
			d, err := oidc.Discover(ctx, issuer, client)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.label, err)
			}
			api, err = oidc.NewAPI(oidc.APIConfig{Issuer: d.Issuer, JWKSURL: d.JWKSURL, Audience: p.prov.Audience,
				Scope: p.prov.Scope, Claims: p.claims, Directory: dir, Client: client})
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.label, err)
			}
			apis = append(apis, api)
		}
		if p.prov.ClientID != "" {
			key, err := oidc.LoadClientKey(p.prov.KeyFile)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: client key %s: %w", p.label, p.prov.KeyFile, err)
			}
			si, err := oidc.NewSignIn(ctx, oidc.SignInConfig{
				Name: p.name, Label: p.label, Issuer: issuer, ClientID: p.prov.ClientID,
				Key: key.Key, KeyID: key.KeyID, Algorithm: key.Algorithm,
				RedirectURL: public + "/signin/" + p.name + "/callback", Scopes: p.scopes, ACRValues: p.prov.ACR,
				AfterLogout: public + "/signin", Claims: p.claims, Directory: dir, API: api, Client: client,
			})
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", p.label, err)
			}
			signIns = append(signIns, si)
		}
	}
	switch {
	case len(apis) > 0:
		return oidc.Either(oidc.Issuers(apis...), fallback), signIns, nil
	case fallback != nil:
		return fallback, signIns, nil
	}
	return noTokens, signIns, nil
}

// noTokens is the API's authenticator when only the web pages sign in:
// no bearer token is anybody's.
var noTokens = lkthttp.AuthenticatorFunc(func(r *http.Request) (lkt.Principal, error) {
	if r.Header.Get("Authorization") == "" {
		return lkt.Principal{}, lkthttp.ErrNoCredentials
	}
	return lkt.Principal{}, errors.New("this server takes no bearer tokens")
})
