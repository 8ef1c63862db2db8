package lkttest

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/lkt-rammeverk/go-lkt/lkt"
)

// Store is an in-memory lkt.Store for unit tests. It keeps snapshots and
// events as JSON, as a real store does, so a test using it also proves that
// everything it stores survives encoding. Safe for concurrent use.
type Store struct {
	mu     sync.RWMutex
	rows   map[lkt.ID]*row
	audit  []lkt.AuditEntry
	nextAu int64
	// feed is every saved event, in the order saved: the change feed.
	feed []feedRef
	// delivered is each webhook's delivery cursor.
	delivered map[string]lkt.Cursor
	// open is the community each patient has open (lkt.Save.OpenPatient).
	open map[string]lkt.ID
	// idem holds the idempotency records of commands (lkt.Save.Idempotency).
	idem map[idemKey]idemRecord
	// FailSave, when set, makes Save return it: for testing error paths.
	FailSave error
}

// feedRef is an event in the feed: the community's row and its index.
type feedRef struct {
	row *row
	i   int
}

type row struct {
	snapshot []byte
	summary  lkt.Summary
	version  int64
	events   [][]byte
	open     string // the row's lkt.Save.OpenPatient
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{rows: map[lkt.ID]*row{}, open: map[string]lkt.ID{}} }

// Load implements lkt.Store.
func (s *Store) Load(_ context.Context, id lkt.ID) (lkt.Snapshot, int64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.rows[id]
	if !ok {
		return lkt.Snapshot{}, 0, lkt.NotFoundError(id)
	}
	var snap lkt.Snapshot
	if err := json.Unmarshal(r.snapshot, &snap); err != nil {
		return lkt.Snapshot{}, 0, err
	}
	return snap, r.version, nil
}

