// Command pg measures the PostgreSQL store (adapters/postgres) against raw
// pgx doing the same work on the same server, in one run, and prints the
// figures and their ratios:
//
//   - durable saves per second through Service + Store with 1, 8 and 32
//     concurrent writers, against raw pgx transactions of the same shape
//     writing the same bytes: the community's row updated over its
//     version, then its event and its audit entry inserted in one batch,
//     committed, on minimal tables of its own (the baseline the issue's
//     targets are set against); and, as a decomposition of the gap, the
//     same raw transactions on a schema the store migrated, writing the
//     row values the library writes (every index of the store's schema
//     kept), with the share of the gap in time per save that this second
//     baseline pays too;
//   - get by id per second (Store.Load) against a raw select of the same
//     row's bytes, and Service.Get, which also audits the read;
//   - saves per second from one application process with 8 writers and
//     from two processes with 4 each, against one database;
//   - portfolio-query latency per item listed at 10 000 and at 1 000 000
//     communities (rows generated with SQL, kept between runs);
//   - the change feed read (events per second, against a raw keyset select
//     of the same rows) and delivered to a webhook (adapters/webhook, to an
//     endpoint on this machine that acknowledges every batch).
//
// Usage:
//
//	go run ./examples/bench/pg                            # LKT_POSTGRES_DSN, or the local test database
//	go run ./examples/bench/pg -large 100000 -d 1s        # quicker
//	go run ./examples/bench/pg -portfolio=false           # no portfolio
//
// Every figure and its baseline are measured in alternating turns (ten
// each, d/10 long), so that both see the same load from other work on the
// machine and their ratio holds still when the rates move. The database
// server runs on the same machine and shares its cores.
//
// Everything is written in schemas of the bench's own (lkt_bench_*): the
// saves' are made anew each run, named after its process and dropped
// after it (the feed is measured on the events the run's saves wrote),
// the portfolios kept.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/lkt-rammeverk/go-lkt/adapters/postgres"
	"github.com/lkt-rammeverk/go-lkt/adapters/webhook"
	"github.com/lkt-rammeverk/go-lkt/examples/bench/internal/rate"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	dsn          string
	d            time.Duration
	writers      []int
	small, large int
	perWriter    int
	cold         bool
	inFlight     int
	cpu          bool
}

// The saves' schemas, made anew each run and dropped after it; named
// after the run's process, so that two runs on one database (two people
// measuring at once) do not drop each other's tables.
var (
	savesSchema = fmt.Sprintf("lkt_bench_saves_%d", os.Getpid())
	rawSchema   = fmt.Sprintf("lkt_bench_raw_%d", os.Getpid())
	// The second baseline's: the store's own schema, written by raw pgx.
	storeRawSchema = fmt.Sprintf("lkt_bench_rawstore_%d", os.Getpid())
)

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("pg", flag.ContinueOnError)
	var c config
	var writers string
	var portfolio, feed, saves bool
	var child int
	dsn := os.Getenv("LKT_POSTGRES_DSN")
	if dsn == "" {
		dsn = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	fs.StringVar(&c.dsn, "dsn", dsn, "the PostgreSQL database (default LKT_POSTGRES_DSN, else the local test database)")
	fs.DurationVar(&c.d, "d", 2*time.Second, "how long each throughput figure is measured")
	fs.StringVar(&writers, "writers", "1,8,32", "concurrent writers to measure saves with")
	fs.IntVar(&c.small, "small", 10_000, "communities in the small portfolio")
	fs.IntVar(&c.large, "large", 1_000_000, "communities in the large portfolio")
	fs.BoolVar(&saves, "saves", true, "measure saves, gets and application processes")
	fs.BoolVar(&portfolio, "portfolio", true, "measure portfolio queries")
	fs.IntVar(&c.inFlight, "inflight", 0, "the library's pipelines of saves in flight (postgres.Options.SavesInFlight; default the store's)")
	fs.BoolVar(&c.cold, "cold", false, "query the portfolios without first reading their tables and indexes into the operating system's page cache (pg_prewarm)")
	fs.BoolVar(&feed, "feed", true, "measure the change feed and webhook delivery")
	fs.BoolVar(&c.cpu, "cpu", false, "also measure the CPU time per save of this process and of the PostgreSQL server's processes (Linux, server on this machine)")
	cpuprofile := fs.String("cpuprofile", "", "write this process's CPU profile to the file (go tool pprof)")
	fs.StringVar(&savesSchema, "saves-schema", savesSchema, "internal: the saves' schema of the run a -child process is part of")
	fs.IntVar(&child, "child", -1, "internal: save as application process number n, with -writers writers, for -d, and print the count")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, w := range strings.Split(writers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -writers %q", writers)
		}
		c.writers = append(c.writers, n)
	}
	c.perWriter = 4
	if *cpuprofile != "" && child < 0 {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if child >= 0 {
		return childSaves(c, child, out)
	}
	var version string
	if conn, err := pgx.Connect(context.Background(), c.dsn); err == nil {
		_ = conn.QueryRow(context.Background(), `SHOW server_version`).Scan(&version)
		conn.Close(context.Background())
	}
	fmt.Fprintf(out, "go-lkt bench, PostgreSQL %s on this machine: %s/%s, %d cores (GOMAXPROCS %d), %s, %v per figure\n\n",
		version, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), c.d)
	if saves || feed {
		defer func() {
			for _, s := range []string{savesSchema, rawSchema, storeRawSchema} {
				_ = execSQL(context.Background(), c.dsn, `DROP SCHEMA IF EXISTS `+s+` CASCADE`)
			}
		}()
	}
	if saves {
		if err := benchSaves(c, out); err != nil {
			return fmt.Errorf("saves: %w", err)
		}
		if err := benchGets(c, out); err != nil {
			return fmt.Errorf("gets: %w", err)
		}
		if err := benchProcesses(c, out); err != nil {
			return fmt.Errorf("processes: %w", err)
		}
	}
	if feed {
		if err := benchFeed(c, out); err != nil {
			return fmt.Errorf("feed: %w", err)
		}
	}
	if portfolio {
		if err := benchPortfolio(c, out); err != nil {
			return fmt.Errorf("portfolio: %w", err)
		}
	}
	return nil
}

