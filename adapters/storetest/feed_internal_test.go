package storetest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// leakyStore's feed is the mistake the suite must catch: a save takes its
// feed positions before it commits (as a database sequence does), commits
// later, and a reader is handed whatever is visible after its cursor,
// passing positions not yet committed. To make the late commit certain
// rather than a matter of timing, a save whose next position another save
// has taken commits only after that one is visible and a reader has read
// the feed since.
type leakyStore struct {
	*lkttest.Store
	mu      sync.Mutex
	changed *sync.Cond
	taken   int               // positions handed out
	visible map[int]lkt.Event // committed entries by position
	seenAt  map[int]int       // reads when each position became visible
	reads   int               // Feed calls so far
}

func newLeakyStore() *leakyStore {
	s := &leakyStore{Store: lkttest.NewStore(), visible: map[int]lkt.Event{}, seenAt: map[int]int{}}
	s.changed = sync.NewCond(&s.mu)
	return s
}

func (s *leakyStore) Save(ctx context.Context, in lkt.Save) error {
	s.mu.Lock()
	if err := s.Store.Save(ctx, in); err != nil {
		s.mu.Unlock()
		return err
	}
	first := s.taken + 1
	s.taken += len(in.Events)
	last, start := s.taken, s.reads
	// The transaction goes on. It commits once the reader has read a few
	// times, unless another save took the next position: then after that
	// one is visible and read.
	for {
		if s.taken > last {
			if at, ok := s.seenAt[last+1]; ok && s.reads > at {
				break
			}
		} else if s.reads >= start+3 {
			break
		}
		s.changed.Wait()
	}
	for i, e := range in.Events {
		s.visible[first+i], s.seenAt[first+i] = e, s.reads
	}
	s.changed.Broadcast()
	s.mu.Unlock()
	return nil
}

func (s *leakyStore) Feed(_ context.Context, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	s.changed.Broadcast()
	from := 0
	if after != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(string(after), "leak:"))
		if err != nil || n < 1 || n > s.taken || string(after) != "leak:"+strconv.Itoa(n) {
			return nil, after, lkt.CursorError(after)
		}
		from = n
	}
	next := after
	var out []lkt.FeedEntry
	for p := from + 1; p <= s.taken && len(out) < limit; p++ {
		if e, ok := s.visible[p]; ok {
			next = lkt.Cursor("leak:" + strconv.Itoa(p))
			out = append(out, lkt.FeedEntry{Cursor: next, Event: e})
		}
	}
	return out, next, nil
}

// TestFeedCatchesLateCommits: the concurrent feed test fails a store whose
// readers pass a position that commits late, and passes lkttest's.
func TestFeedCatchesLateCommits(t *testing.T) {
	ctx := context.Background()
	leaky := newLeakyStore()
	seen, err := tailWhileWriting(ctx, leaky, 8, 20)
	require.NoError(t, err)
	problems := feedProblems(ctx, leaky, seen)
	assert.NotEmpty(t, problems, "a store whose readers pass late commits")
	t.Logf("what the suite reports about it:\n%s", strings.Join(problems[:min(len(problems), 3)], "\n"))

	good := lkttest.NewStore()
	seen, err = tailWhileWriting(ctx, good, 8, 20)
	require.NoError(t, err)
	assert.Empty(t, feedProblems(ctx, good, seen), "lkttest's store")
}
