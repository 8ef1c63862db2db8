package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// fillCommunities inserts n communities straight into the tables (no
// events), with filters spread as a county's would be, and analyzes them.
func fillCommunities(t testing.TB, s *Store, n int, at time.Time) {
	t.Helper()
	ctx := context.Background()
	day := int64(24 * time.Hour)
	now := at.UnixNano()
	_, err := s.pool.Exec(ctx, `INSERT INTO communities (id, version, snapshot, summary, `+filterCols+`, updated_at)
		SELECT 'c-' || lpad(i::text, 8, '0'), 1, '{}'::bytea,
			convert_to(json_build_object('id', 'c-' || lpad(i::text, 8, '0'), 'municipality', 'm' || (i % 40), 'status', 'active',
				'members', json_build_array('p-' || (i % 5000)), 'consent', 'consented', 'version', 1, 'updatedAt', '2026-03-01T09:00:00Z')::text, 'UTF8'),
			'm' || (i % 40), (ARRAY['draft','active','paused','closed'])[1 + i % 4], 'p-' || (i % 2000),
			CASE WHEN i % 97 = 0 THEN 'withdrawn' ELSE 'consented' END,
			CASE WHEN i % 50 = 0 THEN $2::bigint + (i % 30 - 15) * $3::bigint END,
			CASE WHEN i % 3 = 0 THEN $2::bigint + (i % 60 - 30) * $3::bigint END,
			CASE WHEN i % 40 = 0 THEN 'red' ELSE 'green' END,
			CASE WHEN i % 5 = 0 THEN $2::bigint + (i % 20 - 10) * $3::bigint END,
			NULL, -- open_patient
			$2::bigint
		FROM generate_series(1, $1) AS i`, n, now, day)
	require.NoError(t, err)
	_, err = s.pool.Exec(ctx, `INSERT INTO members (member, community) SELECT 'p-' || (i % 5000), 'c-' || lpad(i::text, 8, '0') FROM generate_series(1, $1) AS i`, n)
	require.NoError(t, err)
	_, err = s.pool.Exec(ctx, `ANALYZE communities; ANALYZE members`)
	require.NoError(t, err)
}

// TestPortfolioPlansUseIndexes: at 100 000 communities, every portfolio
// query's plan reads an index, never the whole table. Where the server
// sorts, it sorts one index range (a member's or a coordinator's
// communities, a few dozen), not the portfolio. A member's own page takes
// each community's summary from the primary key (migration 0010), not
// from its row: an index-only scan, whatever the visibility map says
// (the planner costs it, but the scan is index-only once the index
// covers the columns), and so is a municipality's page (0008). A summary
// too large for the index is NULL there (0011) and read afterwards by id
// (bigSummaries), not in these plans.
func TestPortfolioPlansUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("fills 100 000 communities")
	}
	ctx := context.Background()
	s := openTest(t, "", nil)
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	fillCommunities(t, s, 100_000, at)
	due := at.AddDate(0, 0, 3)
	for _, q := range []lkt.Query{
		{},
		{Municipality: "m7"},
		{Coordinator: "p-12"},
		{Member: "p-12"},
		{Member: "p-12", After: "c-00050000"},
		{Status: lkt.Paused},
		{VacantRole: true, At: at},
		{ConsentWithdrawn: true},
		{OverdueEvaluation: true, At: at},
		{RedPhase: true},
		{Municipality: "m7", RedPhase: true},
		{DueBefore: &due},
		{Member: "p-12", Municipality: "m12"},
		{Municipality: "m7", Status: lkt.Active, After: "c-00050000"},
	} {
		text, args := querySQL(q)
		rows, err := s.pool.Query(ctx, "EXPLAIN "+text, args...)
		require.NoError(t, err)
		var lines []string
		for rows.Next() {
			var l string
			require.NoError(t, rows.Scan(&l))
			lines = append(lines, l)
		}
		require.NoError(t, rows.Err())
		plan := strings.Join(lines, "\n")
		assert.NotContains(t, plan, "Seq Scan", "%+v:\n%s", q, plan)
		assert.Contains(t, plan, "Index", "%+v:\n%s", q, plan)
		if q.Member != "" && q == (lkt.Query{Member: q.Member, After: q.After}) {
			assert.Contains(t, plan, "Index Only Scan using communities_pkey on communities c", "%+v:\n%s", q, plan)
		}
		if q.Municipality != "" && q == (lkt.Query{Municipality: q.Municipality}) {
			assert.Contains(t, plan, "Index Only Scan using communities_municipality_page on communities c", "%+v:\n%s", q, plan)
		}
		if testing.Verbose() {
			t.Logf("%+v:\n%s", q, plan)
		}
		_, err = s.Query(ctx, q)
		require.NoError(t, err, "%+v", q)
	}
}

// TestMigrationPutsSummaryInPrimaryKey: 0010 rebuilds the primary key of a
// database written before it with the summary in it, keeps every row,
// and makes again the foreign keys it had to drop, so members and events
// still refuse a community that does not exist.
func TestMigrationPutsSummaryInPrimaryKey(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	f := storetest.Populate(t, s)
	mine, err := s.Query(ctx, lkt.Query{Member: lkttest.GPID})
	require.NoError(t, err)
	require.NotEmpty(t, mine.Items)

	// As before 0010: the primary key on id alone.
	_, err = s.pool.Exec(ctx, `ALTER TABLE members DROP CONSTRAINT IF EXISTS members_community_fkey;
		ALTER TABLE events DROP CONSTRAINT IF EXISTS events_community_fkey;
		ALTER TABLE communities DROP CONSTRAINT communities_pkey;
		ALTER TABLE communities ADD PRIMARY KEY (id);
		ALTER TABLE members ADD CONSTRAINT members_community_fkey FOREIGN KEY (community) REFERENCES communities (id);
		ALTER TABLE events ADD CONSTRAINT events_community_fkey FOREIGN KEY (community) REFERENCES communities (id);
		DELETE FROM schema_migrations WHERE version = 10`)
	require.NoError(t, err)

	ms, err := migrations()
	require.NoError(t, err)
	require.Equal(t, "member_pages_from_the_primary_key", ms[9].name)
	require.NoError(t, apply(ctx, s.pool, ms[9]))
	var def string
	require.NoError(t, s.pool.QueryRow(ctx, `SELECT pg_get_indexdef(conindid) FROM pg_constraint
		WHERE conrelid = 'communities'::regclass AND contype = 'p'`).Scan(&def))
	assert.Contains(t, def, "(id) INCLUDE (summary)")
	_, err = s.pool.Exec(ctx, `INSERT INTO members (member, community) VALUES ('m-x', 'no-such-community')`)
	assert.True(t, isCode(err, "23503"), "members: %v", err)
	_, err = s.pool.Exec(ctx, `INSERT INTO events (community, seq, shard, at, type, data) VALUES ('no-such-community', 1, 0, 0, 'x', '{}')`)
	assert.True(t, isCode(err, "23503"), "events: %v", err)
	again, err := s.Query(ctx, lkt.Query{Member: lkttest.GPID})
	require.NoError(t, err)
	assert.Equal(t, mine, again)
	f.Verify(t, s)
}
