package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Stage is a stage of the improvement cycle the community follows in
// executing its plan (element E, report 7.1.5, after the model for
// systematic quality improvement).
type Stage string

// The improvement cycle's stages, in order.
const (
	StagePrepare  Stage = "prepare"   // forberede: shared recognition of need, anchoring
	StagePlan     Stage = "plan"      // planlegge: map needs, set goals, measures and how to measure
	StageDo       Stage = "do"        // utføre: try out and adapt
	StageEvaluate Stage = "evaluate"  // evaluere: measure, reflect, adjust
	StageFollowUp Stage = "follow-up" // følge opp: introduce changes, secure continuation
)

// Stages lists the cycle's stages in order.
func Stages() []Stage { return []Stage{StagePrepare, StagePlan, StageDo, StageEvaluate, StageFollowUp} }

var stageLabels = map[Stage]roles.Labels{
	StagePrepare:  {EN: "prepare", NB: "forberede", NN: "førebu"},
	StagePlan:     {EN: "plan", NB: "planlegge", NN: "planleggje"},
	StageDo:       {EN: "do", NB: "utføre", NN: "utføre"},
	StageEvaluate: {EN: "evaluate", NB: "evaluere", NN: "evaluere"},
	StageFollowUp: {EN: "follow up", NB: "følge opp", NN: "følgje opp"},
}

// Label names the stage in lang.
func (s Stage) Label(lang roles.Lang) string { return stageLabels[s].In(lang) }

// Cycle is where the community is in the improvement cycle, and how it got
// there. The cycle is circular: after following up a new round starts with
// preparing or planning, and going back to an earlier stage is normal and
// recorded. Stages overlap: a stage left may be kept running beside the
// next ("i praksis arbeider man gjerne med flere trinn parallelt", 7.1.5),
// and each stage runs with its own goals, measures and how they are
// measured.
type Cycle struct {
	// Stage is the stage entered last; "" (not started) counts as prepare.
	Stage Stage `json:"stage,omitempty"`
	Round int   `json:"round,omitempty"` // 1 for the first round
	// Running are the stages under way now, Stage among them, each with its
	// goals, measures and how they are measured, in the order entered.
	Running []StageWork `json:"running,omitempty"`
	Steps   []CycleStep `json:"steps,omitempty"`
}

// StageWork is a stage under way: what it is to achieve, what is done for
// it and how that is measured (the planning stage's "sette mål og tiltak
// samt måleverktøy", asked of every stage).
type StageWork struct {
	Stage       Stage     `json:"stage"`
	Goals       []string  `json:"goals"`
	Measures    []string  `json:"measures"`
	HowMeasured string    `json:"howMeasured"`
	Since       time.Time `json:"since"`
}

// CycleStep is one move in the cycle with the outcome of the stage left.
type CycleStep struct {
	From  Stage `json:"from"`
	To    Stage `json:"to"`
	Round int   `json:"round"`
	// Back marks a return to an earlier stage in the same round.
	Back bool `json:"back,omitempty"`
	// Kept marks that the stage left keeps running beside the new one.
	Kept bool `json:"kept,omitempty"`
	// Outcome are the notes on what the stage left produced (so far, when
	// it is kept running).
	Outcome string `json:"outcome"`
	// Work is the stage entered with its goals, measures and how measured.
	Work StageWork `json:"work"`
	At   time.Time `json:"at"`
	By   MemberID  `json:"by"`
}

// Current returns the current stage and round.
func (c Cycle) Current() (Stage, int) {
	if c.Stage == "" {
		return StagePrepare, 1
	}
	return c.Stage, c.Round
}

