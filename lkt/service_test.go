package lkt_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func newService(t *testing.T) (*lkt.Service, *lkttest.Store, *lkttest.Clock) {
	t.Helper()
	clock := lkttest.NewClock(lkttest.Start)
	store := lkttest.NewStore()
	return lkt.NewService(store, lkttest.Config(clock)), store, clock
}

func seeded(t *testing.T) (*lkt.Service, *lkttest.Store, *lkttest.Clock, *lkt.Community) {
	t.Helper()
	svc, store, clock := newService(t)
	c, err := lkttest.NewBuilder().Seed(context.Background(), svc)
	require.NoError(t, err)
	return svc, store, clock, c
}

func auditOf(t *testing.T, store *lkttest.Store, id lkt.ID) []lkt.AuditEntry {
	t.Helper()
	entries, err := store.Audit(context.Background(), id, 0, lkt.MaxPage)
	require.NoError(t, err)
	return entries
}

func TestServiceAuditsEveryReadAndWrite(t *testing.T) {
	ctx := context.Background()
	svc, store, _, c := seeded(t)
	before := len(auditOf(t, store, c.ID()))

	_, err := svc.Get(ctx, lkttest.GP, c.ID())
	require.NoError(t, err)
	_, err = svc.Get(ctx, lkttest.Outsider, c.ID())
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	_, err = svc.Do(ctx, lkttest.GP, c.ID(), lkt.AnyVersion, lkt.ReviseStory{GoodDay: "x"})
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	_, err = svc.Do(ctx, lkttest.Patient, c.ID(), lkt.AnyVersion, lkt.ReviseStory{GoodDay: "No pain today."})
	require.NoError(t, err)

	got := auditOf(t, store, c.ID())[before:]
	require.Len(t, got, 4)
	want := []struct {
		by      lkt.Principal
		action  lkt.Action
		op, out string
	}{
		{lkttest.GP, lkt.Read, "Get", "ok"},
		{lkttest.Outsider, lkt.Read, "Get", "forbidden"},
		{lkttest.GP, lkt.Write, "ReviseStory", "forbidden"},
		{lkttest.Patient, lkt.Write, "ReviseStory", "ok"},
	}
	for i, w := range want {
		assert.Equal(t, w.by, got[i].By, "entry %d", i)
		assert.Equal(t, w.action, got[i].Action, "entry %d", i)
		assert.Equal(t, w.op, got[i].Operation, "entry %d", i)
		assert.Equal(t, w.out, got[i].Outcome, "entry %d", i)
	}
	assert.Less(t, got[0].Seq, got[3].Seq)
}

func TestServiceStaleWriteIsAConflictAndStoresNothing(t *testing.T) {
	ctx := context.Background()
	svc, store, _, c := seeded(t)
	v := c.Version()
	_, err := svc.Do(ctx, lkttest.Patient, c.ID(), v, lkt.ReviseStory{GoodDay: "First writer."})
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Mother, c.ID(), v, lkt.ReviseStory{GoodDay: "Second writer, stale."})
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))

	got, err := svc.Get(ctx, lkttest.Patient, c.ID())
	require.NoError(t, err)
	assert.Equal(t, v+1, got.Version())
	cur, _ := got.CurrentStory()
	assert.Equal(t, "First writer.", cur.GoodDay)
	evs, err := store.Events(ctx, c.ID(), 0, lkt.MaxPage)
	require.NoError(t, err)
	assert.Len(t, evs, int(v+1))
}

