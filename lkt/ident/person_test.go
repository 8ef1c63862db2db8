package ident

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The numbers below were not produced by this package. Each one was built
// from a chosen DDMMYY and individual number with the check digits worked
// out by hand, the arithmetic shown in the comment above it:
// K1 = 11 - (sum of digits 1-9 × 3 7 6 1 8 9 4 5 2) mod 11,
// K2 = 11 - (sum of digits 1-10 × 5 4 3 2 7 6 5 4 3 2) mod 11,
// where a remainder of 0 gives 0.

func TestParsePersonNumberValid(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		kind      Kind
		birth     time.Time
		synthetic bool
	}{
		// 01019012480
		// k1: 0*3+1*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=102, 102 mod 11=3 -> 8; k2: 0*5+1*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+8*2=110, 110 mod 11=0 -> 0
		{name: "1900s, individual 000-499", in: "01019012480", kind: NationalID, birth: day(1990, 1, 1), synthetic: false},
		// 41019012474
		// k1: 4*3+1*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=114, 114 mod 11=4 -> 7; k2: 4*5+1*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+7*2=128, 128 mod 11=7 -> 4
		{name: "D-number (day 01 + 40)", in: "41019012474", kind: DNumber, birth: day(1990, 1, 1), synthetic: false},
		// 71019012497
		// k1: 7*3+1*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=123, 123 mod 11=2 -> 9; k2: 7*5+1*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+9*2=147, 147 mod 11=4 -> 7
		{name: "D-number, highest day (31 + 40 = 71)", in: "71019012497", kind: DNumber, birth: day(1990, 1, 31), synthetic: false},
		// 01819012446
		// k1: 0*3+1*7+8*6+1*1+9*8+0*9+1*4+2*5+4*2=150, 150 mod 11=7 -> 4; k2: 0*5+1*4+8*3+1*2+9*7+0*6+1*5+2*4+4*3+4*2=126, 126 mod 11=5 -> 6
		{name: "synthetic national id (month 01 + 80)", in: "01819012446", kind: NationalID, birth: day(1990, 1, 1), synthetic: true},
		// 41819012510
		// k1: 4*3+1*7+8*6+1*1+9*8+0*9+1*4+2*5+5*2=164, 164 mod 11=10 -> 1; k2: 4*5+1*4+8*3+1*2+9*7+0*6+1*5+2*4+5*3+1*2=143, 143 mod 11=0 -> 0
		{name: "synthetic D-number", in: "41819012510", kind: DNumber, birth: day(1990, 1, 1), synthetic: true},
		// 15067560075
		// k1: 1*3+5*7+0*6+6*1+7*8+5*9+6*4+0*5+0*2=169, 169 mod 11=4 -> 7; k2: 1*5+5*4+0*3+6*2+7*7+5*6+6*5+0*4+0*3+7*2=160, 160 mod 11=6 -> 5
		{name: "1854-1899: individual 500-749 with year 54-99", in: "15067560075", kind: NationalID, birth: day(1875, 6, 15), synthetic: false},
		// 01015450068
		// k1: 0*3+1*7+0*6+1*1+5*8+4*9+5*4+0*5+0*2=104, 104 mod 11=5 -> 6; k2: 0*5+1*4+0*3+1*2+5*7+4*6+5*5+0*4+0*3+6*2=102, 102 mod 11=3 -> 8
		{name: "1854: lowest year for 500-749", in: "01015450068", kind: NationalID, birth: day(1854, 1, 1), synthetic: false},
		// 31129950016
		// k1: 3*3+1*7+1*6+2*1+9*8+9*9+5*4+0*5+0*2=197, 197 mod 11=10 -> 1; k2: 3*5+1*4+1*3+2*2+9*7+9*6+5*5+0*4+0*3+1*2=170, 170 mod 11=5 -> 6
		{name: "1899: individual 500, year 99", in: "31129950016", kind: NationalID, birth: day(1899, 12, 31), synthetic: false},
		// 31129949980
		// k1: 3*3+1*7+1*6+2*1+9*8+9*9+4*4+9*5+9*2=256, 256 mod 11=3 -> 8; k2: 3*5+1*4+1*3+2*2+9*7+9*6+4*5+9*4+9*3+8*2=242, 242 mod 11=0 -> 0
		{name: "1999: individual 499 is still 1900s", in: "31129949980", kind: NationalID, birth: day(1999, 12, 31), synthetic: false},
		// 01010050053
		// k1: 0*3+1*7+0*6+1*1+0*8+0*9+5*4+0*5+0*2=28, 28 mod 11=6 -> 5; k2: 0*5+1*4+0*3+1*2+0*7+0*6+5*5+0*4+0*3+5*2=41, 41 mod 11=8 -> 3
		{name: "2000-2039: individual 500-999 with year 00-39", in: "01010050053", kind: NationalID, birth: day(2000, 1, 1), synthetic: false},
		// 01012095038
		// k1: 0*3+1*7+0*6+1*1+2*8+0*9+9*4+5*5+0*2=85, 85 mod 11=8 -> 3; k2: 0*5+1*4+0*3+1*2+2*7+0*6+9*5+5*4+0*3+3*2=91, 91 mod 11=3 -> 8
		{name: "2000-2039: 950 with year 20 is 2020", in: "01012095038", kind: NationalID, birth: day(2020, 1, 1), synthetic: false},
		// 31123999935
		// k1: 3*3+1*7+1*6+2*1+3*8+9*9+9*4+9*5+9*2=228, 228 mod 11=8 -> 3; k2: 3*5+1*4+1*3+2*2+3*7+9*6+9*5+9*4+9*3+3*2=215, 215 mod 11=6 -> 5
		{name: "2039: highest year, individual 999", in: "31123999935", kind: NationalID, birth: day(2039, 12, 31), synthetic: false},
		// 17054595034
		// k1: 1*3+7*7+0*6+5*1+4*8+5*9+9*4+5*5+0*2=195, 195 mod 11=8 -> 3; k2: 1*5+7*4+0*3+5*2+4*7+5*6+9*5+5*4+0*3+3*2=172, 172 mod 11=7 -> 4
		{name: "1940-1999: individual 900-999 with year 40-99", in: "17054595034", kind: NationalID, birth: day(1945, 5, 17), synthetic: false},
		// 01014090017
		// k1: 0*3+1*7+0*6+1*1+4*8+0*9+9*4+0*5+0*2=76, 76 mod 11=10 -> 1; k2: 0*5+1*4+0*3+1*2+4*7+0*6+9*5+0*4+0*3+1*2=81, 81 mod 11=4 -> 7
		{name: "1940: lowest year for 900-999", in: "01014090017", kind: NationalID, birth: day(1940, 1, 1), synthetic: false},
		// 29022051251
		// k1: 2*3+9*7+0*6+2*1+2*8+0*9+5*4+1*5+2*2=116, 116 mod 11=6 -> 5; k2: 2*5+9*4+0*3+2*2+2*7+0*6+5*5+1*4+2*3+5*2=109, 109 mod 11=10 -> 1
		{name: "29 February 2020 (leap year)", in: "29022051251", kind: NationalID, birth: day(2020, 2, 29), synthetic: false},
		// 29020051386
		// k1: 2*3+9*7+0*6+2*1+0*8+0*9+5*4+1*5+3*2=102, 102 mod 11=3 -> 8; k2: 2*5+9*4+0*3+2*2+0*7+0*6+5*5+1*4+3*3+8*2=104, 104 mod 11=5 -> 6
		{name: "29 February 2000 (leap year, divisible by 400)", in: "29020051386", kind: NationalID, birth: day(2000, 2, 29), synthetic: false},
		// 01011080150: k1: 0*3+1*7+0*6+1*1+1*8+0*9+8*4+0*5+1*2=50, 50 mod 11=6 -> 5; k2: 0*5+1*4+0*3+1*2+1*7+0*6+8*5+0*4+1*3+5*2=66, 66 mod 11=0 -> 0
		{name: "2000-2039: individual 750-899 with year 00-39", in: "01011080150", kind: NationalID, birth: day(2010, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePersonNumber(tt.in, Options{AllowSynthetic: tt.synthetic})
			require.NoError(t, err)
			assert.Equal(t, PersonNumber{Number: tt.in, Kind: tt.kind, BirthDate: tt.birth, Synthetic: tt.synthetic}, got)
			assert.Equal(t, time.UTC, got.BirthDate.Location())

			// Any single-digit change must be caught (mod 11 detects
			// every single substitution).
			for i := 0; i < len(tt.in); i++ {
				b := []byte(tt.in)
				b[i] = '0' + (b[i]-'0'+1)%10
				_, err := ParsePersonNumber(string(b), Options{AllowSynthetic: true})
				assert.ErrorIs(t, err, ErrCheckDigit, "digit %d changed: %s", i+1, b)
			}
		})
	}
}

