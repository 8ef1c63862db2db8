package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// testOneOpenCommunity: a patient, known by national identity number, has
// one open community (lkt.RuleOneOpenCommunity). A second is refused with
// the rule and nothing of it is stored; founders racing for the same
// patient get one community between them; a closed community does not
// count; patients without a number are not matched.
func testOneOpenCommunity(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	jonas, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	before := state(t, s, Jonas)

	// A shadow community about the same child, founded by somebody else.
	shadow := lkttest.NewBuilder()
	shadow.ID = "c-shadow"
	_, err = svc.Create(ctx, lkttest.Coordinator, shadow.New())
	requireOneOpen(t, err, "a second community for the same patient")
	_, _, err = s.Load(ctx, shadow.ID)
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "the refused community is not stored: %v", err)
	_, err = s.Events(ctx, shadow.ID, 0, 10)
	assert.Equal(t, lkt.NotFound, lkt.CodeOf(err), "nor its events: %v", err)
	requireSame(t, before, state(t, s, Jonas), "after the refused community")

	// The open community goes on saving.
	jonas, err = svc.Do(ctx, lkttest.Coordinator, Jonas, jonas.Version(), lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
	require.NoError(t, err, "the patient's open community is not held against itself")

	// Founders racing for one new patient: one community between them.
	const racers = 8
	nin := lkttest.NationalID(900)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			b := lkttest.NewBuilder()
			b.ID, b.Patient.ID, b.Patient.NationalID = lkt.ID(fmt.Sprintf("c-race-%d", i)), "p-race", nin
			_, errs[i] = svc.Create(ctx, lkttest.Coordinator, b.New())
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			continue
		}
		requireOneOpen(t, err, fmt.Sprintf("racer %d", i))
	}
	assert.Equal(t, 1, won, "exactly one racer founds the patient's community")
	page, err := s.Query(ctx, lkt.Query{Limit: lkt.MaxPage})
	require.NoError(t, err)
	require.Len(t, page.Items, 2, "Jonas's and the racers' one community")

	// Patients known by birth date only cannot be told apart: both stand.
	for _, id := range []lkt.ID{"c-unnumbered-1", "c-unnumbered-2"} {
		b := lkttest.NewBuilder()
		b.ID, b.Patient.NationalID, b.Patient.BirthDate = id, "", lkttest.PatientBirth
		_, err := svc.Create(ctx, lkttest.Coordinator, b.New())
		require.NoError(t, err, "a patient without a national identity number: %s", id)
	}

	// Once the first is closed, the patient may have a new community.
	_, err = svc.Do(ctx, lkttest.Coordinator, Jonas, jonas.Version(), lkt.Close{Reason: "moved to another municipality"})
	require.NoError(t, err)
	_, err = svc.Create(ctx, lkttest.Coordinator, shadow.New())
	require.NoError(t, err, "a new community after the first was closed")
	third := shadow
	third.ID = "c-third-shadow"
	_, err = svc.Create(ctx, lkttest.Coordinator, third.New())
	requireOneOpen(t, err, "a second open community after the first was closed")
}

// requireOneOpen checks that err is the refusal of RuleOneOpenCommunity:
// a conflict naming the rule, in words too.
func requireOneOpen(t *testing.T, err error, what string) {
	t.Helper()
	require.Error(t, err, what)
	var le *lkt.Error
	require.True(t, errors.As(err, &le), "%s: a go-lkt error, not %T: %v", what, err, err)
	assert.Equal(t, lkt.Conflict, lkt.CodeOf(err), "%s: %v", what, err)
	assert.Equal(t, lkt.RuleOneOpenCommunity, lkt.RuleOf(err), "%s: %v", what, err)
	assert.Contains(t, lkt.MessageOf(err, roles.English), lkt.RuleOneOpenCommunity, "%s: the message names the rule", what)
}

// CommunitiesKnowing returns the ids of the communities s finds by the key
// of national identity number nin (lkt.NationalIDKey), as a citizen's
// portfolio asks: for a store's own tests, a migration's say.
func CommunitiesKnowing(t testing.TB, s lkt.Store, nin string) []lkt.ID {
	t.Helper()
	page, err := s.Query(context.Background(), lkt.Query{Member: lkt.NationalIDKey(nin), Limit: lkt.MaxPage})
	require.NoError(t, err)
	return pageIDs(page.Items)
}

// testPortfolioByNationalID: the portfolio query finds a community by the
// key of a national identity number it records (lkt.Summary.NationalIDKeys)
// — the patient's, and a relative's while she is a member — and a summary
// read back never carries a number. Through the Service, a citizen's
// sign-in that verified the patient's number lists the community.
func testPortfolioByNationalID(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	jonas, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	other := lkttest.NewBuilder().WithID("c-other")
	_, err = svc.Create(ctx, lkttest.Coordinator, other.New())
	require.NoError(t, err)
	aunt := lkt.NewMember{ID: "m-aunt", Name: "Liv Berg", Role: roles.NextOfKin, NationalID: lkttest.NationalID(901)}
	jonas, err = svc.Do(ctx, lkttest.Coordinator, Jonas, jonas.Version(), lkt.AddMember{Member: aunt})
	require.NoError(t, err)

	find := func(member actormap.ActorID) []lkt.ID {
		t.Helper()
		page, err := s.Query(ctx, lkt.Query{Member: member, Limit: lkt.MaxPage})
		require.NoError(t, err)
		for _, it := range page.Items {
			assert.Empty(t, it.NationalIDKeys, "a summary read back carries no number")
			for _, m := range it.Members {
				assert.NotContains(t, string(m), jonas.Snapshot().Patient.NationalID, "nor among its members")
			}
		}
		return pageIDs(page.Items)
	}
	nin := jonas.Snapshot().Patient.NationalID
	assert.Equal(t, []lkt.ID{Jonas}, find(lkt.NationalIDKey(nin)), "by the patient's number")
	assert.Equal(t, []lkt.ID{"c-other"}, find(lkt.NationalIDKey(other.Patient.NationalID)))
	assert.Equal(t, []lkt.ID{Jonas}, find(lkt.NationalIDKey(aunt.NationalID)), "by a relative's number")
	assert.Empty(t, find(actormap.ActorID(nin)), "the bare number is no key")

	_, err = svc.Do(ctx, lkttest.Coordinator, Jonas, jonas.Version(), lkt.ChangeMemberStatus{MemberID: aunt.ID, Status: actormap.Left})
	require.NoError(t, err)
	assert.Empty(t, find(lkt.NationalIDKey(aunt.NationalID)), "not once she has left")

	citizen := lkt.Person("nin-unlisted")
	citizen.Verified = lkt.Claims{Issuer: "idporten", NationalID: nin, CitizenSignIn: true}
	page, err := svc.List(ctx, citizen, lkt.Query{})
	require.NoError(t, err)
	assert.Equal(t, []lkt.ID{Jonas}, pageIDs(page.Items), "the patient's own portfolio, by his verified number")
}
