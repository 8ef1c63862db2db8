package lkt

import (
	"fmt"
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Element E, the community's execution of its plan: the improvement cycle,
// the phase model in action, hospital stays and the collaboration meetings
// they demand, and the log of what the community actually does.

// Execution returns element E's state.
func (c *Community) Execution() plan.Execution { return c.s.Execution.Clone() }

// Phase returns the patient's current phase and since when; "" if none was
// ever set.
func (c *Community) Phase() (plan.Phase, time.Time) { return c.s.Execution.Phase() }

// MaxAgendaWindow is the furthest ahead an agenda looks: a whole annual
// wheel and its turn of the year. An agenda's size grows with its window
// (recurring activities repeat), so the window is bounded.
const MaxAgendaWindow = 366 * 24 * time.Hour

// Agenda returns everything open with a due time before to, oldest first,
// marking what is overdue on day now (see plan.Agenda), with the mandatory
// roles to fill or to find a successor for. A to beyond MaxAgendaWindow
// from now is taken as that far.
func (c *Community) Agenda(now, to time.Time) []plan.Item {
	if limit := now.Add(MaxAgendaWindow); to.After(limit) {
		to = limit
	}
	items := plan.Agenda(c.s.Plans, c.s.Execution, now, to)
	if extra := c.roleItems(now, to); len(extra) > 0 {
		items = append(items, extra...)
		plan.Sort(items)
	}
	return items
}

// DueThisWeek returns what is open and due in the calendar week (Monday to
// Sunday, UTC) holding day at, overdue or not.
func (c *Community) DueThisWeek(at time.Time) []plan.Item {
	from, to := plan.WeekOf(at.UTC())
	return plan.Between(c.Agenda(at, to), from, to)
}

// Overdue returns what is open and was due before day at.
func (c *Community) Overdue(at time.Time) []plan.Item {
	return plan.Overdue(c.Agenda(at, at))
}

// OpenDecisions returns the meetings' decisions not yet done, oldest due first.
func (c *Community) OpenDecisions() []plan.Decision {
	var out []plan.Decision
	for _, m := range c.s.Execution.Meetings {
		for _, d := range m.Decisions {
			if d.DoneAt == nil {
				out = append(out, d)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b plan.Decision) int { return a.Due.Compare(b.Due) })
	return out
}

// OpenMeasures returns the contingency measures activated and not yet done:
// who must do what, by when.
func (c *Community) OpenMeasures() []plan.ActiveMeasure {
	var out []plan.ActiveMeasure
	for _, m := range c.s.Execution.Measures {
		if m.DoneAt == nil {
			out = append(out, m)
		}
	}
	return out
}

// PlanWarnings lists what needs attention in elements D and E on day at:
// an evaluation overdue, the patient in the red phase, a person the plan in
// force makes responsible who no longer takes part, a draft awaiting
// agreement.
func (c *Community) PlanWarnings(at time.Time) []Warning { return c.planWarnings(at, c.PlanStatus(at)) }

// planWarnings is PlanWarnings, given the plan's status on day at.
func (c *Community) planWarnings(at time.Time, st PlanStatus) []Warning {
	var out []Warning
	add := func(rule, en, nb, nn string) { out = append(out, Warning{rule, roles.Labels{EN: en, NB: nb, NN: nn}}) }
	if st.EvaluationOverdue {
		d := st.EvaluationDue.Format(time.DateOnly)
		add("evaluation-overdue", "the plan was to be evaluated on "+d+" and has not been", "planen skulle vært evaluert "+d+" og er ikke det",
			"planen skulle vore evaluert "+d+" og er ikkje det")
	}
	if ph, since := c.Phase(); ph == plan.Red {
		add("red-phase", "the patient has been in the red phase since "+since.Format(time.DateOnly),
			"pasienten har vært i rød fase siden "+since.Format(time.DateOnly),
			"pasienten har vore i raud fase sidan "+since.Format(time.DateOnly))
	}
	if r, ok := plan.InForce(c.s.Plans); ok {
		d := directory{c, at}
		for _, id := range r.Plan.Responsible() {
			if p, ok := d.Person(id); !ok || !p.Active {
				add("plan-responsible-unavailable", fmt.Sprintf("%s has tasks in the plan but does not take part now: revise the plan", p.Name),
					fmt.Sprintf("%s har oppgaver i planen, men deltar ikke nå: revider planen", p.Name),
					fmt.Sprintf("%s har oppgåver i planen, men er ikkje med no: revider planen", p.Name))
			}
		}
	}
	if st.Draft != 0 {
		add("plan-draft", fmt.Sprintf("revision %d of the plan awaits agreement", st.Draft), fmt.Sprintf("versjon %d av planen venter på å bli avtalt", st.Draft),
			fmt.Sprintf("versjon %d av planen ventar på å bli avtalt", st.Draft))
	}
	return out
}

// summarisePlan fills the Summary fields of elements D and E.
func (c *Community) summarisePlan(s *Summary) {
	if d, ok := plan.EvaluationDue(c.s.Plans, c.s.Execution); ok {
		s.EvaluationDue = &d
	}
	ph, _ := c.s.Execution.Phase()
	s.Phase = string(ph)
	if d, ok := plan.NextDue(c.s.Plans, c.s.Execution); ok {
		s.NextDue = &d
	}
	for _, it := range c.roleItems(s.UpdatedAt, maxTime) {
		if s.NextDue == nil || it.Due.Before(*s.NextDue) {
			d := it.Due
			s.NextDue = &d
		}
	}
}

// maxTime bounds "every item, whenever due".
var maxTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

func (c *Community) planInForce() (plan.Revision, error) {
	r, ok := plan.InForce(c.s.Plans)
	if !ok {
		return r, precondition(RuleNoAgreedPlan, "the community has no agreed plan: agree one first, with its phase model and annual wheel",
			"aktørfellesskapet har ingen avtalt plan: avtal en først, med forløpsfasemodell og årshjul",
			"aktørfellesskapet har ingen avtalt plan: avtal ein først, med forløpsfasemodell og årshjul")
	}
	return r, nil
}

// isCoordinator reports whether by holds the coordinator role.
func (c *Community) isCoordinator(by Principal) bool {
	id, ok := c.s.Holders[roles.CoordinatorLeader]
	return ok && id == by.ID
}

// SetPhase records that the patient has moved to a phase of the phase
// model. Moving to yellow or red activates that phase's measures in the plan
// in force: the event (PhaseChanged) and OpenMeasures say exactly who must
// do what, by when, and they stay open until done. It also makes due the
// annual-wheel activities the phase triggers. The patient's side may call
// the change as well as the professionals: the mother who sees the signs
// should not need a professional to say so.
type SetPhase struct {
	Phase  plan.Phase `json:"phase" validate:"required,oneof=green yellow red"`
	Reason string     `json:"reason" validate:"required,max=2000"`
}

func (SetPhase) CommandName() string { return "SetPhase" }
func (SetPhase) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd SetPhase) apply(c *Community, ch change) (EventData, error) {
	if err := c.mustBeActive(roles.Labels{EN: "set the phase", NB: "sette fase", NN: "setje fase"}); err != nil {
		return nil, err
	}
	rev, err := c.planInForce()
	if err != nil {
		return nil, err
	}
	x := &c.s.Execution
	from, _ := x.Phase()
	if from == cmd.Phase {
		return nil, invalid("phase", "the patient is already in the "+string(cmd.Phase)+" phase", "pasienten er allerede i denne fasen",
			"pasienten er allereie i denne fasen")
	}
	fresh, all := x.Activate(rev.Plan, cmd.Phase, ch.now)
	var obls []plan.Obligation
	if t := map[plan.Phase]plan.Trigger{plan.Yellow: plan.OnYellow, plan.Red: plan.OnRed}[cmd.Phase]; t != "" {
		obls = x.Trigger(rev.Plan, t, 0, func(days int) time.Time { return ch.now.AddDate(0, 0, days) })
	}
	now := ch.now
	if n := len(x.Phases); n > 0 {
		x.Phases[n-1].To = &now
	}
	x.Phases = append(x.Phases, plan.PhaseSpan{Phase: cmd.Phase, From: now, Reason: cmd.Reason, By: plan.MemberID(ch.by.ID)})
	x.Measures = append(x.Measures, fresh...)
	x.Obligations = append(x.Obligations, obls...)
	return PhaseChanged{From: from, To: cmd.Phase, Reason: cmd.Reason, Measures: all, Obligations: obls}, nil
}

// CompleteMeasure records that an activated contingency measure is done. A
// relative who does not represent the patient completes only their own.
type CompleteMeasure struct {
	ID   string `json:"id" validate:"required,max=100"`
	Note string `json:"note,omitempty" validate:"max=2000"`
}

func (CompleteMeasure) CommandName() string { return "CompleteMeasure" }
func (CompleteMeasure) policy() policy      { return policy{who: anyMember} }

func (cmd CompleteMeasure) apply(c *Community, ch change) (EventData, error) {
	x := &c.s.Execution
	i := slices.IndexFunc(x.Measures, func(m plan.ActiveMeasure) bool { return m.ID == cmd.ID })
	if i < 0 {
		return nil, notFound("id", nounMeasure, cmd.ID)
	}
	m := &x.Measures[i]
	if err := ownTask(ch, m.Responsible); err != nil {
		return nil, err
	}
	if m.DoneAt != nil {
		return nil, precondition("measure-done", "the measure is already done", "tiltaket er allerede utført",
			"tiltaket er allereie utført")
	}
	now := ch.now
	m.DoneAt, m.DoneBy, m.Note = &now, plan.MemberID(ch.by.ID), cmd.Note
	return MeasureCompleted(cmd), nil
}

func ownTask(ch change, responsible plan.MemberID) error {
	if ch.standing == AsRelative && plan.MemberID(ch.by.ID) != responsible {
		return forbidden("own-task", "you can only mark your own tasks done", "du kan bare merke dine egne oppgaver som utført",
			"du kan berre merkje dine eigne oppgåver som utførte")
	}
	return nil
}

// RecordAdmission records that the patient is or will be admitted to
// hospital. A planned (elective) admission makes due the collaboration
// meeting before admission; every admission makes due the meeting before
// discharge (at the expected discharge if known) — each as an open
// obligation with a due time, whether or not a plan is in force (see
// stayMeetings).
type RecordAdmission struct {
	At      time.Time `json:"at" validate:"required"`
	Planned bool      `json:"planned"`
	Ward    string    `json:"ward,omitempty" validate:"max=200"`
	// ExpectedDischarge is when discharge is expected, if known.
	ExpectedDischarge *time.Time `json:"expectedDischarge,omitempty"`
}

func (RecordAdmission) CommandName() string { return "RecordAdmission" }
func (RecordAdmission) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RecordAdmission) apply(c *Community, ch change) (EventData, error) {
	if err := c.mustBeActive(roles.Labels{EN: "record a hospital stay", NB: "registrere et sykehusopphold",
		NN: "registrere eit sjukehusopphald"}); err != nil {
		return nil, err
	}
	x := &c.s.Execution
	switch {
	case !cmd.Planned && cmd.At.After(ch.now):
		return nil, invalid("at", "an unplanned admission cannot lie in the future", "en uplanlagt innleggelse kan ikke ligge fram i tid",
			"ei uplanlagd innlegging kan ikkje liggje fram i tid")
	case cmd.ExpectedDischarge != nil && !cmd.ExpectedDischarge.After(cmd.At):
		return nil, invalid("expectedDischarge", "must lie after the admission", "må ligge etter innleggelsen",
			"må liggje etter innlegginga")
	}
	if n := len(x.Stays); n > 0 && x.Stays[n-1].Open() {
		return nil, precondition("stay-open", fmt.Sprintf("stay %d has no discharge recorded: record it first", n),
			fmt.Sprintf("opphold %d har ingen utskrivning registrert: registrer den først", n),
			fmt.Sprintf("opphald %d har inga utskriving registrert: registrer henne først", n))
	}
	at := cmd.At.UTC()
	stay := plan.Stay{No: len(x.Stays) + 1, Admitted: at, Planned: cmd.Planned, Ward: cmd.Ward}
	if cmd.ExpectedDischarge != nil {
		d := cmd.ExpectedDischarge.UTC()
		stay.ExpectedDischarge = &d
	}
	var obls []plan.Obligation
	if cmd.Planned {
		obls = c.stayMeetings(*x, plan.BeforeElectiveAdmission, stay.No, ch.now, func(int) time.Time { return at })
	}
	ex := *x
	ex.Obligations = append(slices.Clone(x.Obligations), obls...)
	obls = append(obls, c.stayMeetings(ex, plan.BeforeDischarge, stay.No, ch.now, func(days int) time.Time {
		if stay.ExpectedDischarge != nil {
			return *stay.ExpectedDischarge
		}
		return at.AddDate(0, 0, days)
	})...)
	x.Stays = append(x.Stays, stay)
	x.Obligations = append(x.Obligations, obls...)
	return AdmissionRecorded{Stay: stay, Obligations: obls}, nil
}

