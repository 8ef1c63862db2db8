package lkt

import "time"

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

// healthPersonnel checks that by is, on day at, a member of the community
// whom the authenticator verified as health personnel: an HPR number and
// the HPR authorisation in by.Verified, matching the HPR number the
// community records for them if it records one. What a member's role says
// (a GP, a nurse) is what somebody typed; only the verified claim counts.
func (c *Community) healthPersonnel(by Principal, at time.Time, rule string) error {
	v := by.Verified
	if c.StandingOf(by, at) != AsProfessional || !v.HealthPersonnel || v.HPR == "" {
		return forbidden(rule, "only a member verified as health personnel (HPR) may do this",
			"bare et medlem som er verifisert som helsepersonell (HPR), kan gjøre dette")
	}
	if m, _ := c.Member(by.ID); m.HPR != "" && m.HPR != v.HPR {
		return forbidden(RuleHPRMismatch, "the HPR number recorded for you is not the one your sign-in verified",
			"HPR-nummeret som er registrert på deg, er ikke det innloggingen din bekreftet")
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
		"samtykket er trukket tilbake: ingen legger til medlemmer, representanter, vurderinger av samtykkekompetanse eller beslutninger om helsehjelp før pasientens side gir det igjen")
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
