package quality_test

import (
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
)

var (
	benchNow    = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	benchPeriod = quality.Year(2025, time.UTC)
)

// memRun is what one instrumented measurement cost.
type memRun struct {
	allocPerCommunity float64 // bytes allocated per community (TotalAlloc)
	heapHWM           uint64  // highest HeapInuse seen during the run
	heapBase          uint64  // HeapInuse before the run
}

// measureMemory measures n communities and samples HeapInuse 100 times
// during the run for its high-water mark. With live set, each sample first
// collects garbage, so the mark is the memory the run keeps, not the
// garbage the collector has not reached yet.
func measureMemory(t testing.TB, n int, live bool) memRun {
	every := max(n/100, 1)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	run := memRun{heapBase: ms.HeapInuse, heapHWM: ms.HeapInuse}
	startAlloc := ms.TotalAlloc

	sampled := func(yield func(quality.Facts, error) bool) {
		i := 0
		for f, err := range communities(n) {
			if i++; i%every == 0 {
				if live {
					runtime.GC()
				}
				runtime.ReadMemStats(&ms)
				run.heapHWM = max(run.heapHWM, ms.HeapInuse)
			}
			if !yield(f, err) {
				return
			}
		}
	}
	r, err := quality.Measure(iter.Seq2[quality.Facts, error](sampled), benchPeriod, benchNow, quality.Options{})
	require.NoError(t, err)
	require.Equal(t, n, r.Communities)
	runtime.ReadMemStats(&ms)
	run.heapHWM = max(run.heapHWM, ms.HeapInuse)
	run.allocPerCommunity = float64(ms.TotalAlloc-startAlloc) / float64(n)
	return run
}

// TestPortfolioMemoryDoesNotGrow shows that a hundred times more communities
// neither allocate more per community nor raise the heap's high-water mark:
// the portfolio is counters and a fixed histogram. (It asserts on memory,
// never on time.)
func TestPortfolioMemoryDoesNotGrow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 100 000 communities")
	}
	small := measureMemory(t, 1_000, true)
	large := measureMemory(t, 100_000, true)
	t.Logf("1 000 communities:   %.1f B allocated/community, live heap high-water %d KiB (base %d KiB)",
		small.allocPerCommunity, small.heapHWM>>10, small.heapBase>>10)
	t.Logf("100 000 communities: %.3f B allocated/community, live heap high-water %d KiB (base %d KiB)",
		large.allocPerCommunity, large.heapHWM>>10, large.heapBase>>10)

	// Allocation is a fixed cost (portfolio, report, the generator's
	// buffers) spread over more communities: per community it must not grow.
	assert.LessOrEqual(t, large.allocPerCommunity, small.allocPerCommunity+1)
	// What remains is the generator's id string; Add itself allocates nothing.
	assert.Less(t, large.allocPerCommunity, 32.0, "Add must not allocate per community")
	// The live heap above its starting point stays within 256 KiB of the
	// small run's: nothing is kept per community.
	assert.LessOrEqual(t, large.heapHWM-large.heapBase, small.heapHWM-small.heapBase+256<<10)
}

// BenchmarkPortfolio measures a portfolio of 100 000 lazily generated
// communities per operation and reports the time per community, the bytes
// allocated per community and the heap's high-water mark.
func BenchmarkPortfolio(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		r, err := quality.Measure(communities(n), benchPeriod, benchNow, quality.Options{})
		if err != nil || r.Communities != n {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/community")
	run := measureMemory(b, n, false)
	b.ReportMetric(run.allocPerCommunity, "B-alloc/community")
	b.ReportMetric(float64(run.heapHWM), "heap-hwm-B")
}