// RecordDischarge records that the patient is or will be discharged from
// the open stay. A planned discharge moves the open meeting before
// discharge to the discharge date; every discharge makes due the
// activities the annual wheel sets after discharge.
type RecordDischarge struct {
	At      time.Time `json:"at" validate:"required"`
	Planned bool      `json:"planned"`
}

func (RecordDischarge) CommandName() string { return "RecordDischarge" }
func (RecordDischarge) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RecordDischarge) apply(c *Community, ch change) (EventData, error) {
	if err := c.mustBeActive(roles.Labels{EN: "record a hospital stay", NB: "registrere et sykehusopphold",
		NN: "registrere eit sjukehusopphald"}); err != nil {
		return nil, err
	}
	x := &c.s.Execution
	n := len(x.Stays)
	if n == 0 || !x.Stays[n-1].Open() {
		return nil, precondition("no-open-stay", "there is no hospital stay without a discharge", "det finnes ikke noe sykehusopphold uten utskrivning",
			"det finst ikkje noko sjukehusopphald utan utskriving")
	}
	stay := x.Stays[n-1]
	switch {
	case !cmd.At.After(stay.Admitted):
		return nil, invalid("at", "must lie after the admission", "må ligge etter innleggelsen", "må liggje etter innlegginga")
	case !cmd.Planned && cmd.At.After(ch.now):
		return nil, invalid("at", "an unplanned discharge cannot lie in the future", "en uplanlagt utskrivning kan ikke ligge fram i tid",
			"ei uplanlagd utskriving kan ikkje liggje fram i tid")
	}
	at := cmd.At.UTC()
	var moved []plan.Obligation
	closed := map[string]bool{}
	for _, r := range x.Records {
		closed[r.Ref] = true
	}
	idx := []int{}
	for i, o := range x.Obligations {
		if cmd.Planned && o.Stay == stay.No && o.Trigger == plan.BeforeDischarge && !closed[o.Ref] && !o.Due.Equal(at) {
			o.Due = at
			moved, idx = append(moved, o), append(idx, i)
		}
	}
	var obls []plan.Obligation
	if rev, ok := plan.InForce(c.s.Plans); ok {
		obls = x.Trigger(rev.Plan, plan.AfterDischarge, stay.No, func(days int) time.Time { return at.AddDate(0, 0, days) })
	}
	for k, i := range idx {
		x.Obligations[i] = moved[k]
	}
	x.Stays[n-1].Discharged, x.Stays[n-1].DischargePlanned = &at, cmd.Planned
	x.Obligations = append(x.Obligations, obls...)
	return DischargeRecorded{Stay: x.Stays[n-1], Rescheduled: moved, Obligations: obls}, nil
}

