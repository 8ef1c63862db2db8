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
// change never reaches the next Load), a row another Store rewrote is read
// afresh, not from the cache, and no save can rewrite a row without moving
// its version.
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

	// No save keeps the version: another server's cached copy is decided
	// on only because every save moves it (lkt.CachingStore).
	keep := minimalSave("c-1", 1, "second")
	keep.Events = nil
	keep.Summary.Version = 1
	keep.Audit[0].Version = 1
	err = b.Save(ctx, keep)
	require.ErrorContains(t, err, "must record at least one event")
	got, v, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	assert.Equal(t, "first", got.Patient.Name, "nothing stored")

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
		c.put(id, 1, []byte(id), lkt.Snapshot{ID: id})
	}
	assert.Len(t, c.m, 2)
	snap, ok := c.get("d", []byte("d"))
	assert.True(t, ok, "the latest is kept")
	assert.Equal(t, lkt.ID("d"), snap.ID)
	_, ok = c.get("d", []byte("other bytes"))
	assert.False(t, ok)
	assert.Nil(t, newSnapCache(-1))
}

// TestCachedIsWhatThisProcessLastSavedOrRead: Cached hands over the
// latest version this Store saved or loaded, once — never an older one that
// a Load read just before a save — and nothing for a community it has not
// seen.
func TestCachedIsWhatThisProcessLastSavedOrRead(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	_, _, ok := a.Cached("c-1")
	assert.False(t, ok)
	require.NoError(t, a.Save(ctx, minimalSave("c-1", 0, "first")))
	snap, v, ok := a.Cached("c-1")
	require.True(t, ok)
	assert.Equal(t, int64(1), v)
	assert.Equal(t, "first", snap.Patient.Name)
	snap.Patient.Name = "changed by a caller"
	_, _, ok = a.Cached("c-1")
	assert.False(t, ok, "handed over, not copied: a second command at once loads the community")
	again, _, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, "first", again.Patient.Name, "a Load decodes the stored bytes")

	require.NoError(t, b.Save(ctx, minimalSave("c-1", 1, "second")))
	_, v, _ = a.Cached("c-1")
	assert.Equal(t, int64(1), v, "another server's save is not known until read")
	_, _, err = a.Load(ctx, "c-1")
	require.NoError(t, err)
	snap, v, _ = a.Cached("c-1")
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "second", snap.Patient.Name)

	c := newSnapCache(4)
	c.put("c-1", 3, []byte("three"), lkt.Snapshot{ID: "c-1"})
	c.put("c-1", 2, []byte("two"), lkt.Snapshot{ID: "c-1"})
	_, v, _ = c.take("c-1")
	assert.Equal(t, int64(3), v, "not replaced by an older version")
}
