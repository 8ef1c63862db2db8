// Command bench measures the SQLite store against a raw database/sql
// baseline doing the same work on the same database settings, in one run,
// and prints the figures and their ratios:
//
//   - durable saves per second through Service + SQLite, against a raw
//     transaction that writes the same serialized snapshot and one event
//     row, with 1 and 8 concurrent writers;
//   - get-by-id per second (Store.Load) against a raw select of the same
//     bytes, and Service.Get, which also audits the read;
//   - portfolio-query latency at a small and a large portfolio, and the
//     peak memory of a process serving each. Each serving process first
//     reads its database file through, into the operating system's page
//     cache, as a server that has been running has it (-cold skips that:
//     pages then come from the disk as queries need them).
//
// Usage:
//
//	go run ./examples/bench                      # defaults: 10 000 and 1 000 000 communities
//	go run ./examples/bench -large 100000 -d 1s  # quicker
//	go run ./examples/bench -cold                # portfolio pages from the disk
//
// A library figure and its baseline are measured in alternating turns
// (ten each, d/10 long), so that both see the same load from other work
// on the machine and their ratio holds still when the rates move.
//
// The large portfolio is generated with plain SQL inserts of realistic
// summary rows (not through the Service) and kept in -dir between runs.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/examples/bench/internal/rate"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	dir          string
	small, large int
	cold         bool
	d            time.Duration
	writers      []int
	sync         string
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var c config
	var writers, serve string
	var portfolio bool
	fs.StringVar(&c.dir, "dir", filepath.Join(os.TempDir(), "lkt-bench"), "where the databases are made (portfolios are kept for the next run)")
	fs.IntVar(&c.small, "small", 10_000, "communities in the small portfolio")
	fs.IntVar(&c.large, "large", 1_000_000, "communities in the large portfolio")
	fs.DurationVar(&c.d, "d", 2*time.Second, "how long each throughput figure is measured")
	fs.StringVar(&writers, "writers", "1,8", "concurrent writers to measure saves with")
	fs.StringVar(&c.sync, "sync", "FULL", "PRAGMA synchronous for the library and the baseline")
	fs.BoolVar(&portfolio, "portfolio", true, "measure portfolio queries (false: saves and gets only)")
	fs.StringVar(&serve, "serve", "", "internal: serve portfolio queries from this database and report")
	fs.BoolVar(&c.cold, "cold", false, "serve portfolio queries without first reading the database into the operating system's page cache")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if serve != "" {
		return servePortfolio(serve, !c.cold, out)
	}
	for _, w := range strings.Split(writers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(w))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -writers %q", writers)
		}
		c.writers = append(c.writers, n)
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(out, "go-lkt bench: %s/%s, %d cores (GOMAXPROCS %d), %s, synchronous=%s, %v per figure\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), c.sync, c.d)
	if err := benchSaves(c, out); err != nil {
		return err
	}
	if err := benchGets(c, out); err != nil {
		return err
	}
	if !portfolio {
		return nil
	}
	return benchPortfolio(c, out)
}

// fresh returns a path in dir for a new database, removing an old one.
func fresh(dir, name string) string {
	p := filepath.Join(dir, name)
	for _, suffix := range []string{"", "-wal", "-shm", "-lock", "-audit-a", "-audit-b"} {
		os.Remove(p + suffix)
	}
	return p
}

