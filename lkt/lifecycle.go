package lkt

import (
	"fmt"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Activate starts the collaboration. It needs, all at once: active consent
// given by the right person (not awaiting renewal), all four mandatory roles
// held by active members, the coordinator's mandate anchored with their line
// manager, and the inclusion criteria of report 8.3 recorded.
type Activate struct{}

func (Activate) CommandName() string { return "Activate" }
func (Activate) policy() policy      { return policy{who: professionals} }

func (Activate) apply(c *Community, ch change) (EventData, error) {
	if c.s.Status != Draft {
		return nil, transitionErr(c.s.Status, Active)
	}
	if err := c.mustBeReady(ch.now, true); err != nil {
		return nil, err
	}
	now := ch.now
	c.s.Status, c.s.ActivatedAt, c.s.StatusReason = Active, &now, ""
	return CommunityActivated{}, nil
}

// Readiness lists what still stands between the community and activation,
// each an unmet precondition in words a coordinator can act on: what it
// takes for anything to bind (see binding) and the inclusion criteria of
// report 8.3. Empty means it can be activated.
func (c *Community) Readiness(at time.Time) []Warning {
	return c.readiness(at, c.ConsentState(at), c.VacantRoles(at))
}

// readiness is Readiness, given the consent state and the vacant roles on
// day at.
func (c *Community) readiness(at time.Time, consent ConsentState, vacant []roles.Code) []Warning {
	// Room for the usual list at once: every draft's overview computes it.
	out := c.appendBinding(make([]Warning, 0, 1+len(vacant)+len(notIncluded)), at, consent, vacant)
	for _, k := range Criteria() {
		if !c.included(k) {
			out = append(out, Warning{RuleInclusionIncomplete, notIncluded[k]})
		}
	}
	return out
}

// notIncluded and vacantRole say an inclusion criterion not recorded and a
// mandatory role vacant, put together once: every draft's overview lists
// them.
var (
	notIncluded = func() map[Criterion]roles.Labels {
		m := map[Criterion]roles.Labels{}
		for _, k := range Criteria() {
			m[k] = roles.Labels{
				EN: "inclusion not recorded: " + k.Label(roles.English),
				NB: "inkludering ikke registrert: " + k.Label(roles.Bokmal),
				NN: "inkludering ikkje registrert: " + k.Label(roles.Nynorsk)}
		}
		return m
	}()
	vacantRole = func() map[roles.Code]roles.Labels {
		m := map[roles.Code]roles.Labels{}
		for _, r := range roles.MandatoryCodes() {
			m[r] = roles.Labels{
				EN: "the mandatory role " + r.Label(roles.English) + " is vacant",
				NB: "den obligatoriske rollen " + r.Label(roles.Bokmal) + " er ikke besatt",
				NN: "den obligatoriske rolla " + r.Label(roles.Nynorsk) + " er ikkje fylt"}
		}
		return m
	}()
)

// binding is the one list of what it takes for the community's agreements
// to bind on day at, shared by activation, resuming and agreeing the plan:
// active consent given by the right person (not awaiting renewal), the
// four mandatory roles held by active members, and the coordinator's
// mandate anchored with their line manager. consent and vacant are the
// consent state and the vacant roles on day at.
func (c *Community) binding(at time.Time, consent ConsentState, vacant []roles.Code) []Warning {
	return c.appendBinding(nil, at, consent, vacant)
}

// appendBinding appends binding's list to out.
func (c *Community) appendBinding(out []Warning, at time.Time, consent ConsentState, vacant []roles.Code) []Warning {
	if w, ok := consentWarning(consent); ok {
		out = append(out, w)
	}
	out = c.appendVacancies(out, at, vacant)
	out = c.appendOnLeave(out, at)
	return c.appendUnanchored(out)
}

// consentWarning is what a consent state that does not let anything bind
// tells every reader: the one text of each fact, for Readiness, Warnings
// and the refusals alike.
func consentWarning(st ConsentState) (Warning, bool) {
	switch st {
	case NoConsent:
		return Warning{RuleConsentRequired, roles.Labels{EN: "no consent has been given yet", NB: "samtykke er ikke gitt ennå",
			NN: "samtykke er ikkje gitt enno"}}, true
	case Withdrawn:
		return Warning{RuleConsentWithdrawn, roles.Labels{
			EN: "consent is withdrawn: nothing is shared with members until it is given again",
			NB: "samtykket er trukket tilbake: ingenting deles med medlemmene før det gis på nytt",
			NN: "samtykket er trekt tilbake: ingenting blir delt med medlemmene før det blir gitt på nytt"}}, true
	case RenewalRequired:
		return Warning{RuleConsentRenewal, roles.Labels{
			EN: "the patient has turned 16 and must renew the consent their parents gave",
			NB: "pasienten har fylt 16 år og må fornye samtykket foresatte ga",
			NN: "pasienten har fylt 16 år og må fornye samtykket som dei føresette gav"}}, true
	}
	return Warning{}, false
}

// appendOnLeave appends the warnings for holders of mandatory roles on
// leave on day at: a role held by someone who does not take part now.
func (c *Community) appendOnLeave(out []Warning, at time.Time) []Warning {
	for _, r := range roles.MandatoryCodes() {
		if m, ok := c.Holder(r); ok && m.IsMember(at) && !m.IsActive(at) {
			out = append(out, Warning{RuleMandatoryRoleUnavailable, roles.Labels{
				EN: fmt.Sprintf("%s (%s) is on leave: agree who stands in", m.Name, r.Label(roles.English)),
				NB: fmt.Sprintf("%s (%s) er i permisjon: avtal hvem som trer inn", m.Name, r.Label(roles.Bokmal)),
				NN: fmt.Sprintf("%s (%s) er i permisjon: avtal kven som trer inn", m.Name, r.Label(roles.Nynorsk))}})
		}
	}
	return out
}

// mustBind turns binding into one error named by the first unmet
// precondition's rule, listing them all.
func (c *Community) mustBind(at time.Time) error {
	gaps := c.binding(at, c.ConsentState(at), c.VacantRoles(at))
	if len(gaps) == 0 {
		return nil
	}
	return unmet(gaps[0].Rule, gaps, roles.Labels{EN: "nothing binds yet: ", NB: "ingenting er bindende ennå: ", NN: "ingenting er bindande enno: "})
}

// mustBeReady turns Readiness into one error. Resuming does not re-check
// inclusion: it was met when the community was activated.
func (c *Community) mustBeReady(at time.Time, inclusion bool) error {
	var gaps []Warning
	for _, m := range c.Readiness(at) {
		if inclusion || m.Rule != RuleInclusionIncomplete {
			gaps = append(gaps, m)
		}
	}
	if len(gaps) == 0 {
		return nil
	}
	return unmet(RuleActivationPreconditions, gaps, roles.Labels{EN: "the community cannot be active yet: ",
		NB: "aktørfellesskapet kan ikke være aktivt ennå: ", NN: "aktørfellesskapet kan ikkje vere aktivt enno: "})
}

// unmet is one refusal, named rule, for the unmet preconditions gaps: its
// message is lead followed by all of them, and each is one of its Errors,
// with the part of the community it concerns.
func unmet(rule string, gaps []Warning, lead roles.Labels) *Error {
	var en, nb, nn []string
	each := make([]*Error, len(gaps))
	for i, g := range gaps {
		en, nb, nn = append(en, g.Message.EN), append(nb, g.Message.NB), append(nn, g.Message.In(roles.Nynorsk))
		each[i] = &Error{Code: PreconditionFailed, Field: warningFields[g.Rule], Rule: g.Rule, Message: g.Message}
	}
	return &Error{Code: PreconditionFailed, Rule: rule, Errors: each, Message: roles.Labels{
		EN: lead.EN + strings.Join(en, "; "), NB: lead.NB + strings.Join(nb, "; "), NN: lead.NN + strings.Join(nn, "; ")}}
}

// warningFields names the part of the community each precondition of
// Readiness concerns, for clients that point at it.
var warningFields = map[string]string{
	RuleConsentRequired: "consent", RuleConsentWithdrawn: "consent", RuleConsentRenewal: "consent",
	RuleMandatoryRoleVacant: "roles", RuleMandatoryRoleUnavailable: "roles",
	RuleMandateNotAnchored: "mandate.anchoring", RuleInclusionIncomplete: "inclusion",
}

// mustBeActive refuses what only an active community does: agreeing a
// plan, setting a phase, recording hospital stays. A draft has not met the
// inclusion criteria of report 8.3; a paused community's collaboration is
// on hold until it is resumed (which checks the activation rules again).
func (c *Community) mustBeActive(what roles.Labels) error {
	if c.s.Status == Active {
		return nil
	}
	return precondition(RuleCommunityActive,
		fmt.Sprintf("a %s community cannot %s: activate or resume it first", c.s.Status, what.EN),
		fmt.Sprintf("et aktørfellesskap med status %s kan ikke %s: aktiver eller gjenoppta det først", statusNB[c.s.Status], what.NB),
		fmt.Sprintf("eit aktørfellesskap med status %s kan ikkje %s: aktiver det eller ta det opp att først", statusNN[c.s.Status], what.NN))
}

// Pause puts an active community on hold, with a reason.
type Pause struct {
	Reason string `json:"reason" validate:"required,max=2000"`
}

func (Pause) CommandName() string { return "Pause" }
func (Pause) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd Pause) apply(c *Community, ch change) (EventData, error) {
	if c.s.Status != Active {
		return nil, transitionErr(c.s.Status, Paused)
	}
	c.s.Status, c.s.StatusReason = Paused, cmd.Reason
	return CommunityPaused(cmd), nil
}

