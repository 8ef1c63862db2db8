package actormap

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// CodeInvalid is the error code for input that breaks a rule of the map.
// Package lkt maps it to its own "invalid" code through ErrorCode.
const CodeInvalid = "invalid"

// Error is the error every function in this package returns for bad input.
// It does not import package lkt; lkt reads it through ErrorCode, ErrorField
// and Localized, so adapters can map it without parsing messages.
type Error struct {
	Code    string       `json:"code"`
	Field   string       `json:"field"`   // e.g. "ties[2].to"
	Message roles.Labels `json:"message"` // the rule broken, in words a coordinator understands
}

// Error returns the English message with the field.
func (e *Error) Error() string { return e.Code + " " + e.Field + ": " + e.Message.EN }

// ErrorCode returns the code ("invalid").
func (e *Error) ErrorCode() string { return e.Code }

// ErrorField returns the field or rule that failed.
func (e *Error) ErrorField() string { return e.Field }

// Localized returns the message with the field in lang.
func (e *Error) Localized(lang roles.Lang) string { return e.Field + ": " + e.Message.In(lang) }

// invalid builds an *Error; en and nb may hold %-verbs filled from args,
// and nynorsk falls back to bokmål.
func invalid(field, en, nb string, args ...any) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: roles.Labels{
		EN: fmt.Sprintf(en, args...),
		NB: fmt.Sprintf(nb, args...),
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
