package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// wrap breaks text into lines of at most width columns, each indented.
func wrap(text string, indent, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(text) {
		if col > indent && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		}
		if col == 0 {
			b.WriteString(strings.Repeat(" ", indent))
			col = indent
		} else {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

// writeManual writes the manual -help prints, its OPTIONS from the flags
// themselves so that a new flag is documented where it is defined.
func writeManual(w io.Writer, fs *flag.FlagSet) {
	io.WriteString(w, `NAME
    server - the go-lkt example server: actor communities over HTTP on SQLite

SYNOPSIS
    server [options]
    server backup  [-db FILE] DEST
    server restore [-db FILE] SRC
    server -help

DESCRIPTION
    Serves the go-lkt domain through the reference HTTP adapter: the JSON
    API under /api/, its OpenAPI document at /openapi.json, the web pages,
    the probes /healthz and /readyz, and Prometheus metrics at /metrics. The
    database is an SQLite file, or with -database-url a PostgreSQL database
    that several servers may share; demo data is loaded where it is missing.
    With no options it listens on 127.0.0.1:8080 with the built-in demo
    logins, which are for trying the server only.

    Every option can also be given in the environment, as the variable
    named after it (-metrics-addr is LKT_METRICS_ADDR); an option on the
    command line wins. Every value is checked at start: a bad one stops the
    server with an error naming the option, its variable and what is wrong.

OPTIONS
`)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		arg := "-" + f.Name
		if name != "" {
			arg += " " + strings.ToUpper(name)
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += "; default " + f.DefValue
		}
		fmt.Fprintf(w, "    %s, %s\n%s.\n", arg, envName(f.Name), wrap(usage, 8, 76))
	})
	io.WriteString(w, `
COMMANDS
    backup [-db FILE] DEST
        Copies the database FILE to DEST, which must not exist, while the
        server keeps running (SQLite's VACUUM INTO, one consistent read
        transaction; the copy is synced before the command returns). Audit
        entries of the last few milliseconds may still be in the server's
        audit journal and not in the copy, as after a power cut.
    restore [-db FILE] SRC
        Puts the backup SRC in place of the database FILE. The server must
        be stopped: restore refuses while it holds the database. SRC is
        checked first; the database it replaces is kept beside it as
        FILE.pre-restore (restore refuses if that exists). Start the server
        afterwards as before.
    -db defaults to LKT_DB, else lkt-demo.db, as for the server.

METRICS
    GET /metrics answers in Prometheus's text format: lkt_http_requests_total
    {route,status} and lkt_http_request_duration_seconds{route} (the route
    pattern, never the path), lkt_commands_total{command,outcome},
    lkt_reads_total{operation,outcome}, lkt_store_save_duration_seconds
    {outcome}, lkt_store_syncs_total and lkt_store_sync_seconds_total (the
    store's synced transactions), lkt_store_audit_backlog,
    lkt_feed_lag_seconds (how old an event is when a system reads it from
    the change feed), and the Go runtime's and process's metrics. Serve
    them on a listener of their own (-metrics-addr 127.0.0.1:9464) where
    the API is reachable by others. Webhooks have no metrics yet.

TRACING
    With OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    set, the server sends OpenTelemetry traces over OTLP/HTTP: a span for
    each request (continuing a W3C traceparent it carries) and, as its
    child, one for each store save, with no personal data; the other
    OTEL_EXPORTER_OTLP_* variables (headers, timeout, TLS) apply. Without
    either variable it traces nothing.

SIGN-IN
    With -helseid-issuer, -helseid-client-id and -helseid-key health
    personnel sign in at HelseID (authorization code flow with PKCE, the
    client authenticated by private_key_jwt), and the HPR number and
    organisation in its tokens are what the server trusts about them; with
    -helseid-audience the API also takes HelseID access tokens, and with
    -idporten-audience ID-porten's (citizens' apps), each checked against
    its own provider's keys and audience. With
    -idporten-issuer, -idporten-client-id and -idporten-key patients and
    relatives sign in at ID-porten by their national identity number
    (pid), which is matched to the number a community records for its
    patient or a relative: they need no -people entry, only
    -national-id-key (an unlisted citizen's id is hashed from the number
    with it). -people names ids for numbers a community knows by id. Register
    -public-url/signin/NAME/callback as the redirect URI and
    -public-url/signin/NAME/logout as the back-channel logout URI (NAME is
    helseid or idporten). The providers are discovered at start; one that
    cannot be reached stops the server. With a provider configured the
    demo logins are off; a -tokens file still serves systems.

SIGNALS
    SIGINT, SIGTERM  stop taking requests, let those in flight finish within
                     -shutdown-grace, close the database and exit.

FILES
    FILE, FILE-wal, FILE-shm       the SQLite database and its write-ahead log
    FILE-audit-a, FILE-audit-b     the audit journal (entries not yet moved)
    FILE-lock                      held while a server writes the database

EXIT STATUS
    0 after a clean shutdown or -help; 1 on a bad option or any failure.

EXAMPLES
    server                                   # demo: http://127.0.0.1:8080
    LKT_ADDR=:8080 LKT_DB=/var/lib/lkt/lkt.db server -json-log
    server -addr 127.0.0.1:0 -metrics-addr 127.0.0.1:9464
    LKT_HELSEID_ISSUER=https://helseid-sts.nhn.no LKT_HELSEID_CLIENT_ID=lkt \
        LKT_HELSEID_KEY=/etc/lkt/helseid.jwk LKT_PEOPLE=/etc/lkt/people.json \
        server -public-url https://lkt.example.no -behind-proxy
    server backup -db /var/lib/lkt/lkt.db /var/backups/lkt/$(date +%Y-%m-%d).db
    systemctl stop lkt && server restore -db /var/lib/lkt/lkt.db \
        /var/backups/lkt/2026-12-01.db && systemctl start lkt

SEE ALSO
    examples/server/lkt.service (a systemd unit), README.md, /openapi.json
`)
}
