package lkt_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// racedStore is a Store in which another writer saves the community just
// before each of the first `races` saves through it, so that those saves
// meet a newer version: what concurrent writers cause, made deterministic.
type racedStore struct {
	*lkttest.Store
	other *lkt.Service // writes straight to the inner store
	races int
	saves int
}

func (s *racedStore) Save(ctx context.Context, in lkt.Save) error {
	s.saves++
	if s.races > 0 {
		s.races--
		_, err := s.other.Do(ctx, lkttest.Coordinator, in.Snapshot.ID, lkt.AnyVersion, addSchoolMember(fmt.Sprintf("m-other-%d", s.races)))
		if err != nil {
			return err
		}
	}
	return s.Store.Save(ctx, in)
}

func addSchoolMember(id string) lkt.Command {
	return lkt.AddMember{Member: lkt.NewMember{ID: actormap.ActorID(id), Name: "Teacher " + id, Role: roles.School}}
}

func memberIDs(t *testing.T, svc *lkt.Service, id lkt.ID) map[actormap.ActorID]bool {
	t.Helper()
	c, err := svc.Get(context.Background(), lkttest.Coordinator, id)
	require.NoError(t, err)
	ids := map[actormap.ActorID]bool{}
	for _, m := range c.Members() {
		ids[m.ID] = true
	}
	return ids
}

// TestAnyVersionRetriesOnConflict: a command sent with AnyVersion applies
// to whatever version is current even when others save between its load
// and its save — up to AnyVersionAttempts attempts, then the conflict is
// reported and nothing of it is stored. A named version is never retried.
func TestAnyVersionRetriesOnConflict(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		races    int
		expected func(c *lkt.Community) int64
		wantCode lkt.Code
		attempts int
	}{
		{"one race", 1, func(*lkt.Community) int64 { return lkt.AnyVersion }, "", 2},
		{"races up to the bound", lkt.AnyVersionAttempts - 1, func(*lkt.Community) int64 { return lkt.AnyVersion }, "", lkt.AnyVersionAttempts},
		{"races past the bound", lkt.AnyVersionAttempts, func(*lkt.Community) int64 { return lkt.AnyVersion }, lkt.Conflict, lkt.AnyVersionAttempts},
		{"a named version is not retried", 1, func(c *lkt.Community) int64 { return c.Version() }, lkt.Conflict, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := lkttest.NewClock(lkttest.Start)
			inner := lkttest.NewStore()
			c, err := lkttest.NewBuilder().Seed(ctx, lkt.NewService(inner, lkttest.Config(clock)))
			require.NoError(t, err)
			store := &racedStore{Store: inner, other: lkt.NewService(inner, lkttest.Config(clock)), races: tc.races}
			svc := lkt.NewService(store, lkttest.Config(clock))

			got, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), tc.expected(c), addSchoolMember("m-mine"))
			assert.Equal(t, tc.wantCode, lkt.CodeOf(err), "%v", err)
			assert.Equal(t, tc.attempts, store.saves, "save attempts")

			ids := memberIDs(t, svc, c.ID())
			for i := range tc.races {
				assert.True(t, ids[actormap.ActorID(fmt.Sprintf("m-other-%d", i))], "the other writer's member %d is kept", i)
			}
			if tc.wantCode != "" {
				assert.False(t, ids["m-mine"], "a refused command stores nothing")
				return
			}
			assert.True(t, ids["m-mine"], "the command is applied to the newest version")
			assert.Equal(t, c.Version()+int64(tc.races)+1, got.Version())
		})
	}
}

// TestConcurrentAnyVersionWritersAllSucceed: W writers sending one command
// each with AnyVersion at the same moment all succeed (W ≤
// AnyVersionAttempts), and every change is there when read back.
func TestConcurrentAnyVersionWritersAllSucceed(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	const writers = 8
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			_, errs[i] = svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, addSchoolMember(fmt.Sprintf("m-writer-%d", i)))
		})
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "writer %d", i)
	}
	ids := memberIDs(t, svc, c.ID())
	for i := range writers {
		assert.True(t, ids[actormap.ActorID(fmt.Sprintf("m-writer-%d", i))], "writer %d's member", i)
	}
	got, err := svc.Get(ctx, lkttest.Coordinator, c.ID())
	require.NoError(t, err)
	assert.Equal(t, c.Version()+writers, got.Version())
}
