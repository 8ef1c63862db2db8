package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestLockedDatabase: another program holding the file's write lock
// longer than BusyTimeout makes a save fail with lkt.Unavailable (503 with
// Retry-After) and ErrLocked, nothing of it stored; the Store is not ready
// until, ReadyRetry later, a write of its own passes again; then saves go
// on and everything stored reads back.
func TestLockedDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := openT(t, path, Options{BusyTimeout: 20 * time.Millisecond})
	clock := lkttest.NewClock(lkttest.Start)
	s.health.now = clock.Now
	f := storetest.Populate(t, s)
	require.NoError(t, s.Ready(ctx))

	other, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer other.Close()
	conn, err := other.Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	require.NoError(t, err)

	snap := f.Snapshots[storetest.Jonas]
	snap.Municipality = "Voss"
	sum := f.Summaries[storetest.Jonas]
	v := f.Versions[storetest.Jonas]
	save := lkt.Save{Snapshot: snap, Summary: sum, Expected: v,
		Events: []lkt.Event{{Community: storetest.Jonas, Seq: v + 1, At: f.Clock.Now(), By: lkttest.Coordinator, Data: lkt.StoryRevised{}}}}
	err = s.Save(ctx, save)
	require.ErrorIs(t, err, ErrLocked)
	assert.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "%v", err)
	require.ErrorIs(t, s.Ready(ctx), ErrLocked, "not ready after a failed save")
	clock.Advance(ReadyRetry)
	require.ErrorIs(t, s.Ready(ctx), ErrLocked, "its own write fails too while the lock is held")

	_, err = conn.ExecContext(ctx, "ROLLBACK")
	require.NoError(t, err)
	require.Error(t, s.Ready(ctx), "not tried again before ReadyRetry has passed")
	clock.Advance(ReadyRetry)
	require.NoError(t, s.Ready(ctx), "its own write passes: ready again")

	f.Verify(t, s) // the failed save stored nothing
	require.NoError(t, s.Save(ctx, save))
	got, version, err := s.Load(ctx, storetest.Jonas)
	require.NoError(t, err)
	assert.Equal(t, "Voss", got.Municipality)
	assert.Equal(t, v+1, version)
	require.NoError(t, s.Close())
	s = openT(t, path)
	got, version, err = s.Load(ctx, storetest.Jonas)
	require.NoError(t, err)
	assert.Equal(t, "Voss", got.Municipality, "read back after reopening")
	assert.Equal(t, v+1, version)
}

// TestCheckIntegrity: a sound file passes; one with a damaged page is
// reported as ErrMalformed, naming the file.
func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := openT(t, path)
	storetest.Populate(t, s)
	require.NoError(t, s.CheckIntegrity(ctx))
	var pageSize, pages int64
	require.NoError(t, s.r.QueryRow("PRAGMA page_size").Scan(&pageSize))
	require.NoError(t, s.r.QueryRow("PRAGMA page_count").Scan(&pages))
	require.NoError(t, s.Close()) // checkpoints the log into the file
	require.Greater(t, pages, int64(4))

	Corrupt(t, path, pageSize, pages)
	s, err := Open(path, nil)
	if err == nil {
		defer s.Close()
		err = s.CheckIntegrity(ctx)
	}
	require.ErrorIs(t, err, ErrMalformed)
	assert.Contains(t, err.Error(), path)
	t.Log(err)
}

// Corrupt overwrites the second half of the database file at path with
// bytes no b-tree page holds, as a failing disk might.
func Corrupt(t testing.TB, path string, pageSize, pages int64) {
	t.Helper()
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	junk := make([]byte, pageSize)
	for i := range junk {
		junk[i] = 0xA5
	}
	for p := pages / 2; p < pages; p++ {
		_, err = file.WriteAt(junk, p*pageSize)
		require.NoError(t, err)
	}
	require.NoError(t, file.Close())
}
