package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// TestServerDeliversWebhooks: the server configured with a webhook
// delivers the change feed to it, signed with the secret, from the
// database's outbox; while the endpoint refuses, /metrics shows the
// backlog and its lag, and once it accepts, everything is delivered, a
// new command included, and the backlog is 0. On SQLite, and on
// PostgreSQL where LKT_POSTGRES_DSN names it.
func TestServerDeliversWebhooks(t *testing.T) {
	stores := map[string]func(t *testing.T) app.Config{
		"sqlite": func(t *testing.T) app.Config { return app.Config{DB: filepath.Join(t.TempDir(), "demo.db")} },
		"postgres": func(t *testing.T) app.Config {
			dsn := pgDSN(t)
			return app.Config{DatabaseURL: dsn, DatabaseSchema: pgSchema(t, dsn)}
		},
	}
	for name, store := range stores {
		t.Run(name, func(t *testing.T) {
			const secret = "a-webhook-secret-of-32-bytes-123"
			var accept atomic.Bool
			var mu sync.Mutex
			seen := map[lkt.Cursor]string{} // cursor → event type
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				if err := webhook.Verify([]byte(secret), r.Header.Get(webhook.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
					t.Errorf("delivery not signed with the secret: %v", err)
					http.Error(w, err.Error(), http.StatusUnauthorized)
					return
				}
				if !accept.Load() {
					http.Error(w, "not yet", http.StatusServiceUnavailable)
					return
				}
				var d webhook.Delivery
				if err := json.Unmarshal(body, &d); err != nil {
					t.Errorf("delivery: %v", err)
					return
				}
				mu.Lock()
				for _, it := range d.Items {
					seen[it.Cursor] = it.Event.Type()
				}
				mu.Unlock()
				w.WriteHeader(http.StatusNoContent)
			}))
			defer srv.Close()

			cfg := store(t)
			cfg.Addr, cfg.Quiet = "127.0.0.1:0", true
			cfg.WebhookURL, cfg.WebhookSecret = srv.URL+"/lkt", secret
			a, _ := startConfig(t, cfg)
			var total int
			for after := lkt.Cursor(""); ; {
				es, next, err := a.Store.Feed(context.Background(), after, lkt.MaxPage)
				require.NoError(t, err)
				if len(es) == 0 {
					break
				}
				total += len(es)
				after = next
			}
			require.NotZero(t, total, "the demo data is in the feed")

			backlog := regexp.MustCompile(`lkt_webhook_backlog\{webhook="lkt"\} (\d+)`)
			lag := regexp.MustCompile(`lkt_webhook_lag_seconds\{webhook="lkt"\} ([0-9.e+-]+)`)
			metric := func(re *regexp.Regexp) float64 {
				_, body := get(t, a.MetricsURL+"/metrics", "")
				m := re.FindSubmatch(body)
				require.NotNil(t, m, "%s in %s", re, body)
				v, err := strconv.ParseFloat(string(m[1]), 64)
				require.NoError(t, err)
				return v
			}
			assert.Equal(t, float64(total), metric(backlog), "nothing delivered while the endpoint refuses")
			assert.Positive(t, metric(lag))

			accept.Store(true)
			status, _, body := rename(t, a.URL, "*", "Jonas Aas (ny)")
			require.Equal(t, http.StatusOK, status, string(body))
			require.Eventually(t, func() bool { return metric(backlog) == 0 }, 30*time.Second, 20*time.Millisecond, "everything delivered")
			assert.Zero(t, metric(lag))
			mu.Lock()
			assert.Len(t, seen, total+1, "every event once per cursor")
			types := map[string]int{}
			for _, typ := range seen {
				types[typ]++
			}
			mu.Unlock()
			assert.Positive(t, types["MemberUpdated"], "the new command's event")
			_, body = get(t, a.MetricsURL+"/metrics", "")
			assert.Contains(t, string(body), fmt.Sprintf(`lkt_webhook_delivered_total{webhook="lkt"} %d`, total+1))
		})
	}
}
