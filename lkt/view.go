package lkt

import (
	"slices"
	"time"
)

// What a reader's view may leave out (Snapshot.Withheld).
const (
	// WithheldNationalID: the patient's national identity number.
	WithheldNationalID = "patient.nationalId"
	// WithheldCapacity: the assessments of the patient's capacity to
	// consent, and with them Patient.LacksCapacity and the § 4-6 decisions
	// (the consent state still says the community works on one).
	WithheldCapacity = "capacity"
	// WithheldNotices: the notices for the patient's side.
	WithheldNotices = "notices"
)

// SeesPersonalDetails reports whether by may see, on day at, the patient's
// national identity number and the assessments of their capacity: the
// patient's side, members verified as health personnel, and systems.
//
// Need to know (issue 15; helsepersonelloven § 21 a, pasientjournalloven §
// 19): a school, a NAV office or a volunteer works with the patient without
// the identity number, and whether the patient can consent is a health
// professional's finding, which they need not read. Systems see both: an
// operator configures them for a health service's record system, which
// matches the patient by the identity number.
func (c *Community) SeesPersonalDetails(by Principal, at time.Time) bool {
	by = c.known(by, at)
	st := c.StandingOf(by, at)
	return st.patientSide() || st == AsSystem || c.healthPersonnel(by, at, RuleCapacityByHealthPersonnel) == nil
}

// ViewFor returns the community as reader by may see it on day at. Every
// adapter shows a community through it (the Service's Get and Do return
// it), so that what is withheld is decided once:
//
//   - the national identity number and the capacity assessments only to
//     those SeesPersonalDetails admits;
//   - the notices only to the patient's side.
//
// What is left out is named in Snapshot.Withheld, so that a reader can
// tell "not shown" from "not recorded". ViewFor does not check that by may
// read at all: that is CanRead's.
func (c *Community) ViewFor(by Principal, at time.Time) *Community {
	v := &Community{s: c.s.clone(), version: c.version, cfg: c.cfg, ground: c.ground, pending: slices.Clone(c.pending)}
	return v.redact(by, at)
}

// redact turns c, which nobody else holds (a copy, or a community the
// Service has just loaded), into ViewFor's view for by on day at, in
// place: the Service's reads and commands answer a view without copying
// the community once more.
func (c *Community) redact(by Principal, at time.Time) *Community {
	personal := c.SeesPersonalDetails(by, at)
	patientSide := c.StandingOf(by, at).patientSide()
	c.viewedAt = at
	if !personal {
		// The consent state still says whether a § 4-6 decision is in
		// force: the view keeps its ground, outside its snapshot.
		if c.ground == nil {
			c.ground = &careGround{c.s.Patient.LacksCapacity, c.s.CareDecisions}
		}
		c.s.Patient.NationalID, c.s.Patient.LacksCapacity, c.s.Capacity, c.s.CareDecisions = "", false, nil, nil
		for i := range c.s.Members {
			c.s.Members[i].NationalID = ""
		}
		c.s.Withheld = append(c.s.Withheld, WithheldNationalID, WithheldCapacity)
	}
	if !patientSide {
		c.s.Notices = nil
		c.s.Withheld = append(c.s.Withheld, WithheldNotices)
	}
	for i, e := range c.pending {
		c.pending[i] = redactEvent(e, personal)
	}
	return c
}

// ViewedAt is the instant this view was taken at (ViewFor): the Service's
// Get, Do, DoOnce and Create answer views taken at the instant they read
// the clock, so that an adapter answering more of the community (its
// Overview, PlanView, ExecutionView) judges it on the same day. Zero for a
// community that is not a view.
func (c *Community) ViewedAt() time.Time { return c.viewedAt }

// Withheld names what this view of the community leaves out (see ViewFor);
// empty for the whole community.
func (c *Community) Withheld() []string { return slices.Clone(c.s.Withheld) }

// EventsFor returns evs as reader by may see them on day at: the events
// that carry the patient's national identity number or a capacity
// assessment lose them for those SeesPersonalDetails does not admit, and
// say so (Withheld).
func (c *Community) EventsFor(by Principal, at time.Time, evs []Event) []Event {
	if c.SeesPersonalDetails(by, at) {
		return evs
	}
	out := make([]Event, len(evs))
	for i, e := range evs {
		out[i] = redactEvent(e, false)
	}
	return out
}

// redactEvent returns e without what only those who see personal details
// may see.
func redactEvent(e Event, personal bool) Event {
	if personal {
		return e
	}
	switch d := e.Data.(type) {
	case CommunityCreated:
		d.Patient.NationalID, d.Patient.LacksCapacity = "", false
		e.Data = d
	case MemberAdded:
		d.Member.NationalID = ""
		e.Data = d
	case MemberUpdated:
		d.Member.NationalID = ""
		e.Data = d
	case MembersImported:
		d.Members = slices.Clone(d.Members)
		for i := range d.Members {
			d.Members[i].NationalID = ""
		}
		e.Data = d
	case CapacityAssessed:
		e.Data = CapacityAssessed{AssessedBy: d.AssessedBy, Withheld: true}
	case CareDecisionRecorded:
		e.Data = CareDecisionRecorded{Decision: CareDecision{DecidedBy: d.Decision.DecidedBy, DecidedAt: d.Decision.DecidedAt}, Withheld: true}
	}
	return e
}
