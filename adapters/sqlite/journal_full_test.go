//go:build linux

package sqlite

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// TestJournalFullDisk: an audit entry the journal has no room for (the
// process's file size limit stands in for a full disk: the write fails
// with EFBIG as with ENOSPC) is lkt.Unavailable — the read it records may
// be tried again — and the journal, repaired, takes entries again once
// there is room; every entry recorded reads back, the refused one not.
func TestJournalFullDisk(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{AuditSync: time.Hour})
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "before")))
	j := s.journal
	j.mu.Lock()
	size := j.size[j.active]
	j.mu.Unlock()

	var old syscall.Rlimit
	require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
	limit := old
	limit.Cur = uint64(size) + 10 // room for part of a record only
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit))
	err := s.RecordAudit(ctx, entry("c-1", "refused"))
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old))
	require.Error(t, err)
	assert.ErrorIs(t, err, syscall.EFBIG)
	assert.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "%v", err)

	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "after")), "the journal was repaired")
	assert.Equal(t, []string{"before", "after"}, operations(t, s, "c-1"))
	require.NoError(t, s.Close())
	s = openT(t, filepath.Join(filepath.Dir(s.path), "lkt.db"))
	assert.Equal(t, []string{"before", "after"}, operations(t, s, "c-1"), "read back after reopening")
}
