// Package webhook delivers the change feed (lkt.ChangeFeed) to configured
// HTTP endpoints: at least once, in feed order, retried with bounded
// exponential backoff, and signed.
//
// # The outbox
//
// The store's feed is the outbox: every saved event is in it, durably, in
// the save's own transaction. What a webhook adds is its delivery cursor,
// kept in the same database (Cursors; adapters/sqlite and lkt/lkttest
// implement it) and written only after the endpoint acknowledged a batch.
// A process that dies between the acknowledgement and the write delivers
// that batch again when it restarts: receivers deduplicate by each entry's
// cursor (or by the LKT-Webhook-Id header, the batch's last cursor).
//
// The feed is read through lkt.Service.Feed as the configured system
// principal (Config.Reader, which needs lkt.RightReadFeed): communities
// whose consent does not let a system read them arrive as lkt.Withheld,
// and every delivery is audited like any read.
//
// # A delivery
//
// One POST per batch of up to Config.Batch entries, with the body
//
//	{"webhook": "<endpoint name>", "items": [{"cursor": "…", "event": {…}}, …], "next": "<last cursor>"}
//
// and the headers
//
//	Content-Type: application/json
//	LKT-Webhook-Id: <the batch's last cursor>
//	LKT-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
//
// as Stripe signs its webhooks: v1 is HMAC-SHA256 under the endpoint's
// secret over the timestamp, a full stop and the body as sent
// ("1767225600.{…}"). Verify checks it, and that t is recent, so that a
// captured delivery cannot be replayed later. Any 2xx answer acknowledges
// the batch; anything else, or no answer, is retried after
// MinBackoff·2ⁿ (capped at MaxBackoff), with jitter, until it succeeds:
// later entries wait, so that each endpoint sees the feed in order.
package webhook
