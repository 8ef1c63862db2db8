package lkt

import (
	"fmt"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// Code classifies an error so that adapters can map it to their protocol
// (an HTTP status, a problem type) without parsing messages. It is
// package words' Code, shared by every go-lkt package.
type Code = words.Code

// The error codes. Every error the domain returns carries one of them.
const (
	Invalid            = words.Invalid            // bad input; the field is named
	NotFound           = words.NotFound           // no such community, member, revision …
	Conflict           = words.Conflict           // someone else changed it first, or it exists already
	Forbidden          = words.Forbidden          // the principal may not do this
	ConsentRequired    = words.ConsentRequired    // no active consent covers this
	PreconditionFailed = words.PreconditionFailed // a rule of the framework is not yet met
	Internal           = words.Internal           // anything else: a bug or a failing store
	// Unavailable: the store could not be reached or gave up for now (a
	// connection lost before the commit, a failover); nothing was saved, and
	// the same request may be sent again shortly.
	Unavailable = words.Unavailable
)

// Error is the domain's error, and every go-lkt package's (package words):
// a code, the field or rule that failed, and a message in English, bokmål
// and nynorsk that a coordinator understands.
type Error = words.Error

// CodeOf returns the code of err: the code of the first go-lkt error in its
// chain, Internal for any other non-nil error, and "" for nil.
func CodeOf(err error) Code { return words.CodeOf(err) }

// FieldOf returns the field named by the first go-lkt error in err's chain.
func FieldOf(err error) string { return words.FieldOf(err) }

// RuleOf returns the framework rule named by the first go-lkt error in
// err's chain, whichever package returned it.
func RuleOf(err error) string { return words.RuleOf(err) }

// MessageOf returns err's message in lang for go-lkt errors, and a generic
// message for anything else, so that internal details never leak to users.
func MessageOf(err error, lang roles.Lang) string { return words.MessageOf(err, lang) }

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// The helpers below take every message in English, bokmål and nynorsk, in
// that order, so that the compiler refuses a message without its nynorsk.

func newErr(code Code, field, rule, en, nb, nn string) *Error {
	return words.New(code, field, rule, en, nb, nn)
}

func invalid(field, en, nb, nn string) *Error { return newErr(Invalid, field, "", en, nb, nn) }

func precondition(rule, en, nb, nn string) *Error {
	return newErr(PreconditionFailed, "", rule, en, nb, nn)
}

func forbidden(rule, en, nb, nn string) *Error { return newErr(Forbidden, "", rule, en, nb, nn) }

func notFound(field string, what roles.Labels, id any) *Error {
	return newErr(NotFound, field, "", fmt.Sprintf("%s %v not found", what.EN, id),
		fmt.Sprintf("fant ikke %s %v", what.NB, id), fmt.Sprintf("fann ikkje %s %v", what.NN, id))
}

// What notFound did not find.
var (
	nounCommunity     = roles.Labels{EN: "community", NB: "aktørfellesskap", NN: "aktørfellesskap"}
	nounMember        = roles.Labels{EN: "member", NB: "medlem", NN: "medlem"}
	nounLine          = roles.Labels{EN: "line", NB: "linje", NN: "linje"}
	nounMeasure       = roles.Labels{EN: "measure", NB: "tiltak", NN: "tiltak"}
	nounDecision      = roles.Labels{EN: "decision", NB: "vedtak", NN: "vedtak"}
	nounDeviation     = roles.Labels{EN: "deviation", NB: "avvik", NN: "avvik"}
	nounPlanRevision  = roles.Labels{EN: "plan revision", NB: "planversjon", NN: "planversjon"}
	nounStoryRevision = roles.Labels{EN: "story revision", NB: "fortellingsversjon", NN: "forteljingsversjon"}
)

// WrapInternal turns a store's or driver's failure into an Internal error
// whose message is safe to show (the cause stays in Err for logs).
func WrapInternal(err error) error { return words.WrapInternal(err) }

// UnavailableError reports a transient failure of the store (cause kept in
// Err for logs): nothing was saved, and the request may be retried.
func UnavailableError(cause error) error {
	return &Error{Code: Unavailable, Err: cause, Message: roles.Labels{
		EN: "the database is unavailable for the moment; nothing was saved: try again shortly",
		NB: "databasen er utilgjengelig akkurat nå; ingenting ble lagret: prøv igjen om litt",
		NN: "databasen er utilgjengeleg akkurat no; ingenting vart lagra: prøv igjen om litt"}}
}

// Rules of refusals an integrator meets (issue 17).
const (
	// RuleAcceptanceMissing: a party the plan needs has not accepted it.
	RuleAcceptanceMissing = "acceptance-missing"
	// RulePlanIncomplete: a required part of the plan is missing (plan.Gaps).
	RulePlanIncomplete = "plan-incomplete"
	// RuleAcceptedByRequired: an acceptance names whose it is; nobody's
	// acceptance is recorded by default.
	RuleAcceptedByRequired = "accepted-by-required"
	// RuleConsentGuardian16: from 16 the patient consents for themself; a
	// parent's consent is refused, whoever sends it.
	RuleConsentGuardian16 = "consent-guardian-16"
)

// RuleStaleVersion is the rule of a Conflict whose writer read a version
// that is no longer current.
const RuleStaleVersion = "stale-version"

// ConflictError reports that the community changed since it was read.
func ConflictError(id ID, expected, actual int64) error {
	e := newErr(Conflict, "version", RuleStaleVersion,
		fmt.Sprintf("community %s was changed by someone else (you had version %d, it is now %d): read it again and redo your change", id, expected, actual),
		fmt.Sprintf("aktørfellesskap %s er endret av noen andre (du hadde versjon %d, nå er den %d): les på nytt og gjør endringen igjen", id, expected, actual),
		fmt.Sprintf("aktørfellesskapet %s er endra av nokon andre (du hadde versjon %d, no er det %d): les på nytt og gjer endringa igjen", id, expected, actual))
	return e
}

// NotFoundError reports that no community has this id.
func NotFoundError(id ID) error { return notFound("id", nounCommunity, id) }