// NewDecision is a decision made at a meeting: what, who, by when. A
// decision without a responsible member or a due date is refused.
type NewDecision struct {
	What        string           `json:"what" validate:"required,max=2000"`
	Responsible actormap.ActorID `json:"responsible" validate:"required,max=200"`
	Due         time.Time        `json:"due" validate:"required"`
}

// RecordMeeting records a collaboration meeting held: who attended and
// what was decided. A meeting may fulfil a due activity of the annual
// wheel or an obligation (Fulfils is its Ref, from the agenda).
type RecordMeeting struct {
	Held      time.Time          `json:"held" validate:"required"`
	Title     string             `json:"title" validate:"required,max=500"`
	Attended  []actormap.ActorID `json:"attended" validate:"min=1,max=100,dive,required,max=200"`
	Decisions []NewDecision      `json:"decisions,omitempty" validate:"max=100,dive"`
	Notes     string             `json:"notes,omitempty" validate:"text"`
	Fulfils   string             `json:"fulfils,omitempty" validate:"max=300"`
}

func (RecordMeeting) CommandName() string { return "RecordMeeting" }
func (RecordMeeting) policy() policy      { return policy{who: professionals} }

func (cmd RecordMeeting) apply(c *Community, ch change) (EventData, error) {
	x := &c.s.Execution
	if cmd.Held.After(ch.now) {
		return nil, invalid("held", "lies in the future: record a meeting once it is held", "ligger fram i tid: registrer møtet når det er holdt",
			"ligg fram i tid: registrer møtet når det er halde")
	}
	held := cmd.Held.UTC()
	for i, id := range cmd.Attended {
		if id == c.s.Patient.ID {
			continue
		}
		if m, ok := c.Member(id); !ok || !m.IsMember(held) {
			return nil, invalid(fmt.Sprintf("attended[%d]", i), fmt.Sprintf("%s is not a member of the community", id),
				fmt.Sprintf("%s er ikke medlem av aktørfellesskapet", id),
				fmt.Sprintf("%s er ikkje medlem av aktørfellesskapet", id))
		}
	}
	no := len(x.Meetings) + 1
	m := plan.Meeting{No: no, Held: held, Title: cmd.Title, Attended: memberIDs(cmd.Attended), Notes: cmd.Notes, RecordedBy: plan.MemberID(ch.by.ID)}
	for i, d := range cmd.Decisions {
		f := fmt.Sprintf("decisions[%d]", i)
		if mem, ok := c.Member(d.Responsible); d.Responsible != c.s.Patient.ID && (!ok || !mem.IsMember(ch.now)) {
			return nil, invalid(f+".responsible", fmt.Sprintf("%s is not a member of the community", d.Responsible),
				fmt.Sprintf("%s er ikke medlem av aktørfellesskapet", d.Responsible),
				fmt.Sprintf("%s er ikkje medlem av aktørfellesskapet", d.Responsible))
		}
		if !d.Due.After(held) {
			return nil, invalid(f+".due", "must lie after the meeting", "må ligge etter møtet", "må liggje etter møtet")
		}
		m.Decisions = append(m.Decisions, plan.Decision{ID: fmt.Sprintf("decision:%d.%d", no, i+1), What: d.What,
			Responsible: plan.MemberID(d.Responsible), Due: d.Due.UTC()})
	}
	var rec *plan.ActivityRecord
	if cmd.Fulfils != "" {
		it, err := c.openActivity("fulfils", cmd.Fulfils)
		if err != nil {
			return nil, err
		}
		rec = &plan.ActivityRecord{Ref: it.Ref, Activity: activityOf(it.Ref), Due: it.Due, Outcome: plan.Done, At: held,
			RecordedBy: plan.MemberID(ch.by.ID), Meeting: no}
		m.Fulfils = it.Ref
	}
	x.Meetings = append(x.Meetings, m)
	if rec != nil {
		x.Records = append(x.Records, *rec)
	}
	return MeetingRecorded{Meeting: m, Fulfilled: rec}, nil
}

