package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// saveN saves version v+1 of community id (v = 0 creates it), with its
// audit entry.
func saveN(t *testing.T, s *Store, id lkt.ID, v int64) {
	t.Helper()
	require.NoError(t, s.Save(context.Background(), lkt.Save{Snapshot: lkt.Snapshot{ID: id}, Summary: lkt.Summary{ID: id, UpdatedAt: lkttest.Start},
		Expected: v, Events: []lkt.Event{{Community: id, Seq: v + 1, At: lkttest.Start, By: lkt.System("t"), Data: lkt.CommunityCreated{}}},
		Audit: []lkt.AuditEntry{{Community: id, At: lkttest.Start, By: lkt.System("t"), Action: lkt.Write, Operation: "save " + strconv.FormatInt(v+1, 10), Outcome: "ok", Version: v + 1}}}))
}

// operations lists the operations of id's audit trail in seq order.
func operations(t *testing.T, s *Store, id lkt.ID) []string {
	t.Helper()
	au, err := s.Audit(context.Background(), id, 0, lkt.MaxPage)
	require.NoError(t, err)
	var out []string
	for i, a := range au {
		if i > 0 {
			require.Greater(t, a.Seq, au[i-1].Seq)
		}
		out = append(out, a.Operation)
	}
	return out
}

// journalSizes returns the sizes of the journal files.
func journalSizes(t *testing.T, s *Store) [2]int64 {
	t.Helper()
	var out [2]int64
	for i, p := range s.journal.paths {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		out[i] = fi.Size()
	}
	return out
}

// TestJournalKeepsRecordingOrder: entries recorded on their own are
// journalled, not committed one by one; a save moves those recorded before
// it into the trail ahead of its own entry, Audit moves the rest first,
// and a moved file is emptied. Concurrent recorders and savers keep each
// one's order.
func TestJournalKeepsRecordingOrder(t *testing.T) {
	ctx := context.Background()
	// The timer never fires during the test.
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{AuditSync: time.Hour})
	require.NotNil(t, s.journal)
	var commits int64
	count := func() int64 {
		require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM history`).Scan(&commits))
		return commits
	}
	read := func(op string) { require.NoError(t, s.RecordAudit(ctx, entry("c-1", op))) }

	read("r1")
	saveN(t, s, "c-1", 0)
	before := count()
	read("r2")
	read("r3")
	assert.Equal(t, before, count(), "entries on their own are not committed one by one")
	assert.NotZero(t, journalSizes(t, s)[0]+journalSizes(t, s)[1])
	saveN(t, s, "c-1", 1)
	read("r4")
	assert.Equal(t, []string{"r1", "save 1", "r2", "r3", "save 2", "r4"}, operations(t, s, "c-1"))
	assert.False(t, s.journal.unmoved())
	assert.Equal(t, [2]int64{0, 0}, journalSizes(t, s), "every record moved: both files emptied")

	// Concurrent recorders and savers.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			id := lkt.ID(fmt.Sprintf("c-w%d", w))
			for i := range 60 {
				if w%2 == 0 && i%10 == 0 {
					saveN(t, s, id, int64(i/10))
					continue
				}
				if err := s.RecordAudit(ctx, entry(id, fmt.Sprintf("%03d", i))); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for w := range 4 {
		id := lkt.ID(fmt.Sprintf("c-w%d", w))
		if w%2 == 0 {
			checkHistoryPages(t, s, id)
		}
		ops := operations(t, s, id)
		var want []string
		for i := range 60 {
			if w%2 == 0 && i%10 == 0 {
				want = append(want, "save "+strconv.Itoa(i/10+1))
			} else {
				want = append(want, fmt.Sprintf("%03d", i))
			}
		}
		require.Equal(t, want, ops, "writer %d", w)
	}
	integrity(t, s)
}

// TestJournalTimerMoves: with no save and no reader of the trail, the
// timer moves the entries, in a synced transaction of their own.
func TestJournalTimerMoves(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{AuditSync: time.Hour})
	for i := range 3 {
		require.NoError(t, s.RecordAudit(ctx, entry("c-1", strconv.Itoa(i))))
	}
	var n int
	require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM history`).Scan(&n))
	require.Zero(t, n)
	s.journal.move() // what the timer calls
	require.NoError(t, s.r.QueryRow(`SELECT count(*) FROM history`).Scan(&n))
	assert.Equal(t, 3, n)
	var moved int64
	require.NoError(t, s.r.QueryRow(`SELECT moved FROM audit_journal`).Scan(&moved))
	assert.Equal(t, s.journal.next-1, moved)
	assert.Equal(t, [2]int64{0, 0}, journalSizes(t, s))
}

