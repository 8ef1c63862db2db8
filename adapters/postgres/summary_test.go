package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// summaryOfSize is a summary of community id in municipality whose JSON is
// n bytes, padded in the patient's name with incompressible text.
func summaryOfSize(t *testing.T, id lkt.ID, municipality string, n int) lkt.Summary {
	t.Helper()
	s := lkt.Summary{ID: id, Municipality: municipality, Status: lkt.Active, Patient: "p-" + actormap.ActorID(id),
		Coordinator: "m-coordinator", Members: []actormap.ActorID{"m-coordinator"}, Consent: lkt.Consented,
		Version: 1, UpdatedAt: lkttest.Start}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var name strings.Builder
	for x := uint32(len(id)); name.Len() < n-len(b)-len(`,"patientName":""`); x = x*1103515245 + 12345 {
		name.WriteByte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[x>>16%62])
	}
	s.PatientName = name.String()
	b, err = json.Marshal(s)
	require.NoError(t, err)
	require.Len(t, b, n, "the summary's JSON")
	return s
}

func saveSummaryOf(t *testing.T, s *Store, sum lkt.Summary, expected int64) {
	t.Helper()
	sum.Version = expected + 1
	require.NoError(t, s.Save(context.Background(), lkt.Save{
		Snapshot: lkt.Snapshot{ID: sum.ID, Municipality: sum.Municipality, Status: sum.Status, Patient: lkt.Patient{ID: sum.Patient, Name: sum.PatientName},
			Holders: map[roles.Code]actormap.ActorID{}, CreatedAt: sum.UpdatedAt},
		Summary:  sum,
		Expected: expected,
		Events: []lkt.Event{{Community: sum.ID, Seq: expected + 1, At: sum.UpdatedAt, By: lkt.System("test"),
			Data: lkt.CommunityCreated{Municipality: sum.Municipality}}},
	}), "save %s", sum.ID)
}

// TestSummariesBesideTheIndexes: a summary of up to maxIndexedSummary
// bytes is kept in the indexed column, whatever it holds beside it — the
// longest id and municipality, the summary incompressible — and a larger
// one in summary_big (migration 0011); both are listed in id order, page
// by page, and a summary that shrinks or grows moves.
func TestSummariesBesideTheIndexes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	limit, err := strconv.Atoi(maxIndexedSummary)
	require.NoError(t, err)
	municipality := strings.Repeat("𝔐", 100)
	require.Equal(t, 400, len(municipality))
	id := func(i int) lkt.ID { return lkt.ID(strings.Repeat(strconv.Itoa(i), lkt.MaxIDLength)) }
	sizes := []int{limit - 1, limit, limit + 1, 3 * limit, 2 * limit, limit}
	var want []lkt.Summary
	for i, n := range sizes {
		sum := summaryOfSize(t, id(i+1), municipality, n)
		saveSummaryOf(t, s, sum, 0)
		sum.Version = 1
		want = append(want, sum)
	}
	where := func(id lkt.ID) (small, big bool) {
		t.Helper()
		require.NoError(t, s.pool.QueryRow(ctx, `SELECT summary IS NOT NULL, summary_big IS NOT NULL FROM communities WHERE id = $1`,
			string(id)).Scan(&small, &big))
		return small, big
	}
	for i, n := range sizes {
		small, big := where(want[i].ID)
		assert.Equal(t, n <= limit, small, "%d bytes in summary", n)
		assert.Equal(t, n > limit, big, "%d bytes in summary_big", n)
	}
	list := func(q lkt.Query) {
		t.Helper()
		var got []lkt.Summary
		for {
			page, err := s.Query(ctx, q)
			require.NoError(t, err)
			got = append(got, page.Items...)
			if page.Next == "" {
				break
			}
			q.After = page.Next
		}
		assert.Equal(t, want, got, "%+v", q)
	}
	for _, n := range []int{1, 2, 4, 10} {
		list(lkt.Query{Limit: n})
		list(lkt.Query{Limit: n, Municipality: municipality})
		list(lkt.Query{Limit: n, Member: "m-coordinator"})
		list(lkt.Query{Limit: n, Coordinator: "m-coordinator"})
	}

	// The small one grows, the large one shrinks.
	grown, shrunk := summaryOfSize(t, id(1), municipality, 5000), summaryOfSize(t, id(3), municipality, 1000)
	saveSummaryOf(t, s, grown, 1)
	saveSummaryOf(t, s, shrunk, 1)
	grown.Version, shrunk.Version = 2, 2
	want[0], want[2] = grown, shrunk
	for _, c := range []struct {
		id         lkt.ID
		small, big bool
	}{{grown.ID, false, true}, {shrunk.ID, true, false}} {
		small, big := where(c.id)
		assert.Equal(t, c.small, small, "%s in summary", c.id)
		assert.Equal(t, c.big, big, "%s in summary_big", c.id)
	}
	list(lkt.Query{Limit: 1})
	list(lkt.Query{Limit: 3, Municipality: municipality})
	list(lkt.Query{Limit: 2, Member: "m-coordinator"})

	// A page listed a summary as large, and it shrank before it was read:
	// it is read from summary.
	items := []lkt.Summary{{ID: grown.ID}, {ID: shrunk.ID}}
	require.NoError(t, s.bigSummaries(ctx, items, []int{0, 1}))
	assert.Equal(t, []lkt.Summary{grown, shrunk}, items)

	// Exactly one of the two, whoever writes the row.
	_, err = s.pool.Exec(ctx, `UPDATE communities SET summary_big = summary WHERE id = $1`, string(id(2)))
	assert.True(t, isCode(err, "23514"), "both: %v", err)
	_, err = s.pool.Exec(ctx, `UPDATE communities SET summary = NULL WHERE id = $1`, string(id(2)))
	assert.True(t, isCode(err, "23514"), "neither: %v", err)
}

