package lkt

import (
	"context"
	"sync"
	"time"
)

// Withheld stands in the change feed for an event of a community whose
// consent does not let the reader see it (withdrawn, or not yet given): the
// reader learns that the community changed and its consent state, which
// every member may learn from its summary, and nothing of what changed.
type Withheld struct {
	Consent ConsentState `json:"consent"`
}

// EventType implements EventData.
func (Withheld) EventType() string { return "Withheld" }

func init() { RegisterEvent[Withheld]() }

// feedReader is the rule for who reads the feed across communities.
func feedReader(by Principal) error {
	if by.Kind != SystemPrincipal || !by.Verified.Has(RightReadFeed) {
		return forbidden("feed-reader", "only a system configured with the read-feed right can read the change feed",
			"bare et system som er satt opp med retten read-feed kan lese endringsstrømmen",
			"berre eit system som er sett opp med retten read-feed, kan lese endringsstraumen")
	}
	return nil
}

// feedReadable is whether a community's events reach the feed's readers:
// while its consent lets members share. The read-feed right is a system's
// standing for the feed whether or not it takes part in communities
// (RightActInCommunities).
func feedReadable(c *Community, at time.Time) error {
	if !c.ConsentState(at).Shares() {
		return consentRequired()
	}
	return nil
}

// Feed returns up to limit entries of the change feed after cursor after
// (see ChangeFeed), and the cursor to continue from, for a system with
// RightReadFeed. Events of a community whose consent does not let a system
// read it now are Withheld, as Get refuses it, and every community in the
// page gets a read audit entry ("Feed"), outcome "ok" or, for a withheld
// one, "consent_required": its patient sees that the system learnt of the
// change. A refused reader reads nothing and, asking about no community,
// leaves no audit entry.
func (s *Service) Feed(ctx context.Context, by Principal, after Cursor, limit int) ([]FeedEntry, Cursor, error) {
	if err := feedReader(by); err != nil {
		return nil, after, err
	}
	entries, next, err := s.store.Feed(ctx, after, Query{Limit: limit}.PageLimit())
	if err != nil {
		if CodeOf(err) == Invalid {
			return nil, after, err
		}
		return nil, after, WrapInternal(err)
	}
	now := s.cfg.now()
	seen := map[ID]*Community{}
	var audit []AuditEntry
	for i, e := range entries {
		c, ok := seen[e.Event.Community]
		if !ok {
			if c, err = s.load(ctx, e.Event.Community); err != nil {
				return nil, after, WrapInternal(err)
			}
			seen[c.ID()] = c
			outcome := "ok"
			if err := feedReadable(c, now); err != nil {
				outcome = string(CodeOf(err))
			}
			audit = append(audit, AuditEntry{Community: c.ID(), At: now, By: by, Action: Read, Operation: "Feed", Outcome: outcome, Version: c.Version()})
		}
		if feedReadable(c, now) != nil {
			entries[i].Event = Event{Community: e.Event.Community, Seq: e.Event.Seq, Data: Withheld{Consent: c.ConsentState(now)}}
		}
	}
	if len(audit) > 0 {
		if err := s.store.RecordAudit(ctx, audit...); err != nil {
			return nil, after, WrapInternal(err)
		}
	}
	return entries, next, nil
}

// FeedChanged returns a channel that is closed when this Service next
// saves a change, so that a long-poll or a webhook dispatcher waits without
// polling. It is a hint, not the truth: read the feed when it closes (the
// store decides what is new), and read it now and then anyway, since other
// processes writing the same database do not close it.
func (s *Service) FeedChanged() <-chan struct{} { return s.changed.wait() }

// signal wakes everyone waiting for the next change at once.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func (g *signal) wait() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ch == nil {
		g.ch = make(chan struct{})
	}
	return g.ch
}

func (g *signal) fire() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ch != nil {
		close(g.ch)
		g.ch = nil
	}
}
