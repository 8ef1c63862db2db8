package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// testIdempotency: a Save's idempotency record is stored with it, in its
// transaction, and read back; a second Save with the same key within the
// window stores nothing; after the window the key starts afresh; keys are
// each sender's own. Through the Service, a retry gets the first answer,
// and identical retries racing change the community once.
func testIdempotency(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	svc := lkt.NewService(s, cfg)
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	id := c.ID()

	_, err = s.Idempotent(ctx, id, lkttest.Coordinator, "k-1")
	require.Equal(t, lkt.NotFound, lkt.CodeOf(err), "%v", err)

	save := func(key string, by lkt.Principal, at time.Time, member string) error {
		snap, v, err := s.Load(ctx, id)
		require.NoError(t, err)
		w := lkt.Restore(cfg, snap, v)
		require.NoError(t, w.Do(by, lkt.AddMember{Member: lkt.NewMember{ID: actormap.ActorID(member), Name: "Teacher", Role: roles.School}}))
		in := saveOf(w, v, at, by, "AddMember")
		in.Idempotency = &lkt.Idempotency{Community: id, By: by, Key: key, Command: "AddMember", Fingerprint: "f-" + member, Version: v + 1, At: at, Result: &in.Snapshot}
		return s.Save(ctx, in)
	}
	at := lkttest.Start
	require.NoError(t, save("k-1", lkttest.Coordinator, at, "m-t1"))
	got, err := s.Idempotent(ctx, id, lkttest.Coordinator, "k-1")
	require.NoError(t, err)
	assert.Equal(t, "f-m-t1", got.Fingerprint)
	assert.Equal(t, "AddMember", got.Command)
	assert.Equal(t, id, got.Community)
	assert.Equal(t, lkttest.Coordinator.ID, got.By.ID)
	assert.Equal(t, "k-1", got.Key)
	assert.True(t, at.Equal(got.At), "at %v, got %v", at, got.At)
	require.NotNil(t, got.Result, "the first answer is kept with the key")
	kept, _, err := s.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, kept, *got.Result, "the community as the command left it")
	v1 := state(t, s, id)
	assert.Equal(t, got.Version, v1.version)

	// The same key again within the window: nothing is stored.
	err = save("k-1", lkttest.Coordinator, at.Add(lkt.IdempotencyWindow-time.Second), "m-t2")
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "%v", err)
	require.Equal(t, lkt.RuleIdempotencyKeyTaken, lkt.RuleOf(err))
	requireSame(t, v1, state(t, s, id), "after a save with a key taken")

	// Another sender's key of the same name is theirs.
	require.NoError(t, save("k-1", lkttest.GP, at, "m-t3"))
	// After the window the key starts afresh.
	later := at.Add(lkt.IdempotencyWindow)
	require.NoError(t, save("k-1", lkttest.Coordinator, later, "m-t4"))
	got, err = s.Idempotent(ctx, id, lkttest.Coordinator, "k-1")
	require.NoError(t, err)
	assert.Equal(t, "f-m-t4", got.Fingerprint)
	assert.True(t, later.Equal(got.At))
	_, err = s.Idempotent(ctx, id, lkttest.GP, "k-1")
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "a key past the window is forgotten when the community's next key is stored: %v", err)

	// Through the Service: a retry with the version the first request
	// named is answered, not refused as stale, and applied once.
	v := state(t, s, id).version
	cmd := lkt.AddMember{Member: lkt.NewMember{ID: "m-once", Name: "Once", Role: roles.School}}
	first, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, id, v, "k-svc", cmd)
	require.NoError(t, err)
	assert.False(t, replayed)
	again, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, id, v, "k-svc", cmd)
	require.NoError(t, err, "a retry gets the first answer")
	assert.True(t, replayed)
	assert.Equal(t, first.Version(), again.Version())
	assert.Equal(t, v+1, state(t, s, id).version, "applied once")
	_, _, err = svc.DoOnce(ctx, lkttest.Coordinator, id, lkt.AnyVersion, "k-svc", lkt.AddMember{Member: lkt.NewMember{ID: "m-other", Name: "Other", Role: roles.School}})
	assert.Equal(t, lkt.RuleIdempotencyKeyReused, lkt.RuleOf(err))

	// Identical requests sent at once: one change, every one answered.
	v = state(t, s, id).version
	const senders = 6
	errs := make([]error, senders)
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() {
			_, _, errs[i] = svc.DoOnce(ctx, lkttest.Coordinator, id, v, "k-race", lkt.AddMember{Member: lkt.NewMember{ID: "m-race", Name: "Race", Role: roles.School}})
		})
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "sender %d", i)
	}
	after := state(t, s, id)
	assert.Equal(t, v+1, after.version, "one change")
	n := 0
	for _, e := range after.events {
		if d, ok := e.Data.(lkt.MemberAdded); ok && fmt.Sprint(d.Member.ID) == "m-race" {
			n++
		}
	}
	assert.Equal(t, 1, n, "the member is added once")
}