// exec runs sql on a connection of its own.
func execSQL(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// openStore opens the store on schema, with a pool large enough for
// every writer.
func openStore(ctx context.Context, c config, schema string, conns int) (*postgres.Store, error) {
	return postgres.Open(ctx, c.dsn, &postgres.Options{Schema: schema, MaxConns: int32(conns), SavesInFlight: c.inFlight})
}

// rawPool is a pool on schema with n connections, as the store's.
func rawPool(ctx context.Context, c config, schema string, n int) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(c.dsn)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = int32(n)
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	return pgxpool.NewWithConfig(ctx, cfg)
}

func communityID(g, k int) lkt.ID { return lkt.ID(fmt.Sprintf("c-%02d-%02d", g, k)) }

func updateMember(i int) lkt.UpdateMember {
	return lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: strconv.Itoa(i)}}
}

// The baseline's tables: a community's row with its snapshot and summary,
// its events and the audit trail, as the store keeps them.
const rawTables = `
CREATE TABLE communities (id text COLLATE "C" PRIMARY KEY, version bigint NOT NULL, snapshot bytea NOT NULL, summary bytea NOT NULL);
CREATE TABLE events (community text COLLATE "C" NOT NULL, seq bigint NOT NULL, at bigint NOT NULL, type text NOT NULL, data bytea NOT NULL, PRIMARY KEY (community, seq));
CREATE SEQUENCE audit_seq;
CREATE TABLE audit (seq bigint PRIMARY KEY DEFAULT nextval('audit_seq'), community text COLLATE "C" NOT NULL, at bigint NOT NULL,
	by_kind text NOT NULL, by_id text NOT NULL, by_name text NOT NULL, action text NOT NULL, operation text NOT NULL, outcome text NOT NULL, version bigint NOT NULL);
CREATE INDEX audit_community ON audit (community, seq);`

