package ident

// ValidHPR: the Norwegian Health Personnel Register number (HPR-nummer).
//
// What is implemented: s must be 7 to 9 ASCII digits in all, and at least 7
// once leading zeros are removed (some systems, NAV's among them, zero-pad
// HPR numbers to 9 digits, so "007125186" is the same number as "7125186";
// leading zeros add nothing to the weighted sum, so padding never changes the
// result). The last digit is a mod-11 check digit over the digits before it,
// weighted 2, 3, 4, 5, 6, 7, 2, 3, ... from the rightmost digit leftwards
// (the usual "MOD11" of Norwegian account numbers and KID): the check digit
// is 11 minus the weighted sum modulo 11, remainder 0 gives 0 and remainder 1
// means no valid number exists.
//
// Source, and how sure this is: no published specification of the HPR check
// digit was found (Helsedirektoratet's and Norsk helsenett's HPR pages, the
// HIS 1001 identifier standard and the HL7 Norway NamingSystem for
// urn:oid:2.16.578.1.12.4.1.4.4 describe the register and the number, not a
// check digit). The length rule follows NAV's public sykmelding code
// (github.com/navikt: "HPR-nummer må være mellom 7 og 9 siffer", zero padding
// stripped). The check-digit rule is inferred: it holds for every real-format
// HPR number found in public test data from NAV and Norsk helsenett
// (9144889, 7125186 and 9383840, the last a PREG test person), which would
// happen by chance with probability 1 in 1331. The 9-digit numbers HelseID's
// test environment hands out (565xxxxxx) do NOT satisfy it, so a test setup
// that logs in through HelseID test must not require the "hpr" tag. Treat a
// failure here as "probably mistyped", and let the register be the authority.
func ValidHPR(s string) bool {
	if len(s) < 7 || len(s) > 9 || !allDigits(s) {
		return false
	}
	significant := len(s)
	for i := 0; i < len(s) && s[i] == '0'; i++ {
		significant--
	}
	if significant < 7 {
		return false
	}
	sum := 0
	w := 2
	for i := len(s) - 2; i >= 0; i-- {
		sum += int(s[i]-'0') * w
		if w++; w > 7 {
			w = 2
		}
	}
	check, ok := checkFromSum(sum)
	return ok && int(s[len(s)-1]-'0') == check
}

var weightsOrg = [...]int{3, 2, 7, 6, 5, 4, 3, 2}

// ValidOrgNumber: 9-digit organisation number (Enhetsregisteret), mod-11 with weights 3 2 7 6 5 4 3 2,
// remainder 0 -> check 0, remainder 1 -> invalid.
//
// Only the check digit is verified; the first digit is not restricted (in
// practice the register issues numbers starting with 8 or 9). No spaces are
// accepted: strip "974 760 673" to "974760673" first.
func ValidOrgNumber(s string) bool {
	if len(s) != 9 || !allDigits(s) {
		return false
	}
	var d [9]int
	for i := range d {
		d[i] = int(s[i] - '0')
	}
	check, ok := mod11(d[:8], weightsOrg[:])
	return ok && d[8] == check
}

func checkFromSum(sum int) (int, bool) {
	switch r := sum % 11; r {
	case 0:
		return 0, true
	case 1:
		return 0, false
	default:
		return 11 - r, true
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
