package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lkt-rammeverk/go-lkt/adapters/oidc"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

// The server is configured by flags and, for every flag not given, by the
// environment variable named after it: -metrics-addr is LKT_METRICS_ADDR.
// A flag given on the command line wins. To add a setting, define its flag
// in newFlags and, if a value can be wrong in a way the flag's type does
// not catch, check it in validate: -help, the environment and the error
// messages follow from the flag.

// envPrefix starts every environment variable the server reads.
const envPrefix = "LKT_"

// envName returns the environment variable of flag name.
func envName(name string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// newFlags defines the server's flags on c's fields, with their defaults:
// the defaults are what `go run ./examples/server` runs with.
func newFlags(c *app.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; -help prints the manual
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen `address`, host:port; port 0 picks a free port")
	fs.StringVar(&c.DB, "db", "lkt-demo.db", "SQLite database `file`, created with demo data if missing; its directory must exist (not used with -database-url)")
	fs.StringVar(&c.DatabaseURL, "database-url", "", "a PostgreSQL database to use instead of the SQLite file: a postgres:// `URL` or key=value string as libpq takes; several servers may share one database")
	fs.StringVar(&c.DatabaseSchema, "database-schema", "", "the PostgreSQL `schema` the tables live in, created if missing (default: the connection's search_path, normally public)")
	fs.StringVar(&c.Tokens, "tokens", "", "logins `file` (tokens mapped to principals, JSON); if empty, the built-in demo logins")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "where /metrics (Prometheus) is served: empty for the API's own listener, a host:port `address` for a listener of its own, \"off\" for nowhere")
	fs.DurationVar(&c.Grace, "shutdown-grace", 10*time.Second, "how long requests in flight may take to finish at shutdown, 1s to 5m")
	fs.Int64Var(&c.MaxBody, "max-body", 256<<10, "largest request body in `bytes`, 1024 to 67108864")
	fs.BoolVar(&c.CheckIntegrity, "check-integrity", false, "check the SQLite file's integrity at start-up (reads every page: seconds for a large file) and refuse to serve a malformed one")
	fs.BoolVar(&c.JSONLog, "json-log", false, "log as JSON instead of text")
	fs.BoolVar(&c.Quiet, "quiet", false, "log warnings and errors only")
	fs.BoolVar(&c.BehindProxy, "behind-proxy", false, "a reverse proxy terminates TLS: cookies are Secure, and clients are told apart by the last X-Forwarded-For address")
	fs.StringVar(&c.PublicURL, "public-url", "", "the `URL` browsers reach the server at (https://lkt.example.no), which identity providers send them back to: the redirect URIs are URL/signin/helseid/callback and URL/signin/idporten/callback, the back-channel logout URIs URL/signin/helseid/logout and URL/signin/idporten/logout; FHIR answers name their resources under URL/fhir (default: the listener's http:// URL)")
	fs.StringVar(&c.HelseID.Issuer, "helseid-issuer", "", "HelseID's issuer `URL` or its discovery document's URL (https://helseid-sts.nhn.no); health personnel sign in there, and the server asks for the HPR number; no demo logins then")
	fs.StringVar(&c.HelseID.ClientID, "helseid-client-id", "", "this server's client `id` at HelseID")
	fs.StringVar(&c.HelseID.KeyFile, "helseid-key", "", "the HelseID client's private key `file` (JWK as HelseID's self-service hands it out, or PEM), which signs the client assertion (private_key_jwt)")
	fs.StringVar(&c.HelseID.Audience, "helseid-audience", "", "the API's `audience` at HelseID (its API resource): the API then takes HelseID access tokens for it, signature, issuer, audience and expiry checked")
	fs.StringVar(&c.HelseID.Scope, "helseid-scope", "", "a `scope` every HelseID access token must carry (with -helseid-audience)")
	fs.StringVar(&c.IDPorten.Issuer, "idporten-issuer", "", "ID-porten's issuer `URL` or its discovery document's URL (https://idporten.no); patients and relatives sign in there by their national identity number (pid)")
	fs.StringVar(&c.IDPorten.ClientID, "idporten-client-id", "", "this server's client `id` at ID-porten")
	fs.StringVar(&c.IDPorten.KeyFile, "idporten-key", "", "the ID-porten client's private key `file` (JWK or PEM) for private_key_jwt")
	fs.StringVar(&c.IDPorten.Audience, "idporten-audience", "", "the API's `audience` at ID-porten (the audience its access tokens are issued for): the API then takes ID-porten access tokens for it too, from citizens' apps, checked as HelseID's are")
	fs.StringVar(&c.IDPorten.Scope, "idporten-scope", "", "a `scope` every ID-porten access token must carry (with -idporten-audience)")
	fs.StringVar(&c.IDPorten.ACR, "idporten-acr", "", "the `level` of assurance asked of ID-porten (idporten-loa-high); default the provider's")
	fs.StringVar(&c.People, "people", "", "a JSON `file` naming the community ids of people the providers verify: {\"hpr\": {HPR number: id}, \"nationalId\": {number: id}}; unlisted health personnel are hpr-NUMBER")
	fs.StringVar(&c.NationalIDKey, "national-id-key", "", "a `file` holding a secret of at least 32 bytes: citizens the people file does not list get an id hashed from their number with it (without it they cannot sign in)")
	fs.StringVar(&c.WebhookURL, "webhook-url", "", "an http(s) `URL` the change feed is delivered to, signed, at least once, in order (see adapters/webhook); empty for none")
	fs.StringVar(&c.WebhookSecret, "webhook-secret", "", "the `secret` (at least 16 bytes) the webhook's deliveries are signed with; give it as LKT_WEBHOOK_SECRET, not on the command line, where other users of the machine see it")
	fs.StringVar(&c.WebhookName, "webhook-name", "", "the `name` the webhook's delivery cursor is kept under (default \""+app.DefaultWebhookName+"\"); a new name delivers the feed from its beginning")
	return fs
}

