package plan

import (
	"slices"
	"time"
)

// Unit is the unit of a calendar recurrence.
type Unit string

// Calendar units.
const (
	Day   Unit = "day"
	Week  Unit = "week"
	Month Unit = "month"
	Year  Unit = "year"
)

// Trigger is an event in the patient's life that makes an activity due.
type Trigger string

// The events that make an annual-wheel activity due. The framework's draft
// names collaboration meetings before elective admissions and before
// discharge from hospital (shared/seeds/001); the phase triggers let the
// wheel say what a yellow or red phase demands.
const (
	BeforeElectiveAdmission Trigger = "before-elective-admission" // due at the planned admission
	BeforeDischarge         Trigger = "before-discharge"          // due at the planned discharge, else WithinDays after admission
	AfterDischarge          Trigger = "after-discharge"           // due WithinDays after discharge
	OnYellow                Trigger = "phase-yellow"              // due WithinDays after the move to yellow
	OnRed                   Trigger = "phase-red"                 // due WithinDays after the move to red
)

// Triggers lists the triggers in a fixed order.
func Triggers() []Trigger {
	return []Trigger{BeforeElectiveAdmission, BeforeDischarge, AfterDischarge, OnYellow, OnRed}
}

// Valid reports whether t is a known trigger.
func (t Trigger) Valid() bool { return slices.Contains(Triggers(), t) }

// MinimumPackage lists the triggers every annual wheel must cover: the
// collaboration meetings before every elective admission and before every
// discharge that the framework names. Besides them the wheel needs at least
// one activity that recurs by the calendar (the evaluation meeting, say).
func MinimumPackage() []Trigger { return []Trigger{BeforeElectiveAdmission, BeforeDischarge} }

// MaxEvery bounds a calendar interval.
const MaxEvery = 1000

// Recurrence says when an activity is due: either by the calendar (Every
// Unit, from a first date) or on an event (On). One of the two, never both,
// and never neither: a recurrence that never fires is refused.
type Recurrence struct {
	Every int  `json:"every,omitempty"`
	Unit  Unit `json:"unit,omitempty" validate:"max=20"`
	// From is the first due time of a calendar recurrence. Without it the
	// first occurrence is one interval after the plan was agreed.
	From *time.Time `json:"from,omitempty"`
	// On is the event that makes the activity due.
	On Trigger `json:"on,omitempty" validate:"max=50"`
	// WithinDays is, for an event without a date of its own, how many days
	// after it the activity is due (0: at once).
	WithinDays int `json:"withinDays,omitempty"`
}

// Calendar reports whether r recurs by the calendar.
func (r Recurrence) Calendar() bool { return r.Every > 0 }

func (r Recurrence) equal(o Recurrence) bool {
	if (r.From == nil) != (o.From == nil) || (r.From != nil && !r.From.Equal(*o.From)) {
		return false
	}
	return r.Every == o.Every && r.Unit == o.Unit && r.On == o.On && r.WithinDays == o.WithinDays
}

func (r Recurrence) validate(field string) error {
	switch {
	case r.Every == 0 && r.On == "":
		return invalid(field, "never fires: give an interval (every N days, weeks, months or years) or an event",
			"slår aldri til: oppgi et intervall (hver N dag, uke, måned eller år) eller en hendelse",
			"slår aldri til: oppgi eit intervall (kvar N dag, veke, månad eller år) eller ei hending")
	case r.Every != 0 && r.On != "":
		return invalid(field, "is either by the calendar or on an event, not both", "er enten etter kalenderen eller ved en hendelse, ikke begge", "er anten etter kalenderen eller ved ei hending, ikkje begge")
	case r.Every < 0 || r.Every > MaxEvery:
		return invalid(field+".every", "must be between 1 and %d", "må være mellom 1 og %d", "må vere mellom 1 og %d", MaxEvery)
	case r.Every > 0 && !slices.Contains([]Unit{Day, Week, Month, Year}, r.Unit):
		return invalid(field+".unit", "must be day, week, month or year", "må være day, week, month eller year", "må vere day, week, month eller year")
	case r.On != "" && !r.On.Valid():
		return invalid(field+".on", "is not a known event", "er ikke en kjent hendelse", "er ikkje ei kjend hending")
	case r.On != "" && (r.Unit != "" || r.From != nil):
		return invalid(field+".unit", "an event-driven recurrence has no calendar unit or first date",
			"en hendelsesstyrt gjentakelse har ingen kalenderenhet eller første dato",
			"ei hendingsstyrt gjentaking har inga kalendereining eller første dato")
	case r.WithinDays < 0 || r.WithinDays > 365:
		return invalid(field+".withinDays", "must be between 0 and 365", "må være mellom 0 og 365", "må vere mellom 0 og 365")
	}
	return nil
}

// nth returns the n-th due time counted from base.
func (r Recurrence) nth(base time.Time, n int) time.Time {
	k := r.Every * n
	switch r.Unit {
	case Day:
		return base.AddDate(0, 0, k)
	case Week:
		return base.AddDate(0, 0, 7*k)
	case Month:
		return base.AddDate(0, k, 0)
	}
	return base.AddDate(k, 0, 0)
}

// longest is the longest the interval can be (a day of 25 hours, a month
// of 31 days, a leap year), so that skipping ahead never skips too far.
func (r Recurrence) longest() time.Duration {
	d := 25 * time.Hour
	switch r.Unit {
	case Week:
		d *= 7
	case Month:
		d = 31 * 24 * time.Hour
	case Year:
		d = 366 * 24 * time.Hour
	}
	return d * time.Duration(r.Every)
}

// Each calls yield with every due time of a calendar recurrence in
// [from, to), in order, until yield returns false. anchor is when the plan
// that holds the activity was agreed: without From, the first occurrence is
// one interval after it. Months are added as time.AddDate does (31 January
// plus one month is 3 March); give From on or before the 28th to avoid that.
func (r Recurrence) Each(anchor, from, to time.Time, yield func(time.Time) bool) {
	if !r.Calendar() {
		return
	}
	base, n := anchor, 1
	if r.From != nil {
		base, n = *r.From, 0
	}
	if gap := from.Sub(base); gap > 0 {
		// Skip ahead by an underestimate of the intervals that fit.
		if skip := n + int(gap/r.longest()) - 1; skip > n {
			n = skip
		}
	}
	for ; ; n++ {
		t := r.nth(base, n)
		if !t.Before(to) {
			return
		}
		if !t.Before(from) && !yield(t) {
			return
		}
	}
}
