package http

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lkt-rammeverk/go-lkt/adapters/fhir"
	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// fortyMembers is lkttest.ThreeYears grown to 40 members: the fixture
// after three years of its plan, with the professionals a large community
// has.
func fortyMembers(b *testing.B) (*lkt.Community, *lkttest.Clock) {
	c, clock := lkttest.ThreeYears(b)
	grow(b, c)
	return c, clock
}

// grow adds professionals to c until it has 40 members.
func grow(b *testing.B, c *lkt.Community) {
	kinds := []roles.Code{roles.HomeNursing, roles.Physiotherapist, roles.Assistant, roles.School}
	for i := 0; len(c.Members()) < 40; i++ {
		m := lkt.NewMember{ID: actormap.ActorID(fmt.Sprintf("m-extra-%d", i)), Name: fmt.Sprintf("Ekstra Medlem %d", i), Role: kinds[i%len(kinds)],
			Organisation: "Bjørnafjorden kommune", OrgNumber: "974556340", Contact: actormap.Contact{Phone: fmt.Sprintf("+47 555 %05d", i)}}
		if err := c.Do(lkttest.Coordinator, lkt.AddMember{Member: m}); err != nil {
			b.Fatal(err)
		}
	}
}

// storeOf serves community c from a memStore (its summary in the store
// underneath, so that portfolio queries find it) with a Service on clock.
func storeOf(b *testing.B, c *lkt.Community, clock *lkttest.Clock) (*memStore, *lkt.Service) {
	base := lkttest.NewStore()
	if err := base.Save(context.Background(), lkt.Save{Snapshot: c.Snapshot(), Summary: c.Summary(clock.Now())}); err != nil {
		b.Fatal(err)
	}
	ms := &memStore{Store: base, snaps: map[lkt.ID]lkt.Snapshot{c.ID(): c.Snapshot()}, vers: map[lkt.ID]int64{c.ID(): c.Version()}}
	return ms, lkt.NewService(ms, lkttest.Config(clock))
}

