package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// testCaching: a store that is an lkt.CachingStore hands out, for a
// community it saved, that snapshot at that version, the caller's own to
// change; and it refuses a save of a stored community without events,
// which would change the community without moving the version that other
// processes' copies are checked against. A store that is not one is
// skipped.
func testCaching(t *testing.T, s lkt.Store) {
	cs, ok := s.(lkt.CachingStore)
	if !ok {
		t.Skip("not an lkt.CachingStore")
	}
	ctx := context.Background()
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	done, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.MotherID, Name: "Kari Berg"})
	require.NoError(t, err)

	if snap, v, ok := cs.Cached(c.ID()); ok {
		assert.Equal(t, done.Version(), v, "the version saved last")
		loaded, _, err := s.Load(ctx, c.ID())
		require.NoError(t, err)
		assert.Equal(t, mustJSON(t, loaded), mustJSON(t, snap), "the snapshot saved last")
		snap.Patient.Name = "changed by the caller"
	}
	again, _, err := s.Load(ctx, c.ID())
	require.NoError(t, err)
	assert.NotEqual(t, "changed by the caller", again.Patient.Name, "the caller's own copy")

	before := state(t, s, c.ID())
	cur := lkt.Restore(svc.Config(), again, done.Version())
	keep := saveOf(cur, done.Version(), lkttest.Start, lkttest.Coordinator, "UpdateMember")
	require.Empty(t, keep.Events)
	keep.Snapshot.Patient.Name = "changed without an event"
	require.Error(t, s.Save(ctx, keep), "a save that keeps the version")
	requireSame(t, before, state(t, s, c.ID()), "nothing stored")
}
