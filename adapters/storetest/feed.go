package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// testFeed: the feed holds every saved event once, in the order the saves
// were made, page by page; a stale save adds nothing; a cursor the store
// did not hand out is Invalid.
func testFeed(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	entries, next, err := s.Feed(ctx, "", 10)
	require.NoError(t, err)
	assert.Empty(t, entries, "an empty store's feed")
	assert.Equal(t, lkt.Cursor(""), next, "an empty feed continues from its start")

	rec := &recorder{Store: s}
	f := Populate(t, rec)
	var want []lkt.Event
	for _, sv := range rec.saves {
		want = append(want, sv.Events...)
	}
	require.NotEmpty(t, want)

	got := readFeed(t, s, "", 3)
	require.Len(t, got, len(want), "the feed holds every saved event once")
	for i, e := range got {
		require.Equal(t, key(want[i]), key(e.Event), "entry %d: the feed is in the order the saves were made", i)
		require.JSONEq(t, mustJSON(t, want[i]), mustJSON(t, e.Event), "entry %d", i)
	}
	assert.Empty(t, feedProblems(ctx, s, got), "problems with the feed")
	for id, evs := range f.Events {
		assert.Len(t, evs, int(f.Versions[id]), "%s: one event per version", id)
	}

	last := got[len(got)-1].Cursor
	entries, next, err = s.Feed(ctx, last, 10)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing after the last entry")
	assert.Equal(t, last, next, "the feed continues from the last entry")

	one, next, err := s.Feed(ctx, "", 1)
	require.NoError(t, err)
	require.Len(t, one, 1, "limit 1")
	assert.Equal(t, got[0], one[0])
	assert.Equal(t, got[0].Cursor, next)

	// A stale save is refused whole: nothing reaches the feed.
	snap, v, err := s.Load(ctx, Jonas)
	require.NoError(t, err)
	c := lkt.Restore(lkttest.Config(f.Clock), snap, v-1)
	require.NoError(t, c.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: "stale"}))
	err = s.Save(ctx, saveOf(c, v-1, f.Clock.Now(), lkttest.Mother, "ReviseStory"))
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err), "stale save: %v", err)
	entries, _, err = s.Feed(ctx, last, 10)
	require.NoError(t, err)
	assert.Empty(t, entries, "a refused save adds nothing to the feed")

	for _, bad := range []lkt.Cursor{"not-a-cursor", last + "x", "x" + last, "-1", " ", "99999999999999", "\x00"} {
		entries, _, err := s.Feed(ctx, bad, 10)
		assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "cursor %q: %v", bad, err)
		assert.Equal(t, "after", lkt.FieldOf(err), "cursor %q names the parameter", bad)
		assert.Empty(t, entries, "cursor %q", bad)
	}
}

// testFeedConcurrent: a reader follows the feed while writers commit, two
// writers racing on each community; it must end up with exactly what a
// reader that starts afterwards reads, and that must be every event.
func testFeedConcurrent(t *testing.T, s lkt.Store) {
	seen, err := tailWhileWriting(context.Background(), s, 8, 20)
	require.NoError(t, err)
	communities := map[lkt.ID]bool{}
	for _, e := range seen {
		communities[e.Event.Community] = true
	}
	assert.Len(t, communities, 4, "the reader saw every community")
	assert.Empty(t, feedProblems(context.Background(), s, seen), "problems with the feed read while writers committed")
}

