package http

import (
	"bytes"
	"net/http"
	"sync"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// CommunityView is what GET /api/communities/{id} returns: the whole
// community as stored, with what every reader should see beside it —
// consent in force, what stands between it and activation, and warnings —
// in the request's language.
type CommunityView struct {
	ID      lkt.ID           `json:"id"`
	Version int64            `json:"version"`
	Status  lkt.Status       `json:"status"`
	Consent lkt.ConsentState `json:"consent"`
	// VacantRoles are the mandatory roles without a holder today.
	VacantRoles []roles.Code `json:"vacantRoles"`
	// Readiness lists what stands between the community and activation;
	// empty when it can be (or is) active.
	Readiness []Notice `json:"readiness"`
	// Warnings are states that are allowed but need attention.
	Warnings []Notice `json:"warnings"`
	// Plan is the status of the plan for collaboration (D).
	Plan lkt.PlanStatus `json:"plan"`
	// Phase is the patient's phase of the phase model, if one was set (E).
	Phase plan.Phase `json:"phase,omitempty"`
	// OpenMeasures are the contingency measures the phase activated that
	// are not done: who must do what, by when.
	OpenMeasures []plan.ActiveMeasure `json:"openMeasures"`
	// DueThisWeek and Overdue are what is open in the execution.
	DueThisWeek []plan.Item `json:"dueThisWeek"`
	Overdue     []plan.Item `json:"overdue"`
	// PatientNotices tell the patient's side who joined and who speaks for
	// the patient, on what basis; empty for every other reader.
	PatientNotices []PatientNotice `json:"patientNotices"`
	// Community is the whole state, as the reader may see it: what is
	// withheld from them is named in its "withheld".
	Community lkt.Snapshot `json:"community"`
}

// Notice is a rule and what it says, in the request's language.
type Notice struct {
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// PatientNotice is lkt.PatientNotice with its message in the request's
// language.
type PatientNotice struct {
	At      time.Time        `json:"at"`
	Kind    string           `json:"kind"`
	By      actormap.ActorID `json:"by"`
	About   actormap.ActorID `json:"about,omitempty"`
	Message string           `json:"message"`
}

// appendPatientNotices appends ns, said in lang, to out; never nil.
func appendPatientNotices(out []PatientNotice, ns []lkt.PatientNotice, lang roles.Lang) []PatientNotice {
	out = nonNil(out)
	for _, n := range ns {
		out = append(out, PatientNotice{n.At, n.Kind, n.By, n.About, n.Message.In(lang)})
	}
	return out
}

// itemsIn returns items with the title of each the framework wrote (a
// role to fill, the meeting before a discharge) in lang, so that every
// text an answer carries is in the reader's language; never nil.
func itemsIn(items []plan.Item, lang roles.Lang) []plan.Item {
	return appendItemsIn(make([]plan.Item, 0, len(items)), items, lang)
}

// appendItemsIn appends itemsIn(items, lang) to out; never nil.
func appendItemsIn(out []plan.Item, items []plan.Item, lang roles.Lang) []plan.Item {
	out = nonNil(out)
	for _, it := range items {
		if it.Message != nil {
			it.Title, it.Message = it.Message.In(lang), nil
		}
		out = append(out, it)
	}
	return out
}

// viewHead is CommunityView without Community: what a read computes for
// its day and language. Its fields, in order and with their tags, are
// CommunityView's (a test keeps them in step), so that the head's JSON
// followed by the snapshot's is CommunityView's JSON.
type viewHead struct {
	ID           lkt.ID               `json:"id"`
	Version      int64                `json:"version"`
	Status       lkt.Status           `json:"status"`
	Consent      lkt.ConsentState     `json:"consent"`
	VacantRoles  []roles.Code         `json:"vacantRoles"`
	Readiness    []Notice             `json:"readiness"`
	Warnings     []Notice             `json:"warnings"`
	Plan         lkt.PlanStatus       `json:"plan"`
	Phase        plan.Phase           `json:"phase,omitempty"`
	OpenMeasures []plan.ActiveMeasure `json:"openMeasures"`
	DueThisWeek  []plan.Item          `json:"dueThisWeek"`
	Overdue      []plan.Item          `json:"overdue"`
	// PatientNotices, only for the patient's side (lkt.Community.ViewFor).
	PatientNotices []PatientNotice `json:"patientNotices"`
}

// headOf encodes o, the overview, in lang: the rules' words are said,
// nothing is computed.
func headOf(o *lkt.Overview, lang roles.Lang) viewHead {
	var h viewHead
	h.fill(o, lang)
	return h
}

// fill makes h the head of o in lang, as headOf does, reusing the room of
// h's lists: a pooled head (outBuffer) answers without allocating them.
func (h *viewHead) fill(o *lkt.Overview, lang roles.Lang) {
	x := &o.Execution
	*h = viewHead{
		ID: o.ID, Version: o.Version, Status: o.Status, Consent: o.Consent, VacantRoles: o.VacantRoles,
		Readiness: appendNotices(h.Readiness[:0], o.Readiness, lang), Warnings: appendNotices(h.Warnings[:0], o.Warnings, lang),
		Plan: o.Plan.Status, Phase: x.Phase, OpenMeasures: x.OpenMeasures,
		DueThisWeek: appendItemsIn(h.DueThisWeek[:0], x.DueThisWeek, lang), Overdue: appendItemsIn(h.Overdue[:0], x.Overdue, lang),
		PatientNotices: appendPatientNotices(h.PatientNotices[:0], o.PatientNotices, lang),
	}
}

// clear lets go of what h refers to and keeps the room of its lists,
// unless a list grew unusually long.
func (h *viewHead) clear() {
	*h = viewHead{Readiness: emptied(h.Readiness), Warnings: emptied(h.Warnings), DueThisWeek: emptied(h.DueThisWeek),
		Overdue: emptied(h.Overdue), PatientNotices: emptied(h.PatientNotices)}
}

// emptied is s cleared and of length 0, or nil if it is longer than a
// pooled head keeps.
func emptied[T any](s []T) []T {
	if cap(s) > 64 {
		return nil
	}
	clear(s)
	return s[:0]
}

// appendNotices appends ws, said in lang, to out, never nil: no notices
// encode as [], not null.
func appendNotices(out []Notice, ws []lkt.Warning, lang roles.Lang) []Notice {
	out = nonNil(out)
	for _, w := range ws {
		out = append(out, Notice{w.Rule, w.Message.In(lang)})
	}
	return out
}

func viewOf(o *lkt.Overview, lang roles.Lang) CommunityView {
	h := headOf(o, lang)
	return CommunityView{
		ID: h.ID, Version: h.Version, Status: h.Status, Consent: h.Consent, VacantRoles: h.VacantRoles,
		Readiness: h.Readiness, Warnings: h.Warnings, Plan: h.Plan, Phase: h.Phase,
		OpenMeasures: h.OpenMeasures, DueThisWeek: h.DueThisWeek, Overdue: h.Overdue, PatientNotices: h.PatientNotices,
		Community: o.Community.Snapshot(),
	}
}

// writeView answers o, the overview of a community as loaded from the
// store, as its CommunityView in lang, exactly as encode(w, status,
// viewOf(o, lang)) would, without encoding the snapshot again when this
// version of it was read before.
func (s *server) writeView(w http.ResponseWriter, status int, o *lkt.Overview, lang roles.Lang) {
	writeHeadAnd(w, status, o, lang, func(b *outBuffer) error {
		snap, err := s.snapshots.json(o.Community)
		b.Write(snap)
		return err
	})
}

// writeSavedView answers o, the overview of a community as a command left
// it, as its CommunityView in lang, exactly as encode(w, status, viewOf(o,
// lang)) would. Its snapshot is the JSON the store encoded when it saved
// it (lkt.Community.AppendSnapshotJSON), or else encoded afresh: the state
// in memory is not cached (see snapshotCache).
func writeSavedView(w http.ResponseWriter, status int, o *lkt.Overview, lang roles.Lang) {
	writeHeadAnd(w, status, o, lang, func(b *outBuffer) error {
		if snap, ok := o.Community.AppendSnapshotJSON(b.AvailableBuffer()); ok {
			b.Write(snap)
			return nil
		}
		if err := o.Community.EncodeSnapshot(b.enc); err != nil {
			return err
		}
		b.Truncate(b.Len() - len("\n"))
		return nil
	})
}

// writeHeadAnd answers the JSON of o's view head with, as its last field,
// the community that snapshot appends to b, without a newline.
func writeHeadAnd(w http.ResponseWriter, status int, o *lkt.Overview, lang roles.Lang, snapshot func(*outBuffer) error) {
	b := getBuffer()
	defer putBuffer(b)
	h := &b.head
	h.fill(o, lang)
	defer h.clear()
	if err := b.encode(h); err != nil {
		http.Error(w, `{"code":"internal"}`, http.StatusInternalServerError)
		return
	}
	// The head ends in "}\n"; the snapshot is its last field.
	b.Truncate(b.Len() - len("}\n"))
	b.WriteString(`,"community":`)
	if err := snapshot(b); err != nil {
		http.Error(w, `{"code":"internal"}`, http.StatusInternalServerError)
		return
	}
	b.WriteString("}\n")
	writeBody(w, status, contentJSON, b.Bytes())
}

// snapshotCache keeps the JSON of each community's latest snapshot read,
// by id and version. A stored version is written once and never changes
// (Store.Save writes only at the version expected, and nothing rewrites a
// snapshot), so the encoding of a version as loaded is the encoding of its
// snapshot for as long as the server runs. Only communities as loaded are
// cached, not the state a command leaves in memory, so a read answers what
// encoding the stored snapshot gives. It is bounded by entries and bytes.
type snapshotCache struct {
	mu    sync.Mutex
	m     map[lkt.ID]encodedSnapshot
	bytes int
}

type encodedSnapshot struct {
	version int64
	json    []byte // never modified once cached
}

const (
	snapshotCacheEntries = 4096
	snapshotCacheBytes   = 64 << 20
)

// json returns the JSON encoding of c's snapshot, without the newline; c
// must be as loaded, without pending events.
func (sc *snapshotCache) json(c *lkt.Community) ([]byte, error) {
	id, version := c.ID(), c.Version()
	if len(c.Withheld()) > 0 {
		// A reader's view with something withheld (lkt.Community.ViewFor)
		// is encoded for them alone: the cache holds whole snapshots only.
		return encodeSnapshot(c)
	}
	sc.mu.Lock()
	e, ok := sc.m[id]
	sc.mu.Unlock()
	if ok && e.version == version {
		return e.json, nil
	}
	enc, err := encodeSnapshot(c)
	if err != nil {
		return nil, err
	}
	sc.put(id, version, enc)
	return enc, nil
}

// encodeSnapshot returns the JSON of c's snapshot, without the newline.
func encodeSnapshot(c *lkt.Community) ([]byte, error) {
	b := getBuffer()
	defer putBuffer(b)
	if err := c.EncodeSnapshot(b.enc); err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()[:b.Len()-1]), nil
}

func (sc *snapshotCache) put(id lkt.ID, version int64, enc []byte) {
	if len(enc) > snapshotCacheBytes/16 {
		return
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.m == nil {
		sc.m = map[lkt.ID]encodedSnapshot{}
	}
	old, ok := sc.m[id]
	if ok && old.version >= version {
		return // a slower reader of an older version
	}
	if ok {
		sc.bytes -= len(old.json)
		delete(sc.m, id)
	}
	for k, e := range sc.m { // evict arbitrary entries to make room
		if len(sc.m) < snapshotCacheEntries && sc.bytes+len(enc) <= snapshotCacheBytes {
			break
		}
		sc.bytes -= len(e.json)
		delete(sc.m, k)
	}
	sc.m[id] = encodedSnapshot{version: version, json: enc}
	sc.bytes += len(enc)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// EventPage is one page of a community's history.
type EventPage struct {
	Items []lkt.Event `json:"items"`
	// Next is the cursor for the next page (pass as ?after=); 0 when this
	// page was not full.
	Next int64 `json:"next,omitempty"`
}

// AuditPage is one page of a community's audit trail.
type AuditPage struct {
	Items []lkt.AuditEntry `json:"items"`
	Next  int64            `json:"next,omitempty"`
}

// Health is what /healthz and /readyz answer.
type Health struct {
	Status string `json:"status"`
}

func labels(en, nb, nn string) roles.Labels { return roles.Labels{EN: en, NB: nb, NN: nn} }
