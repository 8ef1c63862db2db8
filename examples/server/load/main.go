// Command load measures the example server on loopback, bounded in time
// and in requests, and sets each figure beside a baseline measured in the
// same run:
//
//   - reading a community as JSON, and rendering the community page, each
//     beside a bare net/http handler serving pre-computed bytes of the same
//     size;
//   - posting a typical command (UpdateMember) beside the SQLite store's own
//     durable-save rate (Store.Save of one event, same concurrency), and
//     beside the bare handler;
//   - the same command through lkt.Service.Do in-process, without HTTP,
//     which shows how much of the gap to the store is the HTTP path's;
//   - the store's saves behind the bare handler: a POST like the command's,
//     answered like it after a Store.Save and nothing else, which shows
//     the most any HTTP command could reach on the machine.
//
// -client chooses the clients: net/http's Client (the default), or a plain
// keep-alive connection per worker (conn.go), which costs the shared cores
// less.
//
// It starts the example server in-process on 127.0.0.1 with a fresh
// database in a temporary directory, and deletes it afterwards. With
// -rounds it runs the whole set several times, interleaved, and prints
// each ratio's median.
//
//	go run ./examples/server/load -duration 3s -requests 30000 -concurrency 8 -rounds 3
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/sqlite"
	"github.com/lkt-rammeverk/go-lkt/examples/server/internal/app"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

type options struct {
	duration    time.Duration
	requests    int
	concurrency int
	rounds      int    // times the whole set of measurements is run
	client      string // "transport" (net/http's Client) or "conn" (see connClient)
	cpuprofile  string // prefix of per-measurement CPU profiles, if set
	trace       string // prefix of per-measurement execution traces, if set
}

