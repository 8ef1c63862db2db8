package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/adapters/storetest"
	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// dsnEnv names the variable the tests read the database from.
const dsnEnv = "LKT_POSTGRES_DSN"

func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set: set it to a PostgreSQL database these tests may create schemas in, e.g. %s='postgres://postgres@127.0.0.1:5432/test?sslmode=disable'", dsnEnv, dsnEnv)
	}
	return dsn
}

var schemas atomic.Int64

// testSchema names a new schema for this test run and drops it when the
// test ends.
func testSchema(t testing.TB) string {
	t.Helper()
	dsn := testDSN(t)
	name := fmt.Sprintf("lkt_test_%d_%d_%d", os.Getpid(), schemas.Add(1), rand.Uint32())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{name}.Sanitize()+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	return name
}

// openTest opens a Store on schema (a new one if empty).
func openTest(t testing.TB, schema string, opts *Options) *Store {
	t.Helper()
	if schema == "" {
		schema = testSchema(t)
	}
	o := Options{MaxConns: 8}
	if opts != nil {
		o = *opts
	}
	o.Schema = schema
	s, err := Open(context.Background(), testDSN(t), &o)
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) lkt.Store { return openTest(t, "", nil) })
}
