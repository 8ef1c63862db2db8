package http

import (
	"context"
	"net/http"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// BenchmarkRead gets a community, its plan and its execution through the
// whole handler, as BenchmarkCommand posts a command: "load" is the load
// command's community (a draft), "fixture" the larger lkttest community
// with an agreed plan.
//
//	go test -run XXX -bench Read -benchtime 3s ./adapters/http
func BenchmarkRead(b *testing.B) {
	seeds := []struct {
		name string
		seed func(context.Context, *lkt.Service) (*lkt.Community, error)
		by   lkt.Principal
	}{
		{"load", seedLoad, loadCoordinator},
		{"fixture", func(ctx context.Context, svc *lkt.Service) (*lkt.Community, error) {
			return lkttest.NewBuilder().WithPlan().Seed(ctx, svc)
		}, lkttest.Coordinator},
	}
	for _, sd := range seeds {
		for _, suffix := range []string{"", "/plan", "/execution"} {
			b.Run(sd.name+suffix, func(b *testing.B) {
				h, c := benchHandler(b, nil, sd.seed, sd.by)
				path := "/api/communities/" + string(c.ID()) + suffix
				hdr := http.Header{"Authorization": {"Bearer " + tokCoordinator}}
				w := &discardWriter{}
				b.ReportAllocs()
				for b.Loop() {
					r, err := http.NewRequest("GET", path, nil)
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
			})
		}
	}
}
