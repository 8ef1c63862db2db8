package fhir

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt"
	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/ident"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// DefaultBase is the base of the entries' fullUrl when Options.Base is
// empty: a reserved name, so that nobody mistakes it for a live server.
const DefaultBase = "https://lkt.invalid/fhir"

// Options shape an export.
type Options struct {
	// Base is the absolute URL of the FHIR endpoint the resources live at;
	// each entry's fullUrl is Base/Type/id.
	Base string
}

// Export maps community c, as it stands at instant at, to a Bundle of type
// "collection" (see the package documentation for why). The caller has
// already authorised the read: use it on a community from lkt.Service.Get,
// as the HTTP adapter does.
func Export(c *lkt.Community, at time.Time, opt Options) Bundle {
	x := newExporter(c, at, opt)
	x.all()
	return x.bundle()
}

// exporter holds what the mapping of one community needs to look up.
type exporter struct {
	c    *lkt.Community
	s    lkt.Snapshot
	at   time.Time
	base string
	// entries in the order they are added; ids to avoid duplicates.
	entries []BundleEntry
	seen    map[string]bool
	// refs and codes remember references and plan codings made once: a
	// three-year history names the same people and sections hundreds of
	// times. The values are shared between resources and never changed.
	refs  map[actormap.ActorID]Reference
	codes map[string]*CodeableConcept
	pat   *Reference
}

func newExporter(c *lkt.Community, at time.Time, opt Options) *exporter {
	base := strings.TrimRight(opt.Base, "/")
	if base == "" {
		base = DefaultBase
	}
	x := &exporter{c: c, s: c.Snapshot(), at: at, base: base, seen: map[string]bool{},
		refs: map[actormap.ActorID]Reference{}, codes: map[string]*CodeableConcept{}}
	x.pat = &Reference{Reference: "Patient/" + fid(string(x.s.Patient.ID)), Display: x.s.Patient.Name}
	return x
}

func (x *exporter) add(typ, id string, r any) {
	key := typ + "/" + id
	if x.seen[key] {
		return
	}
	x.seen[key] = true
	x.entries = append(x.entries, BundleEntry{FullURL: x.base + "/" + key, Resource: r})
}

func (x *exporter) bundle() Bundle {
	return Bundle{ResourceType: "Bundle", ID: fid(string(x.s.ID) + "-export"), Type: "collection",
		Timestamp: instant(x.at), Entry: x.entries}
}

func (x *exporter) all() {
	x.patient()
	x.members()
	x.careTeam()
	x.episode()
	x.consents()
	x.goal()
	x.plans()
	x.tasks()
	x.provenance()
}

// validID reports whether id fits the FHIR id pattern [A-Za-z0-9\-.]{1,64}
// (a loop, not a regular expression: every reference asks).
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.':
		default:
			return false
		}
	}
	return true
}

// fid turns one of go-lkt's ids into a FHIR id: unchanged when it fits the
// FHIR pattern, otherwise a stable hash of it. The original id is always
// carried as an identifier too, so nothing depends on reading it back.
func fid(id string) string {
	if validID(id) {
		return id
	}
	h := sha256.Sum256([]byte(id))
	return "h-" + hex.EncodeToString(h[:20])
}

func instant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
func date(t time.Time) string    { return t.UTC().Format(time.DateOnly) }
func ptr[T any](v T) *T          { return &v }

func period(from time.Time, to *time.Time) *Period {
	p := &Period{}
	if !from.IsZero() {
		p.Start = instant(from)
	}
	if to != nil {
		p.End = instant(*to)
	}
	if *p == (Period{}) {
		return nil
	}
	return p
}

func (x *exporter) patientRef() Reference { return *x.pat }

// planCode is planCoding(code), made once per export.
func (x *exporter) planCode(code string) *CodeableConcept {
	cc, ok := x.codes[code]
	if !ok {
		cc = planCoding(code)
		x.codes[code] = cc
	}
	return cc
}

func (x *exporter) careTeamRef() Reference {
	return Reference{Reference: "CareTeam/" + fid(string(x.s.ID))}
}

// ref returns a reference to a person by their id in the community: the
// patient, a relative (RelatedPerson) or a professional (PractitionerRole).
// Anyone else is named by identifier only.
func (x *exporter) ref(id actormap.ActorID) Reference {
	r, ok := x.refs[id]
	if !ok {
		r = x.makeRef(id)
		x.refs[id] = r
	}
	return r
}

func (x *exporter) makeRef(id actormap.ActorID) Reference {
	if id == x.s.Patient.ID {
		return x.patientRef()
	}
	if m, ok := x.c.Member(id); ok {
		return Reference{Reference: memberType(m) + "/" + fid(string(id)), Display: m.Name}
	}
	return Reference{Identifier: &Identifier{System: MemberIDSystem, Value: string(id)}, Display: string(id)}
}

