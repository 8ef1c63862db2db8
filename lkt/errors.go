package lkt

import (
	"errors"
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Code classifies an error so that adapters can map it to their protocol
// (an HTTP status, a problem type) without parsing messages.
type Code string

// The error codes. Every error the domain returns carries one of them.
const (
	Invalid            Code = "invalid"             // bad input; the field is named
	NotFound           Code = "not_found"           // no such community, member, revision …
	Conflict           Code = "conflict"            // someone else changed it first, or it exists already
	Forbidden          Code = "forbidden"           // the principal may not do this
	ConsentRequired    Code = "consent_required"    // no active consent covers this
	PreconditionFailed Code = "precondition_failed" // a rule of the framework is not yet met
	Internal           Code = "internal"            // anything else: a bug or a failing store
	// Unavailable: the store could not be reached or gave up for now (a
	// connection lost before the commit, a failover); nothing was saved, and
	// the same request may be sent again shortly.
	Unavailable Code = "unavailable"
)

// Error is the domain's error: a code, the field or rule that failed, and a
// message in English and bokmål that a coordinator understands.
type Error struct {
	Code  Code
	Field string // the input field that failed, e.g. "patient.nationalId"; may be empty
	Rule  string // the framework rule that failed, e.g. "mandatory-role-vacant"; may be empty
	// Message says what failed and, where it helps, what to do.
	Message roles.Labels
	// Err is the underlying cause, if any (a store's error, say).
	Err error
}

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

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code as a string; see [CodeOf].
func (e *Error) ErrorCode() string { return string(e.Code) }

// ErrorField returns the field that failed.
func (e *Error) ErrorField() string { return e.Field }

// Localized returns the message in lang (bokmål where nynorsk is missing).
func (e *Error) Localized(lang roles.Lang) string { return e.Message.In(lang) }

// coded is what every go-lkt package's error offers. The leaf packages
// (actormap, plan, quality) cannot import lkt, so they define their own error
// types with these methods, and CodeOf reads them all.
type coded interface {
	error
	ErrorCode() string
}

type fielded interface{ ErrorField() string }

type localized interface{ Localized(roles.Lang) string }

// CodeOf returns the code of err: the code of the first go-lkt error in its
// chain, Internal for any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var c coded
	if errors.As(err, &c) {
		return Code(c.ErrorCode())
	}
	return Internal
}

// FieldOf returns the field named by the first go-lkt error in err's chain.
func FieldOf(err error) string {
	var f fielded
	if errors.As(err, &f) {
		return f.ErrorField()
	}
	return ""
}

// RuleOf returns the framework rule named by err, if it is an *Error.
func RuleOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Rule
	}
	return ""
}

// MessageOf returns err's message in lang for go-lkt errors, and a generic
// message for anything else, so that internal details never leak to users.
func MessageOf(err error, lang roles.Lang) string {
	var l localized
	if errors.As(err, &l) {
		return l.Localized(lang)
	}
	return roles.Labels{EN: "an internal error occurred", NB: "det oppstod en intern feil", NN: "det oppstod ein intern feil"}.In(lang)
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

func newErr(code Code, field, rule, en, nb string) *Error {
	return &Error{Code: code, Field: field, Rule: rule, Message: roles.Labels{EN: en, NB: nb}}
}

func invalid(field, en, nb string) *Error { return newErr(Invalid, field, "", en, nb) }

func precondition(rule, en, nb string) *Error { return newErr(PreconditionFailed, "", rule, en, nb) }

func forbidden(rule, en, nb string) *Error { return newErr(Forbidden, "", rule, en, nb) }

func notFound(field, what string, id any) *Error {
	return newErr(NotFound, field, "", fmt.Sprintf("%s %v not found", what, id), fmt.Sprintf("fant ikke %s %v", nbNoun(what), id))
}

func nbNoun(en string) string {
	switch en {
	case "community":
		return "aktørfellesskap"
	case "member":
		return "medlem"
	case "story revision":
		return "fortellingsversjon"
	}
	return en
}

// WrapInternal turns a store's or driver's failure into an Internal error
// whose message is safe to show (the cause stays in Err for logs).
func WrapInternal(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[coded](err); ok {
		return err
	}
	return &Error{Code: Internal, Message: roles.Labels{EN: "an internal error occurred", NB: "det oppstod en intern feil"}, Err: err}
}

// UnavailableError reports a transient failure of the store (cause kept in
// Err for logs): nothing was saved, and the request may be retried.
func UnavailableError(cause error) error {
	return &Error{Code: Unavailable, Err: cause, Message: roles.Labels{
		EN: "the database is unavailable for the moment; nothing was saved: try again shortly",
		NB: "databasen er utilgjengelig akkurat nå; ingenting ble lagret: prøv igjen om litt"}}
}

// ConflictError reports that the community changed since it was read.
func ConflictError(id ID, expected, actual int64) error {
	return newErr(Conflict, "version", "stale-version",
		fmt.Sprintf("community %s was changed by someone else (you had version %d, it is now %d): read it again and redo your change", id, expected, actual),
		fmt.Sprintf("aktørfellesskap %s er endret av noen andre (du hadde versjon %d, nå er den %d): les på nytt og gjør endringen igjen", id, expected, actual))
}

// NotFoundError reports that no community has this id.
func NotFoundError(id ID) error { return notFound("id", "community", id) }
