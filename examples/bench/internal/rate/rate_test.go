package rate

import (
	"slices"
	"testing"
)

// Two workloads take turns as MeasurePair always gave them (a b b a a b
// …); three, in rounds every other one reversed, so that each gets the
// same number of turns and every pair of them alternates.
func TestSchedule(t *testing.T) {
	if got, want := Schedule(2, 4), []int{0, 1, 1, 0, 0, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("Schedule(2, 4) = %v, want %v", got, want)
	}
	if got, want := Schedule(3, 4), []int{0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("Schedule(3, 4) = %v, want %v", got, want)
	}
	for k := 1; k <= 4; k++ {
		turns := make([]int, k)
		for _, s := range Schedule(k, Turns) {
			turns[s]++
		}
		for s, n := range turns {
			if n != Turns {
				t.Errorf("Schedule(%d, %d): workload %d has %d turns, want %d", k, Turns, s, n, Turns)
			}
		}
	}
}
