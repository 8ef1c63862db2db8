package lkt

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Store keeps communities, their events and the audit trail. Implementations
// live in adapters (adapters/sqlite, adapters/postgres) and in lkt/lkttest;
// adapters/storetest is the behaviour they all must show.
type Store interface {
	// Load returns a community's snapshot and version, or a NotFound error.
	// The snapshot is the caller's own: the Service changes it in place
	// (commands) and cuts it down to a reader's view in place (ViewFor).
	Load(ctx context.Context, id ID) (Snapshot, int64, error)
	// Save stores the new snapshot, its summary, the events and the audit
	// entries in one transaction, if the stored version still equals
	// Expected (0: the community must not exist yet). Otherwise it returns a
	// Conflict error and stores nothing. Save must not modify s or keep any
	// reference into it after it returns: s.Snapshot shares memory with the
	// live community.
	Save(ctx context.Context, s Save) error
	// RecordAudit appends audit entries for reads and refused writes. When
	// it returns nil the entries are stored and readable by Audit; a store
	// may sync them to disk a little later than a Save (it must say how
	// much later: see sqlite.Options.AuditSync).
	RecordAudit(ctx context.Context, entries ...AuditEntry) error
	// Events returns up to limit events with Seq > after, in order.
	Events(ctx context.Context, id ID, after int64, limit int) ([]Event, error)
	// Audit returns up to limit audit entries with Seq > after, in order.
	Audit(ctx context.Context, id ID, after int64, limit int) ([]AuditEntry, error)
	// Query returns one page of summaries matching q, ordered by ID.
	Query(ctx context.Context, q Query) (Page, error)
	// ChangeFeed is every saved event across communities, in one order.
	ChangeFeed
	// Idempotent returns the idempotency record of key sent by by to
	// community id, or a NotFound error. Records older than
	// IdempotencyWindow may be returned (the Service ignores them) or
	// removed.
	Idempotent(ctx context.Context, id ID, by Principal, key string) (Idempotency, error)
}

// CachingStore is a Store that keeps the communities it last read or wrote
// and can hand one out without asking its database: a round trip a command
// would otherwise wait for before it is decided.
//
// The copy may be stale — another server may have saved since — and still
// no update is lost: the Service decides a command on the copy only to
// save it over the copy's version (Save.Expected), which the store checks
// against the stored one. Whenever the copy would refuse the command, or
// names a version other than the caller's, or the save finds the community
// at another version, the Service loads the community and decides again,
// so what is refused, and audited, is decided on what is stored. That
// holds only if every save of a stored community moves its version, as the
// Service's saves do (each records an event): a store that takes saves
// which keep the version must not be a CachingStore.
type CachingStore interface {
	Store
	// Cached returns community id's snapshot and version as this store
	// last read or wrote them, if it has them. The snapshot is the
	// caller's own, as Load's is.
	Cached(id ID) (Snapshot, int64, bool)
}

// Save is one write to a Store.
type Save struct {
	Snapshot Snapshot
	Summary  Summary
	Expected int64
	Events   []Event
	Audit    []AuditEntry
	// Idempotency, when set, is stored in the same transaction, keyed by
	// its Community, By (kind and id) and Key. If a record with that key
	// is stored and is younger than IdempotencyWindow at Idempotency.At,
	// Save stores nothing and returns a Conflict error with rule
	// RuleIdempotencyKeyTaken; an older one is replaced, and the
	// community's other keys past the window are forgotten (each keeps a
	// whole snapshot as its Result).
	Idempotency *Idempotency
	// SnapshotJSON, when set, asks the store for the JSON it stores for
	// Snapshot: a store that stores what encoding/json's Marshal writes for
	// it sets *SnapshotJSON to those bytes and never changes them, so that
	// a community answered after the save is not encoded a second time
	// (Community.AppendSnapshotJSON). A store that encodes otherwise, or
	// not at all, leaves it alone.
	SnapshotJSON *[]byte
}

// OpenPatient is the key a Store keeps unique among saved communities
// (RuleOneOpenCommunity): the patient's national identity number or
// D-number while the community is open (not closed), "" when the community
// is closed or its patient has none. A Save whose key another community
// already holds is refused with OneOpenCommunityError and stores nothing.
func (s Save) OpenPatient() string {
	if s.Snapshot.Status == Closed {
		return ""
	}
	return s.Snapshot.Patient.NationalID
}

// AuditEntry records that a principal read or changed a community, or tried
// to. The patient can see who saw their information and when.
type AuditEntry struct {
	// Seq is assigned by the store, in order of recording.
	Seq       int64     `json:"seq"`
	Community ID        `json:"community"`
	At        time.Time `json:"at"`
	By        Principal `json:"by"`
	Action    Action    `json:"action"`
	// Operation names what was done: a command name for writes, or a read
	// such as "Get", "History".
	Operation string `json:"operation"`
	// Outcome is "ok" or the error code that refused it.
	Outcome string `json:"outcome"`
	// Version is the community's version after a write, or the version read.
	Version int64 `json:"version"`
}

