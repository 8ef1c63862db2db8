package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// pad makes s n runes long with r.
func pad(s string, r rune, n int) string {
	return s + strings.Repeat(string(r), n-utf8.RuneCountInString(s))
}

// testLargestCommunity: a community at the domain's limits — the longest
// id, municipality, patient id and name, and lkt.MaxMembers members with
// the longest ids the domain accepts — is stored and read back whole, by
// Load and by every portfolio query that lists it, page by page among
// small communities. Ids and names are counted in characters, so they are
// made of the characters whose JSON is longest ('<' is "\u003c", a
// four-byte character is four bytes): the summary is as large as the
// domain allows, hundreds of kilobytes. A store that keeps summaries in an
// index must keep this one elsewhere (the PostgreSQL store could not save
// a summary over 2704 bytes before migration 0011).
func testLargestCommunity(t *testing.T, s lkt.Store) {
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	cfg := lkttest.Config(clock)
	at := clock.Now()

	id := lkt.ID(pad("c-largest-", 'x', lkt.MaxIDLength))
	b := lkttest.NewBuilder().WithID(id)
	b.Patient.ID = actormap.ActorID(pad("p-", '<', 200))
	b.Patient.Name = pad("Jonas ", '𝔅', 200)
	in := b.New()
	in.Municipality = pad("", '𝔐', 100)
	c, err := lkt.Create(cfg, lkttest.Coordinator, in)
	require.NoError(t, err)
	for _, st := range b.Steps(at) {
		require.NoError(t, c.Do(st.By, st.Cmd), "step %s", st.Name)
	}
	for i := len(c.Members()); i < lkt.MaxMembers; i++ {
		require.NoError(t, c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{
			ID: actormap.ActorID(pad(fmt.Sprintf("m-%03d-", i), '<', 200)), Name: pad(fmt.Sprintf("Nurse %d ", i), '𝔑', 200),
			Role: roles.HospitalNurse, Organisation: pad("", '𝔒', 200), Workplace: pad("", '𝔚', 200),
		}}), "member %d", i)
	}
	require.Len(t, c.Members(), lkt.MaxMembers)
	err = c.Do(lkttest.Coordinator, lkt.AddMember{Member: lkt.NewMember{ID: "one-too-many", Name: "X", Role: roles.HospitalNurse}})
	require.Error(t, err, "the community is as large as the domain allows")
	big := c.Summary(at)
	require.Greater(t, len(mustJSON(t, big)), 500_000, "the summary's size")

	// Small communities on either side of it in id order, in the same
	// municipality, with the same coordinator and one shared member, so
	// that pages of one or two items hold it beside small ones.
	all := map[lkt.ID]lkt.Summary{id: big}
	shared := big.Members[len(big.Members)-1]
	for _, small := range []lkt.ID{"c-largesa", "c-largesz"} {
		sum := lkt.Summary{ID: small, Municipality: big.Municipality, Status: lkt.Active, PatientName: "P " + string(small),
			Patient: actormap.ActorID("p-" + small), Coordinator: big.Coordinator, Members: []actormap.ActorID{big.Coordinator, shared},
			Consent: lkt.Consented, UpdatedAt: at}
		require.NoError(t, saveSummary(ctx, s, sum, 0))
		sum.Version = 1
		all[small] = sum
	}
	require.NoError(t, s.Save(ctx, saveOf(c, 0, at, lkttest.Coordinator, "Create")), "save the largest community")
	c.MarkSaved()

	check := func(t *testing.T) {
		t.Helper()
		snap, v, err := s.Load(ctx, id)
		require.NoError(t, err)
		require.Equal(t, c.Version(), v)
		require.JSONEq(t, mustJSON(t, c.Snapshot()), mustJSON(t, snap))
		for _, q := range []lkt.Query{
			{},
			{Municipality: big.Municipality},
			{Coordinator: big.Coordinator},
			{Member: shared},
			{Member: big.Members[0]},
			{Member: big.Patient},
			{Municipality: big.Municipality, Status: lkt.Active},
			{Member: shared, Coordinator: big.Coordinator},
		} {
			for _, limit := range []int{0, 1, 2} {
				checkQuery(t, s, q, limit, all)
			}
		}
	}
	t.Run("Created", check)

	// Saved again, as large.
	clock.Advance(time.Hour)
	v := c.Version()
	require.NoError(t, c.Do(lkttest.Mother, lkt.ReviseStory{GoodDay: pad("", '𝔊', 2000)}))
	require.NoError(t, s.Save(ctx, saveOf(c, v, clock.Now(), lkttest.Mother, "ReviseStory")))
	c.MarkSaved()
	all[id] = c.Summary(clock.Now())
	t.Run("Updated", check)

	// A summary that shrinks below any store's threshold and grows again
	// is read from wherever the store moved it.
	small := all["c-largesa"]
	small.Members = big.Members
	require.NoError(t, saveSummary(ctx, s, small, 1))
	small.Version = 2
	all[small.ID] = small
	t.Run("SmallGrown", func(t *testing.T) {
		for _, limit := range []int{0, 1, 2} {
			checkQuery(t, s, lkt.Query{Member: big.Members[0]}, limit, all)
			checkQuery(t, s, lkt.Query{Municipality: big.Municipality}, limit, all)
		}
	})
	small.Members = big.Members[:1]
	require.NoError(t, saveSummary(ctx, s, small, 2))
	small.Version = 3
	all[small.ID] = small
	t.Run("SmallShrunk", func(t *testing.T) {
		for _, limit := range []int{0, 1, 2} {
			checkQuery(t, s, lkt.Query{Member: big.Members[0]}, limit, all)
			checkQuery(t, s, lkt.Query{Coordinator: big.Coordinator}, limit, all)
		}
	})
}
