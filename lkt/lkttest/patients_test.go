package lkttest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestNationalIDsAreDistinctChildren: every n gives a valid synthetic
// number of its own, never the fixture patient's, of a child born on or
// a few days after PatientBirth, so that communities built with WithID
// each have a patient of their own.
func TestNationalIDsAreDistinctChildren(t *testing.T) {
	fixture := lkttest.NewBuilder().Patient.NationalID
	seen := map[string]int{fixture: -1}
	for n := range 3000 {
		nin := lkttest.NationalID(n)
		prev, dup := seen[nin]
		require.False(t, dup, "NationalID(%d) = NationalID(%d)", n, prev)
		seen[nin] = n
		pn, err := ident.ParsePersonNumber(nin, ident.Options{AllowSynthetic: true})
		require.NoError(t, err, "NationalID(%d)", n)
		require.False(t, pn.BirthDate.Before(lkttest.PatientBirth), "NationalID(%d) born %s", n, pn.BirthDate)
		require.True(t, pn.BirthDate.Before(lkttest.PatientBirth.AddDate(0, 3, 0)), "NationalID(%d) born %s", n, pn.BirthDate)
	}
	for i := range 100 { // WithID's numbers are others
		nin := lkttest.NewBuilder().WithID(lkt.ID(fmt.Sprintf("c-nin-%d", i))).Patient.NationalID
		prev, dup := seen[nin]
		require.False(t, dup, "WithID's %d-th = NationalID(%d)", i, prev)
		seen[nin] = -1
	}
	assert.Equal(t, lkttest.NationalID(7), lkttest.NationalID(7))
	a, b := lkttest.NewBuilder().WithID("c-a"), lkttest.NewBuilder().WithID("c-b")
	assert.NotEqual(t, a.Patient.NationalID, b.Patient.NationalID)
	assert.Equal(t, a.Patient.NationalID, lkttest.NewBuilder().WithID("c-a").Patient.NationalID)
	assert.Equal(t, fixture, lkttest.NewBuilder().WithID(lkttest.CommunityID).Patient.NationalID)
}
