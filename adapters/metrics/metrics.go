package metrics

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Metrics holds the server's metrics on a registry of its own.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	commands *prometheus.CounterVec
	reads    *prometheus.CounterVec
	saves    *prometheus.HistogramVec
	feedLag  prometheus.Histogram
	// delivered counts webhook deliveries (see WatchWebhooks).
	delivered *prometheus.CounterVec

	// Children resolved once per label set: the vectors' own lookup
	// hashes the label values on every call.
	routes   sync.Map // route → *routeMetrics
	outcomes sync.Map // outcomeKey → prometheus.Counter
}

type routeMetrics struct {
	latency  prometheus.Observer
	byStatus sync.Map // int → prometheus.Counter
}

type outcomeKey struct {
	write             bool
	operation, result string
}

// latencyBuckets span a cached read (tens of microseconds) to a request
// that waits for a slow disk (seconds).
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// New returns the metrics, registered with the Go runtime's and the
// process's collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lkt_http_requests_total", Help: "HTTP requests answered, by route pattern and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lkt_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route pattern.", Buckets: latencyBuckets,
		}, []string{"route"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lkt_commands_total", Help: "Commands (and community creations) the domain decided, by command name and outcome: ok or the error code that refused it.",
		}, []string{"command", "outcome"}),
		reads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lkt_reads_total", Help: "Reads of a community the domain decided, by operation and outcome: ok or the error code that refused it.",
		}, []string{"operation", "outcome"}),
		saves: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "lkt_store_save_duration_seconds", Help: "Time a Save to the store took, the disk sync included, by outcome: ok, conflict or error.", Buckets: latencyBuckets,
		}, []string{"outcome"}),
		feedLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "lkt_feed_lag_seconds", Help: "How long after its recording an event was read from the change feed: the oldest entry of each page read.",
			Buckets: []float64{0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 6 * 3600, 24 * 3600},
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.commands, m.reads, m.saves, m.feedLag,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format (or
// OpenMetrics, when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{EnableOpenMetrics: true})
}

// Register adds a collector of another part of the server.
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }

// ObserveRequest counts a request and its time; pass it as the HTTP
// adapter's Deps.Observe. A request no route matched counts as route
// "unmatched".
func (m *Metrics) ObserveRequest(route string, status int, elapsed time.Duration) {
	rm, ok := m.routes.Load(route)
	if !ok {
		label := route
		if label == "" {
			label = "unmatched"
		}
		rm, _ = m.routes.LoadOrStore(route, &routeMetrics{latency: m.latency.WithLabelValues(label)})
	}
	r := rm.(*routeMetrics)
	c, ok := r.byStatus.Load(status)
	if !ok {
		label := route
		if label == "" {
			label = "unmatched"
		}
		c, _ = r.byStatus.LoadOrStore(status, m.requests.WithLabelValues(label, strconv.Itoa(status)))
	}
	c.(prometheus.Counter).Inc()
	r.latency.Observe(elapsed.Seconds())
}

// StoreStats is what a store tells about itself at scrape time.
type StoreStats struct {
	// Syncs counts the store's synced write transactions and SyncTime is
	// their total time.
	Syncs    int64
	SyncTime time.Duration
	// AuditBacklog is how many audit entries wait to be written for good.
	AuditBacklog int
}

// WatchStore registers the store's own figures, read from stats at every
// scrape: lkt_store_syncs_total, lkt_store_sync_seconds_total and
// lkt_store_audit_backlog. Call it once.
func (m *Metrics) WatchStore(stats func() StoreStats) {
	m.reg.MustRegister(storeCollector{stats})
}

var (
	syncsDesc   = prometheus.NewDesc("lkt_store_syncs_total", "Synced write transactions the store committed (several saves may share one).", nil, nil)
	syncTimeDes = prometheus.NewDesc("lkt_store_sync_seconds_total", "Total time of the store's synced write transactions; divided by lkt_store_syncs_total, the average time of one.", nil, nil)
	backlogDesc = prometheus.NewDesc("lkt_store_audit_backlog", "Audit entries recorded but not yet written for good (the audit journal's backlog).", nil, nil)
)

type storeCollector struct{ stats func() StoreStats }

func (c storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- syncsDesc
	ch <- syncTimeDes
	ch <- backlogDesc
}

func (c storeCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(syncsDesc, prometheus.CounterValue, float64(s.Syncs))
	ch <- prometheus.MustNewConstMetric(syncTimeDes, prometheus.CounterValue, s.SyncTime.Seconds())
	ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(s.AuditBacklog))
}

// Store returns s with its saves timed and the Service's decisions counted
// from the audit entries it hands the store. Every other method of s is
// passed through unchanged.
func (m *Metrics) Store(s lkt.Store) lkt.Store { return &store{Store: s, m: m} }

type store struct {
	lkt.Store
	m *Metrics
}

func (s *store) Save(ctx context.Context, in lkt.Save) error {
	start := time.Now()
	err := s.Store.Save(ctx, in)
	outcome := "ok"
	switch {
	case err == nil:
		s.m.count(in.Audit)
	case lkt.CodeOf(err) == lkt.Conflict:
		outcome = "conflict"
	default:
		outcome = "error"
	}
	s.m.saves.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
	return err
}

// Feed observes how far behind the reader is: the age of the page's
// oldest entry.
func (s *store) Feed(ctx context.Context, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor, error) {
	entries, next, err := s.Store.Feed(ctx, after, limit)
	if err == nil && len(entries) > 0 {
		s.m.feedLag.Observe(max(0, time.Since(entries[0].Event.At).Seconds()))
	}
	return entries, next, err
}

func (s *store) RecordAudit(ctx context.Context, entries ...lkt.AuditEntry) error {
	err := s.Store.RecordAudit(ctx, entries...)
	if err == nil {
		s.m.count(entries)
	}
	return err
}

// count counts the decisions entries record.
func (m *Metrics) count(entries []lkt.AuditEntry) {
	for _, e := range entries {
		k := outcomeKey{e.Action == lkt.Write, e.Operation, e.Outcome}
		c, ok := m.outcomes.Load(k)
		if !ok {
			vec := m.reads
			if k.write {
				vec = m.commands
			}
			c, _ = m.outcomes.LoadOrStore(k, vec.WithLabelValues(e.Operation, e.Outcome))
		}
		c.(prometheus.Counter).Inc()
	}
}