func memberIDs(ids []actormap.ActorID) []plan.MemberID {
	out := make([]plan.MemberID, len(ids))
	for i, id := range ids {
		out[i] = plan.MemberID(id)
	}
	return out
}

// stayMeetings is the one place that says which collaboration meetings a
// hospital stay makes due on trigger t (before the elective admission,
// before discharge): the plan in force's activities for t, or, when no plan
// in force holds one (no plan agreed yet, the boy of 15's case), the
// meeting the draft framework names, owned by the internal coordinator —
// the role that links the hospital to the community — or by the
// coordinator while that role is vacant. due gives the due time from a
// WithinDays.
func (c *Community) stayMeetings(x plan.Execution, t plan.Trigger, stay int, now time.Time, due func(withinDays int) time.Time) []plan.Obligation {
	if rev, ok := plan.InForce(c.s.Plans); ok {
		if obls := x.Trigger(rev.Plan, t, stay, due); len(obls) > 0 {
			return obls
		}
	}
	owner := plan.MemberID(c.s.Holders[roles.CoordinatorLeader])
	if m, ok := c.Holder(roles.InternalCoordinator); ok && m.IsMember(now) {
		owner = plan.MemberID(m.ID)
	}
	o, ok := x.FrameworkMeeting(t, stay, owner, due(plan.DischargeMeetingWithinDays))
	if !ok {
		return nil
	}
	return []plan.Obligation{o}
}

