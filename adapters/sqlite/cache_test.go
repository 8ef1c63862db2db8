package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

var timeType = reflect.TypeFor[time.Time]()

// fill sets every exported field reachable from v to something non-zero:
// every slice one element long, every map one entry, every pointer set.
func fill(v reflect.Value, depth int) {
	if depth > 12 {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(lkttest.Start.Add(time.Duration(depth) * time.Hour)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString(fmt.Sprint("s", depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(depth + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(depth + 1))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(depth) + 0.5)
	}
}

// shared reports the memory a and b (deep-equal values) share.
func shared(a, b reflect.Value, path string) string {
	var out []string
	walkShared(a, b, path, &out)
	return strings.Join(out, ", ")
}

func walkShared(a, b reflect.Value, path string, out *[]string) {
	switch a.Kind() {
	case reflect.Struct:
		if a.Type() == timeType { // immutable
			return
		}
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				walkShared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
			}
		}
	case reflect.Pointer:
		if !a.IsNil() {
			if a.Pointer() == b.Pointer() {
				*out = append(*out, path)
				return
			}
			walkShared(a.Elem(), b.Elem(), path, out)
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			*out = append(*out, path)
			return
		}
		for i := range a.Len() {
			walkShared(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			*out = append(*out, path)
			return
		}
		for _, k := range a.MapKeys() {
			walkShared(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), out)
		}
	case reflect.Interface:
		if !a.IsNil() {
			walkShared(a.Elem(), b.Elem(), path, out)
		}
	}
}

// TestCloneSharesNothing: the cache hands out copies of snapshots that
// commands then change in place, so a copy must share no memory with the
// cached snapshot — for every field, including fields added later.
func TestCloneSharesNothing(t *testing.T) {
	var full lkt.Snapshot
	fill(reflect.ValueOf(&full).Elem(), 0)
	c := cloneSnapshot(full)
	require.Equal(t, full, c)
	require.Empty(t, shared(reflect.ValueOf(full), reflect.ValueOf(c), "Snapshot"), "the copy shares memory with the original")
	// Nothing that is nil becomes non-nil: the copy is what decoding the
	// stored JSON gives.
	require.Equal(t, lkt.Snapshot{}, cloneSnapshot(lkt.Snapshot{}))
}

// TestCachedLoadIsTheDecodedLoad: a snapshot cached by Save or Load is the
// very snapshot decoding the stored row gives, for every community of the
// conformance fixture.
func TestCachedLoadIsTheDecodedLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := openT(t, path)
	f := storetest.Populate(t, s)
	nocache, err := Open(path, &Options{CacheEntries: -1, ReadOnly: true})
	require.NoError(t, err)
	defer nocache.Close()
	ctx := context.Background()
	check := func(how string) {
		t.Helper()
		for _, id := range f.IDs {
			_, cached := s.cache.m[id]
			require.True(t, cached, "%s: %s", how, id)
			got, gv, err := s.Load(ctx, id)
			require.NoError(t, err)
			want, wv, err := nocache.Load(ctx, id)
			require.NoError(t, err)
			require.Equal(t, wv, gv)
			require.Equal(t, want, got, "%s: %s", how, id)
			require.Empty(t, shared(reflect.ValueOf(want), reflect.ValueOf(got), "Snapshot"))
		}
	}
	check("cached by Save")
	s.cache = newSnapCache(DefaultCacheEntries)
	for _, id := range f.IDs {
		_, _, err := s.Load(ctx, id)
		require.NoError(t, err)
	}
	check("cached by Load")
}

// TestReadOnlyCacheSeesTheWriter: a ReadOnly Store on the file of a
// writing one, as another process would be, sees every write, including
// a save without events that leaves the version as it was.
func TestReadOnlyCacheSeesTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	a := openT(t, path)
	ctx := context.Background()
	id := lkt.ID("c-1")
	save := func(st *Store, expected int64, name string) {
		t.Helper()
		var events []lkt.Event
		if expected == 0 {
			events = []lkt.Event{{Community: id, Seq: 1, At: lkttest.Start, By: lkt.System("test"),
				Data: lkt.CommunityCreated{Municipality: name}}}
		}
		require.NoError(t, st.Save(ctx, lkt.Save{Snapshot: lkt.Snapshot{ID: id, Municipality: name},
			Summary: lkt.Summary{ID: id, Municipality: name, UpdatedAt: lkttest.Start}, Expected: expected, Events: events}))
	}
	load := func(st *Store) string {
		t.Helper()
		snap, _, err := st.Load(ctx, id)
		require.NoError(t, err)
		return snap.Municipality
	}
	save(a, 0, "Bergen")
	b := openT(t, path, Options{ReadOnly: true})
	require.Equal(t, "Bergen", load(b))
	require.Equal(t, "Bergen", load(a))
	save(a, 1, "Os") // no events: still version 1
	require.Equal(t, "Os", load(b))
	save(a, 1, "Voss")
	require.Equal(t, "Voss", load(b))
	// A snapshot handed out and changed does not change the cached one.
	snap, _, err := a.Load(ctx, id)
	require.NoError(t, err)
	snap.Municipality = "changed"
	require.Equal(t, "Voss", load(a))
}

