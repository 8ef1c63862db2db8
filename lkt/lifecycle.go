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
	if err := c.readiness(ch.now, true); err != nil {
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
	out := c.binding(at)
	for _, k := range c.MissingInclusion() {
		out = append(out, Warning{RuleInclusionIncomplete, roles.Labels{
			EN: "inclusion not recorded: " + k.Label(roles.English),
			NB: "inkludering ikke registrert: " + k.Label(roles.Bokmal),
			NN: "inkludering ikkje registrert: " + k.Label(roles.Nynorsk)}})
	}
	return out
}

// binding is the one list of what it takes for the community's agreements
// to bind on day at, shared by activation, resuming and agreeing the plan:
// active consent given by the right person (not awaiting renewal), the
// four mandatory roles held by active members, and the coordinator's
// mandate anchored with their line manager.
func (c *Community) binding(at time.Time) []Warning {
	var out []Warning
	add := func(rule, en, nb, nn string) { out = append(out, Warning{rule, roles.Labels{EN: en, NB: nb, NN: nn}}) }
	switch c.ConsentState(at) {
	case NoConsent:
		add("consent-required", "consent has not been given", "samtykke er ikke gitt", "samtykke er ikkje gitt")
	case Withdrawn:
		add("consent-required", "consent has been withdrawn", "samtykket er trukket tilbake", "samtykket er trekt tilbake")
	case RenewalRequired:
		add("consent-renewal", "the patient has turned 16 and must renew the consent their parents gave",
			"pasienten har fylt 16 år og må fornye samtykket foresatte ga",
			"pasienten har fylt 16 år og må fornye samtykket som dei føresette gav")
	}
	out = append(out, c.vacancies(at)...)
	for _, r := range roles.MandatoryCodes() {
		if m, ok := c.Holder(r); ok && m.IsMember(at) && !m.IsActive(at) {
			add(RuleMandatoryRoleUnavailable, fmt.Sprintf("%s (%s) is on leave", m.Name, r.Label(roles.English)),
				fmt.Sprintf("%s (%s) er i permisjon", m.Name, r.Label(roles.Bokmal)),
				fmt.Sprintf("%s (%s) er i permisjon", m.Name, r.Label(roles.Nynorsk)))
		}
	}
	return append(out, c.unanchored()...)
}

// mustBind turns binding into one error named by the first unmet
// precondition's rule, listing them all.
func (c *Community) mustBind(at time.Time) error {
	gaps := c.binding(at)
	if len(gaps) == 0 {
		return nil
	}
	var en, nb []string
	for _, g := range gaps {
		en, nb = append(en, g.Message.EN), append(nb, g.Message.NB)
	}
	return preconditions(gaps[0].Rule, "nothing binds yet: "+strings.Join(en, "; "),
		"ingenting er bindende ennå: "+strings.Join(nb, "; "), warningErrors(gaps))
}

// warningFields names the part of the community each precondition of
// Readiness concerns, for clients that point at it.
var warningFields = map[string]string{
	"consent-required": "consent", "consent-renewal": "consent",
	RuleMandatoryRoleVacant: "roles", RuleMandatoryRoleUnavailable: "roles",
	RuleMandateNotAnchored: "mandate.anchoring", RuleInclusionIncomplete: "inclusion",
}

// warningErrors turns unmet preconditions into the Errors of a refusal.
func warningErrors(ws []Warning) []*Error {
	out := make([]*Error, len(ws))
	for i, w := range ws {
		out[i] = &Error{Code: PreconditionFailed, Field: warningFields[w.Rule], Rule: w.Rule, Message: w.Message}
	}
	return out
}

// readiness turns Readiness into one error. Resuming does not re-check
// inclusion: it was met when the community was activated.
func (c *Community) readiness(at time.Time, inclusion bool) error {
	var en, nb []string
	var unmet []Warning
	for _, m := range c.Readiness(at) {
		if !inclusion && m.Rule == RuleInclusionIncomplete {
			continue
		}
		unmet = append(unmet, m)
		en, nb = append(en, m.Message.EN), append(nb, m.Message.NB)
	}
	if len(en) == 0 {
		return nil
	}
	return preconditions(RuleActivationPreconditions,
		"the community cannot be active yet: "+strings.Join(en, "; "),
		"aktørfellesskapet kan ikke være aktivt ennå: "+strings.Join(nb, "; "), warningErrors(unmet))
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
		fmt.Sprintf("et aktørfellesskap med status %s kan ikke %s: aktiver eller gjenoppta det først", statusNB[c.s.Status], what.NB))
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
	if err := c.readiness(ch.now, false); err != nil {
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
	return precondition("lifecycle", fmt.Sprintf("a %s community cannot become %s", from, to),
		fmt.Sprintf("et aktørfellesskap med status %s kan ikke få status %s", statusNB[from], statusNB[to]))
}