// openActivity finds the open annual-wheel item with ref.
func (c *Community) openActivity(field, ref string) (plan.Item, error) {
	to := time.Time{}
	if _, due, ok := plan.ParseCalendarRef(ref); ok {
		to = due.Add(time.Second)
	} else {
		i := slices.IndexFunc(c.s.Execution.Obligations, func(o plan.Obligation) bool { return o.Ref == ref })
		if i < 0 {
			return plan.Item{}, invalid(field, "is not an activity of the annual wheel that is due", "er ikke en aktivitet i årshjulet som er til forfall",
				"er ikkje ein aktivitet i årshjulet som har forfall")
		}
		to = c.s.Execution.Obligations[i].Due.Add(time.Second)
	}
	for _, it := range plan.Agenda(c.s.Plans, c.s.Execution, to, to) {
		if it.Kind == plan.ActivityItem && it.Ref == ref {
			return it, nil
		}
	}
	return plan.Item{}, invalid(field, "is not an open activity of the annual wheel: it does not exist or is already recorded",
		"er ikke en åpen aktivitet i årshjulet: den finnes ikke eller er allerede registrert",
		"er ikkje ein open aktivitet i årshjulet: han finst ikkje eller er allereie registrert")
}

func activityOf(ref string) string {
	if a, _, ok := plan.ParseCalendarRef(ref); ok {
		return a
	}
	for i := len(ref) - 1; i >= 0; i-- {
		if ref[i] == '#' {
			return ref[:i]
		}
	}
	return ref
}

