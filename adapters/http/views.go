package http

import (
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// CommunityView is what GET /api/communities/{id} returns: the whole
// community as stored, with what every reader should see beside it —
// consent in force, what stands between it and activation, and warnings —
// in the request's language.
type CommunityView struct {
	ID      lkt.ID           `json:"id"`
	Version int64            `json:"version"`
	Status  lkt.Status       `json:"status"`
	Consent lkt.ConsentState `json:"consent"`
	// VacantRoles are the mandatory roles without a holder today.
	VacantRoles []roles.Code `json:"vacantRoles"`
	// Readiness lists what stands between the community and activation;
	// empty when it can be (or is) active.
	Readiness []Notice `json:"readiness"`
	// Warnings are states that are allowed but need attention.
	Warnings []Notice `json:"warnings"`
	// Plan is the status of the plan for collaboration (D).
	Plan lkt.PlanStatus `json:"plan"`
	// Phase is the patient's phase of the phase model, if one was set (E).
	Phase plan.Phase `json:"phase,omitempty"`
	// OpenMeasures are the contingency measures the phase activated that
	// are not done: who must do what, by when.
	OpenMeasures []plan.ActiveMeasure `json:"openMeasures"`
	// DueThisWeek and Overdue are what is open in the execution.
	DueThisWeek []plan.Item `json:"dueThisWeek"`
	Overdue     []plan.Item `json:"overdue"`
	// Community is the whole state.
	Community lkt.Snapshot `json:"community"`
}

// Notice is a rule and what it says, in the request's language.
type Notice struct {
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func viewOf(c *lkt.Community, at time.Time, lang roles.Lang) CommunityView {
	v := CommunityView{
		ID: c.ID(), Version: c.Version(), Status: c.Status(), Consent: c.ConsentState(at),
		VacantRoles: nonNil(c.VacantRoles(at)), Readiness: []Notice{}, Warnings: []Notice{},
		Community: c.Snapshot(),
	}
	if c.Status() == lkt.Draft {
		for _, m := range c.Readiness(at) {
			v.Readiness = append(v.Readiness, Notice{m.Rule, m.Message.In(lang)})
		}
	}
	v.Plan = c.PlanStatus(at)
	v.Phase, _ = c.Phase()
	v.OpenMeasures = nonNil(c.OpenMeasures())
	v.DueThisWeek = nonNil(c.DueThisWeek(at))
	v.Overdue = nonNil(c.Overdue(at))
	for _, w := range c.Warnings(at) { // includes the plan's warnings
		v.Warnings = append(v.Warnings, Notice{w.Rule, w.Message.In(lang)})
	}
	return v
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// EventPage is one page of a community's history.
type EventPage struct {
	Items []lkt.Event `json:"items"`
	// Next is the cursor for the next page (pass as ?after=); 0 when this
	// page was not full.
	Next int64 `json:"next,omitempty"`
}

// AuditPage is one page of a community's audit trail.
type AuditPage struct {
	Items []lkt.AuditEntry `json:"items"`
	Next  int64            `json:"next,omitempty"`
}

// Health is what /healthz and /readyz answer.
type Health struct {
	Status string `json:"status"`
}

func labels(en, nb string) roles.Labels { return roles.Labels{EN: en, NB: nb} }
