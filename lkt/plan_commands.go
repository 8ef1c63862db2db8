package lkt

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// The plan for collaboration (element D): drafting, revising, accepting and
// agreeing it, and reading it. The plan's content and its rules live in
// package plan; this file ties them to the community's members, mandatory
// roles, mandate and consent.

func clonePlans(revs []plan.Revision) []plan.Revision {
	if revs == nil {
		return nil
	}
	out := make([]plan.Revision, len(revs))
	for i, r := range revs {
		out[i] = r.Clone()
	}
	return out
}

// directory lets package plan look up the patient and members on day at.
type directory struct {
	c  *Community
	at time.Time
}

func (d directory) Person(id plan.MemberID) (plan.Person, bool) {
	aid := actormap.ActorID(id)
	if aid == d.c.s.Patient.ID {
		return plan.Person{ID: id, Name: d.c.s.Patient.Name, Role: roles.Patient, Member: true, Active: true}, true
	}
	m, ok := d.c.Member(aid)
	if !ok {
		return plan.Person{}, false
	}
	held, _ := d.c.HeldBy(aid)
	return plan.Person{ID: id, Name: m.Name, Role: m.Role, Holds: held, Member: m.IsMember(d.at), Active: m.IsActive(d.at)}, true
}

// Directory returns the community's people as package plan sees them on
// day at, for validating and rendering plans outside a command.
func (c *Community) Directory(at time.Time) plan.Directory { return directory{c, at} }

func (c *Community) planContext(now time.Time) plan.Context {
	holders := make(map[roles.Code]plan.MemberID, len(c.s.Holders))
	for r, id := range c.s.Holders {
		holders[r] = plan.MemberID(id)
	}
	var kept []time.Time
	for _, r := range c.s.Plans {
		kept = append(kept, r.Plan.Sections.Evaluation.Dates...)
	}
	return plan.Context{People: directory{c, now}, Stories: len(c.s.Story), Holders: holders, Now: now, Kept: kept,
		Lifebuoys: c.lifebuoys(now), Organisations: c.leaderOrganisations(now)}
}

// PlanRevisions returns every revision of the plan, oldest first.
func (c *Community) PlanRevisions() []plan.Revision { return clonePlans(c.s.Plans) }

// PlanRevision returns revision no of the plan.
func (c *Community) PlanRevision(no int) (plan.Revision, bool) {
	if no < 1 || no > len(c.s.Plans) {
		return plan.Revision{}, false
	}
	return c.s.Plans[no-1].Clone(), true
}

// PlanInForce returns the agreed revision in force: the one that binds.
func (c *Community) PlanInForce() (plan.Revision, bool) {
	r, ok := plan.InForce(c.s.Plans)
	if !ok {
		return r, false
	}
	return r.Clone(), true
}

// PlanDraft returns the newest revision if it is not yet agreed: the draft
// that will replace the plan in force once agreed.
func (c *Community) PlanDraft() (plan.Revision, bool) {
	if n := len(c.s.Plans); n > 0 && !c.s.Plans[n-1].Agreed() {
		return c.s.Plans[n-1].Clone(), true
	}
	return plan.Revision{}, false
}

// PlanParties returns who must accept revision no before it can be
// agreed: the patient or a representative, each holder of a mandatory
// role, the line manager who anchored the coordinator's mandate, the
// members the plan itself names in AlsoAccepting, and each organisation's
// leader the plan names (plan.RolesSection.Leaders).
func (c *Community) PlanParties(no int) []plan.Party {
	out := []plan.Party{{Kind: plan.PatientSide}}
	for _, r := range roles.MandatoryCodes() {
		if id, ok := c.s.Holders[r]; ok {
			out = append(out, plan.Party{Kind: plan.AsMember, Member: plan.MemberID(id), Role: r})
		}
	}
	if c.s.Mandate != nil && c.s.Mandate.Anchoring != nil {
		lm := c.s.Mandate.Anchoring.LineManager
		out = append(out, plan.Party{Kind: plan.LineManager, Name: lm.Name, Organisation: lm.Organisation})
	}
	if no >= 1 && no <= len(c.s.Plans) {
		for _, id := range c.s.Plans[no-1].Plan.AlsoAccepting {
			if !slices.ContainsFunc(out, func(p plan.Party) bool { return p.Member == id }) {
				out = append(out, plan.Party{Kind: plan.AsMember, Member: id})
			}
		}
		for _, l := range c.s.Plans[no-1].Plan.Sections.Roles.Leaders {
			if p := l.Party(); p.Name != "" && !slices.ContainsFunc(out, p.Satisfies) {
				out = append(out, p)
			}
		}
	}
	return out
}

