// Package sqlite is the embedded default lkt.Store: one SQLite file,
// through modernc.org/sqlite (pure Go, no cgo), so that a program that
// embeds go-lkt needs no database server and cross-compiles as is.
//
// # Durability
//
// The database runs in WAL mode with synchronous=FULL: the log is synced at
// every commit, so a save that returned nil survives a crash of the process
// and a power cut. NORMAL would also survive the crash test in this
// package (killing the process leaves the log in the operating system's
// cache) but not a power cut, which no test here can stage; losing an
// agreed plan or a withdrawal of consent is not acceptable, so FULL is the
// default and NORMAL an explicit choice (Options.Synchronous).
//
// # The audit journal
//
// Audit entries recorded on their own — the one the Service writes for
// every read, and for every refused command — are the exception, chosen
// deliberately. RecordAudit appends them to an audit journal beside the
// database (path+"-audit-a" and "-audit-b"): one write, no transaction, no
// sync. They are then stored and safe if the process dies (the crash test
// kills a reading process and finds every answered read's entry). The
// writer moves them into the database in bulk and in the order they were
// recorded, at the start of its next transaction, or within
// Options.AuditSync (10 ms by default) in a synced transaction of their
// own; Audit, Backup and Close move what is pending first, so whoever
// reads the trail finds every entry recorded before they asked, and what a
// crash leaves in the journal is moved at Open, none twice. Waiting for
// the disk, or even a commit, on every read would make that, not the work,
// bound how fast anyone can read; the price is that a power cut can lose
// the read entries of the last AuditSync, never a save nor a save's own
// audit entry. A negative AuditSync does without the journal: each entry
// is committed and synced before RecordAudit returns. How the files take
// turns and how a torn record is recognised: auditJournal.
//
// Each Save writes the snapshot, the summary and its index rows, the events
// and the audit entries in one immediate transaction, after checking the
// stored version (optimistic concurrency). Events and audit entries are
// append-only: triggers refuse to update or delete them.
//
// # Concurrency
//
// One connection writes, one writer at a time; reads use a pool and, in
// WAL mode, never wait for the writer. A caller that finds no write in
// progress commits its own (no hand-over to another goroutine); writes
// that arrive while a transaction commits are committed together in the
// next transaction, by the caller of the oldest of them, so concurrent
// writers — and the audit entries every read records — share a sync of the
// log (group commit). Each caller still returns only once its own write is
// durable. A write that is refused (a conflict) rolls the transaction
// back, and the others are committed without it.
//
// # Reads
//
// Load keeps the decoded snapshots of the communities used last (see
// Options.CacheEntries), because decoding a snapshot costs several times
// the select that reads it; it hands out deep copies. The writing Store
// sees every write and updates the cache as each commits, so Load serves a
// cached snapshot without reading the database at all. A ReadOnly Store
// reads the stored bytes on every Load and uses a cached snapshot only if
// it came from exactly those bytes, so it sees the writer's saves.
//
// # One writer
//
// One Store writes a file: Open takes an exclusive lock on a file beside
// it (path+"-lock": flock on Unix, a handle opened without sharing on
// Windows; released when the Store closes or the process dies), and a
// second writing Store, in this process or another, gets ErrInUse.
// ReadOnly Stores (a backup tool, a report) take no lock and may read
// alongside. Several servers on one database is the job of
// adapters/postgres, which is built for it; SQLite is the embedded store
// of one program. Writing the file with other tools (the sqlite3 shell)
// while a Store has it open is not supported: that Store may go on
// serving what it last stored.
//
// # Schema
//
// Migrations are embedded (migrations/NNNN_name.sql), applied in order at
// Open, recorded in schema_migrations, and idempotent; a database written
// by a newer schema is refused (ErrSchemaTooNew). One that rebuilds a
// table others refer to runs with foreign keys off and is checked with
// foreign_key_check before it commits. Portfolio filters are
// real indexed columns of communities, each index ending in the id so that
// a page in id order is read straight off it; members are a child table
// keyed by member that carries each community's number (its table's
// INTEGER PRIMARY KEY), so a member's page reads each community with one
// descent of one b-tree. The full snapshot is a JSON column of its own table, so
// that no portfolio query reads a page holding snapshot bytes.
//
// Commit time is mostly the log pages a save writes and syncs, so history
// is laid out for appends: a community's events and audit entries are rows
// of one rowid table, history, appended at its right edge (the rows of a
// save share a page), with one index that keeps each community's history
// in the order it was written, so a page of events or of audit entries is
// a range of it. A row's seq is its rowid, assigned by SQLite in the write
// transaction: global, only growing (no row is removed), across restarts,
// rollbacks and other processes writing the file; it is an audit entry's
// seq. 0004_history.sql says how the order is kept. Pages per save are
// counted in TestPagesPerSave; BENCH.md has the figures.
//
// # The writer
//
// The writer drives its connection below database/sql (wconn): statements
// prepared once, transactions begun and ended by statement, because a
// sql.Tx costs a goroutine per transaction. Since the Store is the file's
// only writer, the cache also holds what the writer last stored in each
// community's rows, so a save writes only what changed without reading the
// rows first; the snapshot update is guarded by the expected version, so
// the database checks that knowledge on every save.
//
// # Failures
//
// A write that finds the disk (or the database's size limit) full, or the
// file locked by another program for longer than Options.BusyTimeout,
// stores nothing and returns lkt.Unavailable wrapping ErrDiskFull or
// ErrLocked: the HTTP adapter answers 503 with Retry-After, since the
// same request may pass once there is room. Store.Ready, for a readiness
// probe, checks that a cheap read answers and reports such a failure until
// a write passes again. Store.CheckIntegrity reads every page and reports a damaged file
// as ErrMalformed; Open does the same for a file too damaged to open.
//
// # Backup
//
// Store.Backup writes an online, consistent copy (VACUUM INTO) while the
// application runs.
package sqlite