func (x *exporter) principalRef(p lkt.Principal) Reference {
	if p.Kind == lkt.SystemPrincipal {
		return Reference{Type: "Device", Identifier: &Identifier{System: Canonical + "/NamingSystem/system", Value: string(p.ID)},
			Display: "System " + string(p.ID)}
	}
	return x.ref(p.ID)
}

func memberType(m lkt.Member) string {
	if isRelative(m.Role) {
		return "RelatedPerson"
	}
	return "PractitionerRole"
}

func isRelative(c roles.Code) bool {
	r, _ := roles.Lookup(c)
	return r.Kind == roles.KindRelative
}

func personIdentifier(number string) []Identifier {
	if number == "" {
		return nil
	}
	sys := SystemFNR
	if len(number) == 11 && number[0] >= '4' && number[0] <= '7' {
		sys = SystemDNR
	}
	if p, err := ident.ParsePersonNumber(number, ident.Options{AllowSynthetic: true}); err == nil && p.Kind == ident.DNumber {
		sys = SystemDNR
	}
	return []Identifier{{System: sys, Value: number}}
}

func telecom(ct actormap.Contact) []ContactPoint {
	var out []ContactPoint
	if ct.Phone != "" {
		out = append(out, ContactPoint{System: "phone", Value: ct.Phone, Use: "work"})
	}
	if ct.Email != "" {
		out = append(out, ContactPoint{System: "email", Value: ct.Email, Use: "work"})
	}
	return out
}

func (x *exporter) patient() {
	p := x.s.Patient
	x.add("Patient", fid(string(p.ID)), Patient{
		Resource:   Resource{ResourceType: "Patient", ID: fid(string(p.ID)), Meta: &Meta{Profile: []string{profileBase + "Patient"}}},
		Identifier: append(personIdentifier(p.NationalID), Identifier{System: MemberIDSystem, Value: string(p.ID)}),
		Active:     ptr(true),
		Name:       []HumanName{{Use: "official", Text: p.Name}},
		BirthDate:  date(p.BirthDate),
	})
}

// orgID names the Organization of an employer: by organisation number
// when there is one, else by a hash of its name.
func orgID(number, name string) string {
	if number != "" {
		return "org-" + number
	}
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(name))))
	return "org-" + hex.EncodeToString(h[:10])
}

// organisation adds the member's employer and workplace and returns the
// reference PractitionerRole.organization gets: the workplace if there is
// one, else the employer.
func (x *exporter) organisation(m lkt.Member) *Reference {
	var top *Reference
	if m.OrgNumber != "" || m.Organisation != "" {
		id := orgID(m.OrgNumber, m.Organisation)
		o := Organization{Resource: Resource{ResourceType: "Organization", ID: id, Meta: &Meta{Profile: []string{profileBase + "Organization"}}},
			Active: ptr(true), Name: m.Organisation}
		if m.OrgNumber != "" {
			o.Identifier = []Identifier{{System: SystemENH, Value: m.OrgNumber}}
		}
		x.add("Organization", id, o)
		top = &Reference{Reference: "Organization/" + id, Display: m.Organisation}
	}
	if m.Workplace == "" {
		return top
	}
	key := m.OrgNumber + "|" + strings.ToLower(m.Organisation) + "|" + m.Workplace
	id := orgID("", key)
	x.add("Organization", id, Organization{
		Resource: Resource{ResourceType: "Organization", ID: id, Meta: &Meta{Profile: []string{profileBase + "Organization"}}},
		Active:   ptr(true), Type: []CodeableConcept{*planCoding(codeWorkplace)}, Name: m.Workplace, PartOf: top,
	})
	return &Reference{Reference: "Organization/" + id, Display: m.Workplace}
}

func (x *exporter) members() {
	for _, m := range x.s.Members {
		id := fid(string(m.ID))
		active := m.IsMember(x.at)
		ids := []Identifier{{System: MemberIDSystem, Value: string(m.ID)}}
		if isRelative(m.Role) {
			rel := []CodeableConcept{{Coding: []Coding{roleCoding(m.Role)}}}
			if m.ParentalResponsibility {
				rel = append(rel, *planCoding(codeParentalResponsibility))
			}
			x.add("RelatedPerson", id, RelatedPerson{
				Resource:   Resource{ResourceType: "RelatedPerson", ID: id, Meta: &Meta{Profile: []string{profileBase + "RelatedPerson"}}},
				Identifier: ids, Active: &active, Patient: x.patientRef(), Relationship: rel,
				Name: []HumanName{{Text: m.Name}}, Telecom: telecom(m.Contact), Period: period(m.JoinedAt, m.LeftAt),
			})
			continue
		}
		if m.HPR != "" {
			ids = append([]Identifier{{System: SystemHPR, Value: m.HPR}}, ids...)
		}
		x.add("Practitioner", id, Practitioner{
			Resource:   Resource{ResourceType: "Practitioner", ID: id, Meta: &Meta{Profile: []string{profileBase + "Practitioner"}}},
			Identifier: ids, Active: &active, Name: []HumanName{{Text: m.Name}},
		})
		org := x.organisation(m)
		code := []CodeableConcept{{Coding: []Coding{roleCoding(m.Role)}}, {Coding: []Coding{{System: SectorSystem, Code: string(m.Sector), Display: m.Sector.Label(roles.English)}}}}
		if m.WorksInHome {
			code = append(code, *planCoding(codeWorksInHome))
		}
		x.add("PractitionerRole", id, PractitionerRole{
			Resource: Resource{ResourceType: "PractitionerRole", ID: id, Meta: &Meta{Profile: []string{profileBase + "PractitionerRole"}}},
			Active:   &active, Period: period(m.JoinedAt, m.LeftAt),
			Practitioner: &Reference{Reference: "Practitioner/" + id, Display: m.Name}, Organization: org,
			Code: code, Telecom: telecom(m.Contact), AvailabilityExceptions: m.Contact.Note,
		})
	}
}

