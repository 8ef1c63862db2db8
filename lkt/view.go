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
	v := &Community{s: c.s.clone(), version: c.version, cfg: c.cfg}
	personal := c.SeesPersonalDetails(by, at)
	if !personal {
		// The consent state still says whether a § 4-6 decision is in
		// force: the view keeps its ground, outside its snapshot.
		g := careGround{c.s.Patient.LacksCapacity, v.s.CareDecisions}
		if c.ground != nil {
			g = *c.ground // a view of a view
		}
		v.ground = &g
		v.s.Patient.NationalID, v.s.Patient.LacksCapacity, v.s.Capacity, v.s.CareDecisions = "", false, nil, nil
		for i := range v.s.Members {
			v.s.Members[i].NationalID = ""
		}
		v.s.Withheld = append(v.s.Withheld, WithheldNationalID, WithheldCapacity)
	}
	if !c.StandingOf(by, at).patientSide() {
		v.s.Notices = nil
		v.s.Withheld = append(v.s.Withheld, WithheldNotices)
	}
	for _, e := range c.pending {
		v.pending = append(v.pending, redactEvent(e, personal))
	}
	return v
}

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
