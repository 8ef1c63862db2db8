package lkt

import (
	"slices"
	"strconv"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// AdultAge is the age of majority ("myndig"): pasient- og
// brukerrettighetsloven § 4-6 is the rule for adults who lack capacity; for
// a patient of 16 or 17 who lacks it, those with parental responsibility
// decide (§ 4-5).
const AdultAge = 18

// CareDecision is a decision under pasient- og brukerrettighetsloven § 4-6:
// for an adult who lacks capacity to consent and has no legal
// representative, the health professional responsible for the care decides,
// after hearing the next of kin where possible, what care the patient
// receives. In a community it is the ground on which the members may work
// and share (consent state CareDecided) while no one can consent.
type CareDecision struct {
	// DecidedBy is the responsible health professional, with the HPR
	// number their sign-in verified.
	DecidedBy actormap.ActorID `json:"decidedBy"`
	HPR       string           `json:"hpr"`
	DecidedAt time.Time        `json:"decidedAt"`
	// NextOfKinHeard are the members, next of kin, who were consulted.
	NextOfKinHeard []actormap.ActorID `json:"nextOfKinHeard,omitempty"`
	// NoNextOfKin says why nobody was heard, when nobody was.
	NoNextOfKin string `json:"noNextOfKin,omitempty"`
	// Covers is what the decision covers.
	Covers string `json:"covers"`
	// ReviewOn is when the decision is to be reviewed.
	ReviewOn time.Time `json:"reviewOn"`
	// EndedAt is when the patient objected, ending the decision.
	EndedAt *time.Time `json:"endedAt,omitempty"`
}

// CareDecisions returns every § 4-6 decision, oldest first.
func (c *Community) CareDecisions() []CareDecision {
	out := slices.Clone(c.s.CareDecisions)
	for i := range out {
		out[i].NextOfKinHeard = slices.Clone(out[i].NextOfKinHeard)
		out[i].EndedAt = clonePtr(out[i].EndedAt)
	}
	return out
}

// careDecision returns the § 4-6 decision in force on day at: the latest,
// unless the patient objected to it, has since been assessed as having
// capacity, or has a legal representative, who then consents.
func (c *Community) careDecision(at time.Time) (CareDecision, bool) {
	g := careGround{c.s.Patient.LacksCapacity, c.s.CareDecisions}
	if c.ground != nil {
		g = *c.ground
	}
	if len(g.decisions) == 0 || !g.lacksCapacity {
		return CareDecision{}, false
	}
	d := g.decisions[len(g.decisions)-1]
	if d.EndedAt != nil || c.legalRepresentative(at) {
		return CareDecision{}, false
	}
	return d, true
}

// legalRepresentative reports whether the patient has a legal
// representative among the members on day at.
func (c *Community) legalRepresentative(at time.Time) bool {
	return slices.ContainsFunc(c.s.Members, func(m Member) bool { return m.Role == roles.LegalRepresentative && m.IsMember(at) })
}

// RecordCareDecision records a § 4-6 decision: the responsible health
// professional (a member verified as health personnel) decides for an
// adult who lacks capacity and has no legal representative, after hearing
// the next of kin — who were heard, or why nobody was — what the decision
// covers and when it is reviewed. While it is in force the community works
// on it (CareDecided), and the next of kin may contribute to the patient's
// story, marked as theirs. A later decision reviews it. Never while consent
// is withdrawn.
type RecordCareDecision struct {
	NextOfKinHeard []actormap.ActorID `json:"nextOfKinHeard,omitempty" validate:"max=20,dive,required,max=200"`
	NoNextOfKin    string             `json:"noNextOfKin,omitempty" validate:"required_without=NextOfKinHeard,max=2000"`
	Covers         string             `json:"covers" validate:"required,max=2000"`
	ReviewOn       time.Time          `json:"reviewOn"`
}

func (RecordCareDecision) CommandName() string { return "RecordCareDecision" }

// RecordCareDecision is free of consent: it is the ground for care where
// nobody can consent. After a withdrawal it is refused in apply.
func (RecordCareDecision) policy() policy {
	return policy{who: []Standing{AsProfessional}, consentFree: true}
}

// CareDecisionRecorded records a § 4-6 decision.
type CareDecisionRecorded struct {
	Decision CareDecision `json:"decision"`
	// Withheld: the reader may not see the decision (Community.EventsFor),
	// only that one was made and by whom.
	Withheld bool `json:"withheld,omitempty"`
}

// CareDecisionEnded records that the patient objected to the § 4-6
// decision in force, ending it.
type CareDecisionEnded struct {
	Reason string `json:"reason,omitempty"`
	// OnBehalf marks an objection recorded on the patient's word.
	OnBehalf *OnBehalf `json:"onBehalf,omitempty"`
}

func (CareDecisionRecorded) EventType() string { return "CareDecisionRecorded" }
func (CareDecisionEnded) EventType() string    { return "CareDecisionEnded" }

func init() {
	RegisterEvent[CareDecisionRecorded]()
	RegisterEvent[CareDecisionEnded]()
}

func (cmd RecordCareDecision) apply(c *Community, ch change) (EventData, error) {
	if err := c.nothingAddedWhileWithdrawn(ch.now); err != nil {
		return nil, err
	}
	if err := c.healthPersonnel(ch.by, ch.now, RuleCareDecisionByHealthPersonnel); err != nil {
		return nil, err
	}
	pre := func(en, nb, nn string) error { return precondition(RuleCareDecisionGround, en, nb, nn) }
	switch st := c.ConsentState(ch.now); {
	case c.patientAge(ch.now) < AdultAge:
		return nil, pre("§ 4-6 is for adults: for a patient under 18 those with parental responsibility consent",
			"§ 4-6 gjelder myndige pasienter: for en pasient under 18 år samtykker de med foreldreansvar",
			"§ 4-6 gjeld myndige pasientar: for ein pasient under 18 år samtykkjer dei med foreldreansvar")
	case !c.s.Patient.LacksCapacity:
		return nil, pre("the patient has not been assessed as lacking capacity to consent: the patient consents",
			"pasienten er ikke vurdert til å mangle samtykkekompetanse: pasienten samtykker selv",
			"pasienten er ikkje vurdert til å mangle samtykkekompetanse: pasienten samtykkjer sjølv")
	case c.legalRepresentative(ch.now):
		return nil, pre("the patient has a legal representative, who consents", "pasienten har verge, som samtykker",
			"pasienten har verje, som samtykkjer")
	case st == Consented || st == RenewalRequired:
		return nil, pre("consent is in force: a § 4-6 decision is for when nobody can consent",
			"samtykke foreligger: en beslutning etter § 4-6 er for når ingen kan samtykke",
			"samtykke ligg føre: ei avgjerd etter § 4-6 er for når ingen kan samtykkje")
	}
	for i, id := range cmd.NextOfKinHeard {
		m, ok := c.Member(id)
		if r, _ := roles.Lookup(m.Role); !ok || !m.IsMember(ch.now) || r.Kind != roles.KindRelative {
			return nil, invalid("nextOfKinHeard["+strconv.Itoa(i)+"]", "must be a next of kin who is a member of the community",
				"må være en pårørende som er medlem av fellesskapet",
				"må vere ein pårørande som er medlem av fellesskapet")
		}
	}
	if !day(cmd.ReviewOn).After(day(ch.now)) {
		return nil, invalid("reviewOn", "is required and must lie ahead: when the decision is reviewed",
			"må fylles ut og ligge fram i tid: når beslutningen skal vurderes på nytt",
			"må fyllast ut og liggje fram i tid: når avgjerda skal vurderast på nytt")
	}
	d := CareDecision{DecidedBy: ch.by.ID, HPR: ch.by.Verified.HPR, DecidedAt: ch.now, NextOfKinHeard: slices.Clone(cmd.NextOfKinHeard),
		NoNextOfKin: cmd.NoNextOfKin, Covers: cmd.Covers, ReviewOn: day(cmd.ReviewOn)}
	c.s.CareDecisions = append(c.s.CareDecisions, d)
	c.notify(ch.now, "care-decision", ch.by, "")
	return CareDecisionRecorded{Decision: d}, nil
}

// objectToCareDecision handles a withdrawal while a § 4-6 decision is in
// force: there is no consent to withdraw, but the patient's own objection
// ends the decision, so that a professional must decide again, with the
// objection on record (care against resistance is governed by chapter 4A,
// outside the community). Nobody else ends it this way.
func (c *Community) objectToCareDecision(cmd WithdrawConsent, ch change, ob *OnBehalf) (EventData, error) {
	if cmd.WithdrawnBy != c.s.Patient.ID {
		return nil, precondition(RuleCareDecisionGround,
			"the community works on a § 4-6 decision, not on consent: it ends when reviewed, when the patient objects, regains capacity or has a legal representative",
			"fellesskapet arbeider på en beslutning etter § 4-6, ikke på samtykke: den opphører ved ny vurdering, når pasienten motsetter seg, får samtykkekompetanse eller får verge",
			"fellesskapet arbeider på ei avgjerd etter § 4-6, ikkje på samtykke: avgjerda fell bort ved ny vurdering, når pasienten motset seg, får samtykkekompetanse eller får verje")
	}
	now := ch.now
	c.s.CareDecisions[len(c.s.CareDecisions)-1].EndedAt = &now
	return CareDecisionEnded{Reason: cmd.Reason, OnBehalf: ob}, nil
}

// careReview warns when the § 4-6 decision in force is due for review.
func (c *Community) careReview(at time.Time) []Warning {
	d, ok := c.careDecision(at)
	if !ok || day(at).Before(d.ReviewOn) {
		return nil
	}
	on := d.ReviewOn.Format(time.DateOnly)
	return []Warning{{"care-decision-review-due", roles.Labels{
		EN: "the § 4-6 decision the community works on was to be reviewed on " + on,
		NB: "beslutningen etter § 4-6 som fellesskapet arbeider på, skulle vært vurdert på nytt " + on,
		NN: "avgjerda etter § 4-6 som fellesskapet arbeider på, skulle vore vurdert på nytt " + on}}}
}