func (x *exporter) municipalityRef() *Reference {
	id := orgID("", "municipality|"+x.s.Municipality)
	x.add("Organization", id, Organization{
		Resource: Resource{ResourceType: "Organization", ID: id, Meta: &Meta{Profile: []string{profileBase + "Organization"}}},
		Active:   ptr(true), Name: x.s.Municipality,
	})
	return &Reference{Reference: "Organization/" + id, Display: x.s.Municipality}
}

var careTeamStatus = map[lkt.Status]string{lkt.Draft: "proposed", lkt.Active: "active", lkt.Paused: "suspended", lkt.Closed: "inactive"}

func (x *exporter) careTeam() {
	id := fid(string(x.s.ID))
	ct := CareTeam{
		Resource:             Resource{ResourceType: "CareTeam", ID: id},
		Identifier:           []Identifier{{System: CommunityIDSystem, Value: string(x.s.ID)}},
		Status:               careTeamStatus[x.s.Status],
		Name:                 "Aktørfellesskap: " + x.s.Patient.Name,
		Subject:              ptr(x.patientRef()),
		Period:               period(x.s.CreatedAt, x.s.ClosedAt),
		ManagingOrganization: []Reference{*x.municipalityRef()},
	}
	ct.Participant = append(ct.Participant, CareTeamParticipant{
		Role: []CodeableConcept{{Coding: []Coding{roleCoding(roles.Patient)}}}, Member: ptr(x.patientRef())})
	for _, m := range x.s.Members {
		p := CareTeamParticipant{Role: []CodeableConcept{{Coding: []Coding{roleCoding(m.Role)}}}, Member: ptr(x.ref(m.ID)),
			Period: period(m.JoinedAt, m.LeftAt)}
		if held, ok := x.c.HeldBy(m.ID); ok {
			p.Role = append(p.Role, CodeableConcept{Coding: []Coding{roleCoding(held)}})
		}
		ct.Participant = append(ct.Participant, p)
	}
	x.add("CareTeam", id, ct)
}

var episodeStatus = map[lkt.Status]string{lkt.Draft: "planned", lkt.Active: "active", lkt.Paused: "onhold", lkt.Closed: "finished"}

func (x *exporter) episode() {
	id := fid(string(x.s.ID))
	e := EpisodeOfCare{
		Resource:             Resource{ResourceType: "EpisodeOfCare", ID: id},
		Identifier:           []Identifier{{System: CommunityIDSystem, Value: string(x.s.ID)}},
		Status:               episodeStatus[x.s.Status],
		Type:                 []CodeableConcept{*planCoding(codeCollaboration)},
		Patient:              x.patientRef(),
		ManagingOrganization: x.municipalityRef(),
		Team:                 []Reference{x.careTeamRef()},
	}
	start := x.s.CreatedAt
	if x.s.ActivatedAt != nil {
		start = *x.s.ActivatedAt
	}
	e.Period = period(start, x.s.ClosedAt)
	if m, ok := x.c.Holder(roles.CoordinatorLeader); ok {
		e.CareManager = ptr(x.ref(m.ID))
	}
	x.add("EpisodeOfCare", id, e)
}

func consentID(cid lkt.ID, n int) string { return fid(fmt.Sprintf("%s-consent-%d", cid, n)) }

