package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestMigrationAddsPatientsToMembers: a database written before 0003 has
// no members row for a community's patient; 0003 adds it from the
// snapshot, so the patient finds their own communities.
func TestMigrationAddsPatientsToMembers(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	f := storetest.Populate(t, s)
	mine := f.PatientOf(lkttest.PatientID)
	require.NotEmpty(t, mine)

	// As before 0003: members only, and 0003 not applied.
	_, err := s.pool.Exec(ctx, `DELETE FROM members m USING communities c
		WHERE c.id = m.community AND m.member = convert_from(c.snapshot, 'UTF8')::jsonb #>> '{patient,id}'`)
	require.NoError(t, err)
	_, err = s.pool.Exec(ctx, `DELETE FROM schema_migrations WHERE version = 3`)
	require.NoError(t, err)
	page, err := s.Query(ctx, lkt.Query{Member: lkttest.PatientID})
	require.NoError(t, err)
	require.Empty(t, page.Items, "the patient's rows are gone")

	ms, err := migrations()
	require.NoError(t, err)
	require.Equal(t, "patients_find_their_community", ms[2].name)
	require.NoError(t, apply(ctx, s.pool, ms[2]))
	page, err = s.Query(ctx, lkt.Query{Member: lkttest.PatientID})
	require.NoError(t, err)
	var got []lkt.ID
	for _, it := range page.Items {
		got = append(got, it.ID)
	}
	assert.Equal(t, mine, got)
	f.Verify(t, s)
}
