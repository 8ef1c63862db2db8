package lkt

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Scope is what a consent covers.
type Scope string

// CommunitySharing is the consent the framework rests on: the members of
// this actor community may share with each other, across service levels, the
// knowledge and information they need to work together for the patient.
const CommunitySharing Scope = "community-sharing"

// Grantor says in which capacity consent was given.
type Grantor string

// Who may consent (pasient- og brukerrettighetsloven ch. 4).
const (
	GrantedByPatient        Grantor = "patient"                 // the patient, 16 or older, with capacity
	GrantedByParent         Grantor = "parental-responsibility" // for a child under 16
	GrantedByRepresentative Grantor = "legal-representative"    // where the patient lacks capacity
)

// Consent is one consent and, if it happened, its withdrawal.
type Consent struct {
	GivenBy    actormap.ActorID `json:"givenBy"`
	Grantor    Grantor          `json:"grantor"`
	Scope      Scope            `json:"scope"`
	GivenAt    time.Time        `json:"givenAt"`
	RecordedBy Principal        `json:"recordedBy"`
	// Relatives are the relatives a patient consenting for themself named
	// as those who may take part (see GiveConsent.Relatives); nil for a
	// consent given by a parent or a legal representative.
	Relatives []actormap.ActorID `json:"relatives,omitempty"`
	// RelativesNamed is set on a consent the patient gave for themself:
	// only the Relatives named (perhaps none) take part.
	RelativesNamed bool `json:"relativesNamed,omitempty"`
	// OnBehalf is set when the consent was recorded on the word of the one
	// who gave it (GivenBy), with the evidence it rests on.
	OnBehalf    *OnBehalf        `json:"onBehalf,omitempty"`
	Note        string           `json:"note,omitempty"`
	WithdrawnAt *time.Time       `json:"withdrawnAt,omitempty"`
	WithdrawnBy actormap.ActorID `json:"withdrawnBy,omitempty"`
	// WithdrawalReason is kept only if the person withdrawing wished to give one.
	WithdrawalReason string `json:"withdrawalReason,omitempty"`
	// WithdrawalOnBehalf is set when the withdrawal was recorded on the
	// word of the one who withdrew (WithdrawnBy).
	WithdrawalOnBehalf *OnBehalf `json:"withdrawalOnBehalf,omitempty"`
}

// ConsentState summarises the consent in force.
type ConsentState string

// Consent states.
const (
	NoConsent ConsentState = "none"      // never given
	Consented ConsentState = "active"    // given and in force
	Withdrawn ConsentState = "withdrawn" // the latest consent was withdrawn
	// RenewalRequired: a parent consented for a child who has since turned
	// 16. The consent still covers sharing — care must not stop on a
	// birthday — but the community reports it in every read, and nothing new
	// binds (activation, agreeing a plan) until the patient consents.
	RenewalRequired ConsentState = "renewal-required"
	// CareDecided: nobody can consent — an adult who lacks capacity and has
	// no legal representative — and the community works on a decision the
	// responsible health professional made under § 4-6
	// (RecordCareDecision).
	CareDecided ConsentState = "care-decision"
)

// Shares reports whether the state lets members share information.
func (s ConsentState) Shares() bool {
	return s == Consented || s == RenewalRequired || s == CareDecided
}

// Consent returns the latest consent, if any was ever given.
func (c *Community) Consent() (Consent, bool) {
	if len(c.s.Consents) == 0 {
		return Consent{}, false
	}
	return c.s.Consents[len(c.s.Consents)-1], true
}

// ConsentState returns the state of consent on day at.
func (c *Community) ConsentState(at time.Time) ConsentState {
	if c.cfg.probe != nil {
		c.cfg.probe.consent++
	}
	k, ok := c.Consent()
	if d, in := c.careDecision(at); in && (!ok || (d.DecidedAt.After(k.GivenAt) && (k.WithdrawnAt == nil || d.DecidedAt.After(*k.WithdrawnAt)))) {
		return CareDecided
	}
	switch {
	case !ok:
		return NoConsent
	case k.WithdrawnAt != nil:
		return Withdrawn
	case k.Grantor == GrantedByParent && c.patientAge(at) >= HealthMajorityAge:
		return RenewalRequired
	}
	return Consented
}