// TestMigrationMovesLargeSummaries: 0011 moves the summaries over
// maxIndexedSummary bytes that a database written before it holds (they
// fitted an index entry compressed) to summary_big, leaves the others, and
// the pages read them as before.
func TestMigrationMovesLargeSummaries(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	limit, err := strconv.Atoi(maxIndexedSummary)
	require.NoError(t, err)
	// As before 0011, with a summary of 2 600 bytes that compresses well.
	_, err = s.pool.Exec(ctx, `ALTER TABLE communities DROP CONSTRAINT communities_one_summary;
		ALTER TABLE communities DROP COLUMN summary_big;
		DELETE FROM schema_migrations WHERE version = 11`)
	require.NoError(t, err)
	small := summaryOfSize(t, "c-small", "Bergen", limit)
	big := summaryOfSize(t, "c-big", "Bergen", 2600)
	big.PatientName = strings.Repeat("a", len(big.PatientName))
	for _, sum := range []lkt.Summary{big, small} {
		b, err := json.Marshal(sum)
		require.NoError(t, err)
		_, err = s.pool.Exec(ctx, `INSERT INTO communities (id, version, snapshot, summary, `+filterCols+`, updated_at)
			VALUES ($1, 1, '{}', $2, 'Bergen', 'active', 'm-coordinator', 'consented', NULL, NULL, '', NULL, NULL, 0)`, string(sum.ID), b)
		require.NoError(t, err)
		_, err = s.pool.Exec(ctx, `INSERT INTO members (member, community) VALUES ('m-coordinator', $1)`, string(sum.ID))
		require.NoError(t, err)
	}

	ms, err := migrations()
	require.NoError(t, err)
	require.Equal(t, "large_summaries_beside_the_indexes", ms[10].name)
	require.NoError(t, apply(ctx, s.pool, ms[10]))
	var moved []string
	rows, err := s.pool.Query(ctx, `SELECT id FROM communities WHERE summary IS NULL AND summary_big IS NOT NULL ORDER BY id`)
	require.NoError(t, err)
	for rows.Next() {
		var id string
		require.NoError(t, rows.Scan(&id))
		moved = append(moved, id)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{"c-big"}, moved)
	for _, q := range []lkt.Query{{}, {Municipality: "Bergen"}, {Member: "m-coordinator"}, {Coordinator: "m-coordinator"}, {Limit: 1, After: "c-a"}} {
		page, err := s.Query(ctx, q)
		require.NoError(t, err)
		want := []lkt.Summary{big, small}
		if q.Limit == 1 {
			want = want[:1]
		}
		assert.Equal(t, want, page.Items, "%+v", q)
	}
}

