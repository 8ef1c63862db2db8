package postgres

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The change feed.
//
// The hard part is a commit that becomes visible late: if positions came
// from a sequence, a save could take position 7, a second save 8, the
// second commit first, and a reader that read 8 would never look back for
// 7. Here every community belongs to one of a fixed number of shards
// (feed_shards; one, see below), and each shard has a clock row. A save advances its
// shard's clock in its last statement before COMMIT (insertEvents), so it
// holds that row's lock until it has committed, and PostgreSQL releases a
// row lock only once the transaction is visible to new snapshots. The next
// save in the shard gets its positions only after that: within a shard,
// positions become visible in the order they were handed out, and a
// reader's snapshot that holds position p holds every position below it.
// A save that rolls back gives its positions back with its clock update:
// no gaps. This is plain SQL (a row lock in an UPDATE); it needs no
// advisory lock, no LISTEN/NOTIFY and no transaction ids, and under
// SERIALIZABLE engines (CockroachDB, YugabyteDB) the clock's read-modify-
// write orders the saves the same way (they retry the loser, as the store
// retries serialization failures).
//
// One clock, one order: the feed's contract (adapters/storetest) is one
// total order, the order saves committed in, that every reader sees the
// same on every read. The clock's lock is held through COMMIT, the
// disk's flush included, so saves commit one at a time in the whole
// database and concurrent saves do not share a flush: the feed caps the
// store's write rate at one flush per save (see the README's figures).
// The code takes any number of shards (rows of feed_shards), each with
// its own clock, so that saves in different shards commit together; the
// price is that the order across shards is a merge that depends on when
// one reads, which the contract does not allow. A migration that adds
// shards must come with a contract that allows it.
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
)

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
