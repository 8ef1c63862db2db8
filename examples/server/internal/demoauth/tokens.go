package demoauth

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Tokens is the DEMO authenticator, an lkthttp.Authenticator: opaque
// bearer tokens mapped to principals (see the package doc for why it is
// no more than a demo).
//
// A request authenticates with "Authorization: Bearer <token>"; the web
// pages' sign-in form exchanges a token for a server-side session.
type Tokens struct {
	byHash map[[32]byte]lkt.Principal
	logins []Login
	// listed: the logins are public demo logins, which the sign-in page
	// may show. A configured file's tokens are secrets and never are.
	listed bool
}

// Login is one demo login, as the sign-in page lists it.
type Login struct {
	Token     string        `json:"token"`
	Principal lkt.Principal `json:"principal"`
	// Label describes the login on the sign-in page, e.g. "coordinator".
	Label string `json:"label,omitempty"`
}

// NewTokens returns a Tokens authenticator over logins, whose tokens are
// secrets: Logins lists none of them.
func NewTokens(logins []Login) (*Tokens, error) {
	t := &Tokens{byHash: map[[32]byte]lkt.Principal{}}
	for i, l := range logins {
		switch {
		case len(l.Token) < 8:
			return nil, fmt.Errorf("login %d: a token has at least 8 characters", i)
		case l.Principal.ID == "" || (l.Principal.Kind != lkt.PersonPrincipal && l.Principal.Kind != lkt.SystemPrincipal):
			return nil, fmt.Errorf("login %d: the principal needs a kind (person or system) and an id", i)
		}
		h := sha256.Sum256([]byte(l.Token))
		if _, dup := t.byHash[h]; dup {
			return nil, fmt.Errorf("login %d: duplicate token", i)
		}
		t.byHash[h] = l.Principal
		t.logins = append(t.logins, l)
	}
	return t, nil
}

// NewDemoTokens returns a Tokens authenticator over public demo logins,
// which Logins lists for a sign-in page to offer.
func NewDemoTokens(logins []Login) (*Tokens, error) {
	t, err := NewTokens(logins)
	if err != nil {
		return nil, err
	}
	t.listed = true
	return t, nil
}

// LoadTokens reads logins from a JSON file: {"logins": [{"token": …,
// "principal": {"kind": "person", "id": …, "name": …}, "label": …}]}.
func LoadTokens(path string) (*Tokens, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Logins []Login `json:"logins"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return NewTokens(f.Logins)
}

// Authenticate implements Authenticator.
func (t *Tokens) Authenticate(r *http.Request) (lkt.Principal, error) {
	tok := ""
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, v, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return lkt.Principal{}, errors.New("authorization scheme is not Bearer")
		}
		tok = strings.TrimSpace(v)
	}
	if tok == "" {
		return lkt.Principal{}, lkthttp.ErrNoCredentials
	}
	p, ok := t.Lookup(tok)
	if !ok {
		return lkt.Principal{}, errors.New("unknown token")
	}
	return p, nil
}

// Lookup returns the principal of token. Tokens are compared by their
// SHA-256 hash, so the lookup's timing tells nothing about a token's text.
func (t *Tokens) Lookup(token string) (lkt.Principal, bool) {
	p, ok := t.byHash[sha256.Sum256([]byte(token))]
	return p, ok
}

// Logins returns the demo logins, for a sign-in page to offer: none unless
// t was made by NewDemoTokens. Tokens from a file are never listed.
func (t *Tokens) Logins() []Login {
	if !t.listed {
		return nil
	}
	return append([]Login(nil), t.logins...)
}

// Tokens is an authenticator for the adapter.
var _ lkthttp.Authenticator = (*Tokens)(nil)