// Resume makes a paused community active again; the activation rules apply.
type Resume struct{}

func (Resume) CommandName() string { return "Resume" }
func (Resume) policy() policy      { return policy{who: patientSideOrPr} }

func (Resume) apply(c *Community, ch change) (EventData, error) {
	if c.s.Status != Paused {
		return nil, transitionErr(c.s.Status, Active)
	}
	if err := c.mustBeReady(ch.now, false); err != nil {
		return nil, err
	}
	c.s.Status, c.s.StatusReason = Active, ""
	return CommunityResumed{}, nil
}

// Close ends the community for good. Everything recorded is kept. The
// patient side can close it, and so can a professional (the patient died,
// moved away or no longer needs it).
type Close struct {
	Reason string `json:"reason" validate:"required,max=2000"`
}

func (Close) CommandName() string { return "Close" }
func (Close) policy() policy      { return policy{who: patientSideOrPr, consentFree: true} }

func (cmd Close) apply(c *Community, ch change) (EventData, error) {
	now := ch.now
	c.s.Status, c.s.ClosedAt, c.s.StatusReason = Closed, &now, cmd.Reason
	return CommunityClosed(cmd), nil
}

func transitionErr(from, to Status) error {
	return precondition(RuleLifecycle, fmt.Sprintf("a %s community cannot become %s", from, to),
		fmt.Sprintf("et aktørfellesskap med status %s kan ikke få status %s", statusNB[from], statusNB[to]),
		fmt.Sprintf("eit aktørfellesskap med status %s kan ikkje få status %s", statusNN[from], statusNN[to]))
}