// Action tells reads from writes.
type Action string

// Audit actions.
const (
	Read  Action = "read"
	Write Action = "write"
)

// Summary is what portfolio queries index and return: enough to find and
// list communities, no health information beyond the patient's name. A
// field a reader may not see (For) is zero and left out of JSON, so a
// reduced summary does not claim version 0 or a date in year 1.
type Summary struct {
	ID           ID     `json:"id"`
	Municipality string `json:"municipality,omitempty"`
	Status       Status `json:"status,omitempty"`
	PatientName  string `json:"patientName,omitempty"`
	// Patient is the patient's id: a principal with it acts as the patient
	// and finds the community in their portfolio (see People).
	Patient     actormap.ActorID `json:"patient,omitempty"`
	Coordinator actormap.ActorID `json:"coordinator,omitempty"`
	// Members are the ids of everyone still a member (not left).
	Members []actormap.ActorID `json:"members,omitempty"`
	// NationalIDKeys are the keys (NationalIDKey) of the national identity
	// numbers recorded for the patient and for each relative still a
	// member, by which a citizen's sign-in finds the communities it is
	// known to (Community.StandingOf). Stores index them with People; they
	// are never in JSON, so no reader of a summary sees a number.
	NationalIDKeys []actormap.ActorID `json:"-"`
	VacantRoles    []roles.Code       `json:"vacantRoles,omitempty"`
	// HoldersLeaveOn is the earliest day a mandatory-role holder leaves, so
	// that a query can tell a role that falls vacant by a date.
	HoldersLeaveOn *time.Time   `json:"holdersLeaveOn,omitempty"`
	Consent        ConsentState `json:"consent"`
	Version        int64        `json:"version,omitempty"`
	UpdatedAt      time.Time    `json:"updatedAt,omitzero"`
	// EvaluationDue is the earliest evaluation date of the plan in force
	// (element D) not yet evaluated; the plan is overdue once the day
	// judged on is after it.
	EvaluationDue *time.Time `json:"evaluationDue,omitempty"`
	// Phase is the patient's current phase of the phase model: "green",
	// "yellow", "red", or "" if none was ever set.
	Phase string `json:"phase,omitempty"`
	// NextDue is the earliest due time of anything open in the execution of
	// the plan (element E) — an annual-wheel activity, an obligation, a
	// decision, a contingency measure or an evaluation — overdue ones
	// included. It changes only when the community does, so it can be
	// indexed.
	NextDue *time.Time `json:"nextDue,omitempty"`
}

