package lkt

import (
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// CapacityAssessment is one assessment of whether the patient has capacity
// to consent (pasient- og brukerrettighetsloven § 4-3). Every assessment is
// kept: a new one reviews the last, and the patient sees them all.
type CapacityAssessment struct {
	LacksCapacity bool `json:"lacksCapacity"`
	// Basis says on what the assessment rests: the examination, the
	// written assessment and where it is filed.
	Basis string `json:"basis"`
	// AssessedBy is the member who assessed, with the HPR number their
	// sign-in verified.
	AssessedBy actormap.ActorID `json:"assessedBy"`
	HPR        string           `json:"hpr"`
	AssessedAt time.Time        `json:"assessedAt"`
	// ReviewOn is when the assessment is to be reviewed, if the assessor set
	// a date; from then on the community warns until a new one is made.
	ReviewOn *time.Time `json:"reviewOn,omitempty"`
}

// CapacityAssessments returns every assessment of the patient's capacity,
// oldest first.
func (c *Community) CapacityAssessments() []CapacityAssessment {
	out := slices.Clone(c.s.Capacity)
	for i := range out {
		out[i].ReviewOn = clonePtr(out[i].ReviewOn)
	}
	return out
}

// AssessCapacity records a health professional's assessment of whether the
// patient has capacity to consent. A patient assessed as lacking it is
// represented by their legal representative, or, with none, cared for on a
// § 4-6 decision (RecordCareDecision). Only a member verified as health
// personnel assesses (RuleCapacityByHealthPersonnel), never while consent is
// withdrawn (RuleNothingAddedWhileWithdrawn); a later assessment reviews an
// earlier one, and all are kept.
type AssessCapacity struct {
	LacksCapacity bool `json:"lacksCapacity"`
	// Basis says on what the assessment rests (the examination, the
	// written assessment and where it is filed).
	Basis string `json:"basis" validate:"required,max=2000"`
	// ReviewOn is when the assessment should be reviewed.
	ReviewOn *time.Time `json:"reviewOn,omitempty"`
}

func (AssessCapacity) CommandName() string { return "AssessCapacity" }

// AssessCapacity is free of consent: who may consent depends on it, so it
// comes before the first consent. After a withdrawal it is refused in apply.
func (AssessCapacity) policy() policy {
	return policy{who: []Standing{AsProfessional}, consentFree: true}
}

func (cmd AssessCapacity) apply(c *Community, ch change) (EventData, error) {
	if err := c.nothingAddedWhileWithdrawn(ch.now); err != nil {
		return nil, err
	}
	if err := c.healthPersonnel(ch.by, ch.now, RuleCapacityByHealthPersonnel); err != nil {
		return nil, err
	}
	if cmd.ReviewOn != nil && day(*cmd.ReviewOn).Before(day(ch.now)) {
		return nil, invalid("reviewOn", "lies in the past", "ligger tilbake i tid", "ligg tilbake i tid")
	}
	a := CapacityAssessment{LacksCapacity: cmd.LacksCapacity, Basis: cmd.Basis, AssessedBy: ch.by.ID,
		HPR: ch.by.Verified.HPR, AssessedAt: ch.now}
	if cmd.ReviewOn != nil {
		d := day(*cmd.ReviewOn)
		a.ReviewOn = &d
	}
	c.s.Patient.LacksCapacity = cmd.LacksCapacity
	c.s.Capacity = append(c.s.Capacity, a)
	c.notify(ch.now, "capacity-assessed", ch.by, "")
	return CapacityAssessed{LacksCapacity: a.LacksCapacity, Basis: a.Basis, AssessedBy: a.AssessedBy, HPR: a.HPR, ReviewOn: clonePtr(a.ReviewOn)}, nil
}

// capacityReview warns when the latest assessment's review date has come.
func (c *Community) capacityReview(at time.Time) []Warning {
	if len(c.s.Capacity) == 0 {
		return nil
	}
	a := c.s.Capacity[len(c.s.Capacity)-1]
	if a.ReviewOn == nil || day(at).Before(*a.ReviewOn) {
		return nil
	}
	on := a.ReviewOn.Format(time.DateOnly)
	return []Warning{{"capacity-review-due", roles.Labels{
		EN: "the assessment of the patient's capacity to consent was to be reviewed on " + on,
		NB: "vurderingen av pasientens samtykkekompetanse skulle vært gjennomgått " + on,
		NN: "vurderinga av samtykkekompetansen til pasienten skulle vore gjennomgått " + on}}}
}
