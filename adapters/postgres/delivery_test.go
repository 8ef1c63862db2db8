package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
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

// TestBacklogCountsSavesNotYetNumbered: a webhook's backlog, read on one
// server, counts the saves another server acknowledged whose events no
// numbering step has numbered yet (that server died before its own, say):
// the feed read numbers them first.
func TestBacklogCountsSavesNotYetNumbered(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	w, r := openTest(t, schema, nil), openTest(t, schema, nil)
	w.stop() // the writer's background numbering never runs
	<-w.numbered
	for _, id := range []lkt.ID{"c-1", "c-2", "c-3"} {
		require.NoError(t, w.Save(ctx, minimalSave(id, 0, "x")))
	}
	var unnumbered int
	require.NoError(t, r.pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE feed IS NULL`).Scan(&unnumbered))
	require.Equal(t, 3, unnumbered, "saved, not yet numbered")

	reader := lkt.System("warehouse-sync")
	reader.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	d, err := webhook.New(webhook.Config{Service: lkt.NewService(r, lkttest.Config(lkttest.NewClock(t0))), Reader: reader, Cursors: r,
		Endpoints: []webhook.Endpoint{{Name: "warehouse", URL: "http://127.0.0.1:1/", Secret: []byte("a-secret-of-at-least-16-bytes")}}})
	require.NoError(t, err)
	backlog, err := d.Backlog(ctx, r, 100)
	require.NoError(t, err)
	require.Len(t, backlog, 1)
	assert.Equal(t, 3, backlog[0].Events, "every acknowledged save")
	assert.Equal(t, t0, backlog[0].Oldest.UTC(), "the oldest undelivered event's time")
}
