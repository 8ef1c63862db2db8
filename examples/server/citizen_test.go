package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/oidc/oidctest"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// TestCitizenSignsInAtIDPortenByNumber runs the example server as an
// operator would, with an ID-porten-like provider (oidc-provider) and no
// people file: Olav, whose number his community records, signs in through
// the provider's page and finds, reads and changes his own community in
// person; a citizen whose number no community records finds and changes
// nothing, not even by naming Olav's community.
func TestCitizenSignsInAtIDPortenByNumber(t *testing.T) {
	dir := t.TempDir()
	key, keyFile, keyID := clientKey(t, dir, "idporten")
	ninKey := filepath.Join(dir, "nin.key")
	require.NoError(t, os.WriteFile(ninKey, []byte("a secret of at least thirty-two bytes, for the test"), 0o600))

	// The demo data is written on the first start; Olav's number is his
	// community's.
	db := filepath.Join(dir, "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	seed, err := app.Start(ctx, app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true}, io.Discard)
	require.NoError(t, err)
	snap, _, err := seed.Store.Load(ctx, demo.Olav)
	require.NoError(t, err)
	cancel()
	require.NoError(t, seed.Wait())
	olavNIN := snap.Patient.NationalID

	addr := freeAddr(t)
	base := "http://" + addr
	p := oidctest.Start(t, oidctest.Config{Profile: oidctest.IDPorten,
		Accounts: map[string]map[string]any{"olav": {"pid": olavNIN}, "stranger": {"pid": "01010112345"}},
		Clients: []oidctest.Client{{ID: "lkt-citizen", Key: key, KeyID: keyID,
			RedirectURIs: []string{base + "/signin/idporten/callback"}, PostLogoutRedirectURIs: []string{base + "/signin"},
			BackChannelLogoutURI: base + "/signin/idporten/logout"}},
	})
	ctx, cancel = context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: addr, DB: db, Quiet: true, NationalIDKey: ninKey,
		IDPorten: app.Provider{Issuer: p.Issuer, ClientID: "lkt-citizen", KeyFile: keyFile}}, io.Discard)
	require.NoError(t, err, p.Log())
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})

	olav := cookieBrowser(t)
	resp, page := p.SignIn(t, olav, base+"/signin/idporten", "olav")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Contains(t, page, `href="/communities/`+string(demo.Olav), "his portfolio finds his community by his number")
	assert.NotContains(t, page, `href="/communities/`+string(demo.Emil))
	resp, body := send(t, olav, "GET", base+"/api/communities/"+string(demo.Olav), "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Contains(t, body, olavNIN, "he sees his own details")
	resp, body = send(t, olav, "POST", base+"/api/communities/"+string(demo.Olav)+"/commands/ReviseStory",
		`{"goodDay":"En god dag er når jeg kommer meg ut på tur med Liv."}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	evs, err := a.Store.Events(context.Background(), demo.Olav, 0, lkt.MaxPage)
	require.NoError(t, err)
	last := evs[len(evs)-1]
	assert.Equal(t, "olav", string(last.By.ID), "recorded as Olav's own act")
	assert.True(t, last.By.Verified.CitizenSignIn)

	stranger := cookieBrowser(t)
	resp, page = p.SignIn(t, stranger, base+"/signin/idporten", "stranger")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.NotContains(t, page, `href="/communities/`)
	resp, body = send(t, stranger, "GET", base+"/api/communities/"+string(demo.Olav), "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
	resp, body = send(t, stranger, "POST", base+"/api/communities/"+string(demo.Olav)+"/commands/WithdrawConsent", `{"withdrawnBy":"olav"}`)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, body)
}

func cookieBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar}
}

func send(t *testing.T, c *http.Client, method, u, body string) (*http.Response, string) {
	t.Helper()
	r, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("If-Match", "*")
	}
	resp, err := c.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}
