package postgres

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// holder holds s's saves before they commit: every save's transaction
// runs, after all its other statements, an update of a row the holder
// keeps locked, and waits there until release.
type holder struct {
	t    *testing.T
	conn *pgx.Conn
	tx   pgx.Tx
}

// holdSaves makes s's saves wait before they commit until release.
func holdSaves(t *testing.T, s *Store, schema string) *holder {
	t.Helper()
	ctx := context.Background()
	table := pgx.Identifier{schema, "test_hold"}.Sanitize()
	_, err := s.pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS `+table+` (x int); INSERT INTO `+table+` VALUES (0)`)
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, testDSN(t))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close(context.Background()) })
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `UPDATE `+table+` SET x = x + 1`)
	require.NoError(t, err)
	s.beforeCommit = `UPDATE ` + table + ` SET x = x + 1`
	return &holder{t: t, conn: conn, tx: tx}
}

// waiting waits for a save to wait on the holder and returns its
// backend's pid.
func (h *holder) waiting() uint32 {
	h.t.Helper()
	for {
		var pids []uint32
		err := h.conn.QueryRow(context.Background(), `SELECT coalesce(array_agg(pid), '{}') FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`,
			h.conn.PgConn().PID()).Scan(&pids)
		require.NoError(h.t, err)
		if len(pids) > 0 {
			return pids[0]
		}
	}
}

// release lets the held saves commit, and every later one pass.
func (h *holder) release() {
	h.t.Helper()
	require.NoError(h.t, h.tx.Commit(context.Background()))
}

// terminate terminates the backend pid from another connection.
func terminate(t *testing.T, pid uint32) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testDSN(t))
	require.NoError(t, err)
	defer conn.Close(ctx)
	var ok bool
	require.NoError(t, conn.QueryRow(ctx, `SELECT pg_terminate_backend($1, 5000)`, pid).Scan(&ok))
	require.True(t, ok, "terminate %d", pid)
}

// saveKilled saves in on s, terminates its backend after every statement
// of its transaction and before the commit, lets later tries pass and
// returns the save's outcome.
func saveKilled(t *testing.T, s *Store, schema string, in lkt.Save) error {
	t.Helper()
	h := holdSaves(t, s, schema)
	done := make(chan error, 1)
	go func() { done <- s.Save(context.Background(), in) }()
	terminate(t, h.waiting())
	h.release()
	return <-done
}

// storedCounts counts what community id has in every table.
func storedCounts(t *testing.T, s *Store, id string) (communities, members, events, audit int) {
	t.Helper()
	err := s.pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM communities WHERE id = $1), (SELECT count(*) FROM members WHERE community = $1),
		(SELECT count(*) FROM events WHERE community = $1), (SELECT count(*) FROM audit WHERE community = $1)`, id).
		Scan(&communities, &members, &events, &audit)
	require.NoError(t, err)
	return
}

// assertStored checks, for each community, its rows in communities,
// members, events and audit.
func assertStored(t *testing.T, s *Store, want map[string][4]int) {
	t.Helper()
	for id, w := range want {
		c, m, e, a := storedCounts(t, s, id)
		assert.Equal(t, w, [4]int{c, m, e, a}, id)
	}
}

// TestTerminatedBackendLeavesNothing: the backend of a save is terminated
// mid-transaction. Without retries the save fails as lkt.Unavailable and
// nothing of it is stored, in any table or in the feed; with retries it is
// stored exactly once.
func TestTerminatedBackendLeavesNothing(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t)
	s := openTest(t, schema, &Options{MaxConns: 4, Retries: -1})
	require.NoError(t, s.Save(ctx, minimalSave("c-1", 0, "first")))
	_, cursor, err := s.Feed(ctx, "", 10)
	require.NoError(t, err)

	// A new community and an update of one.
	err = saveKilled(t, s, schema, minimalSave("c-2", 0, "killed"))
	require.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "%v", err)
	c, m, e, a := storedCounts(t, s, "c-2")
	assert.Equal(t, [4]int{0, 0, 0, 0}, [4]int{c, m, e, a}, "nothing of the failed create")

	err = saveKilled(t, s, schema, minimalSave("c-1", 1, "killed"))
	require.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "%v", err)
	_, v, err := s.Load(ctx, "c-1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v)
	c, m, e, a = storedCounts(t, s, "c-1")
	assert.Equal(t, [4]int{1, 1, 1, 1}, [4]int{c, m, e, a}, "only the first save")
	more, _, err := s.Feed(ctx, cursor, 10)
	require.NoError(t, err)
	assert.Empty(t, more, "nothing in the feed")

	// With retries, the transaction is run again on a new connection.
	r := openTest(t, schema, &Options{MaxConns: 4})
	before := r.batches.Load()
	require.NoError(t, saveKilled(t, r, schema, minimalSave("c-1", 1, "retried")))
	assert.Equal(t, int64(2), r.batches.Load()-before, "sent twice")
	c, m, e, a = storedCounts(t, r, "c-1")
	assert.Equal(t, [4]int{1, 1, 2, 2}, [4]int{c, m, e, a}, "the retried save, once")
	more, _, err = r.Feed(ctx, cursor, 10)
	require.NoError(t, err)
	require.Len(t, more, 1)
	assert.Equal(t, int64(2), more[0].Event.Seq)
}
