package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/metrics"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// memStore keeps decoded snapshots, so that a benchmark of the adapter
// measures the adapter and the domain rather than a store's encoding;
// with encodes set it also encodes each snapshot saved as the SQL stores
// do, and with tells it tells the Service that JSON (lkt.Save.SnapshotJSON).
type memStore struct {
	*lkttest.Store
	mu             sync.Mutex
	snaps          map[lkt.ID]lkt.Snapshot
	vers           map[lkt.ID]int64
	encodes, tells bool
}

func (s *memStore) Load(ctx context.Context, id lkt.ID) (lkt.Snapshot, int64, error) {
	s.mu.Lock()
	snap, ok := s.snaps[id]
	v := s.vers[id]
	s.mu.Unlock()
	if !ok {
		return s.Store.Load(ctx, id)
	}
	return snap.Clone(), v, nil
}

func (s *memStore) Save(_ context.Context, in lkt.Save) error {
	if s.encodes {
		snap, err := json.Marshal(in.Snapshot)
		if err != nil {
			return err
		}
		if s.tells && in.SnapshotJSON != nil {
			*in.SnapshotJSON = snap
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := in.Snapshot.ID
	if s.vers[id] != in.Expected {
		return lkt.ConflictError(id, in.Expected, s.vers[id])
	}
	s.snaps[id] = in.Snapshot.Clone()
	s.vers[id] = in.Expected + int64(len(in.Events))
	return nil
}

func (s *memStore) RecordAudit(context.Context, ...lkt.AuditEntry) error { return nil }

// BenchmarkCommand posts UpdateMember through the whole handler — the
// middleware, authentication, If-Match, strict decoding, the domain and
// the answer — on a store that costs next to nothing, so that what it
// measures is what the adapter adds to a command. "load" is the community
// the load command (examples/server/load) updates; "fixture" is the
// larger lkttest community.
//
//	go test -run XXX -bench Command -benchtime 3s ./adapters/http
func BenchmarkCommand(b *testing.B) {
	b.Run("load", func(b *testing.B) {
		benchCommand(b, seedLoad, loadCoordinator, "m-load", "Lena Last")
	})
	b.Run("fixture", func(b *testing.B) {
		benchCommand(b, func(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
			return lkttest.NewBuilder().Seed(ctx, svc)
		}, lkttest.Coordinator, lkttest.MotherID, "Kari Berg")
	})
}

// BenchmarkCommandEncodingStore posts the load's command as
// BenchmarkCommand does, on a store that encodes each snapshot as the SQL
// stores do: "told" tells the Service the JSON (lkt.Save.SnapshotJSON), so
// that the answer does not encode the snapshot again; "untold" does not.
//
//	go test -run XXX -bench CommandEncodingStore -count 6 ./adapters/http
func BenchmarkCommandEncodingStore(b *testing.B) {
	for _, tells := range []bool{true, false} {
		name := map[bool]string{true: "told", false: "untold"}[tells]
		b.Run(name, func(b *testing.B) {
			h, c := benchHandlerOn(b, func(s *memStore) { s.encodes, s.tells = true, tells }, nil, seedLoad, loadCoordinator)
			benchPost(b, h, c, "m-load", "Lena Last")
		})
	}
}

// seedLoad creates the community the load command's writers update: the
// coordinator, a parent who consented and the member whose details change.
// loadCoordinator founds the load's community: verified health personnel.
var loadCoordinator = lkttest.HealthPersonnel("marit", "1000004")

func seedLoad(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
	nin, err := ident.SyntheticNumber(time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), false, 555)
	if err != nil {
		return nil, err
	}
	const id = lkt.ID("load-0")
	c, err := svc.Create(ctx, loadCoordinator, lkt.NewCommunity{ID: id, Municipality: "Bjørnafjorden",
		Patient: lkt.Patient{ID: actormap.ActorID("p-" + string(id)), Name: "Load Test", NationalID: nin},
		Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist}})
	if err != nil {
		return nil, err
	}
	for _, cmd := range []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-mother", Name: "Mor", Role: roles.ParentGuardian, ParentalResponsibility: true,
			Basis: &lkt.RepresentationBasis{Kind: lkt.BasisPopulationRegister, Authority: "Folkeregisteret", Date: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), Reference: "Folkeregisteret"}}},
		lkt.GiveConsent{GivenBy: "m-mother", Evidence: lkttest.Evidence(svc.Config().Clock.Now())},
		lkt.AddMember{Member: lkt.NewMember{ID: "m-load", Name: "Lena Last", Role: roles.HomeNursing}},
	} {
		if c, err = svc.Do(ctx, loadCoordinator, id, lkt.AnyVersion, cmd); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func benchCommand(b *testing.B, seed func(context.Context, *lkt.Service) (*lkt.Community, error), principal lkt.Principal, member actormap.ActorID, name string) {
	benchCommandWith(b, nil, seed, principal, member, name)
}

// BenchmarkMetrics measures what the Prometheus metrics (adapters/metrics,
// as the example server wires them: Deps.Observe and the Store wrapper)
// add to a command and to a read. Each iteration serves one request
// without metrics and one with, alternately on two handlers over the same
// community, so that both see the same machine: "on/off" is the ratio of
// their times (1.00: no cost) and ns/op counts both requests.
//
//	go test -run XXX -bench Metrics -count 5 ./adapters/http
func BenchmarkMetrics(b *testing.B) {
	b.Run("command", func(b *testing.B) {
		var reqs [2]func(i int) *http.Request
		var hs [2]http.Handler
		for k, m := range []func() *metrics.Metrics{nil, metrics.New} {
			h, c := benchHandler(b, m, seedLoad, loadCoordinator)
			hs[k], reqs[k] = h, commandRequest(b, c.ID(), "m-load", "Lena Last")
		}
		benchPair(b, hs, reqs)
	})
	b.Run("read", func(b *testing.B) {
		var reqs [2]func(i int) *http.Request
		var hs [2]http.Handler
		for k, m := range []func() *metrics.Metrics{nil, metrics.New} {
			h, c := benchHandler(b, m, seedLoad, loadCoordinator)
			hs[k], reqs[k] = h, readRequest(b, c.ID())
		}
		benchPair(b, hs, reqs)
	})
}

// benchPair serves reqs[k] on hs[k] alternately and reports the ratio of
// the second's time to the first's.
func benchPair(b *testing.B, hs [2]http.Handler, reqs [2]func(i int) *http.Request) {
	var spent [2]time.Duration
	w := &discardWriter{}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		for k := range 2 {
			k = (k + i) % 2 // neither always goes first
			r := reqs[k](i)
			w.h, w.status = http.Header{}, 0
			start := time.Now()
			hs[k].ServeHTTP(w, r)
			spent[k] += time.Since(start)
			if w.status != http.StatusOK {
				b.Fatalf("%d", w.status)
			}
		}
	}
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "on/off")
}