// RecordActivity records that a due activity of the annual wheel was done,
// or missed. Ref is the item's Ref from the agenda.
type RecordActivity struct {
	Ref     string       `json:"ref" validate:"required,max=300"`
	Outcome plan.Outcome `json:"outcome" validate:"required,oneof=done missed"`
	// At is when it was done; the time of recording if nil.
	At   *time.Time `json:"at,omitempty"`
	Note string     `json:"note,omitempty" validate:"max=2000"`
}

func (RecordActivity) CommandName() string { return "RecordActivity" }
func (RecordActivity) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RecordActivity) apply(c *Community, ch change) (EventData, error) {
	it, err := c.openActivity("ref", cmd.Ref)
	if err != nil {
		return nil, err
	}
	at := ch.now
	if cmd.At != nil {
		at = cmd.At.UTC()
	}
	switch {
	case at.After(ch.now):
		return nil, invalid("at", "lies in the future", "ligger fram i tid", "ligg fram i tid")
	case cmd.Outcome == plan.Missed && it.Due.After(ch.now):
		return nil, invalid("outcome", "an activity is missed only once it was due", "en aktivitet er forsømt først når fristen er passert",
			"ein aktivitet er forsømd først når fristen er passert")
	}
	r := plan.ActivityRecord{Ref: it.Ref, Activity: activityOf(it.Ref), Due: it.Due, Outcome: cmd.Outcome, At: at,
		RecordedBy: plan.MemberID(ch.by.ID), Note: cmd.Note}
	c.s.Execution.Records = append(c.s.Execution.Records, r)
	return ActivityRecorded{Record: r}, nil
}

// CompleteDecision records that a meeting's decision has been carried out.
// A relative who does not represent the patient completes only their own.
type CompleteDecision struct {
	ID   string `json:"id" validate:"required,max=100"`
	Note string `json:"note,omitempty" validate:"max=2000"`
}

func (CompleteDecision) CommandName() string { return "CompleteDecision" }
func (CompleteDecision) policy() policy      { return policy{who: anyMember} }

func (cmd CompleteDecision) apply(c *Community, ch change) (EventData, error) {
	for i := range c.s.Execution.Meetings {
		ds := c.s.Execution.Meetings[i].Decisions
		for j := range ds {
			if ds[j].ID != cmd.ID {
				continue
			}
			if err := ownTask(ch, ds[j].Responsible); err != nil {
				return nil, err
			}
			if ds[j].DoneAt != nil {
				return nil, precondition("decision-done", "the decision is already carried out", "vedtaket er allerede gjennomført",
					"vedtaket er allereie gjennomført")
			}
			now := ch.now
			ds[j].DoneAt, ds[j].DoneBy = &now, plan.MemberID(ch.by.ID)
			return DecisionCompleted(cmd), nil
		}
	}
	return nil, notFound("id", nounDecision, cmd.ID)
}

// RecordDeviation records that a member did not do what was agreed
// ("avvik"). The coordinator may act on it under the mandate
// (ActOnDeviation).
type RecordDeviation struct {
	Member actormap.ActorID `json:"member" validate:"required,max=200"`
	// What says what was agreed and not done.
	What string `json:"what" validate:"required,max=2000"`
	// Ref is the activity, decision or measure concerned, if any.
	Ref string `json:"ref,omitempty" validate:"max=300"`
}

func (RecordDeviation) CommandName() string { return "RecordDeviation" }
func (RecordDeviation) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd RecordDeviation) apply(c *Community, ch change) (EventData, error) {
	if _, ok := c.Member(cmd.Member); !ok {
		return nil, invalid("member", fmt.Sprintf("%s is not a member of the community", cmd.Member),
			fmt.Sprintf("%s er ikke medlem av aktørfellesskapet", cmd.Member),
			fmt.Sprintf("%s er ikkje medlem av aktørfellesskapet", cmd.Member))
	}
	x := &c.s.Execution
	d := plan.Deviation{No: len(x.Deviations) + 1, Member: plan.MemberID(cmd.Member), What: cmd.What, Ref: cmd.Ref,
		RecordedAt: ch.now, RecordedBy: plan.MemberID(ch.by.ID)}
	x.Deviations = append(x.Deviations, d)
	return DeviationRecorded{Deviation: d}, nil
}

