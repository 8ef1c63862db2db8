// Package rate measures operations per second for the benchmark
// commands, and compares two workloads in alternating turns so that their
// ratio holds still on a machine whose load comes and goes.
package rate

import (
	"sync"
	"sync/atomic"
	"time"
)

// Measure runs work on n goroutines for d and returns operations per
// second. work gets the goroutine's number and its iteration.
func Measure(n int, d time.Duration, work func(g, i int) error) (float64, error) {
	ops, took, err := RunFor(n, d, make([]int, n), work)
	if err != nil {
		return 0, err
	}
	return float64(ops) / took.Seconds(), nil
}

// Turns is how many turns each side of a comparison gets (see
// MeasurePair).
const Turns = 10

// MeasurePair measures a and b for d each, in alternating turns of d/Turns
// (a b b a a b …), and returns each one's operations per second. On a
// machine where other work comes and goes, both sides see the same load,
// so their ratio holds still even when the rates move.
func MeasurePair(n int, d time.Duration, a, b func(g, i int) error) (float64, float64, error) {
	var ops [2]int64
	var took [2]time.Duration
	iters := [2][]int{make([]int, n), make([]int, n)} // iterations continue across turns
	for t := range 2 * Turns {
		side := (t + t/2) % 2 // 0 1 1 0 0 1 1 0 …
		work := a
		if side == 1 {
			work = b
		}
		o, took1, err := RunFor(n, d/Turns, iters[side], work)
		if err != nil {
			return 0, 0, err
		}
		ops[side] += o
		took[side] += took1
	}
	return float64(ops[0]) / took[0].Seconds(), float64(ops[1]) / took[1].Seconds(), nil
}

// RunFor runs work on n goroutines for d; goroutine g continues from
// iteration iters[g].
func RunFor(n int, d time.Duration, iters []int, work func(g, i int) error) (int64, time.Duration, error) {
	var (
		ops   atomic.Int64
		wg    sync.WaitGroup
		first atomic.Value
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for g := range n {
		wg.Go(func() {
			for ; time.Now().Before(deadline); iters[g]++ {
				if err := work(g, iters[g]); err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
				ops.Add(1)
			}
		})
	}
	wg.Wait()
	if err, ok := first.Load().(error); ok {
		return 0, 0, err
	}
	return ops.Load(), time.Since(start), nil
}
