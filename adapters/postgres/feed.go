package postgres

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The change feed.
//
// The hard part is a commit that becomes visible late: if positions were
// handed out before COMMIT (from a sequence, say), a save could take
// position 7, a second save 8, the second commit first, and a reader that
// read 8 would never look back for 7. Here positions are handed out after
// COMMIT. A save inserts its events with no position (feed IS NULL) and
// touches no row another save touches, so saves commit side by side and
// share the disk's flushes. Then a numbering step (number), in a short
// transaction of its own, locks the shard's clock row (feed_shards), gives
// the committed events without a position the positions after the clock
// in a fixed order, advances the clock and commits. It
// reads the events after it holds the lock, so it sees everything the
// numberer before it numbered, and PostgreSQL releases the lock only once
// that transaction is visible: positions become visible in the order they
// were handed out, and a reader's snapshot that holds position p holds
// every position below it. A save that commits late is simply numbered
// later, after what the reader already passed: nothing is skipped. A
// The order is the order the saves inserted their events in (save_order,
// from a sequence, one number per save; then Seq): saves made one after
// the other are in the feed in that order, whichever steps number them,
// and a community's saves commit one after the other (the version check),
// so its events are numbered in Seq order.
//
// Numbering runs in the background after saves in this process (paced:
// one step numbers whatever has committed meanwhile, see numberPace) and
// before every read of the feed, in any process, so a save acknowledged
// anywhere is in the next page read. If a process dies between a save's
// COMMIT and the numbering, its events stay without a position, invisible
// to the feed but stored, until the next numbering by any process (the
// next save or feed read): late, never lost. This is plain SQL (a row
// lock taken by SELECT … FOR UPDATE); it needs no advisory lock, no
// LISTEN/NOTIFY and no transaction ids, and under SERIALIZABLE engines
// (CockroachDB, YugabyteDB) two numbering steps conflict on the clock row
// and one is retried, as the store retries serialization failures.
//
// One clock, one order: the feed's contract (adapters/storetest) is one
// total order that every reader sees the same on every read. The code
// takes any number of shards (rows of feed_shards), each with its own
// clock; the order across shards is a merge that depends on when one
// reads, which the contract does not allow, so the schema has one. Now
// that saves do not wait for the clock, more shards would only spread the
// numbering, which is one short transaction per batch of saves.
//
// A cursor is the last position read in each shard. A page is one
// statement (one snapshot): each shard's next positions, merged by
// (position, shard) and cut at the limit, so a page takes a prefix of
// every shard and the cursor after each entry is exact. A community's
// events are all in its shard, in Seq order.
const (
	selectFeed = `SELECT e.shard, e.feed, e.data FROM unnest($1::int[], $2::bigint[]) AS c (shard, after)
		CROSS JOIN LATERAL (SELECT shard, feed, data FROM events WHERE shard = c.shard AND feed > c.after ORDER BY feed LIMIT $3) AS e
		ORDER BY e.feed, e.shard LIMIT $3`
	selectClocks = `SELECT shard, next FROM feed_shards ORDER BY shard`

	// The numbering step (see above): whether there is anything to
	// number, then, in one transaction, the clock's lock and (in a
	// snapshot taken with the lock held) the committed events without a
	// position numbered from the clock, which advances.
	anyUnnumbered = `SELECT EXISTS (SELECT 1 FROM events WHERE shard = $1 AND feed IS NULL)`
	lockClock     = `SELECT next FROM feed_shards WHERE shard = $1 FOR UPDATE`
	numberEvents  = `WITH todo AS (
			SELECT community, seq, row_number() OVER (ORDER BY save_order, seq) AS n
			FROM events WHERE shard = $1 AND feed IS NULL ORDER BY save_order, seq LIMIT $2),
		clock AS (SELECT next FROM feed_shards WHERE shard = $1),
		numbered AS (UPDATE events e SET feed = clock.next + todo.n FROM todo, clock
			WHERE e.community = todo.community AND e.seq = todo.seq RETURNING 1)
		UPDATE feed_shards SET next = next + (SELECT count(*) FROM numbered) WHERE shard = $1
		RETURNING (SELECT count(*) FROM numbered)`
	// numberBatch bounds the events one numbering step numbers.
	numberBatch = 10_000
)

