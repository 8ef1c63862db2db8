package lkt

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Event is a fact recorded by a command: who did what, when. A community's
// events are its history; they are appended in order and never rewritten.
type Event struct {
	Community ID        `json:"community"`
	Seq       int64     `json:"seq"` // 1, 2, 3 … — the community's version after it
	At        time.Time `json:"at"`
	By        Principal `json:"by"`
	Data      EventData `json:"-"`
}

// EventData is the typed content of an event.
type EventData interface {
	EventType() string
}

// The events, one per command, named in the past tense.
type (
	CommunityCreated struct {
		Municipality string  `json:"municipality"`
		Patient      Patient `json:"patient"`
		Founder      *Member `json:"founder,omitempty"`
	}
	ConsentGiven     struct{ Consent Consent }
	ConsentWithdrawn struct {
		WithdrawnBy actormap.ActorID `json:"withdrawnBy"`
		Reason      string           `json:"reason,omitempty"`
		OnBehalf    *OnBehalf        `json:"onBehalf,omitempty"`
	}
	CapacityAssessed struct {
		LacksCapacity bool             `json:"lacksCapacity"`
		Basis         string           `json:"basis"`
		AssessedBy    actormap.ActorID `json:"assessedBy,omitempty"`
		HPR           string           `json:"hpr,omitempty"`
		ReviewOn      *time.Time       `json:"reviewOn,omitempty"`
		// Withheld: the reader may not see the assessment (see
		// Community.EventsFor), only that one was made and by whom.
		Withheld bool `json:"withheld,omitempty"`
	}
	StoryRevised        struct{ Revision StoryRevision }
	MemberAdded         struct{ Member Member }
	MemberUpdated       struct{ Member Member }
	MemberStatusChanged struct {
		MemberID      actormap.ActorID `json:"memberId"`
		Status        actormap.Status  `json:"status"`
		LeavingOn     *time.Time       `json:"leavingOn,omitempty"`
		Reason        string           `json:"reason,omitempty"`
		SuccessorRole roles.Code       `json:"successorRole,omitempty"`
		Successor     actormap.ActorID `json:"successor,omitempty"`
		// Measures are the plan's measures for a key helper leaving that
		// the departure of a mandatory-role holder with no successor
		// activated: who must do what now.
		Measures []plan.ActiveMeasure `json:"measures,omitempty"`
	}
	RoleAssigned struct {
		Role     roles.Code       `json:"role"`
		MemberID actormap.ActorID `json:"memberId"`
		Previous actormap.ActorID `json:"previous,omitempty"`
	}
	CoordinatorAppointed struct {
		MemberID actormap.ActorID `json:"memberId"`
		Previous actormap.ActorID `json:"previous,omitempty"`
		Mandate  Mandate          `json:"mandate"`
	}
	MandateAnchored    struct{ Anchoring Anchoring }
	InclusionRecorded  struct{ Step InclusionStep }
	CommunityActivated struct{}
	CommunityPaused    struct {
		Reason string `json:"reason"`
	}
	TieAdded            struct{ Tie actormap.Tie }
	TieRemoved          struct{ Tie actormap.Tie }
	ActorsPlaced        struct{ Situation actormap.Situation }
	PerspectiveRecorded struct{ Perspective actormap.Perspective }
	CommunityResumed    struct{}
	CommunityClosed     struct {
		Reason string `json:"reason"`
	}
)

func (CommunityCreated) EventType() string     { return "CommunityCreated" }
func (ConsentGiven) EventType() string         { return "ConsentGiven" }
func (ConsentWithdrawn) EventType() string     { return "ConsentWithdrawn" }
func (CapacityAssessed) EventType() string     { return "CapacityAssessed" }
func (StoryRevised) EventType() string         { return "StoryRevised" }
func (MemberAdded) EventType() string          { return "MemberAdded" }
func (MemberUpdated) EventType() string        { return "MemberUpdated" }
func (MemberStatusChanged) EventType() string  { return "MemberStatusChanged" }
func (RoleAssigned) EventType() string         { return "RoleAssigned" }
func (CoordinatorAppointed) EventType() string { return "CoordinatorAppointed" }
func (MandateAnchored) EventType() string      { return "MandateAnchored" }
func (InclusionRecorded) EventType() string    { return "InclusionRecorded" }
func (CommunityActivated) EventType() string   { return "CommunityActivated" }
func (CommunityPaused) EventType() string      { return "CommunityPaused" }
func (CommunityResumed) EventType() string     { return "CommunityResumed" }
func (CommunityClosed) EventType() string      { return "CommunityClosed" }
func (TieAdded) EventType() string             { return "TieAdded" }
func (TieRemoved) EventType() string           { return "TieRemoved" }
func (ActorsPlaced) EventType() string         { return "ActorsPlaced" }
func (PerspectiveRecorded) EventType() string  { return "PerspectiveRecorded" }

// decoders read each event type's data from JSON, by type name.
var decoders = map[string]func(json.RawMessage) (EventData, error){}

// RegisterEvent makes event type T decodable. go-lkt registers its own
// events; it is exported for the packages that compose into lkt.
func RegisterEvent[T EventData]() {
	var zero T
	decoders[zero.EventType()] = func(raw json.RawMessage) (EventData, error) {
		var v T
		err := json.Unmarshal(raw, &v)
		return v, err
	}
}

func init() {
	RegisterEvent[CommunityCreated]()
	RegisterEvent[ConsentGiven]()
	RegisterEvent[ConsentWithdrawn]()
	RegisterEvent[CapacityAssessed]()
	RegisterEvent[StoryRevised]()
	RegisterEvent[MemberAdded]()
	RegisterEvent[MemberUpdated]()
	RegisterEvent[MemberStatusChanged]()
	RegisterEvent[RoleAssigned]()
	RegisterEvent[CoordinatorAppointed]()
	RegisterEvent[MandateAnchored]()
	RegisterEvent[InclusionRecorded]()
	RegisterEvent[CommunityActivated]()
	RegisterEvent[CommunityPaused]()
	RegisterEvent[CommunityResumed]()
	RegisterEvent[CommunityClosed]()
	RegisterEvent[TieAdded]()
	RegisterEvent[TieRemoved]()
	RegisterEvent[ActorsPlaced]()
	RegisterEvent[PerspectiveRecorded]()
}

// Type returns the event's type name, e.g. "ConsentWithdrawn".
func (e Event) Type() string {
	if e.Data == nil {
		return ""
	}
	return e.Data.EventType()
}

type eventJSON struct {
	Community ID              `json:"community"`
	Seq       int64           `json:"seq"`
	At        time.Time       `json:"at"`
	By        Principal       `json:"by"`
	Type      string          `json:"type"`
	Data      json.RawMessage `json:"data"`
}

// MarshalJSON writes the event with its type name beside its data.
func (e Event) MarshalJSON() ([]byte, error) {
	data, err := json.Marshal(e.Data)
	if err != nil {
		return nil, err
	}
	return json.Marshal(eventJSON{e.Community, e.Seq, e.At, e.By, e.Type(), data})
}

// UnmarshalJSON reads an event written by MarshalJSON.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	decode, ok := decoders[j.Type]
	if !ok {
		return fmt.Errorf("lkt: unknown event type %q", j.Type)
	}
	d, err := decode(j.Data)
	if err != nil {
		return fmt.Errorf("lkt: event %s: %w", j.Type, err)
	}
	*e = Event{Community: j.Community, Seq: j.Seq, At: j.At, By: j.By, Data: d}
	return nil
}
