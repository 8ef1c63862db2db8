package postgres

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// Group commit.
//
// A save is one statement, and several are sent in one pipeline with one
// Sync: one implicit transaction, one round trip and one flush of the log
// for all of them (see sendSaves). The saves of stored communities in a
// pipeline are moreover one statement (updateMany), whose fixed cost — the
// executor's start, the parameters' round trip, the commit — is paid once
// for all of them. As the SQLite store's writer does, there is no writer
// goroutine: the caller that finds room for another pipeline in flight
// sends its own save at once, so a lone writer pays no hand-over between
// goroutines. Saves that arrive when there is none queue, and the caller
// of the oldest of them sends them all together when a pipeline returns.
// Each caller still returns only once its own save is committed (or
// refused): nothing is acknowledged before the pipeline's commit, and
// synchronous_commit stays as the server has it (on: durable).
//
// How many pipelines are in flight at once decides how many saves gather:
// each one in flight holds a backend busy for its round trip, and every
// save that arrives meanwhile waits for the next. Few in flight make large
// pipelines, which cost the server least per save; more keep more of its
// cores busy. Measured on the 2-core machine of the README with 8 writers
// (examples/bench/pg), where the saves are bounded by the CPU, not by the
// disk's flushes (PostgreSQL already shares a flush between concurrent
// commits): with a pipeline of one statement per save, gathering never
// paid (0.29–0.37× of raw pgx with one pipeline in flight, against
// 0.46–0.60× with a connection per save); with updateMany it does (see
// DefaultSavesInFlight).

// DefaultSavesInFlight is Options.SavesInFlight's default. With
// updateMany, 8 writers on the README's machine made 0.66–0.68× raw
// pgx's rate with two pipelines in flight and 0.71–0.73× with one
// (go run ./examples/bench/pg -inflight N, two runs each). One is not
// the default: a pipeline whose save waits for a row another transaction
// holds would hold up every save of the process behind it.
const DefaultSavesInFlight = 2

// inFlightOf is how many pipelines of saves a Store keeps in flight: opt
// (Options.SavesInFlight) or DefaultSavesInFlight, and no more than half
// its pool of maxConns connections, leaving the rest to reads.
func inFlightOf(opt int, maxConns int32) int {
	if opt <= 0 {
		opt = DefaultSavesInFlight
	}
	return max(1, min(opt, int(maxConns)/2))
}

// maxBatch bounds the saves one pipeline carries.
const maxBatch = 64

// queued is a save waiting for a pipeline.
type queued struct {
	ctx   context.Context
	e     *encoded
	done  chan error // the outcome (see sendSaves), or errLead
	batch []*queued  // with errLead: the saves this caller is to send
}

// errLead tells a queued save's caller that it is now to send a pipeline
// (its batch).
var errLead = errors.New("postgres: lead")

// saveQueue is the Store's group commit: the saves waiting, and how many
// pipelines are in flight.
type saveQueue struct {
	mu       sync.Mutex
	waiting  []*queued
	inFlight int
	max      int // pipelines in flight at most (see inFlightOf)
}

// queueSave sends e's save in the next pipeline and returns its outcome
// (see sendSaves). Once queued, the outcome is reported whatever ctx does:
// a caller must not be told "cancelled" about a save that was stored. A
// pipeline is cancelled only when every caller in it has given up.
func (s *Store) queueSave(ctx context.Context, e *encoded) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	q := &queued{ctx: ctx, e: e, done: make(chan error, 1)}
	s.saves.mu.Lock()
	s.saves.waiting = append(s.saves.waiting, q)
	if s.saves.inFlight >= s.saves.max {
		s.saves.mu.Unlock()
		if err := <-q.done; err != errLead {
			return err
		}
	} else {
		s.saves.inFlight++
		q.batch = s.take()
		s.saves.mu.Unlock()
	}
	s.lead(q.batch)
	return <-q.done
}

// take removes the oldest queued saves, as many as one pipeline carries.
// s.saves.mu is held.
func (s *Store) take() []*queued {
	n := min(len(s.saves.waiting), maxBatch)
	batch := make([]*queued, n)
	copy(batch, s.saves.waiting)
	s.saves.waiting = append(s.saves.waiting[:0], s.saves.waiting[n:]...)
	return batch
}

// lead sends batch (the caller's save among them) in one pipeline,
// reports to each caller, then hands the sending to the caller of the
// oldest queued save, if any.
func (s *Store) lead(batch []*queued) {
	es := make([]*encoded, 0, len(batch))
	live := batch[:0]
	for _, q := range batch {
		if err := q.ctx.Err(); err != nil {
			q.done <- err // given up before it was sent
			continue
		}
		es = append(es, q.e)
		live = append(live, q)
	}
	if len(live) > 0 {
		ctx, cancel := batchContext(live)
		for i, err := range s.sendSaves(ctx, es) {
			live[i].done <- err
		}
		cancel()
	}
	s.saves.mu.Lock()
	handOver := s.handOver()
	s.saves.mu.Unlock()
	if handOver {
		// Let the next sender start now, not after this caller has
		// answered its own request: every queued save waits for it.
		runtime.Gosched()
	}
}

// handOver ends a pipeline: the caller of the oldest queued save, if any,
// is to send the next one, with the saves queued behind it. It reports
// whether there was one. s.saves.mu is held.
func (s *Store) handOver() bool {
	if len(s.saves.waiting) == 0 {
		s.saves.inFlight--
		return false
	}
	batch := s.take()
	batch[0].batch = batch
	batch[0].done <- errLead
	return true
}

// batchContext is the context a pipeline is sent with: the first
// caller's values (a trace, say), cancelled only once every caller's
// context is done.
func batchContext(batch []*queued) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(batch[0].ctx))
	var left atomic.Int32
	left.Store(int32(len(batch)))
	stops := make([]func() bool, len(batch))
	for i, q := range batch {
		stops[i] = context.AfterFunc(q.ctx, func() {
			if left.Add(-1) == 0 {
				cancel()
			}
		})
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}
