package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// startConfig starts the server with cfg and returns it and a stop
// function that waits for the shutdown.
func startConfig(t *testing.T, cfg app.Config) (*app.App, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Start(ctx, cfg, io.Discard)
	require.NoError(t, err)
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			require.NoError(t, a.Wait())
		}
	}
	t.Cleanup(stop)
	return a, stop
}

func summaryStatus(t *testing.T, a *app.App) lkt.Status {
	t.Helper()
	resp, body := get(t, a.URL+"/api/communities/"+string(demo.Emil)+"/summary", "demo-marit-coordinator")
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var s lkt.Summary
	require.NoError(t, json.Unmarshal(body, &s))
	return s.Status
}

// TestBackupAndRestore runs the procedure the manual gives: an online
// backup while the server serves, more writes, then the server stopped,
// the backup restored and the server started again on it: it reads back
// what was there at the backup and nothing after.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, dest := filepath.Join(dir, "lkt.db"), filepath.Join(dir, "backup.db")
	a, stop := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true})
	marit := lkt.Person("marit")
	_, err := a.Svc.Do(ctx, marit, demo.Emil, lkt.AnyVersion, lkt.Pause{Reason: "Before the backup"})
	require.NoError(t, err)
	require.Equal(t, lkt.Paused, summaryStatus(t, a))

	var out bytes.Buffer
	require.NoError(t, run(ctx, []string{"backup", "-db", db, dest}, &out, io.Discard), "online, while the server runs")
	assert.Contains(t, out.String(), "(3 communities)")
	require.Error(t, run(ctx, []string{"backup", "-db", db, dest}, io.Discard, io.Discard), "a backup never overwrites a file")

	_, err = a.Svc.Do(ctx, marit, demo.Emil, lkt.AnyVersion, lkt.Resume{})
	require.NoError(t, err)
	require.Equal(t, lkt.Active, summaryStatus(t, a))

	err = run(ctx, []string{"restore", "-db", db, dest}, io.Discard, io.Discard)
	require.ErrorContains(t, err, "a server is running on "+db+": stop it first")
	stop()

	out.Reset()
	require.NoError(t, run(ctx, []string{"restore", "-db", db, dest}, &out, io.Discard))
	assert.Contains(t, out.String(), "restored "+db)
	_, err = os.Stat(db + ".pre-restore")
	require.NoError(t, err, "the replaced database is kept")
	err = run(ctx, []string{"restore", "-db", db, dest}, io.Discard, io.Discard)
	require.ErrorContains(t, err, ".pre-restore exists", "a kept database is never overwritten")

	b, _ := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: db, Quiet: true})
	assert.Equal(t, lkt.Paused, summaryStatus(t, b), "the restored server has the state of the backup")
	evs, err := b.Svc.History(ctx, marit, demo.Emil, 0, lkt.MaxPage)
	require.NoError(t, err)
	assert.Equal(t, "CommunityPaused", evs[len(evs)-1].Data.EventType(), "the last event is the one before the backup")
	// The restored database takes writes.
	_, err = b.Svc.Do(ctx, marit, demo.Emil, lkt.AnyVersion, lkt.Resume{})
	require.NoError(t, err)
}

// TestBackupRefusesWhatIsNotADatabase: restore checks the file it is
// given before it touches the database.
func TestRestoreRefusesWhatIsNotADatabase(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	require.NoError(t, os.WriteFile(junk, []byte("not a database"), 0o600))
	err := run(context.Background(), []string{"restore", "-db", filepath.Join(dir, "lkt.db"), junk}, io.Discard, io.Discard)
	require.ErrorContains(t, err, "is not a readable go-lkt database")
	_, err = os.Stat(filepath.Join(dir, "lkt.db"))
	assert.True(t, os.IsNotExist(err))
	require.ErrorContains(t, run(context.Background(), []string{"backup"}, io.Discard, io.Discard), "name one file")
}

// TestMetricsServed: /metrics answers on the API's listener by default,
// on a listener of its own with -metrics-addr (and then not on the API's),
// and counts what the server did.
func TestMetricsServed(t *testing.T) {
	dir := t.TempDir()
	a, _ := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "a.db"), Quiet: true})
	summaryStatus(t, a)
	resp, body := get(t, a.URL+"/metrics", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	for _, want := range []string{
		`lkt_http_requests_total{route="GET /api/communities/{id}/summary",status="200"} 1`,
		`lkt_reads_total{operation="Summary",outcome="ok"} 1`,
		`lkt_commands_total{command="Create",outcome="ok"} 3`,
		`lkt_store_syncs_total `, `lkt_store_sync_seconds_total `, `lkt_store_audit_backlog `,
		`lkt_store_save_duration_seconds_bucket`,
	} {
		assert.Contains(t, string(body), want)
	}

	b, _ := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "b.db"), Quiet: true, MetricsAddr: "127.0.0.1:0"})
	require.NotEqual(t, b.URL, b.MetricsURL)
	resp, _ = get(t, b.URL+"/metrics", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "not on the API's listener")
	resp, body = get(t, b.MetricsURL+"/metrics", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "lkt_commands_total")

	c, _ := startConfig(t, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "c.db"), Quiet: true, MetricsAddr: "off"})
	assert.Empty(t, c.MetricsURL)
	resp, _ = get(t, c.URL+"/metrics", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
