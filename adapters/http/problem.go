package http

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
	"github.com/lkt-rammeverk/go-lkt/lkt/words"
)

// Problem is an RFC 9457 problem document (application/problem+json),
// extended with the domain's error code, the field or rule that failed and
// the request id to quote when asking for help.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Instance  string `json:"instance,omitempty"`
	Code      string `json:"code"`
	Field     string `json:"field,omitempty"`
	Rule      string `json:"rule,omitempty"`
	RequestID string `json:"requestId,omitempty"`
	// Errors lists each unmet precondition when a refusal has several (a
	// refused activation or agreement of the plan), in the request's
	// language.
	Errors []ProblemError `json:"errors,omitempty"`
}

// ProblemError is one of a refusal's unmet preconditions.
type ProblemError struct {
	Rule    string `json:"rule,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// ProblemTypeBase prefixes every problem type; the fragment is the code. The
// README of this package documents each code under that anchor.
const ProblemTypeBase = "https://github.com/lkt-rammeverk/go-lkt/blob/main/adapters/http/README.md#"

// Codes the adapter adds to the domain's: failures of HTTP itself, found
// before the domain is asked.
const (
	codeMalformed        lkt.Code = "malformed"         // the body is not the JSON the operation takes
	codeTooLarge         lkt.Code = "too_large"         // the body exceeds the limit
	codeUnsupportedMedia lkt.Code = "unsupported_media" // the body is not application/json
	codeUnauthenticated  lkt.Code = "unauthenticated"   // no or unknown credentials
	codeIfMatchRequired  lkt.Code = "if_match_required" // a write without If-Match
	codeStale            lkt.Code = "stale"             // If-Match names an old version
	codeMethod           lkt.Code = "method_not_allowed"
	codeTooManyFailures  lkt.Code = "too_many_failures" // the client failed authentication too often
)

// statusOf is the one table from error code to HTTP status. Everything the
// adapter answers with an error passes through it.
var statusOf = map[lkt.Code]int{
	lkt.Invalid:            http.StatusUnprocessableEntity,
	lkt.NotFound:           http.StatusNotFound,
	lkt.Conflict:           http.StatusConflict,
	lkt.Forbidden:          http.StatusForbidden,
	lkt.ConsentRequired:    http.StatusForbidden,
	lkt.PreconditionFailed: http.StatusConflict,
	lkt.Internal:           http.StatusInternalServerError,
	lkt.Unavailable:        http.StatusServiceUnavailable,
	codeMalformed:          http.StatusBadRequest,
	codeTooLarge:           http.StatusRequestEntityTooLarge,
	codeUnsupportedMedia:   http.StatusUnsupportedMediaType,
	codeUnauthenticated:    http.StatusUnauthorized,
	codeIfMatchRequired:    http.StatusPreconditionRequired,
	codeStale:              http.StatusPreconditionFailed,
	codeMethod:             http.StatusMethodNotAllowed,
	codeTooManyFailures:    http.StatusTooManyRequests,
}

// newHTTPError is an adapter-level failure: a code from the table above,
// the field it concerns and a message in English, bokmål and nynorsk, as the one
// error type every go-lkt package returns.
func newHTTPError(code lkt.Code, field, en, nb, nn string) *lkt.Error {
	return words.New(code, field, "", en, nb, nn)
}

var errUnauthenticated = &lkt.Error{Code: codeUnauthenticated, Message: roles.Labels{
	EN: "sign in: send a valid bearer token in the Authorization header",
	NB: "logg inn: send et gyldig token i Authorization-headeren",
	NN: "logg inn: send eit gyldig token i Authorization-headeren"}}

// problemFor turns any error into a problem document. The status comes from
// the code; a stale version reported by the domain or the store becomes 412,
// because on the wire it is the If-Match condition that failed. Internal
// errors say nothing about their cause.
func problemFor(err error, lang roles.Lang) Problem {
	code := lkt.CodeOf(err)
	if code == lkt.Conflict && lkt.RuleOf(err) == lkt.RuleStaleVersion {
		code = codeStale
	}
	status, ok := statusOf[code]
	if !ok {
		code, status = lkt.Internal, http.StatusInternalServerError
	}
	p := Problem{
		Type:   ProblemTypeBase + string(code),
		Title:  titles[code].In(lang),
		Status: status,
		Code:   string(code),
	}
	if code == lkt.Internal {
		p.Detail = lkt.MessageOf(errors.New("hidden"), lang)
		return p
	}
	p.Detail = lkt.MessageOf(err, lang)
	p.Field = lkt.FieldOf(err)
	p.Rule = lkt.RuleOf(err)
	if e, ok := errors.AsType[*lkt.Error](err); ok {
		for _, d := range e.Errors {
			p.Errors = append(p.Errors, ProblemError{Rule: d.Rule, Field: d.Field, Message: d.Localized(lang)})
		}
	}
	return p
}

var titles = map[lkt.Code]roles.Labels{
	lkt.Invalid:            {EN: "Invalid input", NB: "Ugyldige opplysninger", NN: "Ugyldige opplysningar"},
	lkt.NotFound:           {EN: "Not found", NB: "Finnes ikke", NN: "Finst ikkje"},
	lkt.Conflict:           {EN: "Conflict", NB: "Konflikt", NN: "Konflikt"},
	lkt.Forbidden:          {EN: "Not allowed", NB: "Ikke tillatt", NN: "Ikkje tillate"},
	lkt.ConsentRequired:    {EN: "Consent required", NB: "Samtykke mangler", NN: "Samtykke manglar"},
	lkt.PreconditionFailed: {EN: "A rule of the framework is not met", NB: "En regel i rammeverket er ikke oppfylt", NN: "Ein regel i rammeverket er ikkje oppfylt"},
	lkt.Internal:           {EN: "Internal error", NB: "Intern feil", NN: "Intern feil"},
	lkt.Unavailable:        {EN: "Temporarily unavailable", NB: "Midlertidig utilgjengelig", NN: "Mellombels utilgjengeleg"},
	codeMalformed:          {EN: "Malformed request", NB: "Feil i forespørselen", NN: "Feil i førespurnaden"},
	codeTooLarge:           {EN: "Request too large", NB: "Forespørselen er for stor", NN: "Førespurnaden er for stor"},
	codeUnsupportedMedia:   {EN: "Unsupported media type", NB: "Innholdstypen støttes ikke", NN: "Innhaldstypen er ikkje støtta"},
	codeUnauthenticated:    {EN: "Not signed in", NB: "Ikke logget inn", NN: "Ikkje logga inn"},
	codeIfMatchRequired:    {EN: "If-Match required", NB: "If-Match mangler", NN: "If-Match manglar"},
	codeStale:              {EN: "Changed by someone else", NB: "Endret av noen andre", NN: "Endra av nokon andre"},
	codeMethod:             {EN: "Method not allowed", NB: "Metoden er ikke tillatt", NN: "Metoden er ikkje tillaten"},
	codeTooManyFailures:    {EN: "Too many failed sign-ins", NB: "For mange mislykkede innlogginger", NN: "For mange mislukka innloggingar"},
}

// retryAfter is the Retry-After of a 503, in seconds: long enough for a
// database to reconnect or fail over.
const retryAfter = "1"

// writeProblem writes err as application/problem+json and logs it; internal
// errors are logged with their cause, which the response never shows.
func (s *server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p, lang := s.refusal(w, r, err)
	p.Instance = r.URL.Path
	p.RequestID = requestID(r.Context())
	w.Header().Set("Content-Language", string(lang))
	encodeAs(w, p.Status, contentProblem, &p)
}

// refusal is the problem err answers r with, in the request's language,
// logged (internal errors with their cause, which no answer shows), with
// the headers its status calls for; the JSON API and FHIR write it each in
// their own form.
func (s *server) refusal(w http.ResponseWriter, r *http.Request, err error) (Problem, roles.Lang) {
	lang := langOf(r)
	p := problemFor(err, lang)
	if p.Status >= 500 {
		s.log(r.Context()).Error("request failed", "err", err, "status", p.Status)
	} else if s.logger.Enabled(r.Context(), slog.LevelInfo) {
		// Refusals are common (a stale If-Match, a rule not met): when the
		// line would be dropped, build neither it nor the request's logger.
		s.log(r.Context()).Info("request refused", "code", p.Code, "field", p.Field, "rule", p.Rule, "status", p.Status)
	}
	switch p.Status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="go-lkt"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", retryAfter)
	}
	return p, lang
}

// setETag sets the ETag of version, as w.Header().Set("ETag", …) does,
// without canonicalising the name each time.
func setETag(w http.ResponseWriter, version int64) {
	w.Header()["Etag"] = []string{etag(version)}
}

func etag(version int64) string {
	var b [24]byte
	return string(append(strconv.AppendInt(append(b[:0], '"'), version, 10), '"'))
}