func TestParsePersonNumberSyntheticNeedsOption(t *testing.T) {
	for _, in := range []string{"01819012446", "41819012510"} {
		_, err := ParsePersonNumber(in, Options{})
		require.ErrorIs(t, err, ErrSynthetic, in)
		assert.Contains(t, err.Error(), "synthetic")
		assert.Contains(t, err.Error(), "test")

		p, err := ParsePersonNumber(in, Options{AllowSynthetic: true})
		require.NoError(t, err, in)
		assert.True(t, p.Synthetic)
	}
	// AllowSynthetic does not make ordinary numbers synthetic.
	p, err := ParsePersonNumber("01019012480", Options{AllowSynthetic: true})
	require.NoError(t, err)
	assert.False(t, p.Synthetic)
}

func TestParsePersonNumberInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		err  error
		msg  string // substring of the message, when it matters
	}{
		{name: "empty", in: "", err: ErrLength, msg: "got 0 characters"},
		{name: "ten digits", in: "0101901248", err: ErrLength, msg: "11 digits, got 10"},
		{name: "twelve digits", in: "010190124800", err: ErrLength},
		{name: "with a space", in: "010190 12480", err: ErrLength},
		{name: "letter", in: "0101901248a", err: ErrNotDigits, msg: "character 11"},
		{name: "leading space, right length", in: " 1019012480", err: ErrNotDigits, msg: "character 1"},
		{name: "minus sign", in: "-1019012480", err: ErrNotDigits},
		{name: "full-width digit, 11 characters", in: "０1019012480", err: ErrNotDigits},
		{name: "Arabic-Indic digits", in: "٠١٠١٩٠١٢٤٨٠", err: ErrNotDigits},
		{name: "second check digit wrong", in: "01019012481", err: ErrCheckDigit, msg: "second check digit"},
		{name: "first check digit wrong", in: "01019012470", err: ErrCheckDigit, msg: "first check digit"},
		{name: "digits swapped", in: "10019012480", err: ErrCheckDigit},
		// 010190123: 0*3+1*7+0*6+1*1+9*8+0*9+1*4+2*5+3*2=100, 100 mod 11=1: no K1 exists.
		{name: "first check digit impossible (remainder 1)", in: "01019012300", err: ErrCheckDigit, msg: "no valid check digits"},
		// 010190007: K1: 0*3+1*7+0*6+1*1+9*8+0*9+0*4+0*5+7*2=94, 94 mod 11=6 -> 5;
		// K2: 0*5+1*4+0*3+1*2+9*7+0*6+0*5+0*4+7*3+5*2=100, 100 mod 11=1: no K2 exists.
		{name: "second check digit impossible (remainder 1)", in: "01019000750", err: ErrCheckDigit, msg: "no valid check digits"},
		{name: "all zeros", in: "00000000000", err: ErrDate},
		{name: "synthetic without option", in: "01819012446", err: ErrSynthetic},
		// 31829012459: K1: 3*3+1*7+8*6+2*1+9*8+0*9+1*4+2*5+4*2=160, 160 mod 11=6 -> 5;
		// K2: 3*5+1*4+8*3+2*2+9*7+0*6+1*5+2*4+4*3+5*2=145, 145 mod 11=2 -> 9
		{name: "synthetic 31 February", in: "31829012459", opts: Options{AllowSynthetic: true}, err: ErrDate},
		// 31029012493: k1: 3*3+1*7+0*6+2*1+9*8+0*9+1*4+2*5+4*2=112, 112 mod 11=2 -> 9; k2: 3*5+1*4+0*3+2*2+9*7+0*6+1*5+2*4+4*3+9*2=129, 129 mod 11=8 -> 3
		{name: "31 February", in: "31029012493", err: ErrDate},
		// 29020012461: k1: 2*3+9*7+0*6+2*1+0*8+0*9+1*4+2*5+4*2=93, 93 mod 11=5 -> 6; k2: 2*5+9*4+0*3+2*2+0*7+0*6+1*5+2*4+4*3+6*2=87, 87 mod 11=10 -> 1
		{name: "29 February 1900 (not a leap year)", in: "29020012461", err: ErrDate},
		// 00019012441: k1: 0*3+0*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=95, 95 mod 11=7 -> 4; k2: 0*5+0*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+4*2=98, 98 mod 11=10 -> 1
		{name: "day 00", in: "00019012441", err: ErrDate},
		// 01009012490: k1: 0*3+1*7+0*6+0*1+9*8+0*9+1*4+2*5+4*2=101, 101 mod 11=2 -> 9; k2: 0*5+1*4+0*3+0*2+9*7+0*6+1*5+2*4+4*3+9*2=110, 110 mod 11=0 -> 0
		{name: "month 00", in: "01009012490", err: ErrDate},
		// 01139012670: k1: 0*3+1*7+1*6+3*1+9*8+0*9+1*4+2*5+6*2=114, 114 mod 11=4 -> 7; k2: 0*5+1*4+1*3+3*2+9*7+0*6+1*5+2*4+6*3+7*2=121, 121 mod 11=0 -> 0
		{name: "month 13", in: "01139012670", err: ErrDate},
		// 31119012441: k1: 3*3+1*7+1*6+1*1+9*8+0*9+1*4+2*5+4*2=117, 117 mod 11=7 -> 4; k2: 3*5+1*4+1*3+1*2+9*7+0*6+1*5+2*4+4*3+4*2=120, 120 mod 11=10 -> 1
		{name: "31 November", in: "31119012441", err: ErrDate},
		// 40019012435: k1: 4*3+0*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=107, 107 mod 11=8 -> 3; k2: 4*5+0*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+3*2=116, 116 mod 11=6 -> 5
		{name: "D-number with day field 40 (day 0)", in: "40019012435", err: ErrDate},
		// 72019012426: k1: 7*3+2*7+0*6+1*1+9*8+0*9+1*4+2*5+4*2=130, 130 mod 11=9 -> 2; k2: 7*5+2*4+0*3+1*2+9*7+0*6+1*5+2*4+4*3+2*2=137, 137 mod 11=5 -> 6
		{name: "D-number with day field 72 (day 32)", in: "72019012426", err: ErrDate},
		// 01419012463: k1: 0*3+1*7+4*6+1*1+9*8+0*9+1*4+2*5+4*2=126, 126 mod 11=5 -> 6; k2: 0*5+1*4+4*3+1*2+9*7+0*6+1*5+2*4+4*3+6*2=118, 118 mod 11=8 -> 3
		{name: "H-number (month + 40) is not supported", in: "01419012463", err: ErrDate},
		// 01939012474: k1: 0*3+1*7+9*6+3*1+9*8+0*9+1*4+2*5+4*2=158, 158 mod 11=4 -> 7; k2: 0*5+1*4+9*3+3*2+9*7+0*6+1*5+2*4+4*3+7*2=139, 139 mod 11=7 -> 4
		{name: "month 93 is not synthetic (93 - 80 = 13)", in: "01939012474", err: ErrDate},
		// 01015350047: k1: 0*3+1*7+0*6+1*1+5*8+3*9+5*4+0*5+0*2=95, 95 mod 11=7 -> 4; k2: 0*5+1*4+0*3+1*2+5*7+3*6+5*5+0*4+0*3+4*2=92, 92 mod 11=4 -> 7
		{name: "individual 500-749 with year 40-53", in: "01015350047", err: ErrIndividualNumber},
		// 15064560090: k1: 1*3+5*7+0*6+6*1+4*8+5*9+6*4+0*5+0*2=145, 145 mod 11=2 -> 9; k2: 1*5+5*4+0*3+6*2+4*7+5*6+6*5+0*4+0*3+9*2=143, 143 mod 11=0 -> 0
		{name: "individual 600 with year 45", in: "15064560090", err: ErrIndividualNumber},
		// 15066080835: k1: 1*3+5*7+0*6+6*1+6*8+0*9+8*4+0*5+8*2=140, 140 mod 11=8 -> 3; k2: 1*5+5*4+0*3+6*2+6*7+0*6+8*5+0*4+8*3+3*2=149, 149 mod 11=6 -> 5
		{name: "individual 750-899 with year 40-99", in: "15066080835", err: ErrIndividualNumber},
		// 15067575005: k1: 1*3+5*7+0*6+6*1+7*8+5*9+7*4+5*5+0*2=198, 198 mod 11=0 -> 0; k2: 1*5+5*4+0*3+6*2+7*7+5*6+7*5+5*4+0*3+0*2=171, 171 mod 11=6 -> 5
		{name: "individual 750 with year 75", in: "15067575005", err: ErrIndividualNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePersonNumber(tt.in, tt.opts)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			assert.Equal(t, PersonNumber{}, got)
			if tt.msg != "" {
				assert.Contains(t, err.Error(), tt.msg)
			}
			// Errors are logged: they must not echo the number.
			if len(tt.in) >= 6 {
				assert.NotContains(t, err.Error(), tt.in[:6])
			}
		})
	}
}

