package lkt

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	// multiline marks a field that may hold line breaks and tabs; every
	// other string refuses control characters (see plainText).
	must(v.RegisterValidation("multiline", func(validator.FieldLevel) bool { return true }))
	must(v.RegisterValidation("name", func(fl validator.FieldLevel) bool {
		return !strings.ContainsFunc(fl.Field().String(), isBidiControl)
	}))
	must(v.RegisterValidation("communityid", func(fl validator.FieldLevel) bool {
		return ValidID(ID(fl.Field().String()))
	}))
	return v
}

// MaxIDLength is the longest community id.
const MaxIDLength = 100

// ValidID reports whether id is a well-formed community id: 1 to
// MaxIDLength letters a–z and A–Z, digits, '.', '_' and '-', starting with
// a letter or a digit. Ids appear in URLs and file names: nothing in them
// needs escaping, and none is "." or "..".
func ValidID(id ID) bool {
	if len(id) == 0 || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// isBidiControl reports the characters that reorder text: the embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069). In a name they
// make it read differently from what it is ("evil\u202Egnp.exe").
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// plainText checks every string of v — struct fields, slices, maps and
// pointers — for valid UTF-8 and control characters, which break the
// actor map's pictures and every reader's display. Fields tagged text or
// multiline may hold line breaks and tabs; no field holds any other
// control character. It returns the JSON path of the first that fails,
// built only then: every command's input passes through it.
func plainText(v reflect.Value, multiline bool) (field string, ok bool) {
	switch v.Kind() {
	case reflect.String:
		return "", cleanText(v.String(), multiline)
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return plainText(v.Elem(), multiline)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return "", true // bytes are not text
		}
		for i := range v.Len() {
			if f, ok := plainText(v.Index(i), multiline); !ok {
				return joinField(fmt.Sprintf("[%d]", i), f), false
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if _, ok := plainText(it.Key(), false); !ok {
				return fmt.Sprintf("[%v]", it.Key()), false
			}
			if f, ok := plainText(it.Value(), multiline); !ok {
				return joinField(fmt.Sprintf("[%v]", it.Key()), f), false
			}
		}
	case reflect.Struct:
		for _, sf := range textFieldsOf(v.Type()) {
			if f, ok := plainText(v.Field(sf.index), sf.multiline); !ok {
				return joinField(sf.name, f), false
			}
		}
	}
	return "", true
}

// textField is a struct field plainText checks: its index, its name in
// the JSON path ("" for an embedded struct's fields, which stand at the
// embedding struct's level) and whether it may hold line breaks.
type textField struct {
	index     int
	name      string
	multiline bool
}

// textFields caches textFieldsOf by type: the fields of a command's types
// never change.
var textFields sync.Map // reflect.Type → []textField

func textFieldsOf(t reflect.Type) []textField {
	if fs, ok := textFields.Load(t); ok {
		return fs.([]textField)
	}
	var fs []textField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		switch {
		case sf.Anonymous && name == "":
		case name == "":
			name = sf.Name
		}
		tags := sf.Tag.Get("validate")
		fs = append(fs, textField{index: i, name: name, multiline: hasTag(tags, "text") || hasTag(tags, "multiline")})
	}
	textFields.Store(t, fs)
	return fs
}

// joinField puts the path name before the path rest: "a" and "b.c" make
// "a.b.c", "a" and "[2]" make "a[2]".
func joinField(name, rest string) string {
	switch {
	case name == "":
		return rest
	case rest == "":
		return name
	case rest[0] == '[':
		return name + rest
	}
	return name + "." + rest
}

func hasTag(tags, tag string) bool {
	for t := range strings.SplitSeq(tags, ",") {
		if t == tag {
			return true
		}
	}
	return false
}

// cleanText reports whether s is valid UTF-8 without control characters
// (C0, DEL, C1); multi-line text may hold line feeds, carriage returns and
// tabs.
func cleanText(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return cleanSlow(s, multiline)
		}
	}
	return true
}

func cleanSlow(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case unicode.IsControl(r):
			return false
		}
	}
	return true
}