// Move checks a move to the stage of w and returns the step that records
// it: forward to the next stage, back to any earlier one, or from following
// up to preparing or planning, which starts a new round. Skipping ahead and
// standing still are refused, and the stage entered needs its goals,
// measures and how they are measured. keep keeps the stage left running.
func (c Cycle) Move(w StageWork, keep bool, outcome string, by MemberID, now time.Time) (CycleStep, error) {
	from, round := c.Current()
	to := w.Stage
	i, j := slices.Index(Stages(), from), slices.Index(Stages(), to)
	w.Since = now
	step := CycleStep{From: from, To: to, Round: round, Kept: keep, Outcome: outcome, Work: w, At: now, By: by}
	switch {
	case j < 0:
		return step, invalid("to", "must be one of: prepare, plan, do, evaluate, follow-up", "må være en av: prepare, plan, do, evaluate, follow-up",
			"må vere ein av: prepare, plan, do, evaluate, follow-up")
	case len(outcome) == 0:
		return step, invalid("outcome", "record the outcome of the %[1]s stage before leaving it",
			"skriv hva %[2]s-fasen ga før dere forlater den", "skriv kva %[3]s-fasen gav, før de går ut av han",
			from.Label(roles.English), from.Label(roles.Bokmal), from.Label(roles.Nynorsk))
	case len(w.Goals) == 0:
		return step, invalid("goals", "say what the %[1]s stage is to achieve", "beskriv hva %[2]s-fasen skal oppnå", "skriv kva %[3]s-fasen skal oppnå",
			to.Label(roles.English), to.Label(roles.Bokmal), to.Label(roles.Nynorsk))
	case len(w.Measures) == 0:
		return step, invalid("measures", "say what is done in the %[1]s stage", "beskriv tiltakene i %[2]s-fasen", "skriv tiltaka i %[3]s-fasen",
			to.Label(roles.English), to.Label(roles.Bokmal), to.Label(roles.Nynorsk))
	case strings.TrimSpace(w.HowMeasured) == "":
		return step, invalid("howMeasured", "say how the %[1]s stage's goals are measured", "beskriv hvordan målene i %[2]s-fasen måles", "skriv korleis måla i %[3]s-fasen blir målte",
			to.Label(roles.English), to.Label(roles.Bokmal), to.Label(roles.Nynorsk))
	case j == i:
		return step, invalid("to", "the community is already in the %[1]s stage", "fellesskapet er allerede i fasen %[2]s", "fellesskapet er alt i fasen %[3]s",
			to.Label(roles.English), to.Label(roles.Bokmal), to.Label(roles.Nynorsk))
	case from == StageFollowUp && (to == StagePrepare || to == StagePlan):
		step.Round = round + 1
	case j == i+1:
	case j < i:
		step.Back = true
	default:
		return step, precondition("to", "stages are not skipped: from %[1]s the next stage is %[2]s",
			"faser hoppes ikke over: etter %[3]s kommer %[4]s", "fasar blir ikkje hoppa over: etter %[5]s kjem %[6]s",
			from.Label(roles.English), Stages()[i+1].Label(roles.English),
			from.Label(roles.Bokmal), Stages()[i+1].Label(roles.Bokmal),
			from.Label(roles.Nynorsk), Stages()[i+1].Label(roles.Nynorsk))
	}
	return step, nil
}

// Apply records step: the stage entered runs with its work (replacing any
// earlier work of the same stage), the stage left stops unless kept, and a
// new round stops every stage of the last.
func (c *Cycle) Apply(step CycleStep) {
	if step.Round != c.Round && c.Round != 0 {
		c.Running = nil
	}
	c.Running = slices.DeleteFunc(c.Running, func(w StageWork) bool {
		return w.Stage == step.To || w.Stage == step.From && !step.Kept
	})
	w := step.Work
	w.Goals, w.Measures = slices.Clone(w.Goals), slices.Clone(w.Measures)
	c.Running = append(c.Running, w)
	c.Stage, c.Round = step.To, step.Round
	c.Steps = append(c.Steps, step)
}

// RunningStages lists the stages under way now, in the cycle's order.
func (c Cycle) RunningStages() []Stage {
	var out []Stage
	for _, s := range Stages() {
		if slices.ContainsFunc(c.Running, func(w StageWork) bool { return w.Stage == s }) {
			out = append(out, s)
		}
	}
	return out
}

// Stay is a hospital stay of the patient: an admission, planned (elective)
// or not, and its discharge.
type Stay struct {
	No int `json:"no"`
	// Admitted is when the patient was or is to be admitted.
	Admitted time.Time `json:"admitted"`
	Planned  bool      `json:"planned"`
	Ward     string    `json:"ward,omitempty"`
	// ExpectedDischarge is when discharge is expected, if known.
	ExpectedDischarge *time.Time `json:"expectedDischarge,omitempty"`
	// Discharged is when the patient was or is to be discharged.
	Discharged       *time.Time `json:"discharged,omitempty"`
	DischargePlanned bool       `json:"dischargePlanned,omitempty"`
}

