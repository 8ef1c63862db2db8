// Command load measures the example server on loopback, bounded in time
// and in requests, and sets each figure beside a baseline measured in the
// same run:
//
//   - reading a community as JSON, and rendering the community page, each
//     beside a bare net/http handler serving pre-computed bytes of the same
//     size;
//   - posting a typical command (UpdateMember) beside the SQLite store's own
//     durable-save rate (Store.Save of one event, same concurrency), and
//     beside the bare handler.
//
// It starts the example server in-process on 127.0.0.1 with a fresh
// database in a temporary directory, and deletes it afterwards.
//
//	go run ./examples/server/load -duration 3s -requests 20000 -concurrency 8
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
}

func main() {
	var o options
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "time bound for each measurement")
	flag.IntVar(&o.requests, "requests", 20000, "request bound for each measurement")
	flag.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	flag.Parse()
	if err := run(context.Background(), o, os.Stdout); err != nil {
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
}

func (r result) rps() float64 { return float64(r.n) / r.elapsed.Seconds() }

// measure runs op from o.concurrency workers until the time or request
// bound is reached.
func measure(name string, o options, op func(worker int) error) result {
	var issued atomic.Int64
	var failed atomic.Int64
	lat := make([][]time.Duration, o.concurrency)
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
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := result{name: name, n: len(all), elapsed: elapsed, failed: failed.Load()}
	if len(all) > 0 {
		r.p50, r.p99 = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)]
	}
	return r
}

func run(ctx context.Context, o options, out io.Writer) error {
	dir, err := os.MkdirTemp("", "lkt-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sctx, stop := context.WithCancel(ctx)
	a, err := app.Start(sctx, app.Config{Addr: "127.0.0.1:0", DB: filepath.Join(dir, "server.db"), Quiet: true}, io.Discard)
	if err != nil {
		stop()
		return err
	}
	defer func() { stop(); _ = a.Wait() }()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.concurrency * 2, MaxConnsPerHost: o.concurrency * 2}}
	const token = "demo-marit-coordinator"
	fetch := func(method, url string, body []byte, hdr map[string]string) ([]byte, http.Header, error) {
		req, err := http.NewRequest(method, url, bytes.NewReader(body))
		if err != nil {
			return nil, nil, err
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode >= 300 {
			err = fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, b)
		}
		return b, resp.Header, err
	}
	auth := map[string]string{"Authorization": "Bearer " + token}
	readURL := a.URL + "/api/communities/c-emil"
	pageURL := a.URL + "/communities/c-emil"
	pageHdr := map[string]string{"Cookie": "lkt_session=" + token}
	jsonBody, _, err := fetch("GET", readURL, nil, auth)
	if err != nil {
		return err
	}
	pageBody, _, err := fetch("GET", pageURL, nil, pageHdr)
	if err != nil {
		return err
	}

	// Communities for the writers: one each, so that writes do not
	// conflict; the coordinator updates her own phone number.
	for w := range o.concurrency {
		if err := seedWriter(ctx, a.Svc, w); err != nil {
			return err
		}
	}
	cmdBody := func(w, i int) []byte {
		return fmt.Appendf(nil, `{"memberId":"m-load","name":"Lena Last","contact":{"phone":"+47 555 %05d"}}`, i%100000)
	}
	cmdResp, _, err := fetch("POST", a.URL+"/api/communities/load-0/commands/UpdateMember", cmdBody(0, 0),
		map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json", "If-Match": "*"})
	if err != nil {
		return err
	}

	// The bare handler, serving pre-computed bytes of the same sizes.
	bare := http.NewServeMux()
	serve := func(b []byte, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil {
				_, _ = io.Copy(io.Discard, r.Body)
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			_, _ = w.Write(b)
		}
	}
	bare.Handle("GET /json", serve(bytes.Repeat([]byte{'x'}, len(jsonBody)), "application/json"))
	bare.Handle("GET /page", serve(bytes.Repeat([]byte{'x'}, len(pageBody)), "text/html"))
	bare.Handle("POST /cmd", serve(bytes.Repeat([]byte{'x'}, len(cmdResp)), "application/json"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	bareSrv := &http.Server{Handler: bare, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = bareSrv.Serve(ln) }()
	defer bareSrv.Close()
	bareURL := "http://" + ln.Addr().String()

	var seq atomic.Int64
	results := []result{
		measure("community read (JSON)", o, func(int) error { _, _, err := fetch("GET", readURL, nil, auth); return err }),
		measure("  bare handler, same size", o, func(int) error { _, _, err := fetch("GET", bareURL+"/json", nil, nil); return err }),
		measure("community page (HTML)", o, func(int) error { _, _, err := fetch("GET", pageURL, nil, pageHdr); return err }),
		measure("  bare handler, same size", o, func(int) error { _, _, err := fetch("GET", bareURL+"/page", nil, nil); return err }),
		measure("command (UpdateMember)", o, func(w int) error {
			_, _, err := fetch("POST", a.URL+"/api/communities/load-"+strconv.Itoa(w)+"/commands/UpdateMember", cmdBody(w, int(seq.Add(1))),
				map[string]string{"Authorization": "Bearer " + token, "Content-Type": "application/json", "If-Match": "*"})
			return err
		}),
		measure("  bare handler, same size", o, func(int) error { _, _, err := fetch("POST", bareURL+"/cmd", cmdBody(0, 0), nil); return err }),
	}
	storeRate, err := storeSaves(ctx, filepath.Join(dir, "store.db"), o)
	if err != nil {
		return err
	}
	results = append(results, storeRate)

	fmt.Fprintf(out, "loopback, %d clients, each measurement bounded by %s and %d requests; sizes: JSON %d B, page %d B, command answer %d B\n\n",
		o.concurrency, o.duration, o.requests, len(jsonBody), len(pageBody), len(cmdResp))
	fmt.Fprintf(out, "%-34s %9s %10s %10s %10s\n", "", "requests", "req/s", "p50", "p99")
	for _, r := range results {
		fmt.Fprintf(out, "%-34s %9d %10.0f %10s %10s", r.name, r.n, r.rps(), r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond))
		if r.failed > 0 {
			fmt.Fprintf(out, "  (%d failed)", r.failed)
		}
		fmt.Fprintln(out)
	}
	ratio := func(a, b result) float64 { return a.rps() / b.rps() }
	fmt.Fprintf(out, "\ncommunity read / bare handler:  %.2f (target ≥ 0.5)\n", ratio(results[0], results[1]))
	fmt.Fprintf(out, "community page / bare handler:  %.2f\n", ratio(results[2], results[3]))
	fmt.Fprintf(out, "command / store durable saves:  %.2f (target ≥ 0.7)\n", ratio(results[4], results[6]))
	fmt.Fprintf(out, "command / bare handler:         %.2f\n", ratio(results[4], results[5]))
	for _, r := range results {
		if r.failed > 0 {
			return fmt.Errorf("%s: %d requests failed", r.name, r.failed)
		}
	}
	return nil
}

// seedWriter creates community load-<w> for writer w: the coordinator and
// one member whose details the load updates.
func seedWriter(ctx context.Context, svc *lkt.Service, w int) error {
	id := lkt.ID("load-" + strconv.Itoa(w))
	if _, err := svc.Create(ctx, lkt.Person("marit"), newCommunity(id)); err != nil {
		return err
	}
	steps := []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-mother", Name: "Mor", Role: roles.ParentGuardian, ParentalResponsibility: true}},
		lkt.GiveConsent{GivenBy: "m-mother"},
		lkt.AddMember{Member: lkt.NewMember{ID: "m-load", Name: "Lena Last", Role: roles.HomeNursing}},
	}
	for _, c := range steps {
		if _, err := svc.Do(ctx, lkt.Person("marit"), id, lkt.AnyVersion, c); err != nil {
			return err
		}
	}
	return nil
}