// TestStoreKeepsFileToItself: one Store writes a file; a second is
// refused with ErrInUse until the first closes, and a read-only Store may
// read alongside and sees every write.
func TestStoreKeepsFileToItself(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	ctx := context.Background()
	a := openT(t, path)
	require.True(t, a.sole)
	_, err := Open(path, nil)
	require.ErrorIs(t, err, ErrInUse)
	ro := openT(t, path, Options{ReadOnly: true})
	require.False(t, ro.sole)
	id := lkt.ID("c-1")
	for v, name := range []string{"Bergen", "Voss"} {
		require.NoError(t, a.Save(ctx, lkt.Save{Snapshot: lkt.Snapshot{ID: id, Municipality: name},
			Summary: lkt.Summary{ID: id, Municipality: name, UpdatedAt: lkttest.Start}, Expected: int64(v),
			Events: []lkt.Event{{Community: id, Seq: int64(v) + 1, At: lkttest.Start, By: lkt.System("test"),
				Data: lkt.CommunityCreated{Municipality: name}}}}))
		snap, version, err := ro.Load(ctx, id)
		require.NoError(t, err)
		require.Equal(t, name, snap.Municipality)
		require.Equal(t, int64(v)+1, version)
	}
	require.NoError(t, a.Close())
	c := openT(t, path)
	snap, _, err := c.Load(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "Voss", snap.Municipality)
}

// TestCacheIsNeverBehind: a Store that keeps its file serves Load from the
// cache; with writers and readers racing, a Load that starts after a Save
// returned sees that save or a later one, never an older state, and the
// snapshot always matches its version.
func TestCacheIsNeverBehind(t *testing.T) {
	ctx := context.Background()
	s := openT(t, filepath.Join(t.TempDir(), "lkt.db"), Options{CacheEntries: 2})
	ids := []lkt.ID{"c-0", "c-1", "c-2"} // more than the cache holds: Loads miss too
	var acked [3]atomic.Int64
	save := func(k int, v int64) error {
		id := ids[k]
		name := fmt.Sprint(v + 1)
		return s.Save(ctx, lkt.Save{Snapshot: lkt.Snapshot{ID: id, Municipality: name},
			Summary: lkt.Summary{ID: id, Municipality: name, UpdatedAt: lkttest.Start}, Expected: v,
			Events: []lkt.Event{{Community: id, Seq: v + 1, At: lkttest.Start, By: lkt.System("test"),
				Data: lkt.CommunityCreated{Municipality: name}}}})
	}
	for k := range ids {
		require.NoError(t, save(k, 0))
		acked[k].Store(1)
	}
	var wg sync.WaitGroup
	for w := range 4 { // writers, two per community on some: conflicts too
		wg.Go(func() {
			k := w % len(ids)
			for range 200 {
				_, v, err := s.Load(ctx, ids[k])
				if !assert.NoError(t, err) {
					return
				}
				err = save(k, v)
				if lkt.CodeOf(err) == lkt.Conflict {
					continue
				}
				if !assert.NoError(t, err) {
					return
				}
				for { // acked only grows
					a := acked[k].Load()
					if a >= v+1 || acked[k].CompareAndSwap(a, v+1) {
						break
					}
				}
			}
		})
	}
	for r := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				k := (r + i) % len(ids)
				before := acked[k].Load()
				snap, v, err := s.Load(ctx, ids[k])
				if !assert.NoError(t, err) {
					return
				}
				assert.GreaterOrEqual(t, v, before, "%s: a Load after version %d was saved", ids[k], before)
				assert.Equal(t, fmt.Sprint(v), snap.Municipality, "%s: the snapshot of version %d", ids[k], v)
			}
		})
	}
	wg.Wait()
	for k, id := range ids {
		_, v, err := s.Load(ctx, id)
		require.NoError(t, err)
		require.Equal(t, acked[k].Load(), v)
	}
}

// TestCacheIsBounded: the cache keeps at most its number of entries,
// dropping the least recently used.
func TestCacheIsBounded(t *testing.T) {
	c := newSnapCache(3)
	data := func(i int) []byte { return fmt.Appendf(nil, `{"id":"c-%d"}`, i) }
	for i := range 10 {
		c.put(lkt.ID(fmt.Sprint("c-", i)), 1, data(i), lkt.Snapshot{ID: lkt.ID(fmt.Sprint("c-", i))}, nil)
		if i == 8 {
			_, ok := c.get("c-7", data(7)) // used: kept over c-8
			require.True(t, ok)
		}
	}
	require.Len(t, c.m, 3)
	for _, i := range []int{7, 9} {
		_, ok := c.get(lkt.ID(fmt.Sprint("c-", i)), data(i))
		require.True(t, ok, "c-%d", i)
	}
	_, ok := c.get("c-9", data(8))
	require.False(t, ok, "other bytes")
	// What a Load read before a Save put does not replace what it put.
	m := c.mark()
	c.put("c-9", 2, data(10), lkt.Snapshot{}, nil)
	c.fill(m, "c-9", 1, data(0), lkt.Snapshot{})
	_, ok = c.get("c-9", data(10))
	require.True(t, ok)
	// Without a Save in between, it does.
	c.fill(c.mark(), "c-9", 2, data(9), lkt.Snapshot{})
	_, ok = c.get("c-9", data(9))
	require.True(t, ok)
	var n int
	for e := c.head; e != nil; e = e.next {
		n++
	}
	require.Equal(t, 3, n)
}
