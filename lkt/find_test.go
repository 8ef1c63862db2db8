package lkt_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestPatientCommunities finds a patient's communities among the caller's
// own (a system's: all) by national identity number or id, and audits
// nothing: the caller reads what it finds through Get.
func TestPatientCommunities(t *testing.T) {
	ctx := context.Background()
	store := lkttest.NewStore()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	nin := lkttest.NewBuilder().Patient.NationalID
	audit, err := store.Audit(ctx, lkttest.CommunityID, 0, lkt.MaxPage)
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		by   lkt.Principal
		key  lkt.PatientKey
		want []lkt.ID
	}{
		{"a member, by national id", lkttest.GP, lkt.PatientKey{NationalID: nin}, []lkt.ID{lkttest.CommunityID}},
		{"a member, by id", lkttest.Coordinator, lkt.PatientKey{ID: lkttest.PatientID}, []lkt.ID{lkttest.CommunityID}},
		{"a system sees every community", lkttest.SystemWith("ehr", lkt.RightActInCommunities), lkt.PatientKey{NationalID: nin}, []lkt.ID{lkttest.CommunityID}},
		{"another patient", lkttest.GP, lkt.PatientKey{NationalID: "01010012356"}, nil},
		{"not a member", lkttest.Outsider, lkt.PatientKey{NationalID: nin}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, complete, err := svc.PatientCommunities(ctx, tc.by, tc.key)
			require.NoError(t, err)
			assert.True(t, complete)
			assert.Equal(t, tc.want, got)
		})
	}
	after, err := store.Audit(ctx, lkttest.CommunityID, 0, lkt.MaxPage)
	require.NoError(t, err)
	assert.Len(t, after, len(audit), "finding reads nothing for the caller, so it audits nothing")

	_, _, err = svc.PatientCommunities(ctx, lkttest.GP, lkt.PatientKey{NationalID: nin, ID: lkttest.PatientID})
	assert.Equal(t, lkt.Invalid, lkt.CodeOf(err), "one key, not two")
	_, _, err = svc.PatientCommunities(ctx, lkt.Principal{}, lkt.PatientKey{NationalID: nin})
	assert.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
}
