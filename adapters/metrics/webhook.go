package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// WebhookStats is how far one webhook's deliveries are behind the change
// feed, as adapters/webhook's Dispatcher.Backlog tells it at scrape time.
type WebhookStats struct {
	Endpoint string
	// Backlog is the number of events not yet delivered (counted up to a
	// bound: a larger backlog shows as the bound).
	Backlog int
	// Lag is how long the oldest undelivered event has waited; 0 when
	// everything is delivered.
	Lag time.Duration
}

var (
	webhookBacklogDesc = prometheus.NewDesc("lkt_webhook_backlog", "Events of the change feed not yet delivered to the webhook (counted up to a bound).", []string{"webhook"}, nil)
	webhookLagDesc     = prometheus.NewDesc("lkt_webhook_lag_seconds", "How long the oldest event not yet delivered to the webhook has waited; 0 when all are delivered.", []string{"webhook"}, nil)
	webhookErrorDesc   = prometheus.NewDesc("lkt_webhook_backlog_up", "1 if the webhooks' backlog could be read at this scrape, else 0.", nil, nil)
)

// WatchWebhooks registers the webhooks' backlog and lag, read from stats at
// every scrape (an error is shown as lkt_webhook_backlog_up 0), and
// lkt_webhook_delivered_total, counted by [Metrics.WebhookDelivered].
// Call it once.
func (m *Metrics) WatchWebhooks(stats func() ([]WebhookStats, error)) {
	m.delivered = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "lkt_webhook_delivered_total", Help: "Events delivered to the webhook and acknowledged by it.",
	}, []string{"webhook"})
	m.reg.MustRegister(webhookCollector{stats}, m.delivered)
}

// WebhookDelivered counts n events acknowledged by webhook endpoint; pass
// it as adapters/webhook's Config.Delivered, after WatchWebhooks.
func (m *Metrics) WebhookDelivered(endpoint string, n int) {
	if m.delivered != nil {
		m.delivered.WithLabelValues(endpoint).Add(float64(n))
	}
}

type webhookCollector struct {
	stats func() ([]WebhookStats, error)
}

func (c webhookCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- webhookBacklogDesc
	ch <- webhookLagDesc
	ch <- webhookErrorDesc
}

func (c webhookCollector) Collect(ch chan<- prometheus.Metric) {
	stats, err := c.stats()
	up := 1.0
	if err != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(webhookErrorDesc, prometheus.GaugeValue, up)
	for _, s := range stats {
		ch <- prometheus.MustNewConstMetric(webhookBacklogDesc, prometheus.GaugeValue, float64(s.Backlog), s.Endpoint)
		ch <- prometheus.MustNewConstMetric(webhookLagDesc, prometheus.GaugeValue, s.Lag.Seconds(), s.Endpoint)
	}
}
