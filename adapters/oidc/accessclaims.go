package oidc

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// accessClaims is what an access token's claims are read for: the
// registered claims it is checked by and the provider's own that its
// ClaimNames name (facts).
type accessClaims struct {
	Issuer, Subject, SID     string
	Audience                 []string
	Expiry, NotBef, IssuedAt optionalTime
	// Scopes are the token's scopes, read only if the API requires one:
	// a space-separated string (RFC 9068) or a list (HelseID).
	Scopes []string
	// facts are the values of the provider's claims, in the order
	// ClaimNames.names gives their names; "" for one absent or not a
	// string.
	facts [numFacts]string
}

// optionalTime is a NumericDate claim (seconds since the epoch) that a
// token may leave out.
type optionalTime struct {
	secs float64
	set  bool
}

func (t optionalTime) time() time.Time { return unix(t.secs) }

// claimsReader reads a token's claims in one pass over the JSON, keeping
// only what accessClaims holds and validating the rest without decoding
// it: no map of every claim is built. It is as strict as decoding the
// claims into a map with encoding/json/v2 was: the claims must be one
// JSON object, with no name twice at any depth and no invalid UTF-8, and
// a registered claim of the wrong type is an error. (One difference: a
// number beyond a float64's range in a claim not read, which the map
// refused, is valid JSON and skipped; in exp, nbf and iat it is refused.)
type claimsReader struct {
	names     [numFacts]string
	wantScope bool
	c         accessClaims
}

// readAccessClaims reads payload, a token's claims, for the provider
// claims names and, if wantScope, its scopes.
func readAccessClaims(payload []byte, names ClaimNames, wantScope bool) (accessClaims, error) {
	r := claimsReader{names: names.names(), wantScope: wantScope}
	// Unmarshal lends the reader a pooled decoder and refuses anything
	// after the object.
	err := jsonv2.Unmarshal(payload, &r)
	return r.c, err
}

// UnmarshalJSONFrom implements jsonv2.UnmarshalerFrom.
func (r *claimsReader) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if tok, err := dec.ReadToken(); err != nil {
		return err
	} else if tok.Kind() != '{' {
		return errors.New("not a JSON object")
	}
	var buf [64]byte // for the name, if it is no longer
	for dec.PeekKind() != '}' {
		v, err := dec.ReadValue() // the claim's name
		if err != nil {
			return err
		}
		name, err := unquote(buf[:0], v)
		if err != nil {
			return err
		}
		if err := r.claim(dec, name); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// claim reads the value of the claim called name.
func (r *claimsReader) claim(dec *jsontext.Decoder, name []byte) error {
	switch string(name) {
	case "aud":
		return r.audience(dec, name)
	case "scope":
		if r.wantScope {
			return r.scope(dec, name)
		}
	case "iss", "sub", "sid", "exp", "nbf", "iat":
		return r.registered(dec, name)
	}
	if !r.named(name) {
		return dec.SkipValue() // validated, not decoded
	}
	v, err := dec.ReadValue()
	if err == nil {
		r.fact(name, v)
	}
	return err
}

// registered reads the string or NumericDate claim called name.
func (r *claimsReader) registered(dec *jsontext.Decoder, name []byte) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	switch string(name) {
	case "iss":
		r.c.Issuer, err = stringClaim(v, "iss")
	case "sub":
		r.c.Subject, err = stringClaim(v, "sub")
	case "sid":
		r.c.SID, err = stringClaim(v, "sid")
	case "exp":
		r.c.Expiry, err = numericDate(v, "exp")
	case "nbf":
		r.c.NotBef, err = numericDate(v, "nbf")
	case "iat":
		r.c.IssuedAt, err = numericDate(v, "iat")
	}
	if err == nil {
		r.fact(name, v) // a provider may name one as its own
	}
	return err
}

