package ident

import (
	"errors"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type patient struct {
	ID       string  `validate:"required,personnumber"`
	Optional string  `validate:"omitempty,personnumber"`
	Ptr      *string `validate:"omitempty,personnumber"`
}

type practitioner struct {
	HPR   string `validate:"omitempty,hpr"`
	OrgNr string `validate:"omitempty,orgnr"`
}

type bareTags struct {
	ID    string `validate:"personnumber"`
	HPR   string `validate:"hpr"`
	OrgNr string `validate:"orgnr"`
}

type wrongKind struct {
	ID int `validate:"personnumber"`
}

// failedTags returns field -> tag for every failed field, or nil.
func failedTags(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve validator.ValidationErrors
	require.True(t, errors.As(err, &ve), "unexpected error %v", err)
	out := map[string]string{}
	for _, fe := range ve {
		out[fe.Field()] = fe.Tag()
	}
	return out
}

func TestRegisterPersonNumber(t *testing.T) {
	ptr := func(s string) *string { return &s }
	tests := []struct {
		name      string
		v         patient
		synthetic bool
		want      map[string]string
	}{
		{name: "valid", v: patient{ID: "01019012480"}},
		{name: "valid D-number", v: patient{ID: "41019012474"}},
		{name: "missing", v: patient{}, want: map[string]string{"ID": "required"}},
		{name: "bad check digit", v: patient{ID: "01019012481"}, want: map[string]string{"ID": "personnumber"}},
		{name: "31 February", v: patient{ID: "31029012493"}, want: map[string]string{"ID": "personnumber"}},
		{name: "optional empty is fine", v: patient{ID: "01019012480", Optional: ""}},
		{name: "optional invalid", v: patient{ID: "01019012480", Optional: "123"}, want: map[string]string{"Optional": "personnumber"}},
		{name: "pointer valid", v: patient{ID: "01019012480", Ptr: ptr("41019012474")}},
		{name: "pointer invalid", v: patient{ID: "01019012480", Ptr: ptr("41019012475")}, want: map[string]string{"Ptr": "personnumber"}},
		{name: "synthetic refused in production", v: patient{ID: "01819012446"}, want: map[string]string{"ID": "personnumber"}},
		{name: "synthetic accepted in test", v: patient{ID: "01819012446"}, synthetic: true},
		{name: "real numbers still accepted in test", v: patient{ID: "01019012480"}, synthetic: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validator.New(validator.WithRequiredStructEnabled())
			require.NoError(t, Register(v, Options{AllowSynthetic: tt.synthetic}))
			assert.Equal(t, tt.want, failedTags(t, v.Struct(tt.v)))
		})
	}
}

func TestRegisterHPRAndOrgNumber(t *testing.T) {
	v := validator.New()
	require.NoError(t, Register(v, Options{}))
	tests := []struct {
		name string
		v    practitioner
		want map[string]string
	}{
		{name: "both valid", v: practitioner{HPR: "9144889", OrgNr: "974760673"}},
		{name: "both empty", v: practitioner{}},
		{name: "bad HPR", v: practitioner{HPR: "9144888", OrgNr: "974760673"}, want: map[string]string{"HPR": "hpr"}},
		{name: "bad org number", v: practitioner{HPR: "9144889", OrgNr: "974760674"}, want: map[string]string{"OrgNr": "orgnr"}},
		{name: "org number with spaces", v: practitioner{OrgNr: "974 760 673"}, want: map[string]string{"OrgNr": "orgnr"}},
		{name: "both bad", v: practitioner{HPR: "x", OrgNr: "y"}, want: map[string]string{"HPR": "hpr", "OrgNr": "orgnr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, failedTags(t, v.Struct(tt.v)))
		})
	}
}

func TestRegisterEmptyIsInvalidWithoutOmitempty(t *testing.T) {
	v := validator.New()
	require.NoError(t, Register(v, Options{AllowSynthetic: true}))
	assert.Equal(t, map[string]string{"ID": "personnumber", "HPR": "hpr", "OrgNr": "orgnr"},
		failedTags(t, v.Struct(bareTags{})))
	assert.Nil(t, failedTags(t, v.Struct(bareTags{ID: "01019012480", HPR: "7125186", OrgNr: "974760673"})))
}

func TestRegisterVar(t *testing.T) {
	v := validator.New()
	require.NoError(t, Register(v, Options{}))
	assert.NoError(t, v.Var("974760673", "orgnr"))
	assert.Error(t, v.Var("974760674", "orgnr"))
	assert.NoError(t, v.Var("007125186", "hpr"))
	assert.NoError(t, v.Var("", "omitempty,hpr"))
	assert.Error(t, v.Var(974760673, "orgnr"), "not a string")
	assert.Equal(t, map[string]string{"ID": "personnumber"}, failedTags(t, v.Struct(wrongKind{ID: 1})))
}

func TestRegisterNil(t *testing.T) {
	assert.Error(t, Register(nil, Options{}))
}

func TestMessages(t *testing.T) {
	m := Messages()
	assert.Len(t, m, 3)
	for _, tag := range []string{TagPersonNumber, TagHPR, TagOrgNumber} {
		msg, ok := m[tag]
		require.True(t, ok, tag)
		assert.NotEmpty(t, msg[0], tag)
		assert.NotEmpty(t, msg[1], tag)
		assert.NotEmpty(t, msg[2], tag)
		assert.NotEqual(t, msg[0], msg[1], tag)
		assert.NotEqual(t, msg[1], msg[2], tag)
		assert.Regexp(t, `^must be `, msg[0])
		assert.Regexp(t, `^må være `, msg[1])
		assert.Regexp(t, `^må vere `, msg[2])
	}
	assert.Equal(t, "must be a valid Norwegian national identity number or D-number (11 digits)", m["personnumber"][0])
	assert.Contains(t, m["hpr"][1], "HPR-nummer")
	assert.Contains(t, m["orgnr"][1], "organisasjonsnummer")

	// Every registered tag has a message, and the map is the caller's own.
	v := validator.New()
	require.NoError(t, Register(v, Options{}))
	for tag := range m {
		assert.NotPanics(t, func() { _ = v.Var("x", tag) }, tag)
	}
	m["hpr"] = [3]string{}
	assert.NotEmpty(t, Messages()["hpr"][0])
}