// errHelp reports that -help was asked for and the manual printed.
var errHelp = errors.New("help printed")

// parseConfig reads the configuration from args and the environment
// (lookup, os.LookupEnv outside tests) and checks every value, returning
// one error that names each bad value, its flag and variable.
func parseConfig(args []string, lookup func(string) (string, bool), stdout io.Writer) (app.Config, error) {
	var c app.Config
	fs := newFlags(&c)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeManual(stdout, fs)
			return c, errHelp
		}
		// flag's own message names the flag and the value, and for a
		// value of the wrong type, the type's parse error.
		return c, fmt.Errorf("%w (see -help)", err)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (see -help)", fs.Arg(0))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v, ok := lookup(envName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %s", envName(f.Name), v, notA(f)))
				_ = fs.Set(f.Name, f.DefValue) // a failed Set may have stored a zero

			}
		}
	})
	// A variable that did not parse is back at its flag's default, which
	// validate lets pass: each bad value is reported once.
	errs = append(errs, validate(c)...)
	return c, errors.Join(errs...)
}

// notA says what kind of value flag f takes, for a value that is not one.
func notA(f *flag.Flag) string {
	switch f.Value.(flag.Getter).Get().(type) {
	case time.Duration:
		return "is not a duration (such as 30s or 2m)"
	case bool:
		return "is not true or false"
	case int, int64:
		return "is not a whole number"
	}
	return "is not a valid value"
}

// validate checks the values the flags' types let through.
func validate(c app.Config) []error {
	var errs []error
	bad := func(name, value, why string) {
		errs = append(errs, fmt.Errorf("-%s (%s) %q: %s", name, envName(name), value, why))
	}
	if err := checkAddr(c.Addr); err != nil {
		bad("addr", c.Addr, err.Error())
	}
	switch {
	case c.DatabaseURL != "":
		// The SQLite file is not used; its default must not stop a
		// server configured for PostgreSQL.
		if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
			bad("database-url", redactURL(c.DatabaseURL), "is not a PostgreSQL URL or key=value string")
		}
	case c.DatabaseSchema != "":
		bad("database-schema", c.DatabaseSchema, "is only for PostgreSQL: give -database-url too")
	case c.DB == "":
		bad("db", c.DB, "is empty: name the database file")
	case c.DB == ":memory:":
	default:
		if fi, err := os.Stat(filepath.Dir(c.DB)); err != nil || !fi.IsDir() {
			bad("db", c.DB, "its directory "+filepath.Dir(c.DB)+" does not exist")
		} else if fi, err := os.Stat(c.DB); err == nil && fi.IsDir() {
			bad("db", c.DB, "is a directory, not a database file")
		}
	}
	if c.Tokens != "" {
		if fi, err := os.Stat(c.Tokens); err != nil {
			bad("tokens", c.Tokens, "cannot be read: "+errors.Unwrap(err).Error())
		} else if fi.IsDir() {
			bad("tokens", c.Tokens, "is a directory, not a logins file")
		}
	}
	switch c.MetricsAddr {
	case "", "off":
	default:
		if err := checkAddr(c.MetricsAddr); err != nil {
			bad("metrics-addr", c.MetricsAddr, err.Error()+`; or leave it empty for the API's listener, or "off"`)
		} else if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
			bad("metrics-addr", c.MetricsAddr, "is the API's own address: leave it empty to serve /metrics there")
		}
	}
	errs = append(errs, validateSignIn(c)...)
	switch {
	case c.WebhookURL != "":
		if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("webhook-url", c.WebhookURL, "is not an http or https URL")
		}
		if len(c.WebhookSecret) < 16 {
			errs = append(errs, fmt.Errorf("-webhook-secret (%s): must be at least 16 bytes, to sign the deliveries to -webhook-url", envName("webhook-secret")))
		}
	case c.WebhookSecret != "" || c.WebhookName != "":
		errs = append(errs, fmt.Errorf("-webhook-secret and -webhook-name (%s, %s) are for a webhook: give -webhook-url (%s) too",
			envName("webhook-secret"), envName("webhook-name"), envName("webhook-url")))
	}
	if c.Grace < time.Second || c.Grace > 5*time.Minute {
		bad("shutdown-grace", c.Grace.String(), "must lie between 1s and 5m")
	}
	if c.MaxBody < 1<<10 || c.MaxBody > 64<<20 {
		bad("max-body", strconv.FormatInt(c.MaxBody, 10), "must lie between 1024 and 67108864 bytes")
	}
	return errs
}

