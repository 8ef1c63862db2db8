package actormap

import (
	"errors"
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// CodeInvalid is the code of every error of this package: the map
// breaks a rule.
const CodeInvalid = words.Invalid

// Error is the error every function of this package returns: go-lkt's one
// error type, placed on the actor map (Where) with the field that failed.
type Error = words.Error

// where places an error on the actor map for a person's screen.
var where = roles.Labels{EN: "Actor map", NB: "Aktørkart", NN: "Aktørkart"}

// misfit turns roles.Fits' refusal into an error about field.
func misfit(field string, err error) *Error {
	e, ok := errors.AsType[*Error](err)
	if !ok {
		return invalid(field, "%v", "%v", "%v", err)
	}
	out := *e
	out.Field, out.Where = field, where
	return &out
}

// invalid builds an *Error; en, nb and nn may hold %-verbs filled from the
// same args. nn is required so a reader of nynorsk never gets bokmål.
func invalid(field, en, nb, nn string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Where: where, Message: roles.Labels{
		EN: fmt.Sprintf(en, args...),
		NB: fmt.Sprintf(nb, args...),
		NN: fmt.Sprintf(nn, args...),
	}}
}

// at joins a field path: at("ties", 2, "to") = "ties[2].to".
func at(list string, i int, field string) string {
	s := fmt.Sprintf("%s[%d]", list, i)
	if field != "" {
		s += "." + field
	}
	return s
}
