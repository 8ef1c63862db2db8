package lkt

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/plan"
	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Mandate is element C as the appointment gives it: the role of
// coordinator and leader of the actor community, its authority to
// intervene, and its anchoring with the coordinator's line manager (report
// 7.1.3). What the coordinator is to do, in the community's own words, is
// not set here: the plan carries it (plan.Mandate, agreed with the plan;
// see AgreedMandate and the package documentation).
type Mandate struct {
	// MayIntervene is always true: the report requires that the
	// coordinator "has authority to intervene when one of the collaborating
	// parties does not do what was agreed". It is stored so that every
	// reader of the mandate sees it spelt out.
	MayIntervene bool `json:"mayIntervene"`
	// Competence lists the areas of competence the coordinator has, as
	// recorded at appointment (report 7.1.3, "Kompetansebehov og
	// opplæring"); it feeds the competence indicator of package quality.
	Competence []quality.Competence `json:"competence,omitempty"`
	// Anchoring is the line manager's acknowledgement
	// ("ledelsesforankring"); nil until given, and reset when the
	// coordinator changes.
	Anchoring *Anchoring `json:"anchoring,omitempty"`
	// AppointedAt is when the coordinator was appointed.
	AppointedAt time.Time `json:"appointedAt"`
}

// UnmarshalJSON reads a mandate, also as stored before the tasks moved to
// the plan: "agreedAt" was the appointment's time, and the appointment's
// "tasks" and "authority" are left behind — the plan's mandate replaces them.
func (m *Mandate) UnmarshalJSON(b []byte) error {
	type plain Mandate
	var v struct {
		plain
		AgreedAt *time.Time `json:"agreedAt"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = Mandate(v.plain)
	if m.AppointedAt.IsZero() && v.AgreedAt != nil {
		m.AppointedAt = *v.AgreedAt
	}
	return nil
}

// Anchoring records that the coordinator's line manager knows, asks for and
// acknowledges the mandate, so it is not "a post to be cut when all goes well".
type Anchoring struct {
	LineManager    LineManager `json:"lineManager"`
	AcknowledgedOn time.Time   `json:"acknowledgedOn"`
	RecordedBy     Principal   `json:"recordedBy"`
	// HoursPerMonth is the time the line manager sets aside for the role
	// ("skape mulighetsrom for utøvelse av rollen"), 0 if not stated.
	HoursPerMonth int `json:"hoursPerMonth,omitempty"`
}

// LineManager is the coordinator's line manager.
type LineManager struct {
	Name         string           `json:"name" validate:"required,max=200,name"`
	Title        string           `json:"title,omitempty" validate:"max=200"`
	Organisation string           `json:"organisation" validate:"required,max=200"`
	Contact      actormap.Contact `json:"contact"`
}

// Mandate returns the coordinator's mandate, if one was agreed.
func (c *Community) Mandate() (Mandate, bool) {
	if c.s.Mandate == nil {
		return Mandate{}, false
	}
	return c.s.Mandate.clone(), true
}

// AgreedMandate returns the coordinator's mandate as the parties agreed
// it — the two main tasks in the community's words, further tasks and
// authority — from the plan in force, with that revision's number. Before
// any plan is agreed there is none: the role is the framework's, with its
// two main tasks and the authority to intervene, as the line manager
// anchored it.
func (c *Community) AgreedMandate() (plan.Mandate, int, bool) {
	r, ok := plan.InForce(c.s.Plans)
	if !ok {
		return plan.Mandate{}, 0, false
	}
	return r.Clone().Plan.Sections.Roles.Mandate, r.No, true
}

func (m Mandate) clone() Mandate {
	m.Competence = slices.Clone(m.Competence)
	if m.Anchoring != nil {
		a := *m.Anchoring
		m.Anchoring = &a
	}
	return m
}

// AppointCoordinator makes a member coordinator and leader of the actor
// community. Any professional member can hold the role (in the fieldwork a
// municipal physiotherapist did). The appointment gives no task list: the
// role is the framework's — the two main tasks and the authority to
// intervene — until the community agrees its own words in the plan
// (plan.Mandate), which binds whoever holds the role.
type AppointCoordinator struct {
	MemberID actormap.ActorID `json:"memberId" validate:"required,max=200"`
	// Competence lists the coordinator's areas of competence, if known.
	Competence []quality.Competence `json:"competence,omitempty" validate:"max=4,dive,oneof=improvement coordination collaboration leadership"`
}

func (AppointCoordinator) CommandName() string { return "AppointCoordinator" }
func (AppointCoordinator) policy() policy      { return policy{who: patientSideOrPr} }

func (cmd AppointCoordinator) apply(c *Community, ch change) (EventData, error) {
	m, err := c.fitHolder(roles.CoordinatorLeader, cmd.MemberID, "memberId", ch.now, "")
	if err != nil {
		return nil, err
	}
	mandate := Mandate{MayIntervene: true, AppointedAt: ch.now, Competence: slices.Clone(cmd.Competence)}
	prev := c.s.Holders[roles.CoordinatorLeader]
	// A new appointment is anchored anew, with whoever manages the
	// coordinator now.
	c.s.Holders[roles.CoordinatorLeader] = m.ID
	c.filled(roles.CoordinatorLeader)
	c.s.Mandate = &mandate
	return CoordinatorAppointed{MemberID: m.ID, Previous: prev, Mandate: mandate.clone()}, nil
}

// AnchorMandate records the line manager's acknowledgement of the
// coordinator's role: the framework's two main tasks and the authority to
// intervene, given at appointment. It is needed to activate the community
// and before the coordinator acts on a deviation. The community's own words
// for the mandate come later, in the plan, which the line manager accepts
// as a party: so the agreed words are anchored with them too.
type AnchorMandate struct {
	LineManager    LineManager `json:"lineManager"`
	AcknowledgedOn time.Time   `json:"acknowledgedOn" validate:"required"`
	// HoursPerMonth is the time set aside for the role, if stated.
	HoursPerMonth int `json:"hoursPerMonth,omitempty" validate:"min=0,max=744"`
}

func (AnchorMandate) CommandName() string { return "AnchorMandate" }
func (AnchorMandate) policy() policy      { return policy{who: professionals} }

func (cmd AnchorMandate) apply(c *Community, ch change) (EventData, error) {
	if c.s.Mandate == nil {
		return nil, precondition("no-mandate", "appoint a coordinator with a mandate first", "utnevn først en koordinator med mandat",
			"utnemn først ein koordinator med mandat")
	}
	if cmd.AcknowledgedOn.After(ch.now) {
		return nil, invalid("acknowledgedOn", "lies in the future", "ligger fram i tid", "ligg fram i tid")
	}
	if cmd.AcknowledgedOn.Before(c.s.Mandate.AppointedAt.Add(-24 * time.Hour)) {
		return nil, &Error{Code: Invalid, Field: "acknowledgedOn", Message: roles.Labels{EN: "lies before the coordinator was appointed",
			NB: "ligger før koordinatoren ble utnevnt", NN: "ligg før koordinatoren vart utnemnd"}}
	}
	a := Anchoring{LineManager: cmd.LineManager, AcknowledgedOn: cmd.AcknowledgedOn.UTC(), RecordedBy: ch.by, HoursPerMonth: cmd.HoursPerMonth}
	c.s.Mandate.Anchoring = &a
	return MandateAnchored{Anchoring: a}, nil
}
