package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/lkttest"
)

// The communities Populate stores, each the fixture community of lkttest
// with one thing changed, so that every portfolio filter has something to
// find and something to leave out.
const (
	// Jonas is lkttest's valid, active community, read and refused.
	Jonas = lkttest.CommunityID
	// GPVacant is a draft in Bergen without a GP: the GP never joined.
	GPVacant lkt.ID = "c-gp-vacant"
	// NoCoordinator is a draft in Os whose coordinator role is vacant.
	NoCoordinator lkt.ID = "c-no-coordinator"
	// Withdrawn is active in Bergen, and its consent has been withdrawn.
	Withdrawn lkt.ID = "c-withdrawn"
	// GPLeaving is active, and its GP leaves on LeavingOn.
	GPLeaving lkt.ID = "c-gp-leaving"
)

// LeavingOn is the day the GP of GPLeaving leaves: from then on its GP role
// is vacant.
var LeavingOn = time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC)

// Fixture is what Populate stored, as the store was asked to store it:
// the reference a store's reads are checked against.
type Fixture struct {
	// Clock is the clock the communities were written on; Verify and
	// further service calls use it.
	Clock *lkttest.Clock
	// IDs are the stored communities, in ID order.
	IDs       []lkt.ID
	Snapshots map[lkt.ID]lkt.Snapshot
	Summaries map[lkt.ID]lkt.Summary
	Versions  map[lkt.ID]int64
	Events    map[lkt.ID][]lkt.Event
	Audit     map[lkt.ID][]lkt.AuditEntry
}

// PatientOf returns the ids of the communities whose patient is id, in ID
// order.
func (f *Fixture) PatientOf(id actormap.ActorID) []lkt.ID {
	var out []lkt.ID
	for _, c := range f.IDs {
		if f.Snapshots[c].Patient.ID == id {
			out = append(out, c)
		}
	}
	return out
}

// Config returns the domain configuration on the fixture's clock.
func (f *Fixture) Config() lkt.Config { return lkttest.Config(f.Clock) }

// Populate stores the fixture communities in s through a Service — every
// element, several revisions, reads, a refused read and a refused stale
// write — and returns what was stored. s must be empty.
func Populate(t testing.TB, s lkt.Store) *Fixture {
	t.Helper()
	ctx := context.Background()
	clock := lkttest.NewClock(lkttest.Start)
	rec := &recorder{Store: s}
	svc := lkt.NewService(rec, lkttest.Config(clock))
	b := lkttest.NewBuilder()

	seed(t, svc, b, "")
	seed(t, svc, b.WithID(GPVacant).Without("member:"+string(lkttest.GPID), lkttest.StepGP, lkttest.StepActivate), "Bergen")
	seed(t, svc, b.WithID(NoCoordinator).Without(lkttest.StepCoordinator, lkttest.StepAnchoring, lkttest.StepActivate), "Os")
	seed(t, svc, b.WithID(Withdrawn), "Bergen")
	seed(t, svc, b.WithID(GPLeaving), "")

	clock.Advance(24 * time.Hour)
	do(t, svc, lkttest.Mother, Withdrawn, lkt.WithdrawConsent{WithdrawnBy: lkttest.MotherID, Reason: "We want a break."})
	leaving := LeavingOn
	do(t, svc, lkttest.Coordinator, GPLeaving, lkt.ChangeMemberStatus{MemberID: lkttest.GPID, Status: actormap.Leaving, LeavingOn: &leaving, Reason: "Retires."})
	do(t, svc, lkttest.Mother, Jonas, lkt.ReviseStory{GoodDay: "A good day is a day without pain.", Challenges: []string{"Stairs at school"}})
	do(t, svc, lkttest.Coordinator, Jonas, lkt.UpdateMember{MemberID: lkttest.GPID, Name: "Per Hauge", Organisation: "Os legesenter", HPR: "1234560",
		Contact: actormap.Contact{Phone: "+47 555 99 000"}})

	// Reads, allowed and refused, and a refused stale write: each leaves
	// an audit entry.
	clock.Advance(time.Hour)
	_, err := svc.Get(ctx, lkttest.Coordinator, Jonas)
	require.NoError(t, err)
	_, err = svc.Get(ctx, lkttest.Outsider, Jonas)
	require.Equal(t, lkt.Forbidden, lkt.CodeOf(err))
	_, err = svc.History(ctx, lkttest.Patient, Jonas, 0, 0)
	require.NoError(t, err)
	_, err = svc.Summary(ctx, lkttest.GP, Withdrawn)
	require.NoError(t, err)
	_, err = svc.AuditTrail(ctx, lkttest.Patient, Jonas, 0, 0)
	require.NoError(t, err)
	_, err = svc.List(ctx, lkttest.Coordinator, lkt.Query{})
	require.NoError(t, err)
	_, err = svc.Do(ctx, lkttest.Coordinator, Jonas, 1, lkt.ReviseStory{GoodDay: "stale"})
	require.Equal(t, lkt.Conflict, lkt.CodeOf(err))

	return rec.fixture(clock)
}

