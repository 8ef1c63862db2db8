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

// The actor map's risks, brought to every reader: the map's analysis
// (package actormap) is a tool one has to open; the risks it finds are the
// ones the fieldwork saw break care, so they stand in Community.Warnings.

// mapDrawn reports whether the community has drawn lines on its actor map.
// A map with no lines says nothing yet about who knows whom: every member
// would look unknown and every holder unlinked, and warnings that always
// fire are warnings nobody reads.
func (c *Community) mapDrawn() bool { return len(c.s.Ties) > 0 }

// mapRisks analyses the actor map on day at; nil before any line is drawn.
func (c *Community) mapRisks(at time.Time) []actormap.Finding {
	if !c.mapDrawn() {
		return nil
	}
	a, err := c.ActorMap(at).Risks()
	if err != nil {
		return nil // the commands keep the map valid; nothing to report on one that is not
	}
	return a.Findings
}

// lifebuoys are the members the actor map on day at shows as single points
// of failure (never the patient: the map's analysis starts from them).
func (c *Community) lifebuoys(at time.Time) []plan.MemberID {
	var out []plan.MemberID
	for _, f := range c.mapRisks(at) {
		if f.Kind == actormap.SinglePoint {
			out = append(out, plan.MemberID(f.Actor.ID))
		}
	}
	return out
}

// mapWarnings are the actor map's risks on day at that every reader should
// see: lifebuoys, members nobody on the patient's side knows, and holders
// of a mandatory role with no line to the coordinator.
func (c *Community) mapWarnings(at time.Time) []Warning {
	var out []Warning
	for _, f := range c.mapRisks(at) {
		switch f.Kind {
		case actormap.SinglePoint:
			out = append(out, Warning{RuleLifebuoy, roles.Labels{EN: f.Text(roles.English), NB: f.Text(roles.Bokmal),
				NN: f.Text(roles.Nynorsk)}})
		case actormap.Unreached:
			out = append(out, Warning{RuleActorUnknown, roles.Labels{EN: f.Text(roles.English), NB: f.Text(roles.Bokmal),
				NN: f.Text(roles.Nynorsk)}})
		}
	}
	if !c.mapDrawn() {
		return out
	}
	coord, ok := c.Holder(roles.CoordinatorLeader)
	if !ok || !coord.IsMember(at) {
		return out // the vacancy is warned of
	}
	for _, r := range roles.MandatoryCodes() {
		m, ok := c.Holder(r)
		if r == roles.CoordinatorLeader || !ok || !m.IsMember(at) || c.linked(m.ID, coord.ID) {
			continue
		}
		out = append(out, Warning{RuleNoLineToCoordinator, roles.Labels{
			EN: fmt.Sprintf("%s (%s) has no line of communication to the coordinator %s: agree how they reach each other",
				m.Name, r.Label(roles.English), coord.Name),
			NB: fmt.Sprintf("%s (%s) har ingen kommunikasjonslinje til koordinator %s: avtal hvordan de når hverandre",
				m.Name, r.Label(roles.Bokmal), coord.Name),
			NN: fmt.Sprintf("%s (%s) har inga kommunikasjonslinje til koordinator %s: avtal korleis dei når kvarandre",
				m.Name, r.Label(roles.Nynorsk), coord.Name)}})
	}
	return out
}

// linked reports whether a line that exists today (not only planned) joins
// a and b directly.
func (c *Community) linked(a, b actormap.ActorID) bool {
	for _, t := range c.s.Ties {
		if !t.Planned && (t.From == a && t.To == b || t.From == b && t.To == a) {
			return true
		}
	}
	return false
}

// distantCoordinator warns, on day at, when the coordinator appointed more
// than CoordinatorContactWithinDays ago has neither a line to the patient
// or a representative — on the actor map, existing today, or in the plan
// in force — nor a recorded meeting with them.
func (c *Community) distantCoordinator(at time.Time) []Warning {
	coord, ok := c.Holder(roles.CoordinatorLeader)
	if !ok || !coord.IsMember(at) || c.s.Mandate == nil ||
		at.Before(c.s.Mandate.AppointedAt.AddDate(0, 0, CoordinatorContactWithinDays)) {
		return nil
	}
	side := func(id actormap.ActorID, on time.Time) bool {
		if id == c.s.Patient.ID || id == actormap.PatientID {
			return true
		}
		m, ok := c.Member(id)
		return ok && c.represents(m, on)
	}
	for _, t := range c.s.Ties {
		if !t.Planned && (t.From == coord.ID && side(t.To, at) || t.To == coord.ID && side(t.From, at)) {
			return nil
		}
	}
	if r, ok := plan.InForce(c.s.Plans); ok {
		for _, l := range r.Plan.Sections.Communication.Lines {
			for _, to := range l.To {
				a, b := actormap.ActorID(l.From), actormap.ActorID(to)
				if a == coord.ID && side(b, at) || b == coord.ID && side(a, at) {
					return nil
				}
			}
		}
	}
	for _, m := range c.s.Execution.Meetings {
		ids := m.Attended
		if slices.Contains(ids, plan.MemberID(coord.ID)) &&
			slices.ContainsFunc(ids, func(id plan.MemberID) bool { return side(actormap.ActorID(id), m.Held) }) {
			return nil
		}
	}
	return []Warning{{RuleCoordinatorClose, roles.Labels{
		EN: fmt.Sprintf("the coordinator %s has no line to the patient or a representative and has held no meeting with them: "+
			"the coordinator must be in close and good contact with the patient", coord.Name),
		NB: fmt.Sprintf("koordinator %s har ingen linje til pasienten eller en representant og har ikke holdt møte med dem: "+
			"koordinator må ha nær og god kontakt med pasienten", coord.Name),
		NN: fmt.Sprintf("koordinator %s har inga linje til pasienten eller ein representant og har ikkje halde møte med dei: "+
			"koordinatoren må ha nær og god kontakt med pasienten", coord.Name)}}}
}

// leaderOrganisations lists, on day at, the organisations taking part whose
// leader the plan must name: those of the active professional members, in
// the order they joined, but the organisation whose line manager anchored
// the coordinator's mandate (7.1.3: "Lederne til de andre i
// aktørfelleskapet må også kjenne til og anerkjenne rollen").
func (c *Community) leaderOrganisations(at time.Time) []string {
	var anchored string
	if c.s.Mandate != nil && c.s.Mandate.Anchoring != nil {
		anchored = c.s.Mandate.Anchoring.LineManager.Organisation
	}
	var out []string
	for _, m := range c.s.Members {
		org := strings.TrimSpace(m.Organisation)
		if r, _ := roles.Lookup(m.Role); org == "" || r.Kind == roles.KindRelative || !m.IsActive(at) ||
			strings.EqualFold(org, strings.TrimSpace(anchored)) ||
			slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, org) }) {
			continue
		}
		out = append(out, org)
	}
	return out
}
