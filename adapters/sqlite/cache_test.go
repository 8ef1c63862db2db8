package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

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

// TestCacheSeesOtherWriters: two stores on one file, as two processes
// would be; each sees the other's writes, including a save without events
// that leaves the version as it was.
func TestCacheSeesOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lkt.db")
	a, b := openT(t, path), openT(t, path)
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
	require.Equal(t, "Bergen", load(b))
	require.Equal(t, "Bergen", load(a))
	save(b, 1, "Os") // no events: still version 1
	require.Equal(t, "Os", load(a))
	save(a, 1, "Voss")
	require.Equal(t, "Voss", load(b))
	// A snapshot handed out and changed does not change the cached one.
	snap, _, err := a.Load(ctx, id)
	require.NoError(t, err)
	snap.Municipality = "changed"
	require.Equal(t, "Voss", load(a))
}

// TestCacheIsBounded: the cache keeps at most its number of entries,
// dropping the least recently used.
func TestCacheIsBounded(t *testing.T) {
	c := newSnapCache(3)
	data := func(i int) []byte { return fmt.Appendf(nil, `{"id":"c-%d"}`, i) }
	for i := range 10 {
		c.put(lkt.ID(fmt.Sprint("c-", i)), 1, data(i), lkt.Snapshot{ID: lkt.ID(fmt.Sprint("c-", i))})
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
	// An older version does not replace a newer one.
	c.put("c-9", 0, data(0), lkt.Snapshot{})
	_, ok = c.get("c-9", data(9))
	require.True(t, ok)
	var n int
	for e := c.head; e != nil; e = e.next {
		n++
	}
	require.Equal(t, 3, n)
}