// validateSignIn checks the identity providers' settings: a provider is
// given by its issuer, for sign-in (client id and key) or the API
// (audience) or both, and every file must be readable and what it says.
func validateSignIn(c app.Config) []error {
	var errs []error
	bad := func(name, value, why string) {
		errs = append(errs, fmt.Errorf("-%s (%s) %q: %s", name, envName(name), value, why))
	}
	for _, p := range []struct {
		name string
		p    app.Provider
	}{{"helseid", c.HelseID}, {"idporten", c.IDPorten}} {
		if p.p == (app.Provider{}) {
			continue
		}
		flag := func(s string) string { return p.name + "-" + s }
		if p.p.Issuer == "" {
			errs = append(errs, fmt.Errorf("-%s (%s) is missing: the other -%s-* options need it", flag("issuer"), envName(flag("issuer")), p.name))
		} else if err := checkIssuer(p.p.Issuer); err != nil {
			bad(flag("issuer"), p.p.Issuer, err.Error())
		}
		switch {
		case p.p.ClientID != "" && p.p.KeyFile == "":
			errs = append(errs, fmt.Errorf("-%s (%s) is missing: the client signs in with its private key (private_key_jwt)", flag("key"), envName(flag("key"))))
		case p.p.ClientID == "" && p.p.KeyFile != "":
			errs = append(errs, fmt.Errorf("-%s (%s) is missing: the key is the client's", flag("client-id"), envName(flag("client-id"))))
		case p.p.KeyFile != "":
			if _, err := oidc.LoadClientKey(p.p.KeyFile); err != nil {
				bad(flag("key"), p.p.KeyFile, "is not a usable private key: "+err.Error())
			}
		case p.p.Audience == "" && p.p.Issuer != "":
			what := "-" + flag("client-id") + " and -" + flag("key") + " for sign-in, -" + flag("audience") + " for the API, or both"
			errs = append(errs, fmt.Errorf("-%s (%s) alone does nothing: give %s", flag("issuer"), envName(flag("issuer")), what))
		}
		if p.p.Scope != "" && p.p.Audience == "" {
			bad(flag("scope"), p.p.Scope, "is for access tokens: give -"+flag("audience")+" too")
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("public-url", c.PublicURL, "is not an http:// or https:// URL without query")
		}
	}
	if c.People != "" {
		if _, err := app.ReadPeople(c.People); err != nil {
			bad("people", c.People, "cannot be used: "+err.Error())
		}
	}
	if c.NationalIDKey != "" {
		if _, err := app.ReadNationalIDKey(c.NationalIDKey); err != nil {
			bad("national-id-key", c.NationalIDKey, "cannot be used: "+err.Error())
		}
	}
	return errs
}

// checkIssuer checks an issuer URL: https, or http on the loopback
// interface only (a provider on the same machine, as in the tests).
func checkIssuer(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("is not an issuer URL (https://host/path)")
	}
	if u.Scheme == "https" {
		return nil
	}
	if h := u.Hostname(); u.Scheme == "http" && (h == "localhost" || net.ParseIP(h).IsLoopback()) {
		return nil
	}
	return errors.New("must be https:// (http:// only on the loopback interface)")
}

// checkAddr checks a listen address: host:port, the port 0 to 65535.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("is not host:port (e.g. 127.0.0.1:8080, :8080)")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return errors.New("the port must be a number from 0 to 65535")
	}
	return nil
}

// redactURL is a database URL as it may be printed: its password, in
// the URL's user part or as a password= parameter, replaced by xxxxx. It
// works on text, so that a URL too broken to parse is not echoed whole.
func redactURL(dsn string) string {
	dsn = urlPassword.ReplaceAllString(dsn, "${1}xxxxx@")
	return paramPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

var (
	urlPassword   = regexp.MustCompile(`(://[^:@/]*:)[^@]*@`)
	paramPassword = regexp.MustCompile(`(password=)('[^']*'|[^\s&]*)`)
)
