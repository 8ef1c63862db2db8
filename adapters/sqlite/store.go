package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Errors a caller can tell apart with errors.Is. The Service reports them
// to its callers as lkt.Internal, with the cause kept for the logs.
var (
	// ErrSchemaTooNew: the database was written by a newer go-lkt, whose
	// schema this version does not know. Opening it anyway could corrupt it.
	ErrSchemaTooNew = errors.New("sqlite: the database was written by a newer version of go-lkt; upgrade go-lkt to open it")
	// ErrDiskFull: the disk, or the database's size limit, is full. The
	// write was not stored; nothing stored before it is harmed.
	ErrDiskFull = errors.New("sqlite: the disk or the database is full; nothing was saved")
	// ErrReadOnly: the database cannot be written (opened read-only, or the
	// file or its directory is read-only). Nothing was saved.
	ErrReadOnly = errors.New("sqlite: the database is read-only; nothing was saved")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("sqlite: the store is closed")
	// ErrInUse: another Store, in this process or another, has the file
	// open for writing. One Store writes a file (see the package doc);
	// several servers on one database is PostgreSQL's job.
	ErrInUse = errors.New("sqlite: the database is open for writing by another Store, in this process or another; close that one first (several servers on one database: use PostgreSQL)")
)

// Options tune a Store. The zero value is the durable default.
type Options struct {
	// Synchronous is SQLite's synchronous setting: "FULL" (the default) or
	// "NORMAL". FULL syncs the write-ahead log at every commit, so an
	// acknowledged save survives a power cut; NORMAL survives a crash of the
	// process but may lose the last saves when the machine loses power.
	Synchronous string
	// ReadConns is the size of the read pool (default: GOMAXPROCS, at least 4).
	ReadConns int
	// BusyTimeout is how long to wait for another process's lock on the
	// file (default 5s).
	BusyTimeout time.Duration
	// ReadOnly opens the database for reading: every write fails with
	// ErrReadOnly. The schema must be current.
	ReadOnly bool
	// CacheEntries is how many decoded snapshots Load keeps, least
	// recently used dropped first (default DefaultCacheEntries; negative:
	// none). Each entry costs about three times the size of the snapshot's
	// JSON.
	CacheEntries int
	// AuditSync is how soon an audit entry recorded on its own — a
	// read's, or a refused command's, through RecordAudit — reaches the
	// disk (default DefaultAuditSync; negative: before RecordAudit returns,
	// in a synced transaction of its own, without the journal). The
	// package doc tells the audit journal's story.
	AuditSync time.Duration
}

// DefaultAuditSync is how soon an audit entry recorded on its own reaches
// the disk by default (Options.AuditSync).
const DefaultAuditSync = 10 * time.Millisecond

// Store is an lkt.Store in one SQLite file. Safe for concurrent use.
//
// Writes go through one writer at a time, on the only writing connection:
// a caller that finds no write in progress commits its own; writes queued
// while a transaction commits are committed together in the next one, so
// that concurrent writers share a sync of the log instead of queueing for
// one each. Every caller still returns only after its own write is
// durable; a conflict in one write is undone and the others are committed
// without it.
type Store struct {
	path       string
	memory     bool
	opts       Options
	w          *sql.DB            // one connection: migrations, then the writer's
	r          *sql.DB            // the read pool (w itself for :memory:)
	wc         wconn              // the writer's statements on w's connection
	inTx       map[lkt.ID]*stored // what the writer's transaction stored
	historySQL map[int]string     // the writer's inserts into history, by rows
	rs         readStmts
	qs         sync.Map // query text → *sql.Stmt on r
	cache      *snapCache
	journal    *auditJournal // audit entries recorded on their own, if journalled
	lock       *os.File      // the file lock: this Store writes the file (see lockFile)
	sole       bool          // every write to the file goes through this Store: it is not ReadOnly
	stats      stats         // see Stats
	health     health        // see Ready

	wmu     sync.Mutex
	idle    sync.Cond // signalled when writing turns false
	closed  bool
	writing bool  // a caller is the writer (see write)
	queue   []*op // writes waiting for the writer, oldest first
}

var _ lkt.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path, or an in-memory
// database for ":memory:" (for tests: it has a single connection and is
// lost on Close). Migrations embedded in the binary are applied in order;
// a database written by a newer schema is refused with ErrSchemaTooNew.
func Open(path string, opts *Options) (*Store, error) {
	s := &Store{path: path, memory: path == ":memory:" || path == ""}
	if opts != nil {
		s.opts = *opts
	}
	if err := s.defaults(); err != nil {
		return nil, err
	}
	if err := s.open(); err != nil {
		s.closeDBs()
		if isCorrupt(err) {
			return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, path, err)
		}
		return nil, err
	}
	s.idle.L = &s.wmu
	s.health.now = time.Now
	return s, nil
}