// Open reports whether the stay has no discharge recorded yet.
func (s Stay) Open() bool { return s.Discharged == nil }

// Obligation is an activity of the annual wheel that an event made due: the
// collaboration meeting before an elective admission, say.
type Obligation struct {
	// Ref identifies the obligation: "<activity>#<n>".
	Ref         string    `json:"ref"`
	Activity    string    `json:"activity"`
	Title       string    `json:"title"`
	Responsible MemberID  `json:"responsible"`
	Due         time.Time `json:"due"`
	Trigger     Trigger   `json:"trigger"`
	// Stay is the hospital stay that caused it, if any.
	Stay int `json:"stay,omitempty"`
	// Message is the title in the three languages when the framework, not
	// the plan, made the obligation (see FrameworkMeeting).
	Message *roles.Labels `json:"message,omitempty"`
}

// Outcome is what became of an activity that was due.
type Outcome string

// Outcomes.
const (
	Done   Outcome = "done"
	Missed Outcome = "missed"
)

// ActivityRecord logs that a due activity was done or missed.
type ActivityRecord struct {
	// Ref is the occurrence: "<activity>@<due, RFC 3339>" for an activity
	// recurring by the calendar, or an obligation's Ref.
	Ref      string    `json:"ref"`
	Activity string    `json:"activity"`
	Due      time.Time `json:"due"`
	Outcome  Outcome   `json:"outcome"`
	// At is when it was done (or, when missed, when that was recorded).
	At         time.Time `json:"at"`
	RecordedBy MemberID  `json:"recordedBy"`
	Note       string    `json:"note,omitempty"`
	// Meeting is the collaboration meeting that fulfilled it, if any.
	Meeting int `json:"meeting,omitempty"`
}

// Meeting is a collaboration meeting held.
type Meeting struct {
	No       int        `json:"no"`
	Held     time.Time  `json:"held"`
	Title    string     `json:"title"`
	Attended []MemberID `json:"attended"`
	// Decisions made, each with a responsible member and a due date.
	Decisions []Decision `json:"decisions,omitempty"`
	Notes     string     `json:"notes,omitempty"`
	// Fulfils is the due activity the meeting fulfilled, if any.
	Fulfils    string   `json:"fulfils,omitempty"`
	RecordedBy MemberID `json:"recordedBy"`
}

// Decision is one decision of a meeting.
type Decision struct {
	// ID is "decision:<meeting>.<n>".
	ID          string     `json:"id"`
	What        string     `json:"what"`
	Responsible MemberID   `json:"responsible"`
	Due         time.Time  `json:"due"`
	DoneAt      *time.Time `json:"doneAt,omitempty"`
	DoneBy      MemberID   `json:"doneBy,omitempty"`
}

// Deviation is a member not doing what was agreed ("avvik").
type Deviation struct {
	No     int      `json:"no"`
	Member MemberID `json:"member"`
	// What says what was agreed and not done.
	What string `json:"what"`
	// Ref is the activity, decision or measure concerned, if any.
	Ref        string            `json:"ref,omitempty"`
	RecordedAt time.Time         `json:"recordedAt"`
	RecordedBy MemberID          `json:"recordedBy"`
	Actions    []DeviationAction `json:"actions,omitempty"`
	ClosedAt   *time.Time        `json:"closedAt,omitempty"`
}

// DeviationAction is what the coordinator did about a deviation, under the
// authority of the mandate.
type DeviationAction struct {
	What string    `json:"what"`
	At   time.Time `json:"at"`
	By   MemberID  `json:"by"`
}

// PhaseSpan is a time in one phase of the phase model.
type PhaseSpan struct {
	Phase  Phase      `json:"phase"`
	From   time.Time  `json:"from"`
	To     *time.Time `json:"to,omitempty"` // nil while it lasts
	Reason string     `json:"reason,omitempty"`
	By     MemberID   `json:"by"`
}

