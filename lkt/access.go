package lkt

import (
	"context"
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Who may read and do what, in one place: a command's policy and its check
// (authorize), who reads a community's content (CanRead), its audit trail
// (CanReadAudit) and its summary (SummaryFor), and what a portfolio page
// tells each reader of each community (patientSideOnly).
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
			"innloggingen din bekreftet et annet fødselsnummer enn det som er registrert på personen du oppgir å være",
			"innlogginga di stadfesta eit anna fødselsnummer enn det som er registrert på personen du seier at du er")
	}
	if st == AsOutsider {
		return forbidden(RuleNotAMember, "only members of the community, the patient and their representatives can change it",
			"bare medlemmer av aktørfellesskapet, pasienten og pasientens representanter kan endre det",
			"berre medlemmer av aktørfellesskapet, pasienten og representantane til pasienten kan endre det")
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
	return forbidden(RuleStanding, "you may not do this as "+string(st), "du kan ikke gjøre dette som "+standingNB[st],
		"du kan ikkje gjere dette som "+standingNN[st])
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
	return newErr(ConsentRequired, "", RuleConsentRequired,
		"there is no active consent: nothing can be shared or changed until the patient (or whoever may consent for them) gives it",
		"det finnes ikke noe gyldig samtykke: ingenting kan deles eller endres før pasienten (eller den som kan samtykke på vegne av pasienten) gir det",
		"det finst ikkje noko gyldig samtykke: ingenting kan delast eller endrast før pasienten (eller den som kan samtykkje på vegner av pasienten) gir det")
}

// CanRead checks whether by may read the community's content on day at.
// Members read only while consent is active; the patient and their
// representatives always read their own community. Reading a community's
// bare status (see Summary) is not covered by this rule.
func (c *Community) CanRead(by Principal, at time.Time) error {
	return c.canRead(by, at, c.ConsentState(at))
}

// canRead is CanRead, given the consent state on day at.
func (c *Community) canRead(by Principal, at time.Time, consent ConsentState) error {
	by = c.known(by, at)
	st := c.StandingOf(by, at)
	switch {
	case st == AsOutsider:
		return forbidden(RuleNotAMember, "only members of the community, the patient and their representatives can read it",
			"bare medlemmer av aktørfellesskapet, pasienten og pasientens representanter kan lese det",
			"berre medlemmer av aktørfellesskapet, pasienten og representantane til pasienten kan lese det")
	case st.patientSide():
		return nil
	case !consent.Shares():
		return consentRequired()
	}
	return c.relativeNamed(by, st, at)
}

// RuleAuditReader: only the patient, their representatives, the
// coordinator and systems read a community's audit trail.
const RuleAuditReader = "audit-reader"

// CanReadAudit checks whether by may read the community's audit trail on
// day at — who read and changed it, when: the patient and their
// representatives, the coordinator and systems. They must be able to read
// the community too (CanRead).
func (c *Community) CanReadAudit(by Principal, at time.Time) error {
	st := c.StandingOf(by, at)
	if coord, _ := c.Holder(roles.CoordinatorLeader); st.patientSide() || st == AsSystem || (coord.ID != "" && coord.ID == by.ID) {
		return nil
	}
	return forbidden(RuleAuditReader, "only the patient, their representatives and the coordinator can read the audit trail",
		"bare pasienten, pasientens representanter og koordinator kan lese loggen",
		"berre pasienten, representantane til pasienten og koordinatoren kan lese loggen")
}

// SummaryFor returns the community's summary as by may read it on day at.
// Any member may read it even without consent — it tells them the
// community exists and why nothing is shared — but the patient's name is
// left out then, and after a withdrawal those who are not the patient's
// side learn only that (Summary.For). A relative the patient did not name
// learns only that the community exists and its consent state. Outsiders
// are refused as CanRead refuses them.
func (c *Community) SummaryFor(by Principal, at time.Time) (Summary, error) {
	by = c.known(by, at)
	st := c.StandingOf(by, at)
	if st == AsOutsider {
		return Summary{}, c.CanRead(by, at)
	}
	sum := c.Summary(at)
	if !st.patientSide() {
		sum = sum.For(false)
	}
	if c.relativeNamed(by, st, at) != nil {
		sum = Summary{ID: sum.ID, Consent: sum.Consent}
	}
	return sum, nil
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
