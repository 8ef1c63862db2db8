package http

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Authenticator tells who sent a request. It only authenticates: what the
// principal may do is decided by the domain's Service, for every request.
// Implement it over your identity provider (an OIDC access token, a SAML
// session, mutual TLS, HelseID): map the verified identity to the
// lkt.Principal whose ID is the member or patient id the communities use.
//
// Authenticate returns ErrNoCredentials when the request carries none, and
// any other error when it carries credentials that are not valid; both
// answer 401.
type Authenticator interface {
	Authenticate(r *http.Request) (lkt.Principal, error)
}

// AuthenticatorFunc adapts a function to an Authenticator.
type AuthenticatorFunc func(r *http.Request) (lkt.Principal, error)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(r *http.Request) (lkt.Principal, error) { return f(r) }

// ErrNoCredentials is returned by an Authenticator for a request without any.
var ErrNoCredentials = errors.New("no credentials")

// SessionCookie is the cookie that holds a web page session's id (see
// Sessions); it never holds a token.
const SessionCookie = "lkt_session"

// Tokens is a DEMO authenticator: opaque bearer tokens mapped to
// principals from a configuration file. It exists so that the example
// server can be tried without an identity provider. Tokens never expire,
// cannot be revoked while running and are kept in a plain file: do not use
// it in production. See the package README for plugging in your own.
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
		return lkt.Principal{}, ErrNoCredentials
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

// SignIn is an interactive sign-in at an identity provider, such as
// OpenID Connect's authorization code flow (package adapters/oidc). The
// server routes GET /signin/{name} to Begin, GET /signin/{name}/callback
// to Finish, which starts a server-side session for the principal, and
// POST /signin/{name}/logout to LoggedOut, which ends the sessions of the
// provider session it names (back-channel logout).
type SignIn interface {
	// Name is the provider's path segment, e.g. "helseid": 1 to 64 of
	// A-Z, a-z, 0-9, '.', '_' and '-'.
	Name() string
	// Label names the provider on the sign-in page.
	Label() string
	// Begin sends the browser to the provider.
	Begin(w http.ResponseWriter, r *http.Request)
	// Finish checks the provider's answer to Begin and returns who signed
	// in and the provider's session.
	Finish(w http.ResponseWriter, r *http.Request) (lkt.Principal, ProviderSession, error)
	// LoggedOut checks a back-channel logout request and returns the
	// provider session that ended.
	LoggedOut(r *http.Request) (ProviderSession, error)
	// EndSession returns where to send the browser to end the provider's
	// session too after signing out here ("" for nowhere).
	EndSession(ps ProviderSession, afterLogout string) string
}

// authenticate tells who sent r: a session cookie is looked up in the
// server's sessions, anything else asked of the Authenticator. A client
// that failed too often is refused before its credentials are looked at.
func (s *server) authenticate(r *http.Request) (lkt.Principal, error) {
	client := s.clientOf(r)
	if d := s.limiter.blocked(client); d > 0 {
		return lkt.Principal{}, &tooManyFailures{wait: d}
	}
	var (
		p   lkt.Principal
		err error
	)
	if _, bearer := r.Header["Authorization"]; !bearer {
		if c, cerr := r.Cookie(SessionCookie); cerr == nil && c.Value != "" {
			if p, ok := s.sessions.Lookup(c.Value); ok {
				return p, nil
			}
			err = errNoSession
		}
	}
	if err == nil {
		p, err = s.auth.Authenticate(r)
	}
	if err != nil && !errors.Is(err, ErrNoCredentials) {
		s.limiter.fail(client)
	}
	return p, err
}

var errNoSession = errors.New("no such session: it expired, was revoked or never was")

// tooManyFailures refuses a client that failed authentication too often.
type tooManyFailures struct{ wait time.Duration }

func (e *tooManyFailures) Error() string {
	return "too many failed sign-ins from this client; retry in " + e.wait.Round(time.Second).String()
}

// Unwrap gives the refusal's code and message, in English and bokmål.
func (e *tooManyFailures) Unwrap() error {
	n := strconv.Itoa(retrySeconds(e.wait))
	return newHTTPError(codeTooManyFailures, "",
		"too many failed sign-ins from this client: wait "+n+" s (Retry-After)",
		"for mange mislykkede innlogginger fra denne klienten: vent "+n+" s (Retry-After)")
}

func retrySeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header()["Retry-After"] = []string{strconv.Itoa(retrySeconds(d))}
}
