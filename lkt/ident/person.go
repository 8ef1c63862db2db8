package ident

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Kind tells a national identity number from a D-number.
type Kind string

const (
	NationalID Kind = "national-id" // fødselsnummer
	DNumber    Kind = "d-number"    // D-nummer (first digit + 4)
)

// Options: AllowSynthetic accepts synthetic test numbers, where the month has 80 added
// (as Norwegian test environments — Skatteetaten's Tenor — issue them). Production: false.
type Options struct{ AllowSynthetic bool }

// PersonNumber is a national identity number or D-number that has passed
// [ParsePersonNumber].
type PersonNumber struct {
	Number    string    // the 11 digits
	Kind      Kind      // NationalID or DNumber
	BirthDate time.Time // UTC midnight
	Synthetic bool      // a test number with 80 added to the month
}

// Sentinel errors wrapped by the errors [ParsePersonNumber] returns.
var (
	ErrLength           = errors.New("wrong length")
	ErrNotDigits        = errors.New("not digits")
	ErrCheckDigit       = errors.New("bad check digit")
	ErrSynthetic        = errors.New("synthetic number not allowed")
	ErrIndividualNumber = errors.New("individual number does not fit the year")
	ErrDate             = errors.New("impossible date")
)

const (
	personLen     = 11
	dNumberOffset = 40 // added to the day in a D-number
	syntheticAdd  = 80 // added to the month in a synthetic (Tenor) number
)

var (
	weightsK1 = [...]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weightsK2 = [...]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// mod11 returns the check digit for digits weighted by weights (which must be
// the same length): 11 minus the weighted sum modulo 11, where a remainder of
// 0 gives 0. ok is false when the remainder is 1, for which no check digit
// exists.
func mod11(digits []int, weights []int) (check int, ok bool) {
	sum := 0
	for i, w := range weights {
		sum += digits[i] * w
	}
	return checkFromSum(sum)
}

// personCheckDigits computes K1 and K2 for the first nine digits of d.
func personCheckDigits(d []int) (k1, k2 int, ok bool) {
	k1, ok = mod11(d[:9], weightsK1[:])
	if !ok {
		return 0, 0, false
	}
	ten := [10]int{}
	copy(ten[:], d[:9])
	ten[9] = k1
	k2, ok = mod11(ten[:], weightsK2[:])
	return k1, k2, ok
}

// century returns the century (1800, 1900 or 2000) that individual number
// ind (0–999) gives a birth year ending in yy (0–99).
func century(ind, yy int) (int, bool) {
	switch {
	case ind <= 499:
		return 1900, true
	case ind <= 749 && yy >= 54:
		return 1800, true
	case ind >= 500 && yy <= 39:
		return 2000, true
	case ind >= 900 && yy >= 40:
		return 1900, true
	}
	return 0, false
}

// ParsePersonNumber checks an 11-digit national identity number or D-number: digits only,
// both mod-11 check digits (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2; remainder 0 -> 0,
// remainder 1 -> invalid), a real calendar date, the century from the individual number
// (000–499: 1900–1999; 500–749 with year 54–99: 1854–1899; 500–999 with year 00–39: 2000–2039;
// 900–999 with year 40–99: 1940–1999; anything else invalid). D-numbers: first digit + 4.
// Synthetic (+80 month) only when opts.AllowSynthetic; otherwise an error that says so.
//
// The checks run in the order length, digits, check digits, synthetic,
// individual number, date, and the first that fails is reported. The error
// wraps one of the Err* sentinels and never quotes the number's digits.
// No spaces or other separators are accepted: callers that allow
// "DDMMYY IIIKK" should strip them first.
func ParsePersonNumber(s string, opts Options) (PersonNumber, error) {
	if len(s) != personLen {
		n := utf8.RuneCountInString(s)
		if n == personLen { // eleven characters, but some are not ASCII
			return PersonNumber{}, fmt.Errorf("%w: a national identity number or D-number may contain only the digits 0-9", ErrNotDigits)
		}
		return PersonNumber{}, fmt.Errorf("%w: a national identity number or D-number has 11 digits, got %d characters",
			ErrLength, n)
	}
	var d [personLen]int
	for i := 0; i < personLen; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return PersonNumber{}, fmt.Errorf("%w: a national identity number or D-number may contain only the digits 0-9, character %d is not one",
				ErrNotDigits, i+1)
		}
		d[i] = int(c - '0')
	}
	k1, k2, ok := personCheckDigits(d[:])
	if !ok {
		return PersonNumber{}, fmt.Errorf("%w: no valid check digits exist for the first nine digits, so this cannot be a national identity number or D-number",
			ErrCheckDigit)
	}
	if d[9] != k1 {
		return PersonNumber{}, fmt.Errorf("%w: the first check digit (digit 10) is wrong; the number is probably mistyped", ErrCheckDigit)
	}
	if d[10] != k2 {
		return PersonNumber{}, fmt.Errorf("%w: the second check digit (digit 11) is wrong; the number is probably mistyped", ErrCheckDigit)
	}

	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]
	ind := d[6]*100 + d[7]*10 + d[8]

	p := PersonNumber{Number: s, Kind: NationalID}
	if day > dNumberOffset {
		p.Kind = DNumber
		day -= dNumberOffset
	}
	if month > syntheticAdd && month <= syntheticAdd+12 {
		if !opts.AllowSynthetic {
			return PersonNumber{}, fmt.Errorf("%w: this is a synthetic test number (80 added to the month), which is accepted only in test environments",
				ErrSynthetic)
		}
		p.Synthetic = true
		month -= syntheticAdd
	}
	cent, ok := century(ind, yy)
	if !ok {
		return PersonNumber{}, fmt.Errorf("%w: the individual number (digits 7-9) is not used for anyone born in a year ending in those two digits (no century matches)",
			ErrIndividualNumber)
	}
	year := cent + yy
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) {
		return PersonNumber{}, fmt.Errorf("%w: the birth date (digits 1-6) is not a real calendar date", ErrDate)
	}
	p.BirthDate = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return p, nil
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