// seed creates the community b describes through svc, in municipality
// (the builder's if empty), and applies b's steps.
func seed(t testing.TB, svc *lkt.Service, b lkttest.Builder, municipality string) {
	t.Helper()
	ctx := context.Background()
	in := b.New()
	if municipality != "" {
		in.Municipality = municipality
	}
	_, err := svc.Create(ctx, lkttest.Coordinator, in)
	require.NoError(t, err, "create %s", b.ID)
	for _, s := range b.Steps(svc.Config().Clock.Now()) {
		_, err := svc.Do(ctx, s.By, b.ID, lkt.AnyVersion, s.Cmd)
		require.NoError(t, err, "%s: step %s", b.ID, s.Name)
	}
}

func do(t testing.TB, svc *lkt.Service, by lkt.Principal, id lkt.ID, cmd lkt.Command) *lkt.Community {
	t.Helper()
	c, err := svc.Do(context.Background(), by, id, lkt.AnyVersion, cmd)
	require.NoError(t, err, "%s: %s", id, cmd.CommandName())
	return c
}

// Verify checks that s holds exactly what f says: each community's
// snapshot and version, its events in order (whole and page by page), its
// audit trail in order, and every summary in a portfolio query.
func (f *Fixture) Verify(t testing.TB, s lkt.Store) {
	t.Helper()
	ctx := context.Background()
	for _, id := range f.IDs {
		snap, v, err := s.Load(ctx, id)
		require.NoError(t, err, "load %s", id)
		assert.Equal(t, f.Versions[id], v, "version of %s", id)
		assert.JSONEq(t, mustJSON(t, f.Snapshots[id]), mustJSON(t, snap), "snapshot of %s", id)

		evs, err := s.Events(ctx, id, 0, lkt.MaxPage)
		require.NoError(t, err, "events of %s", id)
		requireEvents(t, f.Events[id], evs, "events of %s", id)
		paged := readPaged(t, 3, func(after int64, n int) ([]lkt.Event, error) { return s.Events(ctx, id, after, n) },
			func(e lkt.Event) int64 { return e.Seq })
		requireEvents(t, f.Events[id], paged, "events of %s, 3 at a time", id)
		tail, err := s.Events(ctx, id, v-1, 10)
		require.NoError(t, err)
		require.Len(t, tail, 1, "the event after seq %d of %s", v-1, id)

		au, err := s.Audit(ctx, id, 0, lkt.MaxPage)
		require.NoError(t, err, "audit of %s", id)
		requireAudit(t, f.Audit[id], au, "audit of %s", id)
		pagedAu := readPaged(t, 2, func(after int64, n int) ([]lkt.AuditEntry, error) { return s.Audit(ctx, id, after, n) },
			func(e lkt.AuditEntry) int64 { return e.Seq })
		requireAudit(t, f.Audit[id], pagedAu, "audit of %s, 2 at a time", id)
	}
	page, err := s.Query(ctx, lkt.Query{Limit: lkt.MaxPage})
	require.NoError(t, err)
	require.Equal(t, f.IDs, pageIDs(page.Items), "all communities")
	for _, it := range page.Items {
		assert.JSONEq(t, mustJSON(t, f.Summaries[it.ID]), mustJSON(t, it), "summary of %s", it.ID)
	}
	assert.Empty(t, page.Next)
}

