package http

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The view's head and CommunityView must agree field for field, so that
// the head's JSON followed by the snapshot is CommunityView's JSON.
func TestViewHeadIsCommunityViewWithoutCommunity(t *testing.T) {
	full, head := reflect.TypeFor[CommunityView](), reflect.TypeFor[viewHead]()
	require.Equal(t, full.NumField()-1, head.NumField())
	require.Equal(t, "Community", full.Field(full.NumField()-1).Name, "Community must stay CommunityView's last field")
	for i := range head.NumField() {
		f, h := full.Field(i), head.Field(i)
		assert.Equal(t, f.Name, h.Name)
		assert.Equal(t, f.Type, h.Type, f.Name)
		assert.Equal(t, f.Tag, h.Tag, f.Name)
	}
}

// A read answers exactly encode(viewOf(…)) of the Service's overview, whether the snapshot's JSON
// comes from the cache or not, and a new version is not answered from an
// old one.
func TestViewJSONIsTheEncodedView(t *testing.T) {
	f := newFixture(t)
	want := func(id lkt.ID, lang roles.Lang) string {
		o, err := f.svc.Overview(context.Background(), lkttest.Coordinator, id)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, encodeJSON(&b, viewOf(&o, lang)))
		return b.String()
	}
	check := func() {
		for _, id := range []lkt.ID{"c-jonas", "c-draft"} {
			for _, l := range []struct {
				header string
				lang   roles.Lang
			}{{"", roles.Bokmal}, {"en", roles.English}, {"nn", roles.Nynorsk}} {
				for range 2 { // the second from the cache
					w := f.do(req{method: "GET", path: "/api/communities/" + string(id), token: tokCoordinator, lang: l.header})
					require.Equal(t, 200, w.Code, w.Body.String())
					assert.Equal(t, want(id, l.lang), w.Body.String())
					assert.Equal(t, itoa(int64(w.Body.Len())), w.Header().Get("Content-Length"))
				}
			}
		}
	}
	check()
	// A command answers the new version, with characters JSON escapes; the
	// reads after it answer the stored snapshot of that version.
	w := f.do(req{method: "POST", path: "/api/communities/c-jonas/commands/UpdateMember", token: tokCoordinator, ifMatch: "*",
		body: `{"memberId":"m-per","name":"Per <&> 'x' \u2028"}`})
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Equal(t, want("c-jonas", roles.Bokmal), w.Body.String())
	assert.Contains(t, w.Body.String(), `Per \u003c\u0026\u003e 'x' \u2028`)
	check()
}

func TestSnapshotCacheKeepsTheNewestVersion(t *testing.T) {
	var sc snapshotCache
	sc.put("a", 2, []byte("two"))
	sc.put("a", 1, []byte("one")) // a slow reader of an older version
	assert.Equal(t, "two", string(sc.m["a"].json))
	sc.put("a", 3, []byte("three"))
	assert.Equal(t, "three", string(sc.m["a"].json))
	assert.Equal(t, len("three"), sc.bytes)
	for i := range snapshotCacheEntries + 10 {
		sc.put(lkt.ID("c"+itoa(int64(i))), 1, []byte("x"))
	}
	assert.Len(t, sc.m, snapshotCacheEntries)
	total := 0
	for _, e := range sc.m {
		total += len(e.json)
	}
	assert.Equal(t, total, sc.bytes)
}
