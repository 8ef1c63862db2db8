package oidc

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mapClaims reads what readAccessClaims reads the way the API did before,
// by decoding every claim into a map with encoding/json/v2: the reference
// the one-pass reader is checked against.
func mapClaims(payload []byte, names ClaimNames, wantScope bool) (accessClaims, error) {
	var c accessClaims
	var raw map[string]any
	if err := jsonv2.Unmarshal(payload, &raw); err != nil {
		return c, err
	}
	if raw == nil {
		return c, errors.New("not a JSON object")
	}
	str := func(name string, to *string) error {
		switch v := raw[name].(type) {
		case nil:
		case string:
			*to = v
		default:
			return fmt.Errorf("%s is not a string", name)
		}
		return nil
	}
	num := func(name string, to *optionalTime) error {
		switch v := raw[name].(type) {
		case nil:
		case float64:
			*to = optionalTime{secs: v, set: true}
		default:
			return fmt.Errorf("%s is not a number", name)
		}
		return nil
	}
	errAud := errors.New("aud is neither a string nor a list of strings")
	switch v := raw["aud"].(type) {
	case nil:
	case string:
		c.Audience = []string{v}
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return c, errAud
			}
			c.Audience = append(c.Audience, s)
		}
	default:
		return c, errAud
	}
	if wantScope {
		switch v := raw["scope"].(type) {
		case string:
			c.Scopes = strings.Fields(v)
		case []any:
			for _, e := range v {
				if s, ok := e.(string); ok {
					c.Scopes = append(c.Scopes, s)
				}
			}
		}
	}
	for i, name := range names.names() {
		if name != "" {
			c.facts[i], _ = raw[name].(string)
		}
	}
	return c, errors.Join(str("iss", &c.Issuer), str("sub", &c.Subject), str("sid", &c.SID),
		num("exp", &c.Expiry), num("nbf", &c.NotBef), num("iat", &c.IssuedAt))
}

// claimsAgree checks that readAccessClaims and mapClaims agree on payload:
// both refuse it, or both read the same claims.
func claimsAgree(t *testing.T, payload []byte, names ClaimNames, wantScope bool) (accessClaims, error) {
	t.Helper()
	want, wantErr := mapClaims(payload, names, wantScope)
	got, err := readAccessClaims(payload, names, wantScope)
	if err == nil && wantErr != nil && strings.Contains(wantErr.Error(), "value out of range") {
		// The one difference: a number beyond a float64's range in a
		// claim not read. The map refused it; the reader skips it. (In
		// exp, nbf and iat both refuse it.)
		return got, nil
	}
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: one-pass reader: %v; map: %v", payload, err, wantErr)
	}
	if err != nil {
		return got, err
	}
	if len(want.Audience) == 0 && len(got.Audience) == 0 {
		want.Audience, got.Audience = nil, nil
	}
	if len(want.Scopes) == 0 && len(got.Scopes) == 0 {
		want.Scopes, got.Scopes = nil, nil
	}
	if !slices.Equal(want.Audience, got.Audience) || !slices.Equal(want.Scopes, got.Scopes) ||
		want.Issuer != got.Issuer || want.Subject != got.Subject || want.SID != got.SID ||
		want.Expiry != got.Expiry || want.NotBef != got.NotBef || want.IssuedAt != got.IssuedAt || want.facts != got.facts {
		t.Fatalf("%s: one-pass reader read %+v; map %+v", payload, got, want)
	}
	return got, nil
}