func benchSaves(c config, out io.Writer) error {
	ctx := context.Background()
	maxW := slices.Max(c.writers)
	for _, s := range []string{savesSchema, rawSchema, storeRawSchema} {
		if err := execSQL(ctx, c.dsn, `DROP SCHEMA IF EXISTS `+s+` CASCADE`); err != nil {
			return err
		}
	}
	store, err := openStore(ctx, c, savesSchema, maxW+2)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for g := range maxW {
		for k := range c.perWriter {
			if _, err := lkttest.NewBuilder().WithID(communityID(g, k)).Seed(ctx, svc); err != nil {
				return err
			}
		}
	}
	// The baseline writes the same bytes: a measured save's snapshot,
	// summary and event as the library serializes them.
	if _, err := svc.Do(ctx, lkttest.Coordinator, communityID(0, 0), lkt.AnyVersion, updateMember(0)); err != nil {
		return err
	}
	var snapJSON, sumJSON []byte
	if err := store.Pool().QueryRow(ctx, `SELECT snapshot, summary FROM communities WHERE id = $1`, string(communityID(0, 0))).Scan(&snapJSON, &sumJSON); err != nil {
		return err
	}
	var evJSON []byte
	if err := store.Pool().QueryRow(ctx, `SELECT data FROM events WHERE community = $1 ORDER BY seq DESC LIMIT 1`, string(communityID(0, 0))).Scan(&evJSON); err != nil {
		return err
	}
	if err := execSQL(ctx, c.dsn, `CREATE SCHEMA `+rawSchema+`; SET search_path = `+rawSchema+`;`+rawTables); err != nil {
		return err
	}
	raw, err := rawPool(ctx, c, rawSchema, maxW+2)
	if err != nil {
		return err
	}
	defer raw.Close()
	versions := make([][]int64, maxW)
	for g := range maxW {
		versions[g] = make([]int64, c.perWriter)
		for k := range c.perWriter {
			if _, err := raw.Exec(ctx, `INSERT INTO communities (id, version, snapshot, summary) VALUES ($1, 0, $2, $3)`, string(communityID(g, k)), snapJSON, sumJSON); err != nil {
				return err
			}
		}
	}
	onSchema, err := newStoreBaseline(ctx, c, svc, store, maxW)
	if err != nil {
		return err
	}
	defer onSchema.close()
	fmt.Fprintf(out, "Durable saves per second (snapshot %d B, summary %d B, event %d B; synchronous_commit on)\n", len(snapJSON), len(sumJSON), len(evJSON))
	var cpus []cpuLine
	fmt.Fprintf(out, "  %-8s %14s %14s %8s %22s %8s %14s\n", "writers", "library", "raw pgx", "ratio", "raw pgx, store schema", "ratio", "schema's share")
	for _, w := range c.writers {
		library := func(g, i int) error {
			_, err := svc.Do(ctx, lkttest.Coordinator, communityID(g, i%c.perWriter), lkt.AnyVersion, updateMember(i))
			return err
		}
		rawSave := func(g, i int) error {
			k := i % c.perWriter
			id := string(communityID(g, k))
			versions[g][k]++
			v := versions[g][k]
			tx, err := raw.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx) //nolint:errcheck // after Commit
			tag, err := tx.Exec(ctx, `UPDATE communities SET version = $2, snapshot = $3, summary = $4 WHERE id = $1 AND version = $2 - 1`, id, v, snapJSON, sumJSON)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				return fmt.Errorf("raw: %s is not at version %d", id, v-1)
			}
			now := time.Now().UnixNano()
			b := &pgx.Batch{}
			b.Queue(`INSERT INTO events (community, seq, at, type, data) VALUES ($1, $2, $3, 'MemberUpdated', $4)`, id, v, now, evJSON)
			b.Queue(`INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
				VALUES ($1, $2, 'person', 'marit', 'Marit Solheim', 'write', 'UpdateMember', 'ok', $3)`, id, now, v)
			if err := tx.SendBatch(ctx, b).Close(); err != nil {
				return err
			}
			return tx.Commit(ctx)
		}
		storeRaw := func(g, i int) error {
			return onSchema.save(ctx, communityID(g, i%c.perWriter))
		}
		r, err := rate.MeasureAll(w, c.d, library, rawSave, storeRaw)
		if err != nil {
			return err
		}
		if c.cpu {
			cpus = append(cpus, cpuLine{writers: w})
			for k, work := range []func(g, i int) error{library, rawSave} {
				if cpus[len(cpus)-1].per[k], err = cpuPerSave(w, c.d, work); err != nil {
					return err
				}
			}
		}
		lib, base, schema := r[0], r[1], r[2]
		share := "—" // no gap to share: the library as fast as raw pgx, or the schema not slower
		if lib < base && schema < base {
			share = fmt.Sprintf("%.0f%%", 100*schemaShare(lib, base, schema))
		}
		fmt.Fprintf(out, "  %-8d %14.0f %14.0f %7.2fx %22.0f %7.2fx %14s\n", w, lib, base, lib/base, schema, lib/schema, share)
	}
	fmt.Fprintln(out, "  raw pgx: minimal tables of its own (the ratio the target is set against); raw pgx, store schema: the same transaction shape on a schema")
	fmt.Fprintln(out, "  the store migrated, writing the row values the library writes (the community with its summary and filter columns, so every index")
	fmt.Fprintln(out, "  on it; the event without feed position, with a save_order; the audit entry). The library also runs the domain's command (on the")
	fmt.Fprintln(out, "  snapshot it last saved, lkt.CachingStore), keeps its members' index and numbers the feed after commit. schema's share: of the")
	fmt.Fprintln(out, "  gap in time per save between the library and raw pgx (1/library − 1/raw), the part the store's schema alone costs raw pgx")
	fmt.Fprintln(out, "  (1/store schema − 1/raw)")
	fmt.Fprintln(out)
	if len(cpus) > 0 {
		fmt.Fprintf(out, "CPU time per save, µs (this process; the PostgreSQL server's processes), measured apart from the rates above\n")
		fmt.Fprintf(out, "  %-8s %12s %12s %12s %12s\n", "writers", "library", "server", "raw pgx", "server")
		for _, l := range cpus {
			fmt.Fprintf(out, "  %-8d %12.0f %12.0f %12.0f %12.0f\n", l.writers, l.per[0].client, l.per[0].server, l.per[1].client, l.per[1].server)
		}
		fmt.Fprintln(out)
	}
	return nil
}

// cpuLine is the CPU time per save of the library and of raw pgx with a
// number of writers.
type cpuLine struct {
	writers int
	per     [2]cpuTime
}

// cpuTime is CPU time per operation, in µs, of this process and of the
// database server's processes.
type cpuTime struct{ client, server float64 }

// cpuPerSave runs work on n goroutines for d and returns the CPU time per
// operation this process and the PostgreSQL server's processes spent.
// The server's is read from /proc, so it counts only a server on this
// machine, and every other client's work on it.
func cpuPerSave(n int, d time.Duration, work func(g, i int) error) (cpuTime, error) {
	self0, server0 := selfCPU(), serverCPU()
	ops, _, err := rate.RunFor(n, d, make([]int, n), work)
	if err != nil || ops == 0 {
		return cpuTime{}, err
	}
	self, server := selfCPU()-self0, serverCPU()-server0
	return cpuTime{client: float64(self.Microseconds()) / float64(ops), server: float64(server.Microseconds()) / float64(ops)}, nil
}