// ActOnDeviation records what the coordinator did about a deviation, under
// the authority to intervene that the mandate carries. Only the
// coordinator acts, and only with a mandate anchored with their line
// manager.
type ActOnDeviation struct {
	No     int    `json:"no" validate:"required,min=1"`
	Action string `json:"action" validate:"required,max=2000"`
	// Close marks the deviation resolved.
	Close bool `json:"close,omitempty"`
}

func (ActOnDeviation) CommandName() string { return "ActOnDeviation" }
func (ActOnDeviation) policy() policy      { return policy{who: professionals} }

func (cmd ActOnDeviation) apply(c *Community, ch change) (EventData, error) {
	if !c.isCoordinator(ch.by) {
		return nil, forbidden("coordinator-mandate", "only the coordinator acts on deviations, under the authority of the mandate",
			"bare koordinator handler på avvik, med myndighet fra mandatet",
			"berre koordinatoren handlar på avvik, med mynde frå mandatet")
	}
	if c.s.Mandate == nil || !c.s.Mandate.MayIntervene || c.s.Mandate.Anchoring == nil {
		return nil, precondition(RuleMandateNotAnchored, "the coordinator's mandate is not anchored with their line manager",
			"koordinatorens mandat er ikke forankret hos linjeleder",
			"mandatet til koordinatoren er ikkje forankra hos linjeleiaren")
	}
	x := &c.s.Execution
	if cmd.No > len(x.Deviations) {
		return nil, notFound("no", nounDeviation, cmd.No)
	}
	d := &x.Deviations[cmd.No-1]
	if d.ClosedAt != nil {
		return nil, precondition("deviation-closed", "the deviation is closed", "avviket er lukket", "avviket er lukka")
	}
	a := plan.DeviationAction{What: cmd.Action, At: ch.now, By: plan.MemberID(ch.by.ID)}
	d.Actions = append(d.Actions, a)
	if cmd.Close {
		now := ch.now
		d.ClosedAt = &now
	}
	return DeviationActedOn{No: cmd.No, Action: a, Closed: cmd.Close}, nil
}

// RecordEvaluation records that the plan in force was evaluated for one of
// its evaluation dates (the earliest not yet evaluated when Date is nil).
type RecordEvaluation struct {
	Date     *time.Time `json:"date,omitempty"`
	Findings string     `json:"findings" validate:"required,text"`
}

func (RecordEvaluation) CommandName() string { return "RecordEvaluation" }
func (RecordEvaluation) policy() policy      { return policy{who: professionals} }

func (cmd RecordEvaluation) apply(c *Community, ch change) (EventData, error) {
	rev, err := c.planInForce()
	if err != nil {
		return nil, err
	}
	x := &c.s.Execution
	var date time.Time
	if cmd.Date == nil {
		d, ok := plan.EvaluationDue(c.s.Plans, *x)
		if !ok {
			return nil, precondition("no-evaluation-due", "every evaluation date of the plan has been evaluated: revise the plan to set new ones",
				"alle evalueringsdatoene i planen er evaluert: revider planen for å sette nye",
				"alle evalueringsdatoane i planen er evaluerte: revider planen for å setje nye")
		}
		date = d
	} else {
		date = *cmd.Date
		if !slices.ContainsFunc(rev.Plan.Sections.Evaluation.Dates, date.Equal) || x.Evaluated(date) {
			return nil, invalid("date", "is not an evaluation date of the plan in force that is still to be evaluated",
				"er ikke en evalueringsdato i gjeldende plan som gjenstår",
				"er ikkje ein evalueringsdato i gjeldande plan som står att")
		}
	}
	e := plan.Evaluation{Revision: rev.No, Date: date, Held: ch.now, Findings: cmd.Findings, By: plan.MemberID(ch.by.ID)}
	x.Evaluations = append(x.Evaluations, e)
	return PlanEvaluated{Evaluation: e}, nil
}

// AdvanceCycle moves the community on in the improvement cycle, recording
// the outcome of the stage it leaves and the goals, measures and how they
// are measured of the stage it enters. Going back to an earlier stage is
// normal and recorded as such; skipping ahead is not. The stage left may be
// kept running beside the new one (Keep): stages overlap. The coordinator
// leads the cycle: only they (or a system acting for the community) move it.
type AdvanceCycle struct {
	To      plan.Stage `json:"to" validate:"required,oneof=prepare plan do evaluate follow-up"`
	Outcome string     `json:"outcome" validate:"required,text"`
	// Goals, Measures and HowMeasured are the stage entered's: what it is
	// to achieve, what is done for it and how that is measured.
	Goals       []string `json:"goals" validate:"min=1,max=50,dive,required,max=2000"`
	Measures    []string `json:"measures" validate:"min=1,max=50,dive,required,max=2000"`
	HowMeasured string   `json:"howMeasured" validate:"required,max=2000"`
	// Keep keeps the stage left running beside the one entered: stages
	// overlap, and several may run in parallel.
	Keep bool `json:"keep,omitempty"`
}

