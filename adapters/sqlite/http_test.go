package sqlite

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/http/bearertest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestFullDiskOverHTTP: through the HTTP adapter, a save that finds the
// database full answers 503 with Retry-After, /readyz answers 503, every
// save acknowledged before it reads back as it was, and once there is room
// the same command passes and the server is ready again.
func TestFullDiskOverHTTP(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"))
	clock := lkttest.NewClock(lkttest.Start)
	s.health.now = clock.Now
	svc := lkt.NewService(s, lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	auth := bearertest.Tokens{"coordinator": lkttest.Coordinator}
	h := lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: auth, Ready: s.Ready, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	do := func(method, path, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer coordinator")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("If-Match", "*")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	update := func(name string) *httptest.ResponseRecorder {
		return do("POST", "/api/communities/"+string(lkttest.CommunityID)+"/commands/UpdateMember",
			fmt.Sprintf(`{"memberId": %q, "name": %q, "contact": {}}`, lkttest.GPID, name))
	}
	require.Equal(t, http.StatusOK, do("GET", "/readyz", "").Code)

	var pages int
	require.NoError(t, s.w.QueryRow("PRAGMA page_count").Scan(&pages))
	_, err = s.w.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages))
	require.NoError(t, err)
	// Saves append history until the file has no page left.
	acked, full := "", (*httptest.ResponseRecorder)(nil)
	for i := 0; i < 2000 && full == nil; i++ {
		name := fmt.Sprintf("Per Hauge %d", i)
		switch w := update(name); w.Code {
		case http.StatusOK:
			acked = name
		case http.StatusServiceUnavailable:
			full = w
		default:
			t.Fatalf("save %d: %d %s", i, w.Code, w.Body)
		}
	}
	require.NotNil(t, full, "the database never filled up")
	assert.Equal(t, "1", full.Header().Get("Retry-After"))
	assert.Contains(t, full.Body.String(), "unavailable")
	assert.NotContains(t, full.Body.String(), "sqlite", "the cause stays in the log")
	assert.Equal(t, http.StatusServiceUnavailable, do("GET", "/readyz", "").Code)

	got, err := svc.Get(ctx, lkttest.Coordinator, lkttest.CommunityID)
	require.NoError(t, err)
	gp, _ := got.Member(lkttest.GPID)
	assert.Equal(t, acked, gp.Name, "the last acknowledged save is what is stored")

	_, err = s.w.Exec("PRAGMA max_page_count = 1073741823")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, update("Per Hauge again").Code)
	assert.Equal(t, http.StatusOK, do("GET", "/readyz", "").Code)
	got, err = svc.Get(ctx, lkttest.Coordinator, lkttest.CommunityID)
	require.NoError(t, err)
	gp, _ = got.Member(lkttest.GPID)
	assert.Equal(t, "Per Hauge again", gp.Name)
}
