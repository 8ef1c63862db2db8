package lkt

import (
	"context"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Overview is what every reader of a community sees beside its state,
// taken at one instant: its consent, the mandatory roles vacant, what
// stands between a draft and activation, the warnings, the plan (D) and
// its execution (E) at a glance, and the notices for the patient's side.
// Every adapter shows it as it is — the HTTP adapter's community, plan and
// execution answers, the example server's page — so that each part is
// computed once, here, and all of them on the same day.
type Overview struct {
	// At is the instant the overview was taken: every rule was judged as
	// of it. A reader that needs more of the community on the same day
	// (its actor map, a revision's gaps) asks Community for it at At.
	At      time.Time
	ID      ID
	Version int64
	Status  Status
	Consent ConsentState
	// VacantRoles are the mandatory roles without a holder at At.
	VacantRoles []roles.Code
	// Readiness lists what stands between a draft and activation (see
	// Community.Readiness); empty for a community that is not a draft.
	Readiness []Warning
	// Warnings are the states that are allowed but need attention (see
	// Community.Warnings).
	Warnings []Warning
	// Plan is element D at a glance.
	Plan PlanView
	// Execution is element E at At.
	Execution ExecutionView
	// PatientNotices tell the patient's side who joined and who speaks for
	// the patient, on what basis; empty in a view for anyone else
	// (Community.ViewFor).
	PatientNotices []PatientNotice
	// Community is the community the overview was taken of: for an
	// overview from the Service, the reader's view of it (ViewFor).
	Community *Community
}

// PlanView is element D at a glance: the plan's status, the revision in
// force and the draft awaiting agreement.
type PlanView struct {
	Status    PlanStatus     `json:"status"`
	InForce   *plan.Revision `json:"inForce,omitempty"`
	Draft     *plan.Revision `json:"draft,omitempty"`
	Revisions int            `json:"revisions"`
}

// ExecutionView is element E at one instant: the phase and since when, the
// contingency measures activated and not done, the meetings' decisions not
// done, what is due this week and what is overdue, and the whole log.
type ExecutionView struct {
	Phase         plan.Phase           `json:"phase,omitempty"`
	PhaseSince    *time.Time           `json:"phaseSince,omitempty"`
	OpenMeasures  []plan.ActiveMeasure `json:"openMeasures"`
	OpenDecisions []plan.Decision      `json:"openDecisions"`
	DueThisWeek   []plan.Item          `json:"dueThisWeek"`
	Overdue       []plan.Item          `json:"overdue"`
	Execution     plan.Execution       `json:"execution"`
}

// RevisionView is one revision of the plan with who must accept it, who
// has not yet, and what it lacks before it can be agreed.
type RevisionView struct {
	Revision    plan.Revision
	Parties     []plan.Party
	Outstanding []plan.Party
	Gaps        []plan.Gap
}

// Overview returns the community's overview at instant at. Each part is
// computed once: the consent state, the vacant roles, the plan's status
// and the agenda feed every rule that needs them. Its slices are never
// nil, so that an encoder shows "none" as an empty list.
func (c *Community) Overview(at time.Time) Overview { return c.overview(at, c.ConsentState(at)) }

// overview is Overview, given the consent state at instant at.
func (c *Community) overview(at time.Time, consent ConsentState) Overview {
	vacant := c.VacantRoles(at)
	st := c.PlanStatus(at)
	o := Overview{
		At: at, ID: c.ID(), Version: c.Version(), Status: c.Status(), Consent: consent,
		VacantRoles: nonNil(vacant), Readiness: []Warning{},
		Warnings:       nonNil(c.warnings(at, consent, vacant, st)),
		Plan:           c.planView(st),
		Execution:      c.ExecutionView(at),
		PatientNotices: nonNil(c.PatientNotices()),
		Community:      c,
	}
	if c.s.Status == Draft {
		o.Readiness = nonNil(c.readiness(at, consent, vacant))
	}
	return o
}

// PlanView is element D at a glance at instant at.
func (c *Community) PlanView(at time.Time) PlanView { return c.planView(c.PlanStatus(at)) }

// planView is PlanView, given the plan's status.
func (c *Community) planView(st PlanStatus) PlanView {
	v := PlanView{Status: st, Revisions: len(c.s.Plans)}
	// Each revision is allocated only when there is one: a pointer taken
	// to the if's own variable would allocate it on every call.
	if r, ok := c.PlanInForce(); ok {
		v.InForce = ref(r)
	}
	if r, ok := c.PlanDraft(); ok {
		v.Draft = ref(r)
	}
	return v
}

// ExecutionView is element E at instant at. The week's agenda holds all
// that is overdue, so the agenda is computed once for both lists.
func (c *Community) ExecutionView(at time.Time) ExecutionView {
	from, to := plan.WeekOf(at.UTC())
	week := c.Agenda(at, to)
	v := ExecutionView{
		OpenMeasures: nonNil(c.OpenMeasures()), OpenDecisions: nonNil(c.OpenDecisions()),
		DueThisWeek: nonNil(plan.Between(week, from, to)), Overdue: nonNil(plan.Overdue(week)),
		Execution: c.Execution(),
	}
	if ph, since := c.Phase(); ph != "" {
		v.Phase, v.PhaseSince = ph, ref(since)
	}
	return v
}

// PlanRevisionView returns revision no of the plan with its parties, those
// who have not accepted it and its gaps judged at instant at; false if
// there is no such revision.
func (c *Community) PlanRevisionView(no int, at time.Time) (RevisionView, bool) {
	r, ok := c.PlanRevision(no)
	if !ok {
		return RevisionView{}, false
	}
	parties := c.PlanParties(no)
	return RevisionView{Revision: r, Parties: nonNil(parties), Outstanding: nonNil(r.Outstanding(parties)),
		Gaps: nonNil(plan.Gaps(r.Plan, c.planContext(at)))}, true
}

// Overview returns the overview of community id as by may see it, taken at
// one instant: the Service reads its clock once, and the check that by may
// read, the audit entry, the reader's view (ViewFor) and the overview all
// use that instant, and the consent state is computed once for the check
// and the overview. The read is audited as "Get", as Get's is.
func (s *Service) Overview(ctx context.Context, by Principal, id ID) (Overview, error) {
	c, err := s.load(ctx, id)
	if err != nil {
		return Overview{}, err
	}
	now := s.cfg.now()
	consent := c.ConsentState(now) // the reader's view judges it as the community does (ViewFor)
	if err := c.canRead(by, now, consent); err != nil {
		s.refusedAt(ctx, c, by, Read, "Get", err, now)
		return Overview{}, err
	}
	if err := s.auditAt(ctx, c, by, Read, "Get", "ok", now); err != nil {
		return Overview{}, err
	}
	return c.redact(by, now).overview(now, consent), nil
}

// ref returns a pointer to a copy of v.
func ref[T any](v T) *T { return &v }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