func (x *exporter) consents() {
	for i, k := range x.s.Consents {
		id := consentID(x.s.ID, i+1)
		status := "active"
		if k.WithdrawnAt != nil || i < len(x.s.Consents)-1 {
			status = "inactive" // withdrawn, or renewed by a later consent
		}
		c := Consent{
			Resource: Resource{ResourceType: "Consent", ID: id},
			Status:   status,
			Scope:    CodeableConcept{Coding: []Coding{{System: systemConsentScope, Code: "patient-privacy", Display: "Privacy Consent"}}},
			Category: []CodeableConcept{{Coding: []Coding{{System: systemLOINC, Code: "59284-0", Display: "Patient Consent"}}}},
			Patient:  ptr(x.patientRef()), DateTime: instant(k.GivenAt),
			Performer: []Reference{x.ref(k.GivenBy)},
			Policy: []ConsentPolicy{{Authority: "https://lovdata.no",
				URI: "https://lovdata.no/lov/1999-07-02-63/KAPITTEL_4"}},
			PolicyRule: &CodeableConcept{Coding: []Coding{{System: systemActCode, Code: "OPTIN", Display: "opt-in"}},
				Text: "Consent to sharing in the actor community (" + string(k.Grantor) + ")"},
			Provision: &ConsentProvision{Type: "permit", Period: period(k.GivenAt, k.WithdrawnAt),
				Actor:   []ConsentActor{{Role: CodeableConcept{Coding: []Coding{{System: systemParticipation, Code: "IRCP", Display: "information recipient"}}}, Reference: x.careTeamRef()}},
				Purpose: []Coding{{System: systemActReason, Code: "TREAT", Display: "treatment"}}},
		}
		c.Extension = []Extension{{URL: GrantorExtension, ValueCode: string(k.Grantor)}}
		switch {
		case k.OnBehalf != nil:
			c.SourceReference, c.SourceAttachment = evidenceSource(k.OnBehalf.Evidence, k.Note)
		case k.Note != "":
			c.SourceAttachment = &Attachment{Title: k.Note}
		}
		x.add("Consent", id, c)
	}
}

func goalID(cid lkt.ID) string { return fid(string(cid) + "-goal") }

func (x *exporter) goal() {
	st, ok := x.c.CurrentStory()
	if !ok {
		return
	}
	text := st.GoodDay
	if text == "" {
		text = "My good day (not written yet)"
	}
	g := Goal{
		Resource:        Resource{ResourceType: "Goal", ID: goalID(x.s.ID), Meta: &Meta{VersionID: strconv.Itoa(st.No)}},
		LifecycleStatus: "active",
		Category:        []CodeableConcept{*planCoding(codeOwnGoal)},
		Description:     CodeableConcept{Text: text},
		Subject:         x.patientRef(),
		StatusDate:      date(st.RecordedAt),
		ExpressedBy:     ptr(x.patientRef()),
	}
	note := func(label, s string) {
		if s != "" {
			g.Note = append(g.Note, Annotation{Text: label + ": " + s})
		}
	}
	note("Less good days", st.LessGoodDays)
	note("Life before", st.LifeBefore)
	note("Life now", st.LifeNow)
	for _, ch := range st.Challenges {
		note("Challenge", ch)
	}
	x.add("Goal", g.ID, g)
}

// planID is the main CarePlan's id; phaseID one phase's.
func planID(cid lkt.ID) string                { return fid(string(cid) + "-plan") }
func phaseID(cid lkt.ID, p plan.Phase) string { return fid(string(cid) + "-plan-" + string(p)) }
func (x *exporter) planRef() Reference        { return Reference{Reference: "CarePlan/" + planID(x.s.ID)} }
func (x *exporter) phaseRef(p plan.Phase) Reference {
	return Reference{Reference: "CarePlan/" + phaseID(x.s.ID, p)}
}

// shownRevision is the revision the main CarePlan shows: the one in force,
// else the latest draft.
func shownRevision(revs []plan.Revision) (plan.Revision, bool) {
	if r, ok := plan.InForce(revs); ok {
		return r, true
	}
	if len(revs) == 0 {
		return plan.Revision{}, false
	}
	return revs[len(revs)-1], true
}

func (x *exporter) plans() {
	rev, ok := shownRevision(x.s.Plans)
	if !ok {
		return
	}
	x.add("CarePlan", planID(x.s.ID), x.carePlan(rev))
	cur, _ := x.c.Phase()
	for _, ph := range plan.PhaseOrder() {
		x.add("CarePlan", phaseID(x.s.ID, ph), x.phasePlan(rev, ph, cur))
	}
}

// revisionStatus is a revision's CarePlan status: the revision in force is
// active (on hold while the community is paused, completed once closed),
// an earlier agreed one is revoked (replaced), one not yet agreed a draft.
func (x *exporter) revisionStatus(r plan.Revision) string {
	inForce, ok := plan.InForce(x.s.Plans)
	switch {
	case ok && inForce.No == r.No && x.s.Status == lkt.Paused:
		return "on-hold"
	case ok && inForce.No == r.No && x.s.Status == lkt.Closed:
		return "completed"
	case ok && inForce.No == r.No:
		return "active"
	case r.Agreed():
		return "revoked"
	}
	return "draft"
}

func memberRefs(x *exporter, ids ...plan.MemberID) []Reference {
	var out []Reference
	for _, id := range ids {
		if id != "" {
			out = append(out, x.ref(actormap.ActorID(id)))
		}
	}
	return out
}

