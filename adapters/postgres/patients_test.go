package postgres

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
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

// TestMigrationAddsNationalIDKeysToMembers: a database written before 0009
// has no members row for the keys of the national identity numbers; 0009
// adds them from the snapshots, the patient's and each relative's still a
// member, so a citizen's sign-in finds the communities by the number.
func TestMigrationAddsNationalIDKeysToMembers(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	f := storetest.Populate(t, s)
	nin := f.Snapshots[storetest.Jonas].Patient.NationalID
	var want []lkt.ID
	for _, id := range f.IDs {
		if f.Snapshots[id].Patient.NationalID == nin {
			want = append(want, id)
		}
	}
	require.NotEmpty(t, want)
	// A relative with her number on record, in Jonas's community.
	aunt := lkt.NewMember{ID: "m-aunt", Name: "Liv Berg", Role: roles.NextOfKin, NationalID: lkttest.NationalID(901)}
	_, err := lkt.NewService(s, f.Config()).Do(ctx, lkttest.Coordinator, storetest.Jonas, lkt.AnyVersion, lkt.AddMember{Member: aunt})
	require.NoError(t, err)

	// As before 0009: no keys, and 0009 not applied.
	_, err = s.pool.Exec(ctx, `DELETE FROM members WHERE member LIKE 'national-id:%'`)
	require.NoError(t, err)
	_, err = s.pool.Exec(ctx, `DELETE FROM schema_migrations WHERE version = 9`)
	require.NoError(t, err)
	find := func(nin string) []lkt.ID { return storetest.CommunitiesKnowing(t, s, nin) }
	require.Empty(t, find(nin))
	require.Empty(t, find(aunt.NationalID))

	ms, err := migrations()
	require.NoError(t, err)
	require.Equal(t, "citizens_find_their_community", ms[8].name)
	require.NoError(t, apply(ctx, s.pool, ms[8]))
	assert.Equal(t, want, find(nin))
	assert.Equal(t, []lkt.ID{storetest.Jonas}, find(aunt.NationalID), "a relative's number too")
}
