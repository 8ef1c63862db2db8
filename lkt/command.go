package lkt

import (
	"time"
)

// Command is a change to a community. Each command is a plain struct whose
// tags declare its input rules; the domain adds the rules tags cannot say.
// The commands are defined in this package only, so every rule lives here.
type Command interface {
	// CommandName names the command in audit entries and events.
	CommandName() string
	// policy says who may issue the command and whether it needs consent.
	policy() policy
	// apply checks the command's rules against the community and, only if
	// they all hold, changes the state and returns the event to record.
	apply(c *Community, ch change) (EventData, error)
}

// change is the context of one command.
type change struct {
	by       Principal
	standing Standing
	now      time.Time
}

// Do applies cmd as principal by. It validates the input, checks that by may
// issue it and that consent covers it, applies it and records its event. On
// any error nothing has changed.
//
// The checks run in this order — who asks, consent, lifecycle, input — so
// that someone outside the community learns nothing from the answer.
func (c *Community) Do(by Principal, cmd Command) error { return c.doAt(by, cmd, c.cfg.now()) }

// doAt is Do at instant now.
func (c *Community) doAt(by Principal, cmd Command, now time.Time) error {
	c.savedJSON = nil // the state is about to change
	by = c.known(by, now)
	if err := c.authorize(by, cmd.policy(), now); err != nil {
		return err
	}
	if c.s.Status == Closed {
		return precondition("community-closed", "the community is closed; nothing more can be changed",
			"aktørfellesskapet er avsluttet; ingenting mer kan endres",
			"aktørfellesskapet er avslutta; ingenting meir kan endrast")
	}
	if err := validate(cmd, c.cfg.AcceptSyntheticIDs); err != nil {
		return err
	}
	data, err := cmd.apply(c, change{by: by, standing: c.StandingOf(by, now), now: now})
	if err != nil {
		return err
	}
	c.record(by, now, data)
	return nil
}
