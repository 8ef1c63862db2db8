package words

import "errors"

// Code classifies an error so that adapters can map it to their protocol
// (an HTTP status, a problem type) without parsing messages.
type Code string

// The error codes. Every error go-lkt returns carries one of them.
const (
	Invalid            Code = "invalid"             // bad input; the field is named
	NotFound           Code = "not_found"           // no such community, member, revision …
	Conflict           Code = "conflict"            // someone else changed it first, or it exists already
	Forbidden          Code = "forbidden"           // the principal may not do this
	ConsentRequired    Code = "consent_required"    // no active consent covers this
	PreconditionFailed Code = "precondition_failed" // a rule of the framework is not yet met
	Internal           Code = "internal"            // anything else: a bug or a failing store
	// Unavailable: the store could not be reached or gave up for now;
	// nothing was saved, and the same request may be sent again shortly.
	Unavailable Code = "unavailable"
)

// Error is go-lkt's one error: a code, the field or rule that failed, and a
// message a coordinator understands. A function that returns an *Error has
// changed nothing.
type Error struct {
	Code  Code
	Field string // the input field that failed, e.g. "patient.nationalId"; may be empty
	Rule  string // the framework rule that failed, e.g. "mandatory-role-vacant"; may be empty
	// Where names, for a person's screen, the part of a document the field
	// belongs to (a plan's section, the actor map); Localized puts it first.
	Where Labels
	// Message says what failed and, where it helps, what to do.
	Message Labels
	// Err is the underlying cause, if any (a store's error, say).
	Err error
	// Errors lists, when a refusal has several causes (an activation or a
	// plan's agreement refused), each unmet precondition with its own
	// code, field, rule and message, so that a client can show them one by
	// one. The error's own code, field, rule and message are the first's,
	// or a summary of them all.
	Errors []*Error
}

// Error returns the code, the field and the English message.
func (e *Error) Error() string {
	msg := e.Message.EN
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return string(e.Code) + ": " + msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Localized returns the message in lang, after the part of the document it
// concerns when Where is set.
func (e *Error) Localized(lang Lang) string {
	if where := e.Where.In(lang); where != "" {
		return where + " (" + e.Field + "): " + e.Message.In(lang)
	}
	return e.Message.In(lang)
}

// Is lets errors.Is match by kind: target matches when its Code equals e's
// and its Field and Rule, where set, equal e's.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && (t.Field == "" || t.Field == e.Field) && (t.Rule == "" || t.Rule == e.Rule)
}

// New returns an error with code, field and rule and the message in
// English, bokmål and nynorsk: every message is given in all three, so a
// nynorsk reader never falls back to bokmål.
func New(code Code, field, rule, en, nb, nn string) *Error {
	return &Error{Code: code, Field: field, Rule: rule, Message: Labels{EN: en, NB: nb, NN: nn}}
}

// CodeOf returns the code of err: the code of the first *Error in its
// chain, Internal for any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return Internal
}

// FieldOf returns the field named by the first *Error in err's chain.
func FieldOf(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Field
	}
	return ""
}

// RuleOf returns the framework rule named by the first *Error in err's chain.
func RuleOf(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Rule
	}
	return ""
}

// internalMessage is what users read of a failure that is not theirs.
var internalMessage = Labels{EN: "an internal error occurred", NB: "det oppstod en intern feil",
	NN: "det oppstod ein intern feil"}

// MessageOf returns err's message in lang for an *Error, and a generic
// message for anything else, so that internal details never leak to users.
func MessageOf(err error, lang Lang) string {
	if e, ok := errors.AsType[*Error](err); ok && e.Code != Internal {
		return e.Localized(lang)
	}
	return internalMessage.In(lang)
}

// WrapInternal turns a store's or driver's failure into an Internal error
// whose message is safe to show (the cause stays in Err for logs). An
// *Error passes through unchanged.
func WrapInternal(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*Error](err); ok {
		return err
	}
	return &Error{Code: Internal, Message: internalMessage, Err: err}
}
