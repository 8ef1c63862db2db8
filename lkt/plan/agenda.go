package plan

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// ItemKind is the kind of an open item on the coordinator's agenda.
type ItemKind string

// Kinds of open item.
const (
	ActivityItem   ItemKind = "activity"   // an annual-wheel activity, by the calendar or made due by an event
	DecisionItem   ItemKind = "decision"   // a meeting's decision not yet done
	MeasureItem    ItemKind = "measure"    // an activated contingency measure not yet done
	EvaluationItem ItemKind = "evaluation" // an evaluation date of the plan in force not yet evaluated
	RoleItem       ItemKind = "role"       // a mandatory role to fill, or a successor to name before a holder leaves
)

// Item is one thing that is open: due and not yet done (or logged missed).
type Item struct {
	Kind        ItemKind  `json:"kind"`
	Ref         string    `json:"ref"`
	Title       string    `json:"title"`
	Responsible MemberID  `json:"responsible"`
	Due         time.Time `json:"due"`
	Overdue     bool      `json:"overdue"`
	// Message is the item in the three languages when the framework, not
	// the plan, wrote it (a role to fill, the meeting before a discharge
	// with no plan in force); Title is then its English.
	Message *roles.Labels `json:"message,omitempty"`
}

// Sort orders items by due time, then Ref.
func Sort(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.Ref, b.Ref)
	})
}

// CalendarRef is the Ref of an occurrence of a calendar activity.
func CalendarRef(activity string, due time.Time) string {
	return activity + "@" + due.UTC().Format(time.RFC3339)
}

// ParseCalendarRef splits a calendar Ref into activity and due time.
func ParseCalendarRef(ref string) (activity string, due time.Time, ok bool) {
	i := strings.LastIndexByte(ref, '@')
	if i <= 0 {
		return "", time.Time{}, false
	}
	due, err := time.Parse(time.RFC3339, ref[i+1:])
	return ref[:i], due, err == nil
}

// InForce returns the revision in force: the latest agreed one.
func InForce(revs []Revision) (Revision, bool) {
	for i := len(revs) - 1; i >= 0; i-- {
		if revs[i].Agreed() {
			return revs[i], true
		}
	}
	return Revision{}, false
}

type occKey struct {
	activity string
	due      int64
}

// window is the time a revision was in force.
type window struct {
	rev      *Revision
	from, to time.Time // to is zero for the revision in force
}

func windows(revs []Revision) []window {
	var out []window
	for i := range revs {
		if !revs[i].Agreed() {
			continue
		}
		if n := len(out); n > 0 {
			out[n-1].to = *revs[i].AgreedAt
		}
		out = append(out, window{rev: &revs[i], from: *revs[i].AgreedAt})
	}
	return out
}

// anchor returns when an unbroken run of agreed revisions holding activity
// a with the same recurrence began, so that revising another part of the
// plan does not restart the activity's calendar.
func anchor(ws []window, i int, a Activity) time.Time {
	at := ws[i].from
	for j := i - 1; j >= 0; j-- {
		prev, ok := ws[j].rev.Plan.Activity(a.ID)
		if !ok || !prev.Recurrence.equal(a.Recurrence) {
			break
		}
		at = ws[j].from
	}
	return at
}

// Agenda returns everything open with a due time before to, oldest first:
// every occurrence of the annual wheel's calendar activities while the
// revision that held it was in force, and every obligation an event made
// due, unless logged done or missed; decisions and activated measures not
// yet done; evaluation dates of the plan in force without an evaluation.
// Items due before now are marked Overdue.
func Agenda(revs []Revision, x Execution, now, to time.Time) []Item {
	var out []Item
	x.eachOpen(revs, to, func(it Item) bool {
		it.Overdue = it.Due.Before(now)
		out = append(out, it)
		return true
	})
	Sort(out)
	return out
}

// NextDue returns the earliest due time of anything open, overdue or not.
func NextDue(revs []Revision, x Execution) (time.Time, bool) {
	var next time.Time
	found := false
	// Open items other than calendar occurrences are few; a calendar
	// activity contributes only its first open occurrence.
	x.eachOpen(revs, time.Time{}, func(it Item) bool {
		if !found || it.Due.Before(next) {
			next, found = it.Due, true
		}
		return true
	})
	return next, found
}