func activity(section, status, description string, performers []Reference) CarePlanActivity {
	return CarePlanActivity{Detail: &CarePlanDetail{Code: planCoding(section), Status: status, Description: description, Performer: performers}}
}

// carePlan maps revision r to the main CarePlan, as it stands now.
func (x *exporter) carePlan(r plan.Revision) CarePlan {
	sec := r.Plan.Sections
	cp := CarePlan{
		Resource:    Resource{ResourceType: "CarePlan", ID: planID(x.s.ID), Meta: &Meta{VersionID: strconv.Itoa(r.No), LastUpdated: instant(lastChange(r))}},
		Identifier:  []Identifier{{System: CommunityIDSystem, Value: string(x.s.ID)}},
		Status:      x.revisionStatus(r),
		Intent:      "plan",
		Category:    []CodeableConcept{*planCoding(codeCollaboration)},
		Title:       "Plan for samarbeid",
		Description: sec.Patient.WhoIs,
		Subject:     x.patientRef(),
		Created:     instant(r.DraftedAt),
		Author:      ptr(x.ref(actormap.ActorID(r.DraftedBy))),
		CareTeam:    []Reference{x.careTeamRef()},
	}
	if r.AgreedAt != nil {
		cp.Period = &Period{Start: instant(*r.AgreedAt)}
	}
	if _, ok := x.c.CurrentStory(); ok {
		cp.Goal = []Reference{{Reference: "Goal/" + goalID(x.s.ID)}}
	}
	seen := map[string]bool{}
	for _, a := range r.Acceptances {
		ref := x.partyRef(a.Party)
		if k := ref.Reference + ref.Display; !seen[k] && ref.Reference != "" {
			seen[k] = true
			cp.Contributor = append(cp.Contributor, ref)
		}
	}
	note := func(s string) { cp.Note = append(cp.Note, Annotation{Text: s}) }
	if sec.Patient.StoryRevision > 0 {
		note(fmt.Sprintf("Patient: built on revision %d of the patient's story", sec.Patient.StoryRevision))
	}
	for _, ch := range sec.Patient.Challenges {
		note("Challenge: " + ch)
	}
	// Roles and responsibilities.
	for _, rs := range sec.Roles.Responsibilities {
		cp.Activity = append(cp.Activity, activity(sectionRoles, "in-progress", rs.Task, memberRefs(x, rs.Member)))
	}
	for _, n := range sec.Roles.Missing {
		note("Missing actor: " + needText(n))
	}
	for _, n := range sec.Roles.NotNeeded {
		note("Actor not needed: " + needText(n))
	}
	// Communication.
	for _, l := range sec.Communication.Lines {
		var to []string
		for _, t := range l.To {
			to = append(to, x.ref(actormap.ActorID(t)).Display)
		}
		d := fmt.Sprintf("%s (to %s; by %s; %s)", l.About, strings.Join(to, ", "), l.Channel, l.Frequency)
		cp.Activity = append(cp.Activity, activity(sectionCommunication, "in-progress", d, memberRefs(x, l.From)))
	}
	// Contingency: planned and unplanned transitions; the phases are their own CarePlans.
	for _, t := range sec.Contingency.Transitions {
		kind := "unplanned"
		if t.Planned {
			kind = "planned"
		}
		head := fmt.Sprintf("%s (%s, %s)", t.What, t.Kind, kind)
		if len(t.Measures) == 0 {
			a := activity(sectionContingency, "not-started", head, nil)
			if t.When != nil {
				a.Detail.ScheduledPeriod = &Period{Start: instant(*t.When)}
			}
			cp.Activity = append(cp.Activity, a)
		}
		for _, m := range t.Measures {
			a := activity(sectionContingency, "not-started", head+": "+m.What, memberRefs(x, m.Responsible))
			if t.When != nil {
				a.Detail.ScheduledPeriod = &Period{Start: instant(*t.When)}
			} else if m.WithinDays > 0 {
				a.Detail.ScheduledString = fmt.Sprintf("within %d days", m.WithinDays)
			}
			cp.Activity = append(cp.Activity, a)
		}
	}
	// The annual wheel.
	for _, w := range sec.AnnualWheel.Activities {
		a := activity(sectionAnnualWheel, "scheduled", w.Title, memberRefs(x, w.Responsible))
		x.schedule(a.Detail, w.Recurrence, r)
		cp.Activity = append(cp.Activity, a)
	}
	// Documentation.
	for _, e := range sec.Documentation.Entries {
		cp.Activity = append(cp.Activity, activity(sectionDocumentation, "in-progress", e.What+" ("+e.Where+")", memberRefs(x, e.Who)))
	}
	if sec.Documentation.Stories != "" {
		note("Documentation of stories: " + sec.Documentation.Stories)
	}
	// Evaluation: its dates are the activity's events.
	ev := sec.Evaluation
	if len(ev.Dates) > 0 || ev.How != "" || len(ev.What) > 0 {
		d := ev.How
		if len(ev.What) > 0 {
			d = strings.TrimSpace(d + " Evaluate: " + strings.Join(ev.What, "; "))
		}
		if d == "" {
			d = "Evaluation"
		}
		a := activity(sectionEvaluation, "scheduled", d, memberRefs(x, ev.Responsible))
		if len(ev.Dates) > 0 {
			t := &Timing{}
			for _, dt := range ev.Dates {
				t.Event = append(t.Event, instant(dt))
			}
			a.Detail.ScheduledTiming = t
		}
		cp.Activity = append(cp.Activity, a)
	}
	if r.Note != "" {
		note("Revision note: " + r.Note)
	}
	return cp
}