// selfCPU is this process's user and system CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serverCPU is the user and system CPU time of the processes named
// postgres on this machine (/proc/<pid>/stat), as the kernel counts it in
// clock ticks (100 per second).
func serverCPU() time.Duration {
	var ticks int64
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state … utime stime: fields 14 and 15, counted
		// after the parenthesised name, which may hold spaces.
		open, end := strings.IndexByte(string(stat), '('), strings.LastIndexByte(string(stat), ')')
		if open < 0 || end < open || string(stat[open+1:end]) != "postgres" {
			continue
		}
		f := strings.Fields(string(stat[end+1:]))
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		s, _ := strconv.ParseInt(f[12], 10, 64)
		ticks += u + s
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// schemaShare is the part of the gap in time per save between the library
// (lib saves/s) and raw pgx on its minimal tables (base) that raw pgx on
// the store's schema (schema) pays too.
func schemaShare(lib, base, schema float64) float64 {
	return (1/schema - 1/base) / (1/lib - 1/base)
}

// The columns of a community's row a save writes besides its id and
// version, as adapters/postgres's save writes them.
const storeCols = `snapshot, summary, summary_big, municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, open_patient, updated_at`

// storeBaseline is raw pgx on the store's own schema: a schema the store
// migrated (postgres.Open), seeded with the same communities, written by
// raw pgx transactions of the first baseline's shape (BEGIN; the
// community's row over its version; its event and its audit entry in one
// batch; COMMIT) that store the row values the library stored for an
// UpdateMember of that community: its row with its summary and filter
// columns (so every index on it is kept), the event as the store inserts
// it (in its shard, without a feed position, with a save_order from the
// store's sequence) and the audit entry. It does not read before it
// writes, keeps no members and numbers no events: that is the library's.
type storeBaseline struct {
	pool *pgxpool.Pool
	mu   sync.Mutex
	rows map[lkt.ID]*storeRow
}

// storeRow is what the library stored for a community's UpdateMember.
type storeRow struct {
	version int64 // the baseline's community's, in storeRawSchema
	cols    []any // storeCols' values
	shard   int32
	evType  string
	evData  []byte
	audit   []any // by_kind, by_id, by_name, action, operation, outcome
}

// newStoreBaseline makes storeRawSchema with the store's migrations,
// seeds the communities of writers' goroutines there as benchSaves seeds
// them in lib's schema, and takes the values to write from an
// UpdateMember the library (svc on lib) saves on each community.
func newStoreBaseline(ctx context.Context, c config, svc *lkt.Service, lib *postgres.Store, writers int) (*storeBaseline, error) {
	b := &storeBaseline{rows: map[lkt.ID]*storeRow{}}
	for g := range writers {
		for k := range c.perWriter {
			id := communityID(g, k)
			if _, err := svc.Do(ctx, lkttest.Coordinator, id, lkt.AnyVersion, updateMember(0)); err != nil {
				return nil, err
			}
			b.rows[id] = &storeRow{}
		}
	}
	for id, r := range b.rows {
		rows, err := lib.Pool().Query(ctx, `SELECT `+storeCols+` FROM communities WHERE id = $1`, string(id))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			if r.cols, err = rows.Values(); err != nil {
				break
			}
		}
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return nil, err
		}
		if err := lib.Pool().QueryRow(ctx, `SELECT shard, type, data FROM events WHERE community = $1 ORDER BY seq DESC LIMIT 1`, string(id)).Scan(&r.shard, &r.evType, &r.evData); err != nil {
			return nil, err
		}
		var kind, by, name, action, op, outcome string
		if err := lib.Pool().QueryRow(ctx, `SELECT by_kind, by_id, by_name, action, operation, outcome FROM audit WHERE community = $1 ORDER BY seq DESC LIMIT 1`,
			string(id)).Scan(&kind, &by, &name, &action, &op, &outcome); err != nil {
			return nil, err
		}
		r.audit = []any{kind, by, name, action, op, outcome}
	}

	// The schema, migrated and seeded by the store; the store closed
	// before anything is measured, so that nothing but raw pgx writes it.
	seed, err := openStore(ctx, c, storeRawSchema, 2)
	if err != nil {
		return nil, err
	}
	ssvc := lkt.NewService(seed, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for id := range b.rows {
		if _, err := lkttest.NewBuilder().WithID(id).Seed(ctx, ssvc); err != nil {
			seed.Close()
			return nil, err
		}
	}
	seed.Close()
	if b.pool, err = rawPool(ctx, c, storeRawSchema, writers+2); err != nil {
		return nil, err
	}
	for id, r := range b.rows {
		if err := b.pool.QueryRow(ctx, `SELECT version FROM communities WHERE id = $1`, string(id)).Scan(&r.version); err != nil {
			b.close()
			return nil, err
		}
	}
	return b, nil
}