// Save implements lkt.Store.
func (s *Store) Save(_ context.Context, in lkt.Save) error {
	snap, err := json.Marshal(in.Snapshot)
	if err != nil {
		return err
	}
	if in.SnapshotJSON != nil {
		*in.SnapshotJSON = snap // kept as it is, never changed
	}
	idem, err := encodeIdempotency(in.Idempotency)
	if err != nil {
		return err
	}
	events := make([][]byte, len(in.Events))
	for i, e := range in.Events {
		if events[i], err = json.Marshal(e); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailSave != nil {
		return s.FailSave
	}
	r, exists := s.rows[in.Snapshot.ID]
	current := int64(0)
	if exists {
		current = r.version
	}
	if (in.Expected == 0 && exists) || current != in.Expected {
		return lkt.ConflictError(in.Snapshot.ID, in.Expected, current)
	}
	var ik idemKey
	if rec := in.Idempotency; rec != nil {
		ik = idemKey{rec.Community, rec.By.Kind, string(rec.By.ID), rec.Key}
		if had, ok := s.idem[ik]; ok && rec.At.Sub(had.rec.At) < lkt.IdempotencyWindow {
			return lkt.IdempotencyKeyTakenError()
		}
	}
	key := in.OpenPatient()
	if holder, taken := s.open[key]; key != "" && taken && holder != in.Snapshot.ID {
		return lkt.OneOpenCommunityError()
	}
	if !exists {
		r = &row{}
		s.rows[in.Snapshot.ID] = r
	}
	r.snapshot, r.summary = snap, in.Summary
	if r.open != key {
		delete(s.open, r.open)
		if key != "" {
			s.open[key] = in.Snapshot.ID
		}
		r.open = key
	}
	if in.Idempotency != nil {
		if s.idem == nil {
			s.idem = map[idemKey]idemRecord{}
		}
		for k, had := range s.idem {
			if k.community == ik.community && in.Idempotency.At.Sub(had.rec.At) >= lkt.IdempotencyWindow {
				delete(s.idem, k)
			}
		}
		s.idem[ik] = idem
	}
	r.version = in.Expected + int64(len(in.Events))
	for _, e := range events {
		s.feed = append(s.feed, feedRef{r, len(r.events)})
		r.events = append(r.events, e)
	}
	s.appendAudit(in.Audit)
	return nil
}

func (s *Store) appendAudit(entries []lkt.AuditEntry) {
	for _, e := range entries {
		s.nextAu++
		e.Seq = s.nextAu
		s.audit = append(s.audit, e)
	}
}

// RecordAudit implements lkt.Store.
func (s *Store) RecordAudit(_ context.Context, entries ...lkt.AuditEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appendAudit(entries)
	return nil
}

// Events implements lkt.Store.
func (s *Store) Events(_ context.Context, id lkt.ID, after int64, limit int) ([]lkt.Event, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.rows[id]
	if !ok {
		return nil, lkt.NotFoundError(id)
	}
	var out []lkt.Event
	for i := max(after, 0); i < int64(len(r.events)) && len(out) < limit; i++ {
		var e lkt.Event
		if err := json.Unmarshal(r.events[i], &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Audit implements lkt.Store.
func (s *Store) Audit(_ context.Context, id lkt.ID, after int64, limit int) ([]lkt.AuditEntry, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.rows[id]; !ok {
		return nil, lkt.NotFoundError(id)
	}
	var out []lkt.AuditEntry
	for _, e := range s.audit {
		if e.Community == id && e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

// Query implements lkt.Store by scanning: fine for tests, which is all
// this store is for.
func (s *Store) Query(_ context.Context, q lkt.Query) (lkt.Page, error) {
	s.mu.RLock()
	ids := make([]lkt.ID, 0, len(s.rows))
	for id := range s.rows {
		if id > q.After {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	limit := q.PageLimit()
	var page lkt.Page
	for _, id := range ids {
		sum := s.rows[id].summary
		if !q.Matches(sum) {
			continue
		}
		if len(page.Items) == limit {
			page.Next = page.Items[len(page.Items)-1].ID
			break
		}
		sum.Members = slices.Clone(sum.Members)
		sum.NationalIDKeys = nil // never read back, as from a store that keeps JSON
		page.Items = append(page.Items, sum)
	}
	s.mu.RUnlock()
	return page, nil
}

// feedCursor prefixes this store's cursors: the position after an entry,
// counted from 1.
const feedCursor = "mem:"

// Feed implements lkt.ChangeFeed. Saves append under the store's lock, so
// the feed's order is the order saves committed in.
func (s *Store) Feed(_ context.Context, after lkt.Cursor, limit int) ([]lkt.FeedEntry, lkt.Cursor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	from := 0
	if after != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(string(after), feedCursor))
		if err != nil || !strings.HasPrefix(string(after), feedCursor) || n < 1 || n > len(s.feed) || string(after) != feedCursor+strconv.Itoa(n) {
			return nil, after, lkt.CursorError(after)
		}
		from = n
	}
	next := after
	var out []lkt.FeedEntry
	for i := from; i < len(s.feed) && len(out) < limit; i++ {
		var e lkt.Event
		if err := json.Unmarshal(s.feed[i].row.events[s.feed[i].i], &e); err != nil {
			return nil, after, err
		}
		next = lkt.Cursor(feedCursor + strconv.Itoa(i+1))
		out = append(out, lkt.FeedEntry{Cursor: next, Event: e})
	}
	return out, next, nil
}

var _ lkt.Store = (*Store)(nil)

// idemRecord is an idempotency record as kept: its Result encoded, like
// every snapshot here, so that it shares nothing with the caller's.
type idemRecord struct {
	rec    lkt.Idempotency // Result nil
	result []byte
}

func encodeIdempotency(rec *lkt.Idempotency) (idemRecord, error) {
	if rec == nil {
		return idemRecord{}, nil
	}
	b, err := rec.ResultJSON()
	kept := idemRecord{rec: *rec, result: b}
	kept.rec.Result = nil
	return kept, err
}

// idemKey identifies an idempotency record.
type idemKey struct {
	community lkt.ID
	kind      lkt.PrincipalKind
	by, key   string
}

// Idempotent implements lkt.Store.
func (s *Store) Idempotent(_ context.Context, id lkt.ID, by lkt.Principal, key string) (lkt.Idempotency, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	kept, ok := s.idem[idemKey{id, by.Kind, string(by.ID), key}]
	if !ok {
		return lkt.Idempotency{}, &lkt.Error{Code: lkt.NotFound, Field: "Idempotency-Key"}
	}
	rec := kept.rec
	if err := rec.SetResultJSON(kept.result); err != nil {
		return lkt.Idempotency{}, err
	}
	return rec, nil
}

// DeliveryCursor returns how far webhook has been delivered (see
// adapters/webhook).
func (s *Store) DeliveryCursor(_ context.Context, webhook string) (lkt.Cursor, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.delivered[webhook], nil
}

// SetDeliveryCursor records how far webhook has been delivered.
func (s *Store) SetDeliveryCursor(_ context.Context, webhook string, c lkt.Cursor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.delivered == nil {
		s.delivered = map[string]lkt.Cursor{}
	}
	s.delivered[webhook] = c
	return nil
}
