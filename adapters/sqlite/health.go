package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// ErrLocked: another connection to the file (another program, the
// sqlite3 shell) held its lock for longer than Options.BusyTimeout.
// Nothing was saved; the same write may pass shortly.
var ErrLocked = errors.New("sqlite: the database is locked by another connection; nothing was saved")

// ErrMalformed: the database file is damaged (see Store.CheckIntegrity).
var ErrMalformed = errors.New("sqlite: the database file is malformed")

// transient reports whether err is a storage failure that may pass if the
// same write is sent again later: a full disk (or size limit), a database
// locked by another connection. The caller hears lkt.Unavailable (HTTP 503
// with Retry-After), not an internal error: nothing was saved, and nothing
// is wrong with the request.
func transient(err error) bool {
	if errors.Is(err, errJournalBroken) {
		return false // until the Store is reopened
	}
	if errors.Is(err, ErrDiskFull) || errors.Is(err, ErrLocked) ||
		errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// surface is the error a Store method returns for err: the domain's
// errors (a conflict, a refusal) as they are, transient storage failures
// as lkt.Unavailable with the cause kept for the logs, anything else
// wrapped with what was being done.
func surface(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ours := errors.AsType[*lkt.Error](err); ours {
		return err
	}
	err = fmt.Errorf("sqlite: %s: %w", op, err)
	if transient(err) {
		return lkt.UnavailableError(err)
	}
	return err
}

// ReadyRetry is how long after a failed write Ready keeps answering "not
// ready" before it tries a write of its own (see Store.Ready).
const ReadyRetry = 5 * time.Second

// health is what the Store knows of its own state for Ready: the last
// write's storage failure, if it has not succeeded since.
type health struct {
	mu       sync.Mutex
	failed   error     // the last write's transient failure; nil once one succeeds
	failedAt time.Time // when it failed, or when Ready last tried again
	now      func() time.Time
}

// wrote records a write's outcome: a transient failure makes the Store
// unready; a committed write ready again. Other errors (a conflict, a bug)
// say nothing of the storage.
func (h *health) wrote(err error) {
	if err != nil && !transient(err) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failed = err
	if err != nil {
		h.failedAt = h.now()
	}
}

// Ready reports whether the Store can take traffic, cheaply enough for a
// readiness probe: a read on the read pool answers, and the last write
// did not fail for want of room or a lock (see transient) — or, once
// ReadyRetry has passed since it did, a write of Ready's own (one row of
// the audit journal's bookkeeping, rewritten as it is, committed like any
// write) succeeds. So a server whose disk is full says so at /readyz
// instead of answering ready while every save fails, and says ready again
// once writes pass. A write needs room for one log page; a save needs
// more, so a nearly full disk may pass Ready and fail the next save, which
// makes the Store unready again.
func (s *Store) Ready(ctx context.Context) error {
	s.wmu.Lock()
	closed := s.closed
	s.wmu.Unlock()
	if closed {
		return ErrClosed
	}
	var one int
	if err := s.r.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations LIMIT 1`).Scan(&one); err != nil {
		return surface("ready", err)
	}
	if s.opts.ReadOnly {
		return nil
	}
	h := &s.health
	h.mu.Lock()
	failed, since := h.failed, h.now().Sub(h.failedAt)
	if failed != nil && since >= ReadyRetry {
		h.failedAt = h.now() // one try at a time
	}
	h.mu.Unlock()
	switch {
	case failed == nil:
		return nil
	case since < ReadyRetry:
		return fmt.Errorf("sqlite: the last write failed %s ago: %w", since.Round(time.Millisecond), failed)
	}
	// The write passes through the writer like any other, so its outcome
	// is recorded by commit (health.wrote).
	err := s.write(&op{ctx: ctx, fn: func(w *wconn) error {
		_, err := w.exec(`UPDATE audit_journal SET moved = moved`)
		return err
	}})
	return surface("ready", err)
}

// CheckIntegrity runs SQLite's integrity check over the whole file and
// returns an error wrapping ErrMalformed, naming the first problems it
// found, if the file is damaged. It reads every page: seconds for a large
// database, so a server runs it at start-up when asked (examples/server
// -check-integrity), not on every probe.
func (s *Store) CheckIntegrity(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, `PRAGMA integrity_check(10)`)
	if err != nil {
		if isCorrupt(err) {
			return fmt.Errorf("%w: %s: %w", ErrMalformed, s.path, err)
		}
		return fmt.Errorf("sqlite: integrity check of %s: %w", s.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("sqlite: integrity check of %s: %w", s.path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		if isCorrupt(err) {
			return fmt.Errorf("%w: %s: %w", ErrMalformed, s.path, err)
		}
		return fmt.Errorf("sqlite: integrity check of %s: %w", s.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s: %s", ErrMalformed, s.path, strings.Join(problems, "; "))
	}
	return nil
}

// isCorrupt reports whether err is SQLite finding the file damaged or not
// a database at all.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return true
		}
	}
	return false
}