// ActiveMeasure is a contingency measure activated by a move to the yellow
// or red phase: who must do what, by when. It stays open until done.
type ActiveMeasure struct {
	// ID is "measure:<n>".
	ID    string `json:"id"`
	Phase Phase  `json:"phase,omitempty"`
	// Transition is the change that activated the measure when it was not
	// a move between phases: a key helper leaving, say.
	Transition ChangeKind `json:"transition,omitempty"`
	Measure               // what, who, within how many days
	// Activated is when the move to the phase activated it.
	Activated time.Time  `json:"activated"`
	Due       time.Time  `json:"due"`
	DoneAt    *time.Time `json:"doneAt,omitempty"`
	DoneBy    MemberID   `json:"doneBy,omitempty"`
	Note      string     `json:"note,omitempty"`
}

// Evaluation records that the plan was evaluated for one of its dates.
type Evaluation struct {
	Revision int       `json:"revision"`
	Date     time.Time `json:"date"` // the plan's evaluation date this answers
	Held     time.Time `json:"held"`
	Findings string    `json:"findings"`
	By       MemberID  `json:"by"`
}

// Execution is element E: the community's execution of its plan — the
// improvement cycle, the phase the patient is in and the measures it
// activated, hospital stays and the meetings they demand, and a log of what
// the community actually does.
type Execution struct {
	Cycle       Cycle            `json:"cycle"`
	Phases      []PhaseSpan      `json:"phases,omitempty"`
	Measures    []ActiveMeasure  `json:"measures,omitempty"`
	Stays       []Stay           `json:"stays,omitempty"`
	Obligations []Obligation     `json:"obligations,omitempty"`
	Records     []ActivityRecord `json:"records,omitempty"`
	Meetings    []Meeting        `json:"meetings,omitempty"`
	Deviations  []Deviation      `json:"deviations,omitempty"`
	Evaluations []Evaluation     `json:"evaluations,omitempty"`
}

// Clone returns a deep copy of x.
func (x Execution) Clone() Execution {
	out := x
	out.Cycle.Steps = cloneEach(x.Cycle.Steps, func(st CycleStep) CycleStep {
		st.Work.Goals, st.Work.Measures = slices.Clone(st.Work.Goals), slices.Clone(st.Work.Measures)
		return st
	})
	out.Cycle.Running = cloneEach(x.Cycle.Running, func(w StageWork) StageWork {
		w.Goals, w.Measures = slices.Clone(w.Goals), slices.Clone(w.Measures)
		return w
	})
	out.Phases = cloneEach(x.Phases, func(p PhaseSpan) PhaseSpan { p.To = clonePtr(p.To); return p })
	out.Measures = cloneEach(x.Measures, func(m ActiveMeasure) ActiveMeasure { m.DoneAt = clonePtr(m.DoneAt); return m })
	out.Stays = cloneEach(x.Stays, func(s Stay) Stay {
		s.ExpectedDischarge, s.Discharged = clonePtr(s.ExpectedDischarge), clonePtr(s.Discharged)
		return s
	})
	out.Obligations = cloneEach(x.Obligations, func(o Obligation) Obligation { o.Message = clonePtr(o.Message); return o })
	out.Records = slices.Clone(x.Records)
	out.Meetings = cloneEach(x.Meetings, func(m Meeting) Meeting {
		m.Attended = slices.Clone(m.Attended)
		m.Decisions = cloneEach(m.Decisions, func(d Decision) Decision { d.DoneAt = clonePtr(d.DoneAt); return d })
		return m
	})
	out.Deviations = cloneEach(x.Deviations, func(d Deviation) Deviation {
		d.Actions, d.ClosedAt = slices.Clone(d.Actions), clonePtr(d.ClosedAt)
		return d
	})
	out.Evaluations = slices.Clone(x.Evaluations)
	return out
}