func (b *storeBaseline) close() { b.pool.Close() }

// save writes id's next version as the library writes an UpdateMember.
// A community is saved by one goroutine at a time (benchSaves gives each
// writer its own).
func (b *storeBaseline) save(ctx context.Context, id lkt.ID) error {
	b.mu.Lock()
	r := b.rows[id]
	r.version++
	v := r.version
	b.mu.Unlock()
	tx, err := b.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit
	tag, err := tx.Exec(ctx, `UPDATE communities SET (version, `+storeCols+`)
		= ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) WHERE id = $1 AND version = $2 - 1`, append([]any{string(id), v}, r.cols...)...)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("raw, store schema: %s is not at version %d", id, v-1)
	}
	now := time.Now().UnixNano()
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO events (community, seq, shard, save_order, at, type, data)
		VALUES ($1, $2, $3, nextval('events_save_order'), $4, $5, $6)`, string(id), v, r.shard, now, r.evType, r.evData)
	batch.Queue(`INSERT INTO audit (community, at, by_kind, by_id, by_name, action, operation, outcome, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, append(append([]any{string(id), now}, r.audit...), v)...)
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func benchGets(c config, out io.Writer) error {
	ctx := context.Background()
	readers := []int{1, 8}
	store, err := openStore(ctx, c, savesSchema, 10)
	if err != nil {
		return err
	}
	defer store.Close()
	raw, err := rawPool(ctx, c, savesSchema, 10)
	if err != nil {
		return err
	}
	defer raw.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	id := func(i int) lkt.ID { return communityID(0, i%c.perWriter) }
	fmt.Fprintln(out, "Get by id per second")
	fmt.Fprintf(out, "  %-8s %14s %14s %8s %16s\n", "readers", "Store.Load", "raw select", "ratio", "Service.Get")
	for _, r := range readers {
		lib, base, err := rate.MeasurePair(r, c.d, func(_, i int) error { _, _, err := store.Load(ctx, id(i)); return err }, func(_, i int) error {
			var data []byte
			var v int64
			return raw.QueryRow(ctx, `SELECT snapshot, version FROM communities WHERE id = $1`, string(id(i))).Scan(&data, &v)
		})
		if err != nil {
			return err
		}
		get, err := rate.Measure(r, c.d, func(_, i int) error { _, err := svc.Get(ctx, lkttest.Coordinator, id(i)); return err })
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-8d %14.0f %14.0f %7.2fx %16.0f\n", r, lib, base, lib/base, get)
	}
	fmt.Fprintln(out, "  (Store.Load reads and decodes the snapshot; Service.Get also commits an audit entry for every read)")
	fmt.Fprintln(out)
	return nil
}

// childSaves is one application process of benchProcesses: its own pool,
// writers goroutines on its own communities, for d; it prints the count.
func childSaves(c config, n int, out io.Writer) error {
	ctx := context.Background()
	w := c.writers[0]
	store, err := openStore(ctx, c, savesSchema, w+2)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ops, took, err := rate.RunFor(w, c.d, make([]int, w), func(g, i int) error {
		_, err := svc.Do(ctx, lkttest.Coordinator, communityID(n*w+g, i%c.perWriter), lkt.AnyVersion, updateMember(i))
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d %d\n", ops, took.Nanoseconds())
	return nil
}

// processes runs n application processes of writers each at once and
// returns their total saves per second.
func processes(c config, n, writers int) (float64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	cmds := make([]*exec.Cmd, n)
	outs := make([]*strings.Builder, n)
	for i := range n {
		outs[i] = &strings.Builder{}
		cmds[i] = exec.Command(self, "-child", strconv.Itoa(i), "-writers", strconv.Itoa(writers), "-d", c.d.String(), "-dsn", c.dsn, "-saves-schema", savesSchema, "-inflight", strconv.Itoa(c.inFlight))
		cmds[i].Stdout, cmds[i].Stderr = outs[i], os.Stderr
		if err := cmds[i].Start(); err != nil {
			return 0, err
		}
	}
	var total float64
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			return 0, fmt.Errorf("process %d: %w", i, err)
		}
		var ops, ns int64
		if _, err := fmt.Sscan(outs[i].String(), &ops, &ns); err != nil {
			return 0, fmt.Errorf("process %d said %q", i, outs[i].String())
		}
		total += float64(ops) / time.Duration(ns).Seconds()
	}
	return total, nil
}

func benchProcesses(c config, out io.Writer) error {
	const writers = 8
	if slices.Max(c.writers) < writers {
		return nil // the communities are not there
	}
	// Alternating turns, as rate.MeasurePair: 1 2 2 1 1 2.
	var sum [2]float64
	var count [2]int
	for t := range 6 {
		side := (t + t/2) % 2
		r, err := processes(config{dsn: c.dsn, d: c.d / 3, perWriter: c.perWriter}, side+1, writers/(side+1))
		if err != nil {
			return err
		}
		sum[side] += r
		count[side]++
	}
	one, two := sum[0]/float64(count[0]), sum[1]/float64(count[1])
	fmt.Fprintf(out, "Application processes on one database, %d writers in all: durable saves per second\n", writers)
	fmt.Fprintf(out, "  %-30s %10.0f\n  %-30s %10.0f   %.2fx\n\n", "1 process, 8 writers", one, "2 processes, 4 writers each", two, two/one)
	return nil
}

