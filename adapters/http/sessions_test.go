package http

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestSignOutRevokesTheSession: after sign-out the browser's session
// cookie is cleared, and a copy of it kept from before reads nothing.
func TestSignOutRevokesTheSession(t *testing.T) {
	f := newFixture(t)
	session := f.session(tokCoordinator)
	require.Equal(t, http.StatusOK, f.browse("GET", "/api/communities/c-jonas", session).Code)

	w := f.browse("POST", "/signout", session)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/signin", w.Header().Get("Location"))
	cleared := w.Result().Cookies()
	require.Len(t, cleared, 1)
	assert.Equal(t, -1, cleared[0].MaxAge)

	// A copy of the cookie kept from before is worth nothing now.
	assert.Equal(t, http.StatusUnauthorized, f.browse("GET", "/api/communities/c-jonas", session).Code)
	assert.Equal(t, 0, f.srv.sessions.Len())
	// Nor is it a bearer token for the API.
	assert.Equal(t, http.StatusUnauthorized, f.do(req{method: "GET", path: "/api/communities/c-jonas", token: session}).Code)
}

func TestSessionExpires(t *testing.T) {
	f := newFixture(t)
	session := f.session(tokCoordinator)
	require.Equal(t, http.StatusOK, f.browse("GET", "/api/communities/c-jonas", session).Code)
	f.clock.Advance(DefaultSessionTTL - time.Second)
	require.Equal(t, http.StatusOK, f.browse("GET", "/api/communities/c-jonas", session).Code)
	f.clock.Advance(2 * time.Second)
	assert.Equal(t, http.StatusUnauthorized, f.browse("GET", "/api/communities/c-jonas", session).Code)
}

func TestFailedBearerTokensAreLimitedPerClient(t *testing.T) {
	f := newFixture(t)
	get := func(token, addr string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/communities/c-jonas", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		return w
	}
	const attacker, other = "203.0.113.7:4000", "198.51.100.2:5000"
	for i := range DefaultFailureLimit.Burst {
		require.Equal(t, http.StatusUnauthorized, get("guess-"+strconv.Itoa(i), attacker).Code, "failure %d is within the burst", i)
	}
	w := get("guess-last", attacker)
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Body.String(), `"code":"too_many_failures"`)
	// While blocked even a valid token is not looked at: a guess that
	// happens to be right tells the attacker nothing.
	assert.Equal(t, http.StatusTooManyRequests, get(tokCoordinator, attacker).Code)
	// Another client is not affected, and a success costs nothing.
	for range 3 * DefaultFailureLimit.Burst {
		require.Equal(t, http.StatusOK, get(tokCoordinator, other).Code)
	}
	// After Retry-After the attacker may try once more, not twenty times.
	f.clock.Advance(time.Second)
	assert.Equal(t, http.StatusOK, get(tokCoordinator, attacker).Code)
	assert.Equal(t, http.StatusUnauthorized, get("guess-again", attacker).Code)
	assert.Equal(t, http.StatusTooManyRequests, get("guess-more", attacker).Code)
}

// TestGuessedSessionIdsAreLimited: a guessed session id is a failed
// authentication like a guessed token.
func TestGuessedSessionIdsAreLimited(t *testing.T) {
	f := newFixture(t)
	for i := range DefaultFailureLimit.Burst {
		w := f.browse("GET", "/api/communities/c-jonas", "no-such-session-"+strconv.Itoa(i))
		require.Equal(t, http.StatusUnauthorized, w.Code)
	}
	assert.Equal(t, http.StatusTooManyRequests, f.browse("GET", "/api/communities/c-jonas", "no-such-session").Code)
}

func TestForwardedClient(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:1234"
	assert.Equal(t, "10.0.0.1", ForwardedClient(r))
	r.Header.Add("X-Forwarded-For", "1.2.3.4, 192.0.2.9")
	assert.Equal(t, "192.0.2.9", ForwardedClient(r), "the address the proxy appended, not the client's word")
	r.Header.Add("X-Forwarded-For", "2001:db8:1:2:3:4:5:6")
	assert.Equal(t, "2001:db8:1:2::/64", ForwardedClient(r), "an IPv6 client is its /64")
	r.RemoteAddr = "[::ffff:192.0.2.1]:80"
	assert.Equal(t, "192.0.2.1", remoteClient(r))
}

func TestFailureLimiterIsBounded(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	l := newFailureLimiter(FailureLimit{Burst: 1, Interval: time.Second, MaxClients: 3}, clock.Now)
	for i := range 10 {
		l.fail("client-" + strconv.Itoa(i))
		l.fail("client-" + strconv.Itoa(i))
	}
	assert.LessOrEqual(t, len(l.tat), 4, "three clients and the shared overflow allowance")
	assert.Positive(t, l.blocked(overflowClient))
	clock.Advance(3 * time.Second)
	l.fail("newcomer")
	assert.Contains(t, l.tat, "newcomer", "clients whose allowance is whole again were swept, making room")
	assert.NotContains(t, l.tat, "client-0")
}

func TestSessionsRevokeProviderSession(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	s := NewSessions(time.Hour, clock.Now)
	a := s.Create(lkt.Person("a"), ProviderSession{Issuer: "https://idp", Subject: "sub-a", SID: "sid-1"})
	a2 := s.Create(lkt.Person("a"), ProviderSession{Issuer: "https://idp", Subject: "sub-a", SID: "sid-2"})
	b := s.Create(lkt.Person("b"), ProviderSession{Issuer: "https://idp", Subject: "sub-b", SID: "sid-1x"})
	other := s.Create(lkt.Person("a"), ProviderSession{Issuer: "https://other", Subject: "sub-a", SID: "sid-1"})

	assert.Equal(t, 1, s.RevokeProvider(ProviderSession{Issuer: "https://idp", SID: "sid-1"}))
	_, ok := s.Lookup(a)
	assert.False(t, ok)
	_, ok = s.Lookup(a2)
	assert.True(t, ok, "another session of the same person stays when the logout names a sid")
	assert.Equal(t, 1, s.RevokeProvider(ProviderSession{Issuer: "https://idp", Subject: "sub-a"}))
	for _, id := range []string{b, other} {
		_, ok := s.Lookup(id)
		assert.True(t, ok)
	}
	assert.Zero(t, s.RevokeProvider(ProviderSession{Issuer: "https://idp"}), "a logout naming nobody ends nothing")
}

func TestSessionsAreBounded(t *testing.T) {
	clock := lkttest.NewClock(lkttest.Start)
	s := NewSessions(time.Hour, clock.Now)
	s.max = 10
	var first string
	for i := range 25 {
		id := s.Create(lkt.Person("p"), ProviderSession{})
		if i == 0 {
			first = id
		}
		clock.Advance(time.Second)
	}
	assert.LessOrEqual(t, s.Len(), 10)
	_, ok := s.Lookup(first)
	assert.False(t, ok, "the oldest made room")
}
