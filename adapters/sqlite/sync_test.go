package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// synchronous is the writer connection's synchronous setting: 1 NORMAL,
// 2 FULL.
func synchronous(t *testing.T, s *Store) int {
	t.Helper()
	var v int
	require.NoError(t, s.w.QueryRow("PRAGMA synchronous").Scan(&v))
	return v
}

func pending(s *Store) bool {
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	return s.sync.pending
}

// TestAuditEntriesSyncLazily: in a Store that shares its file (one that
// keeps it to itself journals them: see TestJournal…), audit entries
// recorded on their own commit without a sync and are synced later — by
// the timer (flush here), by the next save, or at Close — while saves
// always sync. A failed background sync makes commits sync until one
// succeeds.
func TestAuditEntriesSyncLazily(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// The timer never fires during the test: each sync is called here.
	s := openT(t, filepath.Join(dir, "lkt.db"), Options{AuditSync: time.Hour, Shared: true})
	read := func() { require.NoError(t, s.RecordAudit(ctx, entry("c-1", "Get"))) }
	save := func(v int64) {
		id := lkt.ID("c-1")
		require.NoError(t, s.Save(ctx, lkt.Save{Snapshot: lkt.Snapshot{ID: id}, Summary: lkt.Summary{ID: id, UpdatedAt: lkttest.Start},
			Expected: v, Events: []lkt.Event{{Community: id, Seq: v + 1, At: lkttest.Start, By: lkt.System("t"), Data: lkt.CommunityCreated{}}}}))
	}

	read()
	require.Equal(t, 1, synchronous(t, s), "a read's entry commits without a sync")
	require.True(t, pending(s))
	require.NoError(t, s.sync.flush())
	require.False(t, pending(s), "synced by the timer")

	read()
	save(0)
	require.Equal(t, 2, synchronous(t, s), "a save syncs")
	require.False(t, pending(s), "the save's sync took the read's entry with it")

	// A background sync that fails: commits sync until one succeeds.
	notADir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notADir, nil, 0o600))
	wal := s.sync.wal
	s.sync.wal = filepath.Join(notADir, "wal")
	read()
	require.Error(t, s.sync.flush())
	require.True(t, pending(s))
	s.sync.wal = wal
	read()
	require.Equal(t, 2, synchronous(t, s), "after a failed sync, entries are synced at commit")
	require.False(t, pending(s))
	read()
	require.Equal(t, 1, synchronous(t, s), "and lazily again once one succeeded")

	// Close syncs what is pending.
	require.True(t, pending(s))
	require.NoError(t, s.Close())
	require.False(t, pending(s))
}

// TestAuditSyncNegative: with a negative AuditSync every entry is synced
// before RecordAudit returns.
func TestAuditSyncNegative(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{AuditSync: -1})
	require.NoError(t, s.RecordAudit(context.Background(), entry("c-1", "Get")))
	require.Equal(t, 2, synchronous(t, s))
	require.False(t, pending(s))
}
