package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The benchmarks measure the store's own paths; examples/bench compares
// them with a raw database/sql baseline and at portfolio scale.

func benchStore(b *testing.B, n int) (*lkt.Service, lkt.Store) {
	b.Helper()
	s := open(&testing.T{}, filepath.Join(b.TempDir(), "lkt.db"), nil)
	b.Cleanup(func() { s.Close() })
	svc := lkt.NewService(s, lkttest.Config(lkttest.NewClock(lkttest.Start)))
	for i := range n {
		_, err := lkttest.NewBuilder().WithID(lkt.ID(fmt.Sprintf("c-%03d", i))).Seed(context.Background(), svc)
		require.NoError(b, err)
	}
	return svc, s
}

// BenchmarkServiceDo is a durable save through the Service: load, apply,
// save with its event and audit entry.
func BenchmarkServiceDo(b *testing.B) {
	svc, _ := benchStore(b, 16)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, err := svc.Do(ctx, lkttest.Coordinator, lkt.ID(fmt.Sprintf("c-%03d", i%16)), lkt.AnyVersion,
			lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Contact: actormap.Contact{Phone: strconv.Itoa(i)}})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is get-by-id: select and decode the snapshot.
func BenchmarkLoad(b *testing.B) {
	_, s := benchStore(b, 16)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, _, err := s.Load(ctx, lkt.ID(fmt.Sprintf("c-%03d", i%16))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueryMember is a member's first page.
func BenchmarkQueryMember(b *testing.B) {
	_, s := benchStore(b, 60)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Query(ctx, lkt.Query{Member: lkttest.GPID}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordAudit is a read's audit entry, recorded on its own (not
// synced before it returns: see Options.AuditSync).
func BenchmarkRecordAudit(b *testing.B) {
	_, s := benchStore(b, 16)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		err := s.RecordAudit(ctx, lkt.AuditEntry{Community: lkt.ID(fmt.Sprintf("c-%03d", i%16)), At: lkttest.Start,
			By: lkt.Person(lkttest.CoordinatorID), Action: lkt.Read, Operation: "Get", Outcome: "ok", Version: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeedRead reads the change feed of 100 communities (about 1 600
// events) from its start, 500 entries a page, as the store gives it and
// through Service.Feed (withholding and audit included); it reports
// events/s.
func BenchmarkFeedRead(b *testing.B) {
	svc, s := benchStore(b, 100)
	ctx := context.Background()
	reader := lkt.System("bench")
	reader.Verified.Rights = lkt.RightsOf(lkt.RightReadFeed)
	for _, bc := range []struct {
		name string
		feed func(lkt.Cursor) ([]lkt.FeedEntry, lkt.Cursor, error)
	}{
		{"store", func(c lkt.Cursor) ([]lkt.FeedEntry, lkt.Cursor, error) { return s.Feed(ctx, c, lkt.MaxPage) }},
		{"service", func(c lkt.Cursor) ([]lkt.FeedEntry, lkt.Cursor, error) { return svc.Feed(ctx, reader, c, lkt.MaxPage) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			events := 0
			for b.Loop() {
				for c := lkt.Cursor(""); ; {
					page, next, err := bc.feed(c)
					require.NoError(b, err)
					if len(page) == 0 {
						break
					}
					events, c = events+len(page), next
				}
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