var statusNB = map[Status]string{Draft: "utkast", Active: "aktiv", Paused: "pause", Closed: "avsluttet"}

var statusNN = map[Status]string{Draft: "utkast", Active: "aktiv", Paused: "pause", Closed: "avslutta"}

// Warning is something every reader of the community should see: a state
// that is allowed but risky, or a rule that will soon bite.
type Warning struct {
	Rule    string       `json:"rule"`
	Message roles.Labels `json:"message"`
}

// Warnings lists what needs attention on day at: consent to renew or
// withdrawn, vacant mandatory roles, holders on leave or leaving, an
// unanchored mandate, the actor map's risks (lifebuoys, members nobody on
// the patient's side knows, holders with no line to the coordinator), a
// coordinator out of touch with the patient's side, and the plan's
// warnings (PlanWarnings). The HTTP
// adapter and the web page show them on every read.
func (c *Community) Warnings(at time.Time) []Warning {
	return c.warnings(at, c.ConsentState(at), c.VacantRoles(at), c.PlanStatus(at))
}

// warnings is Warnings, given the consent state, the vacant roles and the
// plan's status on day at.
func (c *Community) warnings(at time.Time, consent ConsentState, vacant []roles.Code, st PlanStatus) []Warning {
	var out []Warning
	if w, ok := consentWarning(consent); ok {
		out = append(out, w)
	}
	if c.s.Status == Active || c.s.Status == Paused {
		out = c.appendVacancies(out, at, vacant)
	}
	out = c.appendOnLeave(out, at)
	for _, r := range roles.MandatoryCodes() {
		if m, ok := c.Holder(r); ok && m.IsMember(at) && m.Status == actormap.Leaving {
			on := m.LeavingOn.Format(time.DateOnly) // required with status leaving
			out = append(out, Warning{RuleMandatoryHolderLeaving, roles.Labels{
				EN: fmt.Sprintf("%s (%s) leaves on %s: name a successor", m.Name, r.Label(roles.English), on),
				NB: fmt.Sprintf("%s (%s) slutter %s: oppgi en etterfølger", m.Name, r.Label(roles.Bokmal), on),
				NN: fmt.Sprintf("%s (%s) sluttar %s: gje opp ein etterfølgjar", m.Name, r.Label(roles.Nynorsk), on)}})
		}
	}
	out = c.appendUnanchored(out)
	out = append(out, c.capacityReview(at)...)
	out = append(out, c.mapWarnings(at)...)
	out = append(out, c.distantCoordinator(at)...)
	out = append(out, c.careReview(at)...)
	return append(out, c.planWarnings(at, st)...)
}

// appendVacancies appends the warnings for the mandatory roles vacant on
// day at.
func (c *Community) appendVacancies(out []Warning, at time.Time, vacant []roles.Code) []Warning {
	for _, r := range vacant {
		l := vacantRole[r]
		if since, _ := c.VacantSince(r, at); !since.IsZero() && c.s.Status != Draft {
			d := day(since).AddDate(0, 0, FillRoleWithinDays).Format(time.DateOnly)
			l.EN += ": fill it by " + d + "; the plan cannot be revised or agreed until then"
			l.NB += ": besett den innen " + d + "; planen kan ikke revideres eller avtales før det"
			l.NN += ": fyll henne innan " + d + "; planen kan ikkje reviderast eller avtalast før det"
		}
		out = append(out, Warning{RuleMandatoryRoleVacant, l})
	}
	return out
}

// appendUnanchored appends the warning of a mandate its line manager has
// not acknowledged.
func (c *Community) appendUnanchored(out []Warning) []Warning {
	if c.s.Mandate == nil || c.s.Mandate.Anchoring != nil {
		return out
	}
	return append(out, Warning{RuleMandateNotAnchored, roles.Labels{
		EN: "the coordinator's mandate is not anchored with their line manager",
		NB: "koordinatorens mandat er ikke forankret hos linjeleder",
		NN: "mandatet til koordinatoren er ikkje forankra hos linjeleiaren"}})
}