func reader() lkt.Principal {
	p := lkt.System("bench-webhooks")
	p.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	return p
}

func benchFeed(c config, out io.Writer) error {
	ctx := context.Background()
	store, err := openStore(ctx, c, savesSchema, 4)
	if err != nil {
		return err
	}
	defer store.Close()
	var total int
	if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&total); err != nil {
		return err
	}
	// Read the whole feed, page by page, against a raw keyset walk of
	// the same rows.
	readAll := func() error {
		var after lkt.Cursor
		n := 0
		for {
			es, next, err := store.Feed(ctx, after, lkt.MaxPage)
			if err != nil {
				return err
			}
			n += len(es)
			if len(es) == 0 {
				if n != total {
					return fmt.Errorf("feed: read %d of %d events", n, total)
				}
				return nil
			}
			after = next
		}
	}
	rawAll := func() error {
		var shard, feed int64
		n := 0
		for {
			rows, err := store.Pool().Query(ctx, `SELECT community, seq, shard, feed, data FROM events WHERE (shard, feed) > ($1, $2) ORDER BY shard, feed LIMIT $3`, shard, feed, lkt.MaxPage)
			if err != nil {
				return err
			}
			got := 0
			for rows.Next() {
				var id string
				var seq int64
				var data []byte
				if err := rows.Scan(&id, &seq, &shard, &feed, &data); err != nil {
					return err
				}
				var e lkt.Event
				if err := json.Unmarshal(data, &e); err != nil {
					return err
				}
				got++
			}
			if err := rows.Err(); err != nil {
				return err
			}
			n += got
			if got == 0 {
				if n != total {
					return fmt.Errorf("raw: read %d of %d events", n, total)
				}
				return nil
			}
		}
	}
	lib, base, err := rate.MeasurePair(1, c.d, func(_, _ int) error { return readAll() }, func(_, _ int) error { return rawAll() })
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Change feed: the whole feed of %d events read in pages of %d, events per second\n", total, lkt.MaxPage)
	fmt.Fprintf(out, "  %-14s %14s %8s\n  %-14.0f %14.0f %7.2fx\n", "Store.Feed", "raw select", "ratio", lib*float64(total), base*float64(total), lib/base)

	// Deliver the whole feed to an endpoint that acknowledges every batch.
	var delivered atomic.Int64
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d webhook.Delivery
		if err := json.NewDecoder(r.Body).Decode(&d); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	name := fmt.Sprintf("bench-%d", rand.Int64())
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d, err := webhook.New(webhook.Config{
		Service: svc, Reader: reader(), Cursors: store,
		Endpoints: []webhook.Endpoint{{Name: name, URL: srv.URL, Secret: []byte("a-secret-of-32-bytes-for-the-bench")}},
		Batch:     lkt.MaxPage,
		Logger:    slog.New(slog.DiscardHandler),
		Delivered: func(_ string, n int) {
			if delivered.Add(int64(n)) == int64(total) {
				close(done)
			}
		},
	})
	if err != nil {
		return err
	}
	start := time.Now()
	go func() { _ = d.Run(dctx) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
		return fmt.Errorf("webhook: %d of %d delivered in 5 minutes", delivered.Load(), total)
	}
	took := time.Since(start)
	fmt.Fprintf(out, "Webhook delivery (batches of %d, signed, cursor committed after each): %d events in %v, %.0f events/s\n\n",
		lkt.MaxPage, total, took.Round(time.Millisecond), float64(total)/took.Seconds())
	return nil
}

// benchPortfolio measures portfolio queries on a small and a large
// portfolio and reports the latency per item listed.
func benchPortfolio(c config, out io.Writer) error {
	ctx := context.Background()
	fmt.Fprintf(out, "Portfolio queries: latency of a first and a next page (limit %d) per item listed, µs: the median of %d passes' means of %d rounds\n", lkt.DefaultPage, passes, rounds)
	if c.cold {
		fmt.Fprintln(out, "  (-cold: pages are read from the disk as queries need them)")
	} else {
		fmt.Fprintln(out, "  (each portfolio's tables and indexes read first with pg_prewarm into the operating system's page cache, as on a server that has been running: -cold to skip)")
	}
	ns := []int{c.small, c.large}
	schemas := make([]string, len(ns))
	for i, n := range ns {
		schema, err := generate(ctx, c, n, out)
		if err != nil {
			return err
		}
		if !c.cold {
			if err := prewarm(ctx, c, schema); err != nil {
				return err
			}
		}
		schemas[i] = schema
	}
	res, err := servePortfolios(ctx, c, schemas, ns)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  %-22s %12s %12s %12s %12s %8s\n", "query", fmt.Sprintf("µs/item %dk", c.small/1000), "items", fmt.Sprintf("µs/item %dk", c.large/1000), "items", "ratio")
	for _, k := range res[0].order {
		a, b := res[0].lat[k]/max(res[0].items[k], 1), res[1].lat[k]/max(res[1].items[k], 1)
		fmt.Fprintf(out, "  %-22s %12.2f %12.1f %12.2f %12.1f %7.2fx\n", k, a, res[0].items[k], b, res[1].items[k], b/a)
	}
	fmt.Fprintln(out)
	return nil
}