// BenchmarkFHIR measures the FHIR paths as same-run ratios against the
// JSON API's, each iteration serving one request of each, alternately:
//
//   - export: GET /fhir/Patient/{id}/$everything (the whole community as
//     FHIR: finding it, reading it through Service.Get, mapping every
//     resource, encoding) against GET /api/communities/{id}, both of a
//     40-member community with a three-year history (lkttest.ThreeYears
//     grown to 40);
//   - import: fhir.Import of a 40-member community's Bundle (the active
//     fixture grown to 40) into a fresh community — parsing, checking
//     every identifier and code, one ImportMembers through Service.Do —
//     against the JSON API's command path doing the same: a POST
//     …/commands/AddMember per member and …/AssignRole per mandatory role
//     through the handler, into the same fresh community.
//
// "x-of-json" is the JSON path's time over the FHIR path's: the FHIR path's
// speed as a multiple of the JSON API's (target ≥ 0.5).
//
//	go test -run '^$' -bench BenchmarkFHIR -count 3 ./adapters/http/
func BenchmarkFHIR(b *testing.B) {
	b.Run("export", func(b *testing.B) {
		c, clock := fortyMembers(b)
		_, svc := storeOf(b, c, clock)
		toks := bearer{tokCoordinator: lkttest.Coordinator}
		h := NewServer(Deps{Service: svc, Auth: toks, Logger: slog.New(slog.DiscardHandler)})
		get := func(path string) func(int) *http.Request {
			return func(int) *http.Request {
				r, err := http.NewRequest("GET", path, nil)
				if err != nil {
					b.Fatal(err)
				}
				r.RequestURI, r.Header = path, http.Header{"Authorization": {"Bearer " + tokCoordinator}}
				return r
			}
		}
		reqs := [2]func(int) *http.Request{get("/api/communities/" + string(c.ID())), get("/fhir/Patient/" + string(lkttest.PatientID) + "/$everything")}
		benchAgainst(b, func(k, i int) {
			w := &discardWriter{h: http.Header{}}
			h.ServeHTTP(w, reqs[k](i))
			if w.status != http.StatusOK {
				b.Fatalf("%d", w.status)
			}
		})
	})
	b.Run("import", func(b *testing.B) {
		// The active fixture grown to 40 members: the team as an EHR
		// knows it today.
		src, srcClock := lkttest.Active(b)
		grow(b, src)
		data, err := json.Marshal(fhir.Export(src, srcClock.Now(), fhir.Options{}))
		if err != nil {
			b.Fatal(err)
		}
		// The target: a fresh community of the same patient, with consent
		// and a coordinator, as an EHR's team meets it.
		clock := lkttest.NewClock(lkttest.Start)
		bld := lkttest.NewBuilder()
		fresh, err := lkt.Create(lkttest.Config(clock), lkttest.Coordinator, bld.New())
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range bld.Steps(clock.Now())[:2] {
			if err := fresh.Do(s.By, s.Cmd); err != nil {
				b.Fatal(err)
			}
		}
		if err := fresh.Do(lkttest.Coordinator, lkt.AppointCoordinator{MemberID: lkttest.CoordinatorID}); err != nil {
			b.Fatal(err)
		}
		fresh.MarkSaved()
		ms, svc := storeOf(b, fresh, clock)
		snap, version := fresh.Snapshot(), fresh.Version()
		ctx := context.Background()
		opt := fhir.ImportOptions{AcceptSyntheticIDs: true, Source: "bench"}
		out, err := fhir.Import(ctx, svc, lkttest.Coordinator, fresh.ID(), lkt.AnyVersion, data, opt)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(out.Members()); n < 40 {
			b.Fatalf("the import made %d members, want 40", n)
		}
		// The same members through the JSON API: one AddMember per member
		// and one AssignRole per mandatory role the Bundle gives, into the
		// same fresh community on a store of its own.
		cmd, _, err := fhir.Parse(data, fresh.Patient(), opt)
		if err != nil {
			b.Fatal(err)
		}
		var bodies []string
		for _, m := range cmd.Members {
			if _, ok := fresh.Member(m.Member.ID); ok {
				continue // there already: the import leaves them as they are
			}
			bodies = append(bodies, "AddMember\x00"+string(mustMarshal(b, lkt.AddMember{Member: m.Member})))
		}
		for _, r := range cmd.Roles {
			if h, ok := fresh.Holder(r.Role); ok && h.ID == r.MemberID {
				continue
			}
			bodies = append(bodies, "AssignRole\x00"+string(mustMarshal(b, lkt.AssignRole(r))))
		}
		b.Logf("the JSON API's path: %d requests for %d members and %d roles", len(bodies), len(cmd.Members), len(cmd.Roles))
		jms, jsvc := storeOf(b, fresh, clock)
		toks := bearer{tokCoordinator: lkttest.Coordinator}
		h := NewServer(Deps{Service: jsvc, Auth: toks, Logger: slog.New(slog.DiscardHandler)})
		hdr := http.Header{"Authorization": {"Bearer " + tokCoordinator}, "Content-Type": {"application/json"}, "If-Match": {"*"}}
		benchAgainst(b, func(k, i int) {
			if k == 0 {
				jms.mu.Lock()
				jms.snaps[fresh.ID()], jms.vers[fresh.ID()] = snap, version
				jms.mu.Unlock()
				for _, nb := range bodies {
					name, body, _ := strings.Cut(nb, "\x00")
					path := "/api/communities/" + string(fresh.ID()) + "/commands/" + name
					r, err := http.NewRequest("POST", path, strings.NewReader(body))
					if err != nil {
						b.Fatal(err)
					}
					r.RequestURI, r.Header = path, hdr.Clone()
					w := &discardWriter{h: http.Header{}}
					h.ServeHTTP(w, r)
					if w.status != http.StatusOK {
						b.Fatalf("%s: %d", name, w.status)
					}
				}
				return
			}
			ms.mu.Lock()
			ms.snaps[fresh.ID()], ms.vers[fresh.ID()] = snap, version // fresh again: nothing imported yet
			ms.mu.Unlock()
			if _, err := fhir.Import(ctx, svc, lkttest.Coordinator, fresh.ID(), lkt.AnyVersion, data, opt); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// benchAgainst runs do(0, i), the JSON API's path, and do(1, i), the FHIR
// path, alternately (neither always first), and reports the first's time
// over the second's as x-of-json, with each path's time per operation.
func benchAgainst(b *testing.B, do func(k, i int)) {
	var spent [2]time.Duration
	n := 0
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		for k := range 2 {
			k = (k + i) % 2
			start := time.Now()
			do(k, i)
			spent[k] += time.Since(start)
		}
		n++
	}
	b.ReportMetric(float64(spent[0])/float64(spent[1]), "x-of-json")
	b.ReportMetric(float64(spent[0].Nanoseconds())/float64(n), "json-ns/op")
	b.ReportMetric(float64(spent[1].Nanoseconds())/float64(n), "fhir-ns/op")
}

func mustMarshal(b *testing.B, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