// PlanGaps lists what revision no lacks before it can be agreed, judged on
// day at (see plan.Gaps). Empty means complete.
func (c *Community) PlanGaps(no int, at time.Time) []plan.Gap {
	r, ok := c.PlanRevision(no)
	if !ok {
		return nil
	}
	return plan.Gaps(r.Plan, c.planContext(at))
}

// PlanStatus is what every reader of the plan should see at a glance.
type PlanStatus struct {
	// InForce is the number of the agreed revision in force, 0 if none.
	InForce int `json:"inForce"`
	// Draft is the number of a newer revision awaiting agreement, 0 if none.
	Draft int `json:"draft"`
	// Outstanding are the parties who have yet to accept the draft.
	Outstanding []plan.Party `json:"outstanding,omitempty"`
	// EvaluationDue is the earliest evaluation date of the plan in force
	// not yet evaluated.
	EvaluationDue *time.Time `json:"evaluationDue,omitempty"`
	// EvaluationOverdue is true when that date has passed.
	EvaluationOverdue bool `json:"evaluationOverdue"`
}

// PlanStatus returns the plan's status on day at.
func (c *Community) PlanStatus(at time.Time) PlanStatus {
	var st PlanStatus
	if r, ok := plan.InForce(c.s.Plans); ok {
		st.InForce = r.No
	}
	if d, ok := c.PlanDraft(); ok {
		st.Draft = d.No
		st.Outstanding = d.Outstanding(c.PlanParties(d.No))
	}
	if d, ok := plan.EvaluationDue(c.s.Plans, c.s.Execution); ok {
		st.EvaluationDue = &d
		st.EvaluationOverdue = at.After(d)
	}
	return st
}

// PlanFormat is a rendering of the plan for the patient to have in writing.
type PlanFormat string

// Formats of the written plan.
const (
	PlanText PlanFormat = "text" // plain text
	PlanHTML PlanFormat = "html" // a printable HTML page
)

// WrittenPlan returns revision no of the plan (0: the plan in force) as
// the patient gets it in writing, in lang, as of day at: the seven
// sections, the story it rests on, the people with their workplace and
// contact details, and what the meetings decided. Renderers draw it
// (plan.RenderText, plan.RenderHTML, or any other from plan.Outline).
func (c *Community) WrittenPlan(no int, lang roles.Lang, at time.Time) (plan.Document, error) {
	var r plan.Revision
	if no == 0 {
		var err error
		if r, err = c.planInForce(); err != nil {
			return plan.Document{}, err
		}
	} else if rev, ok := c.PlanRevision(no); ok {
		r = rev
	} else {
		return plan.Document{}, notFound("revision", nounPlanRevision, no)
	}
	doc := plan.Document{Patient: c.s.Patient.Name, Revision: r, People: directory{c, at}, Lang: lang, AsOf: at}
	for _, e := range c.s.Execution.Evaluations {
		doc.Evaluated = append(doc.Evaluated, e.Date)
	}
	for _, s := range c.s.Story {
		if s.No == r.Plan.Sections.Patient.StoryRevision {
			doc.Story = plan.Story{GoodDay: s.GoodDay, LessGoodDays: s.LessGoodDays, LifeBefore: s.LifeBefore, LifeNow: s.LifeNow}
		}
	}
	for _, m := range c.s.Members {
		if m.IsMember(at) {
			doc.Actors = append(doc.Actors, plan.Actor{ID: plan.MemberID(m.ID), Organisation: m.Organisation, Workplace: m.Workplace,
				Phone: m.Contact.Phone, Email: m.Contact.Email, ContactNote: m.Contact.Note})
		}
	}
	doc.Meetings = c.Execution().Meetings
	return doc, nil
}

