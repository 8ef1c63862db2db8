package plan

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Error codes. They equal the codes of package lkt, which reads them through
// ErrorCode, so adapters map them without knowing which package failed.
const (
	CodeInvalid            = "invalid"             // the input breaks a rule; Field names it
	CodePreconditionFailed = "precondition_failed" // a rule of the framework is not yet met
)

// Error is the error every function of this package returns. A function
// that returns an *Error has changed nothing.
type Error struct {
	Code  string `json:"code"`
	Field string `json:"field"` // e.g. "sections.contingency.phases.red.measures"
	// Message says what failed in words a coordinator understands, in
	// English and bokmål (nynorsk falls back to bokmål).
	Message roles.Labels `json:"message"`
}

// Error returns the English message, prefixed with the field.
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Code + ": plan: " + e.Message.EN
	}
	return e.Code + ": " + e.Field + ": " + e.Message.EN
}

// ErrorCode returns the code: "invalid" or "precondition_failed".
func (e *Error) ErrorCode() string { return e.Code }

// ErrorField returns the field that failed, or "".
func (e *Error) ErrorField() string { return e.Field }

// Localized returns the message in lang, prefixed with the section it
// concerns, for a coordinator's screen.
func (e *Error) Localized(lang roles.Lang) string {
	if e.Field == "" {
		return e.Message.In(lang)
	}
	return sectionOf(e.Field).In(lang) + " (" + e.Field + "): " + e.Message.In(lang)
}

func invalid(field, en, nb string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: roles.Labels{EN: fmt.Sprintf(en, args...), NB: fmt.Sprintf(nb, args...)}}
}

func precondition(field, en, nb string, args ...any) *Error {
	return &Error{Code: CodePreconditionFailed, Field: field, Message: roles.Labels{EN: fmt.Sprintf(en, args...), NB: fmt.Sprintf(nb, args...)}}
}

// at joins a field path: at("lines", 2, "to") = "lines[2].to".
func at(list string, i int, field string) string {
	s := fmt.Sprintf("%s[%d]", list, i)
	if field != "" {
		s += "." + field
	}
	return s
}