func TestServiceWithdrawnConsentHidesEverythingFromMembers(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	_, err := svc.Do(ctx, lkttest.Mother, c.ID(), lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
	require.NoError(t, err)

	for _, read := range []func(lkt.Principal) error{
		func(p lkt.Principal) error { _, err := svc.Get(ctx, p, c.ID()); return err },
		func(p lkt.Principal) error { _, err := svc.History(ctx, p, c.ID(), 0, 10); return err },
		func(p lkt.Principal) error { _, err := svc.AuditTrail(ctx, p, c.ID(), 0, 10); return err },
	} {
		assert.Equal(t, lkt.ConsentRequired, lkt.CodeOf(read(lkttest.Coordinator)))
		assert.NoError(t, read(lkttest.Patient))
		assert.NoError(t, read(lkttest.Mother))
	}
	sum, err := svc.Summary(ctx, lkttest.GP, c.ID())
	require.NoError(t, err)
	assert.Equal(t, lkt.Withdrawn, sum.Consent)
	assert.Empty(t, sum.PatientName, "no health information once consent is withdrawn")

	page, err := svc.List(ctx, lkttest.Coordinator, lkt.Query{ConsentWithdrawn: true})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Empty(t, page.Items[0].PatientName)
}

func TestServiceListShowsOnlyOwnCommunities(t *testing.T) {
	ctx := context.Background()
	svc, _, _ := newService(t)
	for _, id := range []lkt.ID{"c-1", "c-2", "c-3"} {
		_, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc)
		require.NoError(t, err)
	}
	// A school joins only c-2.
	_, err := svc.Do(ctx, lkttest.Coordinator, "c-2", lkt.AnyVersion, lkt.AddMember{Member: lkt.NewMember{ID: "m-school", Name: "Teacher", Role: roles.School}})
	require.NoError(t, err)

	page, err := svc.List(ctx, lkt.Person("m-school"), lkt.Query{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkt.ID("c-2"), page.Items[0].ID)

	_, err = svc.List(ctx, lkt.Person("m-school"), lkt.Query{Member: lkttest.GPID})
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))

	page, err = svc.List(ctx, lkttest.Coordinator, lkt.Query{Coordinator: lkttest.CoordinatorID, Limit: 2})
	require.NoError(t, err)
	assert.Len(t, page.Items, 2)
	assert.Equal(t, lkt.ID("c-2"), page.Next)
	page, err = svc.List(ctx, lkttest.Coordinator, lkt.Query{Coordinator: lkttest.CoordinatorID, Limit: 2, After: page.Next})
	require.NoError(t, err)
	assert.Len(t, page.Items, 1)
	assert.Empty(t, page.Next)

	page, err = svc.List(ctx, lkttest.SystemWith("report", lkt.RightActInCommunities), lkt.Query{})
	require.NoError(t, err)
	assert.Len(t, page.Items, 3)
}

func TestServiceHistoryAndAuditTrail(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	evs, err := svc.History(ctx, lkttest.GP, c.ID(), 0, 0)
	require.NoError(t, err)
	require.Len(t, evs, int(c.Version()))
	assert.Equal(t, "CommunityCreated", evs[0].Type())
	for i, e := range evs {
		assert.Equal(t, int64(i+1), e.Seq)
	}
	added, ok := evs[1].Data.(lkt.MemberAdded)
	require.True(t, ok, "events decode to their typed data, got %T", evs[1].Data)
	assert.Equal(t, lkttest.MotherID, added.Member.ID)

	_, err = svc.AuditTrail(ctx, lkttest.GP, c.ID(), 0, 0)
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err), "the GP may not read who read what")
	trail, err := svc.AuditTrail(ctx, lkttest.Patient, c.ID(), 0, 0)
	require.NoError(t, err)
	assert.NotEmpty(t, trail)
	_, err = svc.AuditTrail(ctx, lkttest.Coordinator, c.ID(), 0, 0)
	assert.NoError(t, err)
}

func TestServiceNotFoundAndStoreFailures(t *testing.T) {
	ctx := context.Background()
	svc, store, _, c := seeded(t)
	_, err := svc.Get(ctx, lkttest.GP, "no-such")
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err))
	_, err = svc.Do(ctx, lkttest.GP, "no-such", lkt.AnyVersion, lkt.Activate{})
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err))

	store.FailSave = errors.New("disk on fire at /var/lib/lkt")
	_, err = svc.Do(ctx, lkttest.Patient, c.ID(), lkt.AnyVersion, lkt.ReviseStory{GoodDay: "x"})
	assert.Equal(t, lkt.Internal, lkt.CodeOf(err))
	assert.NotContains(t, lkt.MessageOf(err, roles.English), "/var/lib", "internal details never leak into messages")
	store.FailSave = nil
	got, err := svc.Get(ctx, lkttest.Patient, c.ID())
	require.NoError(t, err)
	assert.Equal(t, c.Version(), got.Version(), "a failed save stores nothing")
}

func TestServiceCreateTwiceConflicts(t *testing.T) {
	ctx := context.Background()
	svc, _, _, _ := seeded(t)
	_, err := svc.Create(ctx, lkttest.Coordinator, lkttest.NewBuilder().New())
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err))
}

func TestServiceMemberLeavingLosesAccess(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	_, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.AddMember{Member: lkt.NewMember{ID: "m-a", Name: "Assistant", Role: roles.Assistant}})
	require.NoError(t, err)
	_, err = svc.Get(ctx, lkt.Person("m-a"), c.ID())
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.ChangeMemberStatus{MemberID: "m-a", Status: actormap.Left})
	require.NoError(t, err)
	_, err = svc.Get(ctx, lkt.Person("m-a"), c.ID())
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
}
