package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestConcurrentServiceWriters: goroutines update the same and different
// communities through the Service, each from the version it read. Every
// update either lands at the version after the one it read or is reported
// as a conflict; none is lost, and nothing deadlocks.
func TestConcurrentServiceWriters(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "lkt.db"), nil)
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ids := []lkt.ID{"c-0", "c-1", "c-2"}
	start := map[lkt.ID]int64{}
	for _, id := range ids {
		c, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc)
		require.NoError(t, err)
		start[id] = c.Version()
	}
	type win struct {
		id      lkt.ID
		version int64
		name    string
	}
	const workers, rounds = 8, 25
	var (
		mu        sync.Mutex
		wins      []win
		conflicts int
		wg        sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				// Half the workers share c-0; the others spread out.
				id := ids[0]
				if w%2 == 1 {
					id = ids[(w+r)%len(ids)]
				}
				c, err := svc.Get(ctx, lkttest.Coordinator, id)
				if err != nil {
					t.Error(err)
					return
				}
				name := fmt.Sprintf("Per w%d r%d", w, r)
				after, err := svc.Do(ctx, lkttest.Coordinator, id, c.Version(), lkt.UpdateMember{MemberID: lkttest.GPID, Name: name})
				mu.Lock()
				switch {
				case err == nil:
					wins = append(wins, win{id, after.Version(), name})
				case lkt.CodeOf(err) == lkt.Conflict:
					conflicts++
				default:
					t.Errorf("worker %d: %v", w, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	t.Logf("%d updates stored, %d conflicts", len(wins), conflicts)
	require.Equal(t, workers*rounds, len(wins)+conflicts)

	won := map[lkt.ID]int{}
	for _, wn := range wins {
		won[wn.id]++
	}
	for _, id := range ids {
		_, v, err := s.Load(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, start[id]+int64(won[id]), v, "%s: every stored update counts, no other", id)
	}
	// Each winner's change is in history at the version it was told.
	for _, wn := range wins {
		evs, err := s.Events(ctx, wn.id, wn.version-1, 1)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		upd, ok := evs[0].Data.(lkt.MemberUpdated)
		require.True(t, ok, "%s@%d is a %s", wn.id, wn.version, evs[0].Type())
		assert.Equal(t, wn.name, upd.Member.Name, "%s@%d", wn.id, wn.version)
	}
}
