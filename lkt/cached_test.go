package lkt_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// copyingStore is a CachingStore whose copies are what the test put there
// (keep), however stale: what a server's cache holds after another server
// has saved. It counts the loads that reach the store itself.
type copyingStore struct {
	*lkttest.Store
	copies map[lkt.ID]copied
	loads  int
}

type copied struct {
	snap    lkt.Snapshot
	version int64
}

func (s *copyingStore) Load(ctx context.Context, id lkt.ID) (lkt.Snapshot, int64, error) {
	s.loads++
	return s.Store.Load(ctx, id)
}

func (s *copyingStore) Cached(id lkt.ID) (lkt.Snapshot, int64, bool) {
	c, ok := s.copies[id]
	return c.snap.Clone(), c.version, ok
}

// keep copies community id as it is stored now.
func (s *copyingStore) keep(t *testing.T, id lkt.ID) {
	t.Helper()
	snap, v, err := s.Store.Load(context.Background(), id)
	require.NoError(t, err)
	s.copies[id] = copied{snap, v}
}

// cachingFixture is a community, a Service over a copyingStore (the server
// with a cache) and one straight over the same store (another server).
func cachingFixture(t *testing.T) (cached, other *lkt.Service, store *copyingStore, c *lkt.Community) {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	inner := lkttest.NewStore()
	other = lkt.NewService(inner, lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(context.Background(), other)
	require.NoError(t, err)
	store = &copyingStore{Store: inner, copies: map[lkt.ID]copied{}}
	return lkt.NewService(store, lkttest.Config(clock)), other, store, c
}

// TestCachedCopySparesTheLoad: with a current copy, a command is decided
// on it and saved without reading the community from the store first.
func TestCachedCopySparesTheLoad(t *testing.T) {
	ctx := context.Background()
	cached, other, store, c := cachingFixture(t)
	store.keep(t, c.ID())

	got, err := cached.Do(ctx, lkttest.Coordinator, c.ID(), c.Version(), addSchoolMember("m-mine"))
	require.NoError(t, err)
	assert.Zero(t, store.loads, "no load before the save")
	assert.Equal(t, c.Version()+1, got.Version())
	assert.True(t, memberIDs(t, other, c.ID())["m-mine"], "stored")
}

// TestStaleCachedCopyLosesNoUpdate: another server saved after the copy
// was made. A command decided on the copy is not stored over that save:
// it is decided again on the stored community — with AnyVersion, or the
// version the caller read on the other server — and a caller who names
// the copy's version hears of the conflict.
func TestStaleCachedCopyLosesNoUpdate(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		expected func(copy, current int64) int64
		wantCode lkt.Code
	}{
		{"any version", func(_, _ int64) int64 { return lkt.AnyVersion }, ""},
		{"the version stored", func(_, current int64) int64 { return current }, ""},
		{"the copy's version", func(copy, _ int64) int64 { return copy }, lkt.Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cached, other, store, c := cachingFixture(t)
			store.keep(t, c.ID())
			theirs, err := other.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, addSchoolMember("m-theirs"))
			require.NoError(t, err)

			got, err := cached.Do(ctx, lkttest.Coordinator, c.ID(), tc.expected(c.Version(), theirs.Version()), addSchoolMember("m-mine"))
			assert.Equal(t, tc.wantCode, lkt.CodeOf(err), "%v", err)
			ids := memberIDs(t, other, c.ID())
			assert.True(t, ids["m-theirs"], "the other server's save is kept")
			if tc.wantCode != "" {
				assert.False(t, ids["m-mine"], "a refused command stores nothing")
				return
			}
			assert.True(t, ids["m-mine"])
			assert.Equal(t, theirs.Version()+1, got.Version())
		})
	}
}

// TestStaleCachedCopyRefusesNothingByItself: what a stale copy would refuse
// or allow is decided on the stored community. A member added on another
// server since the copy may act; a member who left since may not, and the
// refusal is audited once.
func TestStaleCachedCopyRefusesNothingByItself(t *testing.T) {
	ctx := context.Background()
	assistant := lkt.Person("m-a")
	selfUpdate := lkt.UpdateMember{MemberID: "m-a", Name: "Assistant", Contact: actormap.Contact{Phone: "12345678"}}
	addAssistant := lkt.AddMember{Member: lkt.NewMember{ID: "m-a", Name: "Assistant", Role: roles.Assistant}}

	t.Run("added since the copy", func(t *testing.T) {
		cached, other, store, c := cachingFixture(t)
		store.keep(t, c.ID())
		_, err := other.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, addAssistant)
		require.NoError(t, err)

		_, err = cached.Do(ctx, assistant, c.ID(), lkt.AnyVersion, selfUpdate)
		require.NoError(t, err)
		got, err := other.Get(ctx, lkttest.Coordinator, c.ID())
		require.NoError(t, err)
		m, ok := got.Member("m-a")
		require.True(t, ok)
		assert.Equal(t, "12345678", m.Contact.Phone)
	})
	t.Run("left since the copy", func(t *testing.T) {
		cached, other, store, c := cachingFixture(t)
		_, err := other.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, addAssistant)
		require.NoError(t, err)
		store.keep(t, c.ID())
		left, err := other.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.ChangeMemberStatus{MemberID: "m-a", Status: actormap.Left})
		require.NoError(t, err)

		_, err = cached.Do(ctx, assistant, c.ID(), lkt.AnyVersion, selfUpdate)
		assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err), "%v", err)
		refused := 0
		for _, e := range auditOf(t, store.Store, c.ID()) {
			if e.By.ID == assistant.ID && e.Operation == "UpdateMember" {
				refused++
				assert.Equal(t, string(lkt.Forbidden), e.Outcome)
				assert.Equal(t, left.Version(), e.Version, "audited at the stored version")
			}
		}
		assert.Equal(t, 1, refused, "the refusal is audited once")
		again, err := other.Get(ctx, lkttest.Coordinator, c.ID())
		require.NoError(t, err)
		assert.Equal(t, left.Version(), again.Version(), "nothing stored")
	})
}

// TestCachedCopySaveFailureIsNotRetried: a save of a command decided on
// the copy that fails for any reason but a stale version is reported as it
// is, not sent again on a fresh load: the store may not know whether it
// stored it, and a command applied twice (a second story revision, a
// second measurement) is worse than an error the caller can retry with an
// idempotency key.
func TestCachedCopySaveFailureIsNotRetried(t *testing.T) {
	ctx := context.Background()
	cached, _, store, c := cachingFixture(t)
	store.keep(t, c.ID())
	store.FailSave = errors.New("disk on fire")

	_, err := cached.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, addSchoolMember("m-mine"))
	assert.Equal(t, lkt.Internal, lkt.CodeOf(err), "%v", err)
	assert.Zero(t, store.loads, "not decided again on a fresh load")
}