// rawDB opens path with the settings the store uses for its writer.
func rawDB(path, sync string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous("+sync+")&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS snapshots (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL);
		CREATE TABLE IF NOT EXISTS events (community TEXT NOT NULL REFERENCES snapshots (id), seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (community, seq))`)
	return db, err
}

const perWriter = 16 // communities each writer cycles through

func benchSaves(c config, out io.Writer) error {
	ctx := context.Background()
	maxW := slices.Max(c.writers)
	store, err := sqlite.Open(fresh(c.dir, "saves.db"), &sqlite.Options{Synchronous: c.sync})
	if err != nil {
		return err
	}
	defer store.Close()
	clock := lkttest.NewClock(lkttest.Start)
	svc := lkt.NewService(store, lkttest.Config(clock))
	id := func(g, k int) lkt.ID { return lkt.ID(fmt.Sprintf("c-%02d-%02d", g, k)) }
	for g := range maxW {
		for k := range perWriter {
			if _, err := lkttest.NewBuilder().WithID(id(g, k)).Seed(ctx, svc); err != nil {
				return err
			}
		}
	}
	// The baseline writes the same bytes: the fixture's snapshot, and the
	// event of a measured save (an UpdateMember) as the library serializes
	// it.
	if _, err := svc.Do(ctx, lkttest.Coordinator, id(0, 0), lkt.AnyVersion,
		lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: "bench"}}); err != nil {
		return err
	}
	snap, v, err := store.Load(ctx, id(0, 0))
	if err != nil {
		return err
	}
	snapJSON, _ := json.Marshal(snap)
	evs, err := store.Events(ctx, id(0, 0), v-1, 1)
	if err != nil {
		return err
	}
	evJSON, _ := json.Marshal(evs[0])
	db, err := rawDB(fresh(c.dir, "saves-raw.db"), c.sync)
	if err != nil {
		return err
	}
	defer db.Close()
	versions := make([][]int64, maxW)
	for g := range maxW {
		versions[g] = make([]int64, perWriter)
		for k := range perWriter {
			if _, err := db.Exec(`INSERT INTO snapshots (id, version, data) VALUES (?, 0, ?)`, string(id(g, k)), snapJSON); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(out, "Durable saves per second (snapshot %d B, event %d B)\n", len(snapJSON), len(evJSON))
	fmt.Fprintf(out, "  %-8s %14s %14s %8s\n", "writers", "library", "raw baseline", "ratio")
	for _, w := range c.writers {
		lib, base, err := rate.MeasurePair(w, c.d, func(g, i int) error {
			_, err := svc.Do(ctx, lkttest.Coordinator, id(g, i%perWriter), lkt.AnyVersion,
				lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: strconv.Itoa(i)}})
			return err
		}, func(g, i int) error {
			k := i % perWriter
			versions[g][k]++
			tx, err := db.Begin()
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`UPDATE snapshots SET version = ?, data = ? WHERE id = ?`, versions[g][k], snapJSON, string(id(g, k))); err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO events (community, seq, data) VALUES (?, ?, ?)`, string(id(g, k)), versions[g][k], evJSON); err != nil {
				return err
			}
			return tx.Commit()
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-8d %14.0f %14.0f %7.2fx\n", w, lib, base, lib/base)
	}
	fmt.Fprintln(out)
	return nil
}

func benchGets(c config, out io.Writer) error {
	ctx := context.Background()
	path := filepath.Join(c.dir, "saves.db") // made by benchSaves
	store, err := sqlite.Open(path, &sqlite.Options{Synchronous: c.sync})
	if err != nil {
		return err
	}
	defer store.Close()
	db, err := rawDB(filepath.Join(c.dir, "saves-raw.db"), c.sync)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(runtime.GOMAXPROCS(0))
	st, err := db.Prepare(`SELECT data FROM snapshots WHERE id = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := lkt.NewService(store, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	id := func(i int) lkt.ID { return lkt.ID(fmt.Sprintf("c-00-%02d", i%perWriter)) }
	fmt.Fprintln(out, "Get by id per second")
	fmt.Fprintf(out, "  %-8s %14s %14s %8s %16s\n", "readers", "Store.Load", "raw select", "ratio", "Service.Get")
	for _, r := range []int{1, runtime.GOMAXPROCS(0)} {
		lib, base, err := rate.MeasurePair(r, c.d, func(_, i int) error { _, _, err := store.Load(ctx, id(i)); return err }, func(_, i int) error {
			var data []byte
			return st.QueryRow(string(id(i))).Scan(&data)
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
	fmt.Fprintln(out, "  (Service.Get also records an audit entry for every read: stored before it returns — journalled, safe if the process dies —, in the database and synced within Options.AuditSync.)")
	fmt.Fprintln(out)
	return nil
}

// Portfolio shape: a community has a coordinator and about six members;
// a professional belongs to about 12 communities and coordinates about 4.
var municipalities = func() []string {
	out := make([]string, 356) // Norway has 357 municipalities
	for i := range out {
		out[i] = fmt.Sprintf("kommune-%03d", i)
	}
	return out
}()

func portfolioPath(dir string, n int) string {
	return filepath.Join(dir, fmt.Sprintf("portfolio-%d.db", n))
}

// generate writes n realistic summary rows into a store's schema with
// plain SQL, or keeps the file if an earlier run made it.
func generate(dir string, n int, out io.Writer) (string, error) {
	path := portfolioPath(dir, n)
	if db, err := sql.Open("sqlite", path+"?mode=ro"); err == nil {
		var have int
		err := db.QueryRow("SELECT count(*) FROM communities").Scan(&have)
		db.Close()
		if err == nil && have == n {
			return path, nil
		}
	}
	path = fresh(dir, filepath.Base(path))
	s, err := sqlite.Open(path, nil) // the schema
	if err != nil {
		return "", err
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	start := time.Now()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=synchronous(OFF)&_pragma=journal_mode(WAL)&_pragma=cache_size(-200000)")
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	people := max(n/2, 10)
	at := lkttest.Start
	const batch = 20_000
	for lo := 0; lo < n; lo += batch {
		tx, err := db.Begin()
		if err != nil {
			return "", err
		}
		ins, _ := tx.Prepare(`INSERT INTO communities (id, municipality, status, coordinator, consent, vacant_from, evaluation_due, phase, next_due, updated_at, summary)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		mem, _ := tx.Prepare(`INSERT OR IGNORE INTO members (member, community, n) VALUES (?, ?, ?)`)
		for i := lo; i < min(lo+batch, n); i++ {
			s := summary(rng, i, people, at)
			js, _ := json.Marshal(s)
			var vacant, eval, next any
			if len(s.VacantRoles) > 0 {
				vacant = int64(math.MinInt64)
			} else if s.HoldersLeaveOn != nil {
				vacant = s.HoldersLeaveOn.UnixNano()
			}
			if s.EvaluationDue != nil {
				eval = s.EvaluationDue.UnixNano()
			}
			if s.NextDue != nil {
				next = s.NextDue.UnixNano()
			}
			res, err := ins.Exec(string(s.ID), s.Municipality, string(s.Status), string(s.Coordinator), string(s.Consent),
				vacant, eval, s.Phase, next, s.UpdatedAt.UnixNano(), js)
			if err != nil {
				return "", err
			}
			num, err := res.LastInsertId() // the community's number (n)
			if err != nil {
				return "", err
			}
			for _, m := range s.Members {
				if _, err := mem.Exec(string(m), string(s.ID), num); err != nil {
					return "", err
				}
			}
		}
		if err := tx.Commit(); err != nil {
			return "", err
		}
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return "", err
	}
	fmt.Fprintf(out, "  generated %d communities in %v\n", n, time.Since(start).Round(time.Second))
	return path, nil
}

