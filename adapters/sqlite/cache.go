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
// An entry is keyed by the exact bytes it was decoded from (or encoded
// to, when a Save put it there). Load always selects the stored bytes and
// uses the entry only if they are byte for byte the same, so the cache
// can never return anything but what decoding the stored row would: it is
// correct whoever wrote the row — this Store, another process, or a
// restored backup — and whatever the version says (a Save without events
// keeps the version). An entry and its snapshot are never changed once in
// the cache; Load hands out a deep copy.
//
// It holds at most max entries and drops the least recently used, so its
// memory is bounded whatever the number of communities.
type snapCache struct {
	mu         sync.Mutex
	max        int
	m          map[lkt.ID]*cacheEntry
	head, tail *cacheEntry // most and least recently used
}

type cacheEntry struct {
	id         lkt.ID
	version    int64
	data       []byte       // the stored bytes; never modified
	snap       lkt.Snapshot // decoded from data; never modified
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

// put caches snap, which the caller gives up, as the decoding of data at
// version. An entry of a later version is kept: it is the likelier to
// match the next read.
func (c *snapCache) put(id lkt.ID, version int64, data []byte, snap lkt.Snapshot) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.m[id]; e != nil {
		if e.version > version {
			return
		}
		c.unlink(e)
		delete(c.m, id)
	}
	e := &cacheEntry{id: id, version: version, data: data, snap: snap}
	c.m[id] = e
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
