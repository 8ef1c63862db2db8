package webhook_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestBacklog counts what each endpoint has not been delivered yet, from
// its stored cursor, capped at the limit, with the oldest event's time.
func TestBacklog(t *testing.T) {
	ctx := context.Background()
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	all, last, err := store.Feed(ctx, "", lkt.MaxPage)
	require.NoError(t, err)
	require.Greater(t, len(all), 3)
	d, err := webhook.New(webhook.Config{Service: svc, Reader: reader(), Cursors: store, Endpoints: []webhook.Endpoint{
		{Name: "behind", URL: "http://127.0.0.1:1/a", Secret: secret},
		{Name: "partly", URL: "http://127.0.0.1:1/b", Secret: secret},
		{Name: "done", URL: "http://127.0.0.1:1/c", Secret: secret},
	}})
	require.NoError(t, err)
	require.NoError(t, store.SetDeliveryCursor(ctx, "partly", all[1].Cursor))
	require.NoError(t, store.SetDeliveryCursor(ctx, "done", last))

	got, err := d.Backlog(ctx, store, lkt.MaxPage)
	require.NoError(t, err)
	assert.Equal(t, []webhook.Backlog{
		{Endpoint: "behind", Events: len(all), Oldest: all[0].Event.At},
		{Endpoint: "partly", Events: len(all) - 2, Oldest: all[2].Event.At},
		{Endpoint: "done"},
	}, got)
	assert.Equal(t, time.Hour, got[0].Lag(all[0].Event.At.Add(time.Hour)))
	assert.Zero(t, got[2].Lag(time.Now()))

	capped, err := d.Backlog(ctx, store, 2)
	require.NoError(t, err)
	assert.Equal(t, webhook.Backlog{Endpoint: "behind", Events: 2, Capped: true, Oldest: all[0].Event.At}, capped[0])
	assert.Equal(t, webhook.Backlog{Endpoint: "done"}, capped[2])
}
