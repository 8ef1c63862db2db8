package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// App is a started server.
type App struct {
	URL    string
	Logins []lkthttp.Login
	Store  *sqlite.Store
	Svc    *lkt.Service
	wait   func() error
}

// Wait returns when the server has shut down and the store is closed.
func (a *App) Wait() error { return a.wait() }

// Config says how to start.
type Config struct {
	Addr, DB, Tokens string
	JSONLog          bool
	Quiet            bool // warnings and errors only
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

	store, err := sqlite.Open(cfg.DB, nil)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", cfg.DB, err)
	}
	fail := func(err error) (*App, error) {
		_ = store.Close()
		return nil, err
	}
	// Demo data carries synthetic identity numbers, accepted here only.
	svc := lkt.NewService(store, lkt.Config{Clock: lkt.ClockFunc(time.Now), AcceptSyntheticIDs: true})
	n, err := demo.Load(ctx, svc)
	if err != nil {
		return fail(fmt.Errorf("demo data: %w", err))
	}
	if n > 0 {
		logger.Info("loaded demo data", "communities", n)
	}

	var logins []lkthttp.Login
	var auth *lkthttp.Tokens
	if cfg.Tokens != "" {
		auth, err = lkthttp.LoadTokens(cfg.Tokens)
	} else {
		// Only the built-in demo logins are public; a file's tokens are
		// secrets, never printed or shown on the sign-in page.
		if logins, err = demo.Logins(); err == nil {
			auth, err = lkthttp.NewDemoTokens(logins)
		}
	}
	if err != nil {
		return fail(fmt.Errorf("logins: %w", err))
	}

	var draining atomic.Bool
	h := lkthttp.NewServer(lkthttp.Deps{
		Service: svc, Auth: auth, Logger: logger,
		Ready: func(ctx context.Context) error {
			if draining.Load() {
				return errors.New("shutting down")
			}
			_, err := store.Query(ctx, lkt.Query{Limit: 1})
			return err
		},
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fail(err)
	}
	srv := lkthttp.NewHTTPServer(h, logger)
	done := make(chan error, 1)
	sctx, cancel := context.WithCancel(ctx)
	go func() {
		<-sctx.Done()
		draining.Store(true)
	}()
	go func() {
		err := lkthttp.Serve(sctx, srv, ln, 10*time.Second)
		cancel()
		if cerr := store.Close(); err == nil {
			err = cerr
		}
		logger.Info("stopped")
		done <- err
	}()
	return &App{
		URL: "http://" + ln.Addr().String(), Logins: logins, Store: store, Svc: svc,
		wait: func() error { return <-done },
	}, nil
}
