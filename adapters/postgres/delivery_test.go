package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

var _ webhook.Cursors = (*Store)(nil)

// TestDeliveryCursors: a webhook's cursor starts empty, is what was set
// last, per webhook, and is what another server on the database reads.
func TestDeliveryCursors(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	c, err := a.DeliveryCursor(ctx, "warehouse")
	require.NoError(t, err)
	assert.Equal(t, lkt.Cursor(""), c)
	require.NoError(t, a.SetDeliveryCursor(ctx, "warehouse", "c1"))
	require.NoError(t, a.SetDeliveryCursor(ctx, "warehouse", "c2"))
	require.NoError(t, a.SetDeliveryCursor(ctx, "registry", "r1"))
	for name, want := range map[string]lkt.Cursor{"warehouse": "c2", "registry": "r1", "other": ""} {
		got, err := b.DeliveryCursor(ctx, name)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
	}
}
