package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// testConfig names the saves' schemas after the test, and drops them
// after it.
func testConfig(t *testing.T) config {
	t.Helper()
	dsn := os.Getenv("LKT_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("LKT_POSTGRES_DSN is not set: no PostgreSQL to run the bench's saves against")
	}
	n := time.Now().UnixNano()
	savesSchema = fmt.Sprintf("lkt_bench_test_saves_%d", n)
	rawSchema = fmt.Sprintf("lkt_bench_test_raw_%d", n)
	storeRawSchema = fmt.Sprintf("lkt_bench_test_rawstore_%d", n)
	t.Cleanup(func() {
		for _, s := range []string{savesSchema, rawSchema, storeRawSchema} {
			if err := execSQL(context.Background(), dsn, `DROP SCHEMA IF EXISTS `+s+` CASCADE`); err != nil {
				t.Errorf("drop %s: %v", s, err)
			}
		}
	})
	return config{dsn: dsn, d: 100 * time.Millisecond, writers: []int{1}, perWriter: 2}
}

// The second baseline writes, on the store's schema, the row values the
// library writes for the same UpdateMember: the community's row (its
// snapshot, summary and every filter column) at the same version, an event
// as the store inserts it (in its shard, with a save_order, without a feed
// position yet) and the same audit entry.
func TestStoreBaselineWritesWhatTheLibraryWrites(t *testing.T) {
	c := testConfig(t)
	ctx := context.Background()
	store, err := openStore(ctx, c, savesSchema, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for k := range c.perWriter {
		if _, err := lkttest.NewBuilder().WithID(communityID(0, k)).Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	b, err := newStoreBaseline(ctx, c, svc, store, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	id := communityID(0, 1)
	if err := b.save(ctx, id); err != nil {
		t.Fatal(err)
	}

	row := `SELECT version, ` + storeCols + ` FROM communities WHERE id = $1`
	libRow, rawRow := values(t, store.Pool().Query, row, id), values(t, b.pool.Query, row, id)
	if len(libRow) != 1 || len(rawRow) != 1 {
		t.Fatalf("community rows: library %d, baseline %d", len(libRow), len(rawRow))
	}
	cols := append([]string{"version"}, strings.Split(storeCols, ", ")...)
	for i, name := range cols {
		if name == "updated_at" {
			continue // the library's clock
		}
		if !equal(libRow[0][i], rawRow[0][i]) {
			t.Errorf("%s: library %v, baseline %v", name, libRow[0][i], rawRow[0][i])
		}
	}
	if rawRow[0][2] == nil { // summary
		t.Error("the baseline's summary is NULL: the indexes that carry it are not kept")
	}

	ev := `SELECT seq, shard, type, data FROM events WHERE community = $1 ORDER BY seq DESC LIMIT 1`
	if l, r := values(t, store.Pool().Query, ev, id), values(t, b.pool.Query, ev, id); !slices.EqualFunc(l[0], r[0], equal) {
		t.Errorf("event: library %v, baseline %v", l[0], r[0])
	}
	var unnumbered, ordered bool
	if err := b.pool.QueryRow(ctx, `SELECT feed IS NULL, save_order IS NOT NULL FROM events WHERE community = $1 ORDER BY seq DESC LIMIT 1`,
		string(id)).Scan(&unnumbered, &ordered); err != nil {
		t.Fatal(err)
	}
	if !unnumbered || !ordered {
		t.Errorf("the baseline's event: without feed position %v, with save_order %v; want both", unnumbered, ordered)
	}

	au := `SELECT by_kind, by_id, by_name, action, operation, outcome, version FROM audit WHERE community = $1 ORDER BY seq DESC LIMIT 1`
	if l, r := values(t, store.Pool().Query, au, id), values(t, b.pool.Query, au, id); !slices.EqualFunc(l[0], r[0], equal) {
		t.Errorf("audit: library %v, baseline %v", l[0], r[0])
	}
}

// benchSaves prints the baseline the target is set against first, then
// the one on the store's schema, each with its ratio.
func TestBenchSavesPrintsBothBaselines(t *testing.T) {
	c := testConfig(t)
	var out strings.Builder
	if err := benchSaves(c, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) < 3 {
		t.Fatalf("output:\n%s", out.String())
	}
	head := lines[1]
	raw, onSchema := strings.Index(head, "raw pgx "), strings.Index(head, "raw pgx, store schema")
	if raw < 0 || onSchema < 0 || raw > onSchema {
		t.Errorf("header %q: want raw pgx, then raw pgx, store schema", head)
	}
	if f := strings.Fields(lines[2]); len(f) != 7 || f[0] != "1" || !strings.HasSuffix(f[3], "x") || !strings.HasSuffix(f[5], "x") || !(strings.HasSuffix(f[6], "%") || f[6] == "—") {
		t.Errorf("row %q: want writers, library, raw pgx, ratio, raw pgx on the store's schema, ratio, schema's share (— where there is no gap)", lines[2])
	}
}

func values(t *testing.T, query func(context.Context, string, ...any) (pgx.Rows, error), sql string, id lkt.ID) [][]any {
	t.Helper()
	rows, err := query(context.Background(), sql, string(id))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		v, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no row for %s", sql, id)
	}
	return out
}

func equal(a, b any) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) }
