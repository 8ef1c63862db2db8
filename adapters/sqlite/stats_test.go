package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// TestStatsCountCommitsAndBacklog: every committed transaction is counted
// with its time, and an audit entry recorded on its own waits in the
// journal's backlog until a write moves it.
func TestStatsCountCommitsAndBacklog(t *testing.T) {
	ctx := context.Background()
	// Entries are moved with the next write only, not by the timer.
	s := open(t, filepath.Join(t.TempDir(), "lkt.db"), &sqlite.Options{AuditSync: time.Hour})
	require.Zero(t, s.Stats().Commits)
	f := storetest.Populate(t, s)
	st := s.Stats()
	assert.Positive(t, st.Commits)
	assert.Positive(t, st.CommitTime)
	backlog := st.AuditBacklog // the reads Populate made since its last write

	entry := lkt.AuditEntry{Community: storetest.Jonas, At: f.Clock.Now(), By: lkt.System("stats"), Action: lkt.Read, Operation: "Get", Outcome: "ok"}
	require.NoError(t, s.RecordAudit(ctx, entry, entry))
	assert.Equal(t, backlog+2, s.Stats().AuditBacklog)
	assert.Equal(t, st.Commits, s.Stats().Commits, "a journalled entry costs no transaction")

	// Audit moves what is pending before it reads.
	_, err := s.Audit(ctx, storetest.Jonas, 0, 1)
	require.NoError(t, err)
	assert.Zero(t, s.Stats().AuditBacklog)
	assert.Equal(t, st.Commits+1, s.Stats().Commits)
}
