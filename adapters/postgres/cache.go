package postgres

import (
	"bytes"
	"sync"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// DefaultCacheEntries is how many decoded snapshots a Store keeps by
// default (Options.CacheEntries).
const DefaultCacheEntries = 1024

// snapCache keeps decoded snapshots with the stored bytes they were
// decoded from (or encoded to, when a Save put them), so that Load need
// not decode the same JSON again: decoding costs several times the select
// that reads the bytes.
//
// It is correct across processes by construction, not by notification:
// Load still reads the row, and uses an entry only if the bytes the
// database returns are byte for byte the entry's. Whoever wrote the row,
// this process or another server, a changed row is decoded afresh. (The
// bytes, not the version, so that rows written before Save refused saves
// without events are read right too.)
//
// A command, though, may be decided on an entry without reading the row
// (Store.Cached, lkt.CachingStore): its save is written only over the
// entry's version, which every save of a stored community moves (Save
// refuses one without events), so a stale entry costs a conflict and a
// fresh load, never a lost update.
//
// An entry's snapshot is never changed while it is in the cache: Load
// copies it under the lock; Cached hands it over, leaving the entry only
// its bytes (see take). An entry is not replaced by an older version (a
// Load that read the row just before this process saved it). At most max
// entries are kept; when full, an arbitrary one is dropped, so the memory
// is bounded whatever the number of communities.
type snapCache struct {
	mu  sync.Mutex
	max int
	m   map[lkt.ID]cacheEntry
}

type cacheEntry struct {
	data    []byte       // the stored bytes; never modified
	snap    lkt.Snapshot // decoded from data; never modified while cached
	version int64        // the row's version with data
	taken   bool         // snap was handed over (take): only data is kept
	// people are the members' rows stored with the row at version, if
	// this process saved them (nil if it read the row): a save over
	// that version with the same people need not write them.
	people []string
}

// newSnapCache returns a cache of max entries, or nil (no cache) if max
// is not positive.
func newSnapCache(max int) *snapCache {
	if max <= 0 {
		return nil
	}
	return &snapCache{max: max, m: make(map[lkt.ID]cacheEntry, max)}
}

// get returns a copy of the snapshot cached for id if it was decoded from
// data.
func (c *snapCache) get(id lkt.ID, data []byte) (lkt.Snapshot, bool) {
	if c == nil {
		return lkt.Snapshot{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock() // held while copying: take may hand the entry's snapshot over to be changed
	e, ok := c.m[id]
	if !ok || e.taken || !bytes.Equal(e.data, data) {
		return lkt.Snapshot{}, false
	}
	return e.snap.Clone(), true
}

// take hands over the snapshot cached for id and its version, whatever
// the row holds now: the caller gets the entry's own snapshot, not a deep
// copy (the save that follows makes one anyway, to cache what it stored),
// and the entry keeps only the bytes, for a Load of them to decode, until
// the caller's save puts what it stored. Two commands on one community at once: the second finds
// nothing to take and loads it.
func (c *snapCache) take(id lkt.ID) (lkt.Snapshot, int64, bool) {
	if c == nil {
		return lkt.Snapshot{}, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || e.taken {
		return lkt.Snapshot{}, 0, false
	}
	snap := e.snap
	e.snap, e.taken = lkt.Snapshot{}, true
	c.m[id] = e
	return snap, e.version, true
}

// peopleAt returns the people whose members' rows are stored with
// community id at version, if this process saved that version and it is
// cached: no other process can have changed them without moving the
// version.
func (c *snapCache) peopleAt(id lkt.ID, version int64) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || e.version != version || e.people == nil {
		return nil, false
	}
	return e.people, true
}

// put caches snap as decoded from data, the row at version with the
// members' rows of people (nil: not known), unless a newer version is
// cached; the caller gives up all three, snap included: once put, it may be
// taken and changed at any moment.
func (c *snapCache) put(id lkt.ID, version int64, data []byte, snap lkt.Snapshot, people []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.m[id]
	if ok && old.version > version {
		return
	}
	if ok && old.version == version && people == nil {
		people = old.people // one version, one set of members' rows
	}
	if !ok && len(c.m) >= c.max {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[id] = cacheEntry{data: data, snap: snap, version: version, people: people}
}
