package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/metrics"
	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// DefaultWebhookName keys the webhook's delivery cursor when no name is
// configured. Several servers on one PostgreSQL database configured with
// the same name share the cursor: each delivers, from where any of them
// got to (at least once, as ever).
const DefaultWebhookName = "lkt"

// WebhookReader is the system principal webhooks read the feed as: the
// audit trail names it for every delivery.
var WebhookReader = func() lkt.Principal {
	p := lkt.System("webhooks")
	p.Name = "Webhook delivery"
	p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	return p
}()

// backlogBound is how far a scrape counts a webhook's backlog: a larger
// one shows as the bound, and the lag still tells how old it is.
const backlogBound = 10_000

// startWebhooks delivers the change feed to cfg.WebhookURL until ctx is
// done, from the store's feed and delivery cursors (the durable outbox of
// adapters/webhook), with their backlog and lag in m. wait returns when
// the deliveries have stopped. With no webhooks it does nothing.
func startWebhooks(ctx context.Context, cfg Config, svc *lkt.Service, store lkt.Store, m *metrics.Metrics, logger *slog.Logger) (wait func(), err error) {
	if cfg.WebhookURL == "" {
		return func() {}, nil
	}
	cursors, ok := store.(webhook.Cursors)
	if !ok {
		return nil, fmt.Errorf("webhooks: the store %T keeps no delivery cursors", store)
	}
	name := cfg.WebhookName
	if name == "" {
		name = DefaultWebhookName
	}
	eps := []webhook.Endpoint{{Name: name, URL: cfg.WebhookURL, Secret: []byte(cfg.WebhookSecret)}}
	d, err := webhook.New(webhook.Config{
		Service: svc, Reader: WebhookReader, Cursors: cursors, Endpoints: eps,
		Logger: logger, Delivered: m.WebhookDelivered,
	})
	if err != nil {
		return nil, err
	}
	m.WatchWebhooks(func() ([]metrics.WebhookStats, error) {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		bl, err := d.Backlog(sctx, store, backlogBound)
		if err != nil {
			return nil, err
		}
		now := time.Now()
		out := make([]metrics.WebhookStats, len(bl))
		for i, b := range bl {
			out[i] = metrics.WebhookStats{Endpoint: b.Endpoint, Backlog: b.Events, Lag: b.Lag(now)}
		}
		return out, nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = d.Run(ctx)
	}()
	return func() { <-done }, nil
}
