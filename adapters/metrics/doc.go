// Package metrics gives go-lkt's server Prometheus metrics
// (github.com/prometheus/client_golang) on a registry of its own:
//
//   - lkt_http_requests_total{route,status} and
//     lkt_http_request_duration_seconds{route}: every request by the route
//     pattern it matched (never the path, which carries ids), from the HTTP
//     adapter's Deps.Observe;
//   - lkt_commands_total{command,outcome} and lkt_reads_total{operation,outcome}:
//     every command and read the domain's Service decided, "ok" or the
//     error code that refused it, counted from the audit entries the
//     Service hands its Store (see [Metrics.Store]) — so a command refused
//     by the adapter before it reached the domain (a body that does not
//     decode) shows only in the request counts;
//   - lkt_store_save_duration_seconds{outcome}: how long a Save took, as the
//     caller waited for it;
//   - lkt_feed_lag_seconds: how long after its recording an event is read
//     from the change feed (the oldest entry of each page), so a system
//     that falls behind shows;
//   - lkt_webhook_backlog{webhook}, lkt_webhook_lag_seconds{webhook} and
//     lkt_webhook_delivered_total{webhook}: how many events of the feed a
//     configured webhook has not been delivered yet, how long the oldest
//     has waited, and how many it acknowledged ([Metrics.WatchWebhooks]);
//   - whatever the store reports at scrape time ([Metrics.WatchStore]): synced
//     transactions and their time, the audit journal's backlog;
//   - the Go runtime's and the process's own metrics.
//
// Serve [Metrics.Handler] at /metrics, on a listener only the monitoring
// system reaches. A metric a later part of the server adds (a feed's lag)
// is registered with [Metrics.Register].
package metrics
