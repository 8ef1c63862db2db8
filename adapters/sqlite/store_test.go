package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func open(t *testing.T, path string, opts *sqlite.Options) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

func newStore(t *testing.T) lkt.Store { return open(t, filepath.Join(t.TempDir(), "lkt.db"), nil) }

func TestConformance(t *testing.T) { storetest.Run(t, newStore) }

func TestConformanceInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) lkt.Store { return open(t, ":memory:", nil) })
}

// raw opens the file with plain database/sql, to look behind the store.
// It waits for the store's writes, which may run in the background (see
// auditJournal).
func raw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func integrityOK(t *testing.T, path string) {
	t.Helper()
	db := raw(t, path)
	var res string
	require.NoError(t, db.QueryRow("PRAGMA integrity_check").Scan(&res))
	require.Equal(t, "ok", res)
	rows, err := db.Query("PRAGMA foreign_key_check")
	require.NoError(t, err)
	defer rows.Close()
	require.False(t, rows.Next(), "foreign key violations")
}

func TestMigrationsAreRecordedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	for range 3 {
		s, err := sqlite.Open(path, nil)
		require.NoError(t, err)
		require.NoError(t, s.Close())
	}
	var n, max int
	require.NoError(t, raw(t, path).QueryRow("SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max))
	assert.Equal(t, sqlite.SchemaVersion(), n)
	assert.Equal(t, sqlite.SchemaVersion(), max)
}

func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	s, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	_, err = raw(t, path).Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from-the-future', '2030-01-01')", sqlite.SchemaVersion()+1)
	require.NoError(t, err)
	_, err = sqlite.Open(path, nil)
	require.ErrorIs(t, err, sqlite.ErrSchemaTooNew)
	_, err = sqlite.Open(path, &sqlite.Options{ReadOnly: true})
	require.ErrorIs(t, err, sqlite.ErrSchemaTooNew)
}

func TestHistoryIsAppendOnlyInTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := open(t, path, nil)
	f := storetest.Populate(t, s)
	db := raw(t, path)
	for _, q := range []string{
		"UPDATE history SET data = '{}' WHERE kind = 'e'",
		"DELETE FROM history WHERE kind = 'e'",
		"UPDATE history SET outcome = 'ok' WHERE kind = 'a'",
		"DELETE FROM history",
	} {
		_, err := db.Exec(q)
		require.ErrorContains(t, err, "append-only", q)
	}
	f.Verify(t, s)
}

// TestBackupOnline copies the database while writes and reads go on, and
// checks the copy with the suite's read checks.
func TestBackupOnline(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, filepath.Join(dir, "lkt.db"), nil)
	f := storetest.Populate(t, s)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				// Audit entries of communities outside the fixture: writes
				// the copy may or may not hold, that Verify does not read.
				if err := s.RecordAudit(ctx, lkt.AuditEntry{Community: lkt.ID(fmt.Sprintf("other-%d-%d", w, i)),
					At: f.Clock.Now(), By: lkt.System("load"), Action: lkt.Read, Operation: "Get", Outcome: "ok"}); err != nil {
					t.Error(err)
					return
				}
				if _, _, err := s.Load(ctx, storetest.Jonas); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	dest := filepath.Join(dir, "backup.db")
	require.NoError(t, s.Backup(ctx, dest))
	close(stop)
	wg.Wait()
	require.Error(t, s.Backup(ctx, dest), "a backup never overwrites a file")

	integrityOK(t, dest)
	restored := open(t, dest, nil)
	f.Verify(t, restored)
	// The restored database takes writes.
	require.NoError(t, restored.RecordAudit(ctx, lkt.AuditEntry{Community: storetest.Jonas, At: f.Clock.Now(),
		By: lkt.System("restore"), Action: lkt.Read, Operation: "Get", Outcome: "ok"}))
}

func TestBackupInMemory(t *testing.T) {
	s := open(t, ":memory:", nil)
	f := storetest.Populate(t, s)
	dest := filepath.Join(t.TempDir(), "backup.db")
	require.NoError(t, s.Backup(context.Background(), dest))
	f.Verify(t, open(t, dest, nil))
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s, err := sqlite.Open(path, nil)
	require.NoError(t, err)
	f := storetest.Populate(t, s)
	require.NoError(t, s.Close())

	ro := open(t, path, &sqlite.Options{ReadOnly: true})
	f.Verify(t, ro)
	snap, v, err := ro.Load(ctx, storetest.Jonas)
	require.NoError(t, err)
	err = ro.Save(ctx, lkt.Save{Snapshot: snap, Summary: f.Summaries[storetest.Jonas], Expected: v})
	require.ErrorIs(t, err, sqlite.ErrReadOnly)
	require.ErrorIs(t, ro.RecordAudit(ctx, f.Audit[storetest.Jonas][0]), sqlite.ErrReadOnly)

	// Through the Service, a read that cannot be audited is refused: no
	// health information leaves without a trace.
	svc := lkt.NewService(ro, f.Config())
	_, err = svc.Get(ctx, lkttest.Coordinator, storetest.Jonas)
	require.Equal(t, lkt.Internal, lkt.CodeOf(err))
	require.ErrorIs(t, err, sqlite.ErrReadOnly)
	f.Verify(t, ro)
	integrityOK(t, path)
}

// TestSaveTellsTheSnapshotJSON: the store tells the Service the JSON it
// stored for the snapshot (lkt.Save.SnapshotJSON), what encoding/json
// writes for it, so that a command's answer is not encoded again: the view
// the Service returns gives it.
func TestSaveTellsTheSnapshotJSON(t *testing.T) {
	ctx := context.Background()
	svc := lkt.NewService(newStore(t), lkttest.Config(lkttest.NewClock(lkttest.Start)))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	done, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.MotherID, Name: "Kari <Berg>"})
	require.NoError(t, err)
	got, ok := done.AppendSnapshotJSON(nil)
	require.True(t, ok, "the store told the Service the JSON it stored")
	want, err := json.Marshal(done.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}
