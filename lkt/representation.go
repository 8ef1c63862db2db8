package lkt

import (
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// BasisKind says what a person's right to speak for the patient rests on.
type BasisKind string

// The bases of representation. A legal representative ("verge") is
// appointed by a guardianship decision of the county governor
// (vergemålsloven § 20), whose scope says what they may decide. Parental
// responsibility ("foreldreansvar") follows from the law and is recorded in
// the population register (barnelova §§ 34–35), or rests on an agreement
// or a court's decision.
const (
	BasisGuardianship       BasisKind = "guardianship-decision"
	BasisPopulationRegister BasisKind = "population-register"
	BasisParentalAgreement  BasisKind = "parental-agreement"
	BasisCourtDecision      BasisKind = "court-decision"
)

// RepresentationBasis is what a member's right to speak for the patient
// rests on: the decision or record, who made it, when, its reference and
// what it covers.
type RepresentationBasis struct {
	Kind BasisKind `json:"kind" validate:"required,oneof=guardianship-decision population-register parental-agreement court-decision"`
	// Authority made the decision: the county governor, a court, the
	// population register.
	Authority string    `json:"authority,omitempty" validate:"max=200"`
	Date      time.Time `json:"date"`
	// Reference finds the decision or record (a case number).
	Reference string `json:"reference" validate:"required,max=200"`
	// Scope is what a guardianship covers ("personal and financial
	// matters", "health and care").
	Scope string `json:"scope,omitempty" validate:"max=2000"`
}

// claimsRepresentation reports whether in would make its member speak for
// the patient: a legal representative, or a parent holding parental
// responsibility.
func (in NewMember) claimsRepresentation() bool {
	return in.Role == roles.LegalRepresentative || (in.Role == roles.ParentGuardian && in.ParentalResponsibility)
}

// checkBasis checks that a member who is to speak for the patient comes
// with the basis it rests on, and that nobody else brings one.
func checkBasis(in NewMember, field string, now time.Time) error {
	b := in.Basis
	bad := func(sub, en, nb, nn string) error {
		return &Error{Code: Invalid, Field: field + ".basis" + sub, Rule: RuleRepresentationBasis, Message: roles.Labels{EN: en, NB: nb,
			NN: nn}}
	}
	switch {
	case !in.claimsRepresentation():
		if b != nil {
			return bad("", "is given only for a legal representative or a parent with parental responsibility",
				"oppgis bare for en verge eller en forelder med foreldreansvar",
				"blir berre oppgitt for ei verje eller ein forelder med foreldreansvar")
		}
		return nil
	case b == nil && in.Role == roles.LegalRepresentative:
		return bad("", "is required: the guardianship decision the legal representative is appointed by (authority, date, reference, scope)",
			"må fylles ut: vergemålsvedtaket vergen er oppnevnt ved (myndighet, dato, referanse, omfang)",
			"må fyllast ut: verjemålsvedtaket verja er oppnemnd ved (mynde, dato, referanse, omfang)")
	case b == nil:
		return bad("", "is required: what the parental responsibility rests on (the population register, an agreement or a court's decision), with its date and reference",
			"må fylles ut: hva foreldreansvaret bygger på (folkeregisteret, en avtale eller en dom), med dato og referanse",
			"må fyllast ut: kva foreldreansvaret byggjer på (folkeregisteret, ein avtale eller ein dom), med dato og referanse")
	case (in.Role == roles.LegalRepresentative) != (b.Kind == BasisGuardianship):
		if in.Role == roles.LegalRepresentative {
			return bad(".kind", "must be guardianship-decision for a legal representative", "må være guardianship-decision for en verge",
				"må vere guardianship-decision for ei verje")
		}
		return bad(".kind", "must be population-register, parental-agreement or court-decision for parental responsibility",
			"må være population-register, parental-agreement eller court-decision for foreldreansvar",
			"må vere population-register, parental-agreement eller court-decision for foreldreansvar")
	case b.Date.IsZero():
		return bad(".date", "is required", "må fylles ut", "må fyllast ut")
	case b.Date.After(now):
		return bad(".date", "lies in the future", "ligger fram i tid", "ligg fram i tid")
	case b.Authority == "" && (b.Kind == BasisGuardianship || b.Kind == BasisCourtDecision):
		return bad(".authority", "is required: who made the decision", "må fylles ut: hvem som fattet vedtaket",
			"må fyllast ut: kven som gjorde vedtaket")
	case b.Scope == "" && b.Kind == BasisGuardianship:
		return bad(".scope", "is required: what the guardianship covers", "må fylles ut: hva vergemålet omfatter",
			"må fyllast ut: kva verjemålet omfattar")
	}
	return nil
}

// mayAddRepresentative checks that by may add someone who speaks for the
// patient: only the coordinator (RuleRepresentationByCoordinator).
func (c *Community) mayAddRepresentative(by Principal, at time.Time) error {
	if c.actsAsCoordinator(by, at) {
		return nil
	}
	return forbidden(RuleRepresentationByCoordinator,
		"only the coordinator (the founder, before a coordinator is appointed) adds a legal representative or a parent with parental responsibility",
		"bare koordinator (den som opprettet fellesskapet, før koordinator er utnevnt) legger til verge eller forelder med foreldreansvar",
		"berre koordinatoren (den som oppretta fellesskapet, før koordinator er utnemnd) legg til verje eller forelder med foreldreansvar")
}

// actsAsCoordinator reports whether by acts as the community's coordinator on
// day at: the member holding the coordinator role, or, before anyone was
// ever appointed, the person who founded the community. A system is never
// the coordinator.
func (c *Community) actsAsCoordinator(by Principal, at time.Time) bool {
	if by.Kind != PersonPrincipal || c.StandingOf(by, at) != AsProfessional {
		return false
	}
	if c.s.Mandate == nil {
		return c.s.Founder != "" && by.ID == c.s.Founder
	}
	h, ok := c.Holder(roles.CoordinatorLeader)
	return ok && h.ID == by.ID
}

// PatientNotice tells the patient's side something that changes who shares
// the patient's information or speaks for them: a member added, a
// representative added with the basis it rests on, a capacity assessment, a
// § 4-6 decision. Only the patient and their representatives see notices.
// The community keeps what happened; the message is said on reading.
type PatientNotice struct {
	At time.Time `json:"at"`
	// Kind is what happened: member-added, representative-added,
	// capacity-assessed or care-decision.
	Kind  string           `json:"kind"`
	By    actormap.ActorID `json:"by"`
	About actormap.ActorID `json:"about,omitempty"`
	// Message says it; filled by PatientNotices, not stored.
	Message roles.Labels `json:"message,omitzero"`
}

// PatientNotices returns the notices for the patient's side, oldest first,
// each with its message.
func (c *Community) PatientNotices() []PatientNotice {
	out := slices.Clone(c.s.Notices)
	for i := range out {
		out[i].Message = c.noticeMessage(out[i])
	}
	return out
}

func (c *Community) notify(at time.Time, kind string, by Principal, about actormap.ActorID) {
	c.s.Notices = append(c.s.Notices, PatientNotice{At: at, Kind: kind, By: by.ID, About: about})
}

// memberNotice records the notice of member m joining.
func (c *Community) memberNotice(m Member, by Principal, at time.Time) {
	kind := "member-added"
	if m.Basis != nil {
		kind = "representative-added"
	}
	c.notify(at, kind, by, m.ID)
}

func (c *Community) noticeMessage(n PatientNotice) roles.Labels {
	switch n.Kind {
	case "member-added", "representative-added":
		m, _ := c.Member(n.About)
		r, _ := roles.Lookup(m.Role)
		b := m.Basis
		if n.Kind == "member-added" || b == nil {
			return roles.Labels{
				EN: m.Name + " (" + r.Label(roles.English) + ") has joined the actor community and reads what is shared in it",
				NB: m.Name + " (" + r.Label(roles.Bokmal) + ") er lagt til i aktørfellesskapet og leser det som deles der",
				NN: m.Name + " (" + r.Label(roles.Nynorsk) + ") er lagd til i aktørfellesskapet og les det som blir delt der"}
		}
		return roles.Labels{
			EN: m.Name + " has been added as " + r.Label(roles.English) + " and speaks for the patient, on the basis of " + b.text(roles.English),
			NB: m.Name + " er lagt til som " + r.Label(roles.Bokmal) + " og taler for pasienten, med grunnlag i " + b.text(roles.Bokmal),
			NN: m.Name + " er lagd til som " + r.Label(roles.Nynorsk) + " og talar for pasienten, med grunnlag i " + b.text(roles.Nynorsk)}
	case "capacity-assessed":
		return roles.Labels{EN: "a health professional has assessed the patient's capacity to consent: see the assessments",
			NB: "helsepersonell har vurdert pasientens samtykkekompetanse: se vurderingene",
			NN: "helsepersonell har vurdert samtykkekompetansen til pasienten: sjå vurderingane"}
	case "care-decision":
		return roles.Labels{EN: "the responsible health professional has decided on the patient's care under § 4-6: the community works on that decision",
			NB: "ansvarlig helsepersonell har besluttet helsehjelp etter § 4-6: fellesskapet arbeider på den beslutningen",
			NN: "ansvarleg helsepersonell har gjort vedtak om helsehjelp etter § 4-6: fellesskapet arbeider på det vedtaket"}
	}
	return roles.Labels{EN: n.Kind, NB: n.Kind, NN: n.Kind}
}

// basisKinds name the kinds of basis in words, so that a notice names
// them in the reader's language and not by their code.
var basisKinds = map[BasisKind]roles.Labels{
	BasisGuardianship:       {EN: "a guardianship decision", NB: "vergemålsvedtak", NN: "verjemålsvedtak"},
	BasisPopulationRegister: {EN: "the population register", NB: "folkeregisteret", NN: "folkeregisteret"},
	BasisParentalAgreement:  {EN: "an agreement on parental responsibility", NB: "avtale om foreldreansvar", NN: "avtale om foreldreansvar"},
	BasisCourtDecision:      {EN: "a court's decision", NB: "dom", NN: "dom"},
}

// text names the basis in lang: its kind, then its reference, date and
// authority.
func (b *RepresentationBasis) text(lang roles.Lang) string {
	kind := basisKinds[b.Kind].In(lang)
	if kind == "" {
		kind = string(b.Kind)
	}
	of := []string{b.Reference, b.Date.Format(time.DateOnly)}
	if b.Authority != "" {
		of = append(of, b.Authority)
	}
	return kind + " (" + strings.Join(of, ", ") + ")"
}