// eachOpen yields the open items due before to. A zero to yields, for each
// calendar activity, only its first open occurrence, and every other open
// item whatever its due time.
func (x Execution) eachOpen(revs []Revision, to time.Time, yield func(Item) bool) {
	firstOnly := to.IsZero()
	closedCal := map[occKey]bool{}
	closedRef := map[string]bool{}
	for _, r := range x.Records {
		if strings.Contains(r.Ref, "#") {
			closedRef[r.Ref] = true
		} else {
			closedCal[occKey{r.Activity, r.Due.UnixNano()}] = true
		}
	}
	ws := windows(revs)
	for i, w := range ws {
		for _, a := range w.rev.Plan.Sections.AnnualWheel.Activities {
			if !a.Recurrence.Calendar() {
				continue
			}
			end := w.to
			if end.IsZero() || (!firstOnly && to.Before(end)) {
				end = to
			}
			if end.IsZero() {
				end = w.from.AddDate(MaxEvery+1, 0, 0) // the open-ended window of the revision in force
			}
			stop := false
			a.Recurrence.Each(anchor(ws, i, a), w.from, end, func(due time.Time) bool {
				if closedCal[occKey{a.ID, due.UnixNano()}] {
					return true
				}
				if !yield(Item{Kind: ActivityItem, Ref: CalendarRef(a.ID, due), Title: a.Title, Responsible: a.Responsible, Due: due}) {
					stop = true
					return false
				}
				return !firstOnly
			})
			if stop {
				return
			}
		}
	}
	before := func(t time.Time) bool { return firstOnly || t.Before(to) }
	for _, o := range x.Obligations {
		if !closedRef[o.Ref] && before(o.Due) &&
			!yield(Item{Kind: ActivityItem, Ref: o.Ref, Title: o.Title, Responsible: o.Responsible, Due: o.Due, Message: clonePtr(o.Message)}) {
			return
		}
	}
	for _, m := range x.Meetings {
		for _, d := range m.Decisions {
			if d.DoneAt == nil && before(d.Due) &&
				!yield(Item{Kind: DecisionItem, Ref: d.ID, Title: d.What, Responsible: d.Responsible, Due: d.Due}) {
				return
			}
		}
	}
	for _, m := range x.Measures {
		if m.DoneAt == nil && before(m.Due) &&
			!yield(Item{Kind: MeasureItem, Ref: m.ID, Title: m.What, Responsible: m.Responsible, Due: m.Due}) {
			return
		}
	}
	if r, ok := InForce(revs); ok {
		ev := r.Plan.Sections.Evaluation
		for _, d := range ev.Dates {
			if !x.Evaluated(d) && before(d) &&
				!yield(Item{Kind: EvaluationItem, Ref: EvaluationRef(d), Title: "evaluation of the plan for collaboration", Responsible: ev.Responsible, Due: d}) {
				return
			}
		}
	}
}

// EvaluationRef is the Ref of an evaluation date.
func EvaluationRef(d time.Time) string { return "evaluation@" + d.UTC().Format(time.RFC3339) }

// Evaluated reports whether the evaluation date d has been evaluated.
func (x Execution) Evaluated(d time.Time) bool {
	return slices.ContainsFunc(x.Evaluations, func(e Evaluation) bool { return e.Date.Equal(d) })
}

// EvaluationDue returns the earliest evaluation date of the plan in force
// that has not been evaluated. The plan is overdue when now is after it.
func EvaluationDue(revs []Revision, x Execution) (time.Time, bool) {
	r, ok := InForce(revs)
	if !ok {
		return time.Time{}, false
	}
	for _, d := range r.Plan.Sections.Evaluation.Dates {
		if !x.Evaluated(d) {
			return d, true
		}
	}
	return time.Time{}, false
}

// WeekOf returns the calendar week (Monday 00:00 to the next Monday, in at's
// location) that holds at.
func WeekOf(at time.Time) (from, to time.Time) {
	y, m, d := at.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, at.Location())
	offset := (int(day.Weekday()) + 6) % 7 // Monday = 0
	from = day.AddDate(0, 0, -offset)
	return from, from.AddDate(0, 0, 7)
}

// Between returns the items due in [from, to).
func Between(items []Item, from, to time.Time) []Item {
	var out []Item
	for _, it := range items {
		if !it.Due.Before(from) && it.Due.Before(to) {
			out = append(out, it)
		}
	}
	return out
}

// Overdue returns the items marked overdue.
func Overdue(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if it.Overdue {
			out = append(out, it)
		}
	}
	return out
}
