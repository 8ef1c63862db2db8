package lkt_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func feedReader() lkt.Principal {
	p := lkt.System("ehr-sync")
	p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	return p
}

// The feed is for systems with the read-feed right; it withholds what a
// system may not read of a community — everything, once its consent is
// withdrawn — and audits each community it tells about.
func TestServiceFeed(t *testing.T) {
	ctx := context.Background()
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	_, err = lkttest.NewBuilder().WithID("c-withdrawn").Seed(ctx, svc)
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Mother, "c-withdrawn", lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "We want a break."})
	require.NoError(t, err)

	noRight := lkt.System("ehr-sync")
	noRight.Verified.Rights = lkt.RightsOf(lkt.RightCreateCommunities)
	claimed := lkttest.Coordinator
	claimed.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed) // a person is never a feed reader
	for name, p := range map[string]lkt.Principal{"a member": lkttest.Coordinator, "the patient": lkttest.Patient,
		"a system without the right": noRight, "a person with the right": claimed} {
		entries, _, err := svc.Feed(ctx, p, "", 10)
		assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err), "%s: %v", name, err)
		assert.Empty(t, entries, name)
	}

	entries, next, err := svc.Feed(ctx, feedReader(), "", lkt.MaxPage)
	require.NoError(t, err)
	raw, rawNext, err := store.Feed(ctx, "", lkt.MaxPage)
	require.NoError(t, err)
	require.Len(t, entries, len(raw))
	assert.Equal(t, rawNext, next)
	withheld := 0
	for i, e := range entries {
		assert.Equal(t, raw[i].Cursor, e.Cursor)
		assert.Equal(t, raw[i].Event.Community, e.Event.Community)
		assert.Equal(t, raw[i].Event.Seq, e.Event.Seq)
		if e.Event.Community == "c-withdrawn" {
			withheld++
			assert.Equal(t, lkt.Event{Community: "c-withdrawn", Seq: raw[i].Event.Seq, Data: lkt.Withheld{Consent: lkt.Withdrawn}}, e.Event,
				"nothing of a withdrawn community's events but that consent is withdrawn")
			continue
		}
		assert.Equal(t, raw[i].Event, e.Event, "a consenting community's events in full")
	}
	assert.Positive(t, withheld)

	for _, id := range []lkt.ID{lkttest.CommunityID, "c-withdrawn"} {
		trail, err := store.Audit(ctx, id, 0, lkt.MaxPage)
		require.NoError(t, err)
		last := trail[len(trail)-1]
		assert.Equal(t, "Feed", last.Operation, "%s: the feed read is audited", id)
		assert.Equal(t, feedReader().ID, last.By.ID)
		want := "ok"
		if id == "c-withdrawn" {
			want = string(lkt.ConsentRequired)
		}
		assert.Equal(t, want, last.Outcome, id)
	}

	_, _, err = svc.Feed(ctx, feedReader(), "no-such-cursor", 10)
	assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "%v", err)
}

// FeedChanged wakes waiters once a save is stored, not before.
func TestFeedChangedClosesOnSave(t *testing.T) {
	ctx := context.Background()
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(lkttest.NewClock(lkttest.Start)))
	changed := svc.FeedChanged()
	select {
	case <-changed:
		t.Fatal("closed before any save")
	default:
	}
	_, err := svc.Get(ctx, lkttest.Coordinator, "nobody")
	require.Error(t, err)
	select {
	case <-changed:
		t.Fatal("closed by a read")
	default:
	}
	_, err = svc.Create(ctx, lkttest.Coordinator, lkttest.NewBuilder().New())
	require.NoError(t, err)
	<-changed // closed: a test that hangs here fails by its timeout
	select {
	case <-svc.FeedChanged():
		t.Fatal("a new wait is not woken by a past save")
	default:
	}
}
