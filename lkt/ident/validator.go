package ident

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/go-playground/validator/v10"
)

// Validator tags registered by [Register].
const (
	TagPersonNumber = "personnumber" // national identity number or D-number
	TagHPR          = "hpr"          // Health Personnel Register number
	TagOrgNumber    = "orgnr"        // organisation number
)

// Register adds validator tags to v: "personnumber" (national id or D-number, per opts),
// "hpr", "orgnr". Empty strings are left to `required`/`omitempty` (i.e. the tag functions should
// treat "" as invalid; callers combine with omitempty).
//
// The tags apply to string fields (and pointers to strings, which the
// validator dereferences); any other kind fails validation. Values are
// checked as they are, without trimming spaces.
func Register(v *validator.Validate, opts Options) error {
	if v == nil {
		return errors.New("ident: Register called with a nil *validator.Validate")
	}
	tags := []struct {
		tag   string
		valid func(string) bool
	}{
		{TagPersonNumber, func(s string) bool { _, err := ParsePersonNumber(s, opts); return err == nil }},
		{TagHPR, ValidHPR},
		{TagOrgNumber, ValidOrgNumber},
	}
	for _, t := range tags {
		valid := t.valid
		err := v.RegisterValidation(t.tag, func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() == reflect.String && valid(f.String())
		})
		if err != nil {
			return fmt.Errorf("ident: registering validator tag %q: %w", t.tag, err)
		}
	}
	return nil
}

// Messages returns, for each tag this package registers, a message in English, bokmål and
// nynorsk (in that order) suitable for a coordinator, e.g. "must be a valid Norwegian national
// identity number or D-number".
//
// A new map is returned on every call, so callers may modify it.
func Messages() map[string][3]string {
	return map[string][3]string{
		TagPersonNumber: {
			"must be a valid Norwegian national identity number or D-number (11 digits)",
			"må være et gyldig fødselsnummer eller D-nummer (11 siffer)",
			"må vere eit gyldig fødselsnummer eller D-nummer (11 siffer)",
		},
		TagHPR: {
			"must be a valid HPR number from the Norwegian Health Personnel Register",
			"må være et gyldig HPR-nummer fra Helsepersonellregisteret",
			"må vere eit gyldig HPR-nummer frå Helsepersonellregisteret",
		},
		TagOrgNumber: {
			"must be a valid Norwegian organisation number (9 digits)",
			"må være et gyldig organisasjonsnummer (9 siffer)",
			"må vere eit gyldig organisasjonsnummer (9 siffer)",
		},
	}
}
