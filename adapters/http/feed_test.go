package http

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

const tokFeed = "tok-feed"

// newFeedFixture is newFixture with a system that may read the feed, and
// no rechecks of the store while a feed request waits: only a save through
// the Service wakes it.
func newFeedFixture(t *testing.T) *fixture {
	f := newFixture(t)
	reader := lkt.System("warehouse")
	reader.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	f.tokens[tokFeed] = reader
	f.h, f.srv = newServer(Deps{Service: f.svc, Auth: f.tokens, Logger: slog.New(slog.DiscardHandler), FeedRecheck: -1})
	return f
}

func TestFeedRoute(t *testing.T) {
	f := newFeedFixture(t)
	raw, _, err := f.store.Feed(context.Background(), "", lkt.MaxPage)
	require.NoError(t, err)

	var all []lkt.FeedEntry
	var after lkt.Cursor
	for {
		w := f.do(req{method: "GET", path: "/api/feed?limit=4&after=" + string(after), token: tokFeed})
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
		page := decodeJSON[FeedPage](t, w)
		if len(page.Items) == 0 {
			assert.Equal(t, after, page.Next, "an empty page continues from its cursor")
			break
		}
		require.LessOrEqual(t, len(page.Items), 4)
		all, after = append(all, page.Items...), page.Next
	}
	require.Len(t, all, len(raw), "every event once")
	for i := range raw {
		assert.Equal(t, raw[i].Cursor, all[i].Cursor)
		assert.Equal(t, raw[i].Event.Seq, all[i].Event.Seq)
	}

	for name, r := range map[string]req{
		"a member":                   {token: tokCoordinator},
		"a system without the right": {token: tokSystem},
	} {
		r.method, r.path = "GET", "/api/feed"
		w := f.do(r)
		assert.Equal(t, http.StatusForbidden, w.Code, name)
	}
	w := f.do(req{method: "GET", path: "/api/feed"})
	assert.Equal(t, http.StatusUnauthorized, w.Code, "no credentials")

	w = f.do(req{method: "GET", path: "/api/feed?after=not-a-cursor", token: tokFeed})
	require.Equal(t, http.StatusUnprocessableEntity, w.Code, "a cursor the feed did not hand out is invalid, as every invalid value")
	assert.Equal(t, "after", f.problem(w).Field)
	for path, field := range map[string]string{
		"/api/feed?wait=31":   "wait",
		"/api/feed?wait=-1":   "wait",
		"/api/feed?wait=soon": "wait",
		"/api/feed?limit=501": "limit",
	} {
		w := f.do(req{method: "GET", path: path, token: tokFeed})
		require.Equal(t, http.StatusBadRequest, w.Code, path)
		assert.Equal(t, field, f.problem(w).Field, path)
	}
	w = f.do(req{method: "GET", path: "/api/feed?wait=31", token: tokFeed})
	assert.Contains(t, f.problem(w).Detail, "30", "the refusal names the maximum")
}

// A waiting feed request answers as soon as a save is stored, woken by the
// Service, not by polling (rechecks are off here).
func TestFeedLongPollWakesOnSave(t *testing.T) {
	f := newFeedFixture(t)
	_, last, err := f.store.Feed(context.Background(), "", lkt.MaxPage)
	require.NoError(t, err)
	waiting := make(chan struct{}, 1)
	f.srv.feedWaiting = func() { waiting <- struct{}{} }

	answered := make(chan FeedPage)
	go func() {
		w := f.do(req{method: "GET", path: "/api/feed?wait=30&after=" + string(last), token: tokFeed})
		assert.Equal(t, http.StatusOK, w.Code, w.Body.String())
		answered <- decodeJSON[FeedPage](t, w)
	}()
	<-waiting // it found nothing and waits
	_, err = f.svc.Do(context.Background(), lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion,
		lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
	require.NoError(t, err)
	page := <-answered
	require.Len(t, page.Items, 1)
	assert.Equal(t, "MemberUpdated", page.Items[0].Event.Type())
	assert.Equal(t, page.Items[0].Cursor, page.Next)
}

// The consent rule holds in the feed: once withdrawn, a community's events
// come withheld.
func TestFeedWithholdsWithdrawnCommunities(t *testing.T) {
	f := newFeedFixture(t)
	_, err := f.svc.Do(context.Background(), lkttest.Mother, lkttest.CommunityID, lkt.AnyVersion,
		lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "A break."})
	require.NoError(t, err)
	w := f.do(req{method: "GET", path: "/api/feed?limit=500", token: tokFeed})
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "A break.")
	page := decodeJSON[FeedPage](t, w)
	n := 0
	for _, e := range page.Items {
		if e.Event.Community == lkttest.CommunityID {
			n++
			assert.Equal(t, lkt.Withheld{Consent: lkt.Withdrawn}, e.Event.Data)
		}
	}
	assert.Positive(t, n)
}