func newCommunity(id lkt.ID) lkt.NewCommunity {
	nin, err := ident.SyntheticNumber(time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), false, 555)
	if err != nil {
		panic(err)
	}
	return lkt.NewCommunity{ID: id, Municipality: "Bjørnafjorden",
		Patient: lkt.Patient{ID: actormap.ActorID("p-" + string(id)), Name: "Load Test", NationalID: nin},
		Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist}}
}

// storeSaves measures the store's own durable-save rate: each worker saves
// one event at a time to its own community in a fresh database, as the
// Service does for a command, with nothing else around it.
func storeSaves(ctx context.Context, path string, o options) (result, error) {
	store, err := sqlite.Open(path, nil)
	if err != nil {
		return result{}, err
	}
	defer store.Close()
	cfg := lkt.Config{Clock: lkt.ClockFunc(time.Now), AcceptSyntheticIDs: true}
	svc := lkt.NewService(store, cfg)
	type writer struct {
		snap    lkt.Snapshot
		sum     lkt.Summary
		version int64
		data    lkt.Event
	}
	ws := make([]*writer, o.concurrency)
	for w := range o.concurrency {
		if err := seedWriter(ctx, svc, w); err != nil {
			return result{}, err
		}
		id := lkt.ID("load-" + strconv.Itoa(w))
		c, err := svc.Get(ctx, lkt.Person("marit"), id)
		if err != nil {
			return result{}, err
		}
		// One UpdateMember applied in memory gives a typical event and state.
		if err := c.Do(lkt.Person("marit"), lkt.UpdateMember{MemberID: "m-load", Name: "Lena Last"}); err != nil {
			return result{}, err
		}
		ev := c.Pending()[0]
		ws[w] = &writer{snap: c.Snapshot(), sum: c.Summary(time.Now()), version: c.Version(), data: ev}
	}
	r := measure("store durable saves (SQLite)", o, func(w int) error {
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
	})
	return r, nil
}
