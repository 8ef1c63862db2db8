package lkt_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

func TestRightsAreAValueSetNamedInJSON(t *testing.T) {
	p := lkt.System("ehr")
	p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed, lkt.RightCreateCommunities)
	assert.True(t, p.Verified.Has(lkt.RightReadFeed))
	assert.True(t, p.Verified.Has(lkt.RightCreateCommunities))
	assert.False(t, p.Verified.Has(lkt.RightRecordOnBehalf))
	assert.False(t, p.Verified.Has(""), "the empty right is never held")

	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"system","id":"system:ehr","name":"ehr","verified":{"rights":["create-communities","read-feed"]}}`, string(b))
	var back lkt.Principal
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)

	b, err = json.Marshal(lkt.Person("gp"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"person","id":"gp"}`, string(b), "no claims, no verified object")

	err = json.Unmarshal([]byte(`{"kind":"system","id":"x","verified":{"rights":["read-everything"]}}`), &back)
	assert.ErrorContains(t, err, `unknown right "read-everything"`)
	assert.Equal(t, []lkt.Right(nil), lkt.Rights(0).List())
}
