package lkt_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestNeedToKnow: the national identity number and the capacity
// assessments reach the patient's side, members verified as health
// personnel and systems, never the school; the notices reach only the
// patient's side. Every way the Service hands out a community or its
// history keeps to it.
func TestNeedToKnow(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	id := c.ID()
	for _, s := range []lkttest.Step{addTeacher, {Name: "assess", By: lkttest.GP, Cmd: assessed}} {
		_, err := svc.Do(ctx, s.By, id, lkt.AnyVersion, s.Cmd)
		require.NoError(t, err, s.Name)
	}
	nin := lkttest.NewBuilder().Patient.NationalID

	type sees struct{ personal, notices bool }
	for _, tt := range []struct {
		name string
		by   lkt.Principal
		want sees
	}{
		{"the patient", lkttest.Patient, sees{true, true}},
		{"the mother, who represents him", lkttest.Mother, sees{true, true}},
		{"the GP, verified", lkttest.GP, sees{true, false}},
		{"a system", lkttest.SystemWith("ehr", lkt.RightActInCommunities), sees{true, false}},
		{"the school", lkttest.Teacher, sees{false, false}},
		{"the GP's id, unverified", lkt.Person(lkttest.GPID), sees{false, false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Get(ctx, tt.by, id)
			require.NoError(t, err)
			// A command's answer is the same view.
			done, err := svc.Do(ctx, tt.by, id, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.TeacherID, Name: "Lars Tveit"})
			require.NoError(t, err)
			assert.Equal(t, got.Snapshot().Withheld, done.Snapshot().Withheld, "Do answers what Get shows")
			assert.Equal(t, got.Snapshot().Patient, done.Snapshot().Patient, "Do answers what Get shows")
			snap := got.Snapshot()
			evs, err := svc.History(ctx, tt.by, id, 0, lkt.MaxPage)
			require.NoError(t, err)
			created := evs[0].Data.(lkt.CommunityCreated)
			var capacity lkt.CapacityAssessed
			for _, e := range evs {
				if a, ok := e.Data.(lkt.CapacityAssessed); ok {
					capacity = a
				}
			}
			if tt.want.personal {
				assert.Equal(t, nin, snap.Patient.NationalID)
				assert.True(t, snap.Patient.LacksCapacity)
				assert.Len(t, snap.Capacity, 1)
				assert.Equal(t, nin, created.Patient.NationalID, "in the history too")
				assert.Equal(t, assessed.Basis, capacity.Basis)
				assert.NotContains(t, snap.Withheld, lkt.WithheldNationalID)
			} else {
				assert.Empty(t, snap.Patient.NationalID)
				assert.False(t, snap.Patient.LacksCapacity)
				assert.Empty(t, snap.Capacity)
				assert.Empty(t, created.Patient.NationalID, "in the history neither")
				assert.Empty(t, capacity.Basis)
				assert.True(t, capacity.Withheld, "the history says an assessment was made, not what it found")
				assert.Subset(t, snap.Withheld, []string{lkt.WithheldNationalID, lkt.WithheldCapacity})
			}
			if tt.want.notices {
				assert.NotEmpty(t, snap.Notices)
				assert.NotEmpty(t, got.PatientNotices())
			} else {
				assert.Empty(t, snap.Notices)
				assert.Contains(t, snap.Withheld, lkt.WithheldNotices)
			}
		})
	}
}

// TestAfterWithdrawalReadersLearnOnlyThatConsentIsWithdrawn: the summary
// and the portfolio tell members other than the patient's side the
// community's id and that consent is withdrawn, nothing else; a portfolio
// selected by anything else leaves the community out; the patient's side
// sees it all.
func TestAfterWithdrawalReadersLearnOnlyThatConsentIsWithdrawn(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	_, err := svc.Do(ctx, lkttest.Mother, c.ID(), lkt.AnyVersion, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID})
	require.NoError(t, err)
	only := lkt.Summary{ID: c.ID(), Consent: lkt.Withdrawn}

	for _, by := range []lkt.Principal{lkttest.GP, lkttest.Coordinator} {
		sum, err := svc.Summary(ctx, by, c.ID())
		require.NoError(t, err)
		assert.Equal(t, only, sum, "summary for %s", by.ID)
		page, err := svc.List(ctx, by, lkt.Query{})
		require.NoError(t, err)
		assert.Equal(t, []lkt.Summary{only}, page.Items, "portfolio of %s", by.ID)
		page, err = svc.List(ctx, by, lkt.Query{Municipality: "Bjørnafjorden"})
		require.NoError(t, err)
		assert.Empty(t, page.Items, "selected by municipality, it would tell the municipality")
		page, err = svc.List(ctx, by, lkt.Query{ConsentWithdrawn: true})
		require.NoError(t, err)
		assert.Equal(t, []lkt.Summary{only}, page.Items)
	}
	page, err := svc.List(ctx, lkttest.SystemWith("report", lkt.RightActInCommunities), lkt.Query{})
	require.NoError(t, err)
	assert.Equal(t, []lkt.Summary{only}, page.Items, "a system is not the patient's side either")

	sum, err := svc.Summary(ctx, lkttest.Mother, c.ID())
	require.NoError(t, err)
	assert.Equal(t, "Jonas Berg", sum.PatientName, "the patient's side sees its own community")
	assert.NotEmpty(t, sum.Members)
	page, err = svc.List(ctx, lkttest.Mother, lkt.Query{Municipality: "Bjørnafjorden"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, lkttest.CoordinatorID, page.Items[0].Coordinator)
}