// WritePlan writes revision no of the plan (0: the plan in force) in lang
// as plain text or printable HTML, as of day at: the written plan the
// patient is entitled to.
func (c *Community) WritePlan(w io.Writer, no int, f PlanFormat, lang roles.Lang, at time.Time) error {
	if f != PlanHTML && f != PlanText && f != "" {
		return invalid("format", "must be text or html", "må være text eller html", "må vere text eller html")
	}
	doc, err := c.WrittenPlan(no, lang, at)
	if err != nil {
		return err
	}
	if f == PlanHTML {
		return WrapInternal(plan.RenderHTML(w, doc))
	}
	return WrapInternal(plan.RenderText(w, doc))
}

// DraftPlan drafts the community's first plan for collaboration. A draft
// may be incomplete, but whatever it holds must be valid: every person it
// names must be the patient or a member, every recurrence must fire, every
// phase written must have measures. The patient side and professionals
// draft; the plan is the patient's as much as the services'.
type DraftPlan struct {
	Sections      plan.Sections   `json:"sections"`
	AlsoAccepting []plan.MemberID `json:"alsoAccepting,omitempty" validate:"max=100,dive,max=200"`
	Note          string          `json:"note,omitempty" validate:"max=2000"`
}

func (DraftPlan) CommandName() string { return "DraftPlan" }
func (DraftPlan) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd DraftPlan) apply(c *Community, ch change) (EventData, error) {
	if len(c.s.Plans) > 0 {
		return nil, precondition("plan-exists", "the community already has a plan: revise it", "aktørfellesskapet har allerede en plan: revider den",
			"aktørfellesskapet har allereie ein plan: revider han")
	}
	rev, err := c.newRevision(plan.Plan{Sections: cmd.Sections, AlsoAccepting: cmd.AlsoAccepting}, cmd.Note, ch)
	if err != nil {
		return nil, err
	}
	c.s.Plans = append(c.s.Plans, rev)
	return PlanDrafted{Revision: rev.Clone()}, nil
}

func (c *Community) newRevision(p plan.Plan, note string, ch change) (plan.Revision, error) {
	p = p.Clone()
	if err := plan.Validate(p, c.planContext(ch.now)); err != nil {
		return plan.Revision{}, err
	}
	return plan.Revision{No: len(c.s.Plans) + 1, Plan: p, DraftedAt: ch.now, DraftedBy: plan.MemberID(ch.by.ID), Note: note}, nil
}

// RevisePlan drafts a new revision of the plan. Revising never changes a
// revision: the new one must be accepted and agreed anew, and until then
// the agreed revision stays in force. A newer draft replaces an older
// draft as the one to agree (the older stays in the history).
type RevisePlan struct {
	// Revision is the revision being revised, which must be the newest, so
	// that nobody revises a plan they have not seen.
	Revision      int             `json:"revision" validate:"required,min=1"`
	Sections      plan.Sections   `json:"sections"`
	AlsoAccepting []plan.MemberID `json:"alsoAccepting,omitempty" validate:"max=100,dive,max=200"`
	// Note says why the plan is revised.
	Note string `json:"note" validate:"required,max=2000"`
}

func (RevisePlan) CommandName() string { return "RevisePlan" }
func (RevisePlan) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RevisePlan) apply(c *Community, ch change) (EventData, error) {
	if err := c.latestRevision(cmd.Revision); err != nil {
		return nil, err
	}
	if err := c.refuseWhileVacant(ch.now); err != nil {
		return nil, err
	}
	rev, err := c.newRevision(plan.Plan{Sections: cmd.Sections, AlsoAccepting: cmd.AlsoAccepting}, cmd.Note, ch)
	if err != nil {
		return nil, err
	}
	c.s.Plans = append(c.s.Plans, rev)
	return PlanRevised{Revises: cmd.Revision, Revision: rev.Clone()}, nil
}

