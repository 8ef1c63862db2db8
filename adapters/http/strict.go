package http

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The years a date in a request may lie in. Nothing in a community is
// older than its oldest patient or further ahead than a plan looks; a
// date outside is a typing error ("0002-01-01") and is refused.
const (
	MinYear = 1850
	MaxYear = 2200
)

// strictOptions are the JSON v2 semantics every request body is decoded
// with: member names match exactly (no case folding), a name appears once,
// strings are valid UTF-8, unknown members are refused, and dates are
// RFC 3339 times or plain dates within MinYear and MaxYear.
var strictOptions = jsonv2.JoinOptions(
	jsonv2.RejectUnknownMembers(true),
	jsonv2.MatchCaseInsensitiveNames(false),
	jsontext.AllowDuplicateNames(false),
	jsontext.AllowInvalidUTF8(false),
	jsonv2.WithUnmarshalers(jsonv2.UnmarshalFromFunc(decodeTime)),
)

// errBadDate is the cause of a date that does not parse or lies outside
// the years accepted.
type errBadDate struct{ msg roles.Labels }

func (e *errBadDate) Error() string { return e.msg.EN }

// decodeTime reads a time as an RFC 3339 time ("2027-01-01T09:00:00+01:00")
// or a date ("2027-01-01", midnight UTC), within MinYear and MaxYear; Go's
// zero time stands for a time not given.
func decodeTime(dec *jsontext.Decoder, t *time.Time) error {
	if dec.PeekKind() != '"' {
		return jsonv2.SkipFunc // null and wrong kinds: the default says so
	}
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	s := tok.String()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if v, err = time.Parse(time.DateOnly, s); err != nil {
			return &errBadDate{roles.Labels{
				EN: "must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ or with an offset, +01:00)",
				NB: "må være en dato (ÅÅÅÅ-MM-DD) eller et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm:ssZ eller med forskyvning, +01:00)",
				NN: "må vere ein dato (ÅÅÅÅ-MM-DD) eller eit tidspunkt (ÅÅÅÅ-MM-DDTtt:mm:ssZ eller med forskyving, +01:00)"}}
		}
	}
	if v.IsZero() {
		// 0001-01-01T00:00:00Z is how Go clients send a time not given.
		*t = v
		return nil
	}
	if y := v.Year(); y < MinYear || y > MaxYear {
		return &errBadDate{roles.Labels{
			EN: fmt.Sprintf("the year must lie between %d and %d", MinYear, MaxYear),
			NB: fmt.Sprintf("året må ligge mellom %d og %d", MinYear, MaxYear),
			NN: fmt.Sprintf("året må liggje mellom %d og %d", MinYear, MaxYear)}}
	}
	*t = v
	return nil
}

// decode reads the request body strictly into v: it must be
// application/json in UTF-8, within the body limit, one JSON value with
// no unknown, duplicate or differently cased member names, valid UTF-8
// and sane dates, and nothing after it. Every failure is a problem the
// client can fix, naming the field.
func decode(r *http.Request, v any) error {
	if err := checkJSONType(r.Header.Get("Content-Type")); err != nil {
		return err
	}
	if err := jsonv2.UnmarshalRead(r.Body, v, strictOptions); err != nil {
		return strictErr(err)
	}
	return nil
}

// checkJSONType accepts application/json, with no charset or UTF-8, the
// only encoding JSON has (RFC 8259).
func checkJSONType(contentType string) error {
	if contentType == "application/json" {
		return nil // what clients send, needing no parsing
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/json" {
		return newHTTPError(codeUnsupportedMedia, "Content-Type", "send the body as application/json", "send innholdet som application/json", "send innhaldet som application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return newHTTPError(codeUnsupportedMedia, "Content-Type", "send the body in UTF-8 (charset="+cs+" is not accepted)",
			"send innholdet i UTF-8 (charset="+cs+" godtas ikke)", "send innhaldet i UTF-8 (charset="+cs+" blir ikkje godteke)")
	}
	return nil
}

