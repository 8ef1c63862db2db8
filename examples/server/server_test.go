package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// startTest starts the example server on a free loopback port with a fresh
// database and stops it when the test ends.
func startTest(t *testing.T, db string) *app.App {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	return a
}

func get(t *testing.T, url, token string) (*http.Response, []byte) {
	t.Helper()
	r, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func TestServerStartsWithDemoData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	a := startTest(t, db)
	resp, _ := get(t, a.URL+"/readyz", "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	resp, body := get(t, a.URL+"/api/communities", "demo-marit-coordinator")
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var page lkt.Page
	require.NoError(t, json.Unmarshal(body, &page))
	var ids []lkt.ID
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []lkt.ID{demo.Emil, demo.Sara}, ids)

	// The demo patient finds their own community.
	resp, body = get(t, a.URL+"/api/communities", "demo-olav-patient")
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	page = lkt.Page{}
	require.NoError(t, json.Unmarshal(body, &page))
	require.Len(t, page.Items, 1, string(body))
	assert.Equal(t, demo.Olav, page.Items[0].ID)

	resp, body = get(t, a.URL+"/api/communities/c-olav", "demo-hilde-coordinator")
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), lkt.RuleMandatoryHolderLeaving)

	// Loading again finds everything there.
	n, err := demo.Load(context.Background(), a.Svc)
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestRunRejectsBadFlags(t *testing.T) {
	err := run(context.Background(), []string{"-nope"}, io.Discard, io.Discard)
	assert.Error(t, err)
}

// A configured logins file holds secrets: its tokens are neither printed
// nor put on the sign-in page (only the built-in demo logins are public).
func TestTokensFileIsNeverPublished(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "logins.json")
	const secret = "s3cret-token-of-a-real-user"
	require.NoError(t, os.WriteFile(file, []byte(`{"logins":[{"token":"`+secret+`","principal":{"kind":"person","id":"marit","name":"Marit Solheim"}}]}`), 0o600))

	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "a.db"), Tokens: file, Quiet: true}, io.Discard)
	require.NoError(t, err)
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	assert.Empty(t, a.Logins)
	resp, body := get(t, a.URL+"/signin", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotContains(t, string(body), secret)
	assert.Contains(t, string(body), `name="token"`, "the token field stays")
	// The token still signs in, and reads the stored demo data.
	resp, body = get(t, a.URL+"/api/communities", secret)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Contains(t, string(body), string(demo.Emil))

	// run prints no token either; it stops once it has printed its banner.
	done, stop := context.WithCancel(context.Background())
	out := &stopOnWrite{stop: stop}
	require.NoError(t, run(done, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "b.db"), "-tokens", file, "-quiet"}, out, io.Discard))
	assert.NotContains(t, out.String(), secret)
	assert.Contains(t, out.String(), "database:")

	// The built-in demo logins are still offered.
	demoApp := startTest(t, filepath.Join(dir, "c.db"))
	_, body = get(t, demoApp.URL+"/signin", "")
	assert.Contains(t, string(body), "demo-marit-coordinator")
}

// stopOnWrite collects what is written and calls stop on the first write.
type stopOnWrite struct {
	strings.Builder
	stop func()
}

func (w *stopOnWrite) Write(b []byte) (int, error) {
	w.stop()
	return w.Builder.Write(b)
}