// latestRevision checks that no is the newest revision.
func (c *Community) latestRevision(no int) error {
	n := len(c.s.Plans)
	switch {
	case n == 0:
		return precondition("no-plan", "the community has no plan yet: draft one", "aktørfellesskapet har ingen plan ennå: lag et utkast",
			"aktørfellesskapet har ingen plan enno: lag eit utkast")
	case no < 1 || no > n:
		return notFound("revision", nounPlanRevision, no)
	case no != n:
		return &Error{Code: Conflict, Field: "revision", Rule: "plan-superseded",
			Message: roles.Labels{EN: fmt.Sprintf("revision %d has been superseded by revision %d: read the plan again", no, n),
				NB: fmt.Sprintf("versjon %d er erstattet av versjon %d: les planen på nytt", no, n),
				NN: fmt.Sprintf("versjon %d er erstatta av versjon %d: les planen på nytt", no, n)}}
	}
	return nil
}

// AcceptPlan records that someone accepts the newest revision of the plan.
// Each party accepts for themself: a member's acceptance is that member's
// own act (RuleOwnAcceptance), and the patient's is the patient's or a
// representative's. On the patient's word — a signature at a meeting — only
// the coordinator (the founder before one is appointed) or a system
// configured with RightRecordOnBehalf records it, with the Evidence, and it
// is marked as recorded on behalf; the patient side accepting in person
// later takes its place. The line manager who anchored the coordinator's
// mandate is not a member: their acceptance is always recorded so. So is
// each organisation's leader's the plan names: the coordinator (or a system
// configured with RightRecordOnBehalf) records it on the leader's word with
// the Evidence — a signed plan, a letter, words before a witness — marked
// as recorded on behalf (see the package documentation for why). Only a
// complete revision can be accepted: one accepts its content.
type AcceptPlan struct {
	Revision int `json:"revision" validate:"required,min=1"`
	// AcceptedBy is whose acceptance it is: the patient or a member (the
	// principal's own id for their own). Required unless LineManager is
	// given (RuleAcceptedByRequired).
	AcceptedBy actormap.ActorID `json:"acceptedBy,omitempty" validate:"max=200"`
	// LineManager records the acceptance of the line manager who anchored
	// the coordinator's mandate, instead of a member's.
	LineManager *LineManager `json:"lineManager,omitempty"`
	// Leader records the acceptance of a leader the revision names
	// (sections.roles.leaders, matched by name and organisation), who by it
	// recognises the coordinator role, instead of a member's.
	Leader *plan.Leader `json:"leader,omitempty"`
	// Evidence is what an acceptance recorded on another's word rests on;
	// required then (always for the line manager's and a leader's), and
	// only then.
	Evidence *Evidence `json:"evidence,omitempty"`
}

func (AcceptPlan) CommandName() string { return "AcceptPlan" }
func (AcceptPlan) policy() policy      { return policy{who: anyMember} }

func (cmd AcceptPlan) apply(c *Community, ch change) (EventData, error) {
	if err := c.latestRevision(cmd.Revision); err != nil {
		return nil, err
	}
	rev := &c.s.Plans[cmd.Revision-1]
	if rev.Agreed() {
		return nil, precondition("plan-agreed", fmt.Sprintf("revision %d is already agreed", rev.No), fmt.Sprintf("versjon %d er allerede avtalt", rev.No),
			fmt.Sprintf("versjon %d er allereie avtalt", rev.No))
	}
	if err := plan.Complete(rev.Plan, c.planContext(ch.now)); err != nil {
		return nil, err
	}
	party, ob, err := c.acceptingParty(cmd, rev.Plan, ch)
	if err != nil {
		return nil, err
	}
	a := plan.Acceptance{Party: party, RecordedBy: plan.MemberID(ch.by.ID), At: ch.now}
	if ob != nil {
		e := ob.Evidence
		a.OnBehalf, a.Evidence = true, &e
	}
	i := slices.IndexFunc(rev.Acceptances, func(x plan.Acceptance) bool { return x.Party == party })
	switch {
	case i < 0:
		rev.Acceptances = append(rev.Acceptances, a)
	case rev.Acceptances[i].OnBehalf && !a.OnBehalf:
		// The party's own word takes the place of one recorded on it, so
		// that a plan accepted on one person's records can still be
		// agreed once the parties accept for themselves.
		rev.Acceptances[i] = a
	default:
		return nil, precondition("already-accepted", "this acceptance is already recorded", "denne godkjenningen er allerede registrert",
			"denne godkjenninga er allereie registrert")
	}
	return PlanAccepted{Revision: rev.No, Acceptance: a}, nil
}