// tailWhileWriting seeds writers/2 communities, then lets writers
// goroutines save saves changes each (two per community, retrying on
// conflicts) while one reader follows the feed from its start, a few
// entries at a time, until the writers are done and it has caught up. It
// returns what the reader saw.
func tailWhileWriting(ctx context.Context, s lkt.Store, writers, saves int) ([]lkt.FeedEntry, error) {
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	ids := make([]lkt.ID, max(writers/2, 1))
	for i := range ids {
		ids[i] = lkt.ID(fmt.Sprintf("c-feed-%02d", i))
	}

	var (
		done   atomic.Bool
		seen   []lkt.FeedEntry
		tailed = make(chan error, 1)
	)
	go func() {
		var cursor lkt.Cursor
		for {
			finished := done.Load() // before reading: then an empty page means caught up
			entries, next, err := s.Feed(ctx, cursor, 7)
			if err != nil {
				tailed <- err
				return
			}
			seen, cursor = append(seen, entries...), next
			if len(entries) == 0 {
				if finished {
					tailed <- nil
					return
				}
				runtime.Gosched()
			}
		}
	}()

	errs := make(chan error, writers+len(ids))
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			if _, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc); err != nil {
				errs <- fmt.Errorf("seed %s: %w", id, err)
			}
		})
	}
	wg.Wait()
	for w := range writers {
		wg.Go(func() {
			id := ids[w%len(ids)]
			for i := 0; i < saves; {
				_, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion,
					lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("Writer %d, save %d", w, i)})
				switch {
				case err == nil:
					i++
				case lkt.CodeOf(err) != lkt.Conflict:
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	done.Store(true)
	close(errs)
	for err := range errs {
		return nil, err
	}
	return seen, <-tailed
}

// feedProblems checks what a reader saw following the feed against the
// store: every cursor differs; each community's events come in Seq order,
// none skipped, up to its stored version, as Events returns them; a
// reader reading the whole feed now sees the same entries in the same
// order; and continuing from any cursor gives the entry that followed it.
func feedProblems(ctx context.Context, s lkt.Store, seen []lkt.FeedEntry) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	cursors := map[lkt.Cursor]int{}
	next := map[lkt.ID]int64{}
	for i, e := range seen {
		if j, dup := cursors[e.Cursor]; dup {
			fail("entries %d and %d have the same cursor %q", j, i, e.Cursor)
		}
		cursors[e.Cursor] = i
		id := e.Event.Community
		if want := next[id] + 1; e.Event.Seq != want {
			fail("entry %d is %s#%d, want %s#%d: skipped, repeated or out of order", i, id, e.Event.Seq, id, want)
		}
		next[id] = e.Event.Seq
	}
	for id, last := range next {
		_, v, err := s.Load(ctx, id)
		if err != nil {
			fail("load %s: %v", id, err)
			continue
		}
		if last != v {
			fail("%s: the feed ends at #%d, the community is at version %d", id, last, v)
		}
		stored, err := s.Events(ctx, id, 0, int(v))
		if err != nil {
			fail("events of %s: %v", id, err)
			continue
		}
		byseq := map[int64]string{}
		for _, e := range stored {
			byseq[e.Seq] = jsonOf(e)
		}
		for i, e := range seen {
			if e.Event.Community == id && jsonOf(e.Event) != byseq[e.Event.Seq] {
				fail("entry %d (%s#%d) differs from the stored event", i, id, e.Event.Seq)
			}
		}
	}

	var again []lkt.FeedEntry
	var cursor lkt.Cursor
	for {
		entries, c, err := s.Feed(ctx, cursor, 50)
		if err != nil {
			fail("reading the feed again after %q: %v", cursor, err)
			break
		}
		if len(entries) == 0 {
			break
		}
		again, cursor = append(again, entries...), c
	}
	if len(again) != len(seen) {
		fail("read again, the feed has %d entries; the reader saw %d", len(again), len(seen))
	}
	for i := range min(len(again), len(seen)) {
		if again[i].Cursor != seen[i].Cursor || key(again[i].Event) != key(seen[i].Event) {
			fail("entry %d: the reader saw %s at %q, read again it is %s at %q", i, key(seen[i].Event), seen[i].Cursor, key(again[i].Event), again[i].Cursor)
			break
		}
	}
	for i, e := range seen {
		entries, _, err := s.Feed(ctx, e.Cursor, 1)
		switch {
		case err != nil:
			fail("continuing from entry %d's cursor %q: %v", i, e.Cursor, err)
		case i+1 < len(seen) && (len(entries) != 1 || entries[0].Cursor != seen[i+1].Cursor):
			fail("continuing from entry %d's cursor %q does not give entry %d", i, e.Cursor, i+1)
		case i+1 == len(seen) && len(entries) != 0:
			fail("continuing from the last entry's cursor gives %d entries", len(entries))
		}
		if len(problems) > 20 {
			break
		}
	}
	return problems
}

// readFeed reads the whole feed after cursor, limit entries at a time.
func readFeed(t *testing.T, s lkt.Store, cursor lkt.Cursor, limit int) []lkt.FeedEntry {
	t.Helper()
	var out []lkt.FeedEntry
	for {
		entries, next, err := s.Feed(context.Background(), cursor, limit)
		require.NoError(t, err)
		require.LessOrEqual(t, len(entries), limit)
		if len(entries) == 0 {
			require.Equal(t, cursor, next, "an empty page continues from where it started")
			return out
		}
		require.Equal(t, entries[len(entries)-1].Cursor, next, "a page continues from its last entry")
		out, cursor = append(out, entries...), next
	}
}

func key(e lkt.Event) string { return fmt.Sprintf("%s#%d", e.Community, e.Seq) }

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}
