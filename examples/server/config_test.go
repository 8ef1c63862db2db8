package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
)

func env(kv map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := kv[k]; return v, ok }
}

// TestConfigDefaultsRunTheDemo: with no flags and no environment the
// server runs as `go run ./examples/server` always has.
func TestConfigDefaultsRunTheDemo(t *testing.T) {
	c, err := parseConfig(nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, app.Config{Addr: "127.0.0.1:8080", DB: "lkt-demo.db", Grace: 10 * time.Second, MaxBody: 256 << 10}, c)
}

// TestConfigFromEnvironment: every flag has a variable; a flag on the
// command line wins over it.
func TestConfigFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	c, err := parseConfig([]string{"-addr", "127.0.0.1:9000"}, env(map[string]string{
		"LKT_ADDR": "0.0.0.0:1", "LKT_DB": filepath.Join(dir, "x.db"), "LKT_JSON_LOG": "true",
		"LKT_SHUTDOWN_GRACE": "30s", "LKT_MAX_BODY": "2048", "LKT_METRICS_ADDR": "off",
	}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, app.Config{Addr: "127.0.0.1:9000", DB: filepath.Join(dir, "x.db"), JSONLog: true,
		Grace: 30 * time.Second, MaxBody: 2048, MetricsAddr: "off"}, c)

	// Every flag is reachable through its variable.
	var cfg app.Config
	newFlags(&cfg).VisitAll(func(f *flag.Flag) {
		assert.Regexp(t, `^LKT_[A-Z_]+$`, envName(f.Name))
	})
}

