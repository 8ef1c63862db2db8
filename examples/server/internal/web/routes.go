package web

import (
	"net/http"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
)

// Pages are the web pages, an lkthttp.Pages.
type Pages struct {
	h *lkthttp.Host
	// tokens, if set, are looked up by the sign-in form, and their public
	// demo logins listed.
	tokens *demoauth.Tokens
	// routes are the patterns Mount registered, for the access test.
	routes []string
}

// New returns the pages; tokens, if not nil, offers the demo sign-in with
// a token.
func New(tokens *demoauth.Tokens) *Pages { return &Pages{tokens: tokens} }

var _ lkthttp.Pages = (*Pages)(nil)

// Mount implements lkthttp.Pages: every route of the pages, in one place.
func (s *Pages) Mount(h *lkthttp.Host) {
	s.h = h
	handle := func(pattern string, handler http.Handler) {
		s.routes = append(s.routes, pattern)
		h.Handle(pattern, handler)
	}
	handle("GET /static/style.css", s.handleStyle())
	handle("GET /{$}", s.pagePortfolio())
	handle("GET /signin", s.pageSignIn())
	handle("POST /signin", s.signIn())
	handle("GET /communities/{id}", s.pageCommunity())
	handle("POST /communities/{id}/consent", s.formGiveConsent())
	handle("POST /communities/{id}/members", s.formAddMember())
	handle("POST /communities/{id}/activate", s.formActivate())
	handle("POST /communities/{id}/plan/agree", s.formAgreePlan())
	handle("POST /communities/{id}/phase", s.formSetPhase())
}
