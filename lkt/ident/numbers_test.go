package ident

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// HPR check digit, as implemented: weights 2 3 4 5 6 7 2 3 ... from the digit
// left of the check digit, leftwards; check = 11 - sum mod 11, 0 -> 0, 1 -> none.
func TestValidHPR(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// 914488|9: 8*2+8*3+4*4+4*5+1*6+9*7=145, 145 mod 11=2 -> 9.
		// From NAV's public sykmelding test data.
		{"NAV test data", "9144889", true},
		// 712518|6: 8*2+1*3+5*4+2*5+1*6+7*7=104, 104 mod 11=5 -> 6.
		{"NAV test data", "7125186", true},
		// 938384|0: 4*2+8*3+3*4+8*5+3*6+9*7=165, 165 mod 11=0 -> 0.
		// PREG test person in FHI's public code.
		{"check digit 0 (remainder 0)", "9383840", true},
		{"zero-padded to 9 digits (as NAV sends it)", "007125186", true},
		{"zero-padded to 8 digits", "07125186", true},
		// 1234567|4: 7*2+6*3+5*4+4*5+3*6+2*7+1*2=106, 106 mod 11=7 -> 4.
		{"8 significant digits", "12345674", true},
		// 12345678|5: 8*2+7*3+6*4+5*5+4*6+3*7+2*2+1*3=138, 138 mod 11=6 -> 5.
		{"9 significant digits", "123456785", true},
		{"wrong check digit", "9144888", false},
		{"wrong check digit", "7125187", false},
		{"transposed digits", "1925186", false},
		{"wrong check digit, padded", "007125187", false},
		// 56546468: 8*2+6*3+4*4+6*5+4*6+5*7+6*2+5*3=166, 166 mod 11=1: no check digit.
		{"HelseID test-environment number (remainder 1)", "565464684", false},
		{"HelseID test-environment number", "565501872", false},
		{"six digits", "123456", false},
		// 010000|5: 0*2+0*3+0*4+0*5+1*6+0*7=6, 6 mod 11=6 -> 5: the check digit
		// is right, but there are only 6 significant digits.
		{"six significant digits, padded", "0100005", false},
		// 00010000|5: 0*2+0*3+0*4+0*5+1*6+0*7+0*2+0*3=6 -> 5: likewise, padded to 9.
		{"six significant digits, padded to 9", "000100005", false},
		// 00100000|4: 0*2+0*3+0*4+0*5+0*6+1*7+0*2+0*3=7, 7 mod 11=7 -> 4: 7 significant digits.
		{"seven significant digits, padded to 9", "001000004", true},
		{"all zeros", "0000000", false},
		{"nine zeros", "000000000", false},
		{"ten digits", "0009144889", false},
		{"ten significant digits", "1234567895", false},
		{"empty", "", false},
		{"letter", "91448a9", false},
		{"leading space", " 9144889", false},
		{"trailing space", "9144889 ", false},
		{"plus sign", "+9144889", false},
		{"separator", "914-4889", false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, ValidHPR(tt.in))
		})
	}
}

// Weights 3 2 7 6 5 4 3 2; check = 11 - sum mod 11, 0 -> 0, 1 -> none.
func TestValidOrgNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// 97476067|3: 9*3+7*2+4*7+7*6+6*5+0*4+6*3+7*2=173, 173 mod 11=8 -> 3.
		{"Brønnøysundregistrene", "974760673", true},
		// 92312345|8: 9*3+2*2+3*7+1*6+2*5+3*4+4*3+5*2=102, 102 mod 11=3 -> 8.
		{"hand-computed", "923123458", true},
		// 91234513|0: 9*3+1*2+2*7+3*6+4*5+5*4+1*3+3*2=110, 110 mod 11=0 -> 0.
		{"check digit 0 (remainder 0)", "912345130", true},
		{"wrong check digit", "974760674", false},
		{"wrong check digit", "974760670", false},
		{"transposed digits", "947760673", false},
		// 91234567: 9*3+1*2+2*7+3*6+4*5+5*4+6*3+7*2=133, 133 mod 11=1: no check digit.
		{"remainder 1, check 0", "912345670", false},
		{"remainder 1, check 1", "912345671", false},
		{"eight digits", "97476067", false},
		{"ten digits", "9747606730", false},
		{"spaces", "974 760 673", false},
		{"country prefix", "NO974760673", false},
		{"VAT suffix", "974760673MVA", false},
		{"empty", "", false},
		{"letter", "97476067a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, ValidOrgNumber(tt.in))
		})
	}
}