// number gives the committed events without a feed position theirs, in
// every shard (see above). It numbers at most numberBatch events per
// shard; a reader that finds more left gets them numbered by its next
// read, after what it has read.
func (s *Store) number(ctx context.Context) error {
	for shard := range s.shards {
		err := s.retry(ctx, func() error {
			var pending bool
			if err := s.pool.QueryRow(ctx, anyUnnumbered, shard).Scan(&pending); err != nil || !pending {
				return err
			}
			// One round trip: a batch is one implicit transaction,
			// committed after its last statement.
			b := &pgx.Batch{}
			b.Queue(lockClock, shard)
			b.Queue(numberEvents, shard, numberBatch)
			return s.pool.SendBatch(ctx, b).Close()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// numberPace is the least time between two background numbering steps.
// A step is a COMMIT, a flush of the disk of its own, which a writer's
// next COMMIT may wait behind: paced, a step numbers a batch of saves,
// and with one writer it costs a few per cent of its rate instead of
// doubling its flushes. Feed reads do not wait for it: they number first.
const numberPace = 200 * time.Millisecond

// numberer numbers the feed in the background until ctx ends: a step
// after a save, at most one per numberPace; saves meanwhile are numbered
// by the next step (or by a feed read before it).
func (s *Store) numberer(ctx context.Context) {
	defer close(s.numbered)
	pace := time.NewTimer(0)
	defer pace.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		select {
		case <-ctx.Done():
			return
		case <-pace.C:
		}
		// A failure is left to the next step: every feed read numbers
		// first, so nothing waits on this one.
		_ = s.number(ctx)
		pace.Reset(numberPace)
	}
}

// wakeNumberer asks the background numberer for a step, without waiting.
func (s *Store) wakeNumberer() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// MaxFeedPage bounds how many entries one Feed call returns.
const MaxFeedPage = 1000

// shardOf is community id's feed shard. It must never change for a
// stored schema: FNV-1a of the id, modulo the number of shards.
func (s *Store) shardOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(s.shards))
}

// cursorVersion starts every cursor, so that a later layout can be told
// apart.
const cursorVersion = 1

func (s *Store) encodeCursor(pos []int64) lkt.Cursor {
	b := make([]byte, 0, 1+len(pos)*3)
	b = append(b, cursorVersion)
	for _, p := range pos {
		b = binary.AppendUvarint(b, uint64(p))
	}
	return lkt.Cursor(base64.RawURLEncoding.EncodeToString(b))
}

func (s *Store) decodeCursor(c lkt.Cursor) ([]int64, bool) {
	pos := make([]int64, s.shards)
	if c == "" {
		return pos, true
	}
	b, err := base64.RawURLEncoding.DecodeString(string(c))
	if err != nil || len(b) == 0 || b[0] != cursorVersion {
		return nil, false
	}
	b = b[1:]
	for i := range pos {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > 1<<62 {
			return nil, false
		}
		pos[i], b = int64(v), b[n:]
	}
	return pos, len(b) == 0 && s.encodeCursor(pos) == c
}

// cursorError reports a cursor this store did not hand out.
func cursorError(c lkt.Cursor) error {
	return &lkt.Error{Code: lkt.Invalid, Field: "after", Message: roles.Labels{
		EN: fmt.Sprintf("%q is not a position in this change feed: pass the cursor of the last entry you handled, or none to start from the beginning", string(c)),
		NB: fmt.Sprintf("%q er ikke en posisjon i denne endringsstrømmen: send pekeren til den siste hendelsen du behandlet, eller ingen for å starte fra begynnelsen", string(c)),
		NN: fmt.Sprintf("%q er ikkje ein posisjon i denne endringsstraumen: send peikaren til den siste hendinga du handsama, eller ingen for å byrje frå starten", string(c)),
	}}
}

// Feed implements lkt.ChangeFeed. At most MaxFeedPage entries are returned.
func (s *Store) Feed(ctx context.Context, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor, error) {
	pos, ok := s.decodeCursor(after)
	if !ok {
		return nil, after, cursorError(after)
	}
	limit = min(limit, MaxFeedPage)
	shards := make([]int32, s.shards)
	for i := range shards {
		shards[i] = int32(i)
	}
	var out []lkt.FeedEntry
	if limit > 0 {
		// Everything committed before this read gets its position first.
		if err := s.number(ctx); err != nil {
			return nil, after, s.surface("feed", err)
		}
	}
	err := s.retry(ctx, func() error {
		out = out[:0]
		if limit <= 0 {
			return nil
		}
		rows, err := s.pool.Query(ctx, selectFeed, shards, pos, limit)
		if err != nil {
			return err
		}
		var (
			shard int32
			feed  int64
			data  []byte
		)
		next := append([]int64(nil), pos...)
		_, err = pgx.ForEachRow(rows, []any{&shard, &feed, &data}, func() error {
			var e lkt.Event
			if err := json.Unmarshal(data, &e); err != nil {
				return fmt.Errorf("event at %d/%d: %w", shard, feed, err)
			}
			next[shard] = feed
			out = append(out, lkt.FeedEntry{Cursor: s.encodeCursor(next), Event: e})
			return nil
		})
		return err
	})
	if err != nil {
		return nil, after, s.surface("feed", err)
	}
	if len(out) > 0 {
		return out, out[len(out)-1].Cursor, nil
	}
	// Nothing new: a cursor ahead of the clocks was not handed out here.
	if after != "" {
		if err := s.checkCursor(ctx, after, pos); err != nil {
			return nil, after, err
		}
	}
	return nil, after, nil
}

// checkCursor refuses a cursor beyond what the clocks have handed out.
func (s *Store) checkCursor(ctx context.Context, after lkt.Cursor, pos []int64) error {
	var clocks []int64
	err := s.retry(ctx, func() error {
		clocks = clocks[:0]
		rows, err := s.pool.Query(ctx, selectClocks)
		if err != nil {
			return err
		}
		var shard int32
		var next int64
		_, err = pgx.ForEachRow(rows, []any{&shard, &next}, func() error {
			clocks = append(clocks, next)
			return nil
		})
		return err
	})
	if err != nil {
		return s.surface("feed", err)
	}
	for i, p := range pos {
		if i >= len(clocks) || p > clocks[i] {
			return cursorError(after)
		}
	}
	return nil
}