func requireEvents(t testing.TB, want, got []lkt.Event, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	require.Len(t, got, len(want), msg)
	for i := range want {
		assert.Equal(t, int64(i+1), got[i].Seq, msg)
		assert.JSONEq(t, mustJSON(t, want[i]), mustJSON(t, got[i]), msg)
	}
}

func requireAudit(t testing.TB, want, got []lkt.AuditEntry, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	require.Len(t, got, len(want), msg)
	var last int64
	for i := range want {
		g, w := got[i], want[i]
		assert.Greater(t, g.Seq, last, "audit seq must increase: %s", msg)
		last = g.Seq
		assert.True(t, w.At.Equal(g.At), "at %v, want %v: %s", g.At, w.At, msg)
		g.Seq, g.At, w.Seq, w.At = 0, time.Time{}, 0, time.Time{}
		// An audit entry keeps who asked (kind, id, name), not the claims
		// their sign-in verified that day.
		g.By.Verified, w.By.Verified = lkt.Claims{}, lkt.Claims{}
		assert.Equal(t, w, g, msg)
	}
}

func pageIDs(items []lkt.Summary) []lkt.ID {
	ids := make([]lkt.ID, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	return ids
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// recorder passes everything to a Store and remembers what was stored.
type recorder struct {
	lkt.Store
	mu    sync.Mutex
	saves []lkt.Save
	audit []lkt.AuditEntry
}

func (r *recorder) Save(ctx context.Context, s lkt.Save) error {
	if err := r.Store.Save(ctx, s); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saves = append(r.saves, s)
	r.audit = append(r.audit, s.Audit...)
	return nil
}

func (r *recorder) RecordAudit(ctx context.Context, entries ...lkt.AuditEntry) error {
	if err := r.Store.RecordAudit(ctx, entries...); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.audit = append(r.audit, entries...)
	return nil
}

func (r *recorder) fixture(clock *lkttest.Clock) *Fixture {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := &Fixture{Clock: clock, Snapshots: map[lkt.ID]lkt.Snapshot{}, Summaries: map[lkt.ID]lkt.Summary{},
		Versions: map[lkt.ID]int64{}, Events: map[lkt.ID][]lkt.Event{}, Audit: map[lkt.ID][]lkt.AuditEntry{}}
	for _, s := range r.saves {
		id := s.Snapshot.ID
		if _, ok := f.Snapshots[id]; !ok {
			f.IDs = append(f.IDs, id)
		}
		f.Snapshots[id], f.Summaries[id] = s.Snapshot, s.Summary
		f.Versions[id] = s.Expected + int64(len(s.Events))
		f.Events[id] = append(f.Events[id], s.Events...)
	}
	for _, a := range r.audit {
		f.Audit[a.Community] = append(f.Audit[a.Community], a)
	}
	slices.Sort(f.IDs)
	return f
}

// readPaged reads a whole log n entries at a time, checking that no page
// is larger than asked for.
func readPaged[T any](t testing.TB, n int, read func(after int64, n int) ([]T, error), seq func(T) int64) []T {
	t.Helper()
	var all []T
	for after := int64(0); ; {
		page, err := read(after, n)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page), n)
		if len(page) == 0 {
			return all
		}
		all = append(all, page...)
		after = seq(page[len(page)-1])
	}
}
