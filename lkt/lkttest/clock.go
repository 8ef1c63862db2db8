package lkttest

import (
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Start is the moment every fixture clock starts at: Monday 2 March 2026,
// 09:00 UTC.
var Start = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// Clock is a clock that moves only when told to. Safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Config returns a domain Config on clock that accepts synthetic identity
// numbers, as tests and demos need.
func Config(clock lkt.Clock) lkt.Config {
	return lkt.Config{Clock: clock, AcceptSyntheticIDs: true}
}