func needText(n plan.ActorNeed) string {
	s := n.Need
	if n.Role != "" {
		s += " (" + string(n.Role) + ")"
	}
	if n.Reason != "" {
		s += ": " + n.Reason
	}
	return s
}

var periodUnit = map[plan.Unit]string{plan.Day: "d", plan.Week: "wk", plan.Month: "mo", plan.Year: "a"}

// schedule sets an annual-wheel activity's timing: a calendar recurrence
// as Timing.repeat, an event-driven one as text.
func (x *exporter) schedule(d *CarePlanDetail, rc plan.Recurrence, r plan.Revision) {
	if rc.Calendar() {
		rep := &TimingRepeat{Frequency: 1, Period: float64(rc.Every), PeriodUnit: periodUnit[rc.Unit]}
		switch {
		case rc.From != nil:
			rep.BoundsPeriod = &Period{Start: instant(*rc.From)}
		case r.AgreedAt != nil:
			rep.BoundsPeriod = &Period{Start: instant(*r.AgreedAt)}
		}
		d.ScheduledTiming = &Timing{Repeat: rep}
		return
	}
	if rc.WithinDays > 0 {
		d.ScheduledString = fmt.Sprintf("on %s, within %d days", rc.On, rc.WithinDays)
	} else {
		d.ScheduledString = fmt.Sprintf("on %s", rc.On)
	}
}

func lastChange(r plan.Revision) time.Time {
	t := r.DraftedAt
	for _, a := range r.Acceptances {
		if a.At.After(t) {
			t = a.At
		}
	}
	if r.AgreedAt != nil && r.AgreedAt.After(t) {
		t = *r.AgreedAt
	}
	return t
}

var phaseTitle = map[plan.Phase]string{plan.Green: "Grønn fase", plan.Yellow: "Gul fase", plan.Red: "Rød fase"}

// phasePlan maps one phase of revision r's contingency to a CarePlan part
// of the main one: active while the patient is in it.
func (x *exporter) phasePlan(r plan.Revision, ph, current plan.Phase) CarePlan {
	pp := r.Plan.Sections.Contingency.Phases.Of(ph)
	main := x.revisionStatus(r)
	status := main
	if main == "active" && ph != current && !(current == "" && ph == plan.Green) {
		status = "on-hold"
	}
	actStatus := "not-started"
	if status == "active" {
		actStatus = "in-progress"
	}
	cp := CarePlan{
		Resource: Resource{ResourceType: "CarePlan", ID: phaseID(x.s.ID, ph), Meta: &Meta{VersionID: strconv.Itoa(r.No)}},
		PartOf:   []Reference{x.planRef()}, Status: status, Intent: "plan",
		Category: []CodeableConcept{*planCoding("phase-" + string(ph))},
		Title:    phaseTitle[ph], Subject: x.patientRef(), CareTeam: []Reference{x.careTeamRef()},
	}
	if len(pp.Signs) > 0 {
		cp.Description = "Signs: " + strings.Join(pp.Signs, "; ")
	}
	for _, m := range pp.Measures {
		a := activity(sectionContingency, actStatus, m.What, memberRefs(x, m.Responsible))
		if m.WithinDays > 0 {
			a.Detail.ScheduledString = fmt.Sprintf("within %d days", m.WithinDays)
		}
		cp.Activity = append(cp.Activity, a)
	}
	return cp
}

func (x *exporter) partyRef(p plan.Party) Reference {
	switch p.Kind {
	case plan.LineManager:
		return Reference{Display: p.Name + ", " + p.Organisation + " (line manager)"}
	case plan.OrganisationLeader:
		return Reference{Display: p.Name + ", " + p.Organisation + " (leader)"}
	case plan.PatientSide:
		if p.Member == "" {
			return x.patientRef()
		}
	}
	return x.ref(actormap.ActorID(p.Member))
}