// People are everyone the community belongs to: its members and the
// patient, and the keys of their recorded national identity numbers
// (NationalIDKeys), sorted, each once. A portfolio query by person
// (Query.Member) selects the communities whose People hold them, so that
// the patient finds their own community as every member finds theirs, by
// id or by a citizen sign-in's verified number; stores index People, not
// Members.
func (s Summary) People() []actormap.ActorID {
	out := slices.Concat(s.Members, s.NationalIDKeys)
	if s.Patient != "" {
		out = append(out, s.Patient)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nationalIDKeyPrefix starts every NationalIDKey. No person's id may start
// with it (a member's, the patient's, a principal's in a portfolio query),
// so that a key finds only the person whose number it is.
const nationalIDKeyPrefix = "national-id:"

// NationalIDKey is how a store's index of People holds a national identity
// number: the number behind a prefix no id may carry. The stores keep the
// number as they keep the patient's for RuleOneOpenCommunity, in the
// clear, so that a migration can fill the index from stored snapshots.
func NationalIDKey(nin string) actormap.ActorID { return actormap.ActorID(nationalIDKeyPrefix + nin) }

// isNationalIDKey reports whether id has the form of a NationalIDKey.
func isNationalIDKey(id actormap.ActorID) bool {
	return strings.HasPrefix(string(id), nationalIDKeyPrefix)
}

// EvaluationOverdue reports whether the plan's evaluation is overdue on
// day at.
func (s Summary) EvaluationOverdue(at time.Time) bool {
	return s.EvaluationDue != nil && at.After(*s.EvaluationDue)
}

// VacantOn reports whether a mandatory role is vacant on day at.
func (s Summary) VacantOn(at time.Time) bool {
	return len(s.VacantRoles) > 0 || (s.HoldersLeaveOn != nil && !at.Before(*s.HoldersLeaveOn))
}

// For returns the summary as a reader may see it: all of it while consent
// shares; without consent yet, all but the patient's name; after a
// withdrawal, to anyone but the patient's side (patientSide false), only
// the community's id and that consent is withdrawn — not its members,
// coordinator, phase, status or dates.
func (s Summary) For(patientSide bool) Summary {
	switch {
	case patientSide || s.Consent.Shares():
		return s
	case s.Consent == Withdrawn:
		return Summary{ID: s.ID, Consent: s.Consent}
	}
	s.PatientName, s.Patient = "", ""
	return s
}

// Summary returns the community's summary as of day at.
func (c *Community) Summary(at time.Time) Summary {
	s := Summary{
		ID: c.s.ID, Municipality: c.s.Municipality, Status: c.s.Status, PatientName: c.s.Patient.Name, Patient: c.s.Patient.ID,
		Coordinator: c.s.Holders[roles.CoordinatorLeader], VacantRoles: c.VacantRoles(at),
		Consent: c.ConsentState(at), Version: c.version + int64(len(c.pending)), UpdatedAt: at,
	}
	if c.s.Patient.NationalID != "" {
		s.NationalIDKeys = append(s.NationalIDKeys, NationalIDKey(c.s.Patient.NationalID))
	}
	for _, m := range c.s.Members {
		if !m.IsMember(at) {
			continue
		}
		if r, _ := roles.Lookup(m.Role); m.NationalID != "" && r.Kind == roles.KindRelative {
			s.NationalIDKeys = append(s.NationalIDKeys, NationalIDKey(m.NationalID))
		}
		s.Members = append(s.Members, m.ID)
		if _, holds := c.HeldBy(m.ID); holds && m.LeavingOn != nil && (s.HoldersLeaveOn == nil || m.LeavingOn.Before(*s.HoldersLeaveOn)) {
			d := *m.LeavingOn
			s.HoldersLeaveOn = &d
		}
	}
	slices.Sort(s.Members)
	c.summarisePlan(&s)
	return s
}

// Query selects communities for a portfolio. Zero fields do not filter.
type Query struct {
	Municipality string           `json:"municipality,omitempty"`
	Coordinator  actormap.ActorID `json:"coordinator,omitempty"`
	// Member selects the communities a person belongs to: as a member
	// or as the patient (Summary.People).
	Member actormap.ActorID `json:"member,omitempty"`
	Status Status           `json:"status,omitempty"`
	// VacantRole selects communities with a mandatory role vacant on At.
	VacantRole bool `json:"vacantRole,omitempty"`
	// ConsentWithdrawn selects communities whose consent is withdrawn.
	ConsentWithdrawn bool `json:"consentWithdrawn,omitempty"`
	// OverdueEvaluation selects communities whose plan has an evaluation
	// date before At that has not been evaluated.
	OverdueEvaluation bool `json:"overdueEvaluation,omitempty"`
	// RedPhase selects communities whose patient is in the red phase.
	RedPhase bool `json:"redPhase,omitempty"`
	// DueBefore selects communities with something open in the execution
	// of their plan due before it (overdue items included).
	DueBefore *time.Time `json:"dueBefore,omitempty"`
	// At is the day date-dependent filters are judged on; the Service sets it.
	At time.Time `json:"at"`
	// After is the cursor: only communities with a greater ID. Paging by
	// key neither skips nor repeats when communities are added meanwhile.
	After ID `json:"after,omitempty"`
	// Limit is the page size: 1 to MaxPage, default DefaultPage.
	Limit int `json:"limit,omitempty"`
}

// Page sizes.
const (
	DefaultPage = 50
	MaxPage     = 500
)

// PageLimit returns q's limit, defaulted and capped.
func (q Query) PageLimit() int {
	switch {
	case q.Limit <= 0:
		return DefaultPage
	case q.Limit > MaxPage:
		return MaxPage
	}
	return q.Limit
}

// Matches reports whether s satisfies q's filters (not the cursor). Stores
// that filter in memory use it; SQL stores say the same in SQL, and the
// conformance suite checks they agree.
func (q Query) Matches(s Summary) bool {
	switch {
	case q.Municipality != "" && s.Municipality != q.Municipality,
		q.Coordinator != "" && s.Coordinator != q.Coordinator,
		q.Member != "" && !slices.Contains(s.Members, q.Member) && s.Patient != q.Member && !slices.Contains(s.NationalIDKeys, q.Member),
		q.Status != "" && s.Status != q.Status,
		q.VacantRole && !s.VacantOn(q.At),
		q.ConsentWithdrawn && s.Consent != Withdrawn,
		q.OverdueEvaluation && !s.EvaluationOverdue(q.At),
		q.RedPhase && s.Phase != "red",
		q.DueBefore != nil && (s.NextDue == nil || !s.NextDue.Before(*q.DueBefore)):
		return false
	}
	return true
}

// Page is one page of a query's results.
type Page struct {
	Items []Summary `json:"items"`
	// Next is the cursor for the next page; empty on the last page.
	Next ID `json:"next,omitempty"`
}
