package http

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Pages are web pages for people, served by the same server beside the
// API: the example server's (examples/server/internal/web) are one. The
// server mounts them behind its middleware (security headers, the
// cross-origin check, the body limit, the request log) and ends its
// browser sign-in routes on them.
type Pages interface {
	// Mount registers the pages' routes with h.
	Mount(h *Host)
	// ShowProblem answers a browser's request that failed with err (an
	// unknown identity provider, too many failed sign-ins: Retry-After is
	// set) with a page; ProblemOf gives its status and words.
	ShowProblem(w http.ResponseWriter, r *http.Request, err error)
	// ShowSignInRefused answers a sign-in at an identity provider whose
	// answer could not be verified (401).
	ShowSignInRefused(w http.ResponseWriter, r *http.Request, err error)
	// ShowSignOut answers a sign-out that goes on to the identity
	// provider's logout at next: the sign-out form may post only to this
	// origin, so a page, not a redirect, takes the browser there.
	ShowSignOut(w http.ResponseWriter, r *http.Request, next string)
}

// Host is what the server lends Pages: its routes, who sent a request and
// the browser sessions.
type Host struct {
	s   *server
	mux *http.ServeMux
}

// Handle registers a route of the pages, as routes.go registers the API's
// (Deps.Observe names it).
func (h *Host) Handle(pattern string, handler http.Handler) { h.s.handle(h.mux, pattern, handler) }

// Service is the domain service the server was given.
func (h *Host) Service() *lkt.Service { return h.s.svc }

// Log is the server's logger, with the request's id.
func (h *Host) Log(ctx context.Context) *slog.Logger { return h.s.log(ctx) }

// Authenticate tells who sent r as the API does: a session cookie, else
// the Authenticator, refusing a client that failed too often. Besides the
// Authenticator's errors it returns ErrNoSession for a session cookie that
// names no live session and an error RetryAfter reports for a client that
// must wait.
func (h *Host) Authenticate(r *http.Request) (lkt.Principal, error) {
	p, err := h.s.authenticate(r)
	if errors.Is(err, errNoSession) {
		err = ErrNoSession
	}
	return p, err
}

// SignIns are the identity providers (Deps.SignIns), in their order; a
// page links each at /signin/{name}.
func (h *Host) SignIns() []SignIn { return h.s.signList }

// Blocked tells how long the client of r must wait, having failed to
// authenticate too often (Deps.FailureLimit); zero if it need not.
func (h *Host) Blocked(r *http.Request) time.Duration { return h.s.limiter.blocked(h.s.clientOf(r)) }

// Failed counts a failed sign-in by the client of r.
func (h *Host) Failed(r *http.Request) { h.s.limiter.fail(h.s.clientOf(r)) }

// StartSession signs the browser in as who (a session of its own, ending
// the one it had) and sends it to /.
func (h *Host) StartSession(w http.ResponseWriter, r *http.Request, who lkt.Principal) {
	h.s.startSession(w, r, who, ProviderSession{})
}

// ClearSession tells the browser to forget its session cookie.
func (h *Host) ClearSession(w http.ResponseWriter, r *http.Request) { h.s.clearSessionCookie(w, r) }

// ErrNoSession is Host.Authenticate's answer to a session cookie that names
// no live session: it expired, was revoked or never was.
var ErrNoSession = errNoSession

// RetryAfter reports whether err refuses a client that failed to
// authenticate too often, and how long it must wait.
func RetryAfter(err error) (time.Duration, bool) {
	var tm *tooManyFailures
	if errors.As(err, &tm) {
		return tm.wait, true
	}
	return 0, false
}

// TooManyFailures returns the refusal of a client that must wait d (the
// error Host.Blocked's wait stands for), for a page to show.
func TooManyFailures(d time.Duration) error { return &tooManyFailures{wait: d} }

// LangOf is the language the API answers r in: ?lang= (nb, nn, en), else
// Accept-Language by quality, else bokmål.
func LangOf(r *http.Request) roles.Lang { return langOf(r) }

// ProblemOf is the problem document the API answers err with, in lang:
// pages show its status and words.
func ProblemOf(err error, lang roles.Lang) Problem { return problemFor(err, lang) }

// Malformed is the error of a request the server cannot read (400), in
// msg's words; field names what is wrong.
func Malformed(field string, msg roles.Labels) error {
	return &lkt.Error{Code: codeMalformed, Field: field, Message: msg}
}

// FormError is the error of a form the server could not read (too large,
// or not a form).
func FormError(err error) error { return decodeErr(err) }

// CommunityViewOf is the overview o as GET /api/communities/{id} answers
// it in lang.
func CommunityViewOf(o *lkt.Overview, lang roles.Lang) CommunityView { return viewOf(o, lang) }
