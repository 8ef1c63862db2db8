// Package oidctest starts a real OpenID provider for tests: the npm
// package oidc-provider, pinned by adapters/oidc/testdata/provider's
// package-lock.json, configured like HelseID (private_key_jwt, PKCE
// required, HPR number, national identity number and organisation in the
// tokens under HelseID's claim names, JWT access tokens for an API) or
// like ID-porten (private_key_jwt, PKCE, "pid"), both sending back-channel
// logout tokens.
//
// It needs node and `npm ci --prefix adapters/oidc/testdata/provider`.
// Without them a test skips, naming what is missing, unless
// LKT_REQUIRE_OIDC_PROVIDER=1 (set by .ci/run), when it fails.
package oidctest

import (
	"bufio"
	"crypto/rsa"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// Profiles.
const (
	HelseID  = "helseid"
	IDPorten = "idporten"
)

// Client is a client registered at the provider.
type Client struct {
	ID string
	// Key is the client's key; the provider is given its public half.
	Key   *rsa.PrivateKey
	KeyID string
	// RedirectURIs, PostLogoutRedirectURIs and BackChannelLogoutURI as
	// the client registered them.
	RedirectURIs, PostLogoutRedirectURIs []string
	BackChannelLogoutURI                 string
}

// Resource is an API the provider issues JWT access tokens for.
type Resource struct{ Audience, Scope string }

// Config configures a provider.
type Config struct {
	Profile string // HelseID or IDPorten
	Clients []Client
	// Accounts are the people who can sign in, by login name, with the
	// claims the provider vouches for.
	Accounts map[string]map[string]any
	Resource *Resource
}

// Provider is a running provider.
type Provider struct {
	Issuer string
	stderr *lkttest.Buffer
}

// Dir is the provider's directory (package.json, provider.mjs).
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "provider")
}

// Required reports whether tests must fail, not skip, without the provider.
func Required() bool { return os.Getenv("LKT_REQUIRE_OIDC_PROVIDER") == "1" }

// Available returns "" if the provider can be started, else why not.
func Available() string {
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not installed"
	}
	if _, err := os.Stat(filepath.Join(Dir(), "node_modules", "oidc-provider")); err != nil {
		return "oidc-provider is not installed: npm ci --prefix adapters/oidc/testdata/provider"
	}
	return ""
}

// Start starts a provider for the test's duration.
func Start(t testing.TB, cfg Config) *Provider {
	t.Helper()
	if why := Available(); why != "" {
		if Required() {
			t.Fatalf("the OpenID provider is required (LKT_REQUIRE_OIDC_PROVIDER=1): %s", why)
		}
		t.Skipf("no OpenID provider: %s (LKT_REQUIRE_OIDC_PROVIDER=1 makes this fail)", why)
	}
	type client struct {
		ID       string             `json:"client_id"`
		JWKS     jose.JSONWebKeySet `json:"jwks"`
		Redirect []string           `json:"redirect_uris"`
		Logout   []string           `json:"post_logout_redirect_uris,omitempty"`
		BackChan string             `json:"backchannel_logout_uri,omitempty"`
	}
	var clients []client
	for _, c := range cfg.Clients {
		clients = append(clients, client{ID: c.ID, Redirect: c.RedirectURIs, Logout: c.PostLogoutRedirectURIs, BackChan: c.BackChannelLogoutURI,
			JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &c.Key.PublicKey, KeyID: c.KeyID, Algorithm: "RS256", Use: "sig"}}}})
	}
	type resource struct {
		Audience string `json:"audience"`
		Scope    string `json:"scope"`
	}
	var res *resource
	if cfg.Resource != nil {
		res = &resource{cfg.Resource.Audience, cfg.Resource.Scope}
	}
	arg, err := json.Marshal(map[string]any{"profile": cfg.Profile, "clients": clients, "accounts": cfg.Accounts, "resource": res})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "provider.mjs", string(arg))
	cmd.Dir = Dir()
	stdin, err := cmd.StdinPipe() // closed when the test ends: the provider exits
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{stderr: &lkttest.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var s string
	select {
	case s = <-line:
	case <-time.After(2 * time.Minute): // a guard against a hung start, not a measurement
	}
	var out struct {
		Issuer string `json:"issuer"`
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil || out.Issuer == "" {
		t.Fatalf("the OpenID provider did not start: %q\n%s", s, p.stderr.String())
	}
	p.Issuer = out.Issuer
	return p
}

// Log is what the provider wrote to its standard error.
func (p *Provider) Log() string { return p.stderr.String() }

var (
	formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)
	hiddenIn   = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
)

// SignIn has browser c (which follows redirects and keeps cookies) open
// start, a URL that sends it on to the provider's sign-in page, sign in
// there as user, and follow the redirects back. It returns the last
// response, its body read into body.
func (p *Provider) SignIn(t testing.TB, c *http.Client, start, user string) (resp *http.Response, body string) {
	t.Helper()
	resp, page := do(t, c, "GET", start, nil)
	if !strings.HasPrefix(resp.Request.URL.String(), p.Issuer+"/interaction/") {
		t.Fatalf("%s led to %s, not the provider's sign-in page (status %d): %s", start, resp.Request.URL, resp.StatusCode, page)
	}
	m := formAction.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form on the provider's sign-in page: %s", page)
	}
	return do(t, c, "POST", p.Issuer+html.UnescapeString(m[1]), url.Values{"login": {user}})
}

// SignOut has browser c end its session at the provider, which sends
// back-channel logout tokens to the clients of that session. It returns
// the last response and its body.
func (p *Provider) SignOut(t testing.TB, c *http.Client) (resp *http.Response, body string) {
	t.Helper()
	resp, page := do(t, c, "GET", p.Issuer+"/session/end", nil)
	m := formAction.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no logout form at the provider (status %d): %s", resp.StatusCode, page)
	}
	v := url.Values{"logout": {"yes"}}
	for _, h := range hiddenIn.FindAllStringSubmatch(page, -1) {
		v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	action := html.UnescapeString(m[1])
	if strings.HasPrefix(action, "/") {
		action = p.Issuer + action
	}
	return do(t, c, "POST", action, v)
}

func do(t testing.TB, c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