func main() {
	var o options
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "time bound for each measurement")
	flag.IntVar(&o.requests, "requests", 20000, "request bound for each measurement")
	flag.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	flag.IntVar(&o.rounds, "rounds", 1, "run the whole set of measurements this many times, interleaved, and print each ratio's median")
	flag.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of each measurement to `prefix`-<n>.pprof, n counting rows over all rounds (server and clients share the process)")
	flag.StringVar(&o.client, "client", "transport", "the clients: `transport`, net/http's Client and Transport, or conn, a plain keep-alive connection per worker (see conn.go)")
	flag.StringVar(&o.trace, "trace", "", "write an execution trace of each measurement to `prefix`-<n>.trace, n counting rows over all rounds (for go tool trace)")
	limiter := flag.Bool("limiter", false, "measure the failure limit instead: one client flooding bad tokens beside legitimate reads (see limiter.go)")
	flag.Parse()
	if *limiter {
		if _, err := runLimiter(context.Background(), o, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		return
	}
	if _, err := run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// result is one measurement.
type result struct {
	name     string
	n        int
	elapsed  time.Duration
	p50, p99 time.Duration
	failed   int64
	conns    int64         // TCP connections the clients opened during it
	cpu      time.Duration // CPU time of the process (server and clients)
}

func (r result) rps() float64 { return float64(r.n) / r.elapsed.Seconds() }

var profiled, traced int

// measure runs op from o.concurrency workers until the time or request
// bound is reached. dials counts the connections the clients open.
func measure(name string, o options, dials *atomic.Int64, op func(worker int) error) result {
	var issued atomic.Int64
	var failed atomic.Int64
	lat := make([][]time.Duration, o.concurrency)
	for w := range lat {
		lat[w] = make([]time.Duration, 0, o.requests/o.concurrency+1)
	}
	if o.cpuprofile != "" {
		profiled++
		f, err := os.Create(fmt.Sprintf("%s-%d.pprof", o.cpuprofile, profiled))
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	if o.trace != "" {
		traced++
		f, err := os.Create(fmt.Sprintf("%s-%d.trace", o.trace, traced))
		if err == nil && trace.Start(f) == nil {
			defer func() { trace.Stop(); f.Close() }()
		}
	}
	dialed, cpu0 := dials.Load(), cpuTime()
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range o.concurrency {
		wg.Go(func() {
			for time.Now().Before(deadline) && issued.Add(1) <= int64(o.requests) {
				t0 := time.Now()
				if err := op(w); err != nil {
					if failed.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
					}
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := result{name: name, n: len(all), elapsed: elapsed, failed: failed.Load(), conns: dials.Load() - dialed, cpu: cpu}
	if len(all) > 0 {
		r.p50, r.p99 = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)]
	}
	return r
}

// request is one kind of request the load sends, to the server or to the
// bare handler: the same method, headers and body for both.
type request struct {
	method, path string
	header       http.Header
	body         func(worker int) []byte
}

// loader sends requests on one keep-alive client and reads each answer
// fully into the worker's own buffer.
type loader struct {
	client *http.Client // or, with -client conn:
	conns  *connClient
	bufs   []bytes.Buffer
}

func (l *loader) send(worker int, base string, rq request) (*http.Response, error) {
	var body []byte
	if rq.body != nil {
		body = rq.body(worker)
	}
	req, err := http.NewRequest(rq.method, base+rq.path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = rq.header // read-only for the client
	b := &l.bufs[worker]
	var resp *http.Response
	if l.conns != nil {
		resp, err = l.conns.send(worker, req, b)
	} else {
		resp, err = viaTransport(l.client, req, b)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s %s: %d %s", rq.method, rq.path, resp.StatusCode, b.Bytes())
	}
	return resp, nil
}

func viaTransport(client *http.Client, req *http.Request, body *bytes.Buffer) (*http.Response, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, readBody(resp, body)
}

// readBody reads resp's body whole into body, and closes it.
func readBody(resp *http.Response, body *bytes.Buffer) error {
	defer resp.Body.Close()
	body.Reset()
	_, err := body.ReadFrom(resp.Body)
	return err
}

// bareHandler answers like the server did, with pre-computed bytes: the
// same status, headers and body.
func bareHandler(resp *http.Response, body []byte) http.HandlerFunc {
	hdr := resp.Header.Clone()
	hdr.Del("Date")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		for k, v := range hdr {
			h[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}
}

// run measures, prints the tables and ratios to out, and returns each
// round's results in the order printed.
func run(ctx context.Context, o options, out io.Writer) ([][]result, error) {
	if o.duration <= 0 || o.requests < 1 || o.concurrency < 1 || o.rounds < 1 {
		return nil, fmt.Errorf("duration, requests, concurrency and rounds must be positive (got %s, %d, %d, %d)", o.duration, o.requests, o.concurrency, o.rounds)
	}
	if o.client == "" {
		o.client = "transport"
	}
	if o.client != "transport" && o.client != "conn" {
		return nil, fmt.Errorf("client must be transport or conn, not %q", o.client)
	}
	dir, err := os.MkdirTemp("", "lkt-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	sctx, stop := context.WithCancel(ctx)
	a, err := app.Start(sctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "server.db"), Quiet: true}, io.Discard)
	if err != nil {
		stop()
		return nil, err
	}
	defer func() { stop(); _ = a.Wait() }()

	// One client for every measurement: keep-alive, an idle connection
	// kept for every worker, so that after the first request of each
	// worker no measurement opens connections (the conns column shows it).
	var dials atomic.Int64
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
		MaxIdleConns: 4 * o.concurrency, MaxIdleConnsPerHost: o.concurrency, MaxConnsPerHost: o.concurrency,
		IdleConnTimeout: time.Minute,
	}}
	defer client.CloseIdleConnections()
	l := &loader{client: client, bufs: make([]bytes.Buffer, o.concurrency)}
	if o.client == "conn" {
		l.conns = newConnClient(o.concurrency, dialer, &dials)
		defer l.conns.closeAll()
	}

	const token = "demo-marit-coordinator"
	read := request{method: "GET", path: "/api/communities/c-emil", header: http.Header{"Authorization": {"Bearer " + token}}}
	session, err := signIn(ctx, client, a.URL, token)
	if err != nil {
		return nil, err
	}
	pageReq := request{method: "GET", path: "/communities/c-emil", header: http.Header{"Cookie": {session.String()}}}
	// Communities for the writers: one each, so that writes do not
	// conflict; the coordinator updates her own phone number.
	for w := range o.concurrency {
		if err := seedWriter(ctx, a.Svc, w); err != nil {
			return nil, err
		}
	}
	var seq atomic.Int64
	cmdHeader := http.Header{"Authorization": {"Bearer " + token}, "Content-Type": {"application/json"}, "If-Match": {"*"}}
	phone := func() string { return fmt.Sprintf("+47 555 %05d", seq.Add(1)%100000) }
	cmdBody := func(int) []byte {
		return fmt.Appendf(nil, `{"memberId":"m-load","name":"Lena Last","contact":{"phone":%q}}`, phone())
	}
	cmdFor := func(w int) request {
		return request{method: "POST", path: "/api/communities/load-" + strconv.Itoa(w) + "/commands/UpdateMember", header: cmdHeader, body: cmdBody}
	}

	// A first request of each kind gives the bare handler its answer.
	bare := http.NewServeMux()
	var (
		sizes   []int
		answers []http.HandlerFunc
	)
	for _, rq := range []request{read, pageReq, cmdFor(0)} {
		resp, err := l.send(0, a.URL, rq)
		if err != nil {
			return nil, err
		}
		body := bytes.Clone(l.bufs[0].Bytes())
		sizes = append(sizes, len(body))
		answers = append(answers, bareHandler(resp, body))
		bare.Handle(rq.method+" "+rq.path, answers[len(answers)-1])
	}
	cmdAnswer := answers[2]
	// The store's saves behind the bare handler: a POST like the command's,
	// answered like it, after a Store.Save as in the store's own row and
	// nothing else — no adapter, no domain. Each round points it at that
	// round's store.
	var behind atomic.Pointer[func(worker int) error]
	bare.HandleFunc("POST /saves/{worker}", func(w http.ResponseWriter, r *http.Request) {
		worker, err := strconv.Atoi(r.PathValue("worker"))
		save := behind.Load()
		if err != nil || save == nil || worker < 0 || worker >= o.concurrency {
			http.Error(w, "no such worker", http.StatusNotFound)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		if err := (*save)(worker); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		cmdAnswer(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	bareSrv := &http.Server{Handler: bare, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = bareSrv.Serve(ln) }()
	defer bareSrv.Close()
	bareURL := "http://" + ln.Addr().String()

	bareCmd := cmdFor(0) // the bare handler answers one path
	row := func(name string, op func(w int) error) result { return measure(name, o, &dials, op) }
	var rounds [][]result
	for r := range o.rounds {
		results := []result{
			row("community read (JSON)", func(w int) error { _, err := l.send(w, a.URL, read); return err }),
			row("  bare handler, same size", func(w int) error { _, err := l.send(w, bareURL, read); return err }),
			row("community page (HTML)", func(w int) error { _, err := l.send(w, a.URL, pageReq); return err }),
			row("  bare handler, same size", func(w int) error { _, err := l.send(w, bareURL, pageReq); return err }),
			row("command (UpdateMember)", func(w int) error { _, err := l.send(w, a.URL, cmdFor(w)); return err }),
			row("  bare handler, same size", func(w int) error { _, err := l.send(w, bareURL, bareCmd); return err }),
			row("  same command via Service.Do", func(w int) error {
				cmd := lkt.UpdateMember{MemberID: "m-load", Name: "Lena Last", Contact: actormap.Contact{Phone: phone()}}
				_, err := a.Svc.Do(ctx, marit, lkt.ID("load-"+strconv.Itoa(w)), lkt.AnyVersion, cmd)
				return err
			}),
		}
		// A fresh database for each of the two, each round.
		saves := func(name, file string, op func(save func(int) error) func(int) error) (result, error) {
			save, closeStore, err := storeSaver(ctx, filepath.Join(dir, fmt.Sprintf("%s-%d.db", file, r+1)), o.concurrency)
			if err != nil {
				return result{}, err
			}
			defer closeStore()
			return row(name, op(save)), nil
		}
		storeRate, err := saves("store durable saves (SQLite)", "store", func(save func(int) error) func(int) error { return save })
		if err != nil {
			return nil, err
		}
		behindRate, err := saves("  the saves behind a bare handler", "behind", func(save func(int) error) func(int) error {
			behind.Store(&save)
			return func(w int) error {
				rq := cmdFor(w)
				rq.path = "/saves/" + strconv.Itoa(w)
				_, err := l.send(w, bareURL, rq)
				return err
			}
		})
		if err != nil {
			return nil, err
		}
		rounds = append(rounds, append(results, storeRate, behindRate))
	}

	fmt.Fprintf(out, "loopback, %d clients (-client %s), each measurement bounded by %s and %d requests; sizes: JSON %d B, page %d B, command answer %d B\n",
		o.concurrency, o.client, o.duration, o.requests, sizes[0], sizes[1], sizes[2])
	fmt.Fprintf(out, "bare handlers answer the same status, headers and body as the server, to the same requests, on the same client;\n")
	fmt.Fprintf(out, "conns: connections opened during the measurement; cpu/req: process CPU time (server and clients) per request\n")
	for r, results := range rounds {
		if len(rounds) > 1 {
			fmt.Fprintf(out, "\nround %d of %d", r+1, len(rounds))
		}
		fmt.Fprintf(out, "\n%-34s %9s %10s %10s %10s %6s %9s\n", "", "requests", "req/s", "p50", "p99", "conns", "cpu/req")
		for _, r := range results {
			fmt.Fprintf(out, "%-34s %9d %10.0f %10s %10s %6d %9s", r.name, r.n, r.rps(), r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond),
				r.conns, (r.cpu / time.Duration(max(r.n, 1))).Round(time.Microsecond))
			if r.failed > 0 {
				fmt.Fprintf(out, "  (%d failed)", r.failed)
			}
			fmt.Fprintln(out)
		}
	}
	printRatios(out, rounds)
	for _, results := range rounds {
		for _, r := range results {
			if r.failed > 0 {
				return rounds, fmt.Errorf("%s: %d requests failed", r.name, r.failed)
			}
		}
	}
	return rounds, nil
}

// ratios are the figures the load reports, as indexes into a round's
// results: each row's rate over its baseline's.
var ratios = []struct {
	name     string
	of, over int
	note     string
}{
	{"community read / bare handler", 0, 1, "(target ≥ 0.5)"},
	{"community page / bare handler", 2, 3, ""},
	{"command / store durable saves", 4, 7, "(target ≥ 0.7)"},
	{"command / bare handler", 4, 5, ""},
	{"Service.Do / store saves", 6, 7, "(the command without HTTP)"},
	{"bare handler + save / saves", 8, 7, "(HTTP without adapter or domain: a command's ceiling)"},
	{"command / bare handler + save", 4, 8, "(target ≥ 0.8: the command against its ceiling)"},
}

// printRatios prints each ratio of each round and, over several rounds,
// their median: rounds interleave the rows with their baselines, so that
// a slow spell of the machine (an fsync here can stall for 100 ms or
// more) weighs on one round, not on one side of every ratio.
func printRatios(out io.Writer, rounds [][]result) {
	fmt.Fprintln(out)
	if len(rounds) > 1 {
		fmt.Fprintf(out, "%-32s", "")
		for r := range rounds {
			fmt.Fprintf(out, " %8s", fmt.Sprintf("round %d", r+1))
		}
		fmt.Fprintf(out, " %8s\n", "median")
	}
	for _, q := range ratios {
		vs := make([]float64, len(rounds))
		fmt.Fprintf(out, "%-32s", q.name+":")
		for r, results := range rounds {
			vs[r] = results[q.of].rps() / results[q.over].rps()
			fmt.Fprintf(out, " %8.2f", vs[r])
		}
		if len(rounds) > 1 {
			fmt.Fprintf(out, " %8.2f", median(vs))
		}
		if q.note != "" {
			fmt.Fprintf(out, " %s", q.note)
		}
		fmt.Fprintln(out)
	}
}

// median is the middle of vs, or the mean of the two middle values.
func median(vs []float64) float64 {
	s := slices.Sorted(slices.Values(vs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// marit is the load's coordinator: verified health personnel, as a founder
// must be.
var marit = lkt.Principal{Kind: lkt.PersonPrincipal, ID: "marit",
	Verified: lkt.Claims{Issuer: "load", HPR: "1000004", HealthPersonnel: true}}

// seedWriter creates community load-<w> for writer w: the coordinator and
// one member whose details the load updates.
func seedWriter(ctx context.Context, svc *lkt.Service, w int) error {
	id := lkt.ID("load-" + strconv.Itoa(w))
	if _, err := svc.Create(ctx, marit, newCommunity(id, w)); err != nil {
		return err
	}
	steps := []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-mother", Name: "Mor", Role: roles.ParentGuardian, ParentalResponsibility: true,
			Basis: &lkt.RepresentationBasis{Kind: lkt.BasisPopulationRegister, Authority: "Folkeregisteret", Date: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), Reference: "Folkeregisteret"}}},
		lkt.GiveConsent{GivenBy: "m-mother", Evidence: &lkt.Evidence{Kind: lkt.SignedForm, Date: svc.Config().Clock.Now(), Reference: "load"}},
		lkt.AddMember{Member: lkt.NewMember{ID: "m-load", Name: "Lena Last", Role: roles.HomeNursing}},
	}
	for _, c := range steps {
		if _, err := svc.Do(ctx, marit, id, lkt.AnyVersion, c); err != nil {
			return err
		}
	}
	return nil
}

// newCommunity is writer w's community, about a patient of its own: a
// patient has one open community (lkt.RuleOneOpenCommunity). The writers'
// patients are born on consecutive days.
func newCommunity(id lkt.ID, w int) lkt.NewCommunity {
	nin, err := ident.SyntheticNumber(time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, w), false, 555)
	if err != nil {
		panic(err)
	}
	return lkt.NewCommunity{ID: id, Municipality: "Bjørnafjorden",
		Patient: lkt.Patient{ID: actormap.ActorID("p-" + string(id)), Name: "Load Test", NationalID: nin},
		Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist}}
}

// storeSaver opens a store at path and gives each of workers a community
// of its own, and returns save, which saves one event with its audit entry
// to worker's community, as the Service does for a command, with nothing
// else around it; and a func that closes the store.
func storeSaver(ctx context.Context, path string, workers int) (save func(worker int) error, closeStore func(), err error) {
	store, err := sqlite.Open(path, nil)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			_ = store.Close()
		}
	}()
	cfg := lkt.Config{Clock: lkt.ClockFunc(time.Now), AcceptSyntheticIDs: true}
	svc := lkt.NewService(store, cfg)
	type writer struct {
		snap    lkt.Snapshot
		sum     lkt.Summary
		version int64
		data    lkt.Event
	}
	ws := make([]*writer, workers)
	for w := range workers {
		if err := seedWriter(ctx, svc, w); err != nil {
			return nil, nil, err
		}
		id := lkt.ID("load-" + strconv.Itoa(w))
		// The stored state itself, not a reader's view of it
		// (lkt.Community.ViewFor), since it is saved again as it is.
		snap, version, err := store.Load(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		c := lkt.Restore(cfg, snap, version)
		// One UpdateMember applied in memory gives a typical event and state.
		if err := c.Do(marit, lkt.UpdateMember{MemberID: "m-load", Name: "Lena Last"}); err != nil {
			return nil, nil, err
		}
		ev := c.Pending()[0]
		ws[w] = &writer{snap: c.Snapshot(), sum: c.Summary(time.Now()), version: c.Version(), data: ev}
	}
	save = func(w int) error {
		wr := ws[w]
		ev := wr.data
		ev.Seq = wr.version + 1
		ev.At = time.Now()
		err := store.Save(ctx, lkt.Save{Snapshot: wr.snap, Summary: wr.sum, Expected: wr.version, Events: []lkt.Event{ev},
			Audit: []lkt.AuditEntry{{Community: ev.Community, At: ev.At, By: ev.By, Action: lkt.Write, Operation: "UpdateMember", Outcome: "ok", Version: ev.Seq}}})
		if err == nil {
			wr.version++
		}
		return err
	}
	return save, func() { _ = store.Close() }, nil
}

// signIn signs in with token through the sign-in form, as a browser does,
// and returns the session cookie.
func signIn(ctx context.Context, client *http.Client, base, token string) (*http.Cookie, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/signin", strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	noRedirect := *client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.Do(req)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "lkt_session" {
			return &http.Cookie{Name: c.Name, Value: c.Value}, nil
		}
	}
	return nil, fmt.Errorf("sign-in answered %s without a session", resp.Status)
}
