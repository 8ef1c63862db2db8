package lkt

import (
	"fmt"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The four mandatory roles always: one model for a holder who leaves.
// Recording that someone left is always possible — it is a fact. A vacant
// mandatory role then blocks agreeing or revising the plan, activates the
// plan's measures for a key helper leaving, and puts "fill the role" on the
// coordinator's agenda, due FillRoleWithinDays after it fell vacant and
// overdue after that. A departure recorded ahead puts "name a successor
// before <date>" there instead.

// FillRoleWithinDays is how soon a vacant mandatory role is to be filled.
// The report is silent on a deadline; it asks the leaders to "redusere
// sårbarhet i rollen ved for eksempel sykdom og bytte av jobb" (7.1.3) and
// names key helpers quitting as the vulnerable change the actor map must
// show. Two weeks is the span of one round of the usual fortnightly
// collaboration meetings: long enough to find a person, short enough that
// the community is not left leaderless for a phase of the patient's life.
const FillRoleWithinDays = 14

// VacantSince reports since when mandatory role r has been vacant on day
// at: since its holder left, or since the leaving date that has passed. A
// role never held (a community in draft) is vacant since the zero time.
func (c *Community) VacantSince(r roles.Code, at time.Time) (time.Time, bool) {
	m, ok := c.Holder(r)
	switch {
	case ok && m.IsMember(at):
		return time.Time{}, false
	case ok && m.LeavingOn != nil:
		return *m.LeavingOn, true
	case ok && m.LeftAt != nil:
		return *m.LeftAt, true
	}
	return c.s.Vacated[r], true
}

// markVacant records that role r fell vacant at now.
func (c *Community) markVacant(r roles.Code, now time.Time) {
	if c.s.Vacated == nil {
		c.s.Vacated = map[roles.Code]time.Time{}
	}
	c.s.Vacated[r] = now
}

// filled records that role r has a holder again.
func (c *Community) filled(r roles.Code) {
	delete(c.s.Vacated, r)
	if len(c.s.Vacated) == 0 {
		c.s.Vacated = nil
	}
}

// roleItems are the agenda's items for the mandatory roles on day now: a
// successor to name before a holder leaves, a vacant role to fill. Only an
// active or paused community has them; in a draft, Readiness says which
// roles are still to be given. They are the coordinator's; when the
// coordinator's own role is vacant nobody in the community owns them yet,
// and Responsible is empty.
func (c *Community) roleItems(now, to time.Time) []plan.Item {
	if c.s.Status != Active && c.s.Status != Paused {
		return nil
	}
	var coordinator plan.MemberID
	if m, ok := c.Holder(roles.CoordinatorLeader); ok && m.IsMember(now) {
		coordinator = plan.MemberID(m.ID)
	}
	var out []plan.Item
	add := func(ref string, due time.Time, l roles.Labels) {
		if due.Before(to) {
			out = append(out, plan.Item{Kind: plan.RoleItem, Ref: ref, Title: l.EN, Responsible: coordinator, Due: due,
				Overdue: due.Before(now), Message: &l})
		}
	}
	for _, r := range roles.MandatoryCodes() {
		if since, vacant := c.VacantSince(r, now); vacant {
			due := day(since).AddDate(0, 0, FillRoleWithinDays)
			d := due.Format(time.DateOnly)
			add("fill-role:"+string(r), due, roles.Labels{
				EN: fmt.Sprintf("fill the mandatory role %s by %s", r.Label(roles.English), d),
				NB: fmt.Sprintf("besett den obligatoriske rollen %s innen %s", r.Label(roles.Bokmal), d),
				NN: fmt.Sprintf("fyll den obligatoriske rolla %s innan %s", r.Label(roles.Nynorsk), d)})
			continue
		}
		if m, _ := c.Holder(r); m.Status == actormap.Leaving && m.LeavingOn != nil {
			d := m.LeavingOn.Format(time.DateOnly)
			add("name-successor:"+string(r), *m.LeavingOn, roles.Labels{
				EN: fmt.Sprintf("name a successor as %s before %s, when %s leaves", r.Label(roles.English), d, m.Name),
				NB: fmt.Sprintf("oppgi en etterfølger som %s før %s, når %s slutter", r.Label(roles.Bokmal), d, m.Name),
				NN: fmt.Sprintf("gje opp ein etterfølgjar som %s før %s, når %s sluttar", r.Label(roles.Nynorsk), d, m.Name)})
		}
	}
	return out
}

// helperLeaving activates the plan in force's measures for a key helper
// leaving, when a mandatory-role holder's departure is recorded with no
// successor: at once when they have left, at recording when they leave on
// a later date, so the measures run before the gap opens.
func (c *Community) helperLeaving(now time.Time) []plan.ActiveMeasure {
	rev, ok := plan.InForce(c.s.Plans)
	if !ok {
		return nil
	}
	x := &c.s.Execution
	fresh, all := x.ActivateTransition(rev.Plan, plan.HelperLeaving, now)
	x.Measures = append(x.Measures, fresh...)
	return all
}

// refuseWhileVacant refuses to bind the community to a plan while a
// mandatory role of an active or paused community is vacant.
func (c *Community) refuseWhileVacant(now time.Time) error {
	vac := c.VacantRoles(now)
	if len(vac) == 0 || c.s.Status == Draft {
		return nil
	}
	return precondition(RuleMandatoryRoleVacant, "the mandatory role "+vac[0].Label(roles.English)+" is vacant: fill it before the plan is revised or agreed",
		"den obligatoriske rollen "+vac[0].Label(roles.Bokmal)+" er ikke besatt: besett den før planen revideres eller avtales",
		"den obligatoriske rolla "+vac[0].Label(roles.Nynorsk)+" er ikkje fylt: fyll henne før planen blir revidert eller avtalt")
}
