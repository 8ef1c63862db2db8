package lkt

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// MaxText is the longest free text a single field accepts (about ten pages).
// Stories are living documents, not archives: longer input is refused
// rather than truncated, so that nothing is silently lost.
const MaxText = 20000

// validators are built once per mode: building one is expensive and they are
// safe for concurrent use. Synthetic identity numbers are accepted only by the
// testing validator, so demo data can never look like a real person's number.
var validators = map[bool]func() *validator.Validate{
	false: sync.OnceValue(func() *validator.Validate { return newValidator(false) }),
	true:  sync.OnceValue(func() *validator.Validate { return newValidator(true) }),
}

func newValidator(synthetic bool) *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Name fields as they appear in JSON, which is what callers send.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	if err := ident.Register(v, ident.Options{AllowSynthetic: synthetic}); err != nil {
		panic(err) // a programming error: tags are registered once, at start-up
	}
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(v.RegisterValidation("role", func(fl validator.FieldLevel) bool {
		return roles.Code(fl.Field().String()).Valid()
	}))
	must(v.RegisterValidation("sector", func(fl validator.FieldLevel) bool {
		return roles.Sector(fl.Field().String()).Valid()
	}))
	must(v.RegisterValidation("status", func(fl validator.FieldLevel) bool {
		return actormap.Status(fl.Field().String()).Valid()
	}))
	must(v.RegisterValidation("text", func(fl validator.FieldLevel) bool {
		return len([]rune(fl.Field().String())) <= MaxText
	}))
	return v
}

// validate checks s against its struct tags and returns an Invalid *Error
// naming the first field that fails, with a message in English and bokmål.
func validate(s any, synthetic bool) error {
	err := validators[synthetic]().Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) || len(verrs) == 0 {
		return WrapInternal(err)
	}
	fe := verrs[0]
	field := fe.Namespace()
	if _, rest, ok := strings.Cut(field, "."); ok {
		field = rest // drop the struct's own name
	}
	en, nb := describe(fe)
	return invalid(lowerFirst(field), en, nb)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// describe turns a failed tag into words.
func describe(fe validator.FieldError) (en, nb string) {
	p := fe.Param()
	if m, ok := ident.Messages()[fe.Tag()]; ok {
		if v, isStr := fe.Value().(string); isStr && fe.Tag() == "personnumber" {
			// Say exactly what is wrong: a bad check digit, a synthetic number
			// in production, an impossible date …
			if _, err := ident.ParsePersonNumber(v, ident.Options{}); err != nil {
				return m[0] + ": " + err.Error(), m[1]
			}
		}
		return m[0], m[1]
	}
	switch fe.Tag() {
	case "required", "required_if", "required_with", "required_without":
		return "is required", "må fylles ut"
	case "max":
		if fe.Kind() == reflect.String {
			return "is longer than " + p + " characters", "er lengre enn " + p + " tegn"
		}
		return "has more than " + p + " entries", "har flere enn " + p + " elementer"
	case "min":
		if fe.Kind() == reflect.String {
			return "is shorter than " + p + " characters", "er kortere enn " + p + " tegn"
		}
		return "needs at least " + p + " entries", "må ha minst " + p + " elementer"
	case "text":
		return fmt.Sprintf("is longer than %d characters", MaxText), fmt.Sprintf("er lengre enn %d tegn", MaxText)
	case "oneof":
		return "must be one of: " + p, "må være en av: " + p
	case "email":
		return "is not a valid e-mail address", "er ikke en gyldig e-postadresse"
	case "printascii":
		return "may only contain digits, spaces and + - ( )", "kan bare inneholde sifre, mellomrom og + - ( )"
	case "role":
		return "is not a known role code", "er ikke en kjent rollekode"
	case "sector":
		return "is not a known sector", "er ikke en kjent sektor"
	case "status":
		return "is not a known member status", "er ikke en kjent medlemsstatus"
	case "dive", "unique":
		return "contains duplicates", "inneholder duplikater"
	}
	return "is not valid (" + fe.Tag() + ")", "er ikke gyldig (" + fe.Tag() + ")"
}
