package http

import (
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestObserveNamesRouteAndStatus: Deps.Observe hears of every request with
// the route pattern it matched, not the path (which would carry ids), and
// the status the client got — refusals included.
func TestObserveNamesRouteAndStatus(t *testing.T) {
	f := newFixture(t)
	type seen struct {
		route  string
		status int
	}
	var (
		mu  sync.Mutex
		got []seen
	)
	h, _ := newServer(Deps{Service: f.svc, Auth: f.srv.auth, Logger: slog.New(slog.DiscardHandler),
		Observe: func(route string, status int, elapsed time.Duration) {
			assert.GreaterOrEqual(t, elapsed, time.Duration(0))
			mu.Lock()
			got = append(got, seen{route, status})
			mu.Unlock()
		}})
	f.h = h
	id := string(lkttest.CommunityID)
	require.Equal(t, http.StatusOK, f.do(req{method: "GET", path: "/api/communities/" + id, token: tokGP}).Code)
	require.Equal(t, http.StatusForbidden, f.do(req{method: "GET", path: "/api/communities/" + id, token: tokOutsider}).Code)
	require.Equal(t, http.StatusUnauthorized, f.do(req{method: "GET", path: "/api/communities/" + id + "/story"}).Code)
	require.Equal(t, http.StatusNotFound, f.do(req{method: "GET", path: "/nowhere", token: tokGP}).Code)
	assert.Equal(t, []seen{
		{"GET /api/communities/{id}", http.StatusOK},
		{"GET /api/communities/{id}", http.StatusForbidden},
		{"GET /api/communities/{id}/story", http.StatusUnauthorized},
		{"", http.StatusNotFound},
	}, got)
}
