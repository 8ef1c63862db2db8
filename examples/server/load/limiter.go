package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/demo"
)

// limiterResult is one run of -limiter: legitimate reads alone, then the
// same reads while one client floods the server with tokens that fail.
type limiterResult struct {
	alone, attacked      result
	attempts, checked    int64 // the attacker's requests, and those whose token was looked at (401)
	refused              int64 // answered 429 without looking
	attackElapsed        time.Duration
	legitFailed, unknown int64
}

// runLimiter measures the failure limit (adapters/http.FailureLimit)
// against a flood of bad bearer tokens from one client, behind a proxy
// that names clients by X-Forwarded-For: how many failed tokens a second
// the server still checks, and what legitimate clients' reads cost
// meanwhile, against the same reads without the flood, in one run.
func runLimiter(ctx context.Context, o options, out io.Writer) (limiterResult, error) {
	var res limiterResult
	dir, err := os.MkdirTemp("", "lkt-load-limiter-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	sctx, stop := context.WithCancel(ctx)
	a, err := app.Start(sctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "server.db"), Quiet: true, BehindProxy: true}, io.Discard)
	if err != nil {
		stop()
		return res, err
	}
	defer func() { stop(); _ = a.Wait() }()
	tr := &http.Transport{MaxIdleConns: 4 * o.concurrency, MaxIdleConnsPerHost: 2 * o.concurrency}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	do := func(token, from string) (int, error) {
		req, err := http.NewRequest("GET", a.URL+"/api/communities/"+string(demo.Emil), nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Forwarded-For", from)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	legit := func(int) error {
		code, err := do("demo-marit-coordinator", "10.0.0.2")
		if err == nil && code != http.StatusOK {
			err = fmt.Errorf("a legitimate read answered %d", code)
		}
		return err
	}
	var dials atomic.Int64
	res.alone = measure("legitimate reads alone", o, &dials, legit)

	var attempts, checked, refused, unknown atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	start := time.Now()
	for w := range o.concurrency {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				code, err := do(fmt.Sprintf("guess-%d-%d", w, n), "10.0.0.1")
				attempts.Add(1)
				switch {
				case err != nil:
					unknown.Add(1)
				case code == http.StatusUnauthorized:
					checked.Add(1)
				case code == http.StatusTooManyRequests:
					refused.Add(1)
				default:
					unknown.Add(1)
				}
			}
		})
	}
	res.attacked = measure("legitimate reads under the flood", o, &dials, legit)
	close(done)
	wg.Wait()
	res.attackElapsed = time.Since(start)
	res.attempts, res.checked, res.refused, res.unknown = attempts.Load(), checked.Load(), refused.Load(), unknown.Load()
	res.legitFailed = res.alone.failed + res.attacked.failed

	secs := res.attackElapsed.Seconds()
	fmt.Fprintf(out, "failure limit (adapters/http.DefaultFailureLimit: a burst of 20, then 1/s), %d workers each side, %s:\n", o.concurrency, o.duration)
	fmt.Fprintf(out, "  flood from one client: %.0f bad tokens/s sent; %d checked (the burst, then %.2f/s), %d answered 429 unchecked, %d other\n",
		float64(res.attempts)/secs, res.checked, float64(max(res.checked-20, 0))/secs, res.refused, res.unknown)
	for _, r := range []result{res.alone, res.attacked} {
		fmt.Fprintf(out, "  %-34s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  failed %d\n", r.name, r.rps(),
			ms(r.p50), ms(r.p99), r.failed)
	}
	fmt.Fprintf(out, "  legitimate reads under the flood: %.2f× of alone (the flood and the reads share the 2 cores)\n",
		res.attacked.rps()/res.alone.rps())
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
