package postgres

import (
	"context"
	"strconv"
	"testing"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// BenchmarkSaveOneWriter is one writer's commands, each decided on the
// cached snapshot and saved durably, as in the library's figure at 1
// writer of go run ./examples/bench/pg: a member's contact changed, on
// four communities in turn. It also reports the write-ahead log written
// per save (walB/op), all of it the saves' with nothing else running.
func BenchmarkSaveOneWriter(b *testing.B) {
	ctx := context.Background()
	s := openTest(b, "", nil)
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	ids := []lkt.ID{"c-0", "c-1", "c-2", "c-3"}
	for _, id := range ids {
		if _, err := lkttest.NewBuilder().WithID(id).Seed(ctx, svc); err != nil {
			b.Fatal(err)
		}
	}
	lsn := func() (n int64) {
		if err := s.Pool().QueryRow(ctx, `SELECT pg_current_wal_insert_lsn() - '0/0'`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	b.ReportAllocs()
	wal0, i := lsn(), 0
	for b.Loop() {
		i++
		cmd := lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", Contact: actormap.Contact{Phone: strconv.Itoa(i)}}
		if _, err := svc.Do(ctx, lkttest.Coordinator, ids[i%len(ids)], lkt.AnyVersion, cmd); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lsn()-wal0)/float64(b.N), "walB/op")
}
