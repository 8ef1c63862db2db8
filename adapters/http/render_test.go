package http

import (
	"bytes"
	"context"
	"html/template"
	"net/url"
	"reflect"
	"strings"
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

// A read answers exactly encode(viewOf(…)), whether the snapshot's JSON
// comes from the cache or not, and a new version is not answered from an
// old one.
func TestViewJSONIsTheEncodedView(t *testing.T) {
	f := newFixture(t)
	want := func(id lkt.ID, lang roles.Lang) string {
		c, err := f.svc.Get(context.Background(), lkttest.Coordinator, id)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, encodeJSON(&b, viewOf(c, f.clock.Now(), lang)))
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

// The translated page templates give, byte for byte, what the plain
// templates give, for every page, language and form error.
func TestTranslatedPagesAreThePlainPages(t *testing.T) {
	for lang, tmpl := range pagesByLang {
		for _, tt := range tmpl.Templates() {
			if tt.Tree != nil && tt.Tree.Root != nil {
				assert.NotContains(t, tt.Tree.Root.String(), `.T "`, "%s in %s: a label left to translate per request", tt.Name(), lang)
			}
		}
	}
	// A label html/template escapes: the sign-in page without demo logins.
	for _, lang := range []roles.Lang{roles.Bokmal, roles.Nynorsk, roles.English} {
		var got, want bytes.Buffer
		require.NoError(t, pagesFor(lang).ExecuteTemplate(&got, "signin.html", &page{Lang: lang}))
		require.NoError(t, pages.ExecuteTemplate(&want, "signin.html", &page{Lang: lang}))
		assert.Equal(t, want.String(), got.String())
		if lang == roles.English {
			assert.Contains(t, got.String(), "organisation&#39;s identity provider")
		}
	}
	type shown struct {
		code int
		body string
	}
	browseAll := func() []shown {
		f := newFixture(t)
		_, v := f.stored("c-jonas")
		var out []shown
		for _, q := range []string{"", "?lang=en", "?lang=nn", "?lang=nb"} {
			for _, p := range []string{"/communities/c-jonas", "/communities/c-draft", "/communities/nope", "/", "/signin"} {
				w := f.browse("GET", p+q, tokCoordinator, nil)
				out = append(out, shown{w.Code, w.Body.String()})
			}
			w := f.browse("GET", "/communities/c-jonas"+q, tokOutsider, nil)
			out = append(out, shown{w.Code, w.Body.String()})
			for _, form := range []struct {
				path string
				v    url.Values
			}{
				{"/communities/c-jonas/members", url.Values{"version": {itoa(v)}, "id": {"m-per"}, "name": {"Per"}, "role": {"school"}}},
				{"/communities/c-jonas/members", url.Values{"version": {"1"}, "id": {"m-new"}, "name": {"Ny"}, "role": {"school"}}},
				{"/communities/c-jonas/phase", url.Values{"version": {itoa(v)}, "phase": {"purple"}}},
				{"/communities/c-jonas/consent", url.Values{"version": {itoa(v)}, "givenBy": {"nobody"}}},
				{"/communities/c-draft/activate", url.Values{"version": {"x"}}},
				{"/communities/c-jonas/plan/agree", url.Values{"version": {itoa(v)}, "revision": {"99"}}},
			} {
				w := f.browse("POST", form.path+q, tokCoordinator, form.v)
				out = append(out, shown{w.Code, w.Body.String()})
			}
		}
		return out
	}
	translated := browseAll()
	defer func(m map[roles.Lang]*template.Template) { pagesByLang = m }(pagesByLang)
	pagesByLang = nil // every language falls back to the plain templates
	plain := browseAll()
	require.Equal(t, len(plain), len(translated))
	for i := range plain {
		assert.Equal(t, plain[i], translated[i])
	}
	assert.True(t, strings.Contains(plain[0].body, `<option value="school">`), "the role options are listed")
}
