package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Options tune a Store. The zero value is the default.
type Options struct {
	// Schema is the schema the store's tables live in, created if missing
	// (default: the connection's search_path, normally public). Several
	// Stores — in this process or others — may share one schema.
	Schema string
	// MaxConns bounds the connection pool (default: pgxpool's, the larger
	// of 4 and the number of CPUs).
	MaxConns int32
	// Retries is how many times an operation is tried again after a
	// transient failure (see Store): default DefaultRetries; negative: never.
	Retries int
	// CacheEntries is how many decoded snapshots Load keeps (see
	// snapCache): default DefaultCacheEntries; negative: none.
	CacheEntries int
	// RetryWait is the wait before the first retry, doubled before each
	// next one (default 50ms). With the defaults the retries span about 3 s,
	// long enough for a restart of the server or a failover.
	RetryWait time.Duration
	// SavesInFlight is how many pipelines of saves the store sends at
	// once at most (see group.go): default DefaultSavesInFlight, never
	// more than half of MaxConns (the rest is the reads'). Saves that
	// arrive while that many are on their way wait, and go together in
	// the next. Raise it for a database server with many cores that this
	// process alone keeps busy.
	SavesInFlight int
}

// DefaultRetries is Options.Retries' default.
const DefaultRetries = 6

// Store is an lkt.Store in a PostgreSQL database. Safe for concurrent
// use, and by several processes on the same schema at once.
type Store struct {
	pool   *pgxpool.Pool
	opts   Options
	shards int // the number of feed shards (see feed.go)
	cache  *snapCache

	// The background numbering of the feed (see feed.go): wake asks for a
	// step, stop ends it, numbered is closed when it has.
	wake     chan struct{}
	stop     context.CancelFunc
	numbered chan struct{}

	saves     saveQueue    // group commit (see group.go)
	batches   atomic.Int64 // pipelines of saves sent, for tests
	deadlocks atomic.Int64 // deadlocks retried, for tests

	// beforeCommit, if set (by tests), is a statement a save's
	// transaction runs after every other and before it commits.
	beforeCommit string
	// generalSaves, if set (by tests), sends every single save as
	// updateSave or insertSave, never as updateOne.
	generalSaves bool
}

var (
	_ lkt.Store      = (*Store)(nil)
	_ lkt.ChangeFeed = (*Store)(nil)
)

// Open connects to the database at dsn (a postgres:// URL or key=value
// string, as pgx takes), brings the schema up to date with the embedded
// migrations and returns the Store. A schema written by a newer go-lkt is
// refused with ErrSchemaTooNew.
func Open(ctx context.Context, dsn string, opts *Options) (*Store, error) {
	s := &Store{}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Retries == 0 {
		s.opts.Retries = DefaultRetries
	}
	if s.opts.CacheEntries == 0 {
		s.opts.CacheEntries = DefaultCacheEntries
	}
	s.cache = newSnapCache(s.opts.CacheEntries)
	if s.opts.RetryWait <= 0 {
		s.opts.RetryWait = 50 * time.Millisecond
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if s.opts.MaxConns > 0 {
		cfg.MaxConns = s.opts.MaxConns
	}
	if s.opts.Schema != "" {
		if err := createSchema(ctx, cfg.ConnConfig, s.opts.Schema); err != nil {
			return nil, err
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{s.opts.Schema}.Sanitize()
	}
	s.saves.max = inFlightOf(s.opts.SavesInFlight, cfg.MaxConns)
	if s.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	err = s.retry(ctx, func() error { return migrate(ctx, s.pool) })
	if err == nil {
		err = s.retry(ctx, func() error {
			return s.pool.QueryRow(ctx, `SELECT count(*) FROM feed_shards`).Scan(&s.shards)
		})
	}
	if err != nil {
		s.pool.Close()
		return nil, s.surface("open", err)
	}
	s.wake, s.numbered = make(chan struct{}, 1), make(chan struct{})
	var bg context.Context
	bg, s.stop = context.WithCancel(context.Background())
	go s.numberer(bg)
	return s, nil
}

// createSchema creates schema if it does not exist yet, on a connection
// of its own (the pool's connections are opened with it as search_path).
func createSchema(ctx context.Context, cc *pgx.ConnConfig, schema string) error {
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize())
	if err != nil && !isCode(err, uniqueViolation, duplicateSchema) { // another process created it meanwhile
		return fmt.Errorf("postgres: create schema %s: %w", schema, err)
	}
	return nil
}

// Close stops the feed's background numbering and closes the pool,
// waiting for connections in use to be returned. Events saved but not yet
// numbered are numbered by the next feed read or save of any Store.
func (s *Store) Close() {
	s.stop()
	<-s.numbered
	s.pool.Close()
}

// Pool is the store's connection pool, for health checks and for tools
// that read the tables directly (benchmarks, reports).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// retry runs fn until it succeeds, fails for a reason a retry cannot
// mend, the retries are spent or ctx ends. fn must be safe to run again
// after a transient failure: a transaction that did not commit, or a read.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	wait := s.opts.RetryWait
	for try := 0; ; try++ {
		err := fn()
		if err == nil || !transient(err) || try >= s.opts.Retries {
			return err
		}
		if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == deadlockDetected {
			s.deadlocks.Add(1)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait *= 2
	}
}

// surface is what a caller sees of err: a transient failure that outlived
// its retries is lkt.Unavailable (answered 503 at the HTTP edge); domain
// errors (a conflict, not found) pass unchanged; anything else is wrapped
// with op and keeps the server's SQLSTATE in its message.
func (s *Store) surface(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("postgres: %s: %w", op, err)
	case lkt.CodeOf(err) != lkt.Internal:
		return err
	case transient(err):
		return lkt.UnavailableError(fmt.Errorf("postgres: %s: %w", op, err))
	}
	return fmt.Errorf("postgres: %s: %w", op, err)
}
