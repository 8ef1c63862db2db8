package plan

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// Error codes: those of package words, which every go-lkt package shares.
const (
	CodeInvalid            = words.Invalid            // the input breaks a rule; Field names it
	CodePreconditionFailed = words.PreconditionFailed // a rule of the framework is not yet met
)

// Error is the error every function of this package returns: go-lkt's one
// error type. A function that returns an *Error has changed nothing; its
// Where names the plan's section the field belongs to.
type Error = words.Error

// invalid and precondition build an *Error from en, nb and nn, each a
// format filled from the same args (use %[n]s to pick the word of its
// language); nn is required so no reader of nynorsk falls back to bokmål.
func invalid(field, en, nb, nn string, args ...any) *Error {
	return planError(CodeInvalid, field, labels(en, nb, nn, args))
}

func precondition(field, en, nb, nn string, args ...any) *Error {
	return planError(CodePreconditionFailed, field, labels(en, nb, nn, args))
}

func labels(en, nb, nn string, args []any) roles.Labels {
	return roles.Labels{EN: fmt.Sprintf(en, args...), NB: fmt.Sprintf(nb, args...), NN: fmt.Sprintf(nn, args...)}
}

// planError is an error about field, placed in the section it belongs to.
func planError(code words.Code, field string, msg roles.Labels) *Error {
	e := &Error{Code: code, Field: field, Message: msg}
	if field != "" {
		e.Where = sectionOf(field)
	}
	return e
}

// at joins a field path: at("lines", 2, "to") = "lines[2].to".
func at(list string, i int, field string) string {
	s := fmt.Sprintf("%s[%d]", list, i)
	if field != "" {
		s += "." + field
	}
	return s
}
