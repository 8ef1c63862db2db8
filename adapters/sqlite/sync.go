package sqlite

import (
	"errors"
	"io/fs"
	"os"
	"sync"
	"time"
)

// DefaultAuditSync is how soon an audit entry recorded on its own reaches
// the disk by default (Options.AuditSync).
const DefaultAuditSync = 10 * time.Millisecond

// syncer lets audit entries recorded on their own — every read's, and
// every refused command's — commit without waiting for the disk, and
// syncs them within Options.AuditSync.
//
// A batch of such entries alone is committed with synchronous=NORMAL: the
// log is written, so the entries are visible and survive the process
// dying, but not synced. Any save's commit (synchronous=FULL) syncs the
// log and, with it, every commit before it; if none comes, a timer syncs
// the log file itself. So reads do not each wait for the disk, and what a
// power cut can take is the audit entries of the last AuditSync, never a
// saved state. If a background sync fails, commits are synced again until
// one succeeds, so the failure reaches a caller through SQLite.
type syncer struct {
	wal     string // the write-ahead log; "" when entries are synced at commit
	within  time.Duration
	durable string // the synchronous setting of everything else: FULL or EXTRA
	lazyNow bool   // the writer connection is set to NORMAL; the writer's

	mu      sync.Mutex
	pending bool  // a lazy commit the log has not been synced since
	failed  error // the last background sync's failure, until a synced commit
	timer   *time.Timer
}

func newSyncer(s *Store) syncer {
	o := s.opts
	// A journalled Store records no audit entry in a transaction of its
	// own (see auditJournal).
	if s.memory || o.ReadOnly || o.AuditSync < 0 || o.Synchronous == "NORMAL" || s.journal != nil {
		return syncer{}
	}
	return syncer{wal: s.path + "-wal", within: o.AuditSync, durable: o.Synchronous}
}

// mode sets the writer connection for the next transaction: NORMAL if it
// holds only lazy writes (and no background sync has failed), the durable
// setting otherwise. It reports whether the transaction is lazy.
func (y *syncer) mode(w *wconn, lazy bool) (bool, error) {
	if y.wal == "" {
		return false, nil
	}
	y.mu.Lock()
	lazy = lazy && y.failed == nil
	y.mu.Unlock()
	if lazy == y.lazyNow {
		return lazy, nil
	}
	q := "PRAGMA synchronous=" + y.durable
	if lazy {
		q = "PRAGMA synchronous=NORMAL"
	}
	if _, err := w.exec(q); err != nil {
		return false, err
	}
	y.lazyNow = lazy
	return lazy, nil
}

// committed notes a commit: a synced one syncs every lazy one before it;
// a lazy one is synced within y.within.
func (y *syncer) committed(lazy bool) {
	if y.wal == "" {
		return
	}
	y.mu.Lock()
	defer y.mu.Unlock()
	if !lazy {
		y.pending, y.failed = false, nil
		return
	}
	if !y.pending {
		y.pending = true
		y.after()
	}
}

// after schedules a sync; y.mu is held.
func (y *syncer) after() {
	if y.timer == nil {
		y.timer = time.AfterFunc(y.within, func() { _ = y.flush() })
	} else {
		y.timer.Reset(y.within)
	}
}

// flush syncs the log if a lazy commit is pending. On failure it tries
// again later, and commits are synced meanwhile.
func (y *syncer) flush() error {
	y.mu.Lock()
	if !y.pending {
		y.mu.Unlock()
		return nil
	}
	y.pending = false
	y.mu.Unlock()
	err := syncLog(y.wal)
	if err != nil {
		y.mu.Lock()
		y.pending, y.failed = true, err
		y.after()
		y.mu.Unlock()
	}
	return err
}

// stop syncs what is pending and stops the timer, at Close.
func (y *syncer) stop() error {
	if y.wal == "" {
		return nil
	}
	err := y.flush()
	y.mu.Lock()
	defer y.mu.Unlock()
	if y.timer != nil {
		y.timer.Stop()
	}
	y.pending = false
	return err
}

// syncLog syncs the write-ahead log file: fsync through any descriptor
// flushes the file. A log that is gone was checkpointed into the database,
// which SQLite synced first.
func syncLog(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
