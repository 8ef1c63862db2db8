package http

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// refusedUnchanged sends r and asserts a problem with status, code and
// field, and that the stored community is read back unchanged.
func refusedUnchanged(t *testing.T, f *fixture, r req, status int, code, field string) Problem {
	t.Helper()
	before, v := f.stored("c-jonas")
	w := f.do(r)
	p := f.problem(w)
	assert.Equal(t, status, p.Status, w.Body.String())
	assert.Equal(t, code, p.Code, w.Body.String())
	assert.Equal(t, field, p.Field, w.Body.String())
	after, v2 := f.stored("c-jonas")
	assert.Equal(t, v, v2, "version unchanged")
	assert.JSONEq(t, before, after, "stored community unchanged")
	return p
}

// TestAgendaWindowIsBounded: an agenda looks at most 366 days ahead; a
// further to= is refused with a 400 naming the bound.
func TestAgendaWindowIsBounded(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/communities/c-jonas/agenda?to=2226-01-01", "/api/agenda?to=9999-12-31", "/api/agenda?to=2226-01-01T00:00:00Z"} {
		p := refusedUnchanged(t, f, req{method: "GET", path: path, token: tokCoordinator, lang: "en"}, 400, "malformed", "to")
		assert.True(t, strings.Contains(p.Detail, "366 days"), p.Detail)
	}
	w := f.do(req{method: "GET", path: "/api/communities/c-jonas/agenda?to=" + f.clock.Now().AddDate(0, 11, 0).Format("2006-01-02"), token: tokCoordinator})
	assert.Equal(t, 200, w.Code, w.Body.String())
}