// strictErr turns a decoding failure into a problem naming the field.
func strictErr(err error) error {
	var (
		maxErr  *http.MaxBytesError
		synErr  *jsontext.SyntacticError
		semErr  *jsonv2.SemanticError
		dateErr *errBadDate
	)
	switch {
	case errors.As(err, &maxErr):
		e := newHTTPError(codeTooLarge, "", fmt.Sprintf("the body is larger than %d bytes", maxErr.Limit),
			fmt.Sprintf("innholdet er større enn %d byte", maxErr.Limit), fmt.Sprintf("innhaldet er større enn %d byte", maxErr.Limit))
		e.Err = err
		return e
	case errors.As(err, &dateErr):
		return &lkt.Error{Code: codeMalformed, Field: fieldOf(pointerOf(err)), Err: err, Message: dateErr.msg}
	case errors.As(err, &synErr):
		field := fieldOf(synErr.JSONPointer)
		switch {
		case errors.Is(err, jsontext.ErrDuplicateName):
			return &lkt.Error{Code: codeMalformed, Field: field, Err: err, Message: roles.Labels{
				EN: "appears more than once", NB: "forekommer mer enn én gang", NN: "førekjem meir enn éin gong"}}
		case strings.Contains(synErr.Err.Error(), "invalid UTF-8"):
			return &lkt.Error{Code: codeMalformed, Field: field, Err: err, Message: roles.Labels{
				EN: "is not valid UTF-8", NB: "er ikke gyldig UTF-8", NN: "er ikkje gyldig UTF-8"}}
		case errors.Is(err, io.ErrUnexpectedEOF) && synErr.ByteOffset == 0:
			return newHTTPError(codeMalformed, "", "the body is empty: send a JSON object", "innholdet er tomt: send et JSON-objekt", "innhaldet er tomt: send eit JSON-objekt")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return newHTTPError(codeMalformed, field, "the body ends in the middle of the JSON", "innholdet slutter midt i JSON-verdien", "innhaldet sluttar midt i JSON-verdien")
		}
		return &lkt.Error{Code: codeMalformed, Field: field, Err: err, Message: roles.Labels{
			EN: fmt.Sprintf("the body is not valid JSON (at byte %d)", synErr.ByteOffset),
			NB: fmt.Sprintf("innholdet er ikke gyldig JSON (ved byte %d)", synErr.ByteOffset),
			NN: fmt.Sprintf("innhaldet er ikkje gyldig JSON (ved byte %d)", synErr.ByteOffset)}}
	case errors.As(err, &semErr):
		field := fieldOf(semErr.JSONPointer)
		if errors.Is(err, jsonv2.ErrUnknownName) {
			return &lkt.Error{Code: codeMalformed, Field: field, Err: err, Message: roles.Labels{
				EN: "is not a field of this operation (names are case-sensitive)",
				NB: "er ikke et felt i denne operasjonen (store og små bokstaver teller)",
				NN: "er ikkje eit felt i denne operasjonen (store og små bokstavar tel)"}}
		}
		want := "a value of another kind"
		if semErr.GoType != nil {
			want = jsonKind(semErr.GoType.Kind().String())
		}
		return &lkt.Error{Code: codeMalformed, Field: field, Err: err, Message: roles.Labels{
			EN: "must be " + want, NB: "må være " + nbKind(want), NN: "må vere " + nnKind(want)}}
	}
	return &lkt.Error{Code: codeMalformed, Err: err, Message: roles.Labels{
		EN: "the body does not match the operation's schema", NB: "innholdet stemmer ikke med operasjonens skjema",
		NN: "innhaldet stemmer ikkje med skjemaet til operasjonen"}}
}

// pointerOf finds the JSON pointer of the value err concerns.
func pointerOf(err error) jsontext.Pointer {
	var semErr *jsonv2.SemanticError
	if errors.As(err, &semErr) {
		return semErr.JSONPointer
	}
	var synErr *jsontext.SyntacticError
	if errors.As(err, &synErr) {
		return synErr.JSONPointer
	}
	return ""
}

// fieldOf writes a JSON pointer as the domain names fields:
// /member/contact/phone → member.contact.phone, /tasks/0 → tasks[0].
func fieldOf(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func nbKind(en string) string {
	switch en {
	case "a string":
		return "en tekst"
	case "true or false":
		return "true eller false"
	case "an object":
		return "et objekt"
	case "an array":
		return "en liste"
	case "a number":
		return "et tall"
	case "a value of another kind":
		return "en verdi av en annen type"
	}
	return en
}

// nnKind is jsonKind's words in nynorsk.
func nnKind(en string) string {
	switch en {
	case "a string":
		return "ein tekst"
	case "true or false":
		return "true eller false"
	case "an object":
		return "eit objekt"
	case "an array":
		return "ei liste"
	case "a number":
		return "eit tal"
	case "a value of another kind":
		return "ein verdi av ein annan type"
	}
	return en
}
