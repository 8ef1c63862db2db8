package http

import (
	"errors"
	"net/http"
	"strconv"
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

// SessionCookie is the cookie that holds a browser session's id (see
// Sessions); it never holds a token.
const SessionCookie = "lkt_session"

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
		"for mange mislykkede innlogginger fra denne klienten: vent "+n+" s (Retry-After)",
		"for mange mislukka innloggingar frå denne klienten: vent "+n+" s (Retry-After)")
}

func retrySeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header()["Retry-After"] = []string{strconv.Itoa(retrySeconds(d))}
}