// Every error names its problem in plain words, and exactly one sentinel.
func TestParsePersonNumberErrorsAreDistinct(t *testing.T) {
	inputs := map[error]string{
		ErrLength:           "123",
		ErrNotDigits:        "0101901248x",
		ErrCheckDigit:       "01019012481",
		ErrSynthetic:        "01819012446",
		ErrIndividualNumber: "15067575005",
		ErrDate:             "31029012493",
	}
	words := map[error]string{
		ErrLength:           "wrong length",
		ErrNotDigits:        "not digits",
		ErrCheckDigit:       "bad check digit",
		ErrSynthetic:        "synthetic",
		ErrIndividualNumber: "individual number",
		ErrDate:             "impossible date",
	}
	for want, in := range inputs {
		_, err := ParsePersonNumber(in, Options{})
		require.Error(t, err)
		assert.True(t, strings.HasPrefix(err.Error(), words[want]), "%q should start with %q", err, words[want])
		for other := range inputs {
			assert.Equal(t, other == want, errors.Is(err, other), "%q vs %v", err, other)
		}
	}
}

func TestCentury(t *testing.T) {
	tests := []struct {
		ind, yy, want int
	}{
		{0, 0, 1900}, {499, 99, 1900}, {250, 39, 1900}, {250, 40, 1900},
		{500, 54, 1800}, {749, 99, 1800},
		{500, 0, 2000}, {749, 39, 2000}, {750, 0, 2000}, {999, 39, 2000},
		{900, 40, 1900}, {999, 99, 1900},
		{500, 40, 0}, {749, 53, 0}, {750, 40, 0}, {899, 99, 0}, {750, 54, 0},
	}
	for _, tt := range tests {
		got, ok := century(tt.ind, tt.yy)
		assert.Equal(t, tt.want != 0, ok, "ind %03d yy %02d", tt.ind, tt.yy)
		assert.Equal(t, tt.want, got, "ind %03d yy %02d", tt.ind, tt.yy)
	}
}
