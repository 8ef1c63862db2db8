// Command server is the example server: the go-lkt domain on an embedded
// SQLite file, served by the reference HTTP adapter (JSON API, OpenAPI
// document, web pages), with demo data loaded the first time.
//
//	go run ./examples/server                      # http://127.0.0.1:8080, ./lkt-demo.db
//	go run ./examples/server -addr 127.0.0.1:0    # a free port
//	go run ./examples/server -db /tmp/demo.db -tokens my-logins.json
//
// It prints the URL and the demo logins. SIGINT or SIGTERM shut it down
// gracefully.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
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

func parseFlags(args []string, stderr io.Writer) (app.Config, error) {
	var c app.Config
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen address; port 0 picks a free port")
	fs.StringVar(&c.DB, "db", "lkt-demo.db", "SQLite database file (created, with demo data, if missing)")
	fs.StringVar(&c.Tokens, "tokens", "", "logins file (tokens mapped to principals); default: the built-in demo logins")
	fs.BoolVar(&c.JSONLog, "json-log", false, "log as JSON instead of text")
	fs.BoolVar(&c.Quiet, "quiet", false, "log warnings and errors only")
	return c, fs.Parse(args)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	a, err := app.Start(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "go-lkt example server on %s\n  database: %s\n  OpenAPI:  %s/openapi.json\n", a.URL, cfg.DB, a.URL)
	if len(a.Logins) > 0 {
		fmt.Fprintln(stdout, "Demo logins (for trying the server only; sign in on the page, or send Authorization: Bearer <token>):")
		for _, l := range a.Logins {
			fmt.Fprintf(stdout, "  %-26s %-16s %s (%s)\n", l.Token, l.Principal.ID, l.Principal.Name, l.Label)
		}
	}
	return a.Wait()
}
