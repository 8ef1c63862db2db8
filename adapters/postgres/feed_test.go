package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// minimalSave is a save of community id from version expected to
// expected+1, with one event and its audit entry.
func minimalSave(id lkt.ID, expected int64, by string) lkt.Save {
	at := t0.Add(time.Duration(expected) * time.Second)
	sum := lkt.Summary{ID: id, Municipality: "Bergen", Status: lkt.Active, Consent: lkt.Consented, UpdatedAt: at,
		Members: []actormap.ActorID{"m-a"}, Version: expected + 1}
	return lkt.Save{
		Snapshot: lkt.Snapshot{ID: id, Municipality: "Bergen", Status: lkt.Active, Patient: lkt.Patient{ID: "p-" + actormap.ActorID(id), Name: by},
			Holders: map[roles.Code]actormap.ActorID{}, CreatedAt: at},
		Summary:  sum,
		Expected: expected,
		Events: []lkt.Event{{Community: id, Seq: expected + 1, At: at, By: lkt.System(by),
			Data: lkt.CommunityCreated{Municipality: "Bergen"}}},
		Audit: []lkt.AuditEntry{{Community: id, At: at, By: lkt.System(by), Action: lkt.Write, Operation: "Create", Outcome: "ok", Version: expected + 1}},
	}
}

type feedKey struct {
	id  lkt.ID
	seq int64
}

// readFeed follows the feed from after to its end in pages of limit.
func readFeed(t *testing.T, s *Store, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor) {
	t.Helper()
	var all []lkt.FeedEntry
	for {
		page, next, err := s.Feed(context.Background(), after, limit)
		require.NoError(t, err)
		if len(page) == 0 {
			require.Equal(t, after, next, "nothing new: the cursor stays")
			return all, after
		}
		require.Equal(t, page[len(page)-1].Cursor, next)
		all = append(all, page...)
		after = next
	}
}

// TestFeedLateCommitIsNotSkipped: a save that commits late does not hold
// back the saves behind it, on another Store (another pool: another
// server); a reader on a third reads those, and once the late save
// commits, reads it after them: not skipped, though the reader had passed
// everything that committed before it.
func TestFeedLateCommitIsNotSkipped(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	late, other, reader := openTest(t, schema, nil), openTest(t, schema, nil), openTest(t, schema, nil)
	require.NoError(t, other.Save(ctx, minimalSave("c-first", 0, "first")))
	_, start := readFeed(t, reader, "", 10)

	h := holdSaves(t, late, schema)
	lateDone := make(chan error, 1)
	go func() { lateDone <- late.Save(ctx, minimalSave("c-late", 0, "late")) }()
	h.waiting() // its events are inserted, without a position; not committed
	// The save behind commits while the late one is held.
	require.NoError(t, other.Save(ctx, minimalSave("c-behind", 0, "behind")))
	got, passed := readFeed(t, reader, start, 1)
	require.Len(t, got, 1, "the save behind, not the one still uncommitted")
	assert.Equal(t, lkt.ID("c-behind"), got[0].Event.Community)

	h.release()
	require.NoError(t, <-lateDone)
	got, _ = readFeed(t, reader, passed, 1)
	require.Len(t, got, 1, "the late commit, after what the reader had passed")
	assert.Equal(t, lkt.ID("c-late"), got[0].Event.Community)
	all, _ := readFeed(t, reader, "", 10)
	var order []lkt.ID
	for _, e := range all {
		order = append(order, e.Event.Community)
	}
	assert.Equal(t, []lkt.ID{"c-first", "c-behind", "c-late"}, order, "every reader sees one order")
}

// TestFeedConcurrentWriters: several writers on two Stores, while a reader
// on a third follows the feed: every event exactly once, each community's
// in Seq order, whatever the page size.
func TestFeedConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	stores := []*Store{openTest(t, schema, nil), openTest(t, schema, nil)}
	reader := openTest(t, schema, nil)
	const writers, communities, saves = 8, 4, 10
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			s := stores[w%2]
			for c := range communities {
				id := lkt.ID(fmt.Sprintf("c-w%d-%d", w, c))
				for v := range int64(saves) {
					if err := s.Save(ctx, minimalSave(id, v, "w")); err != nil {
						t.Errorf("save %s@%d: %v", id, v, err)
						return
					}
				}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	var all []lkt.FeedEntry
	var cur lkt.Cursor
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		page, next := readFeed(t, reader, cur, 7)
		all, cur = append(all, page...), next
	}
	seen := map[feedKey]bool{}
	last := map[lkt.ID]int64{}
	for _, e := range all {
		k := feedKey{e.Event.Community, e.Event.Seq}
		require.False(t, seen[k], "%v twice", k)
		seen[k] = true
		require.Equal(t, last[k.id]+1, k.seq, "community %s out of order", k.id)
		last[k.id] = k.seq
	}
	require.Len(t, seen, writers*communities*saves, "every event")
	// Read again from the start in one page size and another: the same.
	again, _ := readFeed(t, reader, "", 1000)
	require.Len(t, again, len(all))
}

func TestFeedRefusesForeignCursors(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	require.NoError(t, s.Save(ctx, minimalSave("c-1", 0, "x")))
	page, next, err := s.Feed(ctx, "", 10)
	require.NoError(t, err)
	require.Len(t, page, 1)
	for _, bad := range []lkt.Cursor{"garbage", "42", "mem:1", next + "A", lkt.Cursor(s.encodeCursor(make([]int64, s.shards+1))),
		s.encodeCursor(ahead(s.shards))} {
		_, got, err := s.Feed(ctx, bad, 10)
		assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "cursor %q: %v", bad, err)
		assert.Contains(t, lkt.MessageOf(err, roles.Nynorsk), "er ikkje ein posisjon i denne endringsstraumen")
		assert.Equal(t, bad, got)
	}
	none, same, err := s.Feed(ctx, next, 10)
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.Equal(t, next, same)
}

// ahead is a cursor position past everything stored.
func ahead(n int) []int64 {
	pos := make([]int64, n)
	for i := range pos {
		pos[i] = 99
	}
	return pos
}