// TestConfigSelectsPostgreSQL: with a database URL the SQLite file is not
// used, so its default is not checked; the password is never echoed.
func TestConfigSelectsPostgreSQL(t *testing.T) {
	c, err := parseConfig([]string{"-db", filepath.Join(t.TempDir(), "no", "x.db")}, env(map[string]string{
		"LKT_DATABASE_URL": "postgres://lkt:s3cret@db.example:5432/lkt", "LKT_DATABASE_SCHEMA": "county",
	}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "postgres://lkt:s3cret@db.example:5432/lkt", c.DatabaseURL)
	assert.Equal(t, "county", c.DatabaseSchema)
	assert.Equal(t, "postgres://lkt:xxxxx@db.example:5432/lkt", redactURL(c.DatabaseURL))
	assert.Equal(t, "host=db user=lkt password=xxxxx", redactURL("host=db user=lkt password=s3cret"))
	assert.Equal(t, "postgres://db/lkt?password=xxxxx&sslmode=require", redactURL("postgres://db/lkt?password=s3cret&sslmode=require"))
}

// TestConfigRefusesEachBadValue: every bad value is named with its flag
// or variable and why, and all of them are reported at once.
func TestConfigRefusesEachBadValue(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"address without port", []string{"-addr", "localhost"}, nil, `-addr (LKT_ADDR) "localhost": is not host:port`},
		{"port out of range", []string{"-addr", ":70000"}, nil, `-addr (LKT_ADDR) ":70000": the port must be a number from 0 to 65535`},
		{"database directory missing", []string{"-db", filepath.Join(dir, "no", "x.db")}, nil, `its directory ` + filepath.Join(dir, "no") + ` does not exist`},
		{"database is a directory", []string{"-db", dir}, nil, `is a directory, not a database file`},
		{"empty database", []string{"-db", ""}, nil, `-db (LKT_DB) "": is empty`},
		{"logins file missing", []string{"-tokens", filepath.Join(dir, "none.json")}, nil, `-tokens (LKT_TOKENS) "` + filepath.Join(dir, "none.json") + `": cannot be read: no such file or directory`},
		{"metrics address", []string{"-metrics-addr", "nine"}, nil, `-metrics-addr (LKT_METRICS_ADDR) "nine": is not host:port`},
		{"metrics on the API's address", []string{"-addr", ":8080", "-metrics-addr", ":8080"}, nil, `is the API's own address`},
		{"grace too short", []string{"-shutdown-grace", "10ms"}, nil, `-shutdown-grace (LKT_SHUTDOWN_GRACE) "10ms": must lie between 1s and 5m`},
		{"body limit too small", []string{"-max-body", "10"}, nil, `-max-body (LKT_MAX_BODY) "10": must lie between 1024 and 67108864 bytes`},
		{"variable not a duration", nil, map[string]string{"LKT_SHUTDOWN_GRACE": "soon"}, `LKT_SHUTDOWN_GRACE="soon": is not a duration`},
		{"variable not a number", nil, map[string]string{"LKT_MAX_BODY": "1MB"}, `LKT_MAX_BODY="1MB": is not a whole number`},
		{"variable not a boolean", nil, map[string]string{"LKT_QUIET": "yes"}, `LKT_QUIET="yes": is not true or false`},
		{"unknown flag", []string{"-nope"}, nil, `flag provided but not defined: -nope`},
		{"flag not a duration", []string{"-shutdown-grace", "5"}, nil, `invalid value "5" for flag -shutdown-grace`},
		{"stray argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"database URL that does not parse", nil, map[string]string{"LKT_DATABASE_URL": "postgres://lkt:s3cret@db:port/lkt"}, `-database-url (LKT_DATABASE_URL) "postgres://lkt:xxxxx@db:port/lkt": is not a PostgreSQL URL`},
		{"webhook not http", []string{"-webhook-url", "ftp://x/y", "-webhook-secret", "0123456789abcdef"}, nil, `-webhook-url (LKT_WEBHOOK_URL) "ftp://x/y": is not an http or https URL`},
		{"webhook secret too short", []string{"-webhook-url", "https://x/y"}, map[string]string{"LKT_WEBHOOK_SECRET": "short"}, `-webhook-secret (LKT_WEBHOOK_SECRET): must be at least 16 bytes`},
		{"webhook secret without a URL", nil, map[string]string{"LKT_WEBHOOK_SECRET": "0123456789abcdef"}, `give -webhook-url (LKT_WEBHOOK_URL) too`},
		{"schema without PostgreSQL", []string{"-database-schema", "lkt"}, nil, `-database-schema (LKT_DATABASE_SCHEMA) "lkt": is only for PostgreSQL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(tc.args, env(tc.env), io.Discard)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := parseConfig([]string{"-addr", "x", "-max-body", "1"}, env(nil), io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "-addr")
	assert.Contains(t, err.Error(), "-max-body", "every bad value is reported, not only the first")
	_, err = parseConfig(nil, env(map[string]string{"LKT_ADDR": "localhost", "LKT_MAX_BODY": "1MB"}), io.Discard)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `LKT_MAX_BODY="1MB": is not a whole number`)
	assert.Contains(t, err.Error(), `-addr (LKT_ADDR) "localhost": is not host:port`, "variables that parse are checked too")
	assert.NotContains(t, err.Error(), "-max-body (LKT_MAX_BODY)", "a bad value is reported once")
}

// TestRunRefusesBadConfigurationBeforeStarting: a bad value stops run
// with the error, before anything is opened or created.
func TestRunRefusesBadConfigurationBeforeStarting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	t.Setenv("LKT_MAX_BODY", "-1")
	err := run(context.Background(), []string{"-db", db}, io.Discard, io.Discard)
	require.ErrorContains(t, err, "configuration:\n  -max-body (LKT_MAX_BODY) \"-1\"")
	_, statErr := os.Stat(db)
	assert.True(t, os.IsNotExist(statErr), "nothing created")
}

// TestHelpIsTheManual: -help prints a manual naming every option and its
// variable, and run returns without starting.
func TestHelpIsTheManual(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"-help"}, &out, io.Discard))
	man := out.String()
	for _, section := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "METRICS", "SIGNALS", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"} {
		assert.Regexp(t, "(^|\n)"+section+"\n", man)
	}
	var cfg app.Config
	newFlags(&cfg).VisitAll(func(f *flag.Flag) {
		assert.Contains(t, man, "    -"+f.Name)
		assert.Contains(t, man, envName(f.Name))
	})
	for _, line := range strings.Split(man, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, "a manual fits a terminal: %q", line)
	}
}

// TestSystemdUnitsUseKnownVariables: every LKT_ variable the systemd
// units set names a flag, so a renamed flag cannot leave them behind.
func TestSystemdUnitsUseKnownVariables(t *testing.T) {
	known := map[string]bool{}
	var cfg app.Config
	newFlags(&cfg).VisitAll(func(f *flag.Flag) { known[envName(f.Name)] = true })
	n := 0
	for _, unit := range []string{"systemd/lkt.service", "systemd/lkt-backup.service"} {
		b, err := os.ReadFile(unit)
		require.NoError(t, err)
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Environment="); ok {
				name, _, _ := strings.Cut(v, "=")
				assert.True(t, known[name], "%s sets %s, which no flag reads", unit, name)
				n++
			}
		}
	}
	assert.Positive(t, n)
}
