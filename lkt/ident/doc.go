// Package ident validates Norwegian identifiers: national identity numbers
// (fødselsnummer), D-numbers (D-nummer), Health Personnel Register numbers
// (HPR-nummer) and organisation numbers (organisasjonsnummer in
// Enhetsregisteret).
//
// Everything here is pure computation: no I/O, no clock, no randomness and no
// package-level mutable state, so every function is safe for concurrent use.
// Validation is syntactic only: a number that passes is well formed, not
// necessarily issued to anyone. Whether a number is actually in use can only
// be answered by the register that issues it.
//
// # National identity numbers and D-numbers
//
// [ParsePersonNumber] checks the eleven digits DDMMYY III K1 K2:
//
//   - DDMMYY is the birth date. In a D-number 4 is added to the first digit
//     (that is, 40 to the day). In synthetic test numbers, as issued by
//     Skatteetaten's test environment Tenor, 80 is added to the month; they
//     are accepted only when [Options].AllowSynthetic is set.
//   - III is the individual number, which also gives the century:
//     000–499 means 1900–1999; 500–749 with YY 54–99 means 1854–1899;
//     500–999 with YY 00–39 means 2000–2039; 900–999 with YY 40–99 means
//     1940–1999. Every other combination is invalid.
//   - K1 and K2 are mod-11 check digits, with weights 3 7 6 1 8 9 4 5 2 and
//     5 4 3 2 7 6 5 4 3 2 respectively. The check digit is 11 minus the
//     weighted sum modulo 11; a remainder of 0 gives check digit 0 and a
//     remainder of 1 means no number with those leading digits exists.
//
// Errors from ParsePersonNumber describe the problem in plain English and
// never contain any digits of the number checked, so they are safe to log.
// They wrap sentinel errors ([ErrLength], [ErrNotDigits], [ErrCheckDigit],
// [ErrSynthetic], [ErrIndividualNumber], [ErrDate]) for use with errors.Is.
//
// Help numbers (H-nummer, FH-nummer) and NAV's synthetic numbers (Dolly, with
// 40 added to the month) are not accepted.
//
// # Validator tags
//
// [Register] adds the tags "personnumber", "hpr" and "orgnr" to a
// github.com/go-playground/validator/v10 Validate, and [Messages] gives a
// message for each in English, bokmål and nynorsk.
package ident
