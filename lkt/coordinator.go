package lkt

import (
	"slices"
	"time"

	"github.com/lkt-rammeverk/go-lkt/lkt/actormap"
	"github.com/lkt-rammeverk/go-lkt/lkt/quality"
	"github.com/lkt-rammeverk/go-lkt/lkt/roles"
)

// Mandate is element C: what the coordinator and leader of the actor
// community is to do and may do, agreed in the community and anchored with
// the coordinator's line manager (report 7.1.3).
type Mandate struct {
	// Tasks are the coordinator's agreed tasks; at least one. The report's
	// two main tasks — central contact point for patient and relatives, and
	// leading the community's work — are the usual first two.
	Tasks []string `json:"tasks"`
	// Authority lists what the coordinator may decide, beyond the
	// intervention authority every mandate carries.
	Authority []string `json:"authority,omitempty"`
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
	AgreedAt  time.Time  `json:"agreedAt"`
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

func (m Mandate) clone() Mandate {
	m.Tasks = append([]string(nil), m.Tasks...)
	m.Authority = append([]string(nil), m.Authority...)
	m.Competence = slices.Clone(m.Competence)
	if m.Anchoring != nil {
		a := *m.Anchoring
		m.Anchoring = &a
	}
	return m
}

// AppointCoordinator makes a member coordinator and leader of the actor
// community with a mandate of at least one task. Any professional member
// can hold the role (in the fieldwork a municipal physiotherapist did).
type AppointCoordinator struct {
	MemberID  actormap.ActorID `json:"memberId" validate:"required,max=200"`
	Tasks     []string         `json:"tasks" validate:"min=1,max=50,dive,required,max=2000"`
	Authority []string         `json:"authority,omitempty" validate:"max=50,dive,required,max=2000"`
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
	mandate := Mandate{Tasks: append([]string(nil), cmd.Tasks...), Authority: append([]string(nil), cmd.Authority...),
		MayIntervene: true, AgreedAt: ch.now, Competence: slices.Clone(cmd.Competence)}
	prev := c.s.Holders[roles.CoordinatorLeader]
	// A new or revised mandate is anchored anew, with whoever manages the
	// coordinator now.
	c.s.Holders[roles.CoordinatorLeader] = m.ID
	c.filled(roles.CoordinatorLeader)
	c.s.Mandate = &mandate
	return CoordinatorAppointed{MemberID: m.ID, Previous: prev, Mandate: mandate.clone()}, nil
}

// AnchorMandate records the line manager's acknowledgement of the
// coordinator's mandate.
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
		return nil, precondition("no-mandate", "appoint a coordinator with a mandate first", "utnevn først en koordinator med mandat")
	}
	if cmd.AcknowledgedOn.After(ch.now) {
		return nil, invalid("acknowledgedOn", "lies in the future", "ligger fram i tid")
	}
	if cmd.AcknowledgedOn.Before(c.s.Mandate.AgreedAt.Add(-24 * time.Hour)) {
		return nil, invalid("acknowledgedOn", "lies before the mandate was agreed", "ligger før mandatet ble avtalt")
	}
	a := Anchoring{LineManager: cmd.LineManager, AcknowledgedOn: cmd.AcknowledgedOn.UTC(), RecordedBy: ch.by, HoursPerMonth: cmd.HoursPerMonth}
	c.s.Mandate.Anchoring = &a
	return MandateAnchored{Anchoring: a}, nil
}
