// Package bearertest is test support for code served by adapters/http: an
// Authenticator that takes fixed bearer tokens, one per principal, for
// tests that need a signed-in request and no identity provider. It is no
// authenticator to deploy: the example server's demo logins are
// examples/server/internal/demoauth, a real one is adapters/oidc.
package bearertest

import (
	"errors"
	"net/http"
	"strings"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Tokens authenticates "Authorization: Bearer <token>" as the token's
// principal; a request without the header carries no credentials.
type Tokens map[string]lkt.Principal

// Authenticate implements lkthttp.Authenticator.
func (t Tokens) Authenticate(r *http.Request) (lkt.Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return lkt.Principal{}, lkthttp.ErrNoCredentials
	}
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		if p, ok := t[tok]; ok {
			return p, nil
		}
	}
	return lkt.Principal{}, errors.New("unknown token")
}

var _ lkthttp.Authenticator = Tokens(nil)