// GiveConsent records that consent was given for community sharing. The
// patient or a representative gives it in person (GivenBy is themself);
// on their word only the coordinator (the founder before one is appointed)
// or a system configured with RightRecordOnBehalf records it, with the
// Evidence it rests on, and the consent is marked as recorded on behalf.
// Giving consent again renews it; after a withdrawal only the patient's
// side in person, or evidence dated after the withdrawal, restores sharing
// (RuleWithdrawalIsPatients).
type GiveConsent struct {
	// GivenBy is the patient's id, or the member id of the parent with
	// parental responsibility or the legal representative who consents.
	GivenBy actormap.ActorID `json:"givenBy" validate:"required,max=200"`
	// GivenAt is when the consent was given; if zero, the evidence's date
	// for consent recorded on behalf, else the time of recording.
	GivenAt time.Time `json:"givenAt"`
	Note    string    `json:"note,omitempty" validate:"max=2000"`
	// Evidence is what consent recorded on GivenBy's word rests on;
	// required then, and only then.
	Evidence *Evidence `json:"evidence,omitempty"`
	// Relatives are the members among the patient's relatives who may
	// read and take part, named by a patient who consents for themself
	// (from 16, with capacity); the relatives not named do not. Only the
	// patient names them: with consent given by a parent or a legal
	// representative, the relatives in the community take part as before.
	Relatives []actormap.ActorID `json:"relatives,omitempty" validate:"max=100,dive,required,max=200"`
}

func (GiveConsent) CommandName() string { return "GiveConsent" }
func (GiveConsent) policy() policy      { return policy{who: anyMember, consentFree: true} }

func (cmd GiveConsent) apply(c *Community, ch change) (EventData, error) {
	if ch.standing == AsRelative {
		// A relative does not consent — but a parent whose child has
		// turned 16 is told why, with the rule a coordinator recording
		// the parent's consent meets too (RuleConsentGuardian16); for the
		// parent it is their standing that refuses it, so Forbidden.
		if _, err := c.grantor(ch.by.ID, ch.now); cmd.GivenBy == ch.by.ID && RuleOf(err) == RuleConsentGuardian16 {
			e := *err.(*Error)
			e.Code = Forbidden
			return nil, &e
		}
		return nil, standingRefused(AsRelative)
	}
	if ch.standing == AsPatient && ch.by.ID != cmd.GivenBy {
		return nil, forbidden("consent-by-self", "the patient can only record their own consent", "pasienten kan bare registrere sitt eget samtykke",
			"pasienten kan berre registrere sitt eige samtykke")
	}
	ob, err := c.actsFor(ch, cmd.GivenBy, cmd.Evidence)
	if err != nil {
		return nil, err
	}
	at := cmd.GivenAt
	switch {
	case !at.IsZero():
	case ob != nil:
		at = ob.Evidence.Date
	default:
		at = ch.now
	}
	if at.After(ch.now) {
		return nil, invalid("givenAt", "lies in the future", "ligger fram i tid", "ligg fram i tid")
	}
	if at.Before(c.s.Patient.BirthDate) {
		return nil, invalid("givenAt", "lies before the patient was born", "ligger før pasienten ble født",
			"ligg før pasienten vart fødd")
	}
	if k, ok := c.Consent(); ok && k.WithdrawnAt != nil && ob != nil && (!at.After(*k.WithdrawnAt) || !ob.Evidence.Date.After(*k.WithdrawnAt)) {
		// The withdrawal is the patient's: consent on someone's word counts
		// only if it was given after they withdrew.
		return nil, newErr(Forbidden, "evidence.date", RuleWithdrawalIsPatients,
			"consent was withdrawn: only the patient or a representative in person, or evidence dated after the withdrawal, brings it back",
			"samtykket er trukket tilbake: bare pasienten eller en representant selv, eller dokumentasjon datert etter tilbaketrekkingen, gjenoppretter det",
			"samtykket er trekt tilbake: berre pasienten eller ein representant sjølv, eller dokumentasjon datert etter tilbaketrekkinga, gjenopprettar det")
	}
	grantor, err := c.grantor(cmd.GivenBy, at)
	if err != nil {
		return nil, err
	}
	relatives, err := c.namedRelatives(cmd.Relatives, grantor, at)
	if err != nil {
		return nil, err
	}
	k := Consent{GivenBy: cmd.GivenBy, Grantor: grantor, Scope: CommunitySharing, GivenAt: at.UTC(), RecordedBy: ch.by, OnBehalf: ob, Note: cmd.Note,
		Relatives: relatives, RelativesNamed: grantor == GrantedByPatient}
	c.s.Consents = append(c.s.Consents, k)
	return ConsentGiven{Consent: k}, nil
}