// TestJournalGivesBackARolledBackMove: entries moved by a transaction that
// is rolled back (a write in it was refused) are moved again by the next,
// once.
func TestJournalGivesBackARolledBackMove(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{AuditSync: time.Hour})
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "a"), entry("c-1", "b")))
	refused := &op{ctx: ctx, done: make(chan error, 1), fn: func(*wconn) error { return lkt.ConflictError("c-x", 0, 1) }}
	ok := &op{ctx: ctx, done: make(chan error, 1), fn: func(*wconn) error { return nil }}
	commitAll(t, s, []*op{refused, ok})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(<-refused.done))
	require.NoError(t, <-ok.done)
	assert.False(t, s.journal.unmoved())
	assert.Equal(t, []string{"a", "b"}, operations(t, s, "c-1"))
}

// TestJournalRecovers: what a crash leaves in the journal — entries not
// moved, a torn last record, a record already moved — is moved at Open,
// each entry once, in recording order.
func TestJournalRecovers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openT(t, filepath.Join(dir, "lkt.db"), Options{AuditSync: time.Hour})
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "r1")))
	saveN(t, s, "c-1", 0) // moves r1
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "r2"), entry("c-1", "r3")))
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "r4")))

	// The files as a crash now would leave them: the database and its log,
	// and the journal holding r2–r4 (with r1's record already emptied).
	crash := filepath.Join(t.TempDir(), "lkt.db")
	for _, suffix := range []string{"", "-wal", "-audit-a", "-audit-b"} {
		b, err := os.ReadFile(s.path + suffix)
		require.NoError(t, err, suffix)
		require.NoError(t, os.WriteFile(crash+suffix, b, 0o600))
	}
	// r1 again (moved already) in the other file, then a torn record.
	f, err := os.OpenFile(crash+"-audit-a", os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	payload := []byte(`{"n":1,"entry":{"community":"c-1","operation":"r1 again"}}`)
	frame := binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))
	frame = binary.LittleEndian.AppendUint32(frame, crc32.Checksum(payload, castagnoli))
	_, err = f.Write(append(frame, payload...))
	require.NoError(t, err)
	_, err = f.Write(append(binary.LittleEndian.AppendUint32(nil, 500), "torn"...))
	require.NoError(t, err)
	require.NoError(t, f.Close())

	c := openT(t, crash, Options{AuditSync: time.Hour})
	assert.Equal(t, []string{"r1", "save 1", "r2", "r3", "r4"}, operations(t, c, "c-1"))
	assert.Equal(t, [2]int64{0, 0}, journalSizes(t, c), "emptied once moved")
	require.NoError(t, c.RecordAudit(ctx, entry("c-1", "r5")))
	assert.Equal(t, []string{"r1", "save 1", "r2", "r3", "r4", "r5"}, operations(t, c, "c-1"))
	integrity(t, c)

	// Close moves what is pending and removes the journal.
	require.NoError(t, c.RecordAudit(ctx, entry("c-1", "r6")))
	require.NoError(t, c.Close())
	for _, suffix := range []string{"-audit-a", "-audit-b"} {
		_, err := os.Stat(crash + suffix)
		assert.ErrorIs(t, err, os.ErrNotExist, suffix)
	}
	c = openT(t, crash)
	assert.Equal(t, []string{"r1", "save 1", "r2", "r3", "r4", "r5", "r6"}, operations(t, c, "c-1"))
}

// TestJournalUnlessStrict: strict syncing (a negative AuditSync) commits
// and syncs each entry in a transaction of its own, without the journal,
// as does an in-memory database; a Store journals by default.
func TestJournalUnlessStrict(t *testing.T) {
	dir := t.TempDir()
	assert.NotNil(t, openT(t, filepath.Join(dir, "default.db")).journal)
	assert.Nil(t, openT(t, filepath.Join(dir, "strict.db"), Options{AuditSync: -1}).journal)
	assert.Nil(t, openT(t, ":memory:").journal)
}

// TestJournalWriteFails: an append the journal cannot make is an error
// to the caller; if the journal cannot be repaired it takes no more
// entries, with an error that says so, and nothing recorded before is
// lost: a new Store on the file finds it.
func TestJournalWriteFails(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s, err := Open(path, &Options{AuditSync: time.Hour})
	require.NoError(t, err)
	require.NoError(t, s.RecordAudit(ctx, entry("c-1", "before")))

	// The active file, opened read-only: both the write and its repair
	// fail.
	j := s.journal
	j.mu.Lock()
	a := j.active
	ro, err := os.Open(j.paths[a])
	require.NoError(t, err)
	good := j.files[a]
	j.files[a] = ro
	j.mu.Unlock()
	err = s.RecordAudit(ctx, entry("c-1", "lost"))
	require.ErrorContains(t, err, "could not be repaired")
	require.ErrorContains(t, s.RecordAudit(ctx, entry("c-1", "refused")), "takes no more entries")

	j.mu.Lock()
	j.files[a] = good
	j.mu.Unlock()
	require.NoError(t, ro.Close())
	require.NoError(t, s.Close()) // moves "before"
	s = openT(t, path, Options{AuditSync: time.Hour})
	assert.Equal(t, []string{"before"}, operations(t, s, "c-1"))
	integrity(t, s)
}
