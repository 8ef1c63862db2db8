package webhook

import (
	"context"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Backlog is how far one endpoint's deliveries are behind the feed.
type Backlog struct {
	Endpoint string
	// Events is the number of events not yet delivered, counted up to
	// the limit Backlog was given; Capped says there are more.
	Events int
	Capped bool
	// Oldest is when the oldest event not yet delivered was recorded;
	// zero when everything is delivered.
	Oldest time.Time
}

// Lag is how long the oldest undelivered event has waited at now (0 when
// everything is delivered).
func (b Backlog) Lag(now time.Time) time.Duration {
	if b.Oldest.IsZero() {
		return 0
	}
	return max(0, now.Sub(b.Oldest))
}

// Backlog reads each endpoint's delivery cursor and counts the feed's
// entries after it, at most limit, from feed (the store itself): for
// monitoring, at scrape time. It reads the store directly, not through
// the Service as deliveries do, because nothing of the events leaves it —
// only how many there are and how old the first is —, so there is no read
// to authorise or audit.
func (d *Dispatcher) Backlog(ctx context.Context, feed lkt.ChangeFeed, limit int) ([]Backlog, error) {
	out := make([]Backlog, 0, len(d.cfg.Endpoints))
	for _, e := range d.cfg.Endpoints {
		after, err := d.cfg.Cursors.DeliveryCursor(ctx, e.Name)
		if err != nil {
			return nil, err
		}
		b := Backlog{Endpoint: e.Name}
		for b.Events < limit {
			entries, next, err := feed.Feed(ctx, after, min(lkt.MaxPage, limit-b.Events))
			if err != nil {
				return nil, err
			}
			if len(entries) == 0 {
				break
			}
			if b.Events == 0 {
				b.Oldest = entries[0].Event.At
			}
			b.Events += len(entries)
			after = next
		}
		if b.Events >= limit {
			more, _, err := feed.Feed(ctx, after, 1)
			if err != nil {
				return nil, err
			}
			b.Capped = len(more) > 0
		}
		out = append(out, b)
	}
	return out, nil
}
