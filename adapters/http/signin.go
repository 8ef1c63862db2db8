package http

import (
	"errors"
	"net/http"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The browser's sign-in at an identity provider (Deps.SignIns) and its
// sign-out. These routes answer with a redirect, or end on Deps.Pages'
// pages; without Pages, with a problem document.

var errNoProvider = newHTTPError(lkt.NotFound, "provider", "no such identity provider", "ingen slik innloggingstjeneste", "inga slik innloggingsteneste")

var errSignInRefused = &lkt.Error{Code: codeUnauthenticated, Message: roles.Labels{
	EN: "the identity provider's answer could not be verified; try again",
	NB: "svaret fra innloggingstjenesten kunne ikke verifiseres; prøv igjen",
	NN: "svaret frå innloggingstenesta kunne ikkje verifiserast; prøv igjen"}}

// showProblem answers a browser's request that failed with err: on a page
// of Deps.Pages, else as a problem document.
func (s *server) showProblem(w http.ResponseWriter, r *http.Request, err error) {
	var tm *tooManyFailures
	if errors.As(err, &tm) {
		setRetryAfter(w, tm.wait)
	}
	if s.pages != nil {
		s.pages.ShowProblem(w, r, err)
		return
	}
	s.writeProblem(w, r, err)
}

// setSessionCookie hands the browser session id: HttpOnly, SameSite=Lax,
// Secure over TLS or when the server is told it sits behind a TLS proxy.
func (s *server) setSessionCookie(w http.ResponseWriter, r *http.Request, id string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil, MaxAge: int(s.sessions.ttl / time.Second)})
}

func (s *server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure || r.TLS != nil, MaxAge: -1})
}

// startSession ends the browser's old session, if any, and starts one for
// who: a new id at every sign-in, so an id planted before it is worthless.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, who lkt.Principal, from ProviderSession) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		s.sessions.Revoke(c.Value)
	}
	s.setSessionCookie(w, r, s.sessions.Create(who, from))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// signOut revokes the session and, for a provider's sign-in, sends the
// browser on to end the provider's session too.
func (s *server) signOut() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := "/signin"
		if c, err := r.Cookie(SessionCookie); err == nil {
			if _, ps, ok := s.sessions.lookup(c.Value); ok && ps.Issuer != "" {
				for _, si := range s.signList {
					if u := si.EndSession(ps, ""); u != "" {
						next = u
						break
					}
				}
			}
			s.sessions.Revoke(c.Value)
		}
		s.clearSessionCookie(w, r)
		if next == "/signin" || s.pages == nil {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		// The sign-out form may post only to this origin (CSP form-action
		// 'self'), and browsers hold a redirect after the post to that
		// too: the pages reach the provider's logout by a page of their own.
		s.pages.ShowSignOut(w, r, next)
	})
}

// atProvider serves a route of the identity provider named in the path,
// refusing one there is none of with refuse.
func (s *server) atProvider(refuse func(http.ResponseWriter, *http.Request, error), h func(http.ResponseWriter, *http.Request, SignIn)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		si, ok := s.signIns[r.PathValue("provider")]
		if !ok {
			refuse(w, r, errNoProvider)
			return
		}
		h(w, r, si)
	})
}

// signInBegin sends the browser to the identity provider named in the path.
func (s *server) signInBegin() http.Handler {
	return s.atProvider(s.showProblem, func(w http.ResponseWriter, r *http.Request, si SignIn) { si.Begin(w, r) })
}

// signInCallback finishes a provider's sign-in and starts a session.
func (s *server) signInCallback() http.Handler {
	return s.atProvider(s.showProblem, func(w http.ResponseWriter, r *http.Request, si SignIn) {
		client := s.clientOf(r)
		if d := s.limiter.blocked(client); d > 0 {
			s.showProblem(w, r, &tooManyFailures{wait: d})
			return
		}
		who, ps, err := si.Finish(w, r)
		if err != nil {
			s.limiter.fail(client)
			s.log(r.Context()).Warn("sign-in refused", "provider", si.Name(), "err", err)
			if s.pages != nil {
				s.pages.ShowSignInRefused(w, r, errSignInRefused)
				return
			}
			s.writeProblem(w, r, errSignInRefused)
			return
		}
		s.startSession(w, r, who, ps)
	})
}

// signInLogout is the back-channel logout endpoint: the provider posts a
// signed logout token, and the sessions it names end.
func (s *server) signInLogout() http.Handler {
	return s.atProvider(s.writeProblem, func(w http.ResponseWriter, r *http.Request, si SignIn) {
		ps, err := si.LoggedOut(r)
		if err != nil {
			s.log(r.Context()).Warn("back-channel logout refused", "provider", si.Name(), "err", err)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_request"}`))
			return
		}
		n := s.sessions.RevokeProvider(ps)
		s.log(r.Context()).Info("back-channel logout", "provider", si.Name(), "sessions", n)
		w.WriteHeader(http.StatusOK)
	})
}