// named reports whether name is one of the provider's claims.
func (r *claimsReader) named(name []byte) bool {
	for _, n := range r.names {
		if n != "" && n == string(name) {
			return true
		}
	}
	return false
}

// fact keeps v as the value of the provider's claim name, if it is one of
// them and v is a string; another type is taken for no value, as before.
func (r *claimsReader) fact(name []byte, v jsontext.Value) {
	if !r.named(name) || v.Kind() != '"' {
		return
	}
	s, err := stringClaim(v, "")
	if err != nil {
		return
	}
	for i, n := range r.names {
		if n != "" && n == string(name) {
			r.c.facts[i] = s
		}
	}
}

// audience reads "aud": a string or a list of them.
var errAud = errors.New("aud is neither a string nor a list of strings")

func (r *claimsReader) audience(dec *jsontext.Decoder, name []byte) error {
	switch dec.PeekKind() {
	case 'n':
		return dec.SkipValue()
	case '"':
		s, err := r.stringValue(dec, name, "aud")
		r.c.Audience = []string{s}
		return err
	case '[':
		return eachInList(dec, func(v jsontext.Value) error {
			if v.Kind() != '"' {
				return errAud
			}
			s, err := stringClaim(v, "aud")
			r.c.Audience = append(r.c.Audience, s)
			return err
		})
	}
	if _, err := dec.ReadValue(); err != nil {
		return err
	}
	return errAud
}

// scope reads "scope": a space-separated string or a list, whose strings
// are the scopes (anything else in it is none).
func (r *claimsReader) scope(dec *jsontext.Decoder, name []byte) error {
	switch dec.PeekKind() {
	case '"':
		s, err := r.stringValue(dec, name, "scope")
		r.c.Scopes = strings.Fields(s)
		return err
	case '[':
		return eachInList(dec, func(v jsontext.Value) error {
			if v.Kind() != '"' {
				return nil
			}
			s, err := stringClaim(v, "scope")
			r.c.Scopes = append(r.c.Scopes, s)
			return err
		})
	}
	return dec.SkipValue()
}

// stringValue reads the string value of the claim (named name in the
// token) and keeps it among the token's facts.
func (r *claimsReader) stringValue(dec *jsontext.Decoder, name []byte, claim string) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	s, err := stringClaim(v, claim)
	r.fact(name, v)
	return s, err
}

// eachInList reads a list, calling each with every element's value.
func eachInList(dec *jsontext.Decoder, each func(jsontext.Value) error) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if err := each(v); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

// stringClaim is the string v holds; null is "". Another type is an
// error naming the claim.
func stringClaim(v jsontext.Value, claim string) (string, error) {
	switch v.Kind() {
	case 'n':
		return "", nil
	case '"':
		if bytes.IndexByte(v, '\\') < 0 { // validated: the bytes between the quotes
			return string(v[1 : len(v)-1]), nil
		}
		b, err := jsontext.AppendUnquote(nil, v)
		return string(b), err
	}
	return "", fmt.Errorf("%s is not a string", claim)
}

// numericDate is the number v holds; null is none. Another type, or a
// number beyond a float64's range, is an error naming the claim.
func numericDate(v jsontext.Value, claim string) (optionalTime, error) {
	switch v.Kind() {
	case 'n':
		return optionalTime{}, nil
	case '0':
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return optionalTime{}, fmt.Errorf("%s: %w", claim, err)
		}
		return optionalTime{secs: f, set: true}, nil
	}
	return optionalTime{}, fmt.Errorf("%s is not a number", claim)
}

// unquote appends the string JSON string v holds to dst; the decoder has
// validated it, so one without escapes is its bytes between the quotes.
func unquote(dst []byte, v jsontext.Value) ([]byte, error) {
	if len(v) >= 2 && bytes.IndexByte(v, '\\') < 0 {
		return append(dst, v[1:len(v)-1]...), nil
	}
	return jsontext.AppendUnquote(dst, v)
}
