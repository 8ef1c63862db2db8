package lkt

import (
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// QualityFacts extracts what package quality measures from the community as
// of at: consent, the plan's agreement and evaluations, the annual wheel's
// activities done and missed, hospital stays with the meetings around them,
// membership over time, the phase history and deviations, the
// coordinator's competence and the time set aside for the role, the
// meetings held (with whether the patient's side took part) and who their
// decisions were given to. Feed it to
// quality.Measure (one community at a time, so a portfolio streams).
// Experience-survey tallies are not part of the community; add them from
// the integrator's survey collector.
func (c *Community) QualityFacts(at time.Time) quality.Facts {
	f := quality.Facts{ID: string(c.s.ID), Municipality: c.s.Municipality, ConsentActive: c.ConsentState(at).Shares()}
	if len(c.s.Consents) > 0 {
		f.ConsentGivenAt = c.s.Consents[0].GivenAt
		if last := c.s.Consents[len(c.s.Consents)-1]; last.WithdrawnAt != nil {
			f.ConsentWithdrawnAt = *last.WithdrawnAt
		}
	}
	for _, r := range c.s.Plans {
		if r.AgreedAt != nil {
			f.PlanAgreedAt = *r.AgreedAt
			break
		}
	}
	vacant := c.VacantRoles(at)
	for _, r := range roles.MandatoryCodes() {
		if !slices.Contains(vacant, r) {
			f.MandatoryFilled = append(f.MandatoryFilled, r)
		}
	}
	x := c.s.Execution
	for _, e := range x.Evaluations {
		f.Evaluations = append(f.Evaluations, quality.Due{Due: e.Date, Done: e.Held})
	}
	done := map[string]plan.ActivityRecord{}
	for _, r := range x.Records {
		done[r.Ref] = r
		d := quality.Due{Due: r.Due}
		if r.Outcome == plan.Done {
			d.Done = r.At
		}
		f.Activities = append(f.Activities, d)
	}
	for _, it := range c.Agenda(at, at) {
		switch {
		case it.Kind == plan.EvaluationItem:
			f.Evaluations = append(f.Evaluations, quality.Due{Due: it.Due})
		case it.Kind == plan.ActivityItem && it.Due.Before(at):
			f.Activities = append(f.Activities, quality.Due{Due: it.Due})
		}
	}
	held := func(stay int, t plan.Trigger) bool {
		for _, o := range x.Obligations {
			if r, ok := done[o.Ref]; ok && o.Stay == stay && o.Trigger == t && r.Outcome == plan.Done {
				return true
			}
		}
		return false
	}
	for _, s := range x.Stays {
		q := quality.Stay{Admitted: s.Admitted, Elective: s.Planned,
			MeetingBeforeAdmission: held(s.No, plan.BeforeElectiveAdmission), MeetingBeforeDischarge: held(s.No, plan.BeforeDischarge)}
		if s.Discharged != nil {
			q.Discharged = *s.Discharged
		}
		f.Stays = append(f.Stays, q)
	}
	for _, m := range c.s.Members {
		q := quality.Member{Role: m.Role, Sector: m.Sector, Joined: m.JoinedAt}
		if m.LeftAt != nil {
			q.Left = *m.LeftAt
		}
		f.Members = append(f.Members, q)
	}
	for _, p := range x.Phases {
		q := quality.Phase{Colour: quality.Colour(p.Phase), From: p.From}
		if p.To != nil {
			q.To = *p.To
		}
		f.Phases = append(f.Phases, q)
	}
	coord, hasCoord := c.Holder(roles.CoordinatorLeader)
	if hasCoord = hasCoord && coord.IsMember(at); hasCoord && c.s.Mandate != nil {
		f.CoordinatorHeld = true
		f.CoordinatorCompetence = slices.Clone(c.s.Mandate.Competence)
		if a := c.s.Mandate.Anchoring; a != nil {
			f.CoordinatorHoursPerMonth = a.HoursPerMonth
		}
	}
	for _, m := range x.Meetings {
		q := quality.Meeting{Held: m.Held, Attendees: len(m.Attended)}
		for _, id := range m.Attended {
			mem, ok := c.Member(actormap.ActorID(id))
			q.PatientSide = q.PatientSide || actormap.ActorID(id) == c.s.Patient.ID || ok && c.represents(mem, m.Held)
		}
		f.Meetings = append(f.Meetings, q)
		for _, d := range m.Decisions {
			f.Decisions = append(f.Decisions, quality.Decision{Made: m.Held, Coordinator: hasCoord && d.Responsible == plan.MemberID(coord.ID)})
		}
	}
	for _, d := range x.Deviations {
		q := quality.Deviation{Opened: d.RecordedAt}
		if d.ClosedAt != nil {
			q.Closed = *d.ClosedAt
		}
		f.Deviations = append(f.Deviations, q)
	}
	return f
}
