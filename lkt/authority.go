package lkt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The rules of issue 15 ("consent, representation and agreement that no
// member can forge"), by the names refusals carry in Error.Rule. Each is
// checked in one place; lkt/authority_test.go holds one forgery per rule.
const (
	// RuleNothingAddedWhileWithdrawn: while consent is withdrawn nobody
	// adds members, representatives, capacity assessments or § 4-6
	// decisions. The withdrawal is the patient's; adding people or changing
	// who speaks for the patient would undo it from the side.
	RuleNothingAddedWhileWithdrawn = "consent-withdrawn-nothing-added"
	// RuleCapacityByHealthPersonnel: the patient's capacity to consent is
	// assessed only by a member the authenticator verified as health
	// personnel in the HPR (pasient- og brukerrettighetsloven § 4-3: "Den
	// som yter helsehjelp, avgjør om pasienten mangler
	// samtykkekompetanse").
	RuleCapacityByHealthPersonnel = "capacity-by-health-personnel"
	// RuleHPRMismatch: a member whose recorded HPR number differs from the
	// one the authenticator verified acts as somebody else.
	RuleHPRMismatch = "hpr-mismatch"
)

// RuleOneOpenCommunity: a patient has at most one open community (not
// closed), known by their national identity number or D-number. A second
// one would be a shadow community about the same person, with its own
// members and its own "consent" (issue 15). Every Store enforces it, in the
// same transaction as the save that would break it, so that two founders
// racing cannot both win; a patient recorded by birth date only cannot be
// told apart and is not covered. A closed community does not count: the
// patient may need a new one later.
const RuleOneOpenCommunity = "one-open-community-per-patient"

// OneOpenCommunityError is a Store's refusal of a save that would give a
// patient a second open community (RuleOneOpenCommunity). It does not say
// which community the patient has: the caller may not be its member.
func OneOpenCommunityError() error {
	return newErr(Conflict, "patient.nationalId", RuleOneOpenCommunity,
		"this patient already has an open community, and a patient has only one (rule "+RuleOneOpenCommunity+"): ask its coordinator to add you, or close it first",
		"denne pasienten har allerede et åpent aktørfellesskap, og en pasient har bare ett (regel "+RuleOneOpenCommunity+"): be koordinatoren om å legge deg til, eller avslutt det først",
		"denne pasienten har allereie eit ope aktørfellesskap, og ein pasient har berre eitt (regel "+RuleOneOpenCommunity+"): be koordinatoren om å leggje deg til, eller avslutt det først")
}

// healthPersonnel checks that by is, on day at, a member of the community
// whom the authenticator verified as health personnel: an HPR number and
// the HPR authorisation in by.Verified, matching the HPR number the
// community records for them if it records one. What a member's role says
// (a GP, a nurse) is what somebody typed; only the verified claim counts.
func (c *Community) healthPersonnel(by Principal, at time.Time, rule string) error {
	v := by.Verified
	if c.StandingOf(by, at) != AsProfessional || !v.HealthPersonnel || v.HPR == "" {
		return forbidden(rule, "only a member verified as health personnel (HPR) may do this",
			"bare et medlem som er verifisert som helsepersonell (HPR), kan gjøre dette",
			"berre eit medlem som er verifisert som helsepersonell (HPR), kan gjere dette")
	}
	if m, _ := c.Member(by.ID); m.HPR != "" && m.HPR != v.HPR {
		return forbidden(RuleHPRMismatch, "the HPR number recorded for you is not the one your sign-in verified",
			"HPR-nummeret som er registrert på deg, er ikke det innloggingen din bekreftet",
			"HPR-nummeret som er registrert på deg, er ikkje det innlogginga di stadfesta")
	}
	return nil
}

// nothingAddedWhileWithdrawn refuses an addition while consent is
// withdrawn (RuleNothingAddedWhileWithdrawn).
func (c *Community) nothingAddedWhileWithdrawn(at time.Time) error {
	if c.ConsentState(at) != Withdrawn {
		return nil
	}
	return newErr(ConsentRequired, "", RuleNothingAddedWhileWithdrawn,
		"consent is withdrawn: nobody adds members, representatives, capacity assessments or care decisions until the patient's side gives it again",
		"samtykket er trukket tilbake: ingen legger til medlemmer, representanter, vurderinger av samtykkekompetanse eller beslutninger om helsehjelp før pasientens side gir det igjen",
		"samtykket er trekt tilbake: ingen legg til medlemmer, representantar, vurderingar av samtykkekompetanse eller avgjerder om helsehjelp før pasientsida gir det igjen")
}

// Rules of representation (issue 15 B).
const (
	// RuleRepresentationBasis: a legal representative comes with the
	// guardianship decision that appoints them (authority, date,
	// reference, scope), a parent with parental responsibility with what
	// it rests on; nobody else brings one.
	RuleRepresentationBasis = "representation-basis"
	// RuleRepresentationByCoordinator: only the coordinator (the founder
	// before one is appointed) adds someone who speaks for the patient.
	RuleRepresentationByCoordinator = "representation-by-coordinator"
)

// Rules of acting on someone else's word (issue 15 A).
const (
	// RuleFounderVerified: a person founds a community only if the
	// authenticator verified them as health personnel (an HPR number with
	// the authorisation), and the HPR number they give as founder is that
	// one; a system only if it was configured with RightCreateCommunities.
	RuleFounderVerified = "founder-verified"
	// RuleOnBehalfByCoordinator: consent, a withdrawal, an acceptance or a
	// story revision is recorded on someone else's word only by the
	// community's coordinator (the founder before one is appointed) or a
	// system configured with RightRecordOnBehalf.
	RuleOnBehalfByCoordinator = "on-behalf-by-coordinator"
	// RuleEvidenceRequired: what is recorded on someone else's word names
	// what it rests on (Evidence): a signed form, a digital consent in
	// another system with its reference, or words said before a named
	// witness; its date and reference.
	RuleEvidenceRequired = "evidence-required"
	// RuleWithdrawalIsPatients: once consent is withdrawn, only the patient
	// or a representative in person — or evidence dated after the
	// withdrawal — brings it back.
	RuleWithdrawalIsPatients = "withdrawal-is-patients"
	// RuleIdentityMismatch: a principal whose verified national identity
	// number is not the one the community records for the person they
	// claim to be is not that person.
	RuleIdentityMismatch = "identity-mismatch"
	// RuleAcceptancesOneRecorder: a plan is not agreed when every
	// acceptance it holds was recorded by one person.
	RuleAcceptancesOneRecorder = "acceptances-one-recorder"
	// RuleStoryConfirmed: a story revision recorded on the patient's behalf
	// is pending until the patient or a representative confirms it; only a
	// pending revision is confirmed.
	RuleStoryConfirmed = "story-confirmed"
	// RuleRelativesNamedByPatient: a patient who consents for themself
	// (from 16) names which relatives take part; the others — a parent
	// included — neither read nor change the community.
	RuleRelativesNamedByPatient = "relatives-named-by-patient"
)

// namedRelatives checks the relatives a consent names: only a patient
// consenting for themself names them, and each is a relative in the
// community.
func (c *Community) namedRelatives(ids []actormap.ActorID, g Grantor, at time.Time) ([]actormap.ActorID, error) {
	if g != GrantedByPatient {
		if len(ids) > 0 {
			return nil, newErr(Invalid, "relatives", RuleRelativesNamedByPatient, "are named only by a patient who consents for themself",
				"navngis bare av en pasient som samtykker selv",
				"blir berre namngitt av ein pasient som samtykkjer sjølv")
		}
		return nil, nil
	}
	var out []actormap.ActorID
	for i, id := range ids {
		m, ok := c.Member(id)
		if r, _ := roles.Lookup(m.Role); !ok || !m.IsMember(at) || r.Kind != roles.KindRelative {
			return nil, newErr(Invalid, fmt.Sprintf("relatives[%d]", i), RuleRelativesNamedByPatient, "is not a relative in the community",
				"er ikke en pårørende i fellesskapet",
				"er ikkje ein pårørande i fellesskapet")
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// relativeNamed refuses a relative whom the patient, consenting for
// themself, did not name (RuleRelativesNamedByPatient).
func (c *Community) relativeNamed(by Principal, st Standing, at time.Time) error {
	if st != AsRelative {
		return nil
	}
	k, ok := c.Consent()
	if !ok || !k.RelativesNamed || slices.Contains(k.Relatives, by.ID) {
		return nil
	}
	return forbidden(RuleRelativesNamedByPatient,
		"the patient consents for themself and has not named you among the relatives who take part",
		"pasienten samtykker selv og har ikke navngitt deg blant de pårørende som deltar",
		"pasienten samtykkjer sjølv og har ikkje namngitt deg blant dei pårørande som er med")
}

// Evidence is what an act recorded on someone else's word rests on (see
// plan.Evidence, where it is defined so that a plan's acceptances carry it).
type (
	Evidence     = plan.Evidence
	EvidenceKind = plan.EvidenceKind
)

// Kinds of evidence: a signed form, a digital consent in another system,
// words said before a named witness.
const (
	SignedForm     = plan.SignedForm
	DigitalConsent = plan.DigitalConsent
	Verbal         = plan.Verbal
)

// OnBehalf marks an act recorded on someone else's word: who recorded it,
// whose word it is, and the evidence. It shows wherever the act shows.
type OnBehalf struct {
	RecordedBy Principal        `json:"recordedBy"`
	For        actormap.ActorID `json:"for"`
	Evidence   Evidence         `json:"evidence"`
}

// checkEvidence refuses evidence that is not yet true on day now.
func checkEvidence(e Evidence, field string, now time.Time) error {
	if e.Date.After(now) {
		return newErr(Invalid, field+".date", RuleEvidenceRequired, "lies in the future", "ligger fram i tid", "ligg fram i tid")
	}
	if strings.TrimSpace(e.Reference) == "" {
		return newErr(Invalid, field+".reference", RuleEvidenceRequired, "is required", "må fylles ut", "må fyllast ut")
	}
	return nil
}

// VerifiedHealthPersonnel reports whether the claims say the authenticator
// verified health personnel: an HPR number and the authorisation.
func (c Claims) VerifiedHealthPersonnel() bool { return c.HealthPersonnel && c.HPR != "" }

// checkFounder enforces RuleFounderVerified for Create.
func checkFounder(by Principal, in NewCommunity) error {
	if by.Kind == SystemPrincipal {
		if !by.Verified.Has(RightCreateCommunities) {
			return forbidden(RuleFounderVerified, "this system is not configured to create communities",
				"dette systemet er ikke satt opp til å opprette aktørfellesskap",
				"dette systemet er ikkje sett opp til å opprette aktørfellesskap")
		}
		return nil
	}
	if !by.Verified.VerifiedHealthPersonnel() {
		return forbidden(RuleFounderVerified,
			"a community is founded by a person verified as health personnel (HPR) or a system configured for it",
			"et aktørfellesskap opprettes av en person som er verifisert som helsepersonell (HPR), eller et system som er satt opp til det",
			"eit aktørfellesskap blir oppretta av ein person som er verifisert som helsepersonell (HPR), eller eit system som er sett opp til det")
	}
	if in.Founder != nil && in.Founder.HPR != "" && in.Founder.HPR != by.Verified.HPR {
		return newErr(Forbidden, "founder.hpr", RuleFounderVerified, "is not the HPR number your sign-in verified",
			"er ikke HPR-nummeret innloggingen din bekreftet",
			"er ikkje HPR-nummeret innlogginga di stadfesta")
	}
	return nil
}

// onBehalf checks that ch.by may record an act of person forID on their
// word, with ev as evidence (RuleOnBehalfByCoordinator,
// RuleEvidenceRequired), and returns the mark the act carries.
func (c *Community) onBehalf(ch change, forID actormap.ActorID, ev *Evidence) (*OnBehalf, error) {
	switch {
	case ch.by.Kind == SystemPrincipal:
		if !ch.by.Verified.Has(RightRecordOnBehalf) {
			return nil, forbidden(RuleOnBehalfByCoordinator, "this system is not configured to record on another person's word",
				"dette systemet er ikke satt opp til å registrere på andres vegne",
				"dette systemet er ikkje sett opp til å registrere på vegner av andre")
		}
	case !c.actsAsCoordinator(ch.by, ch.now):
		return nil, forbidden(RuleOnBehalfByCoordinator,
			"only the coordinator (the founder before one is appointed) records this on another person's word; they record it themselves",
			"bare koordinator (den som opprettet fellesskapet, før en koordinator er utnevnt) registrerer dette på andres vegne; ellers registrerer de det selv",
			"berre koordinatoren (den som oppretta fellesskapet, før ein koordinator er utnemnd) registrerer dette på vegner av andre; elles registrerer dei det sjølve")
	}
	if ev == nil {
		return nil, newErr(Invalid, "evidence", RuleEvidenceRequired,
			"is required when recording on another person's word: a signed form, a digital consent with its reference, or verbal with a named witness",
			"må oppgis når noe registreres på andres vegne: signert skjema, digitalt samtykke med referanse, eller muntlig med navngitt vitne",
			"må oppgjevast når noko blir registrert på vegner av andre: signert skjema, digitalt samtykke med referanse, eller munnleg med namngitt vitne")
	}
	if err := checkEvidence(*ev, "evidence", ch.now); err != nil {
		return nil, err
	}
	e := *ev
	e.Date = e.Date.UTC()
	return &OnBehalf{RecordedBy: ch.by, For: forID, Evidence: e}, nil
}

// inPerson reports whether by acts as person id themself and speaks for
// the patient: the patient, or a representative naming themself.
func inPerson(ch change, id actormap.ActorID) bool {
	return ch.by.Kind == PersonPrincipal && ch.by.ID == id && ch.standing.patientSide()
}

// actsFor checks that ch.by may record an act of person id: in person (the
// patient's side naming themself, who gives no evidence), or on id's word
// (see onBehalf). It returns the on-behalf mark, nil in person.
func (c *Community) actsFor(ch change, id actormap.ActorID, ev *Evidence) (*OnBehalf, error) {
	if inPerson(ch, id) {
		if ev != nil {
			return nil, newErr(Invalid, "evidence", RuleEvidenceRequired, "is given only when recording on another person's word",
				"oppgis bare når noe registreres på andres vegne",
				"blir berre oppgitt når noko blir registrert på vegner av andre")
		}
		return nil, nil
	}
	return c.onBehalf(ch, id, ev)
}

// Rules of the § 4-6 decision (issue 15 B).
const (
	// RuleCareDecisionByHealthPersonnel: only a member verified as health
	// personnel records a § 4-6 decision: the health professional
	// responsible for the care decides (pasient- og brukerrettighetsloven
	// § 4-6 second paragraph).
	RuleCareDecisionByHealthPersonnel = "care-decision-by-health-personnel"
	// RuleCareDecisionGround: a § 4-6 decision is the ground only for an
	// adult assessed as lacking capacity, with no legal representative and
	// no consent in force; while it is in force, only the patient's own
	// objection ends it.
	RuleCareDecisionGround = "care-decision-ground"
	// RuleStoryByNextOfKin: next of kin contribute to the patient's story
	// only while the community works on a § 4-6 decision, marked as theirs.
	RuleStoryByNextOfKin = "story-by-next-of-kin"
)
