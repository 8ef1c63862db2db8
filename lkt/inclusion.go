package lkt

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Criterion is one of the inclusion criteria of report 8.3.
type Criterion string

// Inclusion criteria besides consent, which is recorded as a Consent: the
// patient is identified jointly by the service actors, the actors agree the
// patient can benefit, and the patient and relatives are informed.
const (
	IdentifiedJointly Criterion = "identified-jointly"
	BenefitAgreed     Criterion = "benefit-agreed"
	Informed          Criterion = "informed"
)

// Criteria lists the recorded inclusion criteria in the report's order.
func Criteria() []Criterion { return []Criterion{IdentifiedJointly, BenefitAgreed, Informed} }

var criterionLabels = map[Criterion]roles.Labels{
	IdentifiedJointly: {EN: "identified jointly by the service actors", NB: "identifisert i fellesskap av tjenesteaktørene",
		NN: "identifisert i fellesskap av tenesteaktørane"},
	BenefitAgreed: {EN: "the actors agree the patient can benefit", NB: "aktørene er enige om at pasienten kan ha nytte av det",
		NN: "aktørane er samde om at pasienten kan ha nytte av det"},
	Informed: {EN: "patient and relatives informed", NB: "pasient og pårørende informert",
		NN: "pasient og pårørande informerte"},
}

// Label names the criterion in lang.
func (k Criterion) Label(lang roles.Lang) string { return criterionLabels[k].In(lang) }

// InclusionStep records that one inclusion criterion was met: by whom, when.
type InclusionStep struct {
	Criterion  Criterion `json:"criterion"`
	RecordedBy Principal `json:"recordedBy"`
	At         time.Time `json:"at"`
	Note       string    `json:"note,omitempty"`
}

// RecordInclusion records that an inclusion criterion is met.
type RecordInclusion struct {
	Criterion Criterion `json:"criterion" validate:"required,oneof=identified-jointly benefit-agreed informed"`
	Note      string    `json:"note,omitempty" validate:"max=2000"`
}

func (RecordInclusion) CommandName() string { return "RecordInclusion" }
func (RecordInclusion) policy() policy      { return policy{who: professionals} }

func (cmd RecordInclusion) apply(c *Community, ch change) (EventData, error) {
	step := InclusionStep{Criterion: cmd.Criterion, RecordedBy: ch.by, At: ch.now, Note: cmd.Note}
	c.s.Inclusion = append(c.s.Inclusion, step)
	return InclusionRecorded{Step: step}, nil
}

// MissingInclusion returns the inclusion criteria not yet recorded.
func (c *Community) MissingInclusion() []Criterion {
	var out []Criterion
	for _, k := range Criteria() {
		if !c.included(k) {
			out = append(out, k)
		}
	}
	return out
}

// included reports whether criterion k is recorded.
func (c *Community) included(k Criterion) bool {
	for _, s := range c.s.Inclusion {
		if s.Criterion == k {
			return true
		}
	}
	return false
}