// TestFindingByNationalIDNeedsToKnowIt: a member who may not see the
// patient's national identity number cannot find the community by it
// either, since the match would tell them; by the patient's id they can.
func TestFindingByNationalIDNeedsToKnowIt(t *testing.T) {
	ctx := context.Background()
	svc, _, _, c := seeded(t)
	_, err := svc.Do(ctx, lkttest.Coordinator, c.ID(), lkt.AnyVersion, lkt.AddMember{Member: teacher})
	require.NoError(t, err)
	byNIN := lkt.PatientKey{NationalID: lkttest.NewBuilder().Patient.NationalID}
	for _, tt := range []struct {
		by   lkt.Principal
		want []lkt.ID
	}{
		{lkttest.GP, []lkt.ID{c.ID()}},
		{lkttest.SystemWith("ehr", lkt.RightActInCommunities), []lkt.ID{c.ID()}},
		{lkttest.Teacher, nil},
	} {
		got, _, err := svc.PatientCommunities(ctx, tt.by, byNIN)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "by national id, as %s", tt.by.ID)
	}
	got, _, err := svc.PatientCommunities(ctx, lkttest.Teacher, lkt.PatientKey{ID: lkttest.PatientID})
	require.NoError(t, err)
	assert.Equal(t, []lkt.ID{c.ID()}, got, "by the patient's id")
}

// snapshotJSONHidden is a store that does not tell the Service the JSON it
// stored (lkt.Save.SnapshotJSON), as a store need not.
type snapshotJSONHidden struct{ *lkttest.Store }

func (s snapshotJSONHidden) Save(ctx context.Context, in lkt.Save) error {
	in.SnapshotJSON = nil
	return s.Store.Save(ctx, in)
}

// TestSavedViewsSnapshotJSON: the view a command answers gives its
// snapshot's JSON from what the store encoded, byte for byte what
// encoding/json writes for it, whatever the reader may see; a view the
// store did not encode, or that changed after the save, gives none.
func TestSavedViewsSnapshotJSON(t *testing.T) {
	ctx := context.Background()
	svc, store, _, c := seeded(t)
	id := c.ID()
	for _, s := range []lkttest.Step{addTeacher, {Name: "assess", By: lkttest.GP, Cmd: assessed}} {
		_, err := svc.Do(ctx, s.By, id, lkt.AnyVersion, s.Cmd)
		require.NoError(t, err, s.Name)
	}
	readers := []struct {
		name string
		by   lkt.Principal
	}{
		{"the patient", lkttest.Patient},
		{"the mother, who represents him", lkttest.Mother},
		{"the GP, verified", lkttest.GP},
		{"a system", lkttest.SystemWith("ehr", lkt.RightActInCommunities)},
		{"the school", lkttest.Teacher},
		{"the GP's id, unverified", lkt.Person(lkttest.GPID)},
	}
	update := lkt.UpdateMember{MemberID: lkttest.TeacherID, Name: "Lars <Tveit> & co"}
	for _, tt := range readers {
		t.Run(tt.name, func(t *testing.T) {
			done, err := svc.Do(ctx, tt.by, id, lkt.AnyVersion, update)
			require.NoError(t, err)
			want, err := json.Marshal(done.Snapshot())
			require.NoError(t, err)
			got, ok := done.AppendSnapshotJSON([]byte("prefix"))
			if ok {
				assert.Equal(t, "prefix"+string(want), string(got))
			}
			// Those who see personal details see the stored snapshot but
			// for the notices: its JSON serves them without encoding again.
			if done.SeesPersonalDetails(tt.by, done.ViewedAt()) {
				assert.True(t, ok, "the JSON the store encoded serves this reader")
			}
			require.NoError(t, done.Do(tt.by, update))
			_, ok = done.AppendSnapshotJSON(nil)
			assert.False(t, ok, "a view changed after its save has no stored JSON")
			got2, err := svc.Get(ctx, tt.by, id)
			require.NoError(t, err)
			_, ok = got2.AppendSnapshotJSON(nil)
			assert.False(t, ok, "a view loaded, not saved, has none")
		})
	}
	hidden := lkt.NewService(snapshotJSONHidden{store}, svc.Config())
	done, err := hidden.Do(ctx, lkttest.GP, id, lkt.AnyVersion, update)
	require.NoError(t, err)
	_, ok := done.AppendSnapshotJSON(nil)
	assert.False(t, ok, "a store that does not tell the JSON leaves the view without it")
}
