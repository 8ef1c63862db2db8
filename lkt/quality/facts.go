package quality

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Period is the half-open interval [From, To) an indicator covers.
type Period struct {
	From, To time.Time
}

// Year returns the calendar year y in loc as a Period.
func Year(y int, loc *time.Location) Period {
	return Period{time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y+1, 1, 1, 0, 0, 0, 0, loc)}
}

func (p Period) validate() error {
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return invalid("period", "the period needs a start before its end", "perioden må ha en start før slutten", "perioden må ha ein start før slutten")
	}
	return nil
}

// Facts is what the indicators need to know about one actor community. The
// aggregate in package lkt fills it; integrators can fill it from their own
// records. Zero times mean "has not happened". Facts dated at or after the
// measurement's end (the earlier of the period's end and now) are treated as
// not yet happened, so the same Facts give the same figures for any clock.
type Facts struct {
	ID           string // the community's id
	Municipality string // the patient's municipality (name or number)

	ConsentActive  bool      // consent is active now
	ConsentGivenAt time.Time // when consent was (first) given
	// ConsentWithdrawnAt is when consent was withdrawn, zero if it was not;
	// time in the phase model is counted only while consent lasted.
	ConsentWithdrawnAt time.Time
	PlanAgreedAt       time.Time // when the plan for collaboration (D) was first agreed

	// MandatoryFilled lists the mandatory roles that are held now.
	MandatoryFilled []roles.Code

	Evaluations []Due       // evaluations of the plan (D.7)
	Activities  []Due       // annual-wheel activities (D.5)
	Stays       []Stay      // hospital stays
	Members     []Member    // everyone on the actor map, past and present, except the patient
	Phases      []Phase     // the phase model's history, in time order, not overlapping
	Deviations  []Deviation // deviations logged in the community
	Experience  []ItemTally // experience survey counts for the period (Collector.Tallies)

	// CoordinatorHeld is true when the community has a coordinator now.
	CoordinatorHeld bool
	// CoordinatorCompetence lists the areas of competence the coordinator
	// has recorded (report 7.1.3, "Kompetansebehov og opplæring").
	CoordinatorCompetence []Competence
	// CoordinatorHoursPerMonth is the time the coordinator's line manager
	// has set aside for the role, 0 if none is recorded.
	CoordinatorHoursPerMonth int
	// Meetings are the collaboration meetings held.
	Meetings []Meeting
	// Decisions are the meetings' decisions.
	Decisions []Decision
}

// Competence is an area of competence the report asks of the coordinator
// and leader (7.1.3): "kunnskap om og kompetanse på forbedringsarbeid,
// koordinering, (gjerne relasjonell koordinering), samhandling og ledelse
// både teamledelse, prosessledelse og møteledelse".
type Competence string

// The areas of competence.
const (
	Improvement   Competence = "improvement"   // forbedringsarbeid
	Coordination  Competence = "coordination"  // koordinering, gjerne relasjonell koordinering
	Collaboration Competence = "collaboration" // samhandling
	Leadership    Competence = "leadership"    // teamledelse, prosessledelse og møteledelse
)

// Competences lists the areas in the report's order.
func Competences() []Competence {
	return []Competence{Improvement, Coordination, Collaboration, Leadership}
}

// Meeting is a collaboration meeting held: when, how many members took
// part, and whether the patient or a representative did.
type Meeting struct {
	Held        time.Time
	Attendees   int  // members and the patient present
	PatientSide bool // the patient or a representative took part
}

// Decision is a decision made at a meeting, and whether the coordinator
// was made responsible for it.
type Decision struct {
	Made        time.Time
	Coordinator bool
}

// Due is something due at a time and perhaps done.
type Due struct {
	Due  time.Time
	Done time.Time // zero if not done
}

// Stay is a hospital stay and whether a collaboration meeting was held
// before it and before discharge (framework draft, 001).
type Stay struct {
	Admitted               time.Time
	Elective               bool // planned admission; unplanned admissions have no meeting before
	MeetingBeforeAdmission bool
	Discharged             time.Time // zero while in hospital
	MeetingBeforeDischarge bool
}

// Member is one member's time in the community.
type Member struct {
	Role   roles.Code
	Sector roles.Sector
	Joined time.Time
	Left   time.Time // zero while a member
}

// Colour is a phase of the phase model (report 4.5).
type Colour string

// The phase model's colours.
const (
	Green  Colour = "green"  // stable working phase
	Yellow Colour = "yellow" // unstable, measures reinforced
	Red    Colour = "red"    // acute, contact with specialist services
)

// Phase is an interval in one colour.
type Phase struct {
	Colour   Colour
	From, To time.Time // To is zero while the phase lasts
}

// Deviation is a logged deviation ("avvik") and when it was closed.
type Deviation struct {
	Opened, Closed time.Time // Closed is zero while open
}