// acceptingParty decides whose acceptance cmd records and checks that
// ch.by may record it: in person, or on the party's word (see actsFor).
func (c *Community) acceptingParty(cmd AcceptPlan, p plan.Plan, ch change) (plan.Party, *OnBehalf, error) {
	if cmd.Leader != nil {
		return c.leaderParty(cmd, p, ch)
	}
	if lm := cmd.LineManager; lm != nil {
		if cmd.AcceptedBy != "" {
			return plan.Party{}, nil, invalid("acceptedBy", "is not given with a line manager's acceptance", "oppgis ikke sammen med linjelederens godkjenning",
				"blir ikkje oppgitt saman med godkjenninga til linjeleiaren")
		}
		if c.s.Mandate == nil || c.s.Mandate.Anchoring == nil {
			return plan.Party{}, nil, precondition("mandate-not-anchored", "the coordinator's mandate is not anchored with a line manager",
				"koordinatorens mandat er ikke forankret hos en linjeleder",
				"mandatet til koordinatoren er ikkje forankra hos ein linjeleiar")
		}
		want := c.s.Mandate.Anchoring.LineManager
		ob, err := c.onBehalf(ch, actormap.ActorID(want.Name), cmd.Evidence)
		if err != nil {
			return plan.Party{}, nil, err
		}
		p := plan.Party{Kind: plan.LineManager, Name: strings.TrimSpace(lm.Name), Organisation: strings.TrimSpace(lm.Organisation)}
		if !p.Satisfies(plan.Party{Kind: plan.LineManager, Name: want.Name, Organisation: want.Organisation}) {
			return plan.Party{}, nil, invalid("lineManager", fmt.Sprintf("is not the line manager who anchored the coordinator's mandate (%s, %s)", want.Name, want.Organisation),
				fmt.Sprintf("er ikke linjelederen som forankret koordinatorens mandat (%s, %s)", want.Name, want.Organisation),
				fmt.Sprintf("er ikkje linjeleiaren som forankra mandatet til koordinatoren (%s, %s)", want.Name, want.Organisation))
		}
		p.Name, p.Organisation = want.Name, want.Organisation
		return p, ob, nil
	}
	who := cmd.AcceptedBy
	if who == "" {
		// Whose acceptance it is is said, never assumed: a professional
		// recording a signature given at a meeting must not record their
		// own by leaving the field out.
		return plan.Party{}, nil, newErr(Invalid, "acceptedBy", RuleAcceptedByRequired,
			"name whose acceptance this is (your own id for your own), or give lineManager",
			"oppgi hvem sin godkjenning dette er (din egen id for din egen), eller oppgi lineManager",
			"gje opp kven si godkjenning dette er (din eigen id for di eiga), eller gje opp lineManager")
	}
	var ob *OnBehalf
	switch {
	case ch.by.Kind == PersonPrincipal && who == ch.by.ID,
		// A representative speaks for the patient: the patient's
		// acceptance recorded by them is the patient side's own.
		ch.standing.patientSide() && who == c.s.Patient.ID:
		if cmd.Evidence != nil {
			return plan.Party{}, nil, newErr(Invalid, "evidence", RuleEvidenceRequired, "is given only when recording on another person's word",
				"oppgis bare når noe registreres på andres vegne",
				"blir berre oppgitt når noko blir registrert på vegner av andre")
		}
	default:
		var err error
		if ob, err = c.onBehalf(ch, who, cmd.Evidence); err != nil {
			return plan.Party{}, nil, err
		}
	}
	if who == c.s.Patient.ID {
		return plan.Party{Kind: plan.PatientSide, Member: plan.MemberID(who)}, ob, nil
	}
	m, ok := c.Member(who)
	if !ok || !m.IsMember(ch.now) {
		return plan.Party{}, nil, invalid("acceptedBy", fmt.Sprintf("%s is not a member of the community", who),
			fmt.Sprintf("%s er ikke medlem av aktørfellesskapet", who),
			fmt.Sprintf("%s er ikkje medlem av aktørfellesskapet", who))
	}
	if c.represents(m, ch.now) {
		return plan.Party{Kind: plan.PatientSide, Member: plan.MemberID(who)}, ob, nil
	}
	if ob != nil {
		return plan.Party{}, nil, forbidden(RuleOwnAcceptance, fmt.Sprintf("a member's acceptance is their own act: %s accepts in person", m.Name),
			fmt.Sprintf("et medlems godkjenning er medlemmets egen handling: %s godkjenner selv", m.Name),
			fmt.Sprintf("godkjenninga til eit medlem er medlemmet si eiga handling: %s godkjenner sjølv", m.Name))
	}
	held, _ := c.HeldBy(who)
	return plan.Party{Kind: plan.AsMember, Member: plan.MemberID(who), Role: held}, ob, nil
}

