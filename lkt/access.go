package lkt

import (
	"context"
	"slices"
	"time"
)

// Who may read and do what, in one place: a command's policy and its check
// (authorize), who reads a community's content (CanRead), and what a
// portfolio page tells each reader of each community (patientSideOnly).
// The standings themselves come from Community.StandingOf; who may act on
// another's word is in authority.go, the redaction of what a reader sees in
// view.go.

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
	by = c.known(by, at)
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

// patientSideOnly cuts page's summaries down to what by may learn of
// each: a community whose consent is withdrawn shows only that to anyone
// but the patient's side (its id and consent), and is left out of a page
// selected by anything but membership and consent, since being selected
// would tell what the filter asked. A community without consent yet shows
// no patient name.
func (s *Service) patientSideOnly(ctx context.Context, by Principal, q Query, page Page) (Page, error) {
	filtered := q.Municipality != "" || q.Coordinator != "" || q.Status != "" || q.VacantRole || q.OverdueEvaluation || q.RedPhase || q.DueBefore != nil
	items := page.Items[:0:0]
	for _, it := range page.Items {
		if it.Consent == Withdrawn {
			side := false
			if by.Kind == PersonPrincipal {
				c, err := s.load(ctx, it.ID)
				if err != nil {
					return Page{}, err
				}
				side = c.StandingOf(by, q.At).patientSide()
			}
			if !side && filtered {
				continue
			}
			it = it.For(side)
		} else {
			it = it.For(false)
			if by.Kind == PersonPrincipal && it.Consent.Shares() {
				c, err := s.load(ctx, it.ID)
				if err != nil {
					return Page{}, err
				}
				if st := c.StandingOf(by, q.At); c.relativeNamed(c.known(by, q.At), st, q.At) != nil {
					// A relative the patient did not name learns what
					// Summary tells them: the community and its consent.
					if filtered {
						continue
					}
					it = Summary{ID: it.ID, Consent: it.Consent}
				}
			}
		}
		items = append(items, it)
	}
	page.Items = items
	return page, nil
}
