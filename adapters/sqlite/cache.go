package sqlite

import (
	"bytes"
	"sync"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// DefaultCacheEntries is how many decoded snapshots a Store keeps by
// default (Options.CacheEntries).
const DefaultCacheEntries = 1024

// snapCache keeps the decoded snapshots of the communities used last, so
// that Load does not decode the same JSON again and again: decoding a
// snapshot costs several times the select that reads it.
//
// Save puts what it stored, in commit order, before its caller hears of
// it (put). Load puts what it decoded (fill) only if no Save put anything
// since Load began, so an older state read by a slow Load never replaces
// a newer one a Save put meanwhile.
//
// How far an entry is trusted depends on who writes the file:
//
//   - The writing Store (the file's only writer: see the package doc)
//     sees every write, so an entry is the stored state and Load uses it
//     without reading the database (cached).
//   - A ReadOnly Store does not see the writer's saves. Load then selects
//     the stored bytes and uses an entry only if they are byte for byte
//     the ones it was decoded from (or encoded to, when a Save put it there; get), so it is
//     correct whoever wrote the row, and whatever the version says (a Save
//     without events keeps the version).
//
// An entry and its snapshot are never changed once in the cache; Load
// hands out a deep copy. It holds at most max entries and drops the least
// recently used, so its memory is bounded whatever the number of
// communities.
type snapCache struct {
	mu         sync.Mutex
	max        int
	puts       uint64 // Saves' puts so far; see fill
	m          map[lkt.ID]*cacheEntry
	head, tail *cacheEntry // most and least recently used
}

type cacheEntry struct {
	id         lkt.ID
	version    int64
	data       []byte       // the stored bytes; never modified
	snap       lkt.Snapshot // decoded from data; never modified
	stored     *stored      // what the writer stored, if a Save put the entry
	prev, next *cacheEntry
}

func newSnapCache(max int) *snapCache {
	if max <= 0 {
		return nil
	}
	return &snapCache{max: max, m: make(map[lkt.ID]*cacheEntry, max)}
}

// get returns a deep copy of the snapshot cached for id if it was decoded
// from exactly data.
func (c *snapCache) get(id lkt.ID, data []byte) (lkt.Snapshot, bool) {
	if c == nil {
		return lkt.Snapshot{}, false
	}
	c.mu.Lock()
	e := c.m[id]
	if e == nil || !bytes.Equal(e.data, data) {
		c.mu.Unlock()
		return lkt.Snapshot{}, false
	}
	c.touch(e)
	c.mu.Unlock()
	return cloneSnapshot(e.snap), true
}

// cached returns a deep copy of the snapshot cached for id, and its
// version, without checking it against the database: only for a Store
// that writes the file.
func (c *snapCache) cached(id lkt.ID) (lkt.Snapshot, int64, bool) {
	if c == nil {
		return lkt.Snapshot{}, 0, false
	}
	c.mu.Lock()
	e := c.m[id]
	if e == nil {
		c.mu.Unlock()
		return lkt.Snapshot{}, 0, false
	}
	c.touch(e)
	c.mu.Unlock()
	return cloneSnapshot(e.snap), e.version, true
}

// put caches snap, which the caller gives up, as what a Save just stored
// for id: data at version, and st in the rows. Saves put in the order
// they commit, so the last put is the stored state.
func (c *snapCache) put(id lkt.ID, version int64, data []byte, snap lkt.Snapshot, st *stored) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.puts++
	c.set(&cacheEntry{id: id, version: version, data: data, snap: snap, stored: st})
}

// stored returns what the writer last stored in id's rows, if a Save put
// id's entry: only for a Store that writes the file.
func (c *snapCache) stored(id lkt.ID) *stored {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.m[id]; e != nil {
		return e.stored
	}
	return nil
}

// mark is the count of Saves' puts, taken by Load before it reads the
// database, for fill.
func (c *snapCache) mark() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.puts
}

// fill caches snap, which the caller gives up, as the decoding of data at
// version, read by a Load that took mark m before it read: unless a Save
// has put anything since, for any community (which may be newer than what
// the Load read).
func (c *snapCache) fill(m uint64, id lkt.ID, version int64, data []byte, snap lkt.Snapshot) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.puts != m {
		return
	}
	c.set(&cacheEntry{id: id, version: version, data: data, snap: snap})
}

func (c *snapCache) set(e *cacheEntry) {
	if old := c.m[e.id]; old != nil {
		c.unlink(old)
	}
	c.m[e.id] = e
	c.pushFront(e)
	for len(c.m) > c.max {
		old := c.tail
		c.unlink(old)
		delete(c.m, old.id)
	}
}

func (c *snapCache) touch(e *cacheEntry) {
	if c.head != e {
		c.unlink(e)
		c.pushFront(e)
	}
}

func (c *snapCache) pushFront(e *cacheEntry) {
	e.prev, e.next = nil, c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

func (c *snapCache) unlink(e *cacheEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

// cloneSnapshot is a copy of s that shares no memory with it: a cached
// snapshot must never change, and commands change the copies they get in
// place. TestCloneSharesNothing checks every field.
func cloneSnapshot(s lkt.Snapshot) lkt.Snapshot { return s.Clone() }