func taskOf(x *exporter, kind, ref string, basedOn Reference, status, what string, owner plan.MemberID, due time.Time) Task {
	t := Task{
		Resource:    Resource{ResourceType: "Task", ID: fid(string(x.s.ID) + "-" + kind + "-" + ref)},
		Identifier:  []Identifier{{System: Canonical + "/NamingSystem/" + kind, Value: ref}},
		BasedOn:     []Reference{basedOn},
		Status:      status,
		Intent:      "plan",
		Code:        x.planCode(kind),
		Description: what,
		For:         x.pat,
	}
	if owner != "" {
		t.Owner = ptr(x.ref(actormap.ActorID(owner)))
	}
	if !due.IsZero() {
		t.Restriction = &TaskRestriction{Period: &Period{End: instant(due)}}
	}
	return t
}

// tasks maps element E: the obligations the annual wheel and events
// created, the decisions of meetings and the activated contingency
// measures, each with its state.
func (x *exporter) tasks() {
	ex := x.s.Execution
	if _, ok := shownRevision(x.s.Plans); !ok {
		return
	}
	outcome := map[string]plan.ActivityRecord{}
	for _, r := range ex.Records {
		outcome[r.Ref] = r
	}
	for _, o := range ex.Obligations {
		status := "requested"
		rec, done := outcome[o.Ref]
		switch {
		case done && rec.Outcome == plan.Done:
			status = "completed"
		case done:
			status = "failed"
		}
		t := taskOf(x, taskObligation, o.Ref, x.planRef(), status, o.Title, o.Responsible, o.Due)
		if done {
			t.LastModified = instant(rec.At)
			if rec.Note != "" {
				t.Note = []Annotation{{Text: rec.Note}}
			}
		}
		x.add("Task", t.ID, t)
	}
	for _, m := range ex.Meetings {
		for _, d := range m.Decisions {
			status := "requested"
			if d.DoneAt != nil {
				status = "completed"
			}
			t := taskOf(x, taskDecision, d.ID, x.planRef(), status, d.What, d.Responsible, d.Due)
			t.AuthoredOn = instant(m.Held)
			if d.DoneAt != nil && !d.DoneAt.Before(m.Held) {
				t.LastModified = instant(*d.DoneAt)
			}
			x.add("Task", t.ID, t)
		}
	}
	for _, m := range ex.Measures {
		status := "requested"
		if m.DoneAt != nil {
			status = "completed"
		}
		t := taskOf(x, taskMeasure, m.ID, x.phaseRef(m.Phase), status, m.What, m.Responsible, m.Due)
		t.AuthoredOn = instant(m.Activated)
		if m.DoneAt != nil && !m.DoneAt.Before(m.Activated) {
			t.LastModified = instant(*m.DoneAt)
		}
		if m.Note != "" {
			t.Note = []Annotation{{Text: m.Note}}
		}
		x.add("Task", t.ID, t)
	}
}

func agentType(code, display string) *CodeableConcept {
	return &CodeableConcept{Coding: []Coding{{System: systemProvenanceAgent, Code: code, Display: display}}}
}

func operation(code string) *CodeableConcept {
	return &CodeableConcept{Coding: []Coding{{System: systemDataOperation, Code: code}}}
}

