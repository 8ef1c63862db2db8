package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestCacheIsCorrectAcrossProcesses: Load hands out copies (a caller's
// change never reaches the next Load), a row another Store rewrote is read
// afresh, not from the cache, and no save can rewrite a row without moving
// its version.
func TestCacheIsCorrectAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	require.NotNil(t, a.cache)
	in := minimalSave("c-1", 0, "first")
	require.NoError(t, a.Save(ctx, in))

	snap, v, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	require.Equal(t, int64(1), v)
	snap.Patient.Name = "changed by a caller"
	snap.Holders[roles.GP] = "someone"
	again, _, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, "first", again.Patient.Name, "a copy is handed out")
	assert.Empty(t, again.Holders)

	// No save keeps the version: another server's cached copy is decided
	// on only because every save moves it (lkt.CachingStore).
	keep := minimalSave("c-1", 1, "second")
	keep.Events = nil
	keep.Summary.Version = 1
	keep.Audit[0].Version = 1
	err = b.Save(ctx, keep)
	require.ErrorContains(t, err, "must record at least one event")
	got, v, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	assert.Equal(t, "first", got.Patient.Name, "nothing stored")

	// And with a new version, as a command on another server makes.
	require.NoError(t, b.Save(ctx, minimalSave("c-1", 1, "third")))
	got, v, err = a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "third", got.Patient.Name)
}

// TestCacheIsBounded: never more entries than asked for.
func TestCacheIsBounded(t *testing.T) {
	c := newSnapCache(2)
	for _, id := range []lkt.ID{"a", "b", "c", "d"} {
		c.put(id, 1, []byte(id), lkt.Snapshot{ID: id}, nil)
	}
	assert.Len(t, c.m, 2)
	snap, ok := c.get("d", []byte("d"))
	assert.True(t, ok, "the latest is kept")
	assert.Equal(t, lkt.ID("d"), snap.ID)
	_, ok = c.get("d", []byte("other bytes"))
	assert.False(t, ok)
	assert.Nil(t, newSnapCache(-1))
}

// TestCachedIsWhatThisProcessLastSavedOrRead: Cached hands over the
// latest version this Store saved or loaded, once — never an older one that
// a Load read just before a save — and nothing for a community it has not
// seen.
func TestCachedIsWhatThisProcessLastSavedOrRead(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	_, _, ok := a.Cached("c-1")
	assert.False(t, ok)
	require.NoError(t, a.Save(ctx, minimalSave("c-1", 0, "first")))
	snap, v, ok := a.Cached("c-1")
	require.True(t, ok)
	assert.Equal(t, int64(1), v)
	assert.Equal(t, "first", snap.Patient.Name)
	snap.Patient.Name = "changed by a caller"
	_, _, ok = a.Cached("c-1")
	assert.False(t, ok, "handed over, not copied: a second command at once loads the community")
	again, _, err := a.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, "first", again.Patient.Name, "a Load decodes the stored bytes")

	require.NoError(t, b.Save(ctx, minimalSave("c-1", 1, "second")))
	_, v, _ = a.Cached("c-1")
	assert.Equal(t, int64(1), v, "another server's save is not known until read")
	_, _, err = a.Load(ctx, "c-1")
	require.NoError(t, err)
	snap, v, _ = a.Cached("c-1")
	assert.Equal(t, int64(2), v)
	assert.Equal(t, "second", snap.Patient.Name)

	c := newSnapCache(4)
	c.put("c-1", 3, []byte("three"), lkt.Snapshot{ID: "c-1"}, nil)
	c.put("c-1", 2, []byte("two"), lkt.Snapshot{ID: "c-1"}, nil)
	_, v, _ = c.take("c-1")
	assert.Equal(t, int64(3), v, "not replaced by an older version")
}