func person(i int) actormap.ActorID { return actormap.ActorID(fmt.Sprintf("m-%07d", i)) }

func summary(rng *rand.Rand, i, people int, at time.Time) lkt.Summary {
	id := lkt.ID(fmt.Sprintf("c-%08d", rng.Uint32()%100_000_000)) + lkt.ID(fmt.Sprintf("-%d", i))
	s := lkt.Summary{ID: id, Municipality: municipalities[rng.IntN(len(municipalities))], Status: lkt.Active,
		PatientName: fmt.Sprintf("Patient %d", i), Coordinator: person(rng.IntN(people / 3)),
		Consent: lkt.Consented, Version: int64(10 + rng.IntN(50)), UpdatedAt: at.Add(-time.Duration(rng.IntN(1000)) * time.Hour)}
	s.Members = append(s.Members, s.Coordinator)
	for range 5 {
		s.Members = append(s.Members, person(rng.IntN(people)))
	}
	slices.Sort(s.Members)
	s.Members = slices.Compact(s.Members)
	switch r := rng.IntN(100); {
	case r < 5:
		s.Status = lkt.Draft
		s.VacantRoles = []roles.Code{roles.GP}
	case r < 8:
		s.Status = lkt.Paused
	case r < 15:
		s.Status = lkt.Closed
	}
	if rng.IntN(100) < 2 {
		s.Consent = lkt.Withdrawn
	}
	if rng.IntN(100) < 3 {
		d := at.AddDate(0, 0, rng.IntN(60))
		s.HoldersLeaveOn = &d
	}
	d := at.AddDate(0, 0, rng.IntN(200)-20) // about 10% overdue
	s.EvaluationDue = &d
	s.Phase = "green"
	switch r := rng.IntN(100); {
	case r < 3:
		s.Phase = "red"
	case r < 10:
		s.Phase = "yellow"
	}
	nd := at.Add(time.Duration(rng.IntN(60*24)-24) * time.Hour)
	s.NextDue = &nd
	return s
}

// queries are a dashboard's portfolio queries, with parameters drawn at
// random from the portfolio's people and places.
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

// Each query kind is measured in passes rounds, each a first page and a
// next page, and reported as the median of its passes' means: a moment of
// other work on the machine moves one pass, not the figure.
const (
	passes = 3
	rounds = 100
)