// TestSnapshotsCompressedWithLZ4: a stored snapshot large enough to be
// compressed is compressed with lz4 (migration 0012), and reads back.
func TestSnapshotsCompressedWithLZ4(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	in := minimalSave("c-1", 0, strings.Repeat("Kari Nordmann ", 400))
	require.NoError(t, s.Save(ctx, in))
	var method *string
	require.NoError(t, s.pool.QueryRow(ctx, `SELECT pg_column_compression(snapshot) FROM communities WHERE id = 'c-1'`).Scan(&method))
	require.NotNil(t, method, "compressed")
	assert.Equal(t, "lz4", *method)
	s.cache = nil // read back from the database, not the cache
	snap, _, err := s.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, in.Snapshot.Patient.Name, snap.Patient.Name)
}

// TestSnapshotsKeptInTheRow: a snapshot that leaves its row over 2 kB but
// within a page is kept in the row (migration 0013), not moved out to the
// TOAST table, which every save would write twice over; one that does not
// fit a page is still moved out, and both read back.
func TestSnapshotsKeptInTheRow(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	toasted := func() (pages int64) {
		t.Helper()
		require.NoError(t, s.pool.QueryRow(ctx, `SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = 'communities'::regclass`).Scan(&pages))
		return pages
	}
	// Hexadecimal digits of random bytes hardly compress.
	name := func(n int) string { return hex.EncodeToString(randomBytes(t, n/2)) }
	row := minimalSave("c-row", 0, name(3000))
	require.NoError(t, s.Save(ctx, row))
	var size int
	require.NoError(t, s.pool.QueryRow(ctx, `SELECT pg_column_size(c.*) FROM communities c WHERE id = 'c-row'`).Scan(&size))
	require.Greater(t, size, 2100, "a row PostgreSQL would toast by default")
	assert.Zero(t, toasted(), "kept in the row")

	big := minimalSave("c-big", 0, name(20000))
	require.NoError(t, s.Save(ctx, big))
	assert.Positive(t, toasted(), "a row over a page is toasted")

	s.cache = nil // read back from the database, not the cache
	for _, in := range []lkt.Save{row, big} {
		snap, _, err := s.Load(ctx, in.Snapshot.ID)
		require.NoError(t, err)
		assert.Equal(t, in.Snapshot.Patient.Name, snap.Patient.Name)
	}
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return b
}

// TestUpdatesStayOnTheirPage: saving a community again and again, with
// no VACUUM running, does not grow its table a row per save (migration
// 0014): a page is pruned when it fills and the new version takes the
// room of the dead ones. At the default fillfactor the same 300 saves
// spread over 150 pages.
func TestUpdatesStayOnTheirPage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "", nil)
	name := hex.EncodeToString(randomBytes(t, 1500)) // a row of about 2 kB, as the bench's
	for v := range int64(300) {
		require.NoError(t, s.Save(ctx, minimalSave("c-1", v, name)))
	}
	var pages int64
	require.NoError(t, s.pool.QueryRow(ctx, `SELECT pg_relation_size('communities') / current_setting('block_size')::int`).Scan(&pages))
	assert.LessOrEqual(t, pages, int64(10), "the table's pages after 300 saves of one community")
}
