package postgres

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// terminateOnce makes s's next save's backend be terminated from another
// connection, after every statement of its transaction and before COMMIT.
func terminateOnce(t *testing.T, s *Store) *atomic.Int32 {
	var n atomic.Int32
	s.beforeCommit = func(ctx context.Context, c *pgx.Conn) {
		if n.Add(1) > 1 {
			return
		}
		pid := c.PgConn().PID()
		conn, err := pgx.Connect(ctx, testDSN(t))
		if err != nil {
			t.Errorf("connect: %v", err)
			return
		}
		defer conn.Close(ctx)
		var ok bool
		if err := conn.QueryRow(ctx, `SELECT pg_terminate_backend($1, 5000)`, pid).Scan(&ok); err != nil || !ok {
			t.Errorf("terminate %d: %v %v", pid, ok, err)
		}
	}
	return &n
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

	terminateOnce(t, s)
	// A new community and an update of one.
	err = s.Save(ctx, minimalSave("c-2", 0, "killed"))
	require.Equal(t, lkt.Unavailable, lkt.CodeOf(err), "%v", err)
	c, m, e, a := storedCounts(t, s, "c-2")
	assert.Equal(t, [4]int{0, 0, 0, 0}, [4]int{c, m, e, a}, "nothing of the failed create")

	terminateOnce(t, s)
	err = s.Save(ctx, minimalSave("c-1", 1, "killed"))
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
	tries := terminateOnce(t, r)
	require.NoError(t, r.Save(ctx, minimalSave("c-1", 1, "retried")))
	assert.Equal(t, int32(2), tries.Load())
	c, m, e, a = storedCounts(t, r, "c-1")
	assert.Equal(t, [4]int{1, 1, 2, 2}, [4]int{c, m, e, a}, "the retried save, once")
	more, _, err = r.Feed(ctx, cursor, 10)
	require.NoError(t, err)
	require.Len(t, more, 1)
	assert.Equal(t, int64(2), more[0].Event.Seq)
}