// TestMembersLeftAloneOnlyWhereKnown: a save leaves the members' rows
// alone only when this process saved the same people at the version it
// writes over (snapCache.peopleAt); and the members' index is right
// through saves that keep, change and — on another server — replace the
// members, single and gathered.
func TestMembersLeftAloneOnlyWhereKnown(t *testing.T) {
	c := newSnapCache(4)
	c.put("c-1", 3, []byte("three"), lkt.Snapshot{ID: "c-1"}, []string{"m-a"})
	people, ok := c.peopleAt("c-1", 3)
	assert.True(t, ok)
	assert.Equal(t, []string{"m-a"}, people)
	_, ok = c.peopleAt("c-1", 2)
	assert.False(t, ok, "another version")
	c.put("c-1", 3, []byte("three"), lkt.Snapshot{ID: "c-1"}, nil)
	_, ok = c.peopleAt("c-1", 3)
	assert.True(t, ok, "a Load of the same version keeps what the save knew")
	c.put("c-1", 4, []byte("four"), lkt.Snapshot{ID: "c-1"}, nil)
	_, ok = c.peopleAt("c-1", 4)
	assert.False(t, ok, "read, not saved, by this process")

	ctx := context.Background()
	schema := testSchema(t)
	a, b := openTest(t, schema, nil), openTest(t, schema, nil)
	members := func(id string) []string {
		t.Helper()
		rows, err := a.pool.Query(ctx, `SELECT member FROM members WHERE community = $1 ORDER BY member`, id)
		require.NoError(t, err)
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return got
	}
	save := func(s *Store, id lkt.ID, expected int64, people ...string) {
		t.Helper()
		in := minimalSave(id, expected, "x")
		in.Summary.Members = nil
		for _, p := range people {
			in.Summary.Members = append(in.Summary.Members, actormap.ActorID(p))
		}
		require.NoError(t, s.Save(ctx, in))
	}
	save(a, "c-1", 0, "m-a", "m-b")
	save(a, "c-1", 1, "m-a", "m-b") // kept
	assert.Equal(t, []string{"m-a", "m-b"}, members("c-1"))
	save(a, "c-1", 2, "m-a") // m-b leaves
	assert.Equal(t, []string{"m-a"}, members("c-1"))
	save(b, "c-1", 3, "m-c") // another server replaces them
	save(a, "c-1", 4, "m-c") // a has no people for 4: written
	assert.Equal(t, []string{"m-c"}, members("c-1"))

	// Gathered: two communities in one statement, one keeping its
	// members, one changing them.
	save(a, "c-2", 0, "m-x")
	save(a, "c-3", 0, "m-y")
	keep, change := minimalSave("c-2", 1, "x"), minimalSave("c-3", 1, "x")
	keep.Summary.Members, change.Summary.Members = []actormap.ActorID{"m-x"}, []actormap.ActorID{"m-z"}
	before := a.batches.Load()
	for _, err := range together(t, a, keep, change)() {
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), a.batches.Load()-before, "one pipeline")
	assert.Equal(t, []string{"m-x"}, members("c-2"))
	assert.Equal(t, []string{"m-z"}, members("c-3"))
}

// TestCacheHandsOverWhileOthersRead: commands taking the cached snapshot
// (Cached) and reads copying it (Load) at the same moment, on one
// community in one Store: no reader copies a snapshot a command is
// changing (go test -race; it found one, a Load copying the cached
// snapshot outside the cache's lock while a command took it), and every
// command acknowledged is stored.
func TestCacheHandsOverWhileOthersRead(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	const each = 10
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; i < each; {
				_, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: fmt.Sprintf("Per %d-%d", w, i)})
				if lkt.CodeOf(err) == lkt.Conflict {
					continue // four writers on one community: AnyVersion's attempts may all meet another's save
				}
				assert.NoError(t, err)
				i++
			}
		})
		wg.Go(func() {
			for range each {
				_, _, err := s.Load(ctx, c.ID())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	got, err := svc.Get(ctx, lkttest.Coordinator, c.ID())
	require.NoError(t, err)
	assert.Equal(t, c.Version()+4*each, got.Version())
}