var claimsCorpus = []string{
	`{"iss":"https://helseid","sub":"s","aud":"nhn:lkt","exp":1765000000,"nbf":1764999000.5,"iat":1764999000,"scope":["openid","nhn:lkt/api",7],"helseid://claims/hpr/hpr_number":"1234560","name":"Per Hauge","sid":"x"}`,
	`{"aud":["a","b"],"scope":"openid  nhn:lkt/api "}`,
	`{"aud":[],"scope":null,"exp":null,"iss":null}`,
	`{"\u0069ss":"escaped name","na\u006de":"Per \u00c5s","helseid://claims/hpr/hpr_number":7}`,
	`{"aud":"a","aud":"b"}`,
	`{"x":{"y":1,"y":2}}`,
	`{"x":[{"a":1},{"a":1}]}`,
	`{"iss":1}`, `{"sub":true}`, `{"sid":{}}`, `{"exp":"tomorrow"}`, `{"nbf":[]}`, `{"iat":{}}`,
	`{"aud":7}`, `{"aud":["a",7]}`, `{"aud":["a",null]}`, `{"aud":[["a"]]}`, `{"aud":{"a":1}}`,
	`{"exp":1e400}`, `{"exp":-1e400}`, `{"exp":1e-400}`, `{"exp":-0}`,
	`{"scope":{"a":"b"}}`, `{"scope":["a",{"b":1},["c"],"d"]}`, `{"scope":7}`,
	"{\"name\":\"\xff\"}", "{\"other\":\"\xff\"}", "{\"\xff\":1}",
	`{"iss":"a"} trailing`, `{"iss":"a"}{}`, `{"iss":"a"`, `{"iss":"a",}`,
	`null`, `[]`, `"iss"`, `7`, ``, ` {"iss" : "spaces" } `,
	`{"pid":"13116900216","helseid://claims/identity/pid":"1","helseid://claims/client/claims/orgnr_parent":"974600951"}`,
}

// TestAccessClaimsReadAsTheMapWas: the one-pass claims reader refuses what
// decoding the claims into a map refused — a name twice at any depth,
// invalid UTF-8, anything but one object, a registered claim of the wrong
// type — and reads the same claims from the rest.
func TestAccessClaimsReadAsTheMapWas(t *testing.T) {
	for _, names := range []ClaimNames{HelseIDClaims, IDPortenClaims, {HPR: "iss", Name: "sub"}, {}} {
		for _, wantScope := range []bool{true, false} {
			for _, p := range claimsCorpus {
				claimsAgree(t, []byte(p), names, wantScope)
			}
		}
	}
	c, err := claimsAgree(t, []byte(claimsCorpus[0]), HelseIDClaims, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"openid", "nhn:lkt/api"}, c.Scopes)
	assert.Equal(t, [numFacts]string{1: "1234560", 4: "Per Hauge"}, c.facts)
	c, err = claimsAgree(t, []byte(claimsCorpus[3]), HelseIDClaims, true)
	require.NoError(t, err)
	assert.Equal(t, "escaped name", c.Issuer)
	assert.Equal(t, [numFacts]string{4: "Per Ås"}, c.facts, "an HPR number that is not a string is none")
	_, err = readAccessClaims([]byte(`{"aud":"a","aud":"b"}`), HelseIDClaims, false)
	assert.ErrorContains(t, err, "duplicate")
	_, err = readAccessClaims([]byte(`{"exp":1e400}`), HelseIDClaims, false)
	assert.ErrorContains(t, err, "exp")
	_, err = readAccessClaims([]byte(`{"jti":1e400}`), HelseIDClaims, false)
	assert.NoError(t, err, "a claim not read is validated as JSON, not as a float64")
}

// FuzzAccessClaimsReadAsTheMapWas: for any payload the one-pass claims
// reader and decoding into a map agree.
//
//	go test -run '^$' -fuzz FuzzAccessClaimsReadAsTheMapWas -fuzztime 1m ./adapters/oidc/
func FuzzAccessClaimsReadAsTheMapWas(f *testing.F) {
	for _, p := range claimsCorpus {
		f.Add([]byte(p), true)
	}
	f.Fuzz(func(t *testing.T, payload []byte, wantScope bool) {
		claimsAgree(t, payload, HelseIDClaims, wantScope)
		claimsAgree(t, payload, ClaimNames{HPR: "iss", Name: "aud", NationalID: "x"}, wantScope)
	})
}
