package sqlite

import (
	"sync/atomic"
	"time"
)

// Stats are what an operator watches of a Store (see Store.Stats): how its
// synced transactions go and how much audit waits to be moved.
type Stats struct {
	// Commits counts the write transactions committed, each one a sync of
	// the write-ahead log (unless Options.Synchronous is NORMAL), and
	// CommitTime is their total time from BEGIN to the end of COMMIT. One
	// transaction may carry several callers' saves (see Store) and the
	// audit entries moved from the journal; CommitTime/Commits is the
	// average time of a sync.
	Commits    int64
	CommitTime time.Duration
	// AuditBacklog is how many audit entries wait in the audit journal to
	// be moved into the database (see Options.AuditSync); it stays near
	// zero unless the writer cannot keep up or the disk fails.
	AuditBacklog int
}

// stats are the Store's counters, updated by the writer.
type stats struct {
	commits     atomic.Int64
	commitNanos atomic.Int64
}

// Stats returns the Store's counters so far. It is cheap enough to call
// on every scrape of a metrics endpoint.
func (s *Store) Stats() Stats {
	st := Stats{Commits: s.stats.commits.Load(), CommitTime: time.Duration(s.stats.commitNanos.Load())}
	if j := s.journal; j != nil {
		j.mu.Lock()
		st.AuditBacklog = len(j.pending)
		j.mu.Unlock()
	}
	return st
}
