package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/metrics"
	"github.com/lkt-rammeverk/go-lkt/adapters/postgres"
	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/adapters/tracing"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demoauth"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/web"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// App is a started server.
type App struct {
	URL string
	// MetricsURL is where /metrics is served; "" with -metrics-addr off.
	MetricsURL string
	Logins     []demoauth.Login
	// SignIns are the identity providers the sign-in page offers.
	SignIns []lkthttp.SignIn
	// Store is the SQLite file's store, or PostgreSQL's with DatabaseURL.
	Store lkt.Store
	Svc   *lkt.Service
	wait  func() error
}

// Wait returns when the server has shut down and the store is closed.
func (a *App) Wait() error { return a.wait() }

// Config says how to start.
type Config struct {
	Addr, DB, Tokens string
	// DatabaseURL, if set, is a PostgreSQL database used instead of the
	// SQLite file DB; DatabaseSchema is the schema in it ("" for the
	// connection's search_path).
	DatabaseURL, DatabaseSchema string
	// MetricsAddr is where /metrics is served: "" on Addr's listener,
	// "off" nowhere, else a listener of its own.
	MetricsAddr string
	// Grace is how long requests in flight may take at shutdown; 10s if zero.
	Grace time.Duration
	// MaxBody limits request bodies; the adapter's default if zero.
	MaxBody int64
	JSONLog bool
	Quiet   bool // warnings and errors only
	// BehindProxy: a reverse proxy terminates TLS and appends the client's
	// address to X-Forwarded-For; cookies are Secure and the failure limit
	// counts per forwarded client.
	BehindProxy bool
	// CheckIntegrity checks the SQLite file at start-up and refuses to
	// serve a malformed one (see sqlite.Store.CheckIntegrity).
	CheckIntegrity bool
	// PublicURL is the URL browsers reach the server at, which the
	// identity providers send them back to; "" for the listener's URL.
	PublicURL string
	// HelseID signs health personnel in (and, with an Audience, verifies
	// their systems' access tokens to the API); IDPorten signs patients
	// and relatives in. Zero for none: with neither, and no Tokens file,
	// the built-in demo logins are the only way in.
	HelseID, IDPorten Provider
	// People is a JSON file naming the ids of people the providers verify
	// (see readPeople); NationalIDKey a file holding the key that hashes
	// the national identity numbers it does not list.
	People, NationalIDKey string
	// WebhookURL, if set, receives the change feed, signed with
	// WebhookSecret, its delivery cursor kept under WebhookName ("lkt" if
	// empty). See webhooks.go.
	WebhookURL, WebhookSecret, WebhookName string
	// TracerProvider, if set, traces requests and store saves; nil for
	// the environment's (tracing.go): OTLP/HTTP when
	// OTEL_EXPORTER_OTLP_ENDPOINT is set, else none.
	TracerProvider trace.TracerProvider
}