// leaderParty is the party of a leader's acceptance (AcceptPlan.Leader):
// a leader plan p names, recorded on their word by whoever onBehalf lets.
func (c *Community) leaderParty(cmd AcceptPlan, p plan.Plan, ch change) (plan.Party, *OnBehalf, error) {
	if cmd.AcceptedBy != "" || cmd.LineManager != nil {
		return plan.Party{}, nil, &Error{Code: Invalid, Field: "leader", Message: roles.Labels{
			EN: "is given alone: one acceptance is a leader's, a line manager's or a member's",
			NB: "oppgis alene: én godkjenning er en leders, en linjeleders eller et medlems",
			NN: "vert oppgjeven åleine: éi godkjenning er ein leiar sin, ein linjeleiar sin eller eit medlem sin"}}
	}
	want := cmd.Leader.Party()
	ob, err := c.onBehalf(ch, actormap.ActorID(want.Name), cmd.Evidence)
	if err != nil {
		return plan.Party{}, nil, err
	}
	for _, l := range p.Sections.Roles.Leaders {
		if q := l.Party(); q.Name != "" && want.Satisfies(q) {
			return q, ob, nil
		}
	}
	return plan.Party{}, nil, &Error{Code: Invalid, Field: "leader", Message: roles.Labels{
		EN: fmt.Sprintf("%s, %s is not a leader this revision of the plan names: name them in sections.roles.leaders first", want.Name, want.Organisation),
		NB: fmt.Sprintf("%s, %s er ikke en leder denne versjonen av planen navngir: før dem opp i sections.roles.leaders først", want.Name, want.Organisation),
		NN: fmt.Sprintf("%s, %s er ikkje ein leiar denne versjonen av planen namngjev: før dei opp i sections.roles.leaders først", want.Name, want.Organisation)}}
}

// AgreePlan makes the newest revision the plan in force. It binds only
// when, all at once: every section is complete and valid and every
// responsible person an active member; the four mandatory roles are held by
// active members; consent is active and given by the right person (not
// awaiting renewal); the coordinator's mandate is anchored; and every party
// PlanParties names has accepted, each leader the plan names included
// (RuleLeaderAcceptanceMissing).
type AgreePlan struct {
	Revision int `json:"revision" validate:"required,min=1"`
}

func (AgreePlan) CommandName() string { return "AgreePlan" }
func (AgreePlan) policy() policy      { return policy{who: professionals} }

