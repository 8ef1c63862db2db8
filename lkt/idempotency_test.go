package lkt_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// TestReplayAnswersTheFirstAnswer: a command retried with its key reads the
// community as the command left it, even after others changed it — unless
// consent changed since: then the retry reads the community as it is now,
// so that it never shows what the patient has withheld since.
func TestReplayAnswersTheFirstAnswer(t *testing.T) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(lkttest.NewStore(), lkttest.Config(clock))
	c, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	id, v0 := c.ID(), c.Version()
	add := func(member string) lkt.AddMember {
		return lkt.AddMember{Member: lkt.NewMember{ID: actormap.ActorID(member), Name: "Os skule " + member, Role: roles.School}}
	}

	first, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, id, v0, "k-1", add("m-school"))
	require.NoError(t, err)
	require.False(t, replayed)
	_, err = svc.Do(ctx, lkttest.Coordinator, id, v0+1, add("m-later"))
	require.NoError(t, err)

	again, replayed, err := svc.DoOnce(ctx, lkttest.Coordinator, id, v0, "k-1", add("m-school"))
	require.NoError(t, err)
	assert.True(t, replayed)
	assert.Equal(t, v0+1, again.Version(), "the version the command made")
	assert.Equal(t, first.Snapshot(), again.Snapshot(), "the first answer")
	_, ok := again.Member("m-later")
	assert.False(t, ok, "not the later change")

	// The mother revises the story with a key, then withdraws consent: her
	// retry reads the community as it is now, withdrawn.
	story := lkt.ReviseStory{GoodDay: "Å gå på skolen med vennene mine."}
	_, _, err = svc.DoOnce(ctx, lkttest.Mother, id, lkt.AnyVersion, "k-2", story)
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Mother, id, lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
	require.NoError(t, err)
	now, replayed, err := svc.DoOnce(ctx, lkttest.Mother, id, lkt.AnyVersion, "k-2", story)
	require.NoError(t, err)
	assert.True(t, replayed)
	assert.Equal(t, lkt.Withdrawn, now.ConsentState(clock.Now()), "after a withdrawal the retry reads the community as it is now")

	// The coordinator's retry is now a read like any other: refused.
	_, _, err = svc.DoOnce(ctx, lkttest.Coordinator, id, v0, "k-1", add("m-school"))
	assert.Equal(t, lkt.ConsentRequired, lkt.CodeOf(err))
}
