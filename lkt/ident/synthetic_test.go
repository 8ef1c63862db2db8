package ident

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSyntheticNumberHandVerified(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		d     bool
		seq   int
		want  string
	}{
		// 018190124 -> 01819012446, worked out in TestParsePersonNumberValid.
		{"national id", day(1990, 1, 1), false, 124, "01819012446"},
		// 418190124: K1: 4*3+1*7+8*6+1*1+9*8+0*9+1*4+2*5+4*2=162, 162 mod 11=8 -> 3;
		// K2: 4*5+1*4+8*3+1*2+9*7+0*6+1*5+2*4+4*3+3*2=144, 144 mod 11=1: no K2,
		// so 125 is tried: 41819012510, worked out in TestParsePersonNumberValid.
		{"D-number skips to the next individual number", day(1990, 1, 1), true, 124, "41819012510"},
		// 018145499: K1: 0*3+1*7+8*6+1*1+4*8+5*9+4*4+9*5+9*2=212, 212 mod 11=3 -> 8;
		// K2: 0*5+1*4+8*3+1*2+4*7+5*6+4*5+9*4+9*3+8*2=187, 187 mod 11=0 -> 0.
		{"last number of a block", day(1945, 1, 1), false, 499, "01814549980"},
		{"birth time of day and zone are ignored", time.Date(1990, 1, 1, 23, 30, 0, 0, time.FixedZone("CET", 3600)), false, 124, "01819012446"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SyntheticNumber(tt.birth, tt.d, tt.seq)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSyntheticNumberErrors(t *testing.T) {
	tests := []struct {
		name  string
		birth time.Time
		seq   int
		msg   string
	}{
		{"year before 1854", day(1853, 12, 31), 600, "outside 1854-2039"},
		{"year after 2039", day(2040, 1, 1), 600, "outside 1854-2039"},
		{"1990 with 500-899", day(1990, 1, 1), 600, "000-499 or 900-999"},
		{"2020 with 000-499", day(2020, 1, 1), 0, "500-999"},
		{"1875 with 750", day(1875, 1, 1), 750, "500-749"},
		{"1930 with 900-999", day(1930, 1, 1), 950, "000-499"},
		{"negative", day(1990, 1, 1), -1, "not used"},
		{"four digits", day(1990, 1, 1), 1000, "not used"},
		// 018100999: K1: 0*3+1*7+8*6+1*1+0*8+0*9+9*4+9*5+9*2=155, 155 mod 11=1:
		// 999 has no check digits and is the end of the block.
		{"no valid number left in the block", day(2000, 1, 1), 999, "no individual number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SyntheticNumber(tt.birth, false, tt.seq)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
			assert.Empty(t, got)
		})
	}
}

// Every generated number parses back to the same date, is synthetic, and is
// refused when synthetic numbers are not allowed.
func TestSyntheticNumberRoundTrip(t *testing.T) {
	starts := map[int][]int{} // year -> seqs to try
	for y := 1854; y <= 2039; y++ {
		for _, r := range individualRanges(y) {
			starts[y] = append(starts[y], r[0], (r[0]+r[1])/2)
		}
	}
	n := 0
	for y, seqs := range starts {
		for _, birth := range []time.Time{day(y, 1, 1), day(y, 2, 28), day(y, 12, 31), day(y, 7, 15)} {
			for _, seq := range seqs {
				for _, d := range []bool{false, true} {
					s, err := SyntheticNumber(birth, d, seq)
					require.NoError(t, err, "%v d=%v seq=%d", birth, d, seq)
					p, err := ParsePersonNumber(s, Options{AllowSynthetic: true})
					require.NoError(t, err, s)
					assert.Equal(t, birth, p.BirthDate, s)
					assert.True(t, p.Synthetic, s)
					assert.Equal(t, d, p.Kind == DNumber, s)
					_, err = ParsePersonNumber(s, Options{})
					assert.ErrorIs(t, err, ErrSynthetic, s)
					again, _ := SyntheticNumber(birth, d, seq)
					assert.Equal(t, s, again, "deterministic")
					n++
				}
			}
		}
	}
	assert.Greater(t, n, 3000)
	_, err := SyntheticNumber(day(2024, 2, 29), false, 500)
	assert.NoError(t, err, "leap day")
}
