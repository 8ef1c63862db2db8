package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/oidc"
	"github.com/lkt-rammeverk/go-lkt/adapters/oidc/oidctest"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

// freeAddr returns a loopback address nobody listens on: the provider
// must know the server's redirect URI before the server starts.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// clientKey makes this server's client key at a provider: a new RSA key,
// written to dir/name.pem as an operator's key file is, and its key id as
// the server will name it.
func clientKey(t *testing.T, dir, name string) (key *rsa.PrivateKey, file, keyID string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	file = filepath.Join(dir, name+".pem")
	require.NoError(t, os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600))
	ck, err := oidc.LoadClientKey(file)
	require.NoError(t, err)
	return key, file, ck.KeyID
}

// helseIDServer starts a HelseID-like provider (oidctest) that knows Marit
// by her HPR number, and the example server signing in there.
func helseIDServer(t *testing.T) (*app.App, *oidctest.Provider) {
	t.Helper()
	dir := t.TempDir()
	key, keyFile, keyID := clientKey(t, dir, "helseid")
	people := filepath.Join(dir, "people.json")
	require.NoError(t, os.WriteFile(people, []byte(`{"hpr": {"1234560": "marit"}}`), 0o600))

	addr := freeAddr(t)
	base := "http://" + addr
	p := oidctest.Start(t, oidctest.Config{Profile: oidctest.HelseID,
		Accounts: map[string]map[string]any{"marit": {
			"helseid://claims/hpr/hpr_number": "1234560", "helseid://claims/identity/pid": "13116900216", "name": "Marit Solheim"}},
		Clients: []oidctest.Client{{ID: "lkt-example", Key: key, KeyID: keyID,
			RedirectURIs: []string{base + "/signin/helseid/callback"}, PostLogoutRedirectURIs: []string{base + "/signin"},
			BackChannelLogoutURI: base + "/signin/helseid/logout"}},
	})
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, app.Config{Addr: addr, DB: filepath.Join(dir, "demo.db"), Quiet: true, People: people,
		HelseID: app.Provider{Issuer: p.Issuer, ClientID: "lkt-example", KeyFile: keyFile}}, io.Discard)
	require.NoError(t, err, p.Log())
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, a.Wait())
	})
	return a, p
}

// TestBrowserSignsInAtHelseID drives headless Chromium through a real
// sign-in: from the example server's sign-in page to the HelseID-like
// provider's login page, and back to the portfolio signed in as the
// professional the provider verified; then signing out ends the session
// here and at the provider. No Content-Security-Policy violation on the
// server's pages.
func TestBrowserSignsInAtHelseID(t *testing.T) {
	exe := chromium(t)
	a, p := helseIDServer(t)

	bctx, problems := startBrowser(t, exe)

	location := func() string {
		t.Helper()
		l, err := chromedp.Run(bctx, chromedp.Location())
		require.NoError(t, err)
		return l
	}
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Navigate(a.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("signin-helseid")),
		chromedp.Click(chromedp.ID("signin-helseid")),
		chromedp.WaitVisible(chromedp.ID("login")),
	), p.Log())
	loc := location()
	assert.True(t, strings.HasPrefix(loc, p.Issuer+"/interaction/"), "on the provider's page: %s", loc)
	require.NoError(t, chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.ID("login"), "marit"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.CSS("a.community-link")),
	), p.Log())
	main, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("body")))
	require.NoError(t, err)
	assert.Equal(t, a.URL+"/", location(), "back at the server")
	assert.Contains(t, main, "Marit Solheim", "signed in as the person HelseID verified")
	assert.Contains(t, main, "Emil Haugland", "her communities")

	// Signing out here goes on to the provider's logout and back.
	err = chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.ID("logout")),
	)
	require.NoError(t, err, "%s\n%s", problems(), p.Log())
	loc = location()
	assert.True(t, strings.HasPrefix(loc, p.Issuer+"/session/end"), "at the provider's logout: %s", loc)
	require.NoError(t, chromedp.Do(bctx,
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("signin-helseid")),
		chromedp.Navigate(a.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("signin-helseid")),
	), p.Log())
	assert.Equal(t, a.URL+"/signin", location(), "signed out")
	assert.Empty(t, problems(), "CSP violations or script errors")
}