// validate checks s against its struct tags and returns an Invalid *Error
// naming the first field that fails, with a message in English, bokmål and
// nynorsk.
func validate(s any, synthetic bool) error {
	err := validators[synthetic]().Struct(s)
	if err == nil {
		if field, ok := plainText(reflect.ValueOf(s), false); !ok {
			return invalid(field, "holds a control character or is not valid text: line breaks only in multi-line fields",
				"inneholder et kontrolltegn eller er ikke gyldig tekst: linjeskift bare i felt med flere linjer",
				"inneheld eit kontrollteikn eller er ikkje gyldig tekst: linjeskift berre i felt med fleire linjer")
		}
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
	en, nb, nn := describe(fe)
	return invalid(lowerFirst(field), en, nb, nn)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// describe turns a failed tag into words, in English, bokmål and nynorsk.
func describe(fe validator.FieldError) (en, nb, nn string) {
	p := fe.Param()
	if m, ok := ident.Messages()[fe.Tag()]; ok {
		if v, isStr := fe.Value().(string); isStr && fe.Tag() == "personnumber" {
			// Say exactly what is wrong: a bad check digit, a synthetic number
			// in production, an impossible date …
			if _, err := ident.ParsePersonNumber(v, ident.Options{}); err != nil {
				return m[0] + ": " + err.Error(), m[1], m[2]
			}
		}
		return m[0], m[1], m[2]
	}
	switch fe.Tag() {
	case "required", "required_if", "required_with", "required_without":
		return "is required", "må fylles ut", "må fyllast ut"
	case "max":
		if fe.Kind() == reflect.String {
			return "is longer than " + p + " characters", "er lengre enn " + p + " tegn", "er lengre enn " + p + " teikn"
		}
		return "has more than " + p + " entries", "har flere enn " + p + " elementer", "har fleire enn " + p + " element"
	case "min":
		if fe.Kind() == reflect.String {
			return "is shorter than " + p + " characters", "er kortere enn " + p + " tegn", "er kortare enn " + p + " teikn"
		}
		return "needs at least " + p + " entries", "må ha minst " + p + " elementer", "må ha minst " + p + " element"
	case "text":
		return fmt.Sprintf("is longer than %d characters", MaxText), fmt.Sprintf("er lengre enn %d tegn", MaxText),
			fmt.Sprintf("er lengre enn %d teikn", MaxText)
	case "oneof":
		return "must be one of: " + p, "må være en av: " + p, "må vere ein av: " + p
	case "email":
		return "is not a valid e-mail address", "er ikke en gyldig e-postadresse", "er ikkje ei gyldig e-postadresse"
	case "printascii":
		return "may only contain digits, spaces and + - ( )", "kan bare inneholde sifre, mellomrom og + - ( )",
			"kan berre innehalde siffer, mellomrom og + - ( )"
	case "role":
		return "is not a known role code", "er ikke en kjent rollekode", "er ikkje ein kjend rollekode"
	case "sector":
		return "is not a known sector", "er ikke en kjent sektor", "er ikkje ein kjend sektor"
	case "status":
		return "is not a known member status", "er ikke en kjent medlemsstatus", "er ikkje ein kjend medlemsstatus"
	case "name":
		return "holds characters that reverse the direction of text", "inneholder tegn som snur skriveretningen",
			"inneheld teikn som snur skriveretninga"
	case "communityid":
		return fmt.Sprintf("must be 1 to %d letters a-z, digits, '.', '_' or '-', starting with a letter or digit", MaxIDLength),
			fmt.Sprintf("må være 1 til %d bokstaver a-z, sifre, '.', '_' eller '-', og begynne med en bokstav eller et siffer", MaxIDLength),
			fmt.Sprintf("må vere 1 til %d bokstavar a-z, siffer, '.', '_' eller '-', og byrje med ein bokstav eller eit siffer", MaxIDLength)
	case "dive", "unique":
		return "contains duplicates", "inneholder duplikater", "inneheld duplikat"
	}
	return "is not valid (" + fe.Tag() + ")", "er ikke gyldig (" + fe.Tag() + ")", "er ikkje gyldig (" + fe.Tag() + ")"
}
