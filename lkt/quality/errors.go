package quality

import (
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// Error codes: those of package words, which every go-lkt package shares.
const (
	CodeInvalid         = words.Invalid         // the input breaks a rule; Field says which
	CodeConsentRequired = words.ConsentRequired // the community has no active consent
	CodeConflict        = words.Conflict        // the same respondent answered twice
)

// Error is the error every function of this package returns: go-lkt's one
// error type. errors.Is matches it by code and, where the target names one,
// field.
type Error = words.Error

// invalid builds an *Error; every message has its nynorsk text, so a
// reader asking for nn never falls back to bokmål.
func invalid(field, en, nb, nn string) *Error {
	return &Error{Code: CodeInvalid, Field: field, Message: roles.Labels{EN: en, NB: nb, NN: nn}}
}

func errNoConsent() *Error {
	return &Error{Code: CodeConsentRequired, Field: "consent", Message: roles.Labels{
		EN: "the community has no active consent; nothing can be recorded",
		NB: "aktørfellesskapet har ikke aktivt samtykke; ingenting kan registreres", NN: "aktørfellesskapet har ikkje aktivt samtykke; ingenting kan registrerast",
	}}
}

func errDuplicate(field, respondent string) *Error {
	return &Error{Code: CodeConflict, Field: field, Message: roles.Labels{
		EN: "respondent " + respondent + " has already answered this survey",
		NB: "respondent " + respondent + " har allerede svart på denne undersøkelsen",
		NN: "respondent " + respondent + " har alt svara på denne undersøkinga",
	}}
}