func (cmd AgreePlan) apply(c *Community, ch change) (EventData, error) {
	if err := c.latestRevision(cmd.Revision); err != nil {
		return nil, err
	}
	rev := &c.s.Plans[cmd.Revision-1]
	if rev.Agreed() {
		return nil, precondition("plan-agreed", fmt.Sprintf("revision %d is already agreed", rev.No), fmt.Sprintf("versjon %d er allerede avtalt", rev.No),
			fmt.Sprintf("versjon %d er allereie avtalt", rev.No))
	}
	if err := c.mustBeActive(roles.Labels{EN: "agree a plan", NB: "avtale en plan", NN: "avtale ein plan"}); err != nil {
		return nil, err
	}
	// Every unmet precondition is listed in the refusal's Errors; the
	// refusal itself is the first of: what does not bind, the plan's first
	// gap, the acceptances missing.
	var refusal *Error
	var each []*Error
	if err := c.mustBind(ch.now); err != nil {
		refusal, _ = errors.AsType[*Error](err)
		each = append(each, refusal.Errors...)
	}
	cx := c.planContext(ch.now)
	if err := plan.Complete(rev.Plan, cx); err != nil {
		if refusal == nil {
			refusal, _ = errors.AsType[*Error](err)
		}
		for _, g := range plan.Gaps(rev.Plan, cx) {
			each = append(each, &Error{Code: PreconditionFailed, Field: g.Field, Rule: RulePlanIncomplete, Message: g.Message})
		}
	}
	if out := rev.Outstanding(c.PlanParties(rev.No)); len(out) > 0 {
		var en, nb, nn []string
		rule := RuleLeaderAcceptanceMissing
		d := directory{c, ch.now}
		for _, p := range out {
			l := roles.Labels{EN: p.Label(roles.English, d), NB: p.Label(roles.Bokmal, d), NN: p.Label(roles.Nynorsk, d)}
			en, nb, nn = append(en, l.EN), append(nb, l.NB), append(nn, l.NN)
			e := &Error{Code: PreconditionFailed, Field: "acceptances", Rule: RuleAcceptanceMissing, Message: roles.Labels{
				EN: "still to accept: " + l.EN, NB: "gjenstår å godta: " + l.NB, NN: "står att å godta: " + l.NN}}
			if p.Kind == plan.OrganisationLeader {
				e.Rule, e.Message = RuleLeaderAcceptanceMissing, roles.Labels{
					EN: "still to accept the plan and recognise the coordinator role: " + l.EN,
					NB: "gjenstår å godta planen og anerkjenne koordinatorrollen: " + l.NB,
					NN: "står att å godta planen og anerkjenne koordinatorrolla: " + l.NN}
			} else {
				rule = RuleAcceptanceMissing
			}
			each = append(each, e)
		}
		if refusal == nil {
			// A member's acceptance missing names the refusal; only the
			// leaders' missing names it after them.
			refusal = &Error{Code: PreconditionFailed, Field: "acceptances", Rule: rule, Message: roles.Labels{
				EN: "the plan binds only when everyone has accepted it; still to accept: " + strings.Join(en, "; "),
				NB: "planen er bindende først når alle har godtatt den; gjenstår: " + strings.Join(nb, "; "),
				NN: "planen er bindande først når alle har godteke han; står att: " + strings.Join(nn, "; ")}}
		}
	}
	if refusal != nil {
		r := *refusal
		r.Errors = each
		return nil, &r
	}
	if err := oneRecorder(rev.Acceptances); err != nil {
		return nil, err
	}
	now := ch.now
	rev.AgreedAt, rev.AgreedBy = &now, plan.MemberID(ch.by.ID)
	return PlanAgreed{Revision: rev.No, AgreedAt: now}, nil
}

// The events of element D.
type (
	PlanDrafted struct{ Revision plan.Revision }
	PlanRevised struct {
		Revises  int           `json:"revises"`
		Revision plan.Revision `json:"revision"`
	}
	PlanAccepted struct {
		Revision   int             `json:"revision"`
		Acceptance plan.Acceptance `json:"acceptance"`
	}
	PlanAgreed struct {
		Revision int       `json:"revision"`
		AgreedAt time.Time `json:"agreedAt"`
	}
)

func (PlanDrafted) EventType() string  { return "PlanDrafted" }
func (PlanRevised) EventType() string  { return "PlanRevised" }
func (PlanAccepted) EventType() string { return "PlanAccepted" }
func (PlanAgreed) EventType() string   { return "PlanAgreed" }

func init() {
	RegisterEvent[PlanDrafted]()
	RegisterEvent[PlanRevised]()
	RegisterEvent[PlanAccepted]()
	RegisterEvent[PlanAgreed]()
}

// oneRecorder refuses a plan whose acceptances were all recorded by one
// person (RuleAcceptancesOneRecorder): a plan binds because each party
// agreed to it, which one person's word cannot show.
func oneRecorder(as []plan.Acceptance) error {
	if len(as) < 2 {
		return nil
	}
	for _, a := range as[1:] {
		if a.RecordedBy != as[0].RecordedBy {
			return nil
		}
	}
	return precondition(RuleAcceptancesOneRecorder,
		"every acceptance of this revision was recorded by one person: the plan binds when each party accepts it themself",
		"alle godkjenningene av denne versjonen er registrert av én person: planen blir bindende når hver part godtar den selv",
		"alle godkjenningane av denne versjonen er registrerte av éin person: planen blir bindande når kvar part godtek han sjølv")
}