// commandRequest returns the UpdateMember requests benchCommand sends.
func commandRequest(b *testing.B, id lkt.ID, member actormap.ActorID, name string) func(i int) *http.Request {
	path := "/api/communities/" + string(id) + "/commands/UpdateMember"
	hdr := http.Header{"Authorization": {"Bearer " + tokCoordinator}, "Content-Type": {"application/json"}, "If-Match": {"*"}}
	return func(i int) *http.Request {
		body := fmt.Appendf(nil, `{"memberId":%q,"name":%q,"contact":{"phone":"+47 555 %05d"}}`, member, name, i%100000)
		r, err := http.NewRequest("POST", path, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		r.RequestURI, r.Header = path, hdr.Clone()
		return r
	}
}

// readRequest returns a read of the community's summary: one the domain
// audits, small enough that what the adapter adds shows.
func readRequest(b *testing.B, id lkt.ID) func(int) *http.Request {
	path := "/api/communities/" + string(id) + "/summary"
	hdr := http.Header{"Authorization": {"Bearer " + tokCoordinator}}
	return func(int) *http.Request {
		r, err := http.NewRequest("GET", path, nil)
		if err != nil {
			b.Fatal(err)
		}
		r.RequestURI, r.Header = path, hdr.Clone()
		return r
	}
}

// benchHandler serves the community seed creates on a memStore, with the
// metrics m returns if it is not nil.
func benchHandler(b *testing.B, m func() *metrics.Metrics, seed func(context.Context, *lkt.Service) (*lkt.Community, error), principal lkt.Principal) (http.Handler, *lkt.Community) {
	return benchHandlerOn(b, nil, m, seed, principal)
}

// benchHandlerOn is benchHandler with the memStore set up by setup, if
// not nil.
func benchHandlerOn(b *testing.B, setup func(*memStore), m func() *metrics.Metrics, seed func(context.Context, *lkt.Service) (*lkt.Community, error), principal lkt.Principal) (http.Handler, *lkt.Community) {
	clock := lkttest.NewClock(lkttest.Start)
	base := lkttest.NewStore()
	c, err := seed(context.Background(), lkt.NewService(base, lkttest.Config(clock)))
	if err != nil {
		b.Fatal(err)
	}
	ms := &memStore{Store: base, snaps: map[lkt.ID]lkt.Snapshot{c.ID(): c.Snapshot()}, vers: map[lkt.ID]int64{c.ID(): c.Version()}}
	if setup != nil {
		setup(ms)
	}
	var store lkt.Store = ms
	var observe func(string, int, time.Duration)
	if m != nil {
		mm := m()
		store, observe = mm.Store(store), mm.ObserveRequest
	}
	svc := lkt.NewService(store, lkttest.Config(clock))
	toks := bearer{tokCoordinator: principal}
	// The load command's server logs warnings and errors only.
	logger := slog.New(slog.NewTextHandler(nopWriter{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return NewServer(Deps{Service: svc, Auth: toks, Logger: logger, Observe: observe}), c
}

func benchCommandWith(b *testing.B, m func() *metrics.Metrics, seed func(context.Context, *lkt.Service) (*lkt.Community, error), principal lkt.Principal, member actormap.ActorID, name string) {
	h, c := benchHandler(b, m, seed, principal)
	benchPost(b, h, c, member, name)
}

// benchPost posts UpdateMember of member to c through h, as the server
// hands a request to the handler.
func benchPost(b *testing.B, h http.Handler, c *lkt.Community, member actormap.ActorID, name string) {
	path := "/api/communities/" + string(c.ID()) + "/commands/UpdateMember"
	hdr := http.Header{"Authorization": {"Bearer " + tokCoordinator}, "Content-Type": {"application/json"}, "If-Match": {"*"}}
	var body bytes.Reader
	w := &discardWriter{}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// A request as the server hands it to the handler, and a writer
		// that keeps nothing: what remains is the handler's own work.
		body.Reset(fmt.Appendf(nil, `{"memberId":%q,"name":%q,"contact":{"phone":"+47 555 %05d"}}`, member, name, i%100000))
		r, err := http.NewRequest("POST", path, &body)
		if err != nil {
			b.Fatal(err)
		}
		r.RequestURI, r.Header = path, hdr.Clone()
		w.h, w.status = http.Header{}, 0
		h.ServeHTTP(w, r)
		if w.status != http.StatusOK {
			b.Fatalf("%d", w.status)
		}
	}
}

// discardWriter is a ResponseWriter that keeps the status and headers, as
// the server's does, and discards the body.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
