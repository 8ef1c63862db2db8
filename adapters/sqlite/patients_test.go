package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// TestMigrationKeepsOneOpenCommunityPerPatient: a database written before
// the rule, holding two open communities and a closed one of one patient,
// migrates; the oldest open one keeps the patient, the other can no longer
// be changed except by closing it (lkt.RuleOneOpenCommunity).
func TestMigrationKeepsOneOpenCommunityPerPatient(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lkt.db")
	s := openT(t, path)
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(s, lkttest.Config(clock))
	_, err := lkttest.NewBuilder().Seed(ctx, svc)
	require.NoError(t, err)
	nin := lkttest.NewBuilder().Patient.NationalID
	for _, id := range []lkt.ID{"c-shadow", "c-closed"} {
		_, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc)
		require.NoError(t, err)
	}
	_, err = svc.Do(ctx, lkttest.Coordinator, "c-closed", lkt.AnyVersion, lkt.Close{Reason: "moved"})
	require.NoError(t, err)
	require.NoError(t, s.Close())

	// Back to the schema before 0010, with the shadows given Jonas's number.
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`DROP INDEX communities_open_patient`,
		`ALTER TABLE communities DROP COLUMN open_patient`,
		`DROP TABLE idempotency`, // 0011, applied again below
		`DELETE FROM schema_migrations WHERE version >= 10`,
		`UPDATE snapshots SET data = json_set(CAST(data AS TEXT), '$.patient.nationalId', '` + nin + `') WHERE id IN ('c-shadow', 'c-closed')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	require.NoError(t, db.Close())

	s = openT(t, path)
	rows, err := s.r.Query(`SELECT id, coalesce(open_patient, '') FROM communities ORDER BY n`)
	require.NoError(t, err)
	got := map[string]string{}
	for rows.Next() {
		var id, open string
		require.NoError(t, rows.Scan(&id, &open))
		got[id] = open
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, map[string]string{string(lkttest.CommunityID): nin, "c-shadow": "", "c-closed": ""}, got)

	svc = lkt.NewService(s, lkttest.Config(clock))
	_, err = svc.Do(ctx, lkttest.Coordinator, "c-shadow", lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
	assert.Equal(t, lkt.RuleOneOpenCommunity, lkt.RuleOf(err), "the shadow stays as it was: %v", err)
	_, err = svc.Do(ctx, lkttest.Coordinator, lkttest.CommunityID, lkt.AnyVersion, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per A. Hauge"})
	require.NoError(t, err, "the oldest goes on")
	_, err = svc.Do(ctx, lkttest.Coordinator, "c-shadow", lkt.AnyVersion, lkt.Close{Reason: "a second community of the same patient"})
	require.NoError(t, err, "the shadow can be closed")
}
