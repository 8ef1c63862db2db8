package http

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// memStore keeps decoded snapshots, so that a benchmark of the adapter
// measures the adapter and the domain rather than a store's encoding.
type memStore struct {
	*lkttest.Store
	mu    sync.Mutex
	snaps map[lkt.ID]lkt.Snapshot
	vers  map[lkt.ID]int64
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
		benchCommand(b, seedLoad, lkt.Person("marit"), "m-load", "Lena Last")
	})
	b.Run("fixture", func(b *testing.B) {
		benchCommand(b, func(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
			return lkttest.NewBuilder().Seed(ctx, svc)
		}, lkttest.Coordinator, lkttest.MotherID, "Kari Berg")
	})
}

// seedLoad creates the community the load command's writers update: the
// coordinator, a parent who consented and the member whose details change.
func seedLoad(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
	nin, err := ident.SyntheticNumber(time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), false, 555)
	if err != nil {
		return nil, err
	}
	const id = lkt.ID("load-0")
	c, err := svc.Create(ctx, lkt.Person("marit"), lkt.NewCommunity{ID: id, Municipality: "Bjørnafjorden",
		Patient: lkt.Patient{ID: actormap.ActorID("p-" + string(id)), Name: "Load Test", NationalID: nin},
		Founder: &lkt.NewMember{ID: "marit", Name: "Marit Solheim", Role: roles.Physiotherapist}})
	if err != nil {
		return nil, err
	}
	for _, cmd := range []lkt.Command{
		lkt.AddMember{Member: lkt.NewMember{ID: "m-mother", Name: "Mor", Role: roles.ParentGuardian, ParentalResponsibility: true}},
		lkt.GiveConsent{GivenBy: "m-mother"},
		lkt.AddMember{Member: lkt.NewMember{ID: "m-load", Name: "Lena Last", Role: roles.HomeNursing}},
	} {
		if c, err = svc.Do(ctx, lkt.Person("marit"), id, lkt.AnyVersion, cmd); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func benchCommand(b *testing.B, seed func(context.Context, *lkt.Service) (*lkt.Community, error), principal lkt.Principal, member actormap.ActorID, name string) {
	clock := lkttest.NewClock(lkttest.Start)
	base := lkttest.NewStore()
	c, err := seed(context.Background(), lkt.NewService(base, lkttest.Config(clock)))
	if err != nil {
		b.Fatal(err)
	}
	store := &memStore{Store: base, snaps: map[lkt.ID]lkt.Snapshot{c.ID(): c.Snapshot()}, vers: map[lkt.ID]int64{c.ID(): c.Version()}}
	svc := lkt.NewService(store, lkttest.Config(clock))
	toks, err := NewTokens([]Login{{Token: tokCoordinator, Principal: principal}})
	if err != nil {
		b.Fatal(err)
	}
	// The load command's server logs warnings and errors only.
	logger := slog.New(slog.NewTextHandler(nopWriter{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := NewServer(Deps{Service: svc, Auth: toks, Logger: logger})
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
