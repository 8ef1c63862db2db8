package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestRunMeasuresEveryRowAndRatio runs the load briefly, twice over, with
// each client, and checks that every row served requests with none
// failing, and that every ratio is printed for each round with its median.
func TestRunMeasuresEveryRowAndRatio(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the example server and loads it; skipped in -short")
	}
	for _, client := range []string{"transport", "conn"} {
		t.Run(client, func(t *testing.T) {
			var out bytes.Buffer
			o := options{duration: 150 * time.Millisecond, requests: 200, concurrency: 2, rounds: 2, client: client}
			rounds, err := run(context.Background(), o, &out)
			if err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			if len(rounds) != 2 {
				t.Fatalf("got %d rounds, want 2", len(rounds))
			}
			for i, results := range rounds {
				if len(results) != 9 {
					t.Fatalf("round %d: %d rows, want 9", i+1, len(results))
				}
				for _, r := range results {
					if r.n == 0 || r.failed != 0 || r.n > o.requests {
						t.Errorf("round %d, %q: %d requests, %d failed; want 1..%d and none failed", i+1, r.name, r.n, r.failed, o.requests)
					}
				}
				// The ratios index these two rows.
				if got := results[7].name; !strings.HasPrefix(got, "store durable saves") {
					t.Errorf("round %d: row 8 is %q, want the store's saves (the command's baseline)", i+1, got)
				}
				if got := results[8].name; !strings.Contains(got, "saves behind a bare handler") {
					t.Errorf("round %d: row 9 is %q, want the saves behind a bare handler", i+1, got)
				}
			}
			text := out.String()
			if !strings.Contains(text, "(-client "+client+")") {
				t.Errorf("the output does not say which client measured:\n%s", text)
			}
			for _, q := range ratios {
				line := lineWith(text, q.name+":")
				if line == "" {
					t.Errorf("no line for %q in:\n%s", q.name, text)
					continue
				}
				// Two rounds and their median.
				if n := len(strings.Fields(strings.TrimPrefix(line, q.name+":"))) - len(strings.Fields(q.note)); n != 3 {
					t.Errorf("%q: %d figures, want 3 (two rounds, median): %q", q.name, n, line)
				}
			}
		})
	}
}

func lineWith(text, prefix string) string {
	for line := range strings.Lines(text) {
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func TestRunRefusesBoundsThatMeasureNothing(t *testing.T) {
	for _, o := range []options{
		{duration: 0, requests: 10, concurrency: 1, rounds: 1},
		{duration: time.Second, requests: 0, concurrency: 1, rounds: 1},
		{duration: time.Second, requests: 10, concurrency: 0, rounds: 1},
		{duration: time.Second, requests: 10, concurrency: 1, rounds: 0},
	} {
		if _, err := run(context.Background(), o, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "must be positive") {
			t.Errorf("%+v: err = %v, want a refusal", o, err)
		}
	}
	o := options{duration: time.Second, requests: 10, concurrency: 1, rounds: 1, client: "curl"}
	if _, err := run(context.Background(), o, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "transport or conn") {
		t.Errorf("client %q: err = %v, want a refusal", o.client, err)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{0.5}, 0.5},
		{[]float64{0.7, 0.4, 0.5}, 0.5},
		{[]float64{0.4, 0.8, 0.5, 0.6}, 0.55},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