func cloneEach[T any](s []T, f func(T) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Phase returns the patient's current phase and since when; "" if no phase
// was ever set.
func (x Execution) Phase() (Phase, time.Time) {
	if len(x.Phases) == 0 {
		return "", time.Time{}
	}
	p := x.Phases[len(x.Phases)-1]
	return p.Phase, p.From
}

// Activate returns the measures a move to phase ph activates under plan p
// at now: the phase's measures, numbered on from the measures already
// activated. A measure of the same phase that is still open from an earlier
// activation is returned as it stands, not duplicated. Green activates
// nothing: its measures are the standing work.
func (x Execution) Activate(p Plan, ph Phase, now time.Time) (fresh, all []ActiveMeasure) {
	if ph == Green {
		return nil, nil
	}
	return x.activate(p.Sections.Contingency.Phases.Of(ph).Measures, ph, "", now)
}

// ActivateTransition returns the measures the plan's transitions of kind k
// activate at now ("who does what if…": a key helper leaving, say), like
// Activate: an open measure of the same transition is not duplicated.
func (x Execution) ActivateTransition(p Plan, k ChangeKind, now time.Time) (fresh, all []ActiveMeasure) {
	var ms []Measure
	for _, t := range p.Sections.Contingency.Transitions {
		if t.Kind == k {
			ms = append(ms, t.Measures...)
		}
	}
	return x.activate(ms, "", k, now)
}

func (x Execution) activate(ms []Measure, ph Phase, k ChangeKind, now time.Time) (fresh, all []ActiveMeasure) {
	n := len(x.Measures)
	for _, m := range ms {
		if i := slices.IndexFunc(x.Measures, func(a ActiveMeasure) bool {
			return a.DoneAt == nil && a.Phase == ph && a.Transition == k && a.What == m.What && a.Responsible == m.Responsible
		}); i >= 0 {
			all = append(all, x.Measures[i])
			continue
		}
		n++
		a := ActiveMeasure{ID: fmt.Sprintf("measure:%d", n), Phase: ph, Transition: k, Measure: m, Activated: now, Due: now.AddDate(0, 0, m.WithinDays)}
		fresh, all = append(fresh, a), append(all, a)
	}
	return fresh, all
}

// Trigger returns the obligations event t makes due under plan p: one for
// each annual-wheel activity on t, numbered on from the obligations already
// recorded. due gives the activity's due time from its WithinDays.
func (x Execution) Trigger(p Plan, t Trigger, stay int, due func(withinDays int) time.Time) []Obligation {
	var out []Obligation
	n := len(x.Obligations)
	for _, a := range p.Sections.AnnualWheel.Activities {
		if a.Recurrence.On != t {
			continue
		}
		n++
		out = append(out, Obligation{Ref: fmt.Sprintf("%s#%d", a.ID, n), Activity: a.ID, Title: a.Title, Responsible: a.Responsible,
			Due: due(a.Recurrence.WithinDays), Trigger: t, Stay: stay})
	}
	return out
}

// FrameworkActivity prefixes the Activity of an obligation the framework
// made rather than the plan: "framework:before-discharge".
const FrameworkActivity = "framework:"

// DischargeMeetingWithinDays is when the framework's meeting before
// discharge is due after an admission with no expected discharge, when no
// plan in force says otherwise. The draft framework names the meeting
// ("samarbeidsmøter … før utskriving fra spesialisthelsetjenesten") but no
// time; hospital stays are short, so it is set early: a discharge can come
// sooner than anyone expects, and the meeting can be moved to the
// discharge date once one is planned.
const DischargeMeetingWithinDays = 3

var frameworkMeetings = map[Trigger]roles.Labels{
	BeforeElectiveAdmission: {EN: "Collaboration meeting before the elective admission",
		NB: "Samarbeidsmøte før den planlagte innleggelsen", NN: "Samarbeidsmøte før den planlagde innlegginga"},
	BeforeDischarge: {EN: "Collaboration meeting before discharge",
		NB: "Samarbeidsmøte før utskrivning", NN: "Samarbeidsmøte før utskriving"},
}

// FrameworkMeeting returns the collaboration meeting the framework itself
// demands on trigger t (one of MinimumPackage), owned by owner and due at
// due, numbered on from the obligations already recorded: what a hospital
// stay sets in motion when no plan in force holds an activity for t.
func (x Execution) FrameworkMeeting(t Trigger, stay int, owner MemberID, due time.Time) (Obligation, bool) {
	l, ok := frameworkMeetings[t]
	if !ok {
		return Obligation{}, false
	}
	a := FrameworkActivity + string(t)
	return Obligation{Ref: fmt.Sprintf("%s#%d", a, len(x.Obligations)+1), Activity: a, Title: l.EN, Responsible: owner,
		Due: due, Trigger: t, Stay: stay, Message: &l}, true
}