var statusNB = map[Status]string{Draft: "utkast", Active: "aktiv", Paused: "pause", Closed: "avsluttet"}

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
	var out []Warning
	add := func(rule, en, nb string) { out = append(out, Warning{rule, roles.Labels{EN: en, NB: nb}}) }
	switch c.ConsentState(at) {
	case Withdrawn:
		add("consent-withdrawn", "consent is withdrawn: nothing is shared with members until it is given again",
			"samtykket er trukket tilbake: ingenting deles med medlemmene før det gis på nytt")
	case RenewalRequired:
		add("consent-renewal", "the patient has turned 16: the consent their parents gave must be renewed by the patient",
			"pasienten har fylt 16 år: samtykket foresatte ga må fornyes av pasienten")
	case NoConsent:
		add("consent-missing", "no consent has been given yet", "samtykke er ikke gitt ennå")
	}
	if c.s.Status == Active || c.s.Status == Paused {
		out = append(out, c.vacancies(at)...)
	}
	for _, r := range roles.MandatoryCodes() {
		m, ok := c.Holder(r)
		if !ok || !m.IsMember(at) {
			continue
		}
		switch m.Status {
		case actormap.OnLeave:
			add("mandatory-holder-on-leave", fmt.Sprintf("%s (%s) is on leave: agree who stands in", m.Name, r.Label(roles.English)),
				fmt.Sprintf("%s (%s) er i permisjon: avtal hvem som trer inn", m.Name, r.Label(roles.Bokmal)))
		case actormap.Leaving:
			on := m.LeavingOn.Format(time.DateOnly) // required with status leaving
			add("mandatory-holder-leaving", fmt.Sprintf("%s (%s) leaves on %s: name a successor", m.Name, r.Label(roles.English), on),
				fmt.Sprintf("%s (%s) slutter %s: oppgi en etterfølger", m.Name, r.Label(roles.Bokmal), on))
		}
	}
	out = append(out, c.unanchored()...)
	out = append(out, c.capacityReview(at)...)
	out = append(out, c.mapWarnings(at)...)
	out = append(out, c.distantCoordinator(at)...)
	out = append(out, c.careReview(at)...)
	return append(out, c.PlanWarnings(at)...)
}

// vacancies are the warnings for mandatory roles vacant on day at.
func (c *Community) vacancies(at time.Time) []Warning {
	var out []Warning
	for _, r := range c.VacantRoles(at) {
		l := roles.Labels{
			EN: "the mandatory role " + r.Label(roles.English) + " is vacant",
			NB: "den obligatoriske rollen " + r.Label(roles.Bokmal) + " er ikke besatt",
			NN: "den obligatoriske rolla " + r.Label(roles.Nynorsk) + " er ikkje sett"}
		if since, _ := c.VacantSince(r, at); !since.IsZero() && c.s.Status != Draft {
			d := day(since).AddDate(0, 0, FillRoleWithinDays).Format(time.DateOnly)
			l.EN += ": fill it by " + d + "; the plan cannot be revised or agreed until then"
			l.NB += ": besett den innen " + d + "; planen kan ikke revideres eller avtales før det"
			l.NN += ": set nokon i henne innan " + d + "; planen kan ikkje reviderast eller avtalast før det"
		}
		out = append(out, Warning{RuleMandatoryRoleVacant, l})
	}
	return out
}

// unanchored warns of a mandate its line manager has not acknowledged.
func (c *Community) unanchored() []Warning {
	if c.s.Mandate == nil || c.s.Mandate.Anchoring != nil {
		return nil
	}
	return []Warning{{RuleMandateNotAnchored, roles.Labels{
		EN: "the coordinator's mandate is not anchored with their line manager",
		NB: "koordinatorens mandat er ikke forankret hos linjeleder",
		NN: "mandatet til koordinatoren er ikkje forankra hos linjeleiaren"}}}
}