// grantor decides in which capacity person id may consent on day at, or why
// they may not.
func (c *Community) grantor(id actormap.ActorID, at time.Time) (Grantor, error) {
	p := c.s.Patient
	age := c.patientAge(at)
	if id == p.ID {
		switch {
		case age < HealthMajorityAge:
			return "", precondition("consent-under-16",
				"a patient under 16 does not consent alone: consent is given by those with parental responsibility",
				"en pasient under 16 år samtykker ikke alene: samtykke gis av de som har foreldreansvar",
				"ein pasient under 16 år samtykkjer ikkje åleine: samtykke blir gitt av dei som har foreldreansvar")
		case p.LacksCapacity:
			return "", precondition("consent-capacity",
				"the patient has been assessed as lacking capacity to consent: their legal representative consents",
				"pasienten er vurdert til å mangle samtykkekompetanse: vergen samtykker",
				"pasienten er vurdert til å mangle samtykkekompetanse: verja samtykkjer")
		}
		return GrantedByPatient, nil
	}
	m, ok := c.Member(id)
	if !ok || !m.IsMember(at) {
		return "", invalid("givenBy", "is neither the patient nor a member of the community", "er verken pasienten eller et medlem av fellesskapet",
			"er verken pasienten eller eit medlem av fellesskapet")
	}
	switch {
	case m.Role == roles.ParentGuardian && m.ParentalResponsibility:
		if age >= HealthMajorityAge {
			return "", precondition(RuleConsentGuardian16,
				"the patient is 16 or older and consents for themself: a parent's consent is not accepted",
				"pasienten er 16 år eller eldre og samtykker selv: samtykke fra foresatte godtas ikke",
				"pasienten er 16 år eller eldre og samtykkjer sjølv: samtykke frå føresette blir ikkje godteke")
		}
		return GrantedByParent, nil
	case m.Role == roles.LegalRepresentative:
		if !p.LacksCapacity && age >= HealthMajorityAge {
			return "", precondition("consent-representative",
				"a legal representative consents only where the patient has been assessed as lacking capacity",
				"vergen samtykker bare når pasienten er vurdert til å mangle samtykkekompetanse",
				"verja samtykkjer berre når pasienten er vurdert til å mangle samtykkekompetanse")
		}
		return GrantedByRepresentative, nil
	}
	return "", precondition("consent-grantor",
		"consent is given by the patient, by those with parental responsibility for a child under 16, or by a legal representative",
		"samtykke gis av pasienten, av de med foreldreansvar for barn under 16 år, eller av verge",
		"samtykke blir gitt av pasienten, av dei med foreldreansvar for born under 16 år, eller av verje")
}

// WithdrawConsent records that consent was withdrawn. From that moment
// nothing more is shared: members other than the patient and their
// representatives can no longer read or change the community. Nothing
// already recorded is deleted.
type WithdrawConsent struct {
	// WithdrawnBy is who withdraws: the patient, or whoever may consent for
	// them. On their word the coordinator or a system configured for it
	// records the withdrawal, with Evidence.
	WithdrawnBy actormap.ActorID `json:"withdrawnBy" validate:"required,max=200"`
	Reason      string           `json:"reason,omitempty" validate:"max=2000"`
	// Evidence is what a withdrawal recorded on WithdrawnBy's word rests
	// on; required then, and only then.
	Evidence *Evidence `json:"evidence,omitempty"`
}

func (WithdrawConsent) CommandName() string { return "WithdrawConsent" }
func (WithdrawConsent) policy() policy      { return policy{who: patientSideOrPr, consentFree: true} }

func (cmd WithdrawConsent) apply(c *Community, ch change) (EventData, error) {
	ob, err := c.actsFor(ch, cmd.WithdrawnBy, cmd.Evidence)
	if err != nil {
		return nil, err
	}
	if c.ConsentState(ch.now) == CareDecided {
		return c.objectToCareDecision(cmd, ch, ob)
	}
	if st := c.ConsentState(ch.now); !st.Shares() {
		return nil, precondition("no-consent-to-withdraw", "there is no active consent to withdraw", "det finnes ikke noe gyldig samtykke å trekke tilbake",
			"det finst ikkje noko gyldig samtykke å trekkje tilbake")
	}
	// The patient may always withdraw their own consent, whatever their age
	// or capacity; anyone else must be someone who could give it.
	if cmd.WithdrawnBy != c.s.Patient.ID {
		if _, err := c.grantor(cmd.WithdrawnBy, ch.now); err != nil {
			return nil, err
		}
	}
	i := len(c.s.Consents) - 1
	now := ch.now
	c.s.Consents[i].WithdrawnAt = &now
	c.s.Consents[i].WithdrawnBy = cmd.WithdrawnBy
	c.s.Consents[i].WithdrawalReason = cmd.Reason
	c.s.Consents[i].WithdrawalOnBehalf = ob
	return ConsentWithdrawn{WithdrawnBy: cmd.WithdrawnBy, Reason: cmd.Reason, OnBehalf: ob}, nil
}