func (AdvanceCycle) CommandName() string { return "AdvanceCycle" }
func (AdvanceCycle) policy() policy      { return policy{who: professionals} }

func (cmd AdvanceCycle) apply(c *Community, ch change) (EventData, error) {
	if ch.standing != AsSystem && !c.isCoordinator(ch.by) {
		return nil, forbidden("coordinator-leads", "the coordinator leads the improvement cycle", "koordinator leder forbedringssirkelen",
			"koordinatoren leier forbetringssirkelen")
	}
	x := &c.s.Execution
	w := plan.StageWork{Stage: cmd.To, Goals: slices.Clone(cmd.Goals), Measures: slices.Clone(cmd.Measures), HowMeasured: cmd.HowMeasured}
	step, err := x.Cycle.Move(w, cmd.Keep, cmd.Outcome, plan.MemberID(ch.by.ID), ch.now)
	if err != nil {
		return nil, err
	}
	x.Cycle.Apply(step)
	return CycleAdvanced{Step: step}, nil
}

// The events of element E.
type (
	PhaseChanged struct {
		From   plan.Phase `json:"from,omitempty"`
		To     plan.Phase `json:"to"`
		Reason string     `json:"reason"`
		// Measures are exactly who must do what now: the phase's measures,
		// freshly activated or still open from before.
		Measures    []plan.ActiveMeasure `json:"measures,omitempty"`
		Obligations []plan.Obligation    `json:"obligations,omitempty"`
	}
	MeasureCompleted struct {
		ID   string `json:"id"`
		Note string `json:"note,omitempty"`
	}
	AdmissionRecorded struct {
		Stay        plan.Stay         `json:"stay"`
		Obligations []plan.Obligation `json:"obligations,omitempty"`
	}
	DischargeRecorded struct {
		Stay        plan.Stay         `json:"stay"`
		Rescheduled []plan.Obligation `json:"rescheduled,omitempty"`
		Obligations []plan.Obligation `json:"obligations,omitempty"`
	}
	MeetingRecorded struct {
		Meeting   plan.Meeting         `json:"meeting"`
		Fulfilled *plan.ActivityRecord `json:"fulfilled,omitempty"`
	}
	ActivityRecorded  struct{ Record plan.ActivityRecord }
	DecisionCompleted struct {
		ID   string `json:"id"`
		Note string `json:"note,omitempty"`
	}
	DeviationRecorded struct{ Deviation plan.Deviation }
	DeviationActedOn  struct {
		No     int                  `json:"no"`
		Action plan.DeviationAction `json:"action"`
		Closed bool                 `json:"closed,omitempty"`
	}
	PlanEvaluated struct{ Evaluation plan.Evaluation }
	CycleAdvanced struct{ Step plan.CycleStep }
)

func (PhaseChanged) EventType() string      { return "PhaseChanged" }
func (MeasureCompleted) EventType() string  { return "MeasureCompleted" }
func (AdmissionRecorded) EventType() string { return "AdmissionRecorded" }
func (DischargeRecorded) EventType() string { return "DischargeRecorded" }
func (MeetingRecorded) EventType() string   { return "MeetingRecorded" }
func (ActivityRecorded) EventType() string  { return "ActivityRecorded" }
func (DecisionCompleted) EventType() string { return "DecisionCompleted" }
func (DeviationRecorded) EventType() string { return "DeviationRecorded" }
func (DeviationActedOn) EventType() string  { return "DeviationActedOn" }
func (PlanEvaluated) EventType() string     { return "PlanEvaluated" }
func (CycleAdvanced) EventType() string     { return "CycleAdvanced" }

func init() {
	RegisterEvent[PhaseChanged]()
	RegisterEvent[MeasureCompleted]()
	RegisterEvent[AdmissionRecorded]()
	RegisterEvent[DischargeRecorded]()
	RegisterEvent[MeetingRecorded]()
	RegisterEvent[ActivityRecorded]()
	RegisterEvent[DecisionCompleted]()
	RegisterEvent[DeviationRecorded]()
	RegisterEvent[DeviationActedOn]()
	RegisterEvent[PlanEvaluated]()
	RegisterEvent[CycleAdvanced]()
}