// servePortfolio is the child process: it opens a portfolio database,
// runs every query kind and prints "name µs items" lines and "peak-rss KB".
// With warm, it first reads the file through once, so that its pages are
// in the operating system's page cache, as on a server that has been
// running: the figures then show the work a query does, not the disk's
// latency (which -cold shows).
func servePortfolio(path string, warm bool, out io.Writer) error {
	ctx := context.Background()
	if warm {
		if err := readThrough(path); err != nil {
			return err
		}
	}
	store, err := sqlite.Open(path, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	var n int
	page, err := store.Query(ctx, lkt.Query{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return fmt.Errorf("empty portfolio: %v", err)
	}
	n, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "portfolio-"), ".db"))
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := queries(rng, max(n/2, 10))
	means := make([][]float64, len(kinds))
	items := make([]float64, len(kinds))
	for range passes {
		for i, k := range kinds {
			// Warm up: the first pages fill the page cache, as a server's
			// first minutes do.
			for range 20 {
				if _, err := store.Query(ctx, k.q()); err != nil {
					return err
				}
			}
			var total time.Duration
			var got int
			for range rounds {
				q := k.q()
				start := time.Now()
				p, err := store.Query(ctx, q)
				if err == nil && p.Next != "" {
					q.After = p.Next
					var p2 lkt.Page
					p2, err = store.Query(ctx, q)
					got += len(p2.Items)
				}
				total += time.Since(start)
				if err != nil {
					return err
				}
				got += len(p.Items)
			}
			means[i] = append(means[i], float64(total.Microseconds())/rounds)
			items[i] += float64(got) / rounds / passes
		}
	}
	for i, k := range kinds {
		slices.Sort(means[i])
		fmt.Fprintf(out, "%s\t%.1f\t%.1f\n", k.name, means[i][len(means[i])/2], items[i])
	}
	fmt.Fprintf(out, "peak-rss\t%d\n", peakRSS())
	return nil
}

// readThrough reads the file at path to its end, in small pieces: its
// pages enter the operating system's page cache, not this process.
func readThrough(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.CopyBuffer(io.Discard, f, make([]byte, 1<<20))
	return err
}

// peakRSS is the process's peak resident set in KiB (Linux).
func peakRSS() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return -1
}

type served struct {
	lat   map[string]float64
	items map[string]float64
	order []string
	rss   int
}

// serve runs a child process of this program on the portfolio at path, so
// that its peak memory is that of serving alone.
func serve(path string, cold bool) (served, error) {
	self, err := os.Executable()
	if err != nil {
		return served{}, err
	}
	cmd := exec.Command(self, "-serve", path, fmt.Sprintf("-cold=%t", cold))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return served{}, fmt.Errorf("serving %s: %w", path, err)
	}
	r := served{lat: map[string]float64{}, items: map[string]float64{}}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch {
		case len(f) == 2 && f[0] == "peak-rss":
			r.rss, _ = strconv.Atoi(f[1])
		case len(f) == 3:
			r.lat[f[0]], _ = strconv.ParseFloat(f[1], 64)
			r.items[f[0]], _ = strconv.ParseFloat(f[2], 64)
			r.order = append(r.order, f[0])
		}
	}
	return r, nil
}

func benchPortfolio(c config, out io.Writer) error {
	fmt.Fprintf(out, "Portfolio queries: latency of a first and a next page (limit %d), in µs: the median of %d passes' means of %d rounds\n", lkt.DefaultPage, passes, rounds)
	if c.cold {
		fmt.Fprintln(out, "  (-cold: pages are read from the disk as queries need them)")
	} else {
		fmt.Fprintln(out, "  (each database file read through first, into the operating system's page cache: -cold to skip)")
	}
	small, err := generate(c.dir, c.small, out)
	if err != nil {
		return err
	}
	large, err := generate(c.dir, c.large, out)
	if err != nil {
		return err
	}
	s, err := serve(small, c.cold)
	if err != nil {
		return err
	}
	l, err := serve(large, c.cold)
	if err != nil {
		return err
	}
	// Where the small portfolio has fewer matches than two pages, its
	// queries return less; the per-item ratio compares like with like.
	fmt.Fprintf(out, "  %-20s %10s %10s %7s %13s %12s %9s\n", "query", fmt.Sprint(c.small), fmt.Sprint(c.large), "ratio",
		"items/round", "µs/item", "per item")
	worst := 0.0
	for _, name := range s.order {
		ratio := l.lat[name] / s.lat[name]
		ps, pl := s.lat[name]/max(s.items[name], 1), l.lat[name]/max(l.items[name], 1)
		worst = max(worst, pl/ps)
		fmt.Fprintf(out, "  %-20s %10.1f %10.1f %6.2fx %6.0f/%-6.0f %5.1f/%-6.1f %8.2fx\n", name, s.lat[name], l.lat[name], ratio,
			s.items[name], l.items[name], ps, pl, pl/ps)
	}
	fmt.Fprintf(out, "  worst ratio per item returned: %.2fx (target ≤ 2x)\n\n", worst)
	fmt.Fprintf(out, "Peak RSS of a process serving the portfolio: %d MiB at %d, %d MiB at %d communities\n",
		s.rss/1024, c.small, l.rss/1024, c.large)
	return nil
}