// Start opens the store, loads the demo data if missing, and serves until
// ctx is done.
func Start(ctx context.Context, cfg Config, logw io.Writer) (*App, error) {
	level := slog.LevelInfo
	if cfg.Quiet {
		level = slog.LevelWarn
	}
	var lh slog.Handler = slog.NewTextHandler(logw, &slog.HandlerOptions{Level: level})
	if cfg.JSONLog {
		lh = slog.NewJSONHandler(logw, &slog.HandlerOptions{Level: level})
	}
	logger := slog.New(lh)

	m := metrics.New()
	tp, stopTracing, err := tracerProvider(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	store, closeStore, err := openStore(ctx, cfg, m)
	if err != nil {
		stopTracing()
		return nil, err
	}
	fail := func(err error) (*App, error) {
		_ = closeStore()
		stopTracing()
		return nil, err
	}
	traced := store
	if tp != nil {
		traced = tracing.Store(store, tp)
	}
	// Demo data carries synthetic identity numbers, accepted here only.
	svc := lkt.NewService(m.Store(traced), lkt.Config{Clock: lkt.ClockFunc(time.Now), AcceptSyntheticIDs: true})
	n, err := demo.Load(ctx, svc)
	if err != nil {
		return fail(fmt.Errorf("demo data: %w", err))
	}
	if n > 0 {
		logger.Info("loaded demo data", "communities", n)
	}

	var logins []demoauth.Login
	var tokens *demoauth.Tokens
	switch {
	case cfg.Tokens != "":
		tokens, err = demoauth.LoadTokens(cfg.Tokens)
	case !cfg.HelseID.configured() && !cfg.IDPorten.configured():
		// Only the built-in demo logins are public; a file's tokens are
		// secrets, never printed or shown on the sign-in page. A server
		// with a real identity provider has no demo logins: anybody could
		// use them.
		if logins, err = demo.Logins(); err == nil {
			tokens, err = demoauth.NewDemoTokens(logins)
		}
	}
	if err != nil {
		return fail(fmt.Errorf("logins: %w", err))
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(err)
	}
	a := &App{URL: "http://" + ln.Addr().String(), Logins: logins, Store: store, Svc: svc}
	public := cfg.PublicURL
	if public == "" {
		public = a.URL
	}
	auth, signIns, err := identity(ctx, cfg, public, tokens)
	if err != nil {
		ln.Close()
		return fail(err)
	}
	a.SignIns = signIns
	// The sign-in page takes a token, and lists the demo logins, when the
	// tokens are what authenticates (not beside a provider's access tokens).
	pageTokens, _ := auth.(*demoauth.Tokens)

	var draining atomic.Bool
	var h http.Handler = lkthttp.NewServer(lkthttp.Deps{
		Service: svc, Auth: auth, SignIns: signIns, Pages: web.New(pageTokens), Logger: logger, Observe: m.ObserveRequest, MaxBodyBytes: cfg.MaxBody,
		SecureCookies: cfg.BehindProxy || strings.HasPrefix(public, "https:"), ClientOf: clientOf(cfg.BehindProxy),
		FHIRBase: fhirBase(cfg.PublicURL),
		Ready: func(ctx context.Context) error {
			if draining.Load() {
				return errors.New("shutting down")
			}
			// The SQLite store knows its last write's outcome too.
			if r, ok := store.(interface{ Ready(context.Context) error }); ok {
				return r.Ready(ctx)
			}
			_, err := store.Query(ctx, lkt.Query{Limit: 1})
			return err
		},
	})
	if tp != nil {
		h = tracing.Handler(h, tp)
	}
	var mln net.Listener // the metrics' own listener, if any
	if cfg.MetricsAddr == "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		mux.Handle("/", h)
		h = mux
	} else if cfg.MetricsAddr != "off" {
		if mln, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			return fail(fmt.Errorf("metrics: %w", err))
		}
	}
	grace := cfg.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}
	sctx, cancel := context.WithCancel(ctx)
	webhooksDone, err := startWebhooks(sctx, cfg, svc, store, m, logger)
	if err != nil {
		cancel()
		ln.Close()
		if mln != nil {
			mln.Close()
		}
		return fail(err)
	}
	var metricsDone chan error
	switch {
	case mln != nil:
		a.MetricsURL = "http://" + mln.Addr().String()
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", m.Handler())
		metricsDone = make(chan error, 1)
		go func() { metricsDone <- lkthttp.Serve(sctx, lkthttp.NewHTTPServer(mux, logger), mln, grace) }()
	case cfg.MetricsAddr == "":
		a.MetricsURL = a.URL
	}
	srv := lkthttp.NewHTTPServer(h, logger)
	done := make(chan error, 1)
	go func() {
		<-sctx.Done()
		draining.Store(true)
	}()
	go func() {
		err := lkthttp.Serve(sctx, srv, ln, grace)
		cancel()
		if metricsDone != nil {
			err = errors.Join(err, <-metricsDone)
		}
		webhooksDone()
		if cerr := closeStore(); err == nil {
			err = cerr
		}
		stopTracing()
		logger.Info("stopped")
		done <- err
	}()
	a.wait = func() error { return <-done }
	return a, nil
}

func clientOf(behindProxy bool) func(*http.Request) string {
	if behindProxy {
		return lkthttp.ForwardedClient
	}
	return nil
}

// openStore opens the SQLite file, or the PostgreSQL database when
// cfg.DatabaseURL is set, and registers what the store tells about itself
// with m. close closes it.
func openStore(ctx context.Context, cfg Config, m *metrics.Metrics) (store lkt.Store, close func() error, err error) {
	if cfg.DatabaseURL != "" {
		pg, err := postgres.Open(ctx, cfg.DatabaseURL, &postgres.Options{Schema: cfg.DatabaseSchema})
		if err != nil {
			// pgx's errors name the host and user, never the password.
			return nil, nil, fmt.Errorf("open the PostgreSQL database: %w", err)
		}
		return pg, func() error { pg.Close(); return nil }, nil
	}
	sq, err := sqlite.Open(cfg.DB, nil)
	if errors.Is(err, sqlite.ErrMalformed) {
		return nil, nil, malformed(cfg.DB, err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", cfg.DB, err)
	}
	if cfg.CheckIntegrity {
		if err := sq.CheckIntegrity(ctx); err != nil {
			_ = sq.Close()
			if errors.Is(err, sqlite.ErrMalformed) {
				return nil, nil, malformed(cfg.DB, err)
			}
			return nil, nil, err
		}
	}
	m.WatchStore(func() metrics.StoreStats {
		st := sq.Stats()
		return metrics.StoreStats{Syncs: st.Commits, SyncTime: st.CommitTime, AuditBacklog: st.AuditBacklog}
	})
	return sq, sq.Close, nil
}

// fhirBase is the FHIR answers' base: /fhir under the public URL when one
// is configured (behind a proxy the request does not tell it), else the
// adapter's default, from each request.
func fhirBase(public string) string {
	if public == "" {
		return ""
	}
	return strings.TrimRight(public, "/") + "/fhir"
}

// malformed is the refusal to serve a damaged database file: what is
// wrong, and what to do about it.
func malformed(db string, err error) error {
	return fmt.Errorf("refusing to serve %s: %w. Keep the file for inspection and restore the last backup (server restore -db %s BACKUP)", db, err, db)
}
