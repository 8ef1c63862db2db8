package main

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"
)

// TestLimiterHoldsTheFlood: under a flood of bad tokens from one client,
// the server checks no more than the burst and one a second, answers the
// rest 429, and legitimate clients' reads all succeed.
func TestLimiterHoldsTheFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the example server and loads it; skipped in -short")
	}
	var out bytes.Buffer
	o := options{duration: 300 * time.Millisecond, requests: 1 << 20, concurrency: 2}
	res, err := runLimiter(context.Background(), o, &out)
	if err != nil {
		t.Fatalf("runLimiter: %v\n%s", err, out.String())
	}
	if res.alone.n == 0 || res.attacked.n == 0 || res.legitFailed != 0 {
		t.Errorf("legitimate reads: %d alone, %d under the flood, %d failed; want some and none failed", res.alone.n, res.attacked.n, res.legitFailed)
	}
	if most := 20 + int64(math.Ceil(res.attackElapsed.Seconds())) + 1; res.checked > most {
		t.Errorf("%d bad tokens checked in %s; the limit allows at most %d", res.checked, res.attackElapsed, most)
	}
	if res.refused == 0 || res.unknown != 0 {
		t.Errorf("%d answered 429, %d other; want some 429 and nothing else\n%s", res.refused, res.unknown, out.String())
	}
}