// prewarm reads every table and index of schema into the operating
// system's page cache (pg_prewarm's read mode), as examples/bench reads
// the SQLite file through.
func prewarm(ctx context.Context, c config, schema string) error {
	conn, err := pgx.Connect(ctx, c.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_prewarm`); err != nil {
		return fmt.Errorf("pg_prewarm (or run with -cold): %w", err)
	}
	_, err = conn.Exec(ctx, `SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'i')`, schema)
	return err
}

func portfolioSchema(n int) string { return fmt.Sprintf("lkt_bench_p%d", n) }

// generate writes n realistic summary rows (and about six members each)
// into a store's schema with SQL, as examples/bench does for SQLite, or
// keeps the schema if an earlier run made it.
func generate(ctx context.Context, c config, n int, out io.Writer) (string, error) {
	schema := portfolioSchema(n)
	conn, err := pgx.Connect(ctx, c.dsn)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+schema+`.communities`).Scan(&have); err == nil && have == n {
		return schema, vacuum(ctx, conn, schema)
	}
	if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
		return "", err
	}
	s, err := openStore(ctx, c, schema, 2) // the schema
	if err != nil {
		return "", err
	}
	s.Close()
	start := time.Now()
	people := max(n/2, 10)
	at := lkttest.Start.UnixNano()
	day := int64(24 * time.Hour)
	// h(k) draws a number from the row's number i and a salt k.
	const h = `abs(hashint8(i * 16 + %d)::bigint)`
	q := func(k int) string { return fmt.Sprintf(h, k) }
	gen := `SET search_path = ` + schema + `;
	SET synchronous_commit = off;
	INSERT INTO communities (id, version, snapshot, summary, municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, updated_at)
	SELECT id, version, '{}', convert_to(json_build_object('id', id, 'municipality', municipality, 'status', status, 'patientName', 'Patient ' || i,
			'coordinator', coordinator, 'members', json_build_array(coordinator), 'consent', consent, 'version', version,
			'updatedAt', to_char(to_timestamp(updated_at / 1e9) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'phase', phase)::text, 'UTF8'),
		municipality, status, coordinator, consent,
		CASE WHEN status = 'draft' THEN -9223372036854775808 WHEN r_leave < 3 THEN ` + strconv.FormatInt(at, 10) + ` + r_days * ` + strconv.FormatInt(day, 10) + ` END,
		` + strconv.FormatInt(at, 10) + ` + (r_eval - 20) * ` + strconv.FormatInt(day, 10) + `, phase,
		` + strconv.FormatInt(at, 10) + ` + (r_next - 24) * ` + strconv.FormatInt(int64(time.Hour), 10) + `, updated_at
	FROM (SELECT i, 'c-' || lpad((` + q(0) + ` % 100000000)::text, 8, '0') || '-' || i AS id,
		'kommune-' || lpad((` + q(1) + ` % 356)::text, 3, '0') AS municipality,
		CASE WHEN ` + q(2) + ` % 100 < 5 THEN 'draft' WHEN ` + q(2) + ` % 100 < 8 THEN 'paused' WHEN ` + q(2) + ` % 100 < 15 THEN 'closed' ELSE 'active' END AS status,
		'm-' || lpad((` + q(3) + ` % ` + strconv.Itoa(max(people/3, 1)) + `)::text, 7, '0') AS coordinator,
		CASE WHEN ` + q(4) + ` % 100 < 2 THEN 'withdrawn' ELSE 'active' END AS consent,
		` + q(5) + ` % 100 AS r_leave, ` + q(6) + ` % 60 AS r_days, ` + q(7) + ` % 200 AS r_eval, ` + q(8) + ` % 1440 AS r_next,
		CASE WHEN ` + q(9) + ` % 100 < 3 THEN 'red' WHEN ` + q(9) + ` % 100 < 10 THEN 'yellow' ELSE 'green' END AS phase,
		10 + ` + q(10) + ` % 50 AS version,
		` + strconv.FormatInt(at, 10) + ` - (` + q(11) + ` % 1000) * ` + strconv.FormatInt(int64(time.Hour), 10) + ` AS updated_at
		FROM generate_series(1, ` + strconv.Itoa(n) + `) i) g;
	INSERT INTO members (member, community)
	SELECT DISTINCT m, id FROM (
		SELECT c.id, c.coordinator AS m FROM communities c
		UNION ALL
		SELECT c.id, 'm-' || lpad((abs(hashtext(c.id || k)) % ` + strconv.Itoa(people) + `)::text, 7, '0') FROM communities c, generate_series(1, 5) k) x
	ON CONFLICT DO NOTHING;
	ANALYZE communities; ANALYZE members;`
	if _, err := conn.Exec(ctx, gen); err != nil {
		return "", err
	}
	if err := vacuum(ctx, conn, schema); err != nil {
		return "", err
	}
	fmt.Fprintf(out, "  generated %d communities in %v\n", n, time.Since(start).Round(time.Second))
	return schema, nil
}

// vacuum vacuums a portfolio's tables, as autovacuum does on a server
// that has been running after rows are inserted: the visibility map lets
// "my communities" read the members index alone (an index-only scan), and
// the rows' hint bits are set, so that a query does not dirty the pages it
// reads. Quick when nothing changed since the last.
func vacuum(ctx context.Context, conn *pgx.Conn, schema string) error {
	for _, t := range []string{"communities", "members"} {
		if _, err := conn.Exec(ctx, `VACUUM (ANALYZE) `+pgx.Identifier{schema, t}.Sanitize()); err != nil {
			return err
		}
	}
	return nil
}

func person(i int) actormap.ActorID { return actormap.ActorID(fmt.Sprintf("m-%07d", i)) }

var municipalities = func() []string {
	out := make([]string, 356)
	for i := range out {
		out[i] = fmt.Sprintf("kommune-%03d", i)
	}
	return out
}()

// queries are a dashboard's portfolio queries, as examples/bench asks
// them of SQLite.
func queries(rng *rand.Rand, people int) []struct {
	name string
	q    func() lkt.Query
} {
	at := lkttest.Start
	soon := at.AddDate(0, 0, 7)
	return []struct {
		name string
		q    func() lkt.Query
	}{
		{"coordinator's own", func() lkt.Query {
			p := person(rng.IntN(max(people/3, 1)))
			return lkt.Query{Member: p, Coordinator: p}
		}},
		{"member's own", func() lkt.Query { return lkt.Query{Member: person(rng.IntN(people))} }},
		{"municipality", func() lkt.Query { return lkt.Query{Municipality: municipalities[rng.IntN(len(municipalities))]} }},
		{"vacant role", func() lkt.Query { return lkt.Query{VacantRole: true, At: at} }},
		{"overdue evaluation", func() lkt.Query { return lkt.Query{OverdueEvaluation: true, At: at} }},
		{"red phase", func() lkt.Query { return lkt.Query{RedPhase: true} }},
		{"consent withdrawn", func() lkt.Query { return lkt.Query{ConsentWithdrawn: true} }},
		{"due within a week", func() lkt.Query { return lkt.Query{DueBefore: &soon} }},
		{"municipality, red", func() lkt.Query {
			return lkt.Query{Municipality: municipalities[rng.IntN(len(municipalities))], RedPhase: true}
		}},
	}
}

const (
	passes = 5
	rounds = 100
)

type served struct {
	lat   map[string]float64
	items map[string]float64
	order []string
}

// servePortfolios runs every query kind on each portfolio (schemas,
// with ns communities), the portfolios taking turns query by query (a b,
// b a, …), so that both see the same load from other work on the
// machine.
func servePortfolios(ctx context.Context, c config, schemas []string, ns []int) ([]served, error) {
	stores := make([]*postgres.Store, len(schemas))
	kinds := make([][]struct {
		name string
		q    func() lkt.Query
	}, len(schemas))
	res := make([]served, len(schemas))
	means := make([][][]float64, len(schemas))
	for i, schema := range schemas {
		st, err := openStore(ctx, c, schema, 4)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		stores[i] = st
		kinds[i] = queries(rand.New(rand.NewPCG(1, 2)), max(ns[i]/2, 10))
		res[i] = served{lat: map[string]float64{}, items: map[string]float64{}}
		means[i] = make([][]float64, len(kinds[i]))
	}
	for pass := range passes {
		for k := range kinds[0] {
			for i, store := range stores {
				for range 20 { // warm the server's buffers, as a server's first minutes do
					if _, err := store.Query(ctx, kinds[i][k].q()); err != nil {
						return nil, err
					}
				}
			}
			total := make([]time.Duration, len(stores))
			got := make([]int, len(stores))
			for r := range rounds {
				// The sizes take turns query by query (a b, b a, …), so
				// that both see the same load from other work.
				for j := range stores {
					i := j
					if (pass+k+r)%2 == 1 {
						i = len(stores) - 1 - j
					}
					q := kinds[i][k].q()
					start := time.Now()
					p, err := stores[i].Query(ctx, q)
					if err == nil && p.Next != "" {
						q.After = p.Next
						var p2 lkt.Page
						p2, err = stores[i].Query(ctx, q)
						got[i] += len(p2.Items)
					}
					total[i] += time.Since(start)
					if err != nil {
						return nil, err
					}
					got[i] += len(p.Items)
				}
			}
			for i := range stores {
				means[i][k] = append(means[i][k], float64(total[i].Microseconds())/rounds)
				res[i].items[kinds[i][k].name] += float64(got[i]) / rounds / passes
			}
		}
	}
	for i := range stores {
		for k, kind := range kinds[i] {
			slices.Sort(means[i][k])
			res[i].lat[kind.name] = means[i][k][len(means[i][k])/2]
			res[i].order = append(res[i].order, kind.name)
		}
	}
	return res, nil
}
