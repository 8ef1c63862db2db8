package lkt

import (
	"slices"
	"time"
)

// Command is a change to a community. Each command is a plain struct whose
// tags declare its input rules; the domain adds the rules tags cannot say.
// The commands are defined in this package only, so every rule lives here.
type Command interface {
	// CommandName names the command in audit entries and events.
	CommandName() string
	// policy says who may issue the command and whether it needs consent.
	policy() policy
	// apply checks the command's rules against the community and, only if
	// they all hold, changes the state and returns the event to record.
	apply(c *Community, ch change) (EventData, error)
}

// change is the context of one command.
type change struct {
	by       Principal
	standing Standing
	now      time.Time
}

// policy is a command's authorisation rule.
type policy struct {
	who []Standing
	// consentFree commands may run without active consent: giving and
	// withdrawing consent, the capacity assessment consent depends on, and
	// closing.
	consentFree bool
}

var (
	professionals   = []Standing{AsProfessional, AsSystem}
	patientSideOrPr = []Standing{AsPatient, AsRepresentative, AsProfessional, AsSystem}
	anyMember       = []Standing{AsPatient, AsRepresentative, AsRelative, AsProfessional, AsSystem}
)

// Do applies cmd as principal by. It validates the input, checks that by may
// issue it and that consent covers it, applies it and records its event. On
// any error nothing has changed.
//
// The checks run in this order — who asks, consent, lifecycle, input — so
// that someone outside the community learns nothing from the answer.
func (c *Community) Do(by Principal, cmd Command) error {
	now := c.cfg.now()
	if err := c.authorize(by, cmd.policy(), now); err != nil {
		return err
	}
	if c.s.Status == Closed {
		return precondition("community-closed", "the community is closed; nothing more can be changed",
			"aktørfellesskapet er avsluttet; ingenting mer kan endres")
	}
	if err := validate(cmd, c.cfg.AcceptSyntheticIDs); err != nil {
		return err
	}
	data, err := cmd.apply(c, change{by: by, standing: c.StandingOf(by, now), now: now})
	if err != nil {
		return err
	}
	c.record(by, now, data)
	return nil
}

// authorize checks a write: by must be part of the community in a standing
// the policy allows, and consent must be active unless the command is free
// of it.
func (c *Community) authorize(by Principal, p policy, now time.Time) error {
	st := c.StandingOf(by, now)
	if c.identityMismatch(by) {
		return forbidden(RuleIdentityMismatch, "your sign-in verified another national identity number than the one recorded for the person you claim to be",
			"innloggingen din bekreftet et annet fødselsnummer enn det som er registrert på personen du oppgir å være")
	}
	if st == AsOutsider {
		e := forbidden("not-a-member", "only members of the community, the patient and their representatives can change it",
			"bare medlemmer av aktørfellesskapet, pasienten og pasientens representanter kan endre det")
		e.Message.NN = "berre medlemmer av aktørfellesskapet, pasienten og representantane til pasienten kan endre det"
		return e
	}
	if !slices.Contains(p.who, st) {
		return standingRefused(st)
	}
	if err := c.relativeNamed(by, st, now); err != nil {
		return err
	}
	if !p.consentFree && !c.ConsentState(now).Shares() {
		return consentRequired()
	}
	return nil
}

// standingRefused refuses a command to someone whose standing may not
// issue it.
func standingRefused(st Standing) error {
	e := forbidden("standing", "you may not do this as "+string(st), "du kan ikke gjøre dette som "+standingNB[st])
	e.Message.NN = "du kan ikkje gjere dette som " + standingNN[st]
	return e
}

var standingNN = map[Standing]string{
	AsPatient: "pasient", AsRepresentative: "representant", AsRelative: "pårørande",
	AsProfessional: "fagperson", AsSystem: "system", AsOutsider: "utanforståande",
}

var standingNB = map[Standing]string{
	AsPatient: "pasient", AsRepresentative: "representant", AsRelative: "pårørende",
	AsProfessional: "fagperson", AsSystem: "system", AsOutsider: "utenforstående",
}

func consentRequired() error {
	e := newErr(ConsentRequired, "", "consent-required",
		"there is no active consent: nothing can be shared or changed until the patient (or whoever may consent for them) gives it",
		"det finnes ikke noe gyldig samtykke: ingenting kan deles eller endres før pasienten (eller den som kan samtykke på vegne av pasienten) gir det")
	e.Message.NN = "det finst ikkje noko gyldig samtykke: ingenting kan delast eller endrast før pasienten (eller den som kan samtykkje på vegner av pasienten) gir det"
	return e
}

// CanRead checks whether by may read the community's content on day at.
// Members read only while consent is active; the patient and their
// representatives always read their own community. Reading a community's
// bare status (see Summary) is not covered by this rule.
func (c *Community) CanRead(by Principal, at time.Time) error {
	st := c.StandingOf(by, at)
	switch {
	case st == AsOutsider:
		e := forbidden("not-a-member", "only members of the community, the patient and their representatives can read it",
			"bare medlemmer av aktørfellesskapet, pasienten og pasientens representanter kan lese det")
		e.Message.NN = "berre medlemmer av aktørfellesskapet, pasienten og representantane til pasienten kan lese det"
		return e
	case st.patientSide():
		return nil
	case !c.ConsentState(at).Shares():
		return consentRequired()
	}
	return c.relativeNamed(by, st, at)
}
