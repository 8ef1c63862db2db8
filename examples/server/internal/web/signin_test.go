package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
)

func TestSignOutFromThePages(t *testing.T) {
	f := newFixture(t)
	c := f.signInForm(tokCoordinator)
	require.Equal(t, http.StatusOK, f.browse("GET", "/", c.Value, nil).Code)

	w := f.browse("POST", "/signout", c.Value, url.Values{})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/signin", w.Header().Get("Location"))

	// A copy of the cookie kept from before is worth nothing now.
	w = f.browse("GET", "/", c.Value, nil)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/signin", w.Header().Get("Location"))
	assert.Equal(t, 0, f.sessions.Len())
}

func TestSessionExpiresOnThePages(t *testing.T) {
	f := newFixture(t)
	c := f.signInForm(tokCoordinator)
	assert.Equal(t, int(lkthttp.DefaultSessionTTL/time.Second), c.MaxAge)
	f.clock.Advance(lkthttp.DefaultSessionTTL - time.Second)
	require.Equal(t, http.StatusOK, f.browse("GET", "/", c.Value, nil).Code)
	f.clock.Advance(2 * time.Second)
	w := f.browse("GET", "/", c.Value, nil)
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/signin", w.Header().Get("Location"))
}

func TestSignInReplacesTheOldSession(t *testing.T) {
	f := newFixture(t)
	old := f.signInForm(tokMother)
	r := httptest.NewRequest("POST", "/signin", strings.NewReader(url.Values{"token": {tokCoordinator}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(old)
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	require.Equal(t, http.StatusSeeOther, w.Code)
	_, ok := f.sessions.Lookup(old.Value)
	assert.False(t, ok, "a session id planted or left before the sign-in does not survive it")
	assert.Equal(t, 1, f.sessions.Len())
}

func TestFailedSignInsAndSessionIdsAreLimited(t *testing.T) {
	f := newFixture(t)
	for i := range lkthttp.DefaultFailureLimit.Burst {
		w := f.browse("POST", "/signin", "", url.Values{"token": {"wrong-" + strconv.Itoa(i)}})
		require.Equal(t, http.StatusUnauthorized, w.Code)
	}
	w := f.browse("POST", "/signin", "", url.Values{"token": {tokCoordinator}})
	assert.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	assert.Empty(t, w.Result().Cookies(), "no session for a blocked client")

	// Guessed session ids count as failures too.
	g := newFixture(t)
	for i := range lkthttp.DefaultFailureLimit.Burst {
		w := g.browse("GET", "/", "no-such-session-"+strconv.Itoa(i), nil)
		require.Equal(t, http.StatusSeeOther, w.Code)
		assert.Equal(t, -1, w.Result().Cookies()[0].MaxAge, "a stale cookie is cleared")
	}
	assert.Equal(t, http.StatusTooManyRequests, g.browse("GET", "/", "no-such-session", nil).Code)
}

func TestSecureCookiesBehindAProxy(t *testing.T) {
	build := func(secure bool) *fixture {
		f := newFixture(t)
		f.serve(lkthttp.Deps{SecureCookies: secure, ClientOf: lkthttp.ForwardedClient})
		return f
	}
	assert.False(t, build(false).signInForm(tokCoordinator).Secure, "plain HTTP without the flag")
	assert.True(t, build(true).signInForm(tokCoordinator).Secure)
}
