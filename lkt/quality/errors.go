package quality

import "github.com/lkt-rammeverk/go-lkt/lkt/roles"

// Error codes. They match the codes of package lkt so that an adapter can map
// them to its protocol without knowing which package failed.
const (
	CodeInvalid         = "invalid"          // the input breaks a rule; Field says which
	CodeConsentRequired = "consent_required" // the community has no active consent
	CodeConflict        = "conflict"         // the same respondent answered twice
)

// Error is the error every function of this package returns for bad input.
// A function that returns an *Error has changed nothing.
type Error struct {
	Code    string       // one of the Code constants
	Field   string       // the input that failed, e.g. "answers.safety"
	Message roles.Labels // in English and bokmål (nynorsk falls back to bokmål)
}

// Error returns the English message, prefixed with the field.
func (e *Error) Error() string {
	if e.Field == "" {
		return "quality: " + e.Message.EN
	}
	return "quality: " + e.Field + ": " + e.Message.EN
}

// ErrorCode returns the machine-readable code.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorField returns the input that failed, or "".
func (e *Error) ErrorField() string { return e.Field }

// Localized returns the message in lang, for a coordinator's screen.
func (e *Error) Localized(lang roles.Lang) string { return e.Message.In(lang) }

// Is makes errors.Is(err, &Error{Code: CodeConflict}) match on the code, so
// callers can test the kind of failure without comparing messages.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Field == "" || t.Field == e.Field)
}

func invalid(field, en, nb string) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: roles.Labels{EN: en, NB: nb}}
}

func errNoConsent() *Error {
	return &Error{Code: CodeConsentRequired, Field: "consent", Message: roles.Labels{
		EN: "the community has no active consent; nothing can be recorded",
		NB: "aktørfellesskapet har ikke aktivt samtykke; ingenting kan registreres",
	}}
}

func errDuplicate(field, respondent string) *Error {
	return &Error{Code: CodeConflict, Field: field, Message: roles.Labels{
		EN: "respondent " + respondent + " has already answered this survey",
		NB: "respondent " + respondent + " har allerede svart på denne undersøkelsen",
	}}
}
