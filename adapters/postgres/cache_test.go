package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestCacheIsCorrectAcrossProcesses: Load hands out copies (a caller's
// change never reaches the next Load), and a row another Store rewrote —
// even by a save that keeps the version — is read afresh, not from the
// cache.
func TestCacheIsCorrectAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	require.NotNil(t, a.cache)
	in := minimalSave("c-1", 0, "first")
	require.NoError(t, a.Save(ctx, in))

	snap, v, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	require.Equal(t, int64(1), v)
	snap.Patient.Name = "changed by a caller"
	snap.Holders[roles.GP] = "someone"
	again, _, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, "first", again.Patient.Name, "a copy is handed out")
	assert.Empty(t, again.Holders)

	// Another server rewrites the row without a new version.
	keep := minimalSave("c-1", 1, "second")
	keep.Events = nil
	keep.Summary.Version = 1
	keep.Audit[0].Version = 1
	require.NoError(t, b.Save(ctx, keep))
	got, v, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	assert.Equal(t, "second", got.Patient.Name, "the stored row, not the cache")

	// And with a new version, as a command on another server makes.
	require.NoError(t, b.Save(ctx, minimalSave("c-1", 1, "third")))
	got, v, err = a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "third", got.Patient.Name)
}

// TestCacheIsBounded: never more entries than asked for.
func TestCacheIsBounded(t *testing.T) {
	c := newSnapCache(2)
	for _, id := range []lkt.ID{"a", "b", "c", "d"} {
		c.put(id, []byte(id), lkt.Snapshot{ID: id})
	}
	assert.Len(t, c.m, 2)
	snap, ok := c.get("d", []byte("d"))
	assert.True(t, ok, "the latest is kept")
	assert.Equal(t, lkt.ID("d"), snap.ID)
	_, ok = c.get("d", []byte("other bytes"))
	assert.False(t, ok)
	assert.Nil(t, newSnapCache(-1))
}
