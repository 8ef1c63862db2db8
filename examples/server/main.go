// Command server is the example server: the go-lkt domain on an embedded
// SQLite file, or on a PostgreSQL database that several servers share,
// served by the reference HTTP adapter (JSON API, OpenAPI document, web
// pages), with demo data loaded the first time.
//
//	go run ./examples/server                      # http://127.0.0.1:8080, ./lkt-demo.db
//	go run ./examples/server -addr 127.0.0.1:0    # a free port
//	go run ./examples/server -db /tmp/demo.db -tokens my-logins.json
//	go run ./examples/server -database-url postgres://lkt@db.example/lkt
//	LKT_HELSEID_ISSUER=https://helseid-sts.nhn.no LKT_HELSEID_CLIENT_ID=… LKT_HELSEID_KEY=key.json go run ./examples/server
//	go run ./examples/server -help                # the manual: every option, its variable
//	go run ./examples/server backup -db lkt-demo.db /tmp/copy.db
//
// It prints the URL and the demo logins. SIGINT or SIGTERM shut it down
// gracefully.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run starts the server configured by args and the environment, or runs
// the backup or restore command, until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "backup":
			return backup(ctx, args[1:], os.LookupEnv, stdout)
		case "restore":
			return restore(ctx, args[1:], os.LookupEnv, stdout)
		}
	}
	cfg, err := parseConfig(args, os.LookupEnv, stdout)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("configuration:\n%w", indent(err))
	}
	a, err := app.Start(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	db := cfg.DB
	if cfg.DatabaseURL != "" {
		db = redactURL(cfg.DatabaseURL)
		if cfg.DatabaseSchema != "" {
			db += " (schema " + cfg.DatabaseSchema + ")"
		}
	}
	fmt.Fprintf(stdout, "go-lkt example server on %s\n  database: %s\n  OpenAPI:  %s/openapi.json\n", a.URL, db, a.URL)
	if a.MetricsURL != "" {
		fmt.Fprintf(stdout, "  metrics:  %s/metrics\n", a.MetricsURL)
	}
	for _, si := range a.SignIns {
		fmt.Fprintf(stdout, "  sign-in:  %s (%s/signin/%s)\n", si.Label(), a.URL, si.Name())
	}
	if len(a.Logins) > 0 {
		fmt.Fprintln(stdout, "Demo logins (for trying the server only; sign in on the page, or send Authorization: Bearer <token>):")
		for _, l := range a.Logins {
			fmt.Fprintf(stdout, "  %-26s %-16s %s (%s)\n", l.Token, l.Principal.ID, l.Principal.Name, l.Label)
		}
	}
	return a.Wait()
}

// indent puts each line of err's message on a line of its own, indented.
func indent(err error) error {
	return errors.New("  " + strings.ReplaceAll(err.Error(), "\n", "\n  "))
}
