package ident

import (
	"errors"
	"fmt"
	"time"
)

// individualRanges returns the blocks of individual numbers (inclusive) used
// for people born in year, following the century rule in [ParsePersonNumber].
func individualRanges(year int) [][2]int {
	switch {
	case year >= 1854 && year <= 1899:
		return [][2]int{{500, 749}}
	case year >= 1900 && year <= 1939:
		return [][2]int{{0, 499}}
	case year >= 1940 && year <= 1999:
		return [][2]int{{0, 499}, {900, 999}}
	case year >= 2000 && year <= 2039:
		return [][2]int{{500, 999}}
	}
	return nil
}

// SyntheticNumber returns a valid synthetic (+80 month) national id (or D-number when d is true)
// for birth date and individual number seq (0..999 chosen to fit the century); it tries successive
// individual numbers until both check digits are valid, returning an error if none fits.
//
// The birth date is birth's calendar date in birth's own location (use UTC
// midnight, as in [PersonNumber].BirthDate, to avoid surprises). The year
// must be 1854–2039. seq is the first individual number tried and must lie in
// a block used for that year: 500–749 for 1854–1899, 000–499 for 1900–1999,
// 900–999 for 1940–1999 and 500–999 for 2000–2039. Numbers are tried upwards
// from seq to the end of its block; the search never leaves the block, so the
// result always parses, with [Options].AllowSynthetic, to the same birth date.
// The result is a function of the arguments alone.
func SyntheticNumber(birth time.Time, d bool, seq int) (string, error) {
	year, month, day := birth.Date()
	ranges := individualRanges(year)
	if ranges == nil {
		return "", fmt.Errorf("ident: birth year %d is outside 1854-2039, which national identity numbers cannot express", year)
	}
	var block [2]int
	found := false
	for _, r := range ranges {
		if seq >= r[0] && seq <= r[1] {
			block, found = r, true
			break
		}
	}
	if !found {
		return "", fmt.Errorf("ident: individual number %d is not used for birth year %d (allowed: %s)", seq, year, describeRanges(ranges))
	}
	if d {
		day += dNumberOffset
	}
	m := int(month) + syntheticAdd
	yy := year % 100
	var digits [personLen]int
	digits[0], digits[1] = day/10, day%10
	digits[2], digits[3] = m/10, m%10
	digits[4], digits[5] = yy/10, yy%10
	for ind := seq; ind <= block[1]; ind++ {
		digits[6], digits[7], digits[8] = ind/100, ind/10%10, ind%10
		k1, k2, ok := personCheckDigits(digits[:])
		if !ok {
			continue
		}
		digits[9], digits[10] = k1, k2
		b := make([]byte, personLen)
		for i, v := range digits {
			b[i] = byte('0' + v)
		}
		return string(b), nil
	}
	return "", errors.New("ident: no individual number from seq to the end of its block gives valid check digits; choose a smaller seq")
}

func describeRanges(ranges [][2]int) string {
	s := ""
	for i, r := range ranges {
		if i > 0 {
			s += " or "
		}
		s += fmt.Sprintf("%03d-%03d", r[0], r[1])
	}
	return s
}