func (s *Store) defaults() error {
	o := &s.opts
	switch strings.ToUpper(o.Synchronous) {
	case "":
		o.Synchronous = "FULL"
	case "FULL", "NORMAL", "EXTRA":
		o.Synchronous = strings.ToUpper(o.Synchronous)
	default:
		return fmt.Errorf("sqlite: Synchronous must be FULL or NORMAL, not %q", o.Synchronous)
	}
	if o.ReadConns <= 0 {
		o.ReadConns = max(4, runtime.GOMAXPROCS(0))
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.CacheEntries == 0 {
		o.CacheEntries = DefaultCacheEntries
	}
	if o.AuditSync == 0 {
		o.AuditSync = DefaultAuditSync
	}
	s.cache = newSnapCache(o.CacheEntries)
	return nil
}

// dsn is the connection string for the file with the given pragmas.
func (s *Store) dsn(extra ...string) string {
	if s.memory {
		return "file::memory:?" + strings.Join(extra, "&")
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(s.path)
	params := append([]string{fmt.Sprintf("_pragma=busy_timeout(%d)", s.opts.BusyTimeout.Milliseconds()), "_pragma=foreign_keys(1)"}, extra...)
	return "file:" + esc + "?" + strings.Join(params, "&")
}

func (s *Store) open() error {
	ctx := context.Background()
	var err error
	if s.opts.ReadOnly {
		if s.memory {
			return errors.New("sqlite: an in-memory database cannot be opened read-only")
		}
		if s.r, err = sql.Open("sqlite", s.dsn("mode=ro", "_pragma=query_only(1)")); err != nil {
			return err
		}
		s.r.SetMaxOpenConns(s.opts.ReadConns)
		if err := checkSchema(ctx, s.r); err != nil {
			return err
		}
		return s.rs.prepare(ctx, s.r)
	}
	// The writer: WAL so that readers never wait for it, immediate
	// transactions so that a write never fails half-way for want of a lock
	// another process took first.
	if !s.memory {
		if s.lock, err = lockFile(s.path); err != nil {
			return err
		}
	}
	s.sole = true
	w := s.dsn("_pragma=journal_mode(WAL)", "_pragma=synchronous("+s.opts.Synchronous+")", "_txlock=immediate")
	if s.memory {
		w = s.dsn("_pragma=foreign_keys(1)", "_txlock=immediate")
	}
	if s.w, err = sql.Open("sqlite", w); err != nil {
		return err
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetConnMaxLifetime(0)
	s.w.SetConnMaxIdleTime(0)
	if err := s.w.PingContext(ctx); err != nil {
		return classify(err)
	}
	if err := migrate(ctx, s.w); err != nil {
		return err
	}
	s.inTx, s.historySQL = map[lkt.ID]*stored{}, map[int]string{}
	if !s.memory && s.opts.AuditSync >= 0 {
		if err := s.openJournal(ctx); err != nil {
			return err
		}
	}
	if s.memory {
		s.r = s.w
	} else {
		if s.r, err = sql.Open("sqlite", s.dsn("_pragma=query_only(1)")); err != nil {
			return err
		}
		s.r.SetMaxOpenConns(s.opts.ReadConns)
		s.r.SetMaxIdleConns(s.opts.ReadConns)
	}
	return s.rs.prepare(ctx, s.r)
}

// Close waits for queued writes and closes the database.
func (s *Store) Close() error {
	s.wmu.Lock()
	if s.closed {
		s.wmu.Unlock()
		return nil
	}
	s.closed = true
	for s.writing {
		s.idle.Wait()
	}
	s.wmu.Unlock()
	return errors.Join(s.closeJournal(), s.closeDBs())
}

func (s *Store) closeDBs() error {
	var errs []error
	s.qs.Range(func(_, v any) bool {
		errs = append(errs, v.(*sql.Stmt).Close())
		return true
	})
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.onWriter(func(w *wconn) error { return w.close() }), s.w.Close())
	}
	if s.journal != nil {
		errs = append(errs, s.journal.closeFiles())
	}
	if s.lock != nil {
		// Last: the lock says no other Store writes while this one may.
		errs = append(errs, s.lock.Close())
	}
	return errors.Join(errs...)
}

// Backup writes a consistent copy of the live database to dest, which must
// not exist, while reads and writes go on (SQLite's VACUUM INTO, in one
// read transaction), with every audit entry recorded before it was called
// (see auditJournal). The copy is synced before Backup returns. To
// restore, stop the application and open the copy, or move it into place
// (removing any -wal, -shm, -audit-a and -audit-b files of the old
// database).
func (s *Store) Backup(ctx context.Context, dest string) error {
	s.wmu.Lock()
	closed := s.closed
	s.wmu.Unlock()
	if closed {
		return ErrClosed
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("sqlite: backup: %s exists", dest)
	}
	if err := s.moveAudit(ctx); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	db := s.w
	if !s.memory {
		// A connection of its own, so the backup holds neither the writer
		// nor a reader from the pool while it copies.
		var err error
		if db, err = sql.Open("sqlite", s.dsn()); err != nil {
			return err
		}
		defer db.Close()
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", dest, classify(err))
	}
	return syncFile(dest)
}

// syncFile makes a new file and its directory entry durable.
func syncFile(path string) error {
	for _, p := range []string{path, filepath.Dir(path)} {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// classify wraps SQLite's errors for a full disk, a locked database and a read-only file in
// the package's errors, so callers can tell them apart.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("%w: %w", ErrDiskFull, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%w: %w", ErrLocked, err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return fmt.Errorf("%w: %w", ErrReadOnly, err)
		}
	}
	return err
}
