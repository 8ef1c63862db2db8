package lkt

import "time"

// Clock tells the domain what time it is. Nothing in go-lkt reads the wall
// clock: production passes ClockFunc(time.Now), tests a fixed clock.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// Config is what the domain needs from its surroundings.
type Config struct {
	// Clock stamps every event and decides ages, deadlines and dates.
	Clock Clock
	// AcceptSyntheticIDs accepts synthetic identity numbers (month + 80, as
	// Norwegian test environments issue them). Only for tests and demos:
	// with it off, a synthetic number is refused, so demo data can never be
	// mistaken for a real person's.
	AcceptSyntheticIDs bool

	// probe, set only by this package's tests, counts the consent states
	// computed, to show that a read at one instant computes each once.
	probe *probe
}

type probe struct{ consent int }

func (cfg Config) now() time.Time {
	if cfg.Clock == nil {
		panic("lkt: Config.Clock is nil; pass lkt.ClockFunc(time.Now) or a test clock")
	}
	return cfg.Clock.Now().UTC()
}

// day returns t's date at midnight UTC, for rules that speak in days.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ageOn returns the age in whole years on day at of someone born on birth.
func ageOn(birth, at time.Time) int {
	by, bm, bd := birth.Date()
	ay, am, ad := at.Date()
	age := ay - by
	if am < bm || (am == bm && ad < bd) {
		age--
	}
	return age
}
