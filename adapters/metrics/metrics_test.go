package metrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	lkthttp "github.com/lkt-rammeverk/go-lkt/adapters/http"
	"github.com/lkt-rammeverk/go-lkt/adapters/http/bearertest"
	"github.com/lkt-rammeverk/go-lkt/adapters/metrics"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	require.Equal(t, http.StatusOK, w.Code)
	b, err := io.ReadAll(w.Body)
	require.NoError(t, err)
	return string(b)
}

// TestMetricsCountRequestsCommandsAndSaves drives the HTTP adapter with
// the metrics wired as the example server wires them, and finds each
// request, command, read and save in the scrape, refusals included.
func TestMetricsCountRequestsCommandsAndSaves(t *testing.T) {
	ctx := context.Background()
	m := metrics.New()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(m.Store(lkttest.NewStore()), lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	m.WatchStore(func() metrics.StoreStats { return metrics.StoreStats{Syncs: 7, AuditBacklog: 3} })
	toks := bearertest.Tokens{"tok-coordinator": lkttest.Coordinator, "tok-outsider": lkttest.Outsider}
	h := lkthttp.NewServer(lkthttp.Deps{Service: svc, Auth: toks, Logger: slog.New(slog.DiscardHandler), Observe: m.ObserveRequest})
	do := func(method, path, token, body string) int {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("If-Match", "*")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	base := "/api/communities/" + string(lkttest.CommunityID)
	require.Equal(t, http.StatusOK, do("GET", base, "tok-coordinator", ""))
	require.Equal(t, http.StatusForbidden, do("GET", base, "tok-outsider", ""))
	require.Equal(t, http.StatusOK, do("POST", base+"/commands/Pause", "tok-coordinator", `{"reason":"holiday"}`))
	require.Equal(t, http.StatusForbidden, do("POST", base+"/commands/Pause", "tok-outsider", `{"reason":"x"}`))

	out := scrape(t, m)
	for _, line := range []string{
		`lkt_http_requests_total{route="GET /api/communities/{id}",status="200"} 1`,
		`lkt_http_requests_total{route="GET /api/communities/{id}",status="403"} 1`,
		`lkt_http_requests_total{route="POST /api/communities/{id}/commands/Pause",status="403"} 1`,
		`lkt_http_request_duration_seconds_count{route="GET /api/communities/{id}"} 2`,
		`lkt_commands_total{command="Pause",outcome="ok"} 1`,
		`lkt_commands_total{command="Pause",outcome="forbidden"} 1`,
		`lkt_commands_total{command="Create",outcome="ok"} 1`,
		`lkt_reads_total{operation="Get",outcome="ok"} 1`,
		`lkt_reads_total{operation="Get",outcome="forbidden"} 1`,
		`lkt_store_syncs_total 7`,
		`lkt_store_audit_backlog 3`,
		`go_goroutines`,
	} {
		assert.Contains(t, out, line)
	}
	assert.Regexp(t, `lkt_store_save_duration_seconds_count\{outcome="ok"\} [1-9]`, out)
}

// TestMetricsStoreSaveOutcomes: a conflict and a failing store are told
// apart from a good save, and a failed save counts no command.
func TestMetricsStoreSaveOutcomes(t *testing.T) {
	ctx := context.Background()
	m := metrics.New()
	base := lkttest.NewStore()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(m.Store(base), lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Coordinator, c.ID(), c.Version()-1, lkt.Pause{Reason: "stale"})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err)) // refused before the save: counted as a command
	base.FailSave = errors.New("disk on fire")
	_, err = svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.Pause{Reason: "fails"})
	require.Error(t, err)

	out := scrape(t, m)
	assert.Contains(t, out, `lkt_commands_total{command="Pause",outcome="conflict"} 1`)
	assert.Contains(t, out, `lkt_store_save_duration_seconds_count{outcome="error"} 1`)
	assert.NotContains(t, out, `lkt_commands_total{command="Pause",outcome="ok"}`)
}

// TestMetricsFeedLag: a page read from the change feed is counted with the
// age of its oldest entry.
func TestMetricsFeedLag(t *testing.T) {
	ctx := context.Background()
	m := metrics.New()
	clock := lkttest.NewClock(lkttest.Start) // long before now: the reader is far behind
	store := m.Store(lkttest.NewStore())
	_, err := lkttest.NewBuilder().Seed(ctx, lkt.NewService(store, lkttest.Config(clock)))
	require.NoError(t, err)
	entries, _, err := store.Feed(ctx, "", 10)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	out := scrape(t, m)
	assert.Contains(t, out, "lkt_feed_lag_seconds_count 1")
	require.Greater(t, time.Since(lkttest.Start), 24*time.Hour)
	assert.Contains(t, out, `lkt_feed_lag_seconds_bucket{le="86400"} 0`, "older than a day")
	assert.Contains(t, out, `lkt_feed_lag_seconds_bucket{le="+Inf"} 1`)
}

// TestMetricsWebhooks: each webhook's backlog and lag as stats reports them
// at the scrape, the delivered events counted, and a failed read shown.
func TestMetricsWebhooks(t *testing.T) {
	m := metrics.New()
	var fail error
	m.WatchWebhooks(func() ([]metrics.WebhookStats, error) {
		if fail != nil {
			return nil, fail
		}
		return []metrics.WebhookStats{{Endpoint: "warehouse", Backlog: 42, Lag: 90 * time.Second}, {Endpoint: "registry"}}, nil
	})
	m.WebhookDelivered("warehouse", 100)
	m.WebhookDelivered("warehouse", 20)
	out := scrape(t, m)
	for _, want := range []string{
		`lkt_webhook_backlog{webhook="warehouse"} 42`,
		`lkt_webhook_lag_seconds{webhook="warehouse"} 90`,
		`lkt_webhook_backlog{webhook="registry"} 0`,
		`lkt_webhook_lag_seconds{webhook="registry"} 0`,
		`lkt_webhook_delivered_total{webhook="warehouse"} 120`,
		`lkt_webhook_backlog_up 1`,
	} {
		assert.Contains(t, out, want)
	}
	fail = errors.New("database down")
	out = scrape(t, m)
	assert.Contains(t, out, `lkt_webhook_backlog_up 0`)
	assert.NotContains(t, out, `lkt_webhook_backlog{`)
}
