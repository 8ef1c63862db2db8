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
	r, err := MeasureAll(n, d, a, b)
	if err != nil {
		return 0, 0, err
	}
	return r[0], r[1], nil
}

// MeasureAll measures each of works for d, in turns of d/Turns taken in
// rounds, every other round in reverse (a b c c b a a b c …; for two, as
// MeasurePair), and returns each one's operations per second: every pair
// of them sees the same load, as in MeasurePair.
func MeasureAll(n int, d time.Duration, works ...func(g, i int) error) ([]float64, error) {
	ops := make([]int64, len(works))
	took := make([]time.Duration, len(works))
	iters := make([][]int, len(works)) // iterations continue across turns
	for i := range iters {
		iters[i] = make([]int, n)
	}
	for _, side := range Schedule(len(works), Turns) {
		o, took1, err := RunFor(n, d/Turns, iters[side], works[side])
		if err != nil {
			return nil, err
		}
		ops[side] += o
		took[side] += took1
	}
	out := make([]float64, len(works))
	for i := range out {
		out[i] = float64(ops[i]) / took[i].Seconds()
	}
	return out, nil
}

// Schedule is the order in which MeasureAll gives k workloads turns
// each: rounds of one turn each, every other round in reverse (for two:
// 0 1 1 0 0 1 …).
func Schedule(k, turns int) []int {
	out := make([]int, 0, k*turns)
	for r := range turns {
		for p := range k {
			if r%2 == 1 {
				p = k - 1 - p
			}
			out = append(out, p)
		}
	}
	return out
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