// provenance says who agreed what, on whose word: who gave, recorded and
// withdrew each consent, who wrote the story the goal comes from (and whose
// words it holds), and who accepted and agreed each plan revision.
func (x *exporter) provenance() {
	n := 0
	add := func(p Provenance) {
		n++
		p.Resource = Resource{ResourceType: "Provenance", ID: fid(fmt.Sprintf("%s-prov-%d", x.s.ID, n))}
		x.add("Provenance", p.ID, p)
	}
	for i, k := range x.s.Consents {
		target := Reference{Reference: "Consent/" + consentID(x.s.ID, i+1)}
		given := x.ref(k.GivenBy)
		agents := []ProvenanceAgent{{Type: agentType("author", "Author"), Who: given}}
		if rec := x.principalRef(k.RecordedBy); rec.Reference != given.Reference || rec.Display != given.Display {
			agents = append(agents, ProvenanceAgent{Type: agentType("enterer", "Enterer"), Who: rec, OnBehalfOf: onBehalf(given)})
		}
		var entities []ProvenanceEntity
		if k.OnBehalf != nil {
			var witness []ProvenanceAgent
			entities, witness = evidenceProvenance(k.OnBehalf.Evidence)
			agents = append(agents, witness...)
		}
		add(Provenance{Target: []Reference{target}, Recorded: instant(k.GivenAt), Activity: operation("CREATE"), Agent: agents, Entity: entities})
		if k.WithdrawnAt != nil {
			by := x.ref(k.WithdrawnBy)
			p := Provenance{Target: []Reference{target}, Recorded: instant(*k.WithdrawnAt), Activity: operation("UPDATE"),
				Agent: []ProvenanceAgent{{Type: agentType("author", "Author"), Who: by}}}
			if ob := k.WithdrawalOnBehalf; ob != nil {
				entities, witness := evidenceProvenance(ob.Evidence)
				p.Agent = append(p.Agent, ProvenanceAgent{Type: agentType("enterer", "Enterer"), Who: x.principalRef(ob.RecordedBy), OnBehalfOf: onBehalf(by)})
				p.Agent = append(p.Agent, witness...)
				p.Entity = entities
			}
			add(p)
		}
	}
	if st, ok := x.c.CurrentStory(); ok {
		author := x.principalRef(st.AuthoredBy)
		agents := []ProvenanceAgent{{Type: agentType("author", "Author"), Who: author}}
		if st.OnBehalf && st.ToldBy != "" {
			told := x.ref(st.ToldBy)
			agents = []ProvenanceAgent{{Type: agentType("informant", "Informant"), Who: told},
				{Type: agentType("enterer", "Enterer"), Who: author, OnBehalfOf: onBehalf(told)}}
		}
		add(Provenance{Target: []Reference{{Reference: "Goal/" + goalID(x.s.ID) + "/_history/" + strconv.Itoa(st.No)}},
			Recorded: instant(st.RecordedAt), Activity: operation("CREATE"), Agent: agents})
	}
	for _, r := range x.s.Plans {
		if len(r.Acceptances) == 0 && !r.Agreed() {
			continue
		}
		var agents []ProvenanceAgent
		var entities []ProvenanceEntity
		for _, a := range r.Acceptances {
			who := x.partyRef(a.Party)
			agents = append(agents, ProvenanceAgent{Type: agentType("attester", "Attester"), Who: who})
			if rec := x.ref(actormap.ActorID(a.RecordedBy)); a.RecordedBy != "" && a.RecordedBy != a.Party.Member && rec.Reference != who.Reference {
				agents = append(agents, ProvenanceAgent{Type: agentType("enterer", "Enterer"), Who: rec, OnBehalfOf: onBehalf(who)})
			}
			if a.Evidence != nil {
				// What the acceptance recorded on the party's word rests on.
				ents, witness := evidenceProvenance(*a.Evidence)
				entities = append(entities, ents...)
				agents = append(agents, witness...)
			}
		}
		if r.Agreed() {
			agents = append(agents, ProvenanceAgent{Type: agentType("verifier", "Verifier"), Who: x.ref(actormap.ActorID(r.AgreedBy))})
		}
		add(Provenance{Target: []Reference{{Reference: "CarePlan/" + planID(x.s.ID) + "/_history/" + strconv.Itoa(r.No)}},
			Recorded: instant(lastChange(r)), Activity: operation("UPDATE"), Agent: agents, Entity: entities})
	}
}

// evidenceSource maps the evidence a consent recorded on someone's word
// rests on to Consent.source[x], "the source on which this consent
// statement is based": a signed form and a digital consent in another
// system are records kept elsewhere, so a logical reference by their
// reference there (a DocumentReference, a Consent); words said before a
// witness leave no record to point to, so an attachment that says when,
// before whom, and where it was noted. The note, if any, follows.
func evidenceSource(e lkt.Evidence, note string) (*Reference, *Attachment) {
	day := date(e.Date)
	var ref *Reference
	switch e.Kind {
	case lkt.SignedForm:
		ref = &Reference{Type: "DocumentReference", Identifier: &Identifier{System: EvidenceSystem, Value: e.Reference},
			Display: "Signed form of " + day}
	case lkt.DigitalConsent:
		ref = &Reference{Type: "Consent", Identifier: &Identifier{System: EvidenceSystem, Value: e.Reference, Assigner: &Reference{Display: e.System}},
			Display: "Consent given in " + e.System + " on " + day}
	default:
		a := &Attachment{Title: "Said aloud on " + day + " before " + e.Witness + " (" + e.Reference + ")", Creation: instant(e.Date)}
		if note != "" {
			a.Title += ": " + note
		}
		return nil, a
	}
	if note != "" {
		ref.Display += ": " + note
	}
	return ref, nil
}

// evidenceProvenance is what a Provenance records of evidence: the source
// as an entity, and the witness of words said aloud as an agent.
func evidenceProvenance(e lkt.Evidence) ([]ProvenanceEntity, []ProvenanceAgent) {
	ref, att := evidenceSource(e, "")
	if ref == nil {
		ref = &Reference{Display: att.Title}
	}
	var agents []ProvenanceAgent
	if e.Kind == lkt.Verbal && e.Witness != "" {
		agents = append(agents, ProvenanceAgent{Type: &CodeableConcept{Coding: []Coding{{System: systemParticipation, Code: "WIT", Display: "witness"}}},
			Who: Reference{Display: e.Witness}})
	}
	return []ProvenanceEntity{{Role: "source", What: *ref}}, agents
}

// onBehalf is the onBehalfOf of an agent who acted for who; a party known
// only by name cannot be referenced there.
func onBehalf(who Reference) *Reference {
	if who.Reference == "" && who.Identifier == nil {
		return nil
	}
	return &who
}
