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
		c.savedJSON = nil // the view differs from it inside the patient and the members
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

// AppendSnapshotJSON appends to dst the JSON of the community's snapshot,
// exactly as encoding/json's Marshal writes it, without encoding it: it is
// taken from the JSON the store encoded when the Service saved the
// community (Save.SnapshotJSON), from which a reader's view (ViewFor) that
// keeps the personal details differs only in its top-level "notices" and
// "withheld". So the Service's Do, DoOnce and Create answer views whose
// snapshot is encoded once, by the store. It reports false, appending
// nothing, for a community the store did not encode so, that was not
// saved by the Service, or that changed since.
func (c *Community) AppendSnapshotJSON(dst []byte) ([]byte, bool) {
	if c.savedJSON == nil {
		return dst, false
	}
	noNotices := len(c.s.Notices) == 0
	out, ok := appendMembersExcept(dst, *c.savedJSON, func(name []byte) bool {
		// The view's notices are the stored ones, or none (omitted);
		// its withheld, never stored, is appended below.
		return string(name) == "withheld" || (noNotices && string(name) == "notices")
	})
	if !ok {
		return dst, false
	}
	if len(c.s.Withheld) > 0 { // the last field of Snapshot, so last in its JSON
		out = append(out, `,"withheld":[`...)
		for i, w := range c.s.Withheld {
			if i > 0 {
				out = append(out, ',')
			}
			if out, ok = appendPlainJSONString(out, w); !ok {
				return dst, false
			}
		}
		out = append(out, ']')
	}
	return append(out, '}'), true
}

// appendPlainJSONString appends s quoted, if it is of letters, digits,
// '.', '_' and '-' only, which JSON writes as they are, as the names of
// what a view withholds are; false for any other s.
func appendPlainJSONString(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return dst, false
		}
	}
	return append(append(append(dst, '"'), s...), '"'), true
}

// appendMembersExcept appends to dst the JSON object obj, as encoding/json
// writes it (no space between tokens), without its closing brace and
// without the members drop names; false if obj is not such an object.
func appendMembersExcept(dst, obj []byte, drop func(name []byte) bool) ([]byte, bool) {
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return dst, false
	}
	out := append(dst, '{')
	first := true
	for i := 1; i < len(obj)-1; {
		end := jsonStringEnd(obj, i)
		if end < 0 || end >= len(obj) || obj[end] != ':' {
			return dst, false
		}
		next := jsonValueEnd(obj, end+1)
		if next < 0 || next >= len(obj) || (obj[next] != ',' && obj[next] != '}') {
			return dst, false
		}
		if !drop(obj[i+1 : end-1]) {
			if !first {
				out = append(out, ',')
			}
			out = append(out, obj[i:next]...)
			first = false
		}
		i = next
		if obj[i] == ',' {
			i++
		} else if i != len(obj)-1 {
			return dst, false
		}
	}
	return out, true
}

// jsonStringEnd is the index just past the JSON string that starts at
// b[i], or -1.
func jsonStringEnd(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return -1
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// jsonValueEnd is the index just past the JSON value that starts at b[i],
// written without space, or -1.
func jsonValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return jsonStringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := jsonStringEnd(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	for j := i; j < len(b); j++ { // a number, true, false or null
		if b[j] == ',' || b[j] == '}' || b[j] == ']' {
			return j
		}
	}
	return -1
}
